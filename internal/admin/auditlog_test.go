package admin_test

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestAuditLogPage: times in the newsroom's zone with the zone named;
// filters by person, family of actions, target and dates (in that zone);
// pages of 100; a CSV of what the filters select, with UTC and zone times
// and cells defused for spreadsheets; bad dates refused in the page's
// language.
func TestAuditLogPage(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	admin := e.addUser("admin@example.org", content.RoleAdministrator, content.English, content.UserActive)
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(admin)
	// 2025-06-01 03:30 UTC is May 31, 23:30 in Toronto (EDT).
	t0 := time.Date(2025, 6, 1, 3, 30, 0, 0, time.UTC)
	for i := range 130 {
		if err := e.st.AddAudit(t.Context(), content.AuditEntry{At: t0.Add(time.Duration(i) * time.Second), ActorID: ed.ID,
			Action: "episode.saved", Target: "episode:" + strconv.Itoa(i%3), Detail: "=cmd|' /C calc'!A0"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.AddAudit(t.Context(), content.AuditEntry{At: t0.Add(48 * time.Hour), Action: "episode.published", Target: "episode:1"}); err != nil {
		t.Fatal(err)
	}

	r := e.get("/admin/audit?who="+strconv.FormatInt(ed.ID, 10)+"&action=episode.", c)
	body := text(r.body)
	if r.StatusCode != http.StatusOK || !strings.Contains(body, "Entries: 130.") || !strings.Contains(body, "America/Toronto") || !strings.Contains(body, "May 31, 2025, 23:32 EDT") {
		t.Fatalf("filtered page: %d\n%s", r.StatusCode, body)
	}
	if n := strings.Count(r.body, "<tr><td><time"); n != 100 || !strings.Contains(r.body, `rel="next"`) {
		t.Errorf("first page: %d rows, next link %v; want 100 and a next page", n, strings.Contains(r.body, `rel="next"`))
	}
	r = e.get("/admin/audit?who="+strconv.FormatInt(ed.ID, 10)+"&action=episode.&page=2", c)
	if n := strings.Count(r.body, "<tr><td><time"); n != 30 || !strings.Contains(r.body, `rel="prev"`) {
		t.Errorf("second page: %d rows; want 30 and a previous page", n)
	}
	// Dates are the newsroom's: May 31 holds all 130 (23:30 to 23:32).
	if r := e.get("/admin/audit?from=2025-05-31&to=2025-05-31", c); !strings.Contains(text(r.body), "Entries: 130.") {
		t.Errorf("May 31 in Toronto: %s", text(r.body)[:200])
	}
	if r := e.get("/admin/audit?who=system&target=episode:1", c); !strings.Contains(text(r.body), "Entries: 1.") {
		t.Errorf("the system's entries on episode:1: %s", text(r.body)[:300])
	}
	if r := e.get("/admin/audit?from=2025-13-01", c); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), printer(t, "en").T("admin.feedback_bad_date")) {
		t.Errorf("a bad date: %d", r.StatusCode)
	}

	r = e.get("/admin/audit.csv?action=episode.saved&target=episode:1", c)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+43 || rows[0][2] != "at_America/Toronto" {
		t.Fatalf("CSV: %d rows, header %q; want 43 entries", len(rows)-1, rows[0])
	}
	if last := rows[len(rows)-1]; last[1] != "2025-06-01T03:30:01Z" || last[2] != "2025-05-31 23:30:01 EDT" || last[3] != "editor@example.org" ||
		strings.HasPrefix(last[6], "=") {
		t.Errorf("oldest CSV row: %q", last)
	}
	// Only administrators read it.
	if r := e.get("/admin/audit.csv", e.mustSignIn(ed)); r.StatusCode != http.StatusForbidden {
		t.Errorf("an editor's CSV: %d", r.StatusCode)
	}
}
