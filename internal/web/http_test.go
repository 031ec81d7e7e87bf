package web_test

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/demo"
)

var httpPages = []string{"/en/", "/fr/", dnEN, dnFR, "/en/topics", "/fr/sujets/leadership", "/fr/confidentialite", "/"}

func TestHead(t *testing.T) {
	t.Parallel()
	for _, noCache := range []bool{false, true} {
		t.Run("nocache="+strconv.FormatBool(noCache), func(t *testing.T) {
			backends(t, apptest.Options{NoCache: noCache}, func(t *testing.T, s *apptest.Start) {
				for _, path := range httpPages {
					for _, enc := range []string{"identity", "gzip"} {
						g := get(t, s, path, "Accept-Encoding", enc)
						h := do(t, s, http.MethodHead, path, nil, "Accept-Encoding", enc)
						wantStatus(t, h, 200)
						if len(h.Body) != 0 {
							t.Errorf("HEAD %s: %d body bytes", path, len(h.Body))
						}
						if got := h.Header.Get("Content-Length"); got != strconv.Itoa(len(g.Body)) {
							t.Errorf("HEAD %s (%s): Content-Length %q, GET body is %d bytes", path, enc, got, len(g.Body))
						}
						for _, k := range []string{"Content-Type", "Content-Language", "ETag", "Content-Encoding", "Content-Security-Policy"} {
							if h.Header.Get(k) != g.Header.Get(k) {
								t.Errorf("HEAD %s: %s %q, GET has %q", path, k, h.Header.Get(k), g.Header.Get(k))
							}
						}
					}
				}
			})
		})
	}
}

func TestConditionalGet(t *testing.T) {
	t.Parallel()
	for _, noCache := range []bool{false, true} {
		t.Run("nocache="+strconv.FormatBool(noCache), func(t *testing.T) {
			backends(t, apptest.Options{NoCache: noCache}, func(t *testing.T, s *apptest.Start) {
				for _, path := range httpPages {
					plain := get(t, s, path)
					wantStatus(t, plain, 200)
					zipped := get(t, s, path, "Accept-Encoding", "gzip")
					wantStatus(t, zipped, 200)
					etag, zetag := plain.Header.Get("ETag"), zipped.Header.Get("ETag")
					if etag == "" || zetag == "" || etag == zetag {
						t.Fatalf("%s: ETags %q (identity) and %q (gzip) must differ", path, etag, zetag)
					}
					if zipped.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(strings.Join(zipped.Header.Values("Vary"), ","), "Accept-Encoding") {
						t.Errorf("%s: gzip response headers %v", path, zipped.Header)
					}
					if !bytes.Equal(gunzip(t, zipped.Body), plain.Body) {
						t.Errorf("%s: gzip body differs from the identity body", path)
					}
					lm := plain.Header.Get("Last-Modified")
					if lm == "" {
						t.Fatalf("%s: no Last-Modified", path)
					}
					cases := []struct {
						name   string
						hdr    []string
						status int
					}{
						{"identity etag", []string{"If-None-Match", etag}, 304},
						{"gzip etag", []string{"If-None-Match", zetag, "Accept-Encoding", "gzip"}, 304},
						{"weak etag", []string{"If-None-Match", "W/" + etag}, 304},
						{"etag in a list", []string{"If-None-Match", `"nope", ` + etag}, 304},
						{"other etag", []string{"If-None-Match", `"nope"`}, 200},
						{"if-modified-since", []string{"If-Modified-Since", lm}, 304},
						{"modified since long ago", []string{"If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"}, 200},
						// If-None-Match wins over If-Modified-Since.
						{"etag mismatch beats date", []string{"If-None-Match", `"nope"`, "If-Modified-Since", lm}, 200},
					}
					for _, tc := range cases {
						r := get(t, s, path, tc.hdr...)
						if r.StatusCode != tc.status {
							t.Errorf("%s %s: status %d, want %d", path, tc.name, r.StatusCode, tc.status)
						}
						if tc.status == 304 && len(r.Body) != 0 {
							t.Errorf("%s %s: 304 with a body", path, tc.name)
						}
						if tc.status == 304 && r.Header.Get("ETag") == "" {
							t.Errorf("%s %s: 304 without ETag", path, tc.name)
						}
					}
				}
			})
		})
	}
}

