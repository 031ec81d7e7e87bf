package storetest

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testStaff covers users, sessions, sign-in failures and the audit log.
func testStaff(t *testing.T, s store.Store) {
	t.Run("Users", func(t *testing.T) { testUsers(t, s) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, s) })
	t.Run("HeldPosts", func(t *testing.T) { testHeldPosts(t, s) })
	t.Run("LoginFailures", func(t *testing.T) { testLoginFailures(t, s) })
}

const fakeHash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"

func mustCreateUser(t *testing.T, s store.Store, email string, role content.Role) *content.User {
	t.Helper()
	id, err := s.CreateUser(t.Context(), content.User{Email: email, Name: "Staff " + email, Role: role, Lang: en}, fakeHash)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	u, err := s.UserByID(t.Context(), id)
	if err != nil {
		t.Fatalf("UserByID(%d): %v", id, err)
	}
	return u
}

func testUsers(t *testing.T, s store.Store) {
	ctx := t.Context()
	edt := time.FixedZone("EDT", -4*3600)
	created := time.Date(2025, 5, 30, 9, 30, 15, 0, edt)
	in := content.User{Email: "  Jane.Doe@Example.GC.CA ", Name: " Jane Doe-Tremblay ", Role: content.RoleAdministrator, Lang: fr, CreatedAt: created}
	id, err := s.CreateUser(ctx, in, fakeHash)
	if err != nil || id <= 0 {
		t.Fatalf("CreateUser = %d, %v", id, err)
	}
	want := content.User{ID: id, Email: "jane.doe@example.gc.ca", Name: "Jane Doe-Tremblay", Role: content.RoleAdministrator,
		Lang: fr, Status: content.UserActive, CreatedAt: created.UTC()}
	got, err := s.UserByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt %v is not UTC", got.CreatedAt)
	}
	if d := cmp.Diff(want, *got); d != "" {
		t.Errorf("UserByID (-want +got):\n%s", d)
	}
	for _, email := range []string{"jane.doe@example.gc.ca", "JANE.DOE@EXAMPLE.GC.CA", " Jane.Doe@example.gc.ca\t"} {
		got, err := s.UserByEmail(ctx, email)
		if err != nil || got.ID != id {
			t.Errorf("UserByEmail(%q) = %+v, %v", email, got, err)
		}
	}
	for _, email := range []string{"nobody@example.gc.ca", "not an address", "", "jane.doe@example.gc.ca' OR '1'='1"} {
		if _, err := s.UserByEmail(ctx, email); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("UserByEmail(%q) err = %v; want ErrNotFound", email, err)
		}
	}
	if _, err := s.UserByID(ctx, id+1000); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("UserByID(missing) err = %v; want ErrNotFound", err)
	}

	// The same address in another case is the same address.
	for _, email := range []string{"jane.doe@example.gc.ca", "JANE.DOE@example.gc.ca", "  jane.doe@EXAMPLE.gc.ca  "} {
		_, err := s.CreateUser(ctx, content.User{Email: email, Role: content.RoleEditor, Lang: en}, fakeHash)
		if !errors.Is(err, content.ErrConflict) {
			t.Errorf("CreateUser(%q) again: err = %v; want ErrConflict", email, err)
		}
	}
	// Invalid input is refused before it reaches the database.
	for name, u := range map[string]content.User{
		"bad email": {Email: "jane", Role: content.RoleEditor, Lang: en},
		"bad role":  {Email: "x@example.ca", Role: "owner", Lang: en},
		"bad lang":  {Email: "x@example.ca", Role: content.RoleEditor, Lang: "de"},
	} {
		if _, err := s.CreateUser(ctx, u, fakeHash); err == nil {
			t.Errorf("%s: CreateUser accepted %+v", name, u)
		}
	}
	if _, err := s.CreateUser(ctx, content.User{Email: "nohash@example.ca", Role: content.RoleEditor, Lang: en}, ""); err == nil {
		t.Error("CreateUser accepted an empty password hash")
	}

	bob := mustCreateUser(t, s, "bob@example.ca", content.RoleContributor)
	zoe := mustCreateUser(t, s, "Zoé.Ouellet@Example.ca", content.RoleAuthor)
	if zoe.Email != "zoé.ouellet@example.ca" || zoe.CreatedAt.IsZero() || zoe.Status != content.UserActive {
		t.Errorf("user created without a time = %+v", zoe)
	}
	all, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, u := range all {
		emails = append(emails, u.Email)
	}
	if d := cmp.Diff([]string{"bob@example.ca", "jane.doe@example.gc.ca", "zoé.ouellet@example.ca"}, emails); d != "" {
		t.Errorf("Users emails (-want +got):\n%s", d)
	}

	// Password hash.
	if h, err := s.PasswordHash(ctx, id); err != nil || h != fakeHash {
		t.Errorf("PasswordHash = %q, %v", h, err)
	}
	newHash := strings.Replace(fakeHash, "t=1", "t=2", 1)
	if err := s.SetUserPassword(ctx, bob.ID, newHash); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.PasswordHash(ctx, bob.ID); h != newHash {
		t.Errorf("PasswordHash after SetUserPassword = %q", h)
	}
	if h, _ := s.PasswordHash(ctx, id); h != fakeHash {
		t.Errorf("SetUserPassword changed another user's hash: %q", h)
	}
	if err := s.SetUserPassword(ctx, bob.ID, ""); err == nil {
		t.Error("SetUserPassword accepted an empty hash")
	}

	// Role and status.
	if err := s.SetUserRole(ctx, bob.ID, content.RoleEditor); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserRole(ctx, bob.ID, "owner"); err == nil {
		t.Error("SetUserRole accepted an unknown role")
	}
	if err := s.SetUserStatus(ctx, bob.ID, content.UserSuspended); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserStatus(ctx, bob.ID, "deleted"); err == nil {
		t.Error("SetUserStatus accepted an unknown status")
	}
	got, err = s.UserByEmail(ctx, "BOB@example.ca")
	if err != nil {
		t.Fatal(err)
	}
	if got.Role != content.RoleEditor || got.Status != content.UserSuspended || got.Active() {
		t.Errorf("after SetUserRole/SetUserStatus: %+v", got)
	}
	if other, _ := s.UserByID(ctx, zoe.ID); other.Role != content.RoleAuthor || other.Status != content.UserActive {
		t.Errorf("another user changed: %+v", other)
	}
	if err := s.SetUserStatus(ctx, bob.ID, content.UserActive); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, bob.ID); got.Status != content.UserActive {
		t.Errorf("reactivated user status = %q", got.Status)
	}
	missing := id + 1000
	for name, err := range map[string]error{
		"SetUserRole":     s.SetUserRole(ctx, missing, content.RoleEditor),
		"SetUserStatus":   s.SetUserStatus(ctx, missing, content.UserSuspended),
		"SetUserPassword": s.SetUserPassword(ctx, missing, fakeHash),
	} {
		if !errors.Is(err, content.ErrNotFound) {
			t.Errorf("%s(missing user) err = %v; want ErrNotFound", name, err)
		}
	}
	if _, err := s.PasswordHash(ctx, missing); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("PasswordHash(missing user) err = %v; want ErrNotFound", err)
	}
}

