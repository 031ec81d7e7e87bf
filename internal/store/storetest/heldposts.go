package storetest

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testHeldPosts: a held form comes back whole, only to its own user and
// within the time given; forms older than store.HeldPostTTL go at the
// next hold, a user keeps at most store.MaxHeldPosts (the newest), and a
// dropped form is gone.
func testHeldPosts(t *testing.T, s store.Store) {
	ctx := t.Context()
	ann := mustCreateUser(t, s, "held-ann@example.ca", content.RoleEditor)
	ben := mustCreateUser(t, s, "held-ben@example.ca", content.RoleAuthor)
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	body := url.Values{"en.title": {"Déjà « vu » <b>"}, "topic": {"1", "2"}, "en.body": {strings.Repeat("Long text. ", 50000)}}.Encode()
	if err := s.HoldPost(ctx, "h1", ann.ID, "/admin/episodes/7", body, t0); err != nil {
		t.Fatal(err)
	}
	path, got, err := s.HeldPost(ctx, "h1", ann.ID, t0.Add(-time.Minute))
	if err != nil || path != "/admin/episodes/7" || got != body {
		t.Fatalf("HeldPost = %q, %d bytes (want %d), %v", path, len(got), len(body), err)
	}
	if _, _, err := s.HeldPost(ctx, "h1", ben.ID, t0.Add(-time.Minute)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("another user's held form: %v; want not found", err)
	}
	if _, _, err := s.HeldPost(ctx, "h1", ann.ID, t0.Add(time.Second)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a form held before since: %v; want not found", err)
	}
	if err := s.HoldPost(ctx, "h1", ben.ID, "/admin/x", "a=1", t0); err == nil {
		t.Error("HoldPost reused a token hash")
	}
	// An hour later, a new hold drops the old one.
	later := t0.Add(store.HeldPostTTL + time.Minute)
	if err := s.HoldPost(ctx, "h2", ben.ID, "/admin/topics", "a=1", later); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.HeldPost(ctx, "h1", ann.ID, time.Time{}); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a form held longer than the TTL is still there: %v", err)
	}
	// The newest MaxHeldPosts of a user stay.
	for i := range store.MaxHeldPosts + 3 {
		if err := s.HoldPost(ctx, fmt.Sprintf("n%02d", i), ann.ID, "/admin/", "i="+fmt.Sprint(i), later.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range store.MaxHeldPosts + 3 {
		_, _, err := s.HeldPost(ctx, fmt.Sprintf("n%02d", i), ann.ID, time.Time{})
		if kept := i >= 3; kept != (err == nil) {
			t.Errorf("held form %d of %d: %v; kept %v", i, store.MaxHeldPosts+3, err, kept)
		}
	}
	if _, _, err := s.HeldPost(ctx, "h2", ben.ID, time.Time{}); err != nil {
		t.Errorf("another user's forms were dropped: %v", err)
	}
	if err := s.DropHeldPost(ctx, "h2", ann.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.HeldPost(ctx, "h2", ben.ID, time.Time{}); err != nil {
		t.Errorf("dropping as another user dropped the form: %v", err)
	}
	if err := s.DropHeldPost(ctx, "h2", ben.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.HeldPost(ctx, "h2", ben.ID, time.Time{}); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a dropped form: %v", err)
	}

	// An ended session is gone, and names its user until the TTL.
	if err := s.CreateSession(ctx, "ended-1", ann.ID, t0, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ctx, "ended-1", t0); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.SessionUser(ctx, "ended-1"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an ended session is still a session: %v", err)
	}
	if u, err := s.EndedSessionUser(ctx, "ended-1", t0.Add(-time.Minute)); err != nil || u.ID != ann.ID {
		t.Errorf("EndedSessionUser = %v, %v; want %d", u, err, ann.ID)
	}
	if _, err := s.EndedSessionUser(ctx, "ended-1", t0.Add(time.Minute)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an ended session before since: %v", err)
	}
	if _, err := s.EndedSessionUser(ctx, "never", time.Time{}); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an unknown token: %v", err)
	}
	// Ending another session after the TTL forgets the first.
	if err := s.CreateSession(ctx, "ended-2", ben.ID, t0, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ctx, "ended-2", t0.Add(store.EndedSessionTTL+time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EndedSessionUser(ctx, "ended-1", time.Time{}); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an ended session older than the TTL is remembered: %v", err)
	}
	if u, err := s.EndedSessionUser(ctx, "ended-2", time.Time{}); err != nil || u.ID != ben.ID {
		t.Errorf("EndedSessionUser(ended-2) = %v, %v", u, err)
	}
}
