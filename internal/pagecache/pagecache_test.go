package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/pagecache"
)

var modified = time.Date(2026, time.November, 27, 12, 0, 0, 0, time.UTC)

func bigHTML() []byte {
	return []byte("<!doctype html><p>" + strings.Repeat("Busrides micro-learning for public servants. ", 100) + "</p>")
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNew(t *testing.T) {
	body := bigHTML()
	p := pagecache.New(200, "text/html; charset=utf-8", body, modified.Add(123*time.Millisecond))
	if p.Gzip() == nil || len(p.Gzip()) >= len(body) {
		t.Fatalf("a large HTML page is not compressed")
	}
	if !bytes.Equal(gunzip(t, p.Gzip()), body) {
		t.Errorf("gzip bytes do not decode to the body")
	}
	if !strings.HasPrefix(p.ETag, `"`) || !strings.HasSuffix(p.ETag, `"`) || len(p.ETag) < 10 {
		t.Errorf("ETag %q is not a strong quoted tag", p.ETag)
	}
	if !p.LastModified.Equal(modified) {
		t.Errorf("LastModified %v, want truncated to the second %v", p.LastModified, modified)
	}
	if q := pagecache.New(200, "text/html; charset=utf-8", body, modified); q.ETag != p.ETag {
		t.Errorf("ETag is not a function of the body")
	}
	if q := pagecache.New(200, "text/html; charset=utf-8", append(body, '!'), modified); q.ETag == p.ETag {
		t.Errorf("different bodies share an ETag")
	}
	if small := pagecache.New(200, "text/html", []byte("<p>hi</p>"), modified); small.Gzip() != nil {
		t.Errorf("a tiny body is compressed")
	}
	if png := pagecache.New(200, "image/png", body, modified); png.Gzip() != nil {
		t.Errorf("an image is compressed")
	}
	for _, ct := range []string{"text/css; charset=utf-8", "text/javascript", "application/json", "image/svg+xml"} {
		if q := pagecache.New(200, ct, body, modified); q.Gzip() == nil {
			t.Errorf("%s not compressed", ct)
		}
	}
}

func TestServeHTTP(t *testing.T) {
	body := bigHTML()
	p := pagecache.New(200, "text/html; charset=utf-8", body, modified)
	p.Language = "fr-CA"
	gzTag := strings.TrimSuffix(p.ETag, `"`) + `-gz"`
	lm := modified.Format(http.TimeFormat)
	type want struct {
		status int
		gzip   bool
		etag   string
		body   bool
	}
	cases := []struct {
		name   string
		method string
		hdr    map[string]string
		want   want
	}{
		{"plain", "GET", nil, want{200, false, p.ETag, true}},
		{"gzip", "GET", map[string]string{"Accept-Encoding": "gzip, deflate, br"}, want{200, true, gzTag, true}},
		{"gzip upper case", "GET", map[string]string{"Accept-Encoding": "GZIP"}, want{200, true, gzTag, true}},
		{"gzip q=0", "GET", map[string]string{"Accept-Encoding": "gzip;q=0"}, want{200, false, p.ETag, true}},
		{"gzip q=0.0 spaced", "GET", map[string]string{"Accept-Encoding": "br, gzip; q=0.0"}, want{200, false, p.ETag, true}},
		{"gzip q=0.5", "GET", map[string]string{"Accept-Encoding": "br;q=1, gzip;q=0.5"}, want{200, true, gzTag, true}},
		{"star", "GET", map[string]string{"Accept-Encoding": "*"}, want{200, true, gzTag, true}},
		{"star q=0", "GET", map[string]string{"Accept-Encoding": "*;q=0"}, want{200, false, p.ETag, true}},
		{"identity only", "GET", map[string]string{"Accept-Encoding": "identity"}, want{200, false, p.ETag, true}},
		{"deflate only", "GET", map[string]string{"Accept-Encoding": "deflate"}, want{200, false, p.ETag, true}},
		{"head", "HEAD", nil, want{200, false, p.ETag, false}},
		{"head gzip", "HEAD", map[string]string{"Accept-Encoding": "gzip"}, want{200, true, gzTag, false}},
		{"inm identity", "GET", map[string]string{"If-None-Match": p.ETag}, want{304, false, p.ETag, false}},
		{"inm gzip tag", "GET", map[string]string{"If-None-Match": gzTag, "Accept-Encoding": "gzip"}, want{304, false, gzTag, false}},
		{"inm weak", "GET", map[string]string{"If-None-Match": "W/" + p.ETag}, want{304, false, p.ETag, false}},
		{"inm list", "GET", map[string]string{"If-None-Match": `"a", "b",` + p.ETag}, want{304, false, p.ETag, false}},
		{"inm star", "GET", map[string]string{"If-None-Match": "*"}, want{304, false, p.ETag, false}},
		{"inm other", "GET", map[string]string{"If-None-Match": `"other"`}, want{200, false, p.ETag, true}},
		{"inm other wins over ims", "GET", map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}, want{200, false, p.ETag, true}},
		{"ims equal", "GET", map[string]string{"If-Modified-Since": lm}, want{304, false, p.ETag, false}},
		{"ims later", "GET", map[string]string{"If-Modified-Since": modified.Add(time.Hour).Format(http.TimeFormat)}, want{304, false, p.ETag, false}},
		{"ims earlier", "GET", map[string]string{"If-Modified-Since": modified.Add(-time.Second).Format(http.TimeFormat)}, want{200, false, p.ETag, true}},
		{"ims garbage", "GET", map[string]string{"If-Modified-Since": "yesterday"}, want{200, false, p.ETag, true}},
		{"head 304", "HEAD", map[string]string{"If-None-Match": p.ETag}, want{304, false, p.ETag, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "/fr/", nil)
			for k, v := range tc.hdr {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			p.ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != tc.want.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.want.status)
			}
			h := res.Header
			if got := h.Get("ETag"); got != tc.want.etag {
				t.Errorf("ETag %q, want %q", got, tc.want.etag)
			}
			if got := h.Get("Last-Modified"); got != lm {
				t.Errorf("Last-Modified %q, want %q", got, lm)
			}
			if got := h.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q", got)
			}
			if got := h.Get("Content-Language"); got != "fr-CA" {
				t.Errorf("Content-Language %q", got)
			}
			if got := h.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control %q", got)
			}
			if got := h.Get("Content-Encoding") == "gzip"; got != tc.want.gzip {
				t.Errorf("gzip %v, want %v", got, tc.want.gzip)
			}
			if tc.want.status == 304 {
				if rec.Body.Len() != 0 || h.Get("Content-Type") != "" || h.Get("Content-Encoding") != "" {
					t.Errorf("304 with body %d bytes, Content-Type %q, Content-Encoding %q", rec.Body.Len(), h.Get("Content-Type"), h.Get("Content-Encoding"))
				}
				return
			}
			want := body
			if tc.want.gzip {
				want = p.Gzip()
			}
			if got := h.Get("Content-Length"); got != strconv.Itoa(len(want)) {
				t.Errorf("Content-Length %q, want %d", got, len(want))
			}
			if h.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", h.Get("Content-Type"))
			}
			if !tc.want.body {
				if rec.Body.Len() != 0 {
					t.Errorf("HEAD with %d body bytes", rec.Body.Len())
				}
				return
			}
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Errorf("body differs")
			}
		})
	}
}

