package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/admin"
	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
)

// guards pins what guards each route, independently of admin.Routes(), so
// that loosening a route's action there (or adding a route) fails here
// until this table is updated on purpose.
var guards = map[string]content.Action{
	"GET /admin/sign-in":                                 "",
	"POST /admin/sign-in":                                "",
	"POST /admin/sign-out":                               "",
	"GET /admin/{$}":                                     content.ActionViewDashboard,
	"GET /admin/held/{token}":                            content.ActionViewDashboard,
	"POST /admin/episodes/{id}/notes":                    content.ActionSubmitForReview,
	"GET /admin/episodes/{id}/translation.xlf":           content.ActionWriteDraft,
	"POST /admin/episodes/{id}/translation":              content.ActionWriteDraft,
	"POST /admin/episodes/{id}/preview-links":            content.ActionWriteDraft,
	"POST /admin/episodes/{id}/preview-links/{n}/revoke": content.ActionWriteDraft,
	"POST /admin/keepalive":                              content.ActionViewDashboard,
	"POST /admin/episodes/{id}/autosave":                 content.ActionWriteDraft,
	"POST /admin/episodes/new/autosave":                  content.ActionWriteDraft,
	"POST /admin/episodes/{id}/autosave/discard":         content.ActionWriteDraft,
	"POST /admin/episodes/new/autosave/discard":          content.ActionWriteDraft,
	"POST /admin/language":                               content.ActionEditOwnProfile,
	"GET /admin/users":                                   content.ActionManageUsers,
	"POST /admin/users/{id}/role":                        content.ActionManageUsers,
	"POST /admin/users/{id}/status":                      content.ActionManageUsers,
	"POST /admin/users/invite":                           content.ActionManageUsers,
	"POST /admin/invitations/{id}/revoke":                content.ActionManageUsers,
	"GET /admin/invitations/{token}":                     "",
	"POST /admin/invitations/{token}":                    "",
	"GET /admin/audit":                                   content.ActionReadAudit,
	"GET /admin/audit.csv":                               content.ActionReadAudit,
	"GET /admin/banner":                                  content.ActionManageBanner,
	"POST /admin/banner":                                 content.ActionManageBanner,
	"GET /admin/feedback":                                content.ActionReadFeedback,
	"POST /admin/feedback/review":                        content.ActionReadFeedback,
	"GET /admin/feedback.csv":                            content.ActionReadFeedback,

	"GET /admin/episodes/{id}/publish":           content.ActionSubmitForReview,
	"POST /admin/episodes/{id}/submit":           content.ActionSubmitForReview,
	"POST /admin/episodes/{id}/draft":            content.ActionSubmitForReview,
	"POST /admin/episodes/{id}/publish":          content.ActionPublishOwn,
	"POST /admin/episodes/{id}/schedule":         content.ActionPublishOwn,
	"POST /admin/episodes/{id}/cancel-schedule":  content.ActionPublishOwn,
	"POST /admin/episodes/{id}/unpublish":        content.ActionPublishOwn,
	"POST /admin/episodes/{id}/cancel-unpublish": content.ActionPublishOwn,
	"POST /admin/episodes/{id}/publish-one":      content.ActionOneLanguageException,
	"POST /admin/episodes/{id}/pending/publish":  content.ActionPublishOwn,
	"POST /admin/episodes/{id}/pending/discard":  content.ActionWriteDraft,
	"GET /admin/parity":                          content.ActionViewParity,
	"GET /admin/parity.csv":                      content.ActionExportParity,
	"GET /admin/feeds":                           content.ActionViewParity,

	"GET /admin/media":                 content.ActionUploadMedia,
	"POST /admin/media":                content.ActionUploadMedia,
	"GET /admin/media/{media}":         content.ActionUploadMedia,
	"POST /admin/media/{media}/alt":    content.ActionUploadMedia,
	"POST /admin/media/{media}/delete": content.ActionUploadMedia,

	"GET /admin/topics":                                  content.ActionManageTaxonomy,
	"GET /admin/topics/new":                              content.ActionManageTaxonomy,
	"POST /admin/topics":                                 content.ActionManageTaxonomy,
	"GET /admin/topics/{topic}":                          content.ActionManageTaxonomy,
	"POST /admin/topics/{topic}":                         content.ActionManageTaxonomy,
	"POST /admin/topics/{topic}/delete":                  content.ActionManageTaxonomy,
	"GET /admin/series":                                  content.ActionManageTaxonomy,
	"GET /admin/series/new":                              content.ActionManageTaxonomy,
	"POST /admin/series":                                 content.ActionManageTaxonomy,
	"GET /admin/series/{series}":                         content.ActionManageTaxonomy,
	"POST /admin/series/{series}":                        content.ActionManageTaxonomy,
	"POST /admin/series/{series}/order":                  content.ActionManageTaxonomy,
	"POST /admin/series/{series}/delete":                 content.ActionManageTaxonomy,
	"GET /admin/authors":                                 content.ActionManageTaxonomy,
	"GET /admin/authors/new":                             content.ActionManageTaxonomy,
	"POST /admin/authors":                                content.ActionManageTaxonomy,
	"GET /admin/authors/{author}":                        content.ActionManageTaxonomy,
	"POST /admin/authors/{author}":                       content.ActionManageTaxonomy,
	"POST /admin/authors/{author}/delete":                content.ActionManageTaxonomy,
	"GET /admin/redirects":                               content.ActionManageRedirects,
	"GET /admin/redirects.csv":                           content.ActionManageRedirects,
	"GET /admin/redirects/new":                           content.ActionManageRedirects,
	"POST /admin/redirects":                              content.ActionManageRedirects,
	"GET /admin/redirects/{redirect}":                    content.ActionManageRedirects,
	"POST /admin/redirects/{redirect}":                   content.ActionManageRedirects,
	"POST /admin/redirects/delete":                       content.ActionManageRedirects,
	"GET /admin/redirects/import":                        content.ActionManageRedirects,
	"POST /admin/redirects/import":                       content.ActionManageRedirects,
	"GET /admin/glossary":                                content.ActionManageGlossary,
	"GET /admin/glossary/new":                            content.ActionManageGlossary,
	"POST /admin/glossary/new":                           content.ActionManageGlossary,
	"GET /admin/glossary/{term}":                         content.ActionManageGlossary,
	"POST /admin/glossary/{term}":                        content.ActionManageGlossary,
	"POST /admin/glossary/{term}/delete":                 content.ActionManageGlossary,
	"GET /admin/site-pages":                              content.ActionManageSitePages,
	"GET /admin/site-pages/{key}":                        content.ActionManageSitePages,
	"POST /admin/site-pages/{key}":                       content.ActionManageSitePages,
	"POST /admin/site-pages/{key}/publish":               content.ActionManageSitePages,
	"POST /admin/site-pages/{key}/unpublish":             content.ActionManageSitePages,
	"GET /admin/site-pages/{key}/revisions":              content.ActionManageSitePages,
	"GET /admin/site-pages/{key}/diff":                   content.ActionManageSitePages,
	"POST /admin/site-pages/{key}/revisions/{n}/restore": content.ActionManageSitePages,
	"GET /admin/settings":                                content.ActionManageSettings,
	"POST /admin/settings":                               content.ActionManageSettings,
	"GET /admin/episodes":                                content.ActionWriteDraft,
	"GET /admin/episodes/new":                            content.ActionWriteDraft,
	"POST /admin/episodes/new":                           content.ActionWriteDraft,
	"GET /admin/episodes/{id}":                           content.ActionWriteDraft,
	"POST /admin/episodes/{id}":                          content.ActionWriteDraft,
	"GET /admin/episodes/{id}/revisions":                 content.ActionWriteDraft,
	"GET /admin/episodes/{id}/diff":                      content.ActionWriteDraft,
	"POST /admin/episodes/{id}/revisions/{n}/restore":    content.ActionWriteDraft,
}

