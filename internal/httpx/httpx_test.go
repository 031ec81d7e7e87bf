package httpx

import (
	"net/http"
	"net/http/httptest"
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