// An error page never answers 304 and has no validators; a page without a
// modification time has no Last-Modified; a tiny page is never gzipped.
func TestServeHTTPEdges(t *testing.T) {
	nf := pagecache.New(404, "text/html", bigHTML(), modified)
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("If-None-Match", "*")
	req.Header.Set("If-Modified-Since", modified.Format(http.TimeFormat))
	rec := httptest.NewRecorder()
	nf.ServeHTTP(rec, req)
	if rec.Code != 404 || rec.Body.Len() == 0 || rec.Header().Get("ETag") != "" || rec.Header().Get("Last-Modified") != "" {
		t.Errorf("404 page: %d, %d bytes, ETag %q", rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
	}

	nolm := pagecache.New(200, "text/html", []byte("<p>tiny</p>"), time.Time{})
	req = httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("If-Modified-Since", modified.Format(http.TimeFormat))
	rec = httptest.NewRecorder()
	nolm.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Last-Modified") != "" || rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Vary") != "" {
		t.Errorf("page without time: %d, headers %v", rec.Code, rec.Header())
	}
	if rec.Body.String() != "<p>tiny</p>" {
		t.Errorf("body %q", rec.Body.String())
	}
}

// discard is a ResponseWriter kept across requests, as a server's is.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// Serving a cached page allocates nothing: its header values are made
// once and shared; and a response that changes one of its headers does
// not reach the next response's.
func TestServeSharesHeadersSafely(t *testing.T) {
	p := pagecache.New(http.StatusOK, "text/html; charset=utf-8", bytes.Repeat([]byte("<p>Bonjour, monde.</p>\n"), 100), time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	p.Language = "fr-CA"
	req := httptest.NewRequest(http.MethodGet, "/fr/", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := &discard{h: http.Header{}}
	p.ServeHTTP(w, req) // makes the gzip form and the header values
	if n := testing.AllocsPerRun(100, func() {
		clear(w.h)
		p.ServeHTTP(w, req)
	}); n != 0 {
		t.Errorf("ServeHTTP allocates %v times per request; want 0", n)
	}
	// One response appends to its headers; the next is as it was.
	w.h.Add("Content-Language", "en-CA")
	w.h.Add("Etag", `"other"`)
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, req)
	got := rec.Result().Header
	if v := got.Values("Content-Language"); len(v) != 1 || v[0] != "fr-CA" {
		t.Errorf("Content-Language %q; want [fr-CA]", v)
	}
	if v := got.Values("Etag"); len(v) != 1 || v[0] != p.ETag[:len(p.ETag)-1]+`-gz"` {
		t.Errorf("ETag %q; want the gzip form's only", v)
	}
}

// A page kept in its gzip form only answers every kind of request as the
// full page does: the same bytes inflated for a client without gzip, the
// gzip bytes otherwise, the same headers, 304 and HEAD.
func TestCompactServesLikeFull(t *testing.T) {
	full := pagecache.New(http.StatusOK, "text/html; charset=utf-8", bytes.Repeat([]byte("<p>Trajets en bus — épisode.</p>\n"), 300), time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	full.Language = "fr-CA"
	compact := full.Compact()
	if compact == full || compact.Body != nil || compact.Gzip() == nil {
		t.Fatalf("Compact kept the full body (%d bytes)", len(compact.Body))
	}
	for _, tc := range []struct {
		name, method string
		hdr          [][2]string
	}{
		{"identity", http.MethodGet, nil},
		{"gzip", http.MethodGet, [][2]string{{"Accept-Encoding", "gzip"}}},
		{"gzip refused", http.MethodGet, [][2]string{{"Accept-Encoding", "gzip;q=0, identity"}}},
		{"head", http.MethodHead, nil},
		{"not modified", http.MethodGet, [][2]string{{"If-None-Match", full.ETag}}},
	} {
		serve := func(p *pagecache.Page) *httptest.ResponseRecorder {
			req := httptest.NewRequest(tc.method, "/fr/", nil)
			for _, h := range tc.hdr {
				req.Header.Set(h[0], h[1])
			}
			rec := httptest.NewRecorder()
			p.ServeHTTP(rec, req)
			return rec
		}
		want, got := serve(full), serve(compact)
		if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
			t.Errorf("%s: %d with %d bytes; the full page %d with %d", tc.name, got.Code, got.Body.Len(), want.Code, want.Body.Len())
		}
		for _, h := range []string{"Content-Type", "Content-Language", "Content-Length", "Content-Encoding", "Etag", "Last-Modified", "Vary", "Cache-Control"} {
			if g, w := got.Header().Values(h), want.Header().Values(h); strings.Join(g, ",") != strings.Join(w, ",") {
				t.Errorf("%s: %s %q; the full page %q", tc.name, h, g, w)
			}
		}
	}
	// A page too small to compress is kept as it is.
	small := pagecache.New(http.StatusOK, "text/html", []byte("<p>Hi</p>"), time.Time{})
	if small.Compact() != small {
		t.Error("a page without a gzip form was copied")
	}
}

// Inflating a compact page for a client without gzip reuses its
// decompressor: a few small allocations, not one per buffer.
func TestInflateAllocations(t *testing.T) {
	p := pagecache.New(http.StatusOK, "text/html", bytes.Repeat([]byte("<p>Busrides.</p>\n"), 1000), time.Time{}).Compact()
	req := httptest.NewRequest(http.MethodGet, "/en/", nil)
	w := &discard{h: http.Header{}}
	p.ServeHTTP(w, req)
	if n := testing.AllocsPerRun(100, func() {
		clear(w.h)
		p.ServeHTTP(w, req)
	}); n > 4 {
		t.Errorf("an inflated response allocates %v times; want at most 4", n)
	}
}
