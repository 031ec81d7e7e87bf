package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testPendingChanges: a save of a published episode is a pending change.
// The public site keeps the live episode (no generation move, no page
// change, the same text by slug), the editor gets the change
// (WorkingEpisode), saves on top of it and conflicts as before;
// publishing it writes it live and records its pages' changes;
// discarding it records a revision of the live episode; a save with
// Publish replaces it; unpublishing takes it along as the working copy.
func testPendingChanges(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("live", day(3), withID("live"), titled("Live english", "Direct francais"))))
	id := idOf(t, s, "live")
	live := mustByID(t, s, id)
	slugEN := live.Version(en).Slug
	r0 := live.Revision

	publicTitle := func() string {
		t.Helper()
		return mustBySlug(t, s, en, slugEN).Version(en).Title
	}
	work := func() *content.Episode {
		t.Helper()
		w, err := s.WorkingEpisode(ctx, id)
		if err != nil {
			t.Fatalf("WorkingEpisode: %v", err)
		}
		return w
	}
	if w := work(); w.Pending != nil || w.Revision != r0 {
		t.Fatalf("before any save: pending %+v, revision %d; want none, %d", w.Pending, w.Revision, r0)
	}

	// A first pending save.
	g0 := generation(t, s)
	w := work()
	w.Versions[en].Title = "Pending english"
	r1 := mustSave(t, s, w, content.SaveInfo{BaseRevision: r0})
	if g := generation(t, s); g != g0 {
		t.Errorf("a pending save moved the generation %d → %d", g0, g)
	}
	if got := publicTitle(); got != "Live english" {
		t.Errorf("public title after a pending save = %q; want the live %q", got, "Live english")
	}
	w = work()
	if w.Pending == nil || w.Pending.LiveRevision != r0 || w.Revision != r1 || w.Version(en).Title != "Pending english" {
		t.Fatalf("working episode = pending %+v, revision %d, title %q; want live revision %d, revision %d, the pending title",
			w.Pending, w.Revision, w.Version(en).Title, r0, r1)
	}
	if res, err := s.AdminEpisodes(ctx, store.AdminEpisodeQuery{Pending: true}); err != nil || res.Total != 1 || res.Episodes[0].ID != id ||
		res.Episodes[0].Pending == nil || res.Episodes[0].Pending.LiveRevision != r0 {
		t.Errorf("AdminEpisodes(Pending) = %+v, %v; want the episode, marked pending", res, err)
	}
	if w.Status != content.Published || w.PublishedAt.IsZero() {
		t.Errorf("working episode status %s, published %v; want the live episode's", w.Status, w.PublishedAt)
	}

	// A second save on top of it, and a save from the first one.
	w.Versions[fr].Summary = "Resume en attente"
	r2 := mustSave(t, s, w, content.SaveInfo{BaseRevision: r1})
	stale := work()
	stale.Versions[en].Title = "From an old page"
	if _, err := s.SaveEpisode(ctx, stale, content.SaveInfo{BaseRevision: r1, Now: now}); !errors.Is(err, content.ErrConflict) {
		t.Errorf("save from revision %d after %d: %v; want a conflict", r1, r2, err)
	}
	w = work()
	if w.Pending == nil || w.Pending.LiveRevision != r0 || w.Version(en).Title != "Pending english" || w.Version(fr).Summary != "Resume en attente" {
		t.Errorf("after two pending saves: pending %+v, %q, %q", w.Pending, w.Version(en).Title, w.Version(fr).Summary)
	}
	if revs, err := s.Revisions(ctx, id); err != nil || len(revs) == 0 || revs[0].Number != r2 {
		t.Errorf("revisions = %v, %v; want the newest %d first", revs, err, r2)
	}

	// Publishing: from an old revision it is a conflict; then live.
	if err := s.PublishPending(ctx, id, r1, now); !errors.Is(err, content.ErrConflict) {
		t.Errorf("PublishPending at revision %d (latest %d): %v; want a conflict", r1, r2, err)
	}
	g1 := generation(t, s)
	if err := s.PublishPending(ctx, id, r2, now); err != nil {
		t.Fatalf("PublishPending: %v", err)
	}
	if got := publicTitle(); got != "Pending english" {
		t.Errorf("public title after publishing = %q", got)
	}
	if got := mustByID(t, s, id); got.Version(fr).Summary != "Resume en attente" || got.Revision != r2 || !got.ModifiedAt.Equal(now) {
		t.Errorf("live after publishing: summary %q, revision %d, modified %v; want the change, %d, %v", got.Version(fr).Summary, got.Revision, got.ModifiedAt, r2, now)
	}
	tags, _, _, err := s.ChangesSince(ctx, g1)
	if err != nil || !slices.Contains(tags, store.TagEpisodePage(id)) {
		t.Errorf("publishing recorded %q, %v; want the episode's page among them", tags, err)
	}
	if w := work(); w.Pending != nil {
		t.Errorf("after publishing, still pending: %+v", w.Pending)
	}
	if err := s.PublishPending(ctx, id, r2, now); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("PublishPending with nothing pending: %v; want not found", err)
	}

	// Discarding.
	w = work()
	w.Versions[en].Title = "Never published"
	r3 := mustSave(t, s, w, content.SaveInfo{BaseRevision: r2})
	r4, err := s.DiscardPending(ctx, id, r3, content.SaveInfo{Note: "discard", Now: now})
	if err != nil || r4 != r3+1 {
		t.Fatalf("DiscardPending = %d, %v; want revision %d", r4, err, r3+1)
	}
	if w := work(); w.Pending != nil || w.Version(en).Title != "Pending english" || w.Revision != r4 {
		t.Errorf("after discarding: pending %+v, title %q, revision %d", w.Pending, w.Version(en).Title, w.Revision)
	}
	if rev, err := s.RevisionByNumber(ctx, id, r4); err != nil || rev.Note != "discard" || rev.Snapshot.Versions[en].Title != "Pending english" {
		t.Errorf("discard revision = %+v, %v; want the live text with its note", rev, err)
	}
	if got := publicTitle(); got != "Pending english" {
		t.Errorf("public title after discarding = %q", got)
	}

	// A save with Publish replaces a pending change.
	w = work()
	w.Versions[en].Title = "Proposed"
	r5 := mustSave(t, s, w, content.SaveInfo{BaseRevision: r4})
	w = work()
	w.Versions[en].Title = "Published at once"
	r6 := mustSave(t, s, w, content.SaveInfo{BaseRevision: r5, Publish: true})
	if got := publicTitle(); got != "Published at once" {
		t.Errorf("public title after a save with Publish = %q", got)
	}
	if w := work(); w.Pending != nil || w.Revision != r6 {
		t.Errorf("after a save with Publish: pending %+v, revision %d", w.Pending, w.Revision)
	}

	// Unpublishing takes a pending change along.
	w = work()
	w.Versions[en].Title = "Working copy"
	mustSave(t, s, w, content.SaveInfo{BaseRevision: r6})
	if err := change(t, s, id, content.OpUnpublish, now, nil); err != nil {
		t.Fatalf("unpublish: %v", err)
	}
	if got := mustByID(t, s, id); got.Status != content.Unpublished || got.Version(en).Title != "Working copy" {
		t.Errorf("after unpublishing: %s, %q; want unpublished with the pending text", got.Status, got.Version(en).Title)
	}
	if w := work(); w.Pending != nil {
		t.Errorf("after unpublishing, still pending: %+v", w.Pending)
	}
}
