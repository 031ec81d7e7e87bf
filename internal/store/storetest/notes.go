package storetest

import (
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testEpisodeNotes: an episode's thread comes back oldest first, and a
// draft whose thread ends with a request for changes is listed as such
// until it is sent for review again.
func testEpisodeNotes(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle()) // the taxonomy
	u := mustCreateUser(t, s, "notes-ann@example.ca", content.RoleEditor)
	e := edited("noted", en, fr)
	e.OwnerID = u.ID
	mustSave(t, s, e, content.SaveInfo{UserID: u.ID})
	t0 := now
	add := func(min int, kind content.NoteKind, body string) {
		t.Helper()
		if _, err := s.AddEpisodeNote(ctx, content.EpisodeNote{EpisodeID: e.ID, UserID: u.ID, Kind: kind, Body: body, CreatedAt: t0.Add(time.Duration(min) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	requested := func() bool {
		t.Helper()
		res, err := s.AdminEpisodes(ctx, store.AdminEpisodeQuery{ChangesRequested: true, OwnerID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total == 1 && res.Episodes[0].ID == e.ID
	}
	add(0, content.NoteSubmitted, "Ready « à relire »")
	add(1, content.NoteChangesRequested, "Please shorten the summary.")
	if !requested() {
		t.Error("a draft sent back with changes requested is not listed as such")
	}
	add(2, content.NoteComment, "Working on it")
	if requested() {
		t.Error("a note after the request still lists it (the thread's last word counts)")
	}
	add(3, content.NoteChangesRequested, "And the title.")
	add(4, content.NoteSubmitted, "")
	if requested() {
		t.Error("sent for review again, yet listed as changes requested")
	}
	notes, err := s.EpisodeNotes(ctx, e.ID)
	if err != nil || len(notes) != 5 || notes[0].Body != "Ready « à relire »" || notes[4].Kind != content.NoteSubmitted || notes[1].UserID != u.ID ||
		!notes[1].CreatedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("EpisodeNotes = %+v, %v", notes, err)
	}
}
