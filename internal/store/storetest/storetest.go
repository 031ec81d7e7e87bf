// Package storetest is the conformance suite of store.Store: every
// implementation (SQLite and PostgreSQL) runs the same tests through Run,
// so that the two databases behave the same for the application.
package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/testutil"
)

const (
	en = content.English
	fr = content.French
)

// Run runs the suite. open must return a new, empty, migrated store for the
// test it is given; Run closes it when the test ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ImportCreatesThenUpdates", testImportCreatesThenUpdates},
		{"ImportAllOrNothing", testImportAllOrNothing},
		{"ImportCanceled", testImportCanceled},
		{"SlugDerivationAndUniqueness", testSlugs},
		{"PublishedSlugStable", testPublishedSlugStable},
		{"PublishedSlugChangeRefused", testPublishedSlugChangeRefused},
		{"DraftSlugFollowsTitle", testDraftSlugFollowsTitle},
		{"RemoveLanguageVersion", testRemoveLanguageVersion},
		{"EpisodesLiveOnly", testEpisodesLiveOnly},
		{"EpisodesLanguage", testEpisodesLanguage},
		{"EpisodesFilters", testEpisodesFilters},
		{"EpisodesSeriesOrder", testEpisodesSeriesOrder},
		{"EpisodesOrderAndPagination", testEpisodesOrderAndPagination},
		{"EpisodeBySlug", testEpisodeBySlug},
		{"EpisodeByID", testEpisodeByID},
		{"RelatedEpisodes", testRelatedEpisodes},
		{"Taxonomy", testTaxonomy},
		{"Redirect", testRedirect},
		{"Notice", testNotice},
		{"Feedback", testFeedback},
		{"Generation", testGeneration},
		{"TimesUTC", testTimesUTC},
		{"Unicode", testUnicode},
		{"SQLInjection", testSQLInjection},
		{"ConcurrentFeedback", testConcurrentFeedback},
		{"Search", testSearch},
		{"Staff", testStaff},
		{"FeedbackInbox", testFeedbackInbox},
		{"Invitations", testInvitations},
		{"Media", testMedia},
		{"MediaUses", testMediaUses},
		{"TaxonomyAdmin", testTaxonomyAdmin},
		{"PathRedirects", testPathRedirects},
		{"SiteTitle", testSiteTitle},
		{"Editing", testEditing},
		{"Glossary", testGlossary},
	}
	tests = append(tests, workflowTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			t.Cleanup(func() {
				unstampedSearchChanges(t, s)
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// ---- helpers ----

// unstampedSearchChanges fails the test when a committed transaction
// recorded search changes without bumping the generation after them:
// other servers would not see those changes (sqldb/search_mem.go).
func unstampedSearchChanges(t *testing.T, s store.Store) {
	t.Helper()
	db := sqlOf(s)
	if db == nil {
		return
	}
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM search_changes WHERE gen IS NULL`).Scan(&n); err != nil {
		t.Errorf("search changes: %v", err)
	} else if n != 0 {
		t.Errorf("%d search changes left without a generation: a transaction indexed without bumping the generation after", n)
	}
}

func mustImport(t *testing.T, s store.Store, b *content.Bundle) store.ImportResult {
	t.Helper()
	res, err := s.ImportBundle(t.Context(), b, now)
	if err != nil {
		t.Fatalf("ImportBundle: %v", err)
	}
	return res
}

func mustBySlug(t *testing.T, s store.Store, lang content.Lang, slug string) *content.Episode {
	t.Helper()
	e, err := s.EpisodeBySlug(t.Context(), lang, slug, now)
	if err != nil {
		t.Fatalf("EpisodeBySlug(%s, %q): %v", lang, slug, err)
	}
	return e
}

func mustByID(t *testing.T, s store.Store, id int64) *content.Episode {
	t.Helper()
	e, err := s.EpisodeByID(t.Context(), id)
	if err != nil {
		t.Fatalf("EpisodeByID(%d): %v", id, err)
	}
	return e
}

// idOf finds an episode whatever its status through a legacy path
// "/id/<key>" that the test gave it.
func idOf(t *testing.T, s store.Store, key string) int64 {
	t.Helper()
	id, _, err := s.Redirect(t.Context(), "/id/"+key)
	if err != nil {
		t.Fatalf("Redirect(/id/%s): %v", key, err)
	}
	return id
}

func withID(key string) opt { return legacy("/id/" + key) }

func mustList(t *testing.T, s store.Store, q store.EpisodeQuery) store.EpisodePage {
	t.Helper()
	if q.Now.IsZero() {
		q.Now = now
	}
	p, err := s.Episodes(t.Context(), q)
	if err != nil {
		t.Fatalf("Episodes(%+v): %v", q, err)
	}
	return p
}

// wantList checks the keys (in order) and total of a listing.
func wantList(t *testing.T, s store.Store, q store.EpisodeQuery, total int, want ...string) {
	t.Helper()
	p := mustList(t, s, q)
	if got := keys(p.Episodes); !slices.Equal(got, want) || p.Total != total {
		t.Errorf("Episodes(lang=%s kind=%q topic=%d author=%d series=%d limit=%d offset=%d now=%s) = %q total %d; want %q total %d",
			q.Lang, q.Kind, q.TopicID, q.AuthorID, q.SeriesID, q.Limit, q.Offset, q.Now.Format(time.RFC3339), got, p.Total, want, total)
	}
}

func wantNotFound(t *testing.T, err error, what string) {
	t.Helper()
	if !errors.Is(err, content.ErrNotFound) {
		t.Errorf("%s: err = %v; want content.ErrNotFound", what, err)
	}
}

func wantItemError(t *testing.T, err error, kind, key string) *sqldb.ItemError {
	t.Helper()
	var ie *sqldb.ItemError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v (%T); want *sqldb.ItemError", err, err)
	}
	if ie.Kind != kind || ie.Key != key {
		t.Errorf("ItemError = %s %q; want %s %q (%v)", ie.Kind, ie.Key, kind, key, err)
	}
	return ie
}

func generation(t *testing.T, s store.Store) int64 {
	t.Helper()
	g, err := s.Generation(t.Context())
	if err != nil {
		t.Fatalf("Generation: %v", err)
	}
	return g
}

func topicIDs(t *testing.T, s store.Store) map[string]int64 {
	t.Helper()
	ts, err := s.Topics(t.Context())
	if err != nil {
		t.Fatalf("Topics: %v", err)
	}
	m := map[string]int64{}
	for _, x := range ts {
		m[x.Key] = x.ID
	}
	return m
}

func authorIDs(t *testing.T, s store.Store) map[string]int64 {
	t.Helper()
	as, err := s.Authors(t.Context())
	if err != nil {
		t.Fatalf("Authors: %v", err)
	}
	m := map[string]int64{}
	for _, x := range as {
		m[x.Key] = x.ID
	}
	return m
}

func seriesIDs(t *testing.T, s store.Store) map[string]int64 {
	t.Helper()
	ss, err := s.SeriesList(t.Context())
	if err != nil {
		t.Fatalf("SeriesList: %v", err)
	}
	m := map[string]int64{}
	for _, x := range ss {
		m[x.Key] = x.ID
	}
	return m
}

func slugOf(t *testing.T, e *content.Episode, lang content.Lang) string {
	t.Helper()
	v := e.Version(lang)
	if v == nil {
		t.Fatalf("episode %q has no %s version", e.Key, lang)
	}
	return v.Slug
}

func topicKeys(ts []content.Topic) []string {
	out := make([]string, len(ts))
	for i, x := range ts {
		out[i] = x.Key
	}
	return out
}

func authorKeys(as []content.Author) []string {
	out := make([]string, len(as))
	for i, x := range as {
		out[i] = x.Key
	}
	return out
}

// ---- import ----

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
	mustImport(t, s, bundle(episode("kept", day(1))))
	gen := generation(t, s)
	var eps []content.Episode
	for i := range 400 {
		eps = append(eps, episode(fmt.Sprintf("c%03d", i), day(2), titled("Same title", "Même titre")))
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.ImportBundle(ctx, bundle(eps...), now)
		done <- err
	}()
	time.Sleep(30 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Log("the import finished before it was canceled")
			wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 1}, 401, "kept")
			return
		}
		if !errors.Is(err, context.Canceled) {
			t.Logf("canceled import: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("ImportBundle did not return within 15 s of its context being canceled")
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

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ---- listings ----

func testEpisodesLiveOnly(t *testing.T, s store.Store) {
	future := now.Add(time.Hour)
	mustImport(t, s, bundle(
		episode("past", day(2)),
		episode("future", future),
		episode("draft", day(3), draft),
		episode("exact", now),
		episode("nodate", time.Time{}),
	))
	wantList(t, s, store.EpisodeQuery{Lang: en}, 2, "exact", "past")
	wantList(t, s, store.EpisodeQuery{Lang: fr}, 2, "exact", "past")
	wantList(t, s, store.EpisodeQuery{Lang: en, Now: future}, 3, "future", "exact", "past")
	wantList(t, s, store.EpisodeQuery{Lang: en, Now: day(2).Add(-time.Second)}, 0)
}

func testEpisodesLanguage(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(
		episode("enonly", day(1), only(en)),
		episode("both", day(2)),
		episode("fronly", day(3), only(fr)),
	))
	wantList(t, s, store.EpisodeQuery{Lang: en}, 2, "enonly", "both")
	wantList(t, s, store.EpisodeQuery{Lang: fr}, 2, "both", "fronly")
}

func testEpisodesFilters(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(
		episode("r1", day(1), kind(content.Read), topics("ai", "data"), authors("lovelace")),
		episode("l1", day(2), kind(content.Listen), topics("data"), authors("babbage")),
		episode("w1", day(3), kind(content.Watch), topics("privacy"), authors("lovelace", "babbage")),
		episode("l2", day(4), kind(content.Listen), topics("ai"), authors("lovelace")),
		episode("l3", day(5), kind(content.Listen), topics("ai"), authors("lovelace"), only(fr)),
		episode("ld", day(1), kind(content.Listen), topics("ai"), authors("lovelace"), draft),
	))
	tid, aid := topicIDs(t, s), authorIDs(t, s)
	wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Listen}, 2, "l1", "l2")
	wantList(t, s, store.EpisodeQuery{Lang: fr, Kind: content.Listen}, 3, "l1", "l2", "l3")
	wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Watch}, 1, "w1")
	wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Read}, 1, "r1")
	wantList(t, s, store.EpisodeQuery{Lang: en, TopicID: tid["ai"]}, 2, "r1", "l2")
	wantList(t, s, store.EpisodeQuery{Lang: en, TopicID: tid["data"]}, 2, "r1", "l1")
	wantList(t, s, store.EpisodeQuery{Lang: en, TopicID: tid["security"]}, 0)
	wantList(t, s, store.EpisodeQuery{Lang: en, TopicID: 987654}, 0)
	wantList(t, s, store.EpisodeQuery{Lang: en, AuthorID: aid["lovelace"]}, 3, "r1", "w1", "l2")
	wantList(t, s, store.EpisodeQuery{Lang: en, AuthorID: aid["babbage"]}, 2, "l1", "w1")
	wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Listen, TopicID: tid["ai"], AuthorID: aid["lovelace"]}, 1, "l2")
	wantList(t, s, store.EpisodeQuery{Lang: fr, Kind: content.Listen, TopicID: tid["ai"], AuthorID: aid["lovelace"]}, 2, "l2", "l3")
	wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Listen, AuthorID: aid["lovelace"], Limit: 1}, 1, "l2")
}

func testEpisodesSeriesOrder(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(
		episode("s1", day(1), inSeries("basics", 3)),
		episode("s2", day(5), inSeries("basics", 1)),
		episode("s3", day(3), inSeries("basics", 2)),
		episode("s4", day(2), inSeries("advanced", 1)),
		episode("s5", day(2), inSeries("basics", 4), draft),
		episode("s6", day(2), inSeries("basics", 5), only(fr)),
		episode("none", day(1)),
	))
	sid := seriesIDs(t, s)
	wantList(t, s, store.EpisodeQuery{Lang: en, SeriesID: sid["basics"]}, 3, "s2", "s3", "s1")
	wantList(t, s, store.EpisodeQuery{Lang: fr, SeriesID: sid["basics"]}, 4, "s2", "s3", "s1", "s6")
	wantList(t, s, store.EpisodeQuery{Lang: en, SeriesID: sid["basics"], Limit: 2, Offset: 1}, 3, "s3", "s1")
	wantList(t, s, store.EpisodeQuery{Lang: en, SeriesID: sid["advanced"]}, 1, "s4")
	e := mustBySlug(t, s, en, "s1-en")
	if e.Series == nil || e.Series.Series.Key != "basics" || e.Series.Position != 3 || e.Series.Series.ID != sid["basics"] {
		t.Errorf("series of s1 = %+v; want basics at 3", e.Series)
	}
	if e := mustBySlug(t, s, en, "none-en"); e.Series != nil {
		t.Errorf("episode outside any series has Series %+v", e.Series)
	}
	// Leaving the series on re-import.
	mustImport(t, s, bundle(episode("s1", day(1))))
	wantList(t, s, store.EpisodeQuery{Lang: en, SeriesID: sid["basics"]}, 2, "s2", "s3")
}

func testEpisodesOrderAndPagination(t *testing.T, s store.Store) {
	var eps []content.Episode
	// Two episodes published at the same instant: the later-created first.
	eps = append(eps, episode("t1", day(10)), episode("t2", day(10)))
	for i := 5; i >= 1; i-- {
		eps = append(eps, episode(fmt.Sprintf("e%d", 6-i), day(i)))
	}
	mustImport(t, s, bundle(eps...))
	all := []string{"e5", "e4", "e3", "e2", "e1", "t2", "t1"}
	wantList(t, s, store.EpisodeQuery{Lang: en}, 7, all...)
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 3}, 7, all[0:3]...)
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 3, Offset: 3}, 7, all[3:6]...)
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 3, Offset: 6}, 7, all[6:]...)
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 3, Offset: 7}, 7)
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 3, Offset: 100}, 7)
	wantList(t, s, store.EpisodeQuery{Lang: fr, Limit: 100}, 7, all...)
}

// ---- single episodes ----

func testEpisodeBySlug(t *testing.T, s store.Store) {
	ctx := t.Context()
	future := now.Add(time.Hour)
	mustImport(t, s, bundle(
		episode("live", day(1), topics("privacy", "ai"), authors("babbage", "lovelace"), inSeries("basics", 2)),
		episode("dr", day(1), draft),
		episode("fut", future),
		episode("nodate", time.Time{}),
	))
	e := mustBySlug(t, s, en, "live-en")
	if e.Key != "live" || len(e.Versions) != 2 || slugOf(t, e, fr) != "live-fr" || e.Version(fr).Title != "live fr" {
		t.Errorf("EpisodeBySlug(en, live-en) = %q with %d versions", e.Key, len(e.Versions))
	}
	if got := topicKeys(e.Topics); !slices.Equal(got, []string{"privacy", "ai"}) {
		t.Errorf("topics = %q; want [privacy ai] (bundle order)", got)
	}
	if got := authorKeys(e.Authors); !slices.Equal(got, []string{"babbage", "lovelace"}) {
		t.Errorf("authors = %q; want [babbage lovelace] (bundle order)", got)
	}
	if e.Series == nil || e.Series.Series.Key != "basics" || e.Series.Series.Titles.FR != "Notions de données" || e.Series.Position != 2 {
		t.Errorf("series = %+v; want basics at 2", e.Series)
	}
	if e2 := mustBySlug(t, s, fr, "live-fr"); e2.ID != e.ID {
		t.Errorf("fr slug finds %d; want %d", e2.ID, e.ID)
	}
	for _, c := range []struct {
		lang content.Lang
		slug string
	}{
		{fr, "live-en"}, {en, "live-fr"}, {en, "dr-en"}, {fr, "dr-fr"}, {en, "fut-en"}, {en, "nodate-en"},
		{en, "nope"}, {en, ""}, {en, "LIVE-EN"}, {"de", "live-en"},
	} {
		_, err := s.EpisodeBySlug(ctx, c.lang, c.slug, now)
		wantNotFound(t, err, fmt.Sprintf("EpisodeBySlug(%s, %q)", c.lang, c.slug))
	}
	if e := mustList(t, s, store.EpisodeQuery{Lang: en, Now: future}); e.Total != 2 {
		t.Errorf("at publication time the future episode is not live: total %d", e.Total)
	}
	if e, err := s.EpisodeBySlug(ctx, en, "fut-en", future); err != nil || e.Key != "fut" {
		t.Errorf("EpisodeBySlug(fut-en) at its publication time = %v, %v", e, err)
	}
}

func testEpisodeByID(t *testing.T, s store.Store) {
	importedAt := day(1)
	full := func() content.Episode {
		e := episode("full", time.Time{}, draft, kind(content.Listen), withID("full"),
			topics("security", "ai"), authors("babbage", "lovelace"), inSeries("advanced", 7))
		v := e.Versions[en]
		v.Image = content.Image{URL: "/media/bus.jpg", Alt: "A bus", Caption: "Route 95"}
		v.LearnMore = []content.Link{
			{Label: "Third is first", URL: "https://example.ca/3"},
			{Label: "Alpha", URL: "https://example.ca/1"},
			{Label: "Beta", URL: "https://example.ca/2"},
		}
		v.Transcript, v.TranscriptHTML = "Hello *all*", "<p>Hello <em>all</em></p>"
		v.MediaURL, v.MediaType, v.MediaSeconds, v.WordCount = "/media/full.mp3", "audio/mpeg", 754, 321
		v = e.Versions[fr]
		v.Image = content.Image{URL: "/media/bus.jpg", Alt: "Un autobus", Caption: "Ligne 95"}
		v.LearnMore = []content.Link{{Label: "Zèbre", URL: "https://example.ca/z"}, {Label: "Âne", URL: "https://example.ca/a"}}
		v.Transcript, v.TranscriptHTML = "Bonjour", "<p>Bonjour</p>"
		v.MediaURL, v.MediaType, v.MediaSeconds, v.WordCount = "/media/full-fr.mp3", "audio/mpeg", 801, 345
		return e
	}
	b := bundle(full(),
		episode("pub", day(10), withID("pub")),
		episode("mod", day(10), withID("mod"), func(e *content.Episode) { e.ModifiedAt = day(4) }))
	if _, err := s.ImportBundle(t.Context(), b, importedAt); err != nil {
		t.Fatal(err)
	}
	id := idOf(t, s, "full")
	got := mustByID(t, s, id)

	want := full()
	for _, l := range content.Langs {
		want.Versions[l].EpisodeID = id
		want.Versions[l].Slug = "full-" + string(l)
	}
	if got.ID != id || got.Key != "full" || got.Kind != content.Listen || got.Status != content.Draft {
		t.Errorf("episode = id %d key %q kind %q status %q", got.ID, got.Key, got.Kind, got.Status)
	}
	if !got.PublishedAt.IsZero() || !got.ModifiedAt.Equal(importedAt) {
		t.Errorf("PublishedAt %v (want zero), ModifiedAt %v (want the import time %v)", got.PublishedAt, got.ModifiedAt, importedAt)
	}
	if d := cmp.Diff(want.Versions, got.Versions); d != "" {
		t.Errorf("versions (-want +got):\n%s", d)
	}
	ts, as, ss := taxonomy()
	tid, aid, sid := topicIDs(t, s), authorIDs(t, s), seriesIDs(t, s)
	byKey := func(k string) content.Topic {
		for _, x := range ts {
			if x.Key == k {
				x.ID = tid[k]
				return x
			}
		}
		panic(k)
	}
	if d := cmp.Diff([]content.Topic{byKey("security"), byKey("ai")}, got.Topics); d != "" {
		t.Errorf("topics (-want +got):\n%s", d)
	}
	as[0].ID, as[1].ID = aid[as[0].Key], aid[as[1].Key]
	if d := cmp.Diff([]content.Author{as[1], as[0]}, got.Authors); d != "" {
		t.Errorf("authors (-want +got):\n%s", d)
	}
	ss[1].ID = sid["advanced"]
	if d := cmp.Diff(&content.SeriesRef{Series: ss[1], Position: 7}, got.Series); d != "" {
		t.Errorf("series (-want +got):\n%s", d)
	}

	if e := mustByID(t, s, idOf(t, s, "pub")); !e.ModifiedAt.Equal(day(10)) || !e.PublishedAt.Equal(day(10)) {
		t.Errorf("without ModifiedAt: published %v modified %v; want both %v", e.PublishedAt, e.ModifiedAt, day(10))
	}
	if e := mustByID(t, s, idOf(t, s, "mod")); !e.ModifiedAt.Equal(day(4)) {
		t.Errorf("ModifiedAt = %v; want %v", e.ModifiedAt, day(4))
	}
	for _, bad := range []int64{0, -1, 987654321} {
		_, err := s.EpisodeByID(t.Context(), bad)
		wantNotFound(t, err, fmt.Sprintf("EpisodeByID(%d)", bad))
	}
}

func testRelatedEpisodes(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("base", day(20), topics("ai", "data", "privacy")),
		episode("r1", day(10), topics("ai", "data")),
		episode("r2", day(2), topics("ai")),
		episode("r3", day(5), topics("privacy")),
		episode("r4", day(1), topics("ai", "data", "privacy"), only(fr)),
		episode("r5", day(1), topics("ai", "data"), draft),
		episode("r6", day(1), topics("security")),
		episode("r7", now.Add(time.Hour), topics("ai", "data", "privacy")),
		episode("r8", day(30), topics("security", "ai", "data", "privacy")),
		episode("lonely", day(1)),
	))
	base := mustBySlug(t, s, en, "base-en")
	related := func(lang content.Lang, limit int, want ...string) {
		t.Helper()
		got, err := s.RelatedEpisodes(ctx, base, lang, now, limit)
		if err != nil {
			t.Fatalf("RelatedEpisodes: %v", err)
		}
		if !slices.Equal(keys(got), want) {
			t.Errorf("RelatedEpisodes(%s, limit %d) = %q; want %q", lang, limit, keys(got), want)
		}
		for _, e := range got {
			if e.Version(lang) == nil || len(e.Topics) == 0 {
				t.Errorf("related %q is not a complete episode", e.Key)
			}
		}
	}
	related(en, 10, "r8", "r1", "r2", "r3")
	related(en, 2, "r8", "r1")
	related(fr, 10, "r4", "r8", "r1", "r2", "r3")
	related(en, 0)
	if got, err := s.RelatedEpisodes(ctx, mustBySlug(t, s, en, "lonely-en"), en, now, 5); err != nil || len(got) != 0 {
		t.Errorf("related of an episode without topics = %q, %v", keys(got), err)
	}
	// At a later time the future one is live and shares three topics.
	got, err := s.RelatedEpisodes(ctx, base, en, now.Add(2*time.Hour), 1)
	if err != nil || !slices.Equal(keys(got), []string{"r7"}) {
		t.Errorf("related later = %q, %v; want [r7]", keys(got), err)
	}
}

// ---- taxonomy ----

func testTaxonomy(t *testing.T, s store.Store) {
	ctx := t.Context()
	res := mustImport(t, s, bundle())
	if want := (store.ImportResult{Topics: 4, Authors: 2, Series: 2}); res != want {
		t.Errorf("import = %+v; want %+v", res, want)
	}
	wantTs, wantAs, wantSs := taxonomy()
	noID := cmpopts.IgnoreFields(content.Topic{}, "ID")
	ts, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantTs, ts, noID); d != "" { // by key
		t.Errorf("Topics (-want +got):\n%s", d)
	}
	as, err := s.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantAs, as, cmpopts.IgnoreFields(content.Author{}, "ID")); d != "" { // by name
		t.Errorf("Authors (-want +got):\n%s", d)
	}
	ss, err := s.SeriesList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(wantSs, func(a, b content.Series) int { return strings.Compare(a.Key, b.Key) })
	if d := cmp.Diff(wantSs, ss, cmpopts.IgnoreFields(content.Series{}, "ID")); d != "" { // by key
		t.Errorf("SeriesList (-want +got):\n%s", d)
	}
	ids := map[int64]bool{}
	for _, x := range ts {
		if x.ID == 0 || ids[x.ID] {
			t.Errorf("topic %q has id %d", x.Key, x.ID)
		}
		ids[x.ID] = true
	}

	for _, c := range []struct{ en, fr, key string }{{"privacy", "vie-privee", "privacy"}, {"data", "donnees", "data"}} {
		a, err := s.TopicBySlug(ctx, en, c.en)
		if err != nil {
			t.Fatalf("TopicBySlug(en, %q): %v", c.en, err)
		}
		b, err := s.TopicBySlug(ctx, fr, c.fr)
		if err != nil {
			t.Fatalf("TopicBySlug(fr, %q): %v", c.fr, err)
		}
		if a.Key != c.key || b.ID != a.ID || a.Names.FR != b.Names.FR || a.Descriptions.EN == "" {
			t.Errorf("TopicBySlug %q/%q = %+v / %+v", c.en, c.fr, a, b)
		}
		_, err = s.TopicBySlug(ctx, fr, c.en)
		wantNotFound(t, err, "TopicBySlug(fr, english slug)")
		_, err = s.TopicBySlug(ctx, en, c.fr)
		wantNotFound(t, err, "TopicBySlug(en, french slug)")
	}
	a, err := s.AuthorBySlug(ctx, en, "ada-lovelace")
	if err != nil || a.Key != "lovelace" || a.Roles.FR != "Analyste" || a.Bios.FR != "Ada Lovelace écrit." {
		t.Errorf("AuthorBySlug(en) = %+v, %v", a, err)
	}
	if b, err := s.AuthorBySlug(ctx, fr, "ada-lovelace-fr"); err != nil || a == nil || b.ID != a.ID {
		t.Errorf("AuthorBySlug(fr) = %+v, %v", b, err)
	}
	_, err = s.AuthorBySlug(ctx, fr, "ada-lovelace")
	wantNotFound(t, err, "AuthorBySlug(fr, english slug)")
	_, err = s.AuthorBySlug(ctx, en, "nobody")
	wantNotFound(t, err, "AuthorBySlug(unknown)")

	sr, err := s.SeriesBySlug(ctx, en, "data-basics")
	if err != nil || sr.Key != "basics" || sr.IntrosHTML.FR != "<p>Intro <em>Notions de données</em></p>" {
		t.Errorf("SeriesBySlug(en) = %+v, %v", sr, err)
	}
	if sr2, err := s.SeriesBySlug(ctx, fr, "notions-de-donnees"); err != nil || sr == nil || sr2.ID != sr.ID {
		t.Errorf("SeriesBySlug(fr) = %+v, %v", sr2, err)
	}
	_, err = s.SeriesBySlug(ctx, en, "notions-de-donnees")
	wantNotFound(t, err, "SeriesBySlug(en, french slug)")
	_, err = s.TopicBySlug(ctx, en, "")
	wantNotFound(t, err, "TopicBySlug(empty)")
}

// ---- site ----

func testRedirect(t *testing.T, s store.Store) {
	ctx := t.Context()
	res := mustImport(t, s, bundle(
		episode("one", day(2), legacy("/en/Old-One/", "/fr/Vieux-Un", "/FR/Ancien/", "en/no-leading-slash")),
		episode("two", day(1), legacy("/en/two-old")),
	))
	if res.Redirects != 5 {
		t.Errorf("Redirects = %d; want 5", res.Redirects)
	}
	one, two := mustBySlug(t, s, en, "one-en").ID, mustBySlug(t, s, en, "two-en").ID
	for _, c := range []struct {
		path string
		id   int64
		lang content.Lang
	}{
		{"/en/old-one", one, en},
		{"/en/old-one/", one, en},
		{"/EN/OLD-ONE//", one, en},
		{"/fr/vieux-un/", one, fr},
		{"/Fr/VIEUX-UN", one, fr},
		{"/fr/ancien", one, fr}, // given as /FR/…: still French
		{"/en/no-leading-slash", one, en},
		{"en/no-leading-slash/", one, en},
		{"/en/two-old", two, en},
	} {
		id, lang, err := s.Redirect(ctx, c.path)
		if err != nil || id != c.id || lang != c.lang {
			t.Errorf("Redirect(%q) = %d, %q, %v; want %d, %q", c.path, id, lang, err, c.id, c.lang)
		}
	}
	for _, p := range []string{"/en/nope", "", "/", "/en/old-one-2", "/en/old-on"} {
		_, _, err := s.Redirect(ctx, p)
		wantNotFound(t, err, fmt.Sprintf("Redirect(%q)", p))
	}
	// A path can move to another episode.
	mustImport(t, s, bundle(episode("one", day(2), legacy("/en/two-old/"))))
	if id, _, err := s.Redirect(ctx, "/en/two-old"); err != nil || id != one {
		t.Errorf("moved redirect = %d, %v; want %d", id, err, one)
	}
}

func testNotice(t *testing.T, s store.Store) {
	ctx := t.Context()
	n, err := s.Notice(ctx)
	if err != nil || n != (content.Notice{}) {
		t.Errorf("initial Notice = %+v, %v; want the zero notice", n, err)
	}
	for _, want := range []content.Notice{
		{Enabled: true, Text: content.Bilingual{EN: "Service disruption – 5 p.m. “today”", FR: "Interruption de service – 17 h « aujourd’hui »"}},
		{Enabled: false, Text: content.Bilingual{EN: "Kept while off", FR: ""}},
		{},
	} {
		g := generation(t, s)
		if err := s.SetNotice(ctx, want); err != nil {
			t.Fatalf("SetNotice: %v", err)
		}
		if g2 := generation(t, s); g2 <= g {
			t.Errorf("SetNotice did not bump the generation: %d → %d", g, g2)
		}
		got, err := s.Notice(ctx)
		if err != nil || got != want {
			t.Errorf("Notice = %+v, %v; want %+v", got, err, want)
		}
	}
}

func testFeedback(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("one", day(1))))
	one := mustBySlug(t, s, en, "one-en").ID
	edt := time.FixedZone("EDT", -4*3600)
	at := time.Date(2025, 5, 30, 14, 15, 16, 987654321, edt)
	in := []content.Feedback{
		{CreatedAt: at, Lang: en, Path: "/en/one-en/", EpisodeID: one, Answer: content.Yes},
		{CreatedAt: at.Add(time.Minute), Lang: fr, Path: "/fr/", Answer: content.No, Comment: "C’était « trop long » 🙃 [courriel supprimé]", Redacted: true},
		{CreatedAt: at.Add(2 * time.Minute), Lang: en, Path: "/en/topics/", Answer: content.No, Comment: "Could not find it"},
	}
	var ids []int64
	for _, f := range in {
		id, err := s.AddFeedback(ctx, f)
		if err != nil {
			t.Fatalf("AddFeedback: %v", err)
		}
		if id <= 0 || (len(ids) > 0 && id <= ids[len(ids)-1]) {
			t.Errorf("AddFeedback id %d after %v", id, ids)
		}
		ids = append(ids, id)
	}
	got, err := s.FeedbackList(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("FeedbackList returned %d; want 3", len(got))
	}
	for i, g := range got {
		w := in[2-i]
		w.ID = ids[2-i]
		if g.CreatedAt.Location() != time.UTC || !g.CreatedAt.Truncate(time.Second).Equal(w.CreatedAt.Truncate(time.Second)) {
			t.Errorf("feedback %d CreatedAt = %v; want %v in UTC", w.ID, g.CreatedAt, w.CreatedAt.UTC())
		}
		g.CreatedAt = w.CreatedAt
		if g != w {
			t.Errorf("feedback %d = %+v; want %+v", w.ID, g, w)
		}
	}
	if got, err := s.FeedbackList(ctx, 2); err != nil || len(got) != 2 || got[0].ID != ids[2] || got[1].ID != ids[1] {
		t.Errorf("FeedbackList(2) = %+v, %v; want the two newest", got, err)
	}
	if db := sqlOf(s); db != nil {
		var nulls, zeros int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE episode_id IS NULL`).Scan(&nulls); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE episode_id = 0`).Scan(&zeros); err != nil {
			t.Fatal(err)
		}
		if nulls != 2 || zeros != 0 {
			t.Errorf("episode_id: %d NULL and %d zero; want 2 NULL", nulls, zeros)
		}
	}
}

// sqlOf returns the database behind s when the implementation exposes it.
func sqlOf(s store.Store) *sql.DB {
	if x, ok := s.(interface{ SQL() *sql.DB }); ok {
		return x.SQL()
	}
	return nil
}

func testGeneration(t *testing.T, s store.Store) {
	ctx := t.Context()
	g := generation(t, s)
	step := func(what string, bump bool, fn func() error) {
		t.Helper()
		before := generation(t, s)
		if err := fn(); err != nil && bump {
			t.Fatalf("%s: %v", what, err)
		}
		after := generation(t, s)
		if bump && after <= before {
			t.Errorf("%s did not bump the generation (%d → %d)", what, before, after)
		}
		if !bump && after != before {
			t.Errorf("%s changed the generation (%d → %d)", what, before, after)
		}
	}
	b := func() *content.Bundle { return bundle(episode("one", day(1), legacy("/en/x"))) }
	step("first import", true, func() error { _, err := s.ImportBundle(ctx, b(), now); return err })
	step("identical import", true, func() error { _, err := s.ImportBundle(ctx, b(), now); return err })
	step("reads", false, func() error {
		e, err := s.EpisodeBySlug(ctx, en, "one-en", now)
		if err != nil {
			return err
		}
		_, _ = s.EpisodeByID(ctx, e.ID)
		_, _ = s.Episodes(ctx, store.EpisodeQuery{Lang: en, Now: now})
		_, _ = s.RelatedEpisodes(ctx, e, en, now, 3)
		_, _ = s.Topics(ctx)
		_, _ = s.Authors(ctx)
		_, _ = s.SeriesList(ctx)
		_, _, _ = s.Redirect(ctx, "/en/x")
		_, _ = s.Notice(ctx)
		_, _ = s.FeedbackList(ctx, 5)
		return nil
	})
	step("feedback", false, func() error {
		_, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: en, Path: "/en/", Answer: content.Yes})
		return err
	})
	step("failed import", false, func() error {
		_, err := s.ImportBundle(ctx, bundle(episode("bad", day(1), topics("nope"))), now)
		if err == nil {
			t.Error("import with unknown topic succeeded")
		}
		return nil
	})
	step("SetNotice", true, func() error { return s.SetNotice(ctx, content.Notice{Enabled: true}) })
	if end := generation(t, s); end < g+3 {
		t.Errorf("generation %d → %d after three changes", g, end)
	}
}

func testTimesUTC(t *testing.T, s store.Store) {
	ctx := t.Context()
	est := time.FixedZone("EST", -5*3600)
	jst := time.FixedZone("JST", 9*3600)
	pub := time.Date(2025, 1, 15, 8, 30, 45, 123456789, est) // 13:30:45.123456789Z
	mod := time.Date(2025, 2, 1, 23, 59, 59, 999999999, jst)
	mustImport(t, s, bundle(
		episode("t", pub, func(e *content.Episode) { e.ModifiedAt = mod }),
		// 10:00 in Toronto is after 14:00 in UTC: order must use instants.
		episode("toronto", time.Date(2025, 1, 10, 10, 0, 0, 0, est)),
		episode("utc", time.Date(2025, 1, 10, 14, 0, 0, 0, time.UTC)),
	))
	e := mustBySlug(t, s, en, "t-en")
	if e.PublishedAt.Location() != time.UTC || e.ModifiedAt.Location() != time.UTC {
		t.Errorf("times not in UTC: %v, %v", e.PublishedAt, e.ModifiedAt)
	}
	if !e.PublishedAt.Truncate(time.Second).Equal(pub.Truncate(time.Second)) {
		t.Errorf("PublishedAt = %v; want %v", e.PublishedAt, pub.UTC())
	}
	// Both databases keep microseconds, truncated.
	if got, want := e.PublishedAt.Format(time.RFC3339Nano), "2025-01-15T13:30:45.123456Z"; got != want {
		t.Errorf("PublishedAt = %s; want %s", got, want)
	}
	if got, want := e.ModifiedAt.Format(time.RFC3339Nano), "2025-02-01T14:59:59.999999Z"; got != want {
		t.Errorf("ModifiedAt = %s; want %s", got, want)
	}
	stored := e.PublishedAt
	wantList(t, s, store.EpisodeQuery{Lang: en, Now: stored.In(jst)}, 3, "t", "toronto", "utc")
	wantList(t, s, store.EpisodeQuery{Lang: en, Now: stored.Add(-time.Second).In(jst)}, 2, "toronto", "utc")
	if _, err := s.EpisodeBySlug(ctx, en, "t-en", stored.In(est)); err != nil {
		t.Errorf("EpisodeBySlug at its publication instant in EST: %v", err)
	}
	_, err := s.EpisodeBySlug(ctx, en, "t-en", stored.Add(-time.Millisecond).In(jst))
	wantNotFound(t, err, "EpisodeBySlug just before publication")
}

func testUnicode(t *testing.T, s store.Store) {
	ctx := t.Context()
	var blns []string
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/blns.json"), &blns); err != nil {
		t.Fatalf("blns.json: %v", err)
	}
	longest := ""
	for _, x := range blns {
		if len(x) > len(longest) && strings.ContainsFunc(x, func(r rune) bool { return r > 0xFFFF }) {
			longest = x
		}
	}
	french := "Ça coûte 5 $ — l’été à Montréal, « Québec » ; naïveté, cœur, ŒUVRE"
	emoji := "🚌💨 👩🏽‍💻 🇨🇦 ❤️"
	quotes := `"double" 'single' ‘curly’ “curly” ` + "`back`" + ` \back\slash\ 100%_done ?$1`
	build := func() content.Episode {
		e := episode("u", day(1), titled(french, emoji+" "+french))
		v := e.Versions[en]
		v.Summary, v.BodyHTML, v.BodyMarkdown = quotes, "<p>"+longest+"</p>", longest
		v.Transcript = strings.Join(blns, "\n")
		v.Image.Alt = emoji
		v.LearnMore = []content.Link{{Label: emoji + quotes, URL: "https://example.ca/é?q=“x”"}}
		e.Versions[fr].Summary = french
		return e
	}
	b := bundle(build())
	b.Topics[0].Names.FR = french
	b.Topics[0].Descriptions.EN = longest
	b.Authors[0].Name = "Éloïse O’Brien-Çelik 👩🏽‍💻"
	mustImport(t, s, b)

	slug := content.Slugify(french)
	got := mustBySlug(t, s, en, slug)
	want := build()
	for _, l := range content.Langs {
		want.Versions[l].EpisodeID = got.ID
		want.Versions[l].Slug = got.Versions[l].Slug
	}
	if d := cmp.Diff(want.Versions, got.Versions); d != "" {
		t.Errorf("unicode versions (-want +got):\n%s", d)
	}
	if got.Versions[fr].Slug != slug {
		t.Errorf("fr slug = %q; want %q", got.Versions[fr].Slug, slug)
	}
	if got.Topics != nil {
		t.Errorf("unexpected topics %v", got.Topics)
	}
	ts, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ts[0].Names.FR != french || ts[0].Descriptions.EN != longest {
		t.Errorf("topic text = %q / %q", ts[0].Names.FR, ts[0].Descriptions.EN)
	}
	as, err := s.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(as, func(a content.Author) bool { return a.Name == "Éloïse O’Brien-Çelik 👩🏽‍💻" }) {
		t.Errorf("author name not stored verbatim: %+v", as)
	}
	n := content.Notice{Enabled: true, Text: content.Bilingual{EN: longest, FR: french + emoji}}
	if err := s.SetNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	if gotN, err := s.Notice(ctx); err != nil || gotN != n {
		t.Errorf("Notice = %+v, %v", gotN, err)
	}
	// Every BLNS string as a feedback comment and path.
	for _, x := range blns {
		if _, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: fr, Path: "/fr/" + x, Answer: content.No, Comment: x}); err != nil {
			t.Fatalf("AddFeedback(%q): %v", x, err)
		}
	}
	fb, err := s.FeedbackList(ctx, len(blns)+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(fb) != len(blns) {
		t.Fatalf("FeedbackList: %d; want %d", len(fb), len(blns))
	}
	for i, f := range fb {
		x := blns[len(blns)-1-i]
		if f.Comment != x || f.Path != "/fr/"+x {
			t.Errorf("feedback %d = %q / %q; want %q", i, f.Comment, f.Path, x)
		}
	}
	for _, x := range []string{"été", french, emoji, longest} {
		_, err := s.EpisodeBySlug(ctx, fr, x, now)
		wantNotFound(t, err, fmt.Sprintf("EpisodeBySlug(%q)", x))
	}
}

func sqliPayloads(t *testing.T) []string {
	raw := string(testutil.ReadCorpus(t, "sqli/Generic_Fuzz.txt"))
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	if len(out) < 10 {
		t.Fatalf("Generic_Fuzz.txt: only %d payloads", len(out))
	}
	// Placeholders and statement breakers aimed at this store's own SQL.
	return append(out, "?", "$1", "?, ?); DROP TABLE episodes; --", "%' OR slug LIKE '%", "x' UNION SELECT key FROM topics --")
}

func testSQLInjection(t *testing.T, s store.Store) {
	ctx := t.Context()
	payloads := sqliPayloads(t)
	mustImport(t, s, bundle(episode("one", day(2), topics("ai")), episode("two", day(1), topics("ai"))))

	// Lookups: not found, never an error of another kind, never a leak.
	for _, p := range payloads {
		for _, l := range []content.Lang{en, fr, content.Lang(p)} {
			_, err := s.EpisodeBySlug(ctx, l, p, now)
			wantNotFound(t, err, fmt.Sprintf("EpisodeBySlug(%q, %q)", l, p))
			_, err = s.TopicBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("TopicBySlug(%q, %q)", l, p))
			_, err = s.AuthorBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("AuthorBySlug(%q, %q)", l, p))
			_, err = s.SeriesBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("SeriesBySlug(%q, %q)", l, p))
		}
		_, _, err := s.Redirect(ctx, p)
		wantNotFound(t, err, fmt.Sprintf("Redirect(%q)", p))
		_, _, err = s.Redirect(ctx, "/en/"+p)
		wantNotFound(t, err, fmt.Sprintf("Redirect(/en/%q)", p))
		wantList(t, s, store.EpisodeQuery{Lang: content.Lang(p)}, 0)
		wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Kind(p)}, 0)
	}

	// Stored: the text comes back verbatim.
	b := bundle(episode("one", day(2), topics("ai")), episode("two", day(1), topics("ai")))
	for i, p := range payloads {
		tp := topic(fmt.Sprintf("t%d", i), p, p)
		tp.Slugs = content.Bilingual{EN: p, FR: p + " fr"}
		b.Topics = append(b.Topics, tp)
		b.Episodes = append(b.Episodes, episode(fmt.Sprintf("sqli-%d", i), day(3), titled(p, p), slugged(en, p),
			legacy("/en/"+p), topics(tp.Key), func(e *content.Episode) { e.Versions[en].Summary = p }))
	}
	mustImport(t, s, b)
	for i, p := range payloads {
		key := fmt.Sprintf("sqli-%d", i)
		e, err := s.EpisodeBySlug(ctx, en, p, now)
		if err != nil {
			t.Errorf("EpisodeBySlug(en, %q): %v", p, err)
			continue
		}
		if e.Key != key || e.Version(en).Title != p || e.Version(en).Slug != p || e.Version(en).Summary != p || e.Version(fr).Title != p {
			t.Errorf("episode stored with %q = %q %+v", p, e.Key, e.Version(en))
		}
		if fs := e.Version(fr).Slug; !content.ValidSlug(fs) {
			t.Errorf("derived fr slug %q from %q is not a valid slug", fs, p)
		}
		if id, lang, err := s.Redirect(ctx, "/en/"+p); err != nil || id != e.ID || lang != en {
			t.Errorf("Redirect(/en/%s) = %d, %q, %v; want %d", p, id, lang, err, e.ID)
		}
		tp, err := s.TopicBySlug(ctx, en, p)
		if err != nil || tp.Names.EN != p || tp.Key != fmt.Sprintf("t%d", i) {
			t.Errorf("TopicBySlug(en, %q) = %+v, %v", p, tp, err)
		} else {
			wantList(t, s, store.EpisodeQuery{Lang: en, TopicID: tp.ID}, 1, key)
		}
		if _, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: en, Path: p, Answer: content.No, Comment: p}); err != nil {
			t.Errorf("AddFeedback(%q): %v", p, err)
		}
	}
	fb, err := s.FeedbackList(ctx, 1000)
	if err != nil || len(fb) != len(payloads) {
		t.Fatalf("FeedbackList = %d, %v; want %d", len(fb), err, len(payloads))
	}
	for i, f := range fb {
		if p := payloads[len(payloads)-1-i]; f.Comment != p || f.Path != p {
			t.Errorf("feedback = %q / %q; want %q", f.Comment, f.Path, p)
		}
	}
	// Nothing else moved.
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 2}, 2+len(payloads), "two", "one")
	if ts, err := s.Topics(ctx); err != nil || len(ts) != 4+len(payloads) {
		t.Errorf("Topics = %d, %v; want %d", len(ts), err, 4+len(payloads))
	}
}

func testConcurrentFeedback(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("one", day(1))))
	one := mustBySlug(t, s, en, "one-en").ID
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each+16)
	ids := make(chan int64, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				f := content.Feedback{CreatedAt: now, Lang: en, Path: "/en/one-en/", Answer: content.No, Comment: fmt.Sprintf("w%d-%d", w, i)}
				if i%2 == 0 {
					f.EpisodeID = one
				}
				id, err := s.AddFeedback(ctx, f)
				if err != nil {
					errs <- err
					return
				}
				ids <- id
			}
		})
	}
	// Readers at the same time.
	for range 2 {
		wg.Go(func() {
			for range 10 {
				if _, err := s.Episodes(ctx, store.EpisodeQuery{Lang: en, Now: now}); err != nil {
					errs <- err
					return
				}
				if _, err := s.FeedbackList(ctx, 5); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Errorf("concurrent: %v", err)
	}
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %d returned twice", id)
		}
		seen[id] = true
	}
	fb, err := s.FeedbackList(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(fb) != workers*each || len(seen) != workers*each {
		t.Fatalf("stored %d feedback, %d ids; want %d", len(fb), len(seen), workers*each)
	}
	comments := map[string]bool{}
	for _, f := range fb {
		comments[f.Comment] = true
		if !seen[f.ID] {
			t.Errorf("stored id %d was not returned by AddFeedback", f.ID)
		}
	}
	for w := range workers {
		for i := range each {
			if c := fmt.Sprintf("w%d-%d", w, i); !comments[c] {
				t.Errorf("comment %q missing", c)
			}
		}
	}
}