func TestPageCacheAndInvalidation(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		for _, path := range []string{dnFR, "/en/"} {
			first := get(t, s, path)
			second := get(t, s, path)
			if first.Header.Get("X-Cache") != "miss" || second.Header.Get("X-Cache") != "hit" {
				t.Errorf("%s: X-Cache %q then %q, want miss then hit", path, first.Header.Get("X-Cache"), second.Header.Get("X-Cache"))
			}
			if !bytes.Equal(first.Body, second.Body) || first.Header.Get("ETag") != second.Header.Get("ETag") {
				t.Errorf("%s: cached page differs", path)
			}
		}
		// Error pages are never cached.
		for range 2 {
			if r := get(t, s, "/en/episodes/nope"); r.Header.Get("X-Cache") == "hit" || r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("404: X-Cache %q Cache-Control %q", r.Header.Get("X-Cache"), r.Header.Get("Cache-Control"))
			}
		}
		n := content.Notice{Enabled: true, Text: content.Bilingual{EN: "New English notice.", FR: "Nouvel avis en français."}}
		if err := s.App.Store.SetNotice(ctx, n); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(ctx); err != nil {
			t.Fatal(err)
		}
		r := get(t, s, dnFR)
		if got := textOf0(first(r.Doc, hasClass("div", "site-notice"))); got != n.Text.FR {
			t.Errorf("banner after the change %q, want %q (X-Cache %s)", got, n.Text.FR, r.Header.Get("X-Cache"))
		}
		if strings.Contains(r.text(), "phase bêta") {
			t.Errorf("old banner still shown")
		}
		if r.Header.Get("X-Cache") != "miss" {
			t.Errorf("X-Cache %q after invalidation", r.Header.Get("X-Cache"))
		}
		if r := get(t, s, "/"); !strings.Contains(r.text(), n.Text.EN) || !strings.Contains(r.text(), n.Text.FR) {
			t.Errorf("splash keeps the old banner")
		}
		// A disabled notice disappears.
		if err := s.App.Store.SetNotice(ctx, content.Notice{Enabled: false, Text: n.Text}); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(ctx); err != nil {
			t.Fatal(err)
		}
		if r := get(t, s, "/en/"); first(r.Doc, hasClass("div", "site-notice")) != nil {
			t.Errorf("disabled notice still shown")
		}
	})
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		page := get(t, s, "/en/")
		var css string
		for _, l := range find(page.Doc, withAttr("link", "rel", "stylesheet")) {
			if strings.HasSuffix(attrOf(l, "href"), "/css/site.css") {
				css = attrOf(l, "href")
			}
		}
		if !strings.HasPrefix(css, "/static/") {
			t.Fatalf("no hashed site.css link: %q", css)
		}
		r := get(t, s, css)
		wantStatus(t, r, 200)
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("Cache-Control %q", cc)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			t.Errorf("Content-Type %q", ct)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("no nosniff on assets")
		}
		// An old hash redirects to the current one; unknown files are 404.
		old := "/static/000000000000/css/site.css"
		r = get(t, s, old)
		if r.StatusCode/100 != 3 || r.Header.Get("Location") != css {
			t.Errorf("%s: %d to %q, want a redirect to %q", old, r.StatusCode, r.Header.Get("Location"), css)
		}
		for _, p := range []string{"/static/000000000000/css/nope.css", strings.Replace(css, "site.css", "nope.css", 1), "/static/"} {
			if r := get(t, s, p); r.StatusCode != 404 {
				t.Errorf("%s: %d, want 404", p, r.StatusCode)
			}
		}
	})
}

