package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/ui"
)

// benchGet serves path through h (no network) b.N times.
func benchGet(b *testing.B, h http.Handler, path, acceptEncoding, wantEncoding string) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	check := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != wantEncoding {
			b.Fatalf("GET %s: %d, Content-Encoding %q", path, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		return rec.Body.Len()
	}
	b.SetBytes(int64(check())) // also warms the page cache
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
	}
	check()
}

// BenchmarkEpisodePage measures GET /en/episodes/digital-nations-2020
// through the whole handler (middleware included) from the page cache and
// rebuilt on every request (NoCache), with and without gzip.
func BenchmarkEpisodePage(b *testing.B) {
	for _, mode := range []struct {
		name    string
		noCache bool
	}{{"cached", false}, {"uncached", true}} {
		b.Run(mode.name, func(b *testing.B) {
			a, _, _ := apptest.New(b, apptest.Options{NoCache: mode.noCache})
			h := a.Handler()
			b.Run("identity", func(b *testing.B) { benchGet(b, h, dnEN, "", "") })
			b.Run("gzip", func(b *testing.B) { benchGet(b, h, dnEN, "gzip", "gzip") })
		})
	}
}

// BenchmarkStaticAsset is the static-file baseline: a vendored stylesheet
// served from memory through the same middleware.
func BenchmarkStaticAsset(b *testing.B) {
	a, _, _ := apptest.New(b, apptest.Options{})
	assets, err := ui.NewAssets()
	if err != nil {
		b.Fatal(err)
	}
	path := assets.URL("vendor/gcds/components/gcds.css")
	h := a.Handler()
	b.Run("identity", func(b *testing.B) { benchGet(b, h, path, "", "") })
	b.Run("gzip", func(b *testing.B) { benchGet(b, h, path, "gzip", "gzip") })
}
