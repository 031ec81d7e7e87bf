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
)

var previewToken = regexp.MustCompile(`[?&]preview=([A-Za-z0-9_-]+)`)

// TestPreviewLinks: an editor makes a preview link of a draft; without an
// account, the link shows the draft in both languages under the "not
// published" banner, kept out of caches and search engines and sending no
// referrer; it stops working when it expires, and a revoked one at once.
// Bad lengths are refused; unknown tokens are the site's 404.
func TestPreviewLinks(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	ep := e.addEpisode(ed, "Previewed draft")
	en := printer(t, "en")
	newLink := func(days string) string {
		t.Helper()
		r := e.post(episodeURL(ep.ID)+"/preview-links", c, url.Values{"days": {days}})
		m := previewToken.FindStringSubmatch(r.Header.Get("Location"))
		if r.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("make a %s-day link: %d %q", days, r.StatusCode, r.Header.Get("Location"))
		}
		return m[1]
	}
	token := newLink("2")
	r := e.get(episodeURL(ep.ID)+"/publish?preview="+token, c)
	if !strings.Contains(r.body, "/en/preview/"+token) || !strings.Contains(r.body, "/fr/apercu/"+token) {
		t.Error("the workflow page does not show the new link in both languages")
	}
	if e.auditCount("preview_link.created", "episode:"+strconv.FormatInt(ep.ID, 10)) != 1 {
		t.Error("making a link is not audited")
	}

	r = e.get("/en/preview/"+token, nil)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Previewed draft en") || !strings.Contains(text(r.body), en.T("preview.banner_text")) {
		t.Fatalf("preview: %d, no draft title or banner\n%s", r.StatusCode, r.body)
	}
	for h, want := range map[string]string{"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("preview %s: %q, want %q", h, got, want)
		}
	}
	if !strings.Contains(r.body, `<meta name="robots" content="noindex">`) || strings.Contains(r.body, `rel="canonical"`) || strings.Contains(r.body, "application/ld+json") {
		t.Error("the preview page is not noindex, or names a canonical page or structured data")
	}
	if !strings.Contains(r.body, `href="/fr/apercu/`+token+`"`) {
		t.Error("the language toggle does not lead to the French preview")
	}
	if r := e.get("/fr/apercu/"+token, nil); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Previewed draft fr") {
		t.Errorf("French preview: %d", r.StatusCode)
	}
	if r := e.get("/en/episodes/"+ep.Version(content.English).Slug, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("the draft's public page: %d, want 404", r.StatusCode)
	}

	// Expired.
	e.clock.Advance(2*24*time.Hour + time.Minute)
	if r := e.get("/en/preview/"+token, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("an expired link: %d, want 404", r.StatusCode)
	}
	// Revoked.
	c = e.mustSignIn(ed) // two days later: signed in again
	token = newLink("")
	if r := e.get("/en/preview/"+token, nil); r.StatusCode != http.StatusOK {
		t.Fatalf("a new link: %d", r.StatusCode)
	}
	links, err := e.st.PreviewLinksOf(t.Context(), ep.ID)
	if err != nil || len(links) != 2 || !links[0].ExpiresAt.Equal(links[0].CreatedAt.Add(content.DefaultPreviewDays*24*time.Hour)) {
		t.Fatalf("links = %+v, %v; want the newest valid for the default days", links, err)
	}
	revoke := episodeURL(ep.ID) + "/preview-links/" + strconv.FormatInt(links[0].ID, 10) + "/revoke"
	if r := e.post(revoke, c, url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	if r := e.get("/en/preview/"+token, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("a revoked link: %d, want 404", r.StatusCode)
	}
	if e.auditCount("preview_link.revoked", "episode:"+strconv.FormatInt(ep.ID, 10)) != 1 {
		t.Error("revoking is not audited")
	}
	for _, bad := range []string{"0", "31", "x"} {
		if r := e.post(episodeURL(ep.ID)+"/preview-links", c, url.Values{"days": {bad}}); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(text(r.body), en.T("preview.bad_days", "max", content.MaxPreviewDays)) || !strings.Contains(r.body, `value="`+bad+`"`) {
			t.Errorf("%q days: %d", bad, r.StatusCode)
		}
	}
	if r := e.get("/en/preview/not-a-token", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown token: %d", r.StatusCode)
	}
}
