package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testAudit covers the append-only audit log: order, times in UTC, and
// triggers that refuse changes below the store.
func testAudit(t *testing.T, s store.Store) {
	ctx := t.Context()
	if got, err := s.AuditLog(ctx, 10); err != nil || len(got) != 0 {
		t.Fatalf("empty AuditLog = %v, %v", got, err)
	}
	admin := mustCreateUser(t, s, "admin@example.ca", content.RoleAdministrator)
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.FixedZone("EDT", -4*3600))
	in := []content.AuditEntry{
		{At: t0, Action: "user.created", Target: "user:1", Detail: "administrator, from the command line"},
		{At: t0.Add(time.Minute), ActorID: admin.ID, Action: "signin", Target: "admin@example.ca", IP: "192.0.2.1"},
		{At: t0.Add(2 * time.Minute), Action: "signin.failed", Target: "nobody@example.ca", Detail: "« inconnu » '; DROP TABLE audit_log; --", IP: "2001:db8::1"},
		// Same time as the previous one: the order of insertion decides.
		{At: t0.Add(2 * time.Minute), ActorID: admin.ID, Action: "user.role_changed", Target: "user:2", Detail: "author → editor"},
	}
	for _, e := range in {
		e.ID = 999 // ignored
		if err := s.AddAudit(ctx, e); err != nil {
			t.Fatalf("AddAudit(%+v): %v", e, err)
		}
	}
	if err := s.AddAudit(ctx, content.AuditEntry{At: t0}); err == nil {
		t.Error("AddAudit accepted an entry without an action")
	}
	if err := s.AddAudit(ctx, content.AuditEntry{At: t0, ActorID: admin.ID + 1000, Action: "x"}); err == nil {
		t.Error("AddAudit accepted a missing actor")
	}
	got, err := s.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) {
		t.Fatalf("AuditLog returned %d entries; want %d", len(got), len(in))
	}
	for i, g := range got {
		w := in[len(in)-1-i]
		if g.ID <= 0 || (i > 0 && g.ID >= got[i-1].ID) {
			t.Errorf("entry %d id %d: not newest first", i, g.ID)
		}
		if g.At.Location() != time.UTC || !g.At.Equal(w.At) {
			t.Errorf("entry %d At = %v; want %v in UTC", i, g.At, w.At.UTC())
		}
		w.ID, w.At = g.ID, g.At
		if g != w {
			t.Errorf("entry %d = %+v; want %+v", i, g, w)
		}
	}
	if got, err := s.AuditLog(ctx, 2); err != nil || len(got) != 2 || got[0].Action != "user.role_changed" || got[1].Action != "signin.failed" {
		t.Errorf("AuditLog(2) = %+v, %v", got, err)
	}

	// Append-only below the store too.
	db := sqlOf(s)
	if db == nil {
		return
	}
	for _, q := range []string{`UPDATE audit_log SET detail = 'changed'`, `DELETE FROM audit_log`} {
		if _, err := db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded on an append-only table", q)
		}
	}
	if got, _ := s.AuditLog(ctx, 10); len(got) != len(in) || got[1].Detail != in[2].Detail {
		t.Errorf("the audit log changed: %+v", got)
	}
	// Staff with a history cannot be deleted out from under it.
	if _, err := db.ExecContext(ctx, `DELETE FROM users WHERE id = `+strconv.FormatInt(admin.ID, 10)); err == nil {
		t.Error("a user named in the audit log was deleted")
	}
}
