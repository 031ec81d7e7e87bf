package storetest

import (
	"slices"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testPageChanges: each kind of write records the tags of exactly the
// pages it changes (store/changes.go), read back with ChangesSince.
func testPageChanges(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("a", day(3), withID("a"), topics("ai", "data"), authors("lovelace"), inSeries("basics", 1)),
		episode("b", day(2), withID("b"), topics("data")),
		episode("d", day(1), withID("d"), topics("ai"), draft),
	))
	a, b, d := idOf(t, s, "a"), idOf(t, s, "b"), idOf(t, s, "d")
	tp, au := topicIDs(t, s), authorIDs(t, s)
	ser := seriesIDs(t, s)["basics"]

	// step runs fn and compares the tags recorded since with want (nil
	// want and complete false: every page).
	step := func(what string, complete bool, want []string, fn func() error) {
		t.Helper()
		since := generation(t, s)
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got, gen, ok, err := s.ChangesSince(ctx, since)
		if err != nil {
			t.Fatalf("%s: ChangesSince: %v", what, err)
		}
		if gen <= since {
			t.Errorf("%s: generation %d → %d", what, since, gen)
		}
		if ok != complete {
			t.Errorf("%s: complete = %v; want %v", what, ok, complete)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: tags\n got %q\nwant %q", what, got, want)
		}
	}

	// An edit of a draft is on no public page.
	step("draft edit", true, nil, func() error {
		e := reopen(t, s, d)
		e.Versions[en].Title = "Draft, retitled"
		_, err := s.SaveEpisode(ctx, e, content.SaveInfo{BaseRevision: e.Revision, Now: now, Publish: true})
		return err
	})
	// A new title changes the pages showing the episode, search and the
	// sitemaps, not the lists it is in.
	step("title of a live episode", true, []string{store.TagEpisode(b), store.TagEpisodePage(b), store.TagEpisodes}, func() error {
		e := reopen(t, s, b)
		e.Versions[en].Title = "B, retitled"
		_, err := s.SaveEpisode(ctx, e, content.SaveInfo{BaseRevision: e.Revision, Now: now, Publish: true})
		return err
	})
	// A topic added: the lists of the old and new topics change.
	step("topics of a live episode", true, []string{store.TagEpisode(b), store.TagEpisodePage(b), store.TagEpisodes, store.TagLists,
		store.TagTopicList(tp["data"]), store.TagTopicList(tp["privacy"])}, func() error {
		e := reopen(t, s, b)
		e.Topics = append(e.Topics, content.Topic{ID: tp["privacy"]})
		_, err := s.SaveEpisode(ctx, e, content.SaveInfo{BaseRevision: e.Revision, Now: now, Publish: true})
		return err
	})
	// Unpublishing takes it out of every list it was in, and out of the
	// related episodes of b.
	step("unpublish", true, []string{store.TagEpisode(a), store.TagEpisodePage(a), store.TagEpisodePage(b), store.TagEpisodes, store.TagLists,
		store.TagTopicList(tp["ai"]), store.TagTopicList(tp["data"]), store.TagAuthorList(au["lovelace"]), store.TagSeriesList(ser)}, func() error {
		return change(t, s, a, content.OpUnpublish, now, nil)
	})
	step("topic renamed", true, []string{store.TagTopic(tp["ai"]), store.TagLists, store.TagEpisodes}, func() error {
		cur, err := s.TopicByID(ctx, tp["ai"])
		if err != nil {
			return err
		}
		upd := *cur
		upd.Descriptions.EN = "Machines that learn."
		return s.UpdateTopic(ctx, upd, content.TopicStamp(*cur), nil, now)
	})
	step("glossary", true, []string{store.TagGlossary}, func() error {
		_, err := s.CreateGlossaryTerm(ctx, content.GlossaryTerm{Terms: content.Bilingual{EN: "Cache", FR: "Antémémoire"},
			Definitions: content.Bilingual{EN: "A copy kept near.", FR: "Une copie gardée près."}}, now)
		return err
	})
	step("redirect", true, nil, func() error {
		_, err := s.SavePathRedirect(ctx, content.PathRedirect{Path: "/en/old-page", Target: "/en/"}, "", now)
		return err
	})
	// The banner is on every page.
	step("banner", false, nil, func() error { return s.SetNotice(ctx, content.Notice{Enabled: true}) })

	// Up to date: nothing to drop. From the future or from long ago: the
	// journal cannot tell, so every page.
	g := generation(t, s)
	if tags, gen, ok, err := s.ChangesSince(ctx, g); err != nil || !ok || len(tags) != 0 || gen != g {
		t.Errorf("ChangesSince(now) = %q, %d, %v, %v; want nothing, %d, complete", tags, gen, ok, err, g)
	}
	for _, since := range []int64{g + 1, g - 100000} {
		if tags, _, ok, err := s.ChangesSince(ctx, since); err != nil || ok || len(tags) != 0 {
			t.Errorf("ChangesSince(%d) = %q, %v, %v; want incomplete", since, tags, ok, err)
		}
	}
}
