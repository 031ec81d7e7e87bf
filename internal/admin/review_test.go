package admin_test

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/mail/mailtest"
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

// TestReviewerAsked: a contributor asks an author (who works in French)
// to review their draft; the author's dashboard counts it, the author may
// open and edit the draft (not before it is asked of them, nor after it
// leaves review) and request changes, but not publish it. Each step's
// notification reaches a real SMTP server, in its recipient's language,
// and a reviewer not offered is refused.
func TestReviewerAsked(t *testing.T) {
	smtp := mailtest.Start(t)
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true, SMTP: smtp.URL()})
	co := e.addUser("owner@example.org", content.RoleContributor, content.English, content.UserActive)
	au := e.addUser("reviewer@example.org", content.RoleAuthor, content.French, content.UserActive)
	other := e.addUser("other-contributor@example.org", content.RoleContributor, content.English, content.UserActive)
	cc, ca := e.mustSignIn(co), e.mustSignIn(au)
	ep := e.addEpisode(co, "Asked")
	fr := printer(t, "fr")
	step := func(c *http.Cookie, name string, form url.Values) resp {
		t.Helper()
		cur := e.episode(t, ep.ID)
		form.Set("status", string(cur.Status))
		form.Set("revision", strconv.Itoa(cur.Revision))
		return e.post(episodeURL(ep.ID)+"/"+name, c, form)
	}
	if r := e.get(episodeURL(ep.ID), ca); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the author opens someone's draft before being asked: %d", r.StatusCode)
	}
	page := e.get(episodeURL(ep.ID)+"/publish", cc)
	if !strings.Contains(page.body, `<option value="`+strconv.FormatInt(au.ID, 10)+`"`) || strings.Contains(page.body, `<option value="`+strconv.FormatInt(other.ID, 10)+`"`) {
		t.Fatal("the submit form does not offer the author, or offers a contributor")
	}
	if r := step(cc, "submit", url.Values{"reviewer": {strconv.FormatInt(other.ID, 10)}, "note": {"kept"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, ">kept</textarea>") {
		t.Fatalf("a reviewer not offered: %d", r.StatusCode)
	}
	if r := step(cc, "submit", url.Values{"reviewer": {strconv.FormatInt(au.ID, 10)}, "note": {"Pouvez-vous relire « ceci » ?"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit to the author: %d\n%s", r.StatusCode, r.body)
	}
	if b := text(e.get("/admin/", ca).body); !strings.Contains(b, fr.T("notes.queue_asked", "n", 1)) {
		t.Error("the reviewer's dashboard does not count the request")
	}
	if r := e.get("/admin/episodes?asked=on", ca); !strings.Contains(r.body, episodeURL(ep.ID)) {
		t.Error("the list of reviews asked of the author lacks the episode")
	}
	if r := e.get(episodeURL(ep.ID), ca); r.StatusCode != http.StatusOK {
		t.Fatalf("the reviewer cannot open the draft: %d", r.StatusCode)
	}
	page = e.get(episodeURL(ep.ID)+"/publish", ca)
	if page.StatusCode != http.StatusOK || !strings.Contains(text(page.body), fr.T("notes.request_changes")) || strings.Contains(page.body, `/publish" class`) && strings.Contains(text(page.body), fr.T("workflow.publish_now")) {
		t.Fatalf("the reviewer's workflow page: %d, request changes offered %v", page.StatusCode, strings.Contains(text(page.body), fr.T("notes.request_changes")))
	}
	if r := step(ca, "publish", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the reviewer published someone else's episode: %d", r.StatusCode)
	}

	msgs := smtp.Wait(t, 1)
	m := msgs[0]
	subject := decodeHeader(t, m.Header.Get("Subject"))
	if len(m.To) != 1 || m.To[0] != au.Email || m.Header.Get("Content-Language") != "fr" ||
		subject != fr.T("mail.review_subject", "title", "Asked fr") || !strings.Contains(m.Body, "> Pouvez-vous relire « ceci » ?") ||
		!strings.Contains(m.Body, "http://busrides.test"+episodeURL(ep.ID)+"/publish") {
		t.Fatalf("the review request's mail: to %v, lang %q, subject %q\n%s", m.To, m.Header.Get("Content-Language"), subject, m.Body)
	}

	if r := step(ca, "draft", url.Values{"note": {"Raccourcissez le résumé."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the reviewer requests changes: %d\n%s", r.StatusCode, r.body)
	}
	msgs = smtp.Wait(t, 2)
	en := printer(t, "en")
	if m := msgs[1]; m.To[0] != co.Email || m.Header.Get("Content-Language") != "en" || decodeHeader(t, m.Header.Get("Subject")) != en.T("mail.changes_subject", "title", "Asked en") {
		t.Errorf("the request for changes' mail: to %v, %q", m.To, m.Header.Get("Subject"))
	}
	if r := e.get(episodeURL(ep.ID), ca); r.StatusCode != http.StatusForbidden {
		t.Errorf("back in draft, the former reviewer still opens it: %d", r.StatusCode)
	}
	notes, err := e.st.EpisodeNotes(t.Context(), ep.ID)
	if err != nil || len(notes) != 2 || notes[0].ToUserID != au.ID || notes[1].ToUserID != co.ID || notes[1].UserID != au.ID {
		t.Errorf("thread = %+v, %v", notes, err)
	}
}

// TestNoMailWithoutSMTP: without an SMTP server nothing is queued; the
// dashboard is the notification.
func TestNoMailWithoutSMTP(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	co := e.addUser("owner@example.org", content.RoleContributor, content.English, content.UserActive)
	e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
	ep := e.addEpisode(co, "Quiet")
	cur := e.episode(t, ep.ID)
	if r := e.post(episodeURL(ep.ID)+"/submit", e.mustSignIn(co), url.Values{"status": {string(cur.Status)}, "revision": {strconv.Itoa(cur.Revision)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	if m, err := e.st.OutboxMail(t.Context(), 10); err != nil || len(m) != 0 {
		t.Errorf("outbox without SMTP: %+v, %v", m, err)
	}
}

func decodeHeader(t *testing.T, s string) string {
	t.Helper()
	d, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		t.Fatalf("header %q: %v", s, err)
	}
	return d
}
