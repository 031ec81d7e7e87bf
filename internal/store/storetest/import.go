package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/google/go-cmp/cmp"
)

func testImportCreatesThenUpdates(t *testing.T, s store.Store) {
	ctx := t.Context()
	res := mustImport(t, s, bundle(
		episode("one", day(3), topics("ai"), authors("lovelace"), inSeries("basics", 1), legacy("/en/old-one/", "/fr/vieux-un/")),
		episode("two", day(2)),
	))
	want := store.ImportResult{Topics: 4, Authors: 2, Series: 2, EpisodesCreated: 2, Redirects: 2}
	if res != want {
		t.Errorf("first import = %+v; want %+v", res, want)
	}
	one := mustBySlug(t, s, en, "one-en")
	tids := topicIDs(t, s)

	b := bundle(
		episode("one", day(3), topics("data"), authors("babbage"), inSeries("basics", 1)),
		episode("two", day(2)),
		episode("three", day(1)),
	)
	b.Topics[0].Names.EN = "AI"
	b.Episodes[0].Versions[en].Summary = "New summary"
	res = mustImport(t, s, b)
	want = store.ImportResult{Topics: 4, Authors: 2, Series: 2, EpisodesCreated: 1, EpisodesUpdated: 2}
	if res != want {
		t.Errorf("second import = %+v; want %+v", res, want)
	}

	one2 := mustByID(t, s, one.ID)
	if one2.Key != "one" || one2.Version(en).Summary != "New summary" {
		t.Errorf("updated episode: key %q summary %q", one2.Key, one2.Version(en).Summary)
	}
	if got := topicKeys(one2.Topics); !slices.Equal(got, []string{"data"}) {
		t.Errorf("updated topics = %q; want [data]", got)
	}
	if got := authorKeys(one2.Authors); !slices.Equal(got, []string{"babbage"}) {
		t.Errorf("updated authors = %q; want [babbage]", got)
	}
	ts, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 4 || ts[0].Key != "ai" || ts[0].Names.EN != "AI" || ts[0].ID != tids["ai"] {
		t.Errorf("topics after update = %+v; want 4 with ai renamed to AI and id %d kept", ts, tids["ai"])
	}
	wantList(t, s, store.EpisodeQuery{Lang: en}, 3, "three", "two", "one")
	// The redirects of the first import are still there.
	if id, lang, err := s.Redirect(ctx, "/fr/vieux-un"); err != nil || id != one.ID || lang != fr {
		t.Errorf("Redirect after re-import = %d, %q, %v; want %d, fr", id, lang, err, one.ID)
	}
}