func TestRouteGuards(t *testing.T) {
	seen := map[string]bool{}
	for _, rt := range admin.Routes() {
		key := rt.Method + " " + rt.Pattern
		if seen[key] {
			t.Errorf("route %s listed twice", key)
		}
		seen[key] = true
		want, ok := guards[key]
		switch {
		case !ok:
			t.Errorf("new route %s (action %q): add it to the guards table and the matrix's forms", key, rt.Action)
		case rt.Action != want:
			t.Errorf("route %s is guarded by %q; the table says %q", key, rt.Action, want)
		}
	}
	for key := range guards {
		if !seen[key] {
			t.Errorf("route %s is gone from admin.Routes()", key)
		}
	}
}

// TestRoleMatrix sends every back-office route as every role, anonymous,
// and a suspended administrator, and compares the answer with content.Can.
func TestRoleMatrix(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		target := e.addUser("target@example.org", content.RoleContributor, content.English, content.UserActive)
		probe := e.addUser("probe@example.org", content.RoleContributor, content.English, content.UserActive)
		tax := e.addTaxonomy() // topics, series, authors and redirects to address
		term := e.addGlossaryTerm("Matrix", "Matrice")
		page := e.addSitePage(content.SitePageAbout, false) // revision 1, for the editor, history, diff and restore

		type subject struct {
			name string
			user *content.User // nil: anonymous
		}
		subjects := []subject{{name: "anonymous"}}
		for _, r := range content.Roles {
			subjects = append(subjects, subject{string(r), e.addUser(string(r)+"@example.org", r, content.English, content.UserActive)})
		}
		subjects = append(subjects, subject{"suspended administrator",
			e.addUser("suspended@example.org", content.RoleAdministrator, content.English, content.UserSuspended)})
		// Episode routes act on an episode the subject owns, so that "own"
		// actions answer as content.Can does (anonymous: the target's).
		episodeOf := map[string]int64{}
		for i, s := range subjects {
			owner := target
			if s.user != nil {
				owner = s.user
			}
			episodeOf[s.name] = e.ownEpisode(t, "matrix-"+strconv.Itoa(i), owner)
			e.firstRevision(t, episodeOf[s.name]) // for the history, diff and restore routes
		}

		// Bodies that are valid and change nothing, so that every request
		// starts from the same state.
		forms := map[string]url.Values{
			"POST /admin/sign-in":           {"email": {probe.Email}, "password": {password}},
			"POST /admin/sign-out":          {},
			"POST /admin/language":          {"lang": {"en"}},
			"POST /admin/banner":            {"enabled": {"on"}, "en": {"Banner"}, "fr": {"Bannière"}},
			"POST /admin/feedback/review":   {},
			"POST /admin/users/{id}/role":   {"role": {string(content.RoleContributor)}},
			"POST /admin/users/{id}/status": {"status": {string(content.UserActive)}},
			// Invalid on purpose: a valid one would create an invitation or an account.
			"POST /admin/users/invite":            {"email": {"not an address"}, "role": {"editor"}, "lang": {"en"}},
			"POST /admin/invitations/{id}/revoke": {},
			"POST /admin/invitations/{token}":     {"name": {"Probe"}, "password": {"short"}, "confirm": {"other"}},
			// A status the episode is not in: 409, nothing changes.
			"POST /admin/episodes/{id}/submit":           {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/draft":            {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/publish":          {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/schedule":         {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/cancel-schedule":  {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/unpublish":        {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/cancel-unpublish": {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/publish-one":      {"status": {"matrix"}, "revision": {"0"}},
			"POST /admin/episodes/{id}/pending/publish":  {"revision": {"0"}},
			"POST /admin/keepalive":                      {},
			"POST /admin/episodes/{id}/notes":            {"note": {"Matrix note"}},
			// Not a file upload: refused (422), nothing saved.
			"POST /admin/episodes/{id}/translation":              {},
			"POST /admin/episodes/{id}/preview-links":            {"days": {"7"}},
			"POST /admin/episodes/{id}/preview-links/{n}/revoke": {},
			"POST /admin/episodes/{id}/autosave":                 {"base_revision": {"1"}, "en.title": {"Matrix"}},
			"POST /admin/episodes/new/autosave":                  {"base_revision": {"0"}, "en.title": {"Matrix"}},
			"POST /admin/episodes/{id}/autosave/discard":         {},
			"POST /admin/episodes/new/autosave/discard":          {},
			"POST /admin/episodes/{id}/pending/discard":          {"revision": {"0"}},
			// No file: the upload form answers 422 and stores nothing.
			"POST /admin/media":                {},
			"POST /admin/media/{media}/alt":    {"version": {"1"}, "alt_en": {"A bus"}, "alt_fr": {"Un autobus"}},
			"POST /admin/media/{media}/delete": {},
			// Previews save nothing; a restore from revision 0 is a conflict.
			"POST /admin/episodes/new":                        episodePreviewForm(),
			"POST /admin/episodes/{id}":                       episodePreviewForm(),
			"POST /admin/episodes/{id}/revisions/{n}/restore": {"base_revision": {"0"}},
		}
		invitation := e.invite("invited@example.org", content.RoleEditor)
		for k, v := range tax.forms() {
			forms[k] = v
		}
		for k, v := range glossaryForms(term) {
			forms[k] = v
		}
		// A preview saves nothing; status changes and a restore from
		// revision 0 are conflicts.
		forms["POST /admin/site-pages/{key}"] = sitePagePreviewForm(page)
		forms["POST /admin/site-pages/{key}/publish"] = url.Values{"revision": {"0"}}
		forms["POST /admin/site-pages/{key}/unpublish"] = url.Values{"revision": {"0"}}
		forms["POST /admin/site-pages/{key}/revisions/{n}/restore"] = url.Values{"base_revision": {"0"}}
		routes := admin.Routes()
		if len(routes) == 0 {
			t.Fatal("no routes")
		}
		var allows, denials, requests int
		for _, rt := range routes {
			key := rt.Method + " " + rt.Pattern
			path := strings.Replace(rt.Pattern, "/admin/invitations/{id}", "/admin/invitations/987654", 1) // no such invitation
			path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(target.ID, 10))
			path = strings.ReplaceAll(path, "{token}", invitation)
			path = strings.ReplaceAll(path, "{n}", "1") // a revision number
			path = strings.ReplaceAll(path, "{$}", "")
			path = tax.substitute(path)
			path = strings.ReplaceAll(path, "{term}", strconv.FormatInt(term.ID, 10))
			path = strings.ReplaceAll(path, "{key}", string(page.Key))
			if strings.HasPrefix(path, "/admin/site-pages/") && strings.HasSuffix(path, "/diff") {
				path += "?from=0&to=1&lang=en"
			}
			if strings.Contains(strings.ReplaceAll(path, "{media}", ""), "{") {
				t.Fatalf("route %s: unsubstituted wildcard in %q", key, path)
			}
			form := forms[key]
			if rt.Method == "POST" && form == nil {
				t.Errorf("route %s: the matrix has no form body for it; add one", key)
				form = url.Values{}
			}
			open := rt.Action == ""
			for _, s := range subjects {
				var c *http.Cookie
				if s.user != nil {
					c = e.session(s.user) // a fresh session for every request
				}
				path := path
				if strings.HasPrefix(rt.Pattern, "/admin/episodes/{id}") {
					path = strings.ReplaceAll(rt.Pattern, "{id}", strconv.FormatInt(episodeOf[s.name], 10))
					if strings.Contains(rt.Pattern, "/preview-links/{n}") {
						// A link of the subject's own episode.
						now := e.clock.Now()
						id, err := e.st.CreatePreviewLink(context.Background(), fmt.Sprintf("matrix-%s-%d", s.name, requests),
							content.PreviewLink{EpisodeID: episodeOf[s.name], CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
						if err != nil {
							t.Fatal(err)
						}
						path = strings.ReplaceAll(path, "{n}", strconv.FormatInt(id, 10))
					}
					path = strings.ReplaceAll(path, "{n}", "1")
					if strings.HasSuffix(path, "/diff") {
						path += "?from=0&to=1&lang=en"
					}
				}
				if strings.Contains(path, "{media}") {
					// A fresh file of the subject's own (anonymous: the
					// target's), so that the own-uploads rule answers as
					// the route's action does, and deleting changes no
					// other request.
					owner := s.user
					if owner == nil {
						owner = target
					}
					path = strings.ReplaceAll(path, "{media}", strconv.FormatInt(e.addMedia(owner, nil).ID, 10))
				}
				r := e.do(req{method: rt.Method, path: path, form: form, cookie: c})
				requests++
				denied := r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden ||
					r.StatusCode == http.StatusTooManyRequests
				if signedOut(r) && key != "POST /admin/sign-out" { // signing out leads to the sign-in page
					denied = true
				}
				if r.StatusCode >= 500 || r.StatusCode == http.StatusNotFound || r.StatusCode == http.StatusMethodNotAllowed {
					t.Errorf("%s %s as %s: %d (the route did not answer)\n%s", rt.Method, path, s.name, r.StatusCode, r.body)
				}
				want := open || content.Can(s.user, rt.Action)
				switch {
				case !denied && !want:
					allows++
					t.Errorf("UNEXPECTED ALLOW: %s %s as %s: %d %s", rt.Method, path, s.name, r.StatusCode, r.Header.Get("Location"))
				case denied && want:
					denials++
					t.Errorf("unexpected denial: %s %s as %s: %d %s", rt.Method, path, s.name, r.StatusCode, r.Header.Get("Location"))
				}
				// A refused anonymous GET goes to sign-in; refused POSTs and
				// refused staff get 403.
				if denied && !want {
					signedIn := s.user.Active()
					switch {
					case rt.Method == "GET" && !signedIn && !signedOut(r):
						t.Errorf("%s %s as %s: %d, want a redirect to sign-in", rt.Method, path, s.name, r.StatusCode)
					case (rt.Method != "GET" || signedIn) && r.StatusCode != http.StatusForbidden:
						t.Errorf("%s %s as %s: %d, want 403", rt.Method, path, s.name, r.StatusCode)
					}
				}
			}
		}
		t.Logf("%d requests: %d unexpected allows, %d unexpected denials", requests, allows, denials)
		if allows != 0 || denials != 0 {
			t.Fatalf("%d unexpected allows, %d unexpected denials", allows, denials)
		}
		// Nothing in the matrix saved an episode.
		for name, id := range episodeOf {
			if got := e.episode(t, id); got.Revision != 1 {
				t.Errorf("the matrix changed %s's episode: revision %d", name, got.Revision)
			}
		}
		// Nothing in the matrix saved or published the site page.
		if got := e.sitePage(page.Key); got.Revision != 1 || got.Status != content.Draft {
			t.Errorf("the matrix changed the site page: revision %d, %s", got.Revision, got.Status)
		}
		// Nothing in the matrix changed the target.
		if u := e.user(target.ID); u.Role != content.RoleContributor || u.Status != content.UserActive {
			t.Errorf("target changed: %+v", u)
		}
	})
}

// TestSignIn checks the cookie, the identical answers for a wrong password
// and an unknown address, and the audit entries.
func TestSignIn(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		u := e.addUser("Editor@Example.org", content.RoleEditor, content.English, content.UserActive)

		wrong, c1 := e.signIn(u.Email, "not the password at all", nil)
		unknown, c2 := e.signIn("nobody@example.org", "not the password at all", nil)
		if wrong.StatusCode != http.StatusUnauthorized || unknown.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password %d, unknown e-mail %d; want 401 for both", wrong.StatusCode, unknown.StatusCode)
		}
		if c1 != nil || c2 != nil {
			t.Error("a failed sign-in set a session cookie")
		}
		msg := alertText(wrong.body)
		if msg == "" || msg != alertText(unknown.body) {
			t.Errorf("messages differ or are missing: %q vs %q", msg, alertText(unknown.body))
		}
		if a, b := strings.ReplaceAll(wrong.body, u.Email, "X"), strings.ReplaceAll(unknown.body, "nobody@example.org", "X"); a != b {
			t.Error("the pages for a wrong password and an unknown e-mail differ beyond the typed address")
		}
		if strings.Contains(wrong.body, "not the password") {
			t.Error("the password is echoed back")
		}
		if n := e.auditCount("signin.failed", "email:"+u.Email); n != 1 {
			t.Errorf("signin.failed for %s: %d entries", u.Email, n)
		}
		if n := e.auditCount("signin.failed", "email:nobody@example.org"); n != 1 {
			t.Errorf("signin.failed for the unknown address: %d entries", n)
		}

		// The address is matched whatever its case and surrounding spaces.
		r, c := e.signIn("  EDITOR@example.ORG ", password, nil)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/" || c == nil {
			t.Fatalf("right password: %d %q %v", r.StatusCode, r.Header.Get("Location"), c)
		}
		if c.Name != "busrides_session" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" || c.Secure {
			t.Errorf("cookie over plain HTTP: %+v", c)
		}
		if raw := r.Header.Get("Set-Cookie"); strings.Contains(strings.ToLower(raw), "domain=") {
			t.Errorf("cookie has a Domain: %s", raw)
		}
		if got := e.get("/admin/", c); got.StatusCode != http.StatusOK {
			t.Errorf("dashboard after sign-in: %d", got.StatusCode)
		}
		found := false
		for _, a := range e.audit() {
			if a.Action == "signin" && a.ActorID == u.ID && a.Target == "user:"+strconv.FormatInt(u.ID, 10) {
				found = true
			}
		}
		if !found {
			t.Error("no signin audit entry")
		}
		// A signed-in visitor of the sign-in page goes to the dashboard.
		if r := e.get("/admin/sign-in", c); r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/" {
			t.Errorf("sign-in page when signed in: %d %q", r.StatusCode, r.Header.Get("Location"))
		}

		// A suspended member with the right password gets the same 401.
		s := e.addUser("gone@example.org", content.RoleAdministrator, content.English, content.UserSuspended)
		r, c = e.signIn(s.Email, password, nil)
		if r.StatusCode != http.StatusUnauthorized || c != nil || alertText(r.body) != msg {
			t.Errorf("suspended member signing in: %d, cookie %v, %q", r.StatusCode, c, alertText(r.body))
		}
	})
}

