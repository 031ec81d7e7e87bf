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
	"github.com/busrides/busrides/internal/testutil"
)

var inviteLinkRE = regexp.MustCompile(`id="invite-link"[^>]*value="([^"]+)"`)

// TestInvitationFlow follows an invitation from the staff page to a new
// editor's first page, in French, and checks the link works once.
func TestInvitationFlow(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		admin := e.addUser("admin@example.org", content.RoleAdministrator, content.English, content.UserActive)
		c := e.mustSignIn(admin)

		r := e.post("/admin/users/invite", c, url.Values{"email": {" Rédactrice@Example.GC.CA "}, "name": {"Élise Tremblay"}, "role": {"editor"}, "lang": {"fr"}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("invite: %d\n%s", r.StatusCode, r.body)
		}
		m := inviteLinkRE.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("no invitation link on the page:\n%s", r.body)
		}
		link, err := url.Parse(text(m[1]))
		if err != nil || !strings.HasPrefix(link.Path, "/admin/invitations/") || link.Host == "" {
			t.Fatalf("link %q: %v", m[1], err)
		}
		if n := e.auditCount("user.invited", "email:rédactrice@example.gc.ca"); n != 1 {
			t.Errorf("user.invited entries: %d", n)
		}
		if staff := e.get("/admin/users", c); !strings.Contains(text(staff.body), "rédactrice@example.gc.ca") {
			t.Error("the staff page does not list the pending invitation")
		}

		// The invited person sees the form in the invitation's language.
		page := e.get(link.Path, nil)
		fr := printer(t, "fr")
		if page.StatusCode != http.StatusOK || htmlLang(page.body) != "fr-CA" || !strings.Contains(text(page.body), fr.T("admin.invitation_title", "site", fr.T("site.name"))) {
			t.Fatalf("invitation page: %d lang %q\n%s", page.StatusCode, htmlLang(page.body), page.body)
		}
		if !strings.Contains(text(page.body), "Élise Tremblay") {
			t.Error("the invited name is not offered")
		}

		// Mistakes come back in French, with the name kept and nothing created.
		bad := e.post(link.Path, nil, url.Values{"name": {"Élise T."}, "password": {"un mot de passe assez long"}, "confirm": {"un autre mot de passe long"}})
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(bad.body), fr.T("admin.password_mismatch")) || !strings.Contains(text(bad.body), `value="Élise T."`) {
			t.Errorf("mismatched passwords: %d\n%s", bad.StatusCode, bad.body)
		}
		short := e.post(link.Path, nil, url.Values{"name": {"Élise"}, "password": {"court"}, "confirm": {"court"}})
		if short.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(short.body), fr.T("admin.password_too_short", "n", 12)) {
			t.Errorf("short password: %d", short.StatusCode)
		}
		if _, err := e.st.UserByEmail(t.Context(), "rédactrice@example.gc.ca"); err == nil {
			t.Fatal("a failed form created the account")
		}

		ok := e.post(link.Path, nil, url.Values{"name": {"Élise Tremblay"}, "password": {password}, "confirm": {password}})
		if ok.StatusCode != http.StatusSeeOther || ok.loc() != "/admin/" {
			t.Fatalf("accept: %d %q\n%s", ok.StatusCode, ok.Header.Get("Location"), ok.body)
		}
		var session *http.Cookie
		for _, ck := range ok.Cookies() {
			if ck.Name == "busrides_session" && ck.Value != "" && ck.HttpOnly && ck.SameSite == http.SameSiteLaxMode {
				session = ck
			}
		}
		if session == nil {
			t.Fatal("accepting did not sign the person in")
		}
		home := e.get("/admin/?welcome=1", session)
		if home.StatusCode != http.StatusOK || !strings.Contains(text(home.body), fr.T("admin.joined", "site", fr.T("site.name"))) || !strings.Contains(text(home.body), fr.T("admin.role_editor")) {
			t.Errorf("first page: %d\n%s", home.StatusCode, home.body)
		}
		u, err := e.st.UserByEmail(t.Context(), "rédactrice@example.gc.ca")
		if err != nil || u.Role != content.RoleEditor || u.Lang != content.French || u.Name != "Élise Tremblay" {
			t.Errorf("new user = %+v, %v", u, err)
		}
		if n := e.auditCount("user.joined", ""); n != 1 {
			t.Errorf("user.joined entries: %d", n)
		}
		// The new password signs in; the link does not work twice.
		e.mustSignIn(u)
		again := e.post(link.Path, nil, url.Values{"name": {"Someone"}, "password": {password}, "confirm": {password}})
		if again.StatusCode != http.StatusNotFound || !strings.Contains(text(again.body), fr.T("admin.invitation_gone")) {
			t.Errorf("second use: %d\n%s", again.StatusCode, again.body)
		}
		if g := e.get(link.Path, nil); g.StatusCode != http.StatusNotFound {
			t.Errorf("GET after use: %d", g.StatusCode)
		}
	})
}