func testImportAllOrNothing(t *testing.T, s store.Store) {
	ctx := t.Context()
	snapshot := func() (any, int64) {
		ts, err := s.Topics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		as, err := s.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := s.SeriesList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p := mustList(t, s, store.EpisodeQuery{Lang: en, Now: now.Add(1000 * time.Hour)})
		n, err := s.Notice(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return []any{ts, as, ss, keys(p.Episodes), p.Total, n}, generation(t, s)
	}
	bad := []struct {
		name string
		o    opt
		msg  string
	}{
		{"unknown topic", topics("ai", "nope"), `unknown topic "nope"`},
		{"unknown author", authors("nope"), `unknown author "nope"`},
		{"unknown series", inSeries("nope", 1), `unknown series "nope"`},
	}
	badBundle := func(o opt) *content.Bundle {
		b := bundle(episode("fresh", day(1)), episode("bad", day(1), o), episode("after", day(1)))
		b.Topics = append([]content.Topic{topic("new-topic", "New topic", "Nouveau sujet")}, b.Topics...)
		b.Topics[1].Names.EN = "Changed"
		b.Authors = append(b.Authors, author("new-author", "New Author"))
		b.Series = append(b.Series, series("new-series", "New series", "Nouvelle série"))
		return b
	}

	// On an empty store: nothing at all is stored.
	before, gen := snapshot()
	_, err := s.ImportBundle(ctx, badBundle(topics("nope")), now)
	if err == nil {
		t.Fatal("import of an episode with an unknown topic succeeded")
	}
	wantItemError(t, err, "episode", "bad")
	after, gen2 := snapshot()
	if d := cmp.Diff(before, after); d != "" || gen2 != gen {
		t.Errorf("failed import changed the empty store (generation %d → %d) (-before +after):\n%s", gen, gen2, d)
	}
	if ts, _ := s.Topics(ctx); len(ts) != 0 {
		t.Errorf("topics listed before the bad episode were stored: %d", len(ts))
	}

	// On a store with content: nothing changes.
	mustImport(t, s, bundle(episode("kept", day(2))))
	before, gen = snapshot()
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ImportBundle(ctx, badBundle(tc.o), now)
			if err == nil {
				t.Fatal("import succeeded")
			}
			ie := wantItemError(t, err, "episode", "bad")
			if !strings.Contains(ie.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", ie.Error(), tc.msg)
			}
			after, gen2 := snapshot()
			if d := cmp.Diff(before, after); d != "" || gen2 != gen {
				t.Errorf("failed import changed the store (generation %d → %d) (-before +after):\n%s", gen, gen2, d)
			}
			_, err = s.EpisodeBySlug(ctx, en, "fresh-en", now)
			wantNotFound(t, err, "episode listed before the bad one")
		})
	}
}

// testImportCanceled cancels a long import (many episodes with the same
// title, so slug numbering runs many queries): it must return promptly with
// an error and store nothing.
func testImportCanceled(t *testing.T, s store.Store) {
	// Imports check their context at every step (database/sql and the
	// drivers do). Count the checks of a one-episode import…
	first := newCountingContext(t.Context(), 0)
	if _, err := s.ImportBundle(first, bundle(episode("kept", day(1))), now); err != nil {
		t.Fatal(err)
	}
	gen := generation(t, s)
	var eps []content.Episode
	for i := range 400 {
		eps = append(eps, episode(fmt.Sprintf("c%03d", i), day(2), titled("Same title", "Même titre")))
	}
	// …and cancel this 400-episode import after fifty times as many: in the
	// middle of its transaction, however fast or busy the machine.
	ctx := newCountingContext(t.Context(), 50*first.checks())
	done := make(chan error, 1)
	go func() {
		_, err := s.ImportBundle(ctx, bundle(eps...), now)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the import finished although its context was canceled while it ran")
		}
		if !errors.Is(err, context.Canceled) {
			t.Logf("canceled import: %v", err)
		}
	case <-time.After(time.Minute): // a hang, not a slow machine
		t.Fatal("ImportBundle did not return within a minute of its context being canceled")
	}
	wantList(t, s, store.EpisodeQuery{Lang: en}, 1, "kept")
	if g := generation(t, s); g != gen {
		t.Errorf("canceled import changed the generation %d → %d", gen, g)
	}
}

