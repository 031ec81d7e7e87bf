package storetest

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
)

func testEditing(t *testing.T, s store.Store) {
	mustImport(t, s, bundle()) // the taxonomy
	t.Run("CreateAndLoad", func(t *testing.T) { testEditCreate(t, s) })
	t.Run("Conflict", func(t *testing.T) { testEditConflict(t, s) })
	t.Run("ConcurrentSaves", func(t *testing.T) { testEditConcurrent(t, s) })
	t.Run("RevisionsAndRestore", func(t *testing.T) { testEditRevisions(t, s) })
	t.Run("Parity", func(t *testing.T) { testEditParity(t, s) })
	t.Run("SlugChangeRedirect", func(t *testing.T) { testEditRedirect(t, s) })
	t.Run("AllOrNothing", func(t *testing.T) { testEditAllOrNothing(t, s) })
	t.Run("AdminList", func(t *testing.T) { testEditAdminList(t, s) })
	t.Run("ImportMovesRevision", func(t *testing.T) { testEditAfterImport(t, s) })
}

// testEditAfterImport: an import that updates an episode moves its
// revision number, so an editor who opened it before gets a conflict
// instead of overwriting the imported text.
func testEditAfterImport(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(episode("imported", day(2), legacy("/id/imported"), titled("Imported english", "Importe francais"))))
	id := idOf(t, s, "imported")
	open := reopen(t, s, id)
	mustImport(t, s, bundle(episode("imported", day(2), legacy("/id/imported"), titled("Imported english, revised", "Importe francais"))))
	open.Versions[en].Title = "Edited in the back office"
	_, err := s.SaveEpisode(t.Context(), open, content.SaveInfo{BaseRevision: open.Revision, Now: now})
	if !errors.Is(err, content.ErrConflict) {
		t.Fatalf("save from before the import: %v; want a conflict", err)
	}
	got := reopen(t, s, id)
	if got.Version(en).Title != "Imported english, revised" || got.Revision <= open.Revision {
		t.Errorf("after the refused save: title %q, revision %d (opened at %d)", got.Version(en).Title, got.Revision, open.Revision)
	}
	got.Versions[en].Title = "Edited in the back office"
	base := got.Revision
	if rev := mustSave(t, s, got, content.SaveInfo{BaseRevision: base}); rev != base+1 {
		t.Errorf("save on top of the import: revision %d, want %d", rev, base+1)
	}
}

// edited returns a new episode as the editor builds it, with HTML.
func edited(slug string, langs ...content.Lang) *content.Episode {
	e := &content.Episode{Kind: content.Read, Versions: map[content.Lang]*content.Version{}}
	for _, l := range langs {
		e.Versions[l] = &content.Version{Lang: l, Title: "Title " + slug + " " + string(l), Slug: slug + "-" + string(l),
			Summary: "Summary " + string(l), BodyMarkdown: "Body " + string(l), BodyHTML: "<p>Body " + string(l) + "</p>", WordCount: 2}
	}
	return e
}

func mustSave(t *testing.T, s store.Store, e *content.Episode, info content.SaveInfo) int {
	t.Helper()
	if info.Now.IsZero() {
		info.Now = now
	}
	rev, err := s.SaveEpisode(t.Context(), e, info)
	if err != nil {
		t.Fatalf("SaveEpisode: %v", err)
	}
	return rev
}

// reopen loads an episode as the editor opens it.
func reopen(t *testing.T, s store.Store, id int64) *content.Episode {
	t.Helper()
	return mustByID(t, s, id)
}

