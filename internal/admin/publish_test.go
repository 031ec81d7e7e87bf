package admin_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// wfOpt changes an episode before it is imported.
type wfOpt func(*content.Episode)

// wfEpisode is a draft Read episode that passes every check in both
// languages (slugs "<key>-en" and "<key>-fr").
func wfEpisode(key string, opts ...wfOpt) content.Episode {
	ep := content.Episode{Key: key, Kind: content.Read, Status: content.Draft, Versions: map[content.Lang]*content.Version{}}
	for _, l := range content.Langs {
		ep.Versions[l] = &content.Version{Lang: l, Title: key + " " + string(l), Slug: key + "-" + string(l),
			Summary: "Summary " + string(l), BodyMarkdown: "Body", BodyHTML: "<p>Body</p>", WordCount: 1,
			Image: content.Image{URL: "/media/x.png", Alt: "A bus at dawn"}}
	}
	for _, o := range opts {
		o(&ep)
	}
	return ep
}

// importEpisode stores ep (again: it updates by key) and returns its id;
// owner, when not nil, becomes its owner.
func (e *env) importEpisode(t *testing.T, ep content.Episode, owner *content.User) int64 {
	t.Helper()
	b := &content.Bundle{Episodes: []content.Episode{ep}}
	if _, err := e.st.ImportBundle(context.Background(), b, e.clock.Now()); err != nil {
		t.Fatalf("import %s: %v", ep.Key, err)
	}
	id := b.Episodes[0].ID
	if owner != nil {
		db := e.st.(interface{ SQL() *sql.DB }).SQL()
		if _, err := db.ExecContext(context.Background(), fmt.Sprintf(`UPDATE episodes SET owner_id = %d WHERE id = %d`, owner.ID, id)); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// ownEpisode stores a draft episode owned by owner.
func (e *env) ownEpisode(t *testing.T, key string, owner *content.User) int64 {
	t.Helper()
	return e.importEpisode(t, wfEpisode(key), owner)
}

func (e *env) episode(t *testing.T, id int64) *content.Episode {
	t.Helper()
	ep, err := e.st.EpisodeByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

// step posts a workflow step as the page's form would, with the state
// the store has now.
func (e *env) step(t *testing.T, c *http.Cookie, id int64, step string, extra url.Values) resp {
	t.Helper()
	ep := e.episode(t, id)
	f := url.Values{"status": {string(ep.Status)}, "revision": {strconv.Itoa(ep.Revision)}}
	for k, v := range extra {
		f[k] = v
	}
	return e.post("/admin/episodes/"+strconv.FormatInt(id, 10)+"/"+step, c, f)
}

func (e *env) public(path string) int {
	return e.do(req{method: "GET", path: path}).StatusCode
}

// TestWorkflowRoles: contributors submit their own drafts; authors
// publish their own; editors publish any; every step is audited.
func TestWorkflowRoles(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		contrib := e.addUser("contrib@example.org", content.RoleContributor, content.English, content.UserActive)
		auth := e.addUser("author@example.org", content.RoleAuthor, content.English, content.UserActive)
		other := e.addUser("other@example.org", content.RoleAuthor, content.English, content.UserActive)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		cc, ca, co, ce := e.mustSignIn(contrib), e.mustSignIn(auth), e.mustSignIn(other), e.mustSignIn(ed)

		id := e.ownEpisode(t, "mine", contrib)
		page := "/admin/episodes/" + strconv.FormatInt(id, 10) + "/publish"
		r := e.get(page, cc)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `action="/admin/episodes/`+strconv.FormatInt(id, 10)+`/submit"`) ||
			strings.Contains(r.body, "/publish-one") || strings.Contains(r.body, `/schedule"`) {
			t.Fatalf("contributor's page: %d\n%s", r.StatusCode, r.body)
		}
		if r := e.get(page, co); r.StatusCode != http.StatusForbidden {
			t.Errorf("another author sees a contributor's draft: %d", r.StatusCode)
		}
		if r := e.step(t, cc, id, "publish", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("contributor publishes: %d", r.StatusCode)
		}
		if r := e.step(t, cc, id, "submit", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("contributor submits: %d\n%s", r.StatusCode, r.body)
		}
		if ep := e.episode(t, id); ep.Status != content.Review {
			t.Fatalf("status %s", ep.Status)
		}
		if r := e.step(t, ca, id, "publish", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("an author publishes someone else's episode: %d", r.StatusCode)
		}
		if r := e.step(t, ce, id, "publish", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("editor publishes: %d\n%s", r.StatusCode, r.body)
		}
		if e.public("/en/episodes/mine-en") != http.StatusOK || e.public("/fr/episodes/mine-fr") != http.StatusOK {
			t.Error("not public in both languages after publishing")
		}
		// The author publishes and unpublishes their own.
		own := e.ownEpisode(t, "authored", auth)
		if r := e.step(t, ca, own, "publish", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("author publishes own: %d\n%s", r.StatusCode, r.body)
		}
		r = e.get("/admin/episodes/"+strconv.FormatInt(own, 10)+"/publish?done=publish", ca)
		if !strings.Contains(text(r.body), "The episode was published in both languages.") || !strings.Contains(r.body, "Unpublish now") {
			t.Errorf("page after publishing: %s", r.body)
		}
		if r := e.step(t, ca, own, "unpublish", url.Values{"mode": {"now"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("author unpublishes own: %d", r.StatusCode)
		}
		if e.public("/en/episodes/authored-en") != http.StatusNotFound {
			t.Error("unpublished episode still public")
		}
		if r := e.step(t, ca, own, "draft", nil); r.StatusCode != http.StatusSeeOther {
			t.Errorf("back to draft: %d", r.StatusCode)
		}
		if n := e.auditCount("episode.submitted", "episode:"+strconv.FormatInt(id, 10)); n != 1 {
			t.Errorf("submitted entries: %d", n)
		}
		found := false
		for _, a := range e.audit() {
			if a.Action == "episode.published" && a.ActorID == ed.ID && a.Target == "episode:"+strconv.FormatInt(id, 10) {
				found = true
			}
		}
		if !found {
			t.Error("no episode.published entry by the editor")
		}
		for _, a := range []string{"episode.published", "episode.unpublished", "episode.back_to_draft"} {
			if e.auditCount(a, "episode:"+strconv.FormatInt(own, 10)) != 1 {
				t.Errorf("no %s entry for the author's episode", a)
			}
		}
	})
}

// TestWorkflowChecksBlock: errors block publishing (422, nothing changed,
// the checklist links to the fields); warnings do not.
func TestWorkflowChecksBlock(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		live := e.importEpisode(t, wfEpisode("live"), nil)
		if r := e.step(t, c, live, "publish", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatal(r.StatusCode)
		}
		id := e.importEpisode(t, wfEpisode("bad", func(ep *content.Episode) {
			ep.Kind = content.Listen
			ep.Versions[content.French].BodyHTML = `<p>Voir <a href="/fr/episodes/nulle-part">ceci</a> et <a href="/en/episodes/live-en">cela</a></p><figure><img src="/media/chart.png" alt=""></figure>`
			ep.Versions[content.English].Image.Alt = ""
			ep.Versions[content.English].MediaURL, ep.Versions[content.English].MediaSeconds = "/media/a.mp3", 300
			ep.Versions[content.English].Transcript = "Words"
		}), nil)
		r := e.step(t, c, id, "publish", nil)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("publish with errors: %d", r.StatusCode)
		}
		body := text(r.body)
		for _, want := range []string{
			"Fix the errors of the checklist in both languages before publishing.",
			"The feature image has no alternative text.",
			"An image in the body has no alternative text (/media/chart.png).",
			"This internal link does not lead to a published page: /fr/episodes/nulle-part",
			"Add the transcript (required for audio and video).",
			"Add the audio or video file.",
			"Give the length of the recording in seconds.",
			"The episode has no topic", // a warning
		} {
			if !strings.Contains(body, want) {
				t.Errorf("checklist lacks %q", want)
			}
		}
		if strings.Contains(body, "/en/episodes/live-en") {
			t.Error("a link to a published episode is reported")
		}
		if !strings.Contains(r.body, `href="/admin/episodes/`+strconv.FormatInt(id, 10)+`#f-fr-transcript"`) {
			t.Error("no link to the French transcript field")
		}
		if ep := e.episode(t, id); ep.Status != content.Draft {
			t.Errorf("status changed: %s", ep.Status)
		}
		// Scheduling is blocked the same way.
		if r := e.step(t, c, id, "schedule", url.Values{"date": {"2027-01-05"}, "time": {"09:00"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("schedule with errors: %d", r.StatusCode)
		}
		if e.auditCount("episode.published", "episode:"+strconv.FormatInt(id, 10)) != 0 {
			t.Error("a refused publish was audited")
		}
	})
}

// TestWorkflowException: one-language publishing needs an editor and a
// reason; it is audited, hides the other language from the public, and
// shows on the parity dashboard until both languages are published.
func TestWorkflowException(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		auth := e.addUser("author@example.org", content.RoleAuthor, content.English, content.UserActive)
		ed := e.addUser("redactrice@example.org", content.RoleEditor, content.French, content.UserActive)
		ca, ce := e.mustSignIn(auth), e.mustSignIn(ed)
		incomplete := func(ep *content.Episode) { ep.Versions[content.French].Summary = "" }
		id := e.importEpisode(t, wfEpisode("solo", incomplete), auth)
		sid := strconv.FormatInt(id, 10)

		if r := e.step(t, ca, id, "publish", nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("publish with French failing: %d", r.StatusCode)
		}
		reason := "La traduction arrive du Bureau de la traduction la semaine prochaine."
		if r := e.step(t, ca, id, "publish-one", url.Values{"lang": {"en"}, "reason": {reason}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("an author's exception: %d", r.StatusCode)
		}
		page := e.get("/admin/episodes/"+sid+"/publish", ca)
		if strings.Contains(page.body, "/publish-one") {
			t.Error("the exception form is offered to an author")
		}
		// Refused without a reason, in the editor's language, typed values kept.
		r := e.step(t, ce, id, "publish-one", url.Values{"lang": {"en"}, "reason": {"  trop court "}})
		if r.StatusCode != http.StatusUnprocessableEntity || htmlLang(r.body) != "fr-CA" {
			t.Fatalf("short reason: %d %s", r.StatusCode, htmlLang(r.body))
		}
		if msg := printer(t, "fr").T("workflow.exception_reason_short", "n", 20); !strings.Contains(text(r.body), msg) || !strings.Contains(r.body, "trop court</textarea>") {
			t.Errorf("short reason: message %q or typed text missing\n%s", msg, r.body)
		}
		// Refused for the language that fails its checks.
		if r := e.step(t, ce, id, "publish-one", url.Values{"lang": {"fr"}, "reason": {reason}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("exception for the failing language: %d", r.StatusCode)
		}
		if ep := e.episode(t, id); ep.Status != content.Draft {
			t.Fatalf("refused exceptions changed the status: %s", ep.Status)
		}
		if r := e.step(t, ce, id, "publish-one", url.Values{"lang": {"en"}, "reason": {reason}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("exception: %d\n%s", r.StatusCode, r.body)
		}
		found := false
		for _, a := range e.audit() {
			if a.Action == "episode.published_one_language" && a.ActorID == ed.ID && a.Target == "episode:"+sid && strings.Contains(a.Detail, reason) {
				found = true
			}
		}
		if !found {
			t.Error("the exception is not in the audit log with its reason")
		}
		// Public: English only; no page links to the French version.
		if e.public("/en/episodes/solo-en") != http.StatusOK || e.public("/fr/episodes/solo-fr") != http.StatusNotFound {
			t.Error("public visibility under the exception is wrong")
		}
		en := e.do(req{method: "GET", path: "/en/episodes/solo-en"})
		if strings.Contains(en.body, "solo-fr") {
			t.Error("the English page links to the hidden French version")
		}
		for _, p := range []string{"/fr/", "/sitemap.xml", "/fr/fils/episodes.xml"} {
			if r := e.do(req{method: "GET", path: p}); strings.Contains(r.body, "solo-fr") || strings.Contains(r.body, "solo fr") {
				t.Errorf("%s shows the hidden French version", p)
			}
		}
		// On the parity dashboard with its reason.
		r = e.get("/admin/parity?problem=exception", ce)
		if r.StatusCode != http.StatusOK || !strings.Contains(text(r.body), reason) || !strings.Contains(r.body, "/admin/episodes/"+sid+"/publish") {
			t.Errorf("parity dashboard lacks the exception: %d\n%s", r.StatusCode, r.body)
		}
		// The French version is fixed and both are published: the exception ends.
		e.importEpisode(t, wfEpisode("solo"), nil)
		if r := e.step(t, ce, id, "publish", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish both: %d\n%s", r.StatusCode, r.body)
		}
		if e.public("/fr/episodes/solo-fr") != http.StatusOK {
			t.Error("French not public after publishing both")
		}
		if r := e.get("/admin/parity?problem=exception", ce); strings.Contains(text(r.body), reason) {
			t.Error("the exception is still on the dashboard")
		}
	})
}

// TestWorkflowSchedule: times are typed in the newsroom's zone, must be in
// the future and exist; the scheduler publishes at the time, not before.
func TestWorkflowSchedule(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o) // the clock starts at 2026-11-27 12:00 UTC (07:00 in Toronto)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		id := e.importEpisode(t, wfEpisode("later"), nil)
		for _, tc := range []struct{ date, time, want string }{
			{"2026-11-27", "06:59", "Choose a date and time in the future."},
			{"2027-03-14", "02:30", "This time does not exist in America/Toronto"},
			{"27/11/2026", "9h", "Enter a date (YYYY-MM-DD) and a time (HH:MM)."},
		} {
			r := e.step(t, c, id, "schedule", url.Values{"date": {tc.date}, "time": {tc.time}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), tc.want) || !strings.Contains(r.body, `value="`+tc.date+`"`) {
				t.Errorf("%s %s: %d, want the message %q and the typed date", tc.date, tc.time, r.StatusCode, tc.want)
			}
		}
		if r := e.step(t, c, id, "schedule", url.Values{"date": {"2026-11-27"}, "time": {"09:30"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("schedule: %d\n%s", r.StatusCode, r.body)
		}
		due := time.Date(2026, 11, 27, 14, 30, 0, 0, time.UTC) // 09:30 EST
		ep := e.episode(t, id)
		if ep.Status != content.Scheduled || !ep.PublishAt.Equal(due) {
			t.Fatalf("scheduled: %s at %v, want %v", ep.Status, ep.PublishAt, due)
		}
		r := e.get("/admin/episodes/"+strconv.FormatInt(id, 10)+"/publish", c)
		if !strings.Contains(r.body, "November 27, 2026, 09:30 EST") {
			t.Errorf("the page does not show the time in the zone\n%s", r.body)
		}
		ctx := context.Background()
		e.clock.Advance(2*time.Hour + 29*time.Minute)
		if res, err := e.st.RunSchedule(ctx, e.clock.Now()); err != nil || len(res.Published) != 0 {
			t.Fatalf("a minute early: %+v %v", res, err)
		}
		if e.public("/en/episodes/later-en") != http.StatusNotFound {
			t.Fatal("public before its time")
		}
		e.clock.Advance(time.Minute)
		if res, err := e.st.RunSchedule(ctx, e.clock.Now()); err != nil || len(res.Published) != 1 {
			t.Fatalf("at its time: %+v %v", res, err)
		}
		if e.public("/en/episodes/later-en") != http.StatusOK {
			t.Fatal("not public after the run")
		}
		// Schedule the unpublication, then it happens.
		c = e.mustSignIn(ed) // the session idled out while the clock moved
		if r := e.step(t, c, id, "unpublish", url.Values{"mode": {"schedule"}, "unpublish_date": {"2026-12-01"}, "unpublish_time": {"17:00"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("schedule unpublish: %d\n%s", r.StatusCode, r.body)
		}
		if ep := e.episode(t, id); !ep.UnpublishAt.Equal(time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)) {
			t.Errorf("unpublish at %v", ep.UnpublishAt)
		}
		e.clock.Advance(5 * 24 * time.Hour)
		if res, err := e.st.RunSchedule(ctx, e.clock.Now()); err != nil || len(res.Unpublished) != 1 {
			t.Fatalf("unpublish run: %+v %v", res, err)
		}
		if e.public("/en/episodes/later-en") != http.StatusNotFound {
			t.Error("still public after the scheduled unpublication")
		}
		if n := e.auditCount("episode.scheduled", "episode:"+strconv.FormatInt(id, 10)); n != 1 {
			t.Errorf("scheduled entries: %d", n)
		}
	})
}

// TestWorkflowConflict: a step decided on an old state is refused (409)
// and changes nothing.
func TestWorkflowConflict(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		id := e.importEpisode(t, wfEpisode("race"), nil)
		path := "/admin/episodes/" + strconv.FormatInt(id, 10)
		old := url.Values{"status": {"draft"}, "revision": {"0"}}
		if r := e.post(path+"/submit", c, old); r.StatusCode != http.StatusSeeOther {
			t.Fatal(r.StatusCode)
		}
		r := e.post(path+"/publish", c, old) // the page was opened while a draft
		if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.body), "Someone changed this episode") {
			t.Errorf("stale publish: %d", r.StatusCode)
		}
		if r := e.post(path+"/publish", c, url.Values{"status": {"review"}, "revision": {"7"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("stale revision: %d", r.StatusCode)
		}
		if ep := e.episode(t, id); ep.Status != content.Review {
			t.Errorf("status %s", ep.Status)
		}
		for _, p := range []string{"/admin/episodes/abc/publish", "/admin/episodes/0/publish"} {
			if r := e.get(p, c); r.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s: %d", p, r.StatusCode)
			}
		}
		if r := e.get("/admin/episodes/999999/publish", c); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown episode: %d", r.StatusCode)
		}
	})
}

