package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestAutosave: what the editor's script sends is kept for its sender
// only; reopening the editor offers it, restores it into the form
// (escaped), and a save or a discard forgets it. A new episode's editor
// has its own. Sent after the session ended, it is refused with 401 and
// not held for sign-in.
func TestAutosave(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	other := e.addUser("other@example.org", content.RoleEditor, content.English, content.UserActive)
	c, oc := e.mustSignIn(ed), e.mustSignIn(other)
	ep := e.addEpisode(ed, "Autosaved")
	en := printer(t, "en")
	typed := `Typed <b>"not saved"</b> yet`

	r := e.get(episodeURL(ep.ID), c)
	if !strings.Contains(r.body, `data-autosave="`+episodeURL(ep.ID)+`/autosave"`) || strings.Contains(text(r.body), en.T("autosave.title")) {
		t.Fatal("the editor gives its script no autosave address, or offers an autosave before any")
	}
	f := episodeForm(1, typed)
	if r := e.post(episodeURL(ep.ID)+"/autosave", c, f); r.StatusCode != http.StatusNoContent {
		t.Fatalf("autosave: %d\n%s", r.StatusCode, r.body)
	}
	if got := e.episode(t, ep.ID); got.Revision != 1 || got.Version(content.English).Title != "Autosaved en" {
		t.Errorf("an autosave changed the episode: revision %d, %q", got.Revision, got.Version(content.English).Title)
	}
	r = e.get(episodeURL(ep.ID), c)
	if b := text(r.body); !strings.Contains(b, en.T("autosave.title")) || !strings.Contains(r.body, episodeURL(ep.ID)+"?restore=autosave") {
		t.Error("reopening the editor does not offer the autosave")
	}
	if b := text(e.get(episodeURL(ep.ID), oc).body); strings.Contains(b, en.T("autosave.title")) {
		t.Error("another editor is offered this person's autosave")
	}
	r = e.get(episodeURL(ep.ID)+"?restore=autosave", c)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `value="Typed &lt;b&gt;&#34;not saved&#34;&lt;/b&gt; yet"`) {
		t.Fatalf("restoring: %d, the typed title not in the form (escaped)\n%s", r.StatusCode, r.body)
	}
	// Saving forgets it.
	if r := e.post(episodeURL(ep.ID), c, episodeForm(1, typed)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	if b := text(e.get(episodeURL(ep.ID), c).body); strings.Contains(b, en.T("autosave.title")) {
		t.Error("a save left the autosave offered")
	}

	// Discarding forgets it.
	if r := e.post(episodeURL(ep.ID)+"/autosave", c, episodeForm(2, "Second thoughts")); r.StatusCode != http.StatusNoContent {
		t.Fatalf("autosave: %d", r.StatusCode)
	}
	if r := e.post(episodeURL(ep.ID)+"/autosave/discard", c, url.Values{}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != episodeURL(ep.ID) {
		t.Fatalf("discard: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if b := text(e.get(episodeURL(ep.ID), c).body); strings.Contains(b, en.T("autosave.title")) {
		t.Error("a discarded autosave is offered")
	}

	// A new episode's editor.
	if r := e.post("/admin/episodes/new/autosave", c, episodeForm(0, "Never created")); r.StatusCode != http.StatusNoContent {
		t.Fatalf("new episode's autosave: %d", r.StatusCode)
	}
	if r := e.get("/admin/episodes/new?restore=autosave", c); !strings.Contains(r.body, `value="Never created"`) {
		t.Error("the new episode's editor does not restore its autosave")
	}

	// After the session ended: 401, nothing held.
	e.clock.Advance(31 * time.Minute)
	r = e.post(episodeURL(ep.ID)+"/autosave", c, episodeForm(2, "Too late"))
	if r.StatusCode != http.StatusUnauthorized || e.auditCount("session.form_held", "user:"+strconv.FormatInt(ed.ID, 10)) != 0 {
		t.Errorf("autosave after the session ended: %d; held %d times", r.StatusCode, e.auditCount("session.form_held", "user:"+strconv.FormatInt(ed.ID, 10)))
	}
	if r := e.post("/admin/keepalive", c, url.Values{}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("keep-alive after the session ended: %d", r.StatusCode)
	}
}

// TestKeepAlive: the script's keep-alive moves the session's last use on,
// so that someone typing for more than 30 minutes stays signed in.
func TestKeepAlive(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	for range 3 {
		e.clock.Advance(20 * time.Minute)
		if r := e.post("/admin/keepalive", c, url.Values{}); r.StatusCode != http.StatusNoContent {
			t.Fatalf("keep-alive: %d", r.StatusCode)
		}
	}
	e.clock.Advance(20 * time.Minute)
	if r := e.get("/admin/", c); r.StatusCode != http.StatusOK {
		t.Errorf("after 80 minutes of keep-alives: %d, want still signed in", r.StatusCode)
	}
}
