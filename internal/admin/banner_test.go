package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// An editor changes the site banner: errors come back in the editor's
// language with the text kept, nothing is half-saved, and a saved banner
// shows on public pages once the page cache syncs.
func TestBanner(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.gc.ca", content.RoleEditor, content.French, content.UserActive)
		c := e.mustSignIn(ed)
		before, err := e.st.Notice(t.Context())
		if err != nil {
			t.Fatal(err)
		}

		// Shown with the French text missing: 422, French message, typed text kept.
		r := e.post("/admin/banner", c, url.Values{"enabled": {"on"}, "en": {"Maintenance <tonight> & more"}, "fr": {"  "}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("missing French: status %d", r.StatusCode)
		}
		if !strings.Contains(text(r.body), "Rédigez le texte") || htmlLang(r.body) != "fr-CA" {
			t.Fatalf("error not in the editor's language: %q", alertText(r.body))
		}
		if !strings.Contains(r.body, "Maintenance &lt;tonight&gt; &amp; more") {
			t.Fatal("the typed English text was not kept (escaped)")
		}
		// Too long, and a control character.
		r = e.post("/admin/banner", c, url.Values{"enabled": {"on"}, "en": {strings.Repeat("é", 301)}, "fr": {"a\x01b"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad texts: status %d", r.StatusCode)
		}
		if after, _ := e.st.Notice(t.Context()); after != before {
			t.Fatalf("a refused save changed the banner: %+v", after)
		}

		// A good save: stored, audited, shown on public pages in each language.
		r = e.post("/admin/banner", c, url.Values{"enabled": {"on"}, "en": {"Maintenance tonight."}, "fr": {"Maintenance ce soir."}})
		if r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/banner" {
			t.Fatalf("save: status %d, location %q", r.StatusCode, r.Header.Get("Location"))
		}
		n, err := e.st.Notice(t.Context())
		if err != nil || !n.Enabled || n.Text.EN != "Maintenance tonight." || n.Text.FR != "Maintenance ce soir." {
			t.Fatalf("stored banner %+v, %v", n, err)
		}
		if e.auditCount("settings.banner", "banner") != 1 {
			t.Fatal("no settings.banner audit entry")
		}
		if err := e.start.App.SyncCache(t.Context()); err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string]string{"/en/": "Maintenance tonight.", "/fr/": "Maintenance ce soir."} {
			if r := e.get(path, nil); !strings.Contains(r.body, want) {
				t.Fatalf("%s does not show %q", path, want)
			}
		}

		// Hidden: the texts may stay, the pages show no banner.
		r = e.post("/admin/banner", c, url.Values{"en": {"Maintenance tonight."}, "fr": {"Maintenance ce soir."}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("hide: status %d", r.StatusCode)
		}
		if err := e.start.App.SyncCache(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r := e.get("/en/", nil); strings.Contains(r.body, "Maintenance tonight.") {
			t.Fatal("a hidden banner still shows")
		}
	})
}