func testEditCreate(t *testing.T, s store.Store) {
	u := mustCreateUser(t, s, "writer@example.org", content.RoleContributor)
	tids, aids, sids := topicIDs(t, s), authorIDs(t, s), seriesIDs(t, s)
	e := edited("created", en, fr)
	e.OwnerID = u.ID
	e.Kind = content.Listen
	e.Topics = []content.Topic{{ID: tids["privacy"]}, {ID: tids["ai"]}}
	e.Authors = []content.Author{{ID: aids["babbage"]}}
	e.Series = &content.SeriesRef{Series: content.Series{ID: sids["basics"]}, Position: 4}
	e.Versions[en].LearnMore = []content.Link{{Label: "More", URL: "https://example.org"}}
	e.Versions[fr].MediaURL, e.Versions[fr].MediaType, e.Versions[fr].MediaSeconds = "/media/a.mp3", "audio/mpeg", 75
	g := generation(t, s)
	rev := mustSave(t, s, e, content.SaveInfo{UserID: u.ID})
	if rev != 1 || e.ID == 0 || e.Key == "" {
		t.Fatalf("create: rev %d id %d key %q", rev, e.ID, e.Key)
	}
	if generation(t, s) <= g {
		t.Error("the generation did not move")
	}
	got := reopen(t, s, e.ID)
	if got.Status != content.Draft || got.OwnerID != u.ID || got.Revision != 1 || got.Kind != content.Listen ||
		len(got.Topics) != 2 || got.Topics[0].Key != "privacy" || len(got.Authors) != 1 || got.Authors[0].Key != "babbage" ||
		got.Series == nil || got.Series.Series.Key != "basics" || got.Series.Position != 4 {
		t.Errorf("stored episode: %+v", got)
	}
	if v := got.Version(en); v.Title != "Title created en" || v.BodyHTML != "<p>Body en</p>" || len(v.LearnMore) != 1 || v.ChangedRev != 1 || v.AlignedRev != 1 {
		t.Errorf("English version: %+v", v)
	}
	if v := got.Version(fr); v.MediaURL != "/media/a.mp3" || v.MediaSeconds != 75 || !v.ChangedAt.Equal(now) {
		t.Errorf("French version: %+v", v)
	}
	// A draft is not public.
	if _, err := s.EpisodeBySlug(t.Context(), en, "created-en", now); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a new draft is public: %v", err)
	}
	// A second episode with the same first slug gets another key.
	e2 := edited("created2", en)
	e2.Versions[en].Slug = "created-en-2"
	mustSave(t, s, e2, content.SaveInfo{UserID: u.ID})
	if e2.Key == e.Key {
		t.Error("two episodes share a key")
	}
	// A new episode must start from revision 0.
	if _, err := s.SaveEpisode(t.Context(), edited("x", en), content.SaveInfo{BaseRevision: 3, Now: now}); !errors.Is(err, content.ErrConflict) {
		t.Errorf("new episode from revision 3: %v", err)
	}
	// Saving an unknown episode is not found.
	ghost := edited("ghost", en)
	ghost.ID = 999999
	if _, err := s.SaveEpisode(t.Context(), ghost, content.SaveInfo{BaseRevision: 1, Now: now}); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("unknown episode: %v", err)
	}
}

// testEditConflict: two editors open revision 1; the second save is
// refused and changes nothing.
func testEditConflict(t *testing.T, s store.Store) {
	a := mustCreateUser(t, s, "a@example.org", content.RoleEditor)
	b := mustCreateUser(t, s, "b@example.org", content.RoleEditor)
	e := edited("conflict", en, fr)
	mustSave(t, s, e, content.SaveInfo{UserID: a.ID})

	first, second := reopen(t, s, e.ID), reopen(t, s, e.ID)
	first.Versions[en].Title = "A's title"
	second.Versions[en].Title = "B's title"
	if rev := mustSave(t, s, first, content.SaveInfo{UserID: a.ID, BaseRevision: 1}); rev != 2 {
		t.Fatalf("first save: revision %d", rev)
	}
	g := generation(t, s)
	_, err := s.SaveEpisode(t.Context(), second, content.SaveInfo{UserID: b.ID, BaseRevision: 1, Now: now})
	if !errors.Is(err, content.ErrConflict) {
		t.Fatalf("second save from revision 1: %v; want a conflict", err)
	}
	got := reopen(t, s, e.ID)
	if got.Version(en).Title != "A's title" || got.Revision != 2 || generation(t, s) != g {
		t.Errorf("the refused save changed something: %q rev %d", got.Version(en).Title, got.Revision)
	}
	if rs, _ := s.Revisions(t.Context(), e.ID); len(rs) != 2 {
		t.Errorf("%d revisions, want 2", len(rs))
	}
	// Keeping B's version: saved on top of the newest revision.
	second.Versions[en].Title = "B's title"
	if rev := mustSave(t, s, second, content.SaveInfo{UserID: b.ID, BaseRevision: 2}); rev != 3 {
		t.Fatalf("resolved save: revision %d", rev)
	}
	r2, err := s.RevisionByNumber(t.Context(), e.ID, 2)
	if err != nil || r2.Snapshot.Versions[en].Title != "A's title" || r2.UserID != a.ID {
		t.Errorf("A's revision is gone from history: %+v %v", r2, err)
	}
}