func testSessions(t *testing.T, s store.Store) {
	ctx := t.Context()
	ann := mustCreateUser(t, s, "ann@example.ca", content.RoleEditor)
	ben := mustCreateUser(t, s, "ben@example.ca", content.RoleAuthor)
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		hash string
		u    *content.User
	}{{"a1", ann}, {"a2", ann}, {"b1", ben}} {
		if err := s.CreateSession(ctx, tc.hash, tc.u.ID, t0, "192.0.2.7", "Mozilla/5.0 « test »"); err != nil {
			t.Fatalf("CreateSession(%s): %v", tc.hash, err)
		}
	}
	if err := s.CreateSession(ctx, "a1", ann.ID, t0, "", ""); err == nil {
		t.Error("CreateSession reused a token hash")
	}
	if err := s.CreateSession(ctx, "x1", ben.ID+1000, t0, "", ""); err == nil {
		t.Error("CreateSession accepted a missing user")
	}

	u, created, seen, err := s.SessionUser(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != ann.ID || u.Email != "ann@example.ca" || u.Role != content.RoleEditor || u.Status != content.UserActive {
		t.Errorf("SessionUser user = %+v", u)
	}
	if !created.Equal(t0) || !seen.Equal(t0) || created.Location() != time.UTC {
		t.Errorf("SessionUser times = %v, %v; want %v", created, seen, t0)
	}
	if _, _, _, err := s.SessionUser(ctx, "nope"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("SessionUser(unknown) err = %v; want ErrNotFound", err)
	}

	// Touch moves last_seen_at forward, never back, and only that session.
	t1 := t0.Add(10 * time.Minute)
	if err := s.TouchSession(ctx, "a1", t1); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchSession(ctx, "a1", t0.Add(time.Minute)); err != nil {
		t.Errorf("TouchSession with an older time: %v", err)
	}
	if _, created, seen, _ := s.SessionUser(ctx, "a1"); !created.Equal(t0) || !seen.Equal(t1) {
		t.Errorf("after touch: created %v, last seen %v; want %v, %v", created, seen, t0, t1)
	}
	if _, _, seen, _ := s.SessionUser(ctx, "a2"); !seen.Equal(t0) {
		t.Errorf("touching a1 moved a2 to %v", seen)
	}
	if err := s.TouchSession(ctx, "nope", t1); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("TouchSession(unknown) err = %v; want ErrNotFound", err)
	}

	// Suspension shows on the next lookup.
	if err := s.SetUserStatus(ctx, ann.ID, content.UserSuspended); err != nil {
		t.Fatal(err)
	}
	if u, _, _, err := s.SessionUser(ctx, "a2"); err != nil || u.Status != content.UserSuspended {
		t.Errorf("SessionUser after suspension = %+v, %v", u, err)
	}

	// Sign-out.
	if err := s.DeleteSession(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "a1"); err != nil {
		t.Errorf("DeleteSession twice: %v", err)
	}
	if _, _, _, err := s.SessionUser(ctx, "a1"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("SessionUser after DeleteSession err = %v", err)
	}
	if err := s.DeleteUserSessions(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.SessionUser(ctx, "a2"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("SessionUser after DeleteUserSessions err = %v", err)
	}
	if _, _, _, err := s.SessionUser(ctx, "b1"); err != nil {
		t.Errorf("DeleteUserSessions(ann) removed ben's session: %v", err)
	}

	// Sessions go with their user (there is no store method to delete
	// one: staff are suspended; this checks the schema's cascade).
	db := sqlOf(s)
	if db == nil {
		return
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM users WHERE id = `+strconv.FormatInt(ben.ID, 10)); err != nil {
		t.Fatalf("delete user: %v", err)
	}
	if _, _, _, err := s.SessionUser(ctx, "b1"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("SessionUser after its user was deleted err = %v; want ErrNotFound", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = `+strconv.FormatInt(ben.ID, 10)).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d sessions left for a deleted user (%v)", n, err)
	}
}

