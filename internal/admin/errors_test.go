package admin_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/admin"
	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/ui"
)

// faultyStore is the app's real store in which chosen methods fail, as a
// database that breaks, or refuses a change, in the middle of a request.
type faultyStore struct {
	store.Store
	mu    sync.Mutex
	fails map[string]error
}

// failWith makes method return err from now on (nil: work again).
func (s *faultyStore) failWith(method string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fails == nil {
		s.fails = map[string]error{}
	}
	s.fails[method] = err
}

func (s *faultyStore) fault(method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fails[method]
}

func (s *faultyStore) SessionUser(ctx context.Context, tokenHash string) (*content.User, time.Time, time.Time, error) {
	if err := s.fault("SessionUser"); err != nil {
		return nil, time.Time{}, time.Time{}, err
	}
	return s.Store.SessionUser(ctx, tokenHash)
}

func (s *faultyStore) AuditEntries(ctx context.Context, q store.AuditQuery) ([]content.AuditEntry, int, error) {
	if err := s.fault("AuditEntries"); err != nil {
		return nil, 0, err
	}
	return s.Store.AuditEntries(ctx, q)
}

func (s *faultyStore) SetUserRole(ctx context.Context, userID int64, role content.Role) error {
	if err := s.fault("SetUserRole"); err != nil {
		return err
	}
	return s.Store.SetUserRole(ctx, userID, role)
}