func TestMedia(t *testing.T) {
	t.Parallel()
	cases := []struct{ path, ctype string }{
		{"/media/inclusive-meetings-en.mp3", "audio/mpeg"},
		{"/media/feedback-fr.webm", "video/webm"},
		{"/media/digital-nations-2019.png", "image/png"},
		{"/media/feedback.en.vtt", "text/vtt"},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range cases {
			want, err := fs.ReadFile(demo.Media(), strings.TrimPrefix(tc.path, "/media/"))
			if err != nil {
				t.Fatal(err)
			}
			r := get(t, s, tc.path)
			wantStatus(t, r, 200)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("%s: Content-Type %q, want %q", tc.path, ct, tc.ctype)
			}
			if !bytes.Equal(r.Body, want) {
				t.Errorf("%s: body differs from the file", tc.path)
			}
			if len(want) < 200 {
				t.Fatalf("%s too small for the range test", tc.path)
			}
			rg := get(t, s, tc.path, "Range", "bytes=100-199")
			wantStatus(t, rg, http.StatusPartialContent)
			if !bytes.Equal(rg.Body, want[100:200]) {
				t.Errorf("%s: range body differs", tc.path)
			}
			if got, w := rg.Header.Get("Content-Range"), "bytes 100-199/"+strconv.Itoa(len(want)); got != w {
				t.Errorf("%s: Content-Range %q, want %q", tc.path, got, w)
			}
			tail := get(t, s, tc.path, "Range", "bytes=-10")
			wantStatus(t, tail, http.StatusPartialContent)
			if !bytes.Equal(tail.Body, want[len(want)-10:]) {
				t.Errorf("%s: suffix range differs", tc.path)
			}
			bad := get(t, s, tc.path, "Range", "bytes="+strconv.Itoa(len(want)+10)+"-")
			wantStatus(t, bad, http.StatusRequestedRangeNotSatisfiable)
			head := do(t, s, http.MethodHead, tc.path, nil)
			if head.StatusCode != 200 || len(head.Body) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
				t.Errorf("HEAD %s: %d, %d bytes, Content-Length %q", tc.path, head.StatusCode, len(head.Body), head.Header.Get("Content-Length"))
			}
			if r.Header.Get("Last-Modified") != "" {
				if c := get(t, s, tc.path, "If-Modified-Since", r.Header.Get("Last-Modified")); c.StatusCode != 304 {
					t.Errorf("%s: If-Modified-Since: %d", tc.path, c.StatusCode)
				}
			}
		}
		for _, p := range []string{"/media/", "/media/nope.mp3", "/media/.hidden", "/media/episodes"} {
			if r := get(t, s, p); r.StatusCode != 404 {
				t.Errorf("%s: %d, want 404", p, r.StatusCode)
			}
		}
	})
}

// The 500 page: in the page's language, with a reference that matches the
// X-Request-Id header, and nothing of the error.
func TestServerError(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	cases := []struct{ path, lang string }{
		{"/fr/", "fr"},
		{dnEN, "en"},
		{"/fr/sujets/leadership", "fr"},
		{"/en/authors", "en"},
		{"/fr/ep-41-fr/", "fr"},
	}
	backends(t, apptest.Options{NoCache: true}, func(t *testing.T, s *apptest.Start) {
		if err := s.App.Store.Close(); err != nil {
			t.Fatal(err)
		}
		for _, tc := range cases {
			r := get(t, s, tc.path)
			wantStatus(t, r, 500)
			p := cat.Printer(tc.lang)
			if got := attrOf(first(r.Doc, tagIs("html")), "lang"); got != tc.lang+"-CA" {
				t.Errorf("%s: html lang %q", tc.path, got)
			}
			if got := r.Header.Get("Content-Language"); got != tc.lang+"-CA" {
				t.Errorf("%s: Content-Language %q", tc.path, got)
			}
			id := r.Header.Get("X-Request-Id")
			if len(id) < 8 {
				t.Fatalf("%s: X-Request-Id %q", tc.path, id)
			}
			if got := textOf(first(r.Doc, tagIs("h1"))); got != p.T("error.server_title") {
				t.Errorf("%s: heading %q", tc.path, got)
			}
			if got, want := textOf0(first(r.Doc, hasClass("p", "lead"))), p.T("error.server_body", "id", id); got != want {
				t.Errorf("%s: body %q, want %q", tc.path, got, want)
			}
			low := strings.ToLower(r.text())
			for _, leak := range []string{"sql", "closed", "database", "pgx", "panic", "goroutine", "store"} {
				if strings.Contains(low, leak) {
					t.Errorf("%s: page leaks %q", tc.path, leak)
				}
			}
			if r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q", tc.path, r.Header.Get("Cache-Control"))
			}
		}
		// Two requests, two references.
		a, b := get(t, s, "/en/"), get(t, s, "/en/")
		if a.Header.Get("X-Request-Id") == b.Header.Get("X-Request-Id") {
			t.Errorf("request ids repeat")
		}
		// A 404 that needs no database still works, in its language.
		for _, p := range []string{"/nope", "/fr/episodes/Pas_Valide"} {
			wantStatus(t, get(t, s, p), 404)
		}
	})
}
