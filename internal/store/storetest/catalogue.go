package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

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
		_, _ = newestFeedback(ctx, s, 5)
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
