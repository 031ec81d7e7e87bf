package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
)

// discardWriter is a ResponseWriter that keeps nothing: its header map is
// emptied between requests, as a server's is new for each.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// A cached page costs few allocations through the whole handler
// (middleware, routing, the cache, the page's headers): an operation
// count, which a busy machine does not change, guarding the per-request
// work that CPU per request measures (cmd/loadbench, workload cached).
func TestCachedPageAllocations(t *testing.T) {
	a, _, _ := apptest.New(t, apptest.Options{})
	h := a.Handler()
	req := httptest.NewRequest(http.MethodGet, dnEN, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	serve := func() {
		clear(w.h)
		w.status = 0
		h.ServeHTTP(w, req)
	}
	serve() // builds the page
	serve()
	if w.status != http.StatusOK || w.h.Get("X-Cache") != "hit" || w.h.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, X-Cache %q, Content-Encoding %q", w.status, w.h.Get("X-Cache"), w.h.Get("Content-Encoding"))
	}
	got := testing.AllocsPerRun(200, serve)
	t.Logf("%.1f allocations per cached page", got)
	if got > maxCachedAllocs+raceAllocs {
		t.Errorf("%.1f allocations per cached page; want at most %d", got, maxCachedAllocs+raceAllocs)
	}
}

// maxCachedAllocs is the bound, what the path takes today: the request id
// (its text, its boxing as a context value, the context, the request's
// copy), the access log's writer, the two routers' matches (four) and the
// episode's cache key. The feedback state, the language cookie, the
// page's headers and the cache's build function take none on a hit.
const maxCachedAllocs = 10