// TestInvitationErrors covers the invitation form's validation, withdrawal
// and expiry.
func TestInvitationErrors(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		admin := e.addUser("admin@example.org", content.RoleAdministrator, content.French, content.UserActive)
		c := e.mustSignIn(admin)
		fr := printer(t, "fr")

		r := e.post("/admin/users/invite", c, url.Values{"email": {"pas une adresse"}, "name": {"Nom"}, "role": {"chef"}, "lang": {"fr"}})
		body := text(r.body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, fr.T("staff.error_email")) || !strings.Contains(body, fr.T("staff.error_role")) ||
			!strings.Contains(body, `value="pas une adresse"`) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("invalid invitation: %d\n%s", r.StatusCode, r.body)
		}
		taken := e.post("/admin/users/invite", c, url.Values{"email": {"ADMIN@example.org"}, "role": {"editor"}, "lang": {"en"}})
		if taken.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(taken.body), fr.T("admin.invite_taken")) {
			t.Errorf("staff address: %d", taken.StatusCode)
		}
		if n := e.auditCount("user.invited", ""); n != 0 {
			t.Errorf("refused invitations were audited: %d", n)
		}

		// Hostile names are escaped on every page that shows them.
		checked := 0
		for _, xss := range strings.Split(string(testutil.ReadCorpus(t, "xss/xss-merged.txt")), "\n") {
			name, ok := content.CleanName(xss)
			if !ok || name == "" || !strings.ContainsAny(name, "<>\"") {
				continue
			}
			if checked++; checked > 15 {
				break
			}
			r := e.post("/admin/users/invite", c, url.Values{"email": {"x@example.org"}, "name": {name}, "role": {"author"}, "lang": {"en"}})
			m := inviteLinkRE.FindStringSubmatch(r.body)
			if r.StatusCode != http.StatusOK || m == nil {
				t.Fatalf("invite with name %q: %d", name, r.StatusCode)
			}
			link, _ := url.Parse(text(m[1]))
			page := e.get(link.Path, nil)
			if strings.Contains(page.body, name) || !strings.Contains(text(page.body), name) {
				t.Errorf("name %q is not shown escaped:\n%s", name, page.body)
			}
		}
		if checked == 0 {
			t.Fatal("no hostile name was tried")
		}

		// Withdrawn and expired links stop working.
		tok := e.invite("later@example.org", content.RoleAuthor)
		if g := e.get("/admin/invitations/"+tok, nil); g.StatusCode != http.StatusOK {
			t.Fatalf("fresh link: %d", g.StatusCode)
		}
		pending, err := e.st.PendingInvitations(t.Context(), e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		for _, p := range pending {
			if p.Email == "later@example.org" {
				id = p.ID
			}
		}
		if r := e.post("/admin/invitations/"+strconv.FormatInt(id, 10)+"/revoke", c, url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.StatusCode)
		}
		if g := e.get("/admin/invitations/"+tok, nil); g.StatusCode != http.StatusNotFound {
			t.Errorf("withdrawn link: %d", g.StatusCode)
		}
		tok = e.invite("expiring@example.org", content.RoleAuthor)
		e.clock.Advance(content.InvitationTTL + time.Minute)
		if g := e.get("/admin/invitations/"+tok, nil); g.StatusCode != http.StatusNotFound {
			t.Errorf("expired link: %d", g.StatusCode)
		}
		if g := e.get("/admin/invitations/not-a-token", nil); g.StatusCode != http.StatusNotFound {
			t.Errorf("made-up link: %d", g.StatusCode)
		}
	})
}