// testEditConcurrent: many saves from the same revision at once; exactly
// one wins.
func testEditConcurrent(t *testing.T, s store.Store) {
	e := edited("race", en)
	mustSave(t, s, e, content.SaveInfo{})
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			c := edited("race", en)
			c.ID = e.ID
			c.Versions[en].Title = "Racer " + string(rune('A'+i))
			_, errs[i] = s.SaveEpisode(t.Context(), c, content.SaveInfo{BaseRevision: 1, Now: now})
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, content.ErrConflict):
			t.Errorf("concurrent save: %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d saves from revision 1 won; want exactly 1", wins)
	}
	if got := reopen(t, s, e.ID); got.Revision != 2 {
		t.Errorf("revision %d, want 2", got.Revision)
	}
}

func testEditRevisions(t *testing.T, s store.Store) {
	u := mustCreateUser(t, s, "historian@example.org", content.RoleAuthor)
	e := edited("history", en, fr)
	mustSave(t, s, e, content.SaveInfo{UserID: u.ID, Now: day(3)})
	e = reopen(t, s, e.ID)
	e.Versions[fr].BodyMarkdown = "Corps modifié"
	mustSave(t, s, e, content.SaveInfo{UserID: u.ID, BaseRevision: 1, Minor: true, Now: day(2)})
	rs, err := s.Revisions(t.Context(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Number != 2 || rs[1].Number != 1 {
		t.Fatalf("revisions: %+v", rs)
	}
	if !rs[0].Minor || !slices.Equal(rs[0].Langs, []content.Lang{fr}) || rs[0].UserID != u.ID || !rs[0].CreatedAt.Equal(day(2)) {
		t.Errorf("revision 2: %+v", rs[0])
	}
	if !slices.Equal(rs[1].Langs, []content.Lang{en, fr}) || rs[1].Minor {
		t.Errorf("revision 1: %+v", rs[1])
	}
	if rs[1].Snapshot.Versions[fr].Body != "Body fr" || rs[0].Snapshot.Versions[fr].Body != "Corps modifié" {
		t.Errorf("snapshots: %q / %q", rs[1].Snapshot.Versions[fr].Body, rs[0].Snapshot.Versions[fr].Body)
	}
	if _, err := s.RevisionByNumber(t.Context(), e.ID, 9); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("revision 9: %v", err)
	}
	// Restore revision 1 as revision 3.
	r1, err := s.RevisionByNumber(t.Context(), e.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	back := r1.Snapshot.Episode()
	back.ID = e.ID
	for _, v := range back.Versions {
		v.BodyHTML = "<p>" + v.BodyMarkdown + "</p>"
	}
	if rev := mustSave(t, s, back, content.SaveInfo{UserID: u.ID, BaseRevision: 2, Note: "restore:1"}); rev != 3 {
		t.Fatalf("restore: revision %d", rev)
	}
	got := reopen(t, s, e.ID)
	if got.Version(fr).BodyMarkdown != "Body fr" || got.Revision != 3 {
		t.Errorf("after restore: %q rev %d", got.Version(fr).BodyMarkdown, got.Revision)
	}
	r3, _ := s.RevisionByNumber(t.Context(), e.ID, 3)
	if r3 == nil || r3.Note != "restore:1" {
		t.Errorf("restore revision: %+v", r3)
	}
}

// testEditCaptions: the caption files of a Watch episode's versions are
// stored by an import and by a save, loaded as they were written (each
// language of each version apart), kept in each revision's snapshot, and
// brought back by a restore.
func testEditCaptions(t *testing.T, s store.Store) {
	u := mustCreateUser(t, s, "captioner@example.org", content.RoleEditor)
	imported := content.Bilingual{EN: "/media/talk.en.vtt", FR: "https://captions.example.ca/talk-en.fr.vtt"}
	mustImport(t, s, bundle(episode("captioned", day(2), withID("captioned"), kind(content.Watch), func(e *content.Episode) {
		e.Versions[en].MediaURL, e.Versions[en].MediaType = "/media/talk-en.webm", "video/webm"
		e.Versions[en].Captions = imported
		e.Versions[fr].MediaURL, e.Versions[fr].MediaType = "/media/talk-fr.webm", "video/webm"
		e.Versions[fr].Captions = content.Bilingual{FR: "/media/talk.fr.vtt"}
	})))
	id := idOf(t, s, "captioned")
	got := reopen(t, s, id)
	if c := got.Version(en).Captions; c != imported {
		t.Errorf("imported English captions: %+v, want %+v", c, imported)
	}
	if c := got.Version(fr).Captions; c != (content.Bilingual{FR: "/media/talk.fr.vtt"}) {
		t.Errorf("imported French captions: %+v", c)
	}
	if pub, err := s.EpisodeBySlug(t.Context(), en, got.Version(en).Slug, now); err != nil {
		t.Errorf("public episode: %v", err)
	} else if c := pub.Version(en).Captions; c != imported {
		t.Errorf("public episode: English captions %+v, want %+v", c, imported)
	}

	// First save: the editor adds English captions to the French recording.
	got.Versions[fr].Captions.EN = "/media/talk-fr.en.vtt"
	first := mustSave(t, s, got, content.SaveInfo{UserID: u.ID, BaseRevision: got.Revision, Publish: true})
	// Second save: the French captions of the English recording go.
	got = reopen(t, s, id)
	got.Versions[en].Captions.FR = ""
	second := mustSave(t, s, got, content.SaveInfo{UserID: u.ID, BaseRevision: got.Revision, Publish: true})
	saved := reopen(t, s, id)
	if c := saved.Version(en).Captions; c != (content.Bilingual{EN: "/media/talk.en.vtt"}) {
		t.Errorf("saved English captions: %+v", c)
	}
	if c := saved.Version(fr).Captions; c != (content.Bilingual{EN: "/media/talk-fr.en.vtt", FR: "/media/talk.fr.vtt"}) {
		t.Errorf("saved French captions: %+v", c)
	}
	snapshot := func(rev int) content.Snapshot {
		t.Helper()
		r, err := s.RevisionByNumber(t.Context(), id, rev)
		if err != nil {
			t.Fatalf("revision %d: %v", rev, err)
		}
		return r.Snapshot
	}
	if sv := snapshot(first).Versions[en]; sv.CaptionsEN != imported.EN || sv.CaptionsFR != imported.FR {
		t.Errorf("revision %d, English: captions %q, %q", first, sv.CaptionsEN, sv.CaptionsFR)
	}
	if sv := snapshot(second).Versions[en]; sv.CaptionsEN != imported.EN || sv.CaptionsFR != "" {
		t.Errorf("revision %d, English: captions %q, %q", second, sv.CaptionsEN, sv.CaptionsFR)
	}
	if sv := snapshot(second).Versions[fr]; sv.CaptionsEN != "/media/talk-fr.en.vtt" || sv.CaptionsFR != "/media/talk.fr.vtt" {
		t.Errorf("revision %d, French: captions %q, %q", second, sv.CaptionsEN, sv.CaptionsFR)
	}

	// Restoring the first revision brings its captions back.
	back := snapshot(first).Episode()
	back.ID = id
	for _, v := range back.Versions {
		v.BodyHTML = "<p>" + v.BodyMarkdown + "</p>"
	}
	mustSave(t, s, back, content.SaveInfo{UserID: u.ID, BaseRevision: second, Note: "restore", Publish: true})
	if c := reopen(t, s, id).Version(en).Captions; c != imported {
		t.Errorf("after restoring revision %d: English captions %+v, want %+v", first, c, imported)
	}
}

func testEditParity(t *testing.T, s store.Store) {
	e := edited("parity", en, fr)
	mustSave(t, s, e, content.SaveInfo{})
	e = reopen(t, s, e.ID)
	if e.Stale(en) || e.Stale(fr) {
		t.Fatal("a new episode is stale")
	}
	// A substantive English change makes French stale…
	e.Versions[en].BodyMarkdown = "New English body"
	mustSave(t, s, e, content.SaveInfo{BaseRevision: 1})
	e = reopen(t, s, e.ID)
	if !e.Stale(fr) || e.Stale(en) {
		t.Fatalf("after an English change: fr stale %t, en stale %t", e.Stale(fr), e.Stale(en))
	}
	if page, _ := s.AdminEpisodes(t.Context(), store.AdminEpisodeQuery{Stale: true}); !slices.ContainsFunc(page.Episodes, func(x *content.Episode) bool { return x.ID == e.ID }) {
		t.Error("the stale filter misses the episode")
	}
	// …a minor French edit does not bring it in line…
	e.Versions[fr].Summary = "Résumé corrigé"
	mustSave(t, s, e, content.SaveInfo{BaseRevision: 2, Minor: true})
	e = reopen(t, s, e.ID)
	if !e.Stale(fr) {
		t.Fatal("a minor edit brought French in line")
	}
	// …ticking "brought in line" does.
	e.Versions[fr].BodyMarkdown = "Nouveau corps"
	mustSave(t, s, e, content.SaveInfo{BaseRevision: 3, Aligned: map[content.Lang]bool{fr: true}})
	e = reopen(t, s, e.ID)
	if e.Stale(fr) {
		t.Errorf("French still stale: %+v / %+v", e.Version(en), e.Version(fr))
	}
	// Catching French up is not a change English must follow.
	if e.Stale(en) {
		t.Error("catching the French up made the English stale")
	}
	// A substantive French change not ticked in line makes English stale…
	e.Versions[fr].Summary = "Un résumé tout neuf"
	mustSave(t, s, e, content.SaveInfo{BaseRevision: 4})
	e = reopen(t, s, e.ID)
	if !e.Stale(en) || e.Stale(fr) {
		t.Errorf("after a French change: en stale %t, fr stale %t", e.Stale(en), e.Stale(fr))
	}
	// …until English is ticked in line.
	mustSave(t, s, e, content.SaveInfo{BaseRevision: 5, Aligned: map[content.Lang]bool{en: true}})
	e = reopen(t, s, e.ID)
	if e.Stale(en) || e.Stale(fr) {
		t.Error("both ticked in line, yet stale")
	}
	if page, _ := s.AdminEpisodes(t.Context(), store.AdminEpisodeQuery{Stale: true}); slices.ContainsFunc(page.Episodes, func(x *content.Episode) bool { return x.ID == e.ID }) {
		t.Error("the stale filter lists an episode in line")
	}
}

// testEditRedirect: a slug change of a published version adds a redirect
// from the old path; a draft's does not; the search index follows.
func testEditRedirect(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(episode("pub", day(5), withID("pub")), episode("drf", day(5), draft, withID("drf"))))
	id := idOf(t, s, "pub")
	e := reopen(t, s, id)
	e.Versions[fr].Slug = "nouvelle-adresse"
	e.Versions[fr].Title = "Zéphyrin inattendu"
	mustSave(t, s, e, content.SaveInfo{BaseRevision: e.Revision, Publish: true})
	rid, lang, err := s.Redirect(t.Context(), "/fr/episodes/pub-fr")
	if err != nil || rid != id || lang != fr {
		t.Errorf("redirect from the old French path: %d %s %v", rid, lang, err)
	}
	if _, _, err := s.Redirect(t.Context(), "/en/episodes/pub-en"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an unchanged slug got a redirect: %v", err)
	}
	if got := mustBySlug(t, s, fr, "nouvelle-adresse"); got.ID != id {
		t.Error("the new slug does not find the episode")
	}
	res := runSearch(t, s, store.SearchQuery{Lang: fr, Terms: search.Terms("fr", "zéphyrin")})
	if res.Total != 1 {
		t.Errorf("the search index does not know the new title: %d hits", res.Total)
	}
	// Changing back removes the redirect that would shadow the live page.
	e = reopen(t, s, id)
	e.Versions[fr].Slug = "pub-fr"
	mustSave(t, s, e, content.SaveInfo{BaseRevision: e.Revision, Publish: true})
	if _, _, err := s.Redirect(t.Context(), "/fr/episodes/pub-fr"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("the live path still redirects: %v", err)
	}
	if rid, _, err := s.Redirect(t.Context(), "/fr/episodes/nouvelle-adresse"); err != nil || rid != id {
		t.Errorf("the intermediate path: %d %v", rid, err)
	}
	// A draft's slug change adds none.
	did := idOf(t, s, "drf")
	d := reopen(t, s, did)
	d.Versions[en].Slug = "draft-moved"
	mustSave(t, s, d, content.SaveInfo{BaseRevision: d.Revision, Publish: true})
	if _, _, err := s.Redirect(t.Context(), "/en/episodes/drf-en"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a draft's slug change added a redirect: %v", err)
	}
}

// testEditAllOrNothing: a save that fails half-way leaves no trace.
func testEditAllOrNothing(t *testing.T, s store.Store) {
	other := edited("taken", en)
	mustSave(t, s, other, content.SaveInfo{})
	e := edited("whole", en, fr)
	mustSave(t, s, e, content.SaveInfo{})
	g := generation(t, s)

	// An unknown topic: the foreign key fails after the versions were written.
	bad := reopen(t, s, e.ID)
	bad.Versions[en].Title = "Half-written title"
	bad.Topics = []content.Topic{{ID: 987654}}
	if _, err := s.SaveEpisode(t.Context(), bad, content.SaveInfo{BaseRevision: 1, Now: now}); err == nil {
		t.Fatal("a save with an unknown topic succeeded")
	}
	// A slug used by another episode: a validation error on the field.
	dup := reopen(t, s, e.ID)
	dup.Versions[fr].Title = "Titre à moitié"
	dup.Versions[en].Slug = "taken-en"
	_, err := s.SaveEpisode(t.Context(), dup, content.SaveInfo{BaseRevision: 1, Now: now})
	ve, ok := errors.AsType[*content.ValidationError](err)
	if !ok || ve.Fields["en.slug"] != content.EditErrSlugTaken {
		t.Errorf("taken slug: %v", err)
	}
	// Invalid input never reaches the database.
	inv := reopen(t, s, e.ID)
	inv.Versions[en].Title = ""
	if _, err := s.SaveEpisode(t.Context(), inv, content.SaveInfo{BaseRevision: 1, Now: now}); !errors.As(err, new(*content.ValidationError)) {
		t.Errorf("empty title: %v", err)
	}
	got := reopen(t, s, e.ID)
	if got.Revision != 1 || got.Version(en).Title != "Title whole en" || got.Version(fr).Title != "Title whole fr" ||
		got.Version(en).Slug != "whole-en" || len(got.Topics) != 0 || generation(t, s) != g {
		t.Errorf("a failed save left a trace: %+v", got)
	}
	if rs, _ := s.Revisions(t.Context(), e.ID); len(rs) != 1 {
		t.Errorf("%d revisions after failed saves, want 1", len(rs))
	}
	// A failed create leaves no episode behind.
	before, _ := s.AdminEpisodes(t.Context(), store.AdminEpisodeQuery{})
	nw := edited("orphan", en)
	nw.Authors = []content.Author{{ID: 987654}}
	if _, err := s.SaveEpisode(t.Context(), nw, content.SaveInfo{Now: now}); err == nil {
		t.Fatal("a create with an unknown author succeeded")
	}
	if after, _ := s.AdminEpisodes(t.Context(), store.AdminEpisodeQuery{}); after.Total != before.Total {
		t.Errorf("a failed create left an episode: %d → %d", before.Total, after.Total)
	}
}

func testEditAdminList(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(
		episode("list-pub", day(9), kind(content.Watch), topics("data"), withID("list-pub")),
		episode("list-draft", day(8), draft, only(en), withID("list-draft")),
	))
	u := mustCreateUser(t, s, "lister@example.org", content.RoleContributor)
	mine := edited("list-mine", fr)
	mine.OwnerID = u.ID
	mine.Versions[fr].Title = "Le 100% _spécial_ titre"
	mustSave(t, s, mine, content.SaveInfo{UserID: u.ID, Now: now.Add(time.Hour)})

	ids := func(q store.AdminEpisodeQuery) []int64 {
		t.Helper()
		p, err := s.AdminEpisodes(t.Context(), q)
		if err != nil {
			t.Fatalf("AdminEpisodes(%+v): %v", q, err)
		}
		var out []int64
		for _, e := range p.Episodes {
			out = append(out, e.ID)
		}
		return out
	}
	pub, drf := idOf(t, s, "list-pub"), idOf(t, s, "list-draft")
	has := func(list []int64, id int64) bool { return slices.Contains(list, id) }
	all := ids(store.AdminEpisodeQuery{})
	if !has(all, pub) || !has(all, drf) || !has(all, mine.ID) || all[0] != mine.ID {
		t.Errorf("all statuses, newest save first: %v", all)
	}
	if l := ids(store.AdminEpisodeQuery{Status: content.Draft}); has(l, pub) || !has(l, drf) || !has(l, mine.ID) {
		t.Errorf("drafts: %v", l)
	}
	if l := ids(store.AdminEpisodeQuery{Kind: content.Watch}); !slices.Equal(l, []int64{pub}) {
		t.Errorf("watch: %v", l)
	}
	if l := ids(store.AdminEpisodeQuery{TopicID: topicIDs(t, s)["data"]}); !slices.Equal(l, []int64{pub}) {
		t.Errorf("topic data: %v", l)
	}
	if l := ids(store.AdminEpisodeQuery{MissingLang: fr}); !has(l, drf) || has(l, pub) || has(l, mine.ID) {
		t.Errorf("missing French: %v", l)
	}
	if l := ids(store.AdminEpisodeQuery{MissingLang: en}); !has(l, mine.ID) || has(l, drf) {
		t.Errorf("missing English: %v", l)
	}
	if l := ids(store.AdminEpisodeQuery{OwnerID: u.ID}); !slices.Equal(l, []int64{mine.ID}) {
		t.Errorf("owner: %v", l)
	}
	// The title search is case-insensitive for ASCII, and % and _ are
	// literal characters, not patterns.
	for q, want := range map[string][]int64{
		"100%": {mine.ID}, "_sp": {mine.ID}, "spécial": {mine.ID}, "LIST-PUB": {pub}, "%_%": nil, "zzz": nil, "' OR 1=1 --": nil,
	} {
		if l := ids(store.AdminEpisodeQuery{Text: q}); !slices.Equal(l, want) {
			t.Errorf("text %q: %v, want %v", q, l, want)
		}
	}
	p, err := s.AdminEpisodes(t.Context(), store.AdminEpisodeQuery{Limit: 1, Offset: 1})
	if err != nil || len(p.Episodes) != 1 || p.Total != len(all) || p.Episodes[0].ID != all[1] {
		t.Errorf("paging: %+v %v", p, err)
	}
}