// TestWorkflowWatchNeedsCaptions: a video without captions in a version's
// language cannot be published, captions in the other language do not
// count, and the checklist says so in the editor's language.
func TestWorkflowWatchNeedsCaptions(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("redacteur@example.org", content.RoleEditor, content.French, content.UserActive)
	c := e.mustSignIn(ed)
	video := func(captions map[content.Lang]content.Bilingual) wfOpt {
		return func(ep *content.Episode) {
			ep.Kind = content.Watch
			for _, l := range content.Langs {
				v := ep.Versions[l]
				v.MediaURL, v.MediaType, v.MediaSeconds, v.Transcript = "/media/talk-"+string(l)+".webm", "video/webm", 90, "Words"
				v.Captions = captions[l]
			}
		}
	}
	id := e.importEpisode(t, wfEpisode("video", video(map[content.Lang]content.Bilingual{
		content.English: {EN: "/media/talk.en.vtt"},
		content.French:  {EN: "/media/talk-fr.en.vtt"}, // English captions of the French video only
	})), nil)
	r := e.step(t, c, id, "publish", nil)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("publish without French captions: %d", r.StatusCode)
	}
	msg := printer(t, "fr").T(content.CheckCaptions)
	if n := strings.Count(text(r.body), msg); n != 1 {
		t.Errorf("the checklist says %q %d times, want once (French only)", msg, n)
	}
	if ep := e.episode(t, id); ep.Status != content.Draft {
		t.Errorf("status changed: %s", ep.Status)
	}
	// With its French captions, it is published.
	e.importEpisode(t, wfEpisode("video", video(map[content.Lang]content.Bilingual{
		content.English: {EN: "/media/talk.en.vtt"},
		content.French:  {FR: "/media/talk.fr.vtt"},
	})), nil)
	if r := e.step(t, c, id, "publish", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish with captions: %d\n%s", r.StatusCode, r.body)
	}
}
