package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"golang.org/x/net/html"
)

// heldFields reads the held page's form: where it posts and its fields.
func heldFields(t *testing.T, body string) (string, url.Values) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var action string
	form := url.Values{}
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "method") == "post" && strings.Contains(attr(n, "action"), "held=") {
			action, in = attr(n, "action"), true
		}
		if in && n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			form.Add(attr(n, "name"), attr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	if action == "" {
		t.Fatalf("no form that sends the held post on:\n%s", body)
	}
	return action, form
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

var heldToken = regexp.MustCompile(`held=([A-Za-z0-9_-]+)`)

// TestHeldPostAfterSessionEnds: a save sent after the session ended idle
// is neither refused nor lost. It is held; the sign-in page says so; once
// the same person signs in, the form comes back whole (hostile text
// included, escaped) and, sent on, saves. Sent after another editor's
// save, it is a conflict that shows the typed text. Another person cannot
// see it; a file upload is not held but sent to sign in again; a post
// without any session is still refused.
func TestHeldPostAfterSessionEnds(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
	other := e.addUser("other@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	ep := e.addEpisode(ed, "Held")
	hostile := `Titre <script>alert(1)</script> « ok » & "quotes"`

	e.clock.Advance(31 * time.Minute) // idle: the session ends
	f := episodeForm(1, hostile)
	f.Add("topic", "999") // a repeated field comes back too
	r := e.post(episodeURL(ep.ID), c, f)
	if r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/sign-in" {
		t.Fatalf("save after the session ended: %d %q, want a redirect to sign in", r.StatusCode, r.Header.Get("Location"))
	}
	m := heldToken.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		t.Fatalf("the sign-in redirect names no held form: %q", r.Header.Get("Location"))
	}
	token := m[1]
	if got := e.episode(t, ep.ID).Version(content.English).Title; got != "Held en" {
		t.Fatalf("the episode changed while signed out: %q", got)
	}
	fr := printer(t, "fr")
	if r := e.get(r.Header.Get("Location"), nil); !strings.Contains(text(r.body), fr.T("admin.signin_held")) || !strings.Contains(r.body, `name="held" value="`+token+`"`) {
		t.Errorf("the sign-in page does not say the form is kept, or does not carry it:\n%s", r.body)
	}
	if e.auditCount("session.form_held", "user:"+strconv.FormatInt(ed.ID, 10)) != 1 {
		t.Error("holding the form is not audited")
	}

	// Another person signing in with the token goes to their dashboard;
	// the held page is not theirs.
	r, oc := e.signIn(other.Email, password, url.Values{"held": {token}})
	if r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/" {
		t.Errorf("another person's sign-in with the token: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := e.get("/admin/held/"+token, oc); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/?held=gone" {
		t.Errorf("another person's held page: %d %q", r.StatusCode, r.Header.Get("Location"))
	}

	// The same person signs in: the form comes back.
	r, c = e.signIn(ed.Email, password, url.Values{"held": {token}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/held/"+token {
		t.Fatalf("sign-in with a held form: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = e.get("/admin/held/"+token, c)
	if r.StatusCode != http.StatusOK || strings.Contains(r.body, "<script>alert") {
		t.Fatalf("held page: %d, or the typed text unescaped\n%s", r.StatusCode, r.body)
	}
	action, held := heldFields(t, r.body)
	if held.Get("en.title") != hostile || len(held["topic"]) != 1 || held.Get("base_revision") != "1" || held.Get("do") != "save" {
		t.Errorf("held fields = %v", held)
	}

	// Meanwhile another editor saves: sending on is a conflict that keeps
	// the typed text.
	oc = e.mustSignIn(other)
	if r := e.post(episodeURL(ep.ID), oc, episodeForm(1, "Saved meanwhile")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other editor's save: %d", r.StatusCode)
	}
	r = e.post(action, c, held)
	if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.body), hostile) {
		t.Fatalf("sending on after another save: %d, typed text shown %v", r.StatusCode, strings.Contains(text(r.body), hostile))
	}
	// The conflict page had the text: the held form is forgotten.
	if r := e.get("/admin/held/"+token, c); r.Header.Get("Location") != "/admin/?held=gone" {
		t.Errorf("after sending on: held page %d %q, want gone", r.StatusCode, r.Header.Get("Location"))
	}
	if r := e.get("/admin/?held=gone", c); !strings.Contains(text(r.body), fr.T("held.gone")) {
		t.Error("the dashboard does not say the held form is gone")
	}

	// A second hold, sent on without a conflict, saves.
	e.clock.Advance(31 * time.Minute)
	cur := e.episode(t, ep.ID).Revision
	r = e.post(episodeURL(ep.ID), c, episodeForm(cur, "Typed while signed out"))
	token = heldToken.FindStringSubmatch(r.Header.Get("Location"))[1]
	_, c = e.signIn(ed.Email, password, url.Values{"held": {token}})
	action, held = heldFields(t, e.get("/admin/held/"+token, c).body)
	if r := e.post(action, c, held); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), episodeURL(ep.ID)+"?saved=") {
		t.Fatalf("sending on: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	if got := e.episode(t, ep.ID).Version(content.English).Title; got != "Typed while signed out" {
		t.Errorf("after sending on: title %q", got)
	}

	// An upload is not held: sign in again and send the file again.
	e.clock.Advance(31 * time.Minute)
	r = e.do(req{method: "POST", path: "/admin/media", cookie: c, form: url.Values{"x": {"1"}},
		header: map[string]string{"Content-Type": "multipart/form-data; boundary=zzz"}})
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "ended=upload") {
		t.Errorf("upload after the session ended: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	// Without any session, a post is refused as before.
	if r := e.post(episodeURL(ep.ID), nil, episodeForm(cur+1, "Anonymous")); r.StatusCode != http.StatusForbidden {
		t.Errorf("post without a session: %d, want 403", r.StatusCode)
	}
}