func TestSignInTLSCookie(t *testing.T) {
	e := newTLSEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	u := e.addUser("admin@example.org", content.RoleAdministrator, content.English, content.UserActive)
	r, c := e.signIn(u.Email, password, nil)
	if r.StatusCode != http.StatusSeeOther || c == nil {
		t.Fatalf("sign in over TLS: %d, %v\n%s", r.StatusCode, c, r.body)
	}
	if c.Name != "__Host-busrides_session" || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("cookie over TLS: %+v", c)
	}
	if got := e.get("/admin/", c); got.StatusCode != http.StatusOK {
		t.Errorf("dashboard over TLS: %d", got.StatusCode)
	}
	// The plain-HTTP name is not accepted over TLS.
	if got := e.get("/admin/", &http.Cookie{Name: "busrides_session", Value: c.Value}); !signedOut(got) {
		t.Errorf("the non-__Host- cookie worked over TLS: %d", got.StatusCode)
	}
	// Signing out clears the __Host- cookie with the same attributes.
	out := e.post("/admin/sign-out", c, url.Values{})
	cleared := false
	for _, k := range out.Cookies() {
		if k.Name == "__Host-busrides_session" && k.MaxAge < 0 && k.Secure && k.Path == "/" {
			cleared = true
		}
	}
	if !cleared {
		t.Errorf("sign-out over TLS did not clear the cookie: %v", out.Header.Values("Set-Cookie"))
	}
}

