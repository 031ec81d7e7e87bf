package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestReviewLoop: a contributor sends a draft for review with a note; the
// editor's dashboard counts it waiting, the workflow page shows the note;
// a request for changes must say what, then sends the draft back, which
// the contributor's dashboard counts; a note in the thread, and sending
// it again, end the request. Notes are escaped.
func TestReviewLoop(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	co := e.addUser("contributor@example.org", content.RoleContributor, content.English, content.UserActive)
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	cc, ce := e.mustSignIn(co), e.mustSignIn(ed)
	ep := e.addEpisode(co, "Reviewed")
	en := printer(t, "en")
	step := func(c *http.Cookie, name string, form url.Values) resp {
		t.Helper()
		cur := e.episode(t, ep.ID)
		form.Set("status", string(cur.Status))
		form.Set("revision", strconv.Itoa(cur.Revision))
		return e.post(episodeURL(ep.ID)+"/"+name, c, form)
	}
	if r := step(cc, "submit", url.Values{"note": {"Ready <b>for</b> a look"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", r.StatusCode, r.body)
	}
	if b := text(e.get("/admin/", ce).body); !strings.Contains(b, en.T("notes.queue_review", "n", 1)) {
		t.Error("the editor's dashboard does not count the episode waiting for review")
	}
	r := e.get(episodeURL(ep.ID)+"/publish", ce)
	if !strings.Contains(r.body, "Ready &lt;b&gt;for&lt;/b&gt; a look") || !strings.Contains(text(r.body), en.T("notes.request_changes")) {
		t.Fatal("the workflow page does not show the note (escaped) or offer to request changes")
	}
	if r := step(ce, "draft", url.Values{"note": {"  "}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), en.T("notes.error_empty")) {
		t.Errorf("a request for changes saying nothing: %d", r.StatusCode)
	}
	if got := e.episode(t, ep.ID).Status; got != content.Review {
		t.Fatalf("after the refused request: %s", got)
	}
	if r := step(ce, "draft", url.Values{"note": {"Shorten the summary."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request changes: %d", r.StatusCode)
	}
	if b := text(e.get("/admin/", cc).body); !strings.Contains(b, en.T("notes.queue_changes", "n", 1)) {
		t.Error("the contributor's dashboard does not count the draft sent back")
	}
	if r := e.get("/admin/episodes?changes=on&mine=on", cc); !strings.Contains(r.body, episodeURL(ep.ID)) {
		t.Error("the list of drafts with changes requested lacks the episode")
	}
	if r := e.post(episodeURL(ep.ID)+"/notes", cc, url.Values{"note": {"On it."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d", r.StatusCode)
	}
	if r := e.post(episodeURL(ep.ID)+"/notes", cc, url.Values{"note": {strings.Repeat("x", content.MaxNote+1)}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a note too long: %d", r.StatusCode)
	}
	if r := step(cc, "submit", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit again: %d", r.StatusCode)
	}
	if b := text(e.get("/admin/", cc).body); !strings.Contains(b, en.T("notes.queue_changes", "n", 0)) {
		t.Error("sent again, the draft is still counted with changes requested")
	}
	notes, err := e.st.EpisodeNotes(t.Context(), ep.ID)
	if err != nil || len(notes) != 4 || notes[1].Kind != content.NoteChangesRequested || notes[1].UserID != ed.ID || notes[3].Kind != content.NoteSubmitted {
		t.Errorf("thread = %+v, %v", notes, err)
	}
}