func testSlugs(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("a", day(4), titled("Same title", "Premier titre")),
		episode("b", day(3), titled("Same title", "Deuxième titre")),
		episode("c", day(2), titled("Other", "Same title")),
		episode("d", day(1), titled("L’Œuvre d’art : « Été » !", "🚌 🚌")),
	))
	check := func(lang content.Lang, slug, key string) {
		t.Helper()
		e, err := s.EpisodeBySlug(ctx, lang, slug, now)
		if err != nil {
			t.Errorf("EpisodeBySlug(%s, %q): %v; want episode %q", lang, slug, err, key)
			return
		}
		if e.Key != key || e.Version(lang).Slug != slug {
			t.Errorf("EpisodeBySlug(%s, %q) = %q with slug %q; want %q", lang, slug, e.Key, e.Version(lang).Slug, key)
		}
	}
	check(en, "same-title", "a")
	check(en, "same-title-2", "b")
	check(fr, "premier-titre", "a")
	check(fr, "deuxieme-titre", "b")
	check(en, "other", "c")
	check(fr, "same-title", "c") // the same slug in the other language, another episode
	check(en, "loeuvre-dart-ete", "d")
	check(fr, "d", "d") // nothing usable in the title: the key

	// Re-importing in another order keeps the slugs; a new one numbers on.
	mustImport(t, s, bundle(
		episode("e", day(1), titled("Same title", "Same title")),
		episode("b", day(3), titled("Same title", "Deuxième titre")),
		episode("a", day(4), titled("Same title", "Premier titre")),
	))
	check(en, "same-title", "a")
	check(en, "same-title-2", "b")
	check(en, "same-title-3", "e")
	check(fr, "same-title", "c")
	check(fr, "same-title-2", "e")

	// An explicit slug another episode uses in that language is refused.
	_, err := s.ImportBundle(ctx, bundle(episode("f", day(1), slugged(en, "same-title"))), now)
	wantItemError(t, err, "episode", "f")
	if !errors.Is(err, sqldb.ErrSlugTaken) || !errors.Is(err, content.ErrConflict) {
		t.Errorf("err = %v; want ErrSlugTaken and content.ErrConflict", err)
	}
	// An explicit slug free in that language is kept as given.
	mustImport(t, s, bundle(episode("g", day(1), slugged(en, "premier-titre"), slugged(fr, "other"))))
	check(en, "premier-titre", "g")
	check(fr, "other", "g")
}

func testPublishedSlugStable(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(episode("p", day(1), titled("First title", "Premier titre"))))
	id := mustBySlug(t, s, en, "first-title").ID
	mustImport(t, s, bundle(episode("p", day(1), titled("Second title", "Deuxième titre"))))
	e := mustByID(t, s, id)
	if slugOf(t, e, en) != "first-title" || slugOf(t, e, fr) != "premier-titre" {
		t.Errorf("slugs after a title change = %q, %q; want first-title, premier-titre", slugOf(t, e, en), slugOf(t, e, fr))
	}
	if e.Version(en).Title != "Second title" || e.Version(fr).Title != "Deuxième titre" {
		t.Errorf("titles = %q, %q; want the new ones", e.Version(en).Title, e.Version(fr).Title)
	}
	if got := mustBySlug(t, s, fr, "premier-titre"); got.ID != id {
		t.Errorf("old fr slug finds %d; want %d", got.ID, id)
	}
	_, err := s.EpisodeBySlug(t.Context(), en, "second-title", now)
	wantNotFound(t, err, "slug of the new title")
}

func testPublishedSlugChangeRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("p", day(1), titled("First title", "Premier titre"))))
	gen := generation(t, s)
	_, err := s.ImportBundle(ctx, bundle(episode("p", day(1), titled("Changed", "Changé"), slugged(en, "new-slug"))), now)
	wantItemError(t, err, "episode", "p")
	if !errors.Is(err, sqldb.ErrSlugChanged) || !errors.Is(err, content.ErrConflict) {
		t.Errorf("err = %v; want ErrSlugChanged and content.ErrConflict", err)
	}
	e := mustBySlug(t, s, en, "first-title")
	if e.Version(en).Title != "First title" || e.Version(fr).Title != "Premier titre" {
		t.Errorf("refused import changed titles to %q, %q", e.Version(en).Title, e.Version(fr).Title)
	}
	if g := generation(t, s); g != gen {
		t.Errorf("refused import bumped generation %d → %d", gen, g)
	}
	_, err = s.EpisodeBySlug(ctx, en, "new-slug", now)
	wantNotFound(t, err, "refused slug")

	// Repeating the slug it has is fine.
	mustImport(t, s, bundle(episode("p", day(1), titled("Third", "Troisième"), slugged(en, "first-title"))))
	e = mustBySlug(t, s, en, "first-title")
	if e.Version(en).Title != "Third" || slugOf(t, e, fr) != "premier-titre" {
		t.Errorf("after re-import with same slug: title %q, fr slug %q", e.Version(en).Title, slugOf(t, e, fr))
	}
}

