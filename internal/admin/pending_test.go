package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestPendingChanges walks a change of a live episode through the back
// office: a contributor proposes it (the public page keeps the live text,
// the editor shows the change as pending and offers no "Save and
// publish"), may not publish it, an editor publishes it after a refused
// stale attempt, a second proposal is discarded, and an editor's "Save
// and publish" is live at once. Each step is audited.
func TestPendingChanges(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	co := e.addUser("contributor@example.org", content.RoleContributor, content.French, content.UserActive)
	ce, cc := e.mustSignIn(ed), e.mustSignIn(co)
	ep := e.addEpisode(co, "Live words")
	e.setStatus(ep.ID, content.Published)
	public := "/en/episodes/" + ep.Version(content.English).Slug
	fr, en := printer(t, "fr"), printer(t, "en")
	publicTitle := func() string {
		t.Helper()
		r := e.get(public, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", public, r.StatusCode)
		}
		return text(r.body)
	}
	// The editor's form carries the versions' slugs as they are.
	form := func(base int, title string) url.Values {
		f := episodeForm(base, title)
		f.Set("en.slug", ep.Version(content.English).Slug)
		f.Set("fr.slug", ep.Version(content.French).Slug)
		return f
	}
	working := func() *content.Episode {
		t.Helper()
		w, err := e.st.WorkingEpisode(context.Background(), ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}

	// The contributor proposes a change.
	r := e.get(episodeURL(ep.ID), cc)
	if !strings.Contains(text(r.body), fr.T("pending.live_hint")) || strings.Contains(r.body, `value="publish"`) {
		t.Errorf("the contributor's editor of a live episode: no notice that saving keeps the change aside, or a \"Save and publish\" button")
	}
	f := form(working().Revision, "Proposed words")
	if r := e.post(episodeURL(ep.ID), cc, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("contributor's save: %d\n%s", r.StatusCode, r.body)
	}
	if body := publicTitle(); strings.Contains(body, "Proposed words") || !strings.Contains(body, "Live words en") {
		t.Error("the public page changed before the change was published")
	}
	w := working()
	if w.Pending == nil || w.Version(content.English).Title != "Proposed words" {
		t.Fatalf("working episode after the proposal: pending %+v, title %q", w.Pending, w.Version(content.English).Title)
	}
	r = e.get(episodeURL(ep.ID)+"?saved="+strconv.Itoa(w.Revision), cc)
	if b := text(r.body); !strings.Contains(b, fr.T("pending.title")) || !strings.Contains(b, fr.T("editing.saved_pending", "n", w.Revision, "live", w.Pending.LiveRevision)) {
		t.Error("the editor does not say the change is pending")
	}
	f = form(w.Revision, "Published by a contributor")
	f.Set("do", "publish")
	if r := e.post(episodeURL(ep.ID), cc, f); r.StatusCode != http.StatusForbidden {
		t.Errorf("contributor's \"Save and publish\": %d, want 403", r.StatusCode)
	}
	rev := url.Values{"revision": {strconv.Itoa(w.Revision)}}
	if r := e.post(episodeURL(ep.ID)+"/pending/publish", cc, rev); r.StatusCode != http.StatusForbidden {
		t.Errorf("contributor publishing the change: %d, want 403", r.StatusCode)
	}

	// The editor's dashboard and list show it waiting.
	if b := text(e.get("/admin/", ce).body); !strings.Contains(b, en.T("pending.queue", "n", 1)) {
		t.Error("the editor's dashboard does not count the change waiting to be published")
	}
	if r := e.get("/admin/episodes?pending=on", ce); !strings.Contains(text(r.body), en.T("pending.mark")) || !strings.Contains(r.body, episodeURL(ep.ID)) {
		t.Error("the list of changes not published lacks the episode or its mark")
	}
	// The editor sees it on the workflow page and publishes it.
	r = e.get(episodeURL(ep.ID)+"/publish", ce)
	if b := text(r.body); !strings.Contains(b, en.T("pending.publish")) || !strings.Contains(b, "/diff?from="+strconv.Itoa(w.Pending.LiveRevision)+"&to="+strconv.Itoa(w.Revision)) {
		t.Errorf("the workflow page offers no publication of the change or no comparison:\n%s", b)
	}
	stale := url.Values{"revision": {strconv.Itoa(w.Revision - 1)}}
	if r := e.post(episodeURL(ep.ID)+"/pending/publish", ce, stale); r.StatusCode != http.StatusConflict {
		t.Errorf("publishing from a stale page: %d, want 409", r.StatusCode)
	}
	if r := e.post(episodeURL(ep.ID)+"/pending/publish", ce, rev); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing the change: %d\n%s", r.StatusCode, r.body)
	}
	if !strings.Contains(publicTitle(), "Proposed words") {
		t.Error("the public page does not show the published change")
	}
	if working().Pending != nil || e.auditCount("episode.changes_published", "episode:"+strconv.FormatInt(ep.ID, 10)) != 1 {
		t.Error("after publishing: still pending, or no audit entry")
	}
	if b := text(e.get("/admin/", ce).body); !strings.Contains(b, en.T("pending.queue_none")) {
		t.Error("after publishing, the dashboard still counts a change waiting")
	}
	if r := e.get("/admin/episodes?pending=on", ce); strings.Contains(r.body, episodeURL(ep.ID)+`"`) {
		t.Error("after publishing, the list of changes not published still has the episode")
	}

	// A second proposal, discarded.
	f = form(working().Revision, "Second thoughts")
	if r := e.post(episodeURL(ep.ID), cc, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second proposal: %d", r.StatusCode)
	}
	rev = url.Values{"revision": {strconv.Itoa(working().Revision)}}
	if r := e.post(episodeURL(ep.ID)+"/pending/discard", cc, rev); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("discarding: %d\n%s", r.StatusCode, r.body)
	}
	if w := working(); w.Pending != nil || w.Version(content.English).Title != "Proposed words" {
		t.Errorf("after discarding: pending %+v, title %q", w.Pending, w.Version(content.English).Title)
	}
	if strings.Contains(publicTitle(), "Second thoughts") || e.auditCount("episode.changes_discarded", "episode:"+strconv.FormatInt(ep.ID, 10)) != 1 {
		t.Error("a discarded change is public, or no audit entry")
	}

	// The editor saves and publishes in one step.
	f = form(working().Revision, "Edited and published")
	f.Set("do", "publish")
	if r := e.post(episodeURL(ep.ID), ce, f); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), episodeURL(ep.ID)+"?saved=") {
		t.Fatalf("\"Save and publish\": %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	if !strings.Contains(publicTitle(), "Edited and published") || working().Pending != nil {
		t.Error("\"Save and publish\" did not put the change live")
	}

	// Restoring an earlier revision of the live episode: the confirmation
	// says it will be pending, and it is.
	w = working()
	restore := episodeURL(ep.ID) + "/revisions/1/restore"
	base := url.Values{"base_revision": {strconv.Itoa(w.Revision)}}
	if r := e.post(restore, ce, base); r.StatusCode != http.StatusOK || !strings.Contains(text(r.body), en.T("editing.restore_confirm_live", "live", w.Revision)) {
		t.Errorf("restore of a live episode: %d, no word that it will be pending", r.StatusCode)
	}
	base.Set("confirm", "yes")
	if r := e.post(restore, ce, base); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed restore: %d\n%s", r.StatusCode, r.body)
	}
	if w := working(); w.Pending == nil || w.Version(content.English).Title != "Live words en" || !strings.Contains(publicTitle(), "Edited and published") {
		t.Errorf("after restoring revision 1: pending %+v, title %q; want a pending change, the live page unchanged", w.Pending, w.Version(content.English).Title)
	}
	r = e.get(episodeURL(ep.ID)+"/revisions", ce)
	if b := text(r.body); !strings.Contains(b, en.T("editing.revision_live")) || !strings.Contains(b, en.T("editing.revision_pending")) {
		t.Error("the history does not mark the published revision and the pending one")
	}
}
