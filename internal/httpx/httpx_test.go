package httpx

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The shared header values are never changed by what one response does
// to its own headers: a handler appending to or replacing a security
// header leaves the next response's untouched.
func TestSecurityHeadersShared(t *testing.T) {
	calls := 0
	h := SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Add("X-Frame-Options", "SAMEORIGIN")
			w.Header()["Referrer-Policy"] = append(w.Header()["Referrer-Policy"], "no-referrer")
			w.Header().Set("Content-Security-Policy", "default-src *")
		}
	}))
	for i := range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		got := rec.Result().Header
		if i == 0 {
			if v := got.Values("X-Frame-Options"); len(v) != 2 {
				t.Errorf("first response: X-Frame-Options %q; want the added value too", v)
			}
			continue
		}
		for name, want := range map[string]string{
			"Content-Security-Policy": ContentSecurityPolicy, "X-Frame-Options": "DENY",
			"Referrer-Policy": "strict-origin-when-cross-origin", "X-Content-Type-Options": "nosniff",
		} {
			if v := got.Values(name); len(v) != 1 || v[0] != want {
				t.Errorf("second response: %s = %q; want [%q]", name, v, want)
			}
		}
		if got.Get("Strict-Transport-Security") != "" {
			t.Error("HSTS without TLS")
		}
	}
}

// An error response carries its request id, the one the access log
// records; a page served well does not carry the header.
func TestRequestIDOnErrors(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	var seen string
	h := WithRequestID(AccessLog(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = RequestID(r.Context())
		switch r.URL.Path {
		case "/missing":
			http.NotFound(w, r)
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		default:
			_, _ = w.Write([]byte("ok"))
		}
	})))
	for _, tc := range []struct {
		path   string
		status int
		header bool
	}{{"/", 200, false}, {"/missing", 404, true}, {"/broken", 500, true}} {
		logged.Reset()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if rec.Code != tc.status {
			t.Fatalf("%s: %d; want %d", tc.path, rec.Code, tc.status)
		}
		if len(seen) != 16 {
			t.Fatalf("%s: request id %q; want 16 hex digits", tc.path, seen)
		}
		if !strings.Contains(logged.String(), "request_id="+seen) {
			t.Errorf("%s: the log line %q lacks the id %s", tc.path, logged.String(), seen)
		}
		got := rec.Result().Header.Get("X-Request-Id")
		switch {
		case tc.header && got != seen:
			t.Errorf("%s: X-Request-Id %q; want %q", tc.path, got, seen)
		case !tc.header && got != "":
			t.Errorf("%s: X-Request-Id %q on a page served well", tc.path, got)
		}
	}
}

// The access log never writes a token that a path carries (invitations,
// held forms, preview links): it names the route instead.
func TestAccessLogHidesTokens(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /en/preview/{token}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /en/episodes/{slug}", func(w http.ResponseWriter, r *http.Request) {})
	h := WithRequestID(AccessLog(log, mux))
	for _, path := range []string{"/en/preview/s3cr3t-t0ken", "/en/episodes/a-slug"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	out := buf.String()
	if strings.Contains(out, "s3cr3t-t0ken") || !strings.Contains(out, "path=/en/preview/{token}") || !strings.Contains(out, "path=/en/episodes/a-slug") {
		t.Errorf("access log:\n%s", out)
	}
}