func testDraftSlugFollowsTitle(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(episode("w", time.Time{}, draft, withID("w"), titled("Working title", "Titre provisoire"))))
	id := idOf(t, s, "w")
	e := mustByID(t, s, id)
	if slugOf(t, e, en) != "working-title" || slugOf(t, e, fr) != "titre-provisoire" {
		t.Fatalf("draft slugs = %q, %q", slugOf(t, e, en), slugOf(t, e, fr))
	}
	mustImport(t, s, bundle(episode("w", time.Time{}, draft, titled("Final title", "Titre final"))))
	e = mustByID(t, s, id)
	if slugOf(t, e, en) != "final-title" || slugOf(t, e, fr) != "titre-final" {
		t.Errorf("draft slugs after title change = %q, %q; want final-title, titre-final", slugOf(t, e, en), slugOf(t, e, fr))
	}
	// The draft's old slug is free again.
	mustImport(t, s, bundle(episode("x", day(2), titled("Working title", "Autre"))))
	if got := slugOf(t, mustBySlug(t, s, en, "working-title"), en); got != "working-title" {
		t.Errorf("freed slug = %q", got)
	}
	// Published, the slug stays put.
	mustImport(t, s, bundle(episode("w", day(1), titled("Final title", "Titre final"))))
	mustImport(t, s, bundle(episode("w", day(1), titled("Renamed", "Renommé"))))
	e = mustByID(t, s, id)
	if slugOf(t, e, en) != "final-title" || slugOf(t, e, fr) != "titre-final" || e.Version(en).Title != "Renamed" {
		t.Errorf("published slugs = %q, %q, title %q; want final-title, titre-final, Renamed", slugOf(t, e, en), slugOf(t, e, fr), e.Version(en).Title)
	}
}

func testRemoveLanguageVersion(t *testing.T, s store.Store) {
	ctx := t.Context()
	withLinks := func(e *content.Episode) {
		e.Versions[fr].LearnMore = []content.Link{{Label: "Un", URL: "https://example.ca/un"}, {Label: "Deux", URL: "https://example.ca/deux"}}
	}
	mustImport(t, s, bundle(episode("r", day(1), withLinks)))
	id := mustBySlug(t, s, fr, "r-fr").ID
	mustImport(t, s, bundle(episode("r", day(1), only(en))))
	e := mustByID(t, s, id)
	if len(e.Versions) != 1 || e.Version(en) == nil {
		t.Errorf("versions after removing fr = %v; want en only", slices.Collect(mapKeys(e.Versions)))
	}
	_, err := s.EpisodeBySlug(ctx, fr, "r-fr", now)
	wantNotFound(t, err, "removed version")
	wantList(t, s, store.EpisodeQuery{Lang: fr}, 0)
	wantList(t, s, store.EpisodeQuery{Lang: en}, 1, "r")

	// Adding it back works, without the old links.
	mustImport(t, s, bundle(episode("r", day(1))))
	e = mustBySlug(t, s, fr, "r-fr")
	if e.ID != id || len(e.Version(fr).LearnMore) != 0 {
		t.Errorf("re-added version: id %d (want %d), links %v", e.ID, id, e.Version(fr).LearnMore)
	}
}

// countingContext counts how often it is asked for its Done channel, and
// cancels itself on the cancelAt-th time (0: never).
type countingContext struct {
	context.Context
	cancel   context.CancelFunc
	mu       sync.Mutex
	n        int
	cancelAt int
}

func newCountingContext(parent context.Context, cancelAt int) *countingContext {
	ctx, cancel := context.WithCancel(parent)
	return &countingContext{Context: ctx, cancel: cancel, cancelAt: cancelAt}
}

func (c *countingContext) Done() <-chan struct{} {
	c.mu.Lock()
	if c.n++; c.n == c.cancelAt {
		c.cancel()
	}
	c.mu.Unlock()
	return c.Context.Done()
}

func (c *countingContext) checks() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