// testEditMediaBytes: the declared size of a recording is stored by an
// import and by a save, loaded as written (sizes beyond 32 bits too), kept
// in each revision's snapshot and brought back by a restore.
func testEditMediaBytes(t *testing.T, s store.Store) {
	u := mustCreateUser(t, s, "sizer@example.org", content.RoleEditor)
	const big = 5_000_000_123 // over 4 GiB: a long video
	mustImport(t, s, bundle(episode("sized", day(2), withID("sized"), kind(content.Listen), func(e *content.Episode) {
		e.Versions[en].MediaURL, e.Versions[en].MediaType, e.Versions[en].MediaBytes = "https://cdn.example.ca/sized-en.mp3", "audio/mpeg", big
		e.Versions[fr].MediaURL, e.Versions[fr].MediaType = "/media/sized-fr.mp3", "audio/mpeg"
	})))
	id := idOf(t, s, "sized")
	got := reopen(t, s, id)
	if b := got.Version(en).MediaBytes; b != big {
		t.Errorf("imported English size %d, want %d", b, big)
	}
	if b := got.Version(fr).MediaBytes; b != 0 {
		t.Errorf("imported French size %d, want 0 (not given)", b)
	}
	if pub, err := s.EpisodeBySlug(t.Context(), en, got.Version(en).Slug, now); err != nil {
		t.Errorf("public episode: %v", err)
	} else if b := pub.Version(en).MediaBytes; b != big {
		t.Errorf("public episode: size %d, want %d", b, big)
	}

	got.Versions[fr].MediaURL, got.Versions[fr].MediaBytes = "https://cdn.example.ca/sized-fr.mp3", 48213004
	first := mustSave(t, s, got, content.SaveInfo{UserID: u.ID, BaseRevision: got.Revision, Publish: true})
	got = reopen(t, s, id)
	got.Versions[en].MediaBytes = 7
	second := mustSave(t, s, got, content.SaveInfo{UserID: u.ID, BaseRevision: got.Revision, Publish: true})
	saved := reopen(t, s, id)
	if a, b := saved.Version(en).MediaBytes, saved.Version(fr).MediaBytes; a != 7 || b != 48213004 {
		t.Errorf("saved sizes %d, %d; want 7, 48213004", a, b)
	}
	r, err := s.RevisionByNumber(t.Context(), id, first)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := r.Snapshot.Versions[en].MediaBytes, r.Snapshot.Versions[fr].MediaBytes; a != big || b != 48213004 {
		t.Errorf("revision %d: sizes %d, %d", first, a, b)
	}
	back := r.Snapshot.Episode()
	back.ID = id
	for _, v := range back.Versions {
		v.BodyHTML = "<p>" + v.BodyMarkdown + "</p>"
	}
	mustSave(t, s, back, content.SaveInfo{UserID: u.ID, BaseRevision: second, Note: "restore", Publish: true})
	if b := reopen(t, s, id).Version(en).MediaBytes; b != big {
		t.Errorf("after restoring revision %d: size %d, want %d", first, b, big)
	}
}

// testEpisodeIDByKey: the command line finds an episode by its key.
func testEpisodeIDByKey(t *testing.T, s store.Store) {
	mustImport(t, s, bundle())
	e := edited("keyed", en, fr)
	mustSave(t, s, e, content.SaveInfo{})
	if id, err := s.EpisodeIDByKey(t.Context(), e.Key); err != nil || id != e.ID || e.Key == "" {
		t.Errorf("EpisodeIDByKey(%q) = %d, %v; want %d", e.Key, id, err, e.ID)
	}
	if _, err := s.EpisodeIDByKey(t.Context(), "no-such-key' OR '1'='1"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an unknown key: %v, want not found", err)
	}
}