func testLoginFailures(t *testing.T, s store.Store) {
	ctx := t.Context()
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	since := t0.Add(-15 * time.Minute)
	record := func(email, ip string, at time.Time) {
		t.Helper()
		if err := s.RecordLoginFailure(ctx, email, ip, at); err != nil {
			t.Fatalf("RecordLoginFailure(%s, %s, %v): %v", email, ip, at, err)
		}
	}
	count := func(email, ip string) (int, int) {
		t.Helper()
		e, i, err := s.LoginFailures(ctx, email, ip, since)
		if err != nil {
			t.Fatalf("LoginFailures: %v", err)
		}
		return e, i
	}
	// In the window: at its start (inclusive) and inside; outside: a
	// microsecond before it and long ago.
	record("Ann@Example.ca", "192.0.2.1", since)
	record("ann@example.ca", "192.0.2.1", t0.Add(-time.Minute))
	record(" ANN@EXAMPLE.CA", "192.0.2.2", t0)
	record("ann@example.ca", "192.0.2.1", since.Add(-time.Microsecond))
	record("ann@example.ca", "192.0.2.1", t0.Add(-24*time.Hour))
	// Other accounts from the same IP, including addresses that do not exist
	// or are not addresses at all.
	record("nobody@example.ca", "192.0.2.1", t0)
	record("not an address", "192.0.2.1", t0)
	record(strings.Repeat("x", 5000), "192.0.2.1", t0)

	if e, i := count("ann@example.ca", "192.0.2.1"); e != 3 || i != 5 {
		t.Errorf("LoginFailures(ann, .1) = %d, %d; want 3 by e-mail, 5 by IP", e, i)
	}
	if e, i := count("ANN@example.CA", "192.0.2.2"); e != 3 || i != 1 {
		t.Errorf("LoginFailures(ANN, .2) = %d, %d; want 3, 1", e, i)
	}
	if e, i := count("Not An Address", "198.51.100.9"); e != 1 || i != 0 {
		t.Errorf("LoginFailures(junk, other IP) = %d, %d; want 1, 0", e, i)
	}
	if e, _ := count(strings.Repeat("X", 5000), ""); e != 1 {
		t.Errorf("LoginFailures(long junk) = %d; want 1", e)
	}
	if e, i := count("zed@example.ca", "2001:db8::1"); e != 0 || i != 0 {
		t.Errorf("LoginFailures(no failures) = %d, %d", e, i)
	}
	// A later window drops what fell out of it.
	if e, i, err := s.LoginFailures(ctx, "ann@example.ca", "192.0.2.1", t0.Add(-time.Minute)); err != nil || e != 2 || i != 4 {
		t.Errorf("LoginFailures since t0-1m = %d, %d, %v; want 2, 4", e, i, err)
	}

	if err := s.ClearLoginFailures(ctx, "ANN@example.ca"); err != nil {
		t.Fatal(err)
	}
	if e, i := count("ann@example.ca", "192.0.2.1"); e != 0 || i != 3 {
		t.Errorf("after ClearLoginFailures(ann) = %d, %d; want 0, 3 (other accounts' failures stay)", e, i)
	}
	if e, _ := count("nobody@example.ca", ""); e != 1 {
		t.Errorf("ClearLoginFailures(ann) cleared nobody's failures: %d", e)
	}
}