// TestThrottling: 5 failures lock an account for 15 minutes, 20 failures
// lock an address.
func TestThrottling(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		t.Run("account", func(t *testing.T) {
			e := newEnv(t, o)
			u := e.addUser("author@example.org", content.RoleAuthor, content.English, content.UserActive)
			for i := range 5 {
				r, _ := e.signIn(u.Email, "wrong password "+strconv.Itoa(i), url.Values{"lang": {"fr"}})
				if r.StatusCode != http.StatusUnauthorized {
					t.Fatalf("failure %d: %d", i+1, r.StatusCode)
				}
			}
			if n := e.auditCount("signin.lockout", "email:"+u.Email); n != 1 {
				t.Errorf("signin.lockout entries: %d, want 1", n)
			}
			r, c := e.signIn(u.Email, password, url.Values{"lang": {"fr"}})
			if r.StatusCode != http.StatusTooManyRequests || c != nil {
				t.Fatalf("6th attempt with the right password: %d, cookie %v", r.StatusCode, c)
			}
			fr := printer(t, "fr").T("admin.signin_throttled")
			if alertText(r.body) != fr || htmlLang(r.body) != "fr-CA" {
				t.Errorf("throttled page: lang %q, message %q; want fr-CA, %q", htmlLang(r.body), alertText(r.body), fr)
			}
			// In English when the page is.
			r, _ = e.signIn(u.Email, password, url.Values{"lang": {"en"}})
			if en := printer(t, "en").T("admin.signin_throttled"); r.StatusCode != http.StatusTooManyRequests || alertText(r.body) != en {
				t.Errorf("throttled page in English: %d %q", r.StatusCode, alertText(r.body))
			}
			// Still refused just before the window ends.
			e.clock.Advance(14 * time.Minute)
			if r, _ := e.signIn(u.Email, password, nil); r.StatusCode != http.StatusTooManyRequests {
				t.Errorf("after 14 minutes: %d, want 429", r.StatusCode)
			}
			e.clock.Advance(2 * time.Minute)
			e.mustSignIn(u)
			// A success clears the account's count.
			for range 4 {
				e.signIn(u.Email, "wrong again", nil)
			}
			e.mustSignIn(u)
		})
		t.Run("address", func(t *testing.T) {
			e := newEnv(t, o)
			other := e.addUser("other@example.org", content.RoleEditor, content.English, content.UserActive)
			for i := range 20 {
				email := fmt.Sprintf("person%d@example.org", i)
				if i%5 != 0 { // mostly known accounts (cheap hashes), some unknown
					e.addUser(email, content.RoleContributor, content.English, content.UserActive)
				}
				r, _ := e.signIn(email, "wrong password", nil)
				if r.StatusCode != http.StatusUnauthorized {
					t.Fatalf("failure %d: %d", i+1, r.StatusCode)
				}
			}
			r, c := e.signIn(other.Email, password, nil)
			if r.StatusCode != http.StatusTooManyRequests || c != nil {
				t.Fatalf("another account after 20 failures from one address: %d, cookie %v", r.StatusCode, c)
			}
			if n := e.auditCount("signin.lockout", "ip:127.0.0.1"); n != 1 {
				t.Errorf("signin.lockout entries for the address: %d, want 1", n)
			}
			e.clock.Advance(16 * time.Minute)
			e.mustSignIn(other)
		})
	})
}

