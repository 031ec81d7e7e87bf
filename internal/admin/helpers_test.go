package admin_test

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
)

// cheap are argon2id costs that keep the tests fast; Verify reads them
// from the stored hash.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const password = "correct horse battery staple"

// env is a running app and a client for its back office.
type env struct {
	t     *testing.T
	start *apptest.Start
	st    store.Store
	clock *apptest.Clock
	srv   *httptest.Server
	hc    *http.Client
}

// eachDB runs fn on SQLite and on PostgreSQL (skipped without
// BUSRIDES_TEST_DATABASE_URL).
func eachDB(t *testing.T, fn func(t *testing.T, o apptest.Options)) {
	t.Helper()
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			fn(t, apptest.Options{Postgres: pg, NoDemo: true, NoCache: true})
		})
	}
}

func newEnv(t *testing.T, o apptest.Options) *env {
	t.Helper()
	s := apptest.Serve(t, o)
	return &env{t: t, start: s, st: s.App.Store, clock: s.Clock, srv: s.Server, hc: noRedirects(s.Server.Client())}
}

// newTLSEnv serves the app over TLS instead.
func newTLSEnv(t *testing.T, o apptest.Options) *env {
	t.Helper()
	a, clock, _ := apptest.New(t, o)
	srv := httptest.NewTLSServer(a.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, st: a.Store, clock: clock, srv: srv, hc: noRedirects(srv.Client())}
}

func noRedirects(c *http.Client) *http.Client {
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Jar = nil
	return c
}

// addUser stores a staff member with password and returns them.
func (e *env) addUser(email string, role content.Role, lang content.Lang, status content.UserStatus) *content.User {
	e.t.Helper()
	phc, err := auth.HashWith(password, cheap)
	if err != nil {
		e.t.Fatal(err)
	}
	u := content.User{Email: email, Name: strings.Split(email, "@")[0], Role: role, Lang: lang, Status: status, CreatedAt: e.clock.Now()}
	id, err := e.st.CreateUser(context.Background(), u, phc)
	if err != nil {
		e.t.Fatalf("create user %s: %v", email, err)
	}
	got, err := e.st.UserByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

// session opens a server-side session for u directly in the store and
// returns its cookie (plain HTTP name).
func (e *env) session(u *content.User) *http.Cookie {
	e.t.Helper()
	tok, hash := auth.NewToken()
	if err := e.st.CreateSession(context.Background(), hash, u.ID, e.clock.Now(), "127.0.0.1", "test"); err != nil {
		e.t.Fatal(err)
	}
	return &http.Cookie{Name: "busrides_session", Value: tok}
}

// req is one request to the back office.
type req struct {
	method, path string
	form         url.Values
	cookie       *http.Cookie
	header       map[string]string // overrides; "" removes
}

type resp struct {
	*http.Response
	body string
}

// loc is the Location header without its query.
func (r resp) loc() string {
	l := r.Header.Get("Location")
	if i := strings.IndexByte(l, '?'); i >= 0 {
		l = l[:i]
	}
	return l
}

// do sends r as a same-origin browser would (Origin and Sec-Fetch-Site).
func (e *env) do(r req) resp {
	e.t.Helper()
	var body io.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	}
	hr, err := http.NewRequest(r.method, e.srv.URL+r.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if r.form != nil {
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	hr.Header.Set("Origin", e.srv.URL)
	hr.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range r.header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	if r.cookie != nil {
		hr.AddCookie(r.cookie)
	}
	res, err := e.hc.Do(hr)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{res, string(b)}
}

// signIn posts the sign-in form and returns the response and the session
// cookie it set (nil if none).
func (e *env) signIn(email, pw string, extra url.Values) (resp, *http.Cookie) {
	e.t.Helper()
	f := url.Values{"email": {email}, "password": {pw}}
	for k, v := range extra {
		f[k] = v
	}
	r := e.do(req{method: "POST", path: "/admin/sign-in", form: f})
	for _, c := range r.Cookies() {
		if strings.HasSuffix(c.Name, "busrides_session") && c.Value != "" {
			return r, c
		}
	}
	return r, nil
}

// mustSignIn signs in and fails the test unless it worked.
func (e *env) mustSignIn(u *content.User) *http.Cookie {
	e.t.Helper()
	r, c := e.signIn(u.Email, password, nil)
	if r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/" || c == nil {
		e.t.Fatalf("sign in %s: %d %q, cookie %v\n%s", u.Email, r.StatusCode, r.Header.Get("Location"), c, r.body)
	}
	return c
}

// signedOut reports whether r is what a signed-out visitor gets.
func signedOut(r resp) bool {
	return r.StatusCode == http.StatusSeeOther && r.loc() == "/admin/sign-in"
}

// get is a GET with a session cookie.
func (e *env) get(path string, c *http.Cookie) resp {
	e.t.Helper()
	return e.do(req{method: "GET", path: path, cookie: c})
}

// post is a same-origin form POST with a session cookie.
func (e *env) post(path string, c *http.Cookie, form url.Values) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: path, cookie: c, form: form})
}

// audit returns the audit log, oldest first.
func (e *env) audit() []content.AuditEntry {
	e.t.Helper()
	log, err := e.st.AuditLog(context.Background(), 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	for i, j := 0, len(log)-1; i < j; i, j = i+1, j-1 {
		log[i], log[j] = log[j], log[i]
	}
	return log
}

// auditCount counts entries with action (and target, if not empty).
func (e *env) auditCount(action, target string) int {
	n := 0
	for _, a := range e.audit() {
		if a.Action == action && (target == "" || a.Target == target) {
			n++
		}
	}
	return n
}

func (e *env) user(id int64) *content.User {
	e.t.Helper()
	u, err := e.st.UserByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// sessionGone reports whether the session of cookie c no longer exists.
func (e *env) sessionGone(c *http.Cookie) bool {
	e.t.Helper()
	_, _, _, err := e.st.SessionUser(context.Background(), auth.HashToken(c.Value))
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		e.t.Fatal(err)
	}
	return errors.Is(err, content.ErrNotFound)
}

var (
	htmlLangRE  = regexp.MustCompile(`<html lang="([^"]*)"`)
	alertTextRE = regexp.MustCompile(`(?s)<div class="error-summary"[^>]*><p>(.*?)</p>`)
)

func htmlLang(body string) string {
	m := htmlLangRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// alertText is the sign-in page's error message, unescaped.
func alertText(body string) string {
	m := alertTextRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// text is the body with HTML entities decoded.
func text(body string) string { return html.UnescapeString(body) }

// printer is the catalogue's printer for lang.
func printer(t *testing.T, lang string) *i18n.Printer {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat.Printer(lang)
}

// invite stores a pending invitation directly and returns its link's token.
func (e *env) invite(email string, role content.Role) string {
	e.t.Helper()
	tok, hash := auth.NewToken()
	inv := content.Invitation{Email: email, Role: role, Lang: content.English, CreatedAt: e.clock.Now()}
	if _, err := e.st.CreateInvitation(context.Background(), inv, hash); err != nil {
		e.t.Fatal(err)
	}
	return tok
}
