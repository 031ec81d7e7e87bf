package storetest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testInvitations covers invitations: creation, the one pending link per
// address, expiry, acceptance (once, even when raced), revocation.
func testInvitations(t *testing.T, s store.Store) {
	ctx := t.Context()
	admin := mustCreateUser(t, s, "admin@example.org", content.RoleAdministrator)
	at := time.Date(2026, 3, 1, 14, 0, 0, 0, time.UTC)
	invite := func(email, token string, role content.Role) int64 {
		t.Helper()
		id, err := s.CreateInvitation(ctx, content.Invitation{Email: email, Name: "New Person", Role: role, Lang: fr, InvitedBy: admin.ID, CreatedAt: at}, token)
		if err != nil || id <= 0 {
			t.Fatalf("CreateInvitation(%s) = %d, %v", email, id, err)
		}
		return id
	}

	id := invite(" Nouvelle.Personne@Example.GC.CA ", "hash-1", content.RoleEditor)
	inv, err := s.InvitationByToken(ctx, "hash-1")
	if err != nil {
		t.Fatal(err)
	}
	want := content.Invitation{ID: id, Email: "nouvelle.personne@example.gc.ca", Name: "New Person", Role: content.RoleEditor, Lang: fr,
		InvitedBy: admin.ID, CreatedAt: at, ExpiresAt: at.Add(content.InvitationTTL)}
	if *inv != want {
		t.Errorf("InvitationByToken = %+v\nwant %+v", *inv, want)
	}
	if _, err := s.InvitationByToken(ctx, "no-such-hash"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("unknown token: %v, want ErrNotFound", err)
	}

	// An address already used by staff cannot be invited; a bad one is a
	// validation error.
	if _, err := s.CreateInvitation(ctx, content.Invitation{Email: "ADMIN@example.org", Role: content.RoleEditor, Lang: en, CreatedAt: at}, "hash-x"); !errors.Is(err, content.ErrConflict) {
		t.Errorf("inviting a staff member's address: %v, want ErrConflict", err)
	}
	var ve *content.ValidationError
	if _, err := s.CreateInvitation(ctx, content.Invitation{Email: "not an address", Role: "boss", Lang: en, CreatedAt: at}, "hash-y"); !errors.As(err, &ve) || ve.Fields["email"] == "" || ve.Fields["role"] == "" {
		t.Errorf("invalid invitation: %v, want a validation error on email and role", err)
	}

	// A second invitation to the same address withdraws the first link.
	id2 := invite("nouvelle.personne@example.gc.ca", "hash-2", content.RoleAuthor)
	if _, err := s.InvitationByToken(ctx, "hash-1"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("first link after a second invitation: %v, want ErrNotFound", err)
	}
	invite("other@example.org", "hash-3", content.RoleContributor)
	pending, err := s.PendingInvitations(ctx, at.Add(time.Hour))
	if err != nil || len(pending) != 2 {
		t.Fatalf("PendingInvitations = %+v, %v; want 2", pending, err)
	}
	if pending, _ := s.PendingInvitations(ctx, at.Add(content.InvitationTTL)); len(pending) != 0 {
		t.Errorf("pending after expiry = %+v, want none", pending)
	}

	// Expired links cannot be accepted.
	if _, err := s.AcceptInvitation(ctx, "hash-2", "", fakeHash, at.Add(content.InvitationTTL)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("accept after expiry: %v, want ErrNotFound", err)
	}

	// Accepting, raced by several requests with the same link: one account.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var users []*content.User
	for range 4 {
		wg.Go(func() {
			u, err := s.AcceptInvitation(ctx, "hash-2", " Nouvelle Personne ", fakeHash, at.Add(2*time.Hour))
			if err != nil && !errors.Is(err, content.ErrNotFound) {
				t.Errorf("AcceptInvitation: %v", err)
			}
			if err == nil {
				mu.Lock()
				users = append(users, u)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(users) != 1 {
		t.Fatalf("%d accepts succeeded with one link, want 1", len(users))
	}
	u, err := s.UserByEmail(ctx, "nouvelle.personne@example.gc.ca")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != users[0].ID || u.Role != content.RoleAuthor || u.Lang != fr || u.Name != "Nouvelle Personne" || !u.Active() {
		t.Errorf("accepted user = %+v (returned %+v)", u, users[0])
	}
	if h, err := s.PasswordHash(ctx, u.ID); err != nil || h != fakeHash {
		t.Errorf("password hash = %q, %v", h, err)
	}
	inv, err = s.InvitationByToken(ctx, "hash-2")
	if err != nil || inv.AcceptedAt.IsZero() || inv.UserID != u.ID || inv.Pending(at.Add(3*time.Hour)) {
		t.Errorf("accepted invitation = %+v, %v", inv, err)
	}
	if _, err := s.AcceptInvitation(ctx, "hash-2", "", fakeHash, at.Add(3*time.Hour)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("second accept: %v, want ErrNotFound", err)
	}
	// A name that is not one line is refused before anything is written.
	if _, err := s.AcceptInvitation(ctx, "hash-3", "two\nlines", fakeHash, at.Add(time.Hour)); !errors.As(err, &ve) || ve.Fields["name"] == "" {
		t.Errorf("bad name: %v, want a validation error", err)
	}

	// Revoking withdraws a pending invitation; revoking a used one or an
	// unknown id changes nothing.
	if err := s.RevokeInvitation(ctx, id2); err != nil {
		t.Errorf("revoke used: %v", err)
	}
	if inv, err := s.InvitationByToken(ctx, "hash-2"); err != nil || inv.UserID != u.ID {
		t.Errorf("used invitation after revoke = %+v, %v", inv, err)
	}
	pending, _ = s.PendingInvitations(ctx, at.Add(time.Hour))
	if len(pending) != 1 || pending[0].Email != "other@example.org" {
		t.Fatalf("pending = %+v", pending)
	}
	if err := s.RevokeInvitation(ctx, pending[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeInvitation(ctx, 987654); err != nil {
		t.Errorf("revoke unknown: %v", err)
	}
	if _, err := s.AcceptInvitation(ctx, "hash-3", "", fakeHash, at.Add(time.Hour)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("accept after revoke: %v, want ErrNotFound", err)
	}
}