// TestSessions: idle and absolute timeouts, sign-out, suspension and role
// changes take effect on the next request.
func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		admin1 := e.addUser("admin1@example.org", content.RoleAdministrator, content.English, content.UserActive)
		admin2 := e.addUser("admin2@example.org", content.RoleAdministrator, content.English, content.UserActive)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)

		t.Run("idle", func(t *testing.T) {
			c := e.mustSignIn(ed)
			e.clock.Advance(29 * time.Minute)
			if r := e.get("/admin/", c); r.StatusCode != http.StatusOK {
				t.Fatalf("after 29 idle minutes: %d", r.StatusCode)
			}
			e.clock.Advance(31 * time.Minute)
			if r := e.get("/admin/", c); !signedOut(r) {
				t.Fatalf("after 31 idle minutes: %d %q", r.StatusCode, r.Header.Get("Location"))
			}
			if !e.sessionGone(c) {
				t.Error("the expired session is still stored")
			}
			e.clock.Advance(-time.Minute)
			if r := e.get("/admin/", c); !signedOut(r) {
				t.Error("an expired session came back")
			}
		})
		t.Run("absolute", func(t *testing.T) {
			c := e.mustSignIn(ed)
			for elapsed := 20 * time.Minute; elapsed < 12*time.Hour; elapsed += 20 * time.Minute {
				e.clock.Advance(20 * time.Minute)
				if r := e.get("/admin/", c); r.StatusCode != http.StatusOK {
					t.Fatalf("active session after %v: %d", elapsed, r.StatusCode)
				}
			}
			e.clock.Advance(20 * time.Minute) // 12 h since sign-in
			if r := e.get("/admin/", c); !signedOut(r) {
				t.Fatalf("after 12 hours: %d", r.StatusCode)
			}
		})
		t.Run("sign-out", func(t *testing.T) {
			c := e.mustSignIn(ed)
			other := e.mustSignIn(ed) // another browser
			r := e.post("/admin/sign-out", c, url.Values{})
			if !signedOut(r) {
				t.Fatalf("sign-out: %d %q", r.StatusCode, r.Header.Get("Location"))
			}
			cleared := false
			for _, k := range r.Cookies() {
				if k.Name == "busrides_session" && k.Value == "" && k.MaxAge < 0 {
					cleared = true
				}
			}
			if !cleared {
				t.Errorf("sign-out did not clear the cookie: %v", r.Header.Values("Set-Cookie"))
			}
			if !e.sessionGone(c) {
				t.Error("the session is still stored after sign-out")
			}
			if r := e.get("/admin/", c); !signedOut(r) {
				t.Errorf("the old cookie still works: %d", r.StatusCode)
			}
			if r := e.get("/admin/", other); r.StatusCode != http.StatusOK {
				t.Errorf("signing out ended the other browser's session: %d", r.StatusCode)
			}
			if e.auditCount("signout", "user:"+strconv.FormatInt(ed.ID, 10)) == 0 {
				t.Error("no signout audit entry")
			}
		})
		t.Run("suspension", func(t *testing.T) {
			ca := e.mustSignIn(admin1)
			ce := e.mustSignIn(ed)
			if r := e.get("/admin/", ce); r.StatusCode != http.StatusOK {
				t.Fatalf("editor before suspension: %d", r.StatusCode)
			}
			r := e.post("/admin/users/"+strconv.FormatInt(ed.ID, 10)+"/status", ca, url.Values{"status": {"suspended"}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("suspend: %d\n%s", r.StatusCode, r.body)
			}
			if r := e.get("/admin/", ce); !signedOut(r) {
				t.Errorf("suspended editor's next request: %d", r.StatusCode)
			}
			if r := e.post("/admin/language", ce, url.Values{"lang": {"fr"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("suspended editor's POST: %d", r.StatusCode)
			}
			if r, c := e.signIn(ed.Email, password, nil); r.StatusCode != http.StatusUnauthorized || c != nil {
				t.Errorf("suspended editor signs in: %d", r.StatusCode)
			}
			if e.auditCount("user.suspended", "user:"+strconv.FormatInt(ed.ID, 10)) != 1 {
				t.Error("no user.suspended audit entry")
			}
			// Reactivated, they sign in again (their old session stays gone).
			r = e.post("/admin/users/"+strconv.FormatInt(ed.ID, 10)+"/status", ca, url.Values{"status": {"active"}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("reactivate: %d", r.StatusCode)
			}
			if r := e.get("/admin/", ce); !signedOut(r) {
				t.Errorf("the session from before the suspension came back: %d", r.StatusCode)
			}
			e.mustSignIn(ed)
		})
		t.Run("role change", func(t *testing.T) {
			ca := e.mustSignIn(admin1)
			cb := e.mustSignIn(admin2)
			for _, p := range []string{"/admin/users", "/admin/audit"} {
				if r := e.get(p, cb); r.StatusCode != http.StatusOK {
					t.Fatalf("%s as administrator: %d", p, r.StatusCode)
				}
			}
			r := e.post("/admin/users/"+strconv.FormatInt(admin2.ID, 10)+"/role", ca, url.Values{"role": {"editor"}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("role change: %d\n%s", r.StatusCode, r.body)
			}
			for _, p := range []string{"/admin/users", "/admin/audit"} {
				if r := e.get(p, cb); r.StatusCode != http.StatusForbidden {
					t.Errorf("%s after demotion to editor: %d, want 403", p, r.StatusCode)
				}
			}
			if r := e.get("/admin/", cb); r.StatusCode != http.StatusOK || strings.Contains(r.body, `href="/admin/users"`) {
				t.Errorf("dashboard after demotion: %d, users link shown: %t", r.StatusCode, strings.Contains(r.body, `href="/admin/users"`))
			}
			found := false
			for _, a := range e.audit() {
				if a.Action == "user.role" && a.ActorID == admin1.ID && a.Target == "user:"+strconv.FormatInt(admin2.ID, 10) &&
					strings.Contains(a.Detail, "administrator") && strings.Contains(a.Detail, "editor") {
					found = true
				}
			}
			if !found {
				t.Error("no user.role audit entry with the old and new roles")
			}
		})
	})
}

// TestCSRF: cross-origin posts are refused and change nothing; no GET
// changes state.
func TestCSRF(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		adm := e.addUser("admin@example.org", content.RoleAdministrator, content.English, content.UserActive)
		victim := e.addUser("victim@example.org", content.RoleContributor, content.English, content.UserActive)
		c := e.mustSignIn(adm)
		before := len(e.audit())

		cross := []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site", "Origin": "https://sub.busrides.test"},
			{"Sec-Fetch-Site": "", "Origin": "https://evil.example"},
		}
		for _, h := range cross {
			r := e.do(req{method: "POST", path: "/admin/sign-in", form: url.Values{"email": {adm.Email}, "password": {password}}, header: h})
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin sign-in %v: %d", h, r.StatusCode)
			}
			for _, k := range r.Cookies() {
				if strings.HasSuffix(k.Name, "busrides_session") && k.Value != "" {
					t.Errorf("cross-origin sign-in %v set a session", h)
				}
			}
			path := "/admin/users/" + strconv.FormatInt(victim.ID, 10)
			if r := e.do(req{method: "POST", path: path + "/role", form: url.Values{"role": {"administrator"}}, cookie: c, header: h}); r.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin role change %v: %d", h, r.StatusCode)
			}
			if r := e.do(req{method: "POST", path: path + "/status", form: url.Values{"status": {"suspended"}}, cookie: c, header: h}); r.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin suspension %v: %d", h, r.StatusCode)
			}
			if r := e.do(req{method: "POST", path: "/admin/sign-out", form: url.Values{}, cookie: c, header: h}); r.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin sign-out %v: %d", h, r.StatusCode)
			}
		}
		if u := e.user(victim.ID); u.Role != content.RoleContributor || u.Status != content.UserActive {
			t.Errorf("a cross-origin post changed the victim: %+v", u)
		}
		if e.sessionGone(c) {
			t.Error("a cross-origin sign-out ended the session")
		}
		if after := len(e.audit()); after != before {
			t.Errorf("cross-origin posts added %d audit entries", after-before)
		}

		// No GET changes state: not sign-out, not a role or status change
		// smuggled into a query string.
		if r := e.get("/admin/sign-out", c); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET /admin/sign-out: %d, want 404 or 405", r.StatusCode)
		}
		id := strconv.FormatInt(victim.ID, 10)
		q := "?role=administrator&status=suspended&lang=fr&email=" + url.QueryEscape(adm.Email) + "&password=" + url.QueryEscape(password)
		for _, p := range []string{"/admin/users/" + id + "/role", "/admin/users/" + id + "/status", "/admin/language", "/admin/sign-in"} {
			if r := e.get(p+q, c); r.StatusCode == http.StatusOK && p != "/admin/sign-in" {
				t.Errorf("GET %s: 200", p)
			}
		}
		for _, rt := range admin.Routes() {
			if rt.Method != "GET" {
				continue
			}
			e.get(strings.ReplaceAll(rt.Pattern, "{$}", "")+q, c)
		}
		if e.sessionGone(c) {
			t.Error("a GET ended the session")
		}
		if r := e.get("/admin/", c); r.StatusCode != http.StatusOK || htmlLang(r.body) != "en-CA" {
			t.Errorf("after the GETs: %d, lang %q", r.StatusCode, htmlLang(r.body))
		}
		if u := e.user(victim.ID); u.Role != content.RoleContributor || u.Status != content.UserActive {
			t.Errorf("a GET changed the victim: %+v", u)
		}
		if u := e.user(adm.ID); u.Lang != content.English {
			t.Errorf("a GET changed the administrator's language: %+v", u)
		}
		for _, a := range e.audit()[before:] {
			t.Errorf("a GET added an audit entry: %+v", a)
		}
	})
}