// lockedBuffer collects log lines written by concurrent requests.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newFaultyEnv serves the back office alone on the app's real database
// (SQLite in t.TempDir, or PostgreSQL) through a faultyStore, with request
// ids as the app gives them, and its log in a buffer.
func newFaultyEnv(t *testing.T, o apptest.Options) (*env, *faultyStore, *lockedBuffer) {
	t.Helper()
	a, clock, _ := apptest.New(t, o)
	fs := &faultyStore{Store: a.Store}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := ui.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := ui.Parse(cat, assets, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	back := admin.New(admin.Config{Store: fs, Catalogue: cat, Templates: tpl, Now: clock.Now,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	// As the app wraps it: the access log gives error responses their id.
	srv := httptest.NewServer(httpx.WithRequestID(httpx.AccessLog(slog.New(slog.DiscardHandler), back)))
	t.Cleanup(srv.Close)
	return &env{t: t, st: a.Store, clock: clock, srv: srv, hc: noRedirects(srv.Client())}, fs, logs
}

// checkErrorPage checks that r is a whole admin page in lang (a BCP 47
// tag) with status, titled title, saying lead, with a link back to back.
func checkErrorPage(t *testing.T, r resp, status int, lang, title, lead, back string) {
	t.Helper()
	if r.StatusCode != status {
		t.Errorf("status %d, want %d\n%s", r.StatusCode, status, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q, want an HTML page", ct)
	}
	if got := htmlLang(r.body); got != lang {
		t.Errorf(`<html lang=%q>, want %q`, got, lang)
	}
	if got := r.Header.Get("Content-Language"); got != lang {
		t.Errorf("Content-Language %q, want %q", got, lang)
	}
	body := text(r.body)
	for _, want := range []string{
		`<header class="admin-header">`, // the admin layout
		"<title>" + title + " - ",
		"<h1>" + title + "</h1>",
		`<p class="lead">` + lead + "</p>",
		`<p><a href="` + back + `">`,
		"</html>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q\n%s", want, r.body)
		}
	}
}

// TestErrorPages checks that each error status answers a page of the
// admin layout, in the staff member's language (the guest's when no one
// is signed in), with the catalogue's title and text and a link back; and
// that a server error shows its request id, never its text.
func TestErrorPages(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e, fs, logs := newFaultyEnv(t, o)
		target := e.addUser("target@example.org", content.RoleContributor, content.English, content.UserActive)
		role := fmt.Sprintf("/admin/users/%d/role", target.ID)
		for _, lang := range []content.Lang{content.English, content.French} {
			t.Run(string(lang), func(t *testing.T) {
				p := printer(t, string(lang))
				tag := lang.Tag()
				ca := e.session(e.addUser("admin-"+string(lang)+"@example.org", content.RoleAdministrator, lang, content.UserActive))
				cc := e.session(e.addUser("contributor-"+string(lang)+"@example.org", content.RoleContributor, lang, content.UserActive))
				cases := []struct {
					name        string
					fault       string // a faultyStore method, and its error
					err         error
					req         req
					status      int
					title, text string
				}{
					{name: "403 role refused", req: req{method: "GET", path: "/admin/users", cookie: cc},
						status: http.StatusForbidden, title: "admin.forbidden_title", text: "admin.forbidden"},
					{name: "404 no such episode", req: req{method: "GET", path: "/admin/episodes/999999", cookie: ca},
						status: http.StatusNotFound, title: "admin.error_not_found_title", text: "admin.error_not_found"},
					{name: "404 unknown path", req: req{method: "GET", path: "/admin/no-such-page", cookie: ca},
						status: http.StatusNotFound, title: "admin.error_not_found_title", text: "admin.error_not_found"},
					{name: "409 changed meanwhile", fault: "SetUserRole", err: fmt.Errorf("store: set role: %w", content.ErrConflict),
						req:    req{method: "POST", path: role, cookie: ca, form: url.Values{"role": {"editor"}}},
						status: http.StatusConflict, title: "admin.error_conflict_title", text: "admin.error_conflict"},
					{name: "422 refused by the store", fault: "SetUserRole",
						err:    fmt.Errorf("store: set role: %w", &content.ValidationError{Fields: map[string]string{"role": content.StaffErrRole}}),
						req:    req{method: "POST", path: role, cookie: ca, form: url.Values{"role": {"editor"}}},
						status: http.StatusUnprocessableEntity, title: "admin.error_invalid_title", text: "admin.error_invalid"},
					{name: "400 malformed path", req: req{method: "POST", path: "/admin/users/abc/role", cookie: ca, form: url.Values{"role": {"editor"}}},
						status: http.StatusBadRequest, title: "admin.error_bad_request_title", text: "admin.error_bad_request"},
					{name: "500 database failure", fault: "AuditEntries", err: errors.New("disk I/O error in /var/lib/busrides/secret-file.db"),
						req:    req{method: "GET", path: "/admin/audit", cookie: ca},
						status: http.StatusInternalServerError, title: "admin.error_server_title", text: "admin.error_server"},
				}
				for _, tc := range cases {
					t.Run(tc.name, func(t *testing.T) {
						if tc.fault != "" {
							fs.failWith(tc.fault, tc.err)
							defer fs.failWith(tc.fault, nil)
						}
						r := e.do(tc.req)
						checkErrorPage(t, r, tc.status, tag, p.T(tc.title), p.T(tc.text), "/admin/")
						// Signed in: the navigation and the language switch of
						// the layout are there.
						if !strings.Contains(r.body, `action="/admin/sign-out"`) {
							t.Errorf("no sign-out button: not the signed-in layout")
						}
						if tc.status == http.StatusInternalServerError {
							checkServerError(t, r, logs, p, tc.err)
						}
					})
				}
				if u := e.user(target.ID); u.Role != content.RoleContributor {
					t.Errorf("a refused request changed the role: %s", u.Role)
				}
			})
		}
		// No one signed in: the guest's language, a link to sign in.
		t.Run("guest", func(t *testing.T) {
			fr := printer(t, "fr")
			guest := map[string]string{"Accept-Language": "fr-CA,fr;q=0.9"}
			r := e.do(req{method: "POST", path: "/admin/banner", form: url.Values{"enabled": {"on"}}, header: guest})
			checkErrorPage(t, r, http.StatusForbidden, "fr-CA", fr.T("admin.forbidden_title"), fr.T("admin.forbidden"), "/admin/sign-in")
			r = e.do(req{method: "GET", path: "/admin/nulle-part", header: guest})
			checkErrorPage(t, r, http.StatusNotFound, "fr-CA", fr.T("admin.error_not_found_title"), fr.T("admin.error_not_found"), "/admin/sign-in")
			// The session cannot be read: no staff member is known yet.
			ca := e.session(e.addUser("admin-guest@example.org", content.RoleAdministrator, content.English, content.UserActive))
			boom := errors.New("connection refused by 10.0.0.7:5432")
			fs.failWith("SessionUser", boom)
			defer fs.failWith("SessionUser", nil)
			r = e.do(req{method: "GET", path: "/admin/audit", cookie: ca, header: guest})
			checkErrorPage(t, r, http.StatusInternalServerError, "fr-CA", fr.T("admin.error_server_title"), fr.T("admin.error_server"), "/admin/sign-in")
			checkServerError(t, r, logs, fr, boom)
		})
	})
}

