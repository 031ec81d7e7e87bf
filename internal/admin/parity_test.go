package admin_test

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestParityDashboard: counts, filters, age in days, links; the CSV export
// is for editors, starts with a byte-order mark and defuses formulas.
func TestParityDashboard(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		contrib := e.addUser("contrib@example.org", content.RoleContributor, content.English, content.UserActive)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		cc, ce := e.mustSignIn(contrib), e.mustSignIn(ed)
		e.importEpisode(t, wfEpisode("fine"), nil)
		enOnly := e.importEpisode(t, wfEpisode("enonly", func(ep *content.Episode) {
			delete(ep.Versions, content.French)
			ep.Versions[content.English].Title = `=HYPERLINK("http://evil.example","x")`
		}), nil)
		listen := e.importEpisode(t, wfEpisode("sound", func(ep *content.Episode) {
			ep.Kind = content.Listen
			delete(ep.Versions, content.English)
		}), nil)

		r := e.get("/admin/parity", cc)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("contributor's dashboard: %d", r.StatusCode)
		}
		body := text(r.body)
		for _, want := range []string{"Missing language: 2", "Stale translation: 0", "One-language exception: 0", "Matching episodes: 2", "sound fr"} {
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if strings.Contains(body, "fine en") {
			t.Error("an episode without a problem is listed")
		}
		if !strings.Contains(r.body, `href="/admin/parity"`) {
			t.Error("no navigation link to the dashboard")
		}
		if strings.Contains(r.body, "parity.csv") {
			t.Error("the CSV link is offered to a contributor")
		}
		if r := e.get("/admin/parity.csv", cc); r.StatusCode != http.StatusForbidden {
			t.Errorf("contributor's CSV: %d", r.StatusCode)
		}
		r = e.get("/admin/parity?kind=listen&problem=missing&status=draft&topic=abc", ce)
		if r.StatusCode != http.StatusOK || !strings.Contains(text(r.body), "Matching episodes: 1") ||
			!strings.Contains(r.body, "/admin/episodes/"+strconv.FormatInt(listen, 10)+"/publish") ||
			!strings.Contains(r.body, `<option value="listen" selected>`) {
			t.Errorf("filtered dashboard: %d\n%s", r.StatusCode, r.body)
		}
		if !strings.Contains(r.body, `href="/admin/parity.csv?kind=listen&amp;problem=missing&amp;status=draft"`) {
			t.Error("the CSV link does not carry the filters")
		}

		r = e.get("/admin/parity.csv", ce)
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("CSV: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(r.body, "\uFEFF") {
			t.Error("no byte-order mark")
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || recs[0][0] != "episode_id" || recs[0][6] != "missing" {
			t.Fatalf("CSV rows: %q", recs)
		}
		for _, rec := range recs[1:] {
			if rec[0] == strconv.FormatInt(enOnly, 10) {
				if rec[4] != `'=HYPERLINK("http://evil.example","x")` || rec[6] != "fr" {
					t.Errorf("enonly row: %q", rec)
				}
			}
		}
	})
}