// TestInterfaceLanguage: each staff member works in their language.
func TestInterfaceLanguage(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		u := e.addUser("redactrice@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.mustSignIn(u)
		r := e.get("/admin/", c)
		if r.StatusCode != http.StatusOK || htmlLang(r.body) != "fr-CA" || !strings.Contains(text(r.body), "Tableau de bord") {
			t.Fatalf("French dashboard: %d, lang %q\n%s", r.StatusCode, htmlLang(r.body), r.body)
		}
		if r.Header.Get("Content-Language") != "fr-CA" {
			t.Errorf("Content-Language %q", r.Header.Get("Content-Language"))
		}
		if strings.Contains(r.body, "⟦") {
			t.Errorf("missing translation on the French dashboard:\n%s", r.body)
		}
		if r := e.post("/admin/language", c, url.Values{"lang": {"en"}}); r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/" {
			t.Fatalf("switch to English: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		r = e.get("/admin/", c)
		if htmlLang(r.body) != "en-CA" || !strings.Contains(r.body, "Dashboard") || strings.Contains(text(r.body), "Tableau de bord") {
			t.Errorf("after switching to English: lang %q", htmlLang(r.body))
		}
		if e.user(u.ID).Lang != content.English {
			t.Error("the language was not stored")
		}
		if r := e.post("/admin/language", c, url.Values{"lang": {"de"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("lang=de: %d, want 400", r.StatusCode)
		}

		// The sign-in page honours ?lang=fr, and its form keeps it.
		r = e.get("/admin/sign-in?lang=fr", nil)
		title := printer(t, "fr").T("admin.signin_title")
		if r.StatusCode != http.StatusOK || htmlLang(r.body) != "fr-CA" || !strings.Contains(text(r.body), title) ||
			!strings.Contains(r.body, `name="lang" value="fr"`) {
			t.Errorf("sign-in ?lang=fr: %d, lang %q", r.StatusCode, htmlLang(r.body))
		}
		if r := e.get("/admin/sign-in", nil); htmlLang(r.body) != "en-CA" {
			t.Errorf("sign-in default: lang %q", htmlLang(r.body))
		}
		if r := e.do(req{method: "GET", path: "/admin/sign-in", header: map[string]string{"Accept-Language": "fr-CA,fr;q=0.9"}}); htmlLang(r.body) != "fr-CA" {
			t.Errorf("sign-in with Accept-Language fr: lang %q", htmlLang(r.body))
		}
		// A failed French sign-in answers in French.
		r, _ = e.signIn(u.Email, "wrong password", url.Values{"lang": {"fr"}})
		if fr := printer(t, "fr").T("admin.signin_failed"); htmlLang(r.body) != "fr-CA" || alertText(r.body) != fr {
			t.Errorf("failed French sign-in: lang %q, %q", htmlLang(r.body), alertText(r.body))
		}
	})
}

// TestCatalogueKeys: every key the back office builds from a value exists
// in both languages.
func TestCatalogueKeys(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range content.AllActions() {
		keys = append(keys, "admin.action_"+strings.ReplaceAll(string(a), ".", "_"))
	}
	for _, r := range content.Roles {
		keys = append(keys, "admin.role_"+string(r))
	}
	for _, s := range []content.UserStatus{content.UserActive, content.UserSuspended} {
		keys = append(keys, "admin.status_"+string(s))
	}
	for _, k := range keys {
		for _, l := range []string{"en", "fr"} {
			if !cat.Has(l, k) {
				t.Errorf("%s catalogue lacks %s", l, k)
			}
		}
	}
}

// TestOwnAccountAndBadInput: administrators cannot change their own role
// or status; bad values are 400.
func TestOwnAccountAndBadInput(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		adm := e.addUser("admin@example.org", content.RoleAdministrator, content.French, content.UserActive)
		other := e.addUser("other@example.org", content.RoleAuthor, content.English, content.UserActive)
		c := e.mustSignIn(adm)
		self := "/admin/users/" + strconv.FormatInt(adm.ID, 10)
		if r := e.post(self+"/role", c, url.Values{"role": {"editor"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("own role: %d, want 403", r.StatusCode)
		} else if htmlLang(r.body) != "fr-CA" {
			t.Errorf("403 page not in the actor's language: %q", htmlLang(r.body))
		}
		if r := e.post(self+"/status", c, url.Values{"status": {"suspended"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("own status: %d, want 403", r.StatusCode)
		}
		if u := e.user(adm.ID); u.Role != content.RoleAdministrator || u.Status != content.UserActive {
			t.Errorf("own account changed: %+v", u)
		}

		path := "/admin/users/" + strconv.FormatInt(other.ID, 10)
		for _, tc := range []struct {
			path string
			form url.Values
			want int
		}{
			{path + "/role", url.Values{"role": {"superuser"}}, http.StatusBadRequest},
			{path + "/role", url.Values{"role": {"Administrator"}}, http.StatusBadRequest},
			{path + "/role", url.Values{}, http.StatusBadRequest},
			{path + "/status", url.Values{"status": {"deleted"}}, http.StatusBadRequest},
			{path + "/status", url.Values{}, http.StatusBadRequest},
			{"/admin/users/abc/role", url.Values{"role": {"editor"}}, http.StatusBadRequest},
			{"/admin/users/0/role", url.Values{"role": {"editor"}}, http.StatusBadRequest},
			{"/admin/users/-3/status", url.Values{"status": {"active"}}, http.StatusBadRequest},
			{"/admin/users/999999/role", url.Values{"role": {"editor"}}, http.StatusNotFound},
		} {
			if r := e.post(tc.path, c, tc.form); r.StatusCode != tc.want {
				t.Errorf("POST %s %v: %d, want %d", tc.path, tc.form, r.StatusCode, tc.want)
			}
		}
		if u := e.user(other.ID); u.Role != content.RoleAuthor || u.Status != content.UserActive {
			t.Errorf("bad input changed the user: %+v", u)
		}
		// A good value works.
		if r := e.post(path+"/role", c, url.Values{"role": {"editor"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("good role change: %d", r.StatusCode)
		}
		if u := e.user(other.ID); u.Role != content.RoleEditor {
			t.Errorf("role not changed: %+v", u)
		}
		// The users page shows no form for one's own row.
		r := e.get("/admin/users", c)
		if strings.Contains(r.body, `action="`+self+`/role"`) || strings.Contains(r.body, `action="`+self+`/status"`) {
			t.Error("the users page offers to change one's own role or status")
		}
		if !strings.Contains(r.body, `action="`+path+`/role"`) {
			t.Error("the users page offers no role form for another user")
		}
	})
}