// checkServerError checks that a 500 page shows its request id (the one in
// X-Request-Id, also in the log line with the error) and not the error.
func checkServerError(t *testing.T, r resp, logs *lockedBuffer, p *i18n.Printer, err error) {
	t.Helper()
	id := r.Header.Get("X-Request-Id")
	if id == "" {
		t.Fatal("no X-Request-Id")
	}
	if want := p.T("admin.error_reference", "id", id); !strings.Contains(text(r.body), want) {
		t.Errorf("page lacks %q", want)
	}
	for _, secret := range []string{err.Error(), "secret-file", "10.0.0.7", "disk I/O", "store:"} {
		if strings.Contains(r.body, secret) {
			t.Errorf("the page shows the internal error (%q)", secret)
		}
	}
	var line string
	for l := range strings.SplitSeq(logs.String(), "\n") {
		if strings.Contains(l, "request_id="+id) {
			line = l
		}
	}
	if !strings.Contains(line, "level=ERROR") || !strings.Contains(line, strconv.Quote(err.Error())) {
		t.Errorf("no error log line with request id %s and the error; log:\n%s", id, logs.String())
	}
}

// TestErrorPagesInTheApp checks the pages as the whole app serves them:
// an unknown back-office path is the layout's 404, and a database that
// goes away gives the layout's 500 with the app's request id.
func TestErrorPagesInTheApp(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		fr := e.session(e.addUser("editrice@example.org", content.RoleEditor, content.French, content.UserActive))
		en := printer(t, "en")
		p := printer(t, "fr")
		for _, path := range []string{"/admin/nope", "/admin/episodes/42/nope", "/admin/topics/x/y/z"} {
			r := e.get(path, fr)
			checkErrorPage(t, r, http.StatusNotFound, "fr-CA", p.T("admin.error_not_found_title"), p.T("admin.error_not_found"), "/admin/")
			r = e.get(path, nil)
			checkErrorPage(t, r, http.StatusNotFound, "en-CA", en.T("admin.error_not_found_title"), en.T("admin.error_not_found"), "/admin/sign-in")
		}
		// GET /admin still leads to the dashboard.
		if r := e.get("/admin", fr); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/admin/" {
			t.Errorf("GET /admin: %d %q", r.StatusCode, r.Header.Get("Location"))
		}

		if err := e.st.Close(); err != nil {
			t.Fatal(err)
		}
		r := e.do(req{method: "GET", path: "/admin/audit", cookie: fr, header: map[string]string{"Accept-Language": "fr-CA"}})
		checkErrorPage(t, r, http.StatusInternalServerError, "fr-CA", p.T("admin.error_server_title"), p.T("admin.error_server"), "/admin/sign-in")
		id := r.Header.Get("X-Request-Id")
		if id == "" || !strings.Contains(text(r.body), p.T("admin.error_reference", "id", id)) {
			t.Errorf("the 500 page does not show the request id %q", id)
		}
		if strings.Contains(r.body, "closed") {
			t.Errorf("the 500 page shows the internal error:\n%s", r.body)
		}
	})
}
