package storetest

import (
	"errors"
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
		if _, err := s.AddEpisodeNote(ctx, content.EpisodeNote{EpisodeID: e.ID, UserID: u.ID, Kind: kind, Body: body, CreatedAt: t0.Add(time.Duration(min) * time.Minute)}, nil); err != nil {
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

// testReviewRequests: the reviewer asked is the episode's while it is in
// review, with the request's note (addressed to them) written in the same
// change; any other step clears it.
func testReviewRequests(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle())
	owner := mustCreateUser(t, s, "review-owner@example.ca", content.RoleContributor)
	reviewer := mustCreateUser(t, s, "review-reviewer@example.ca", content.RoleAuthor)
	e := edited("reviewed", en, fr)
	e.OwnerID = owner.ID
	mustSave(t, s, e, content.SaveInfo{UserID: owner.ID})
	mustChange(t, s, e.ID, content.OpSubmit, now, func(c *store.StateChange) {
		c.ReviewerID = reviewer.ID
		c.Note = &content.EpisodeNote{UserID: owner.ID, ToUserID: reviewer.ID, Kind: content.NoteSubmitted, Body: "Over to you", CreatedAt: now}
	})
	got := mustByID(t, s, e.ID)
	if got.Status != content.Review || got.ReviewerID != reviewer.ID {
		t.Fatalf("after the request: status %s, reviewer %d; want review, %d", got.Status, got.ReviewerID, reviewer.ID)
	}
	notes, err := s.EpisodeNotes(ctx, e.ID)
	if err != nil || len(notes) != 1 || notes[0].ToUserID != reviewer.ID || notes[0].EpisodeID != e.ID || notes[0].Body != "Over to you" {
		t.Fatalf("the request's note: %+v, %v", notes, err)
	}
	// A step refused (stale revision) writes neither the state nor the note.
	stale := store.StateChange{EpisodeID: e.ID, Op: content.OpBackToDraft, From: content.Review, Revision: got.Revision - 1, Now: now,
		Note: &content.EpisodeNote{UserID: reviewer.ID, Kind: content.NoteChangesRequested, Body: "lost", CreatedAt: now},
		Mail: []content.Mail{{To: owner.Email, Lang: content.English, Subject: "lost", Body: "lost", CreatedAt: now}}}
	if err := s.ChangeEpisodeState(ctx, stale); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("a stale step: %v, want a conflict", err)
	}
	if notes, _ := s.EpisodeNotes(ctx, e.ID); len(notes) != 1 {
		t.Errorf("a refused step left a note: %+v", notes)
	}
	if m, _ := s.ClaimMail(ctx, now.Add(time.Hour), time.Minute, 10); len(m) != 0 {
		t.Errorf("a refused step queued mail: %+v", m)
	}
	mustChange(t, s, e.ID, content.OpBackToDraft, now.Add(time.Minute), nil)
	if got := mustByID(t, s, e.ID); got.ReviewerID != 0 {
		t.Errorf("back to draft, the reviewer is still %d", got.ReviewerID)
	}
	// Sent again without a reviewer: anyone who may publish it.
	mustChange(t, s, e.ID, content.OpSubmit, now.Add(2*time.Minute), nil)
	if got := mustByID(t, s, e.ID); got.Status != content.Review || got.ReviewerID != 0 {
		t.Errorf("submitted without a reviewer: %s, reviewer %d", got.Status, got.ReviewerID)
	}
}

// testOutbox: mail written with a change is claimed once, sent or retried
// later with a growing delay, and given up after the last attempt.
func testOutbox(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle())
	u := mustCreateUser(t, s, "outbox@example.ca", content.RoleEditor)
	e := edited("mailed", en, fr)
	e.OwnerID = u.ID
	mustSave(t, s, e, content.SaveInfo{UserID: u.ID})
	mail := []content.Mail{
		{To: "a@example.ca", Lang: content.English, Subject: "Review requested", Body: "Please review.", CreatedAt: now},
		{To: "b@example.ca", Lang: content.French, Subject: "Révision demandée « épisode »", Body: "Veuillez réviser.", CreatedAt: now},
	}
	if _, err := s.AddEpisodeNote(ctx, content.EpisodeNote{EpisodeID: e.ID, UserID: u.ID, Kind: content.NoteComment, Body: "hello", CreatedAt: now}, mail); err != nil {
		t.Fatal(err)
	}
	if m, err := s.ClaimMail(ctx, now.Add(-time.Second), time.Minute, 10); err != nil || len(m) != 0 {
		t.Fatalf("claimed before it was due: %+v, %v", m, err)
	}
	claimed, err := s.ClaimMail(ctx, now, time.Minute, 10)
	if err != nil || len(claimed) != 2 || claimed[1].Subject != mail[1].Subject || claimed[1].Lang != content.French || claimed[0].To != "a@example.ca" {
		t.Fatalf("ClaimMail = %+v, %v", claimed, err)
	}
	if again, err := s.ClaimMail(ctx, now.Add(30*time.Second), time.Minute, 10); err != nil || len(again) != 0 {
		t.Fatalf("claimed twice within the lease: %+v, %v", again, err)
	}
	if err := s.MailSent(ctx, claimed[0].ID, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.MailFailed(ctx, claimed[1].ID, now.Add(time.Second), "451 try again later"); err != nil {
		t.Fatal(err)
	}
	// The failed one is due a minute later; the sent one never again.
	if m, _ := s.ClaimMail(ctx, now.Add(30*time.Second), time.Minute, 10); len(m) != 0 {
		t.Fatalf("retried before its delay: %+v", m)
	}
	m, err := s.ClaimMail(ctx, now.Add(time.Second+content.MailRetry(1)), time.Minute, 10)
	if err != nil || len(m) != 1 || m[0].ID != claimed[1].ID || m[0].Attempts != 1 {
		t.Fatalf("the retry: %+v, %v", m, err)
	}
	at := now.Add(time.Hour)
	for range content.MailMaxAttempts {
		if err := s.MailFailed(ctx, m[0].ID, at, "550 no such user"); err != nil {
			t.Fatal(err)
		}
	}
	if m, _ := s.ClaimMail(ctx, at.Add(30*24*time.Hour), time.Minute, 10); len(m) != 0 {
		t.Errorf("claimed after the last attempt: %+v", m)
	}
	log, err := s.OutboxMail(ctx, 10)
	if err != nil || len(log) != 2 {
		t.Fatalf("OutboxMail = %+v, %v", log, err)
	}
	for _, l := range log {
		switch l.To {
		case "a@example.ca":
			if !l.SentAt.Equal(now.Add(time.Second)) || l.LastError != "" {
				t.Errorf("the sent message: %+v", l)
			}
		case "b@example.ca":
			if !l.SentAt.IsZero() || l.LastError != "550 no such user" || l.Attempts < content.MailMaxAttempts {
				t.Errorf("the given-up message: %+v", l)
			}
		}
	}
}
