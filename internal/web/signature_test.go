package web_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
)

// gcImage checks that img is one of the design system's drawings of the GC
// signature or the wordmark (static/img/gc-*.svg), served by the site
// itself as SVG, and returns the drawing's file name.
func gcImage(t *testing.T, s *apptest.Start, img *html.Node, where string) string {
	t.Helper()
	if img == nil {
		t.Errorf("%s: no image", where)
		return ""
	}
	src := attrOf(img, "src")
	if !strings.HasPrefix(src, "/static/") {
		t.Errorf("%s: image %q is not one of the site's static files", where, src)
		return ""
	}
	if attrOf(img, "width") == "" || attrOf(img, "height") == "" {
		t.Errorf("%s: image %s without width and height (the page would move as it loads)", where, src)
	}
	r := get(t, s, src)
	wantStatus(t, r, 200)
	if ct := r.Header.Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("%s: %s served as %q", where, src, ct)
	}
	if !bytes.Contains(r.Body, []byte(`class="fip_flag" fill="#eb2d37"`)) {
		t.Errorf("%s: %s is not the design system's drawing with its red flag", where, src)
	}
	return src[strings.LastIndexByte(src, '/')+1:]
}

// The splash page shows the GC signature at the top and the Canada
// wordmark at the bottom, as Canada.ca's does, as images that need no
// script, in both languages with the hinted one first.
func TestSplashSignatureAndWordmark(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	for _, tc := range []struct {
		hint, signature, wordmark, sigFile, wmFile string
	}{
		{"en-CA", "Government of Canada / Gouvernement du Canada",
			"Symbol of the Government of Canada / Symbole du gouvernement du Canada", "gc-signature-en.svg", "gc-wordmark-en.svg"},
		{"fr-CA", "Gouvernement du Canada / Government of Canada",
			"Symbole du gouvernement du Canada / Symbol of the Government of Canada", "gc-signature-fr.svg", "gc-wordmark-fr.svg"},
	} {
		t.Run(tc.hint, func(t *testing.T) {
			r := get(t, s, "/", "Accept-Language", tc.hint)
			wantStatus(t, r, 200)
			header := first(r.Doc, hasClass("header", "splash-header"))
			sig := first(header, tag("img"))
			if got := gcImage(t, s, sig, "splash signature"); got != tc.sigFile {
				t.Errorf("signature %s, want %s", got, tc.sigFile)
			}
			if got := attrOf(sig, "alt"); got != tc.signature {
				t.Errorf("signature alt %q, want %q", got, tc.signature)
			}
			footer := first(r.Doc, hasClass("footer", "splash-footer"))
			wm := first(first(footer, hasClass("p", "wordmark")), tag("img"))
			if got := gcImage(t, s, wm, "splash wordmark"); got != tc.wmFile {
				t.Errorf("wordmark %s, want %s", got, tc.wmFile)
			}
			if got := attrOf(wm, "alt"); got != tc.wordmark {
				t.Errorf("wordmark alt %q, want %q", got, tc.wordmark)
			}
			// The banner and the main landmark come between them.
			if first(r.Doc, tag("main")) == nil || header == nil || footer == nil {
				t.Errorf("splash without its header, main and footer landmarks")
			}
		})
	}
}

// Without scripts, every page's header shows the GC signature (linked to
// Canada.ca, named in both languages) and its footer the wordmark, drawn
// as the design system draws them, not as plain text.
func TestNoScriptSignatureAndWordmark(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	for _, tc := range []struct{ path, lang, name, other string }{
		{"/en/", "en", "Government of Canada", "Gouvernement du Canada"},
		{"/fr/", "fr", "Gouvernement du Canada", "Government of Canada"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := get(t, s, tc.path)
			wantStatus(t, r, 200)
			var link, wm *html.Node
			for _, ns := range noscript(t, r.Doc) {
				if l := first(ns, hasClass("a", "gc-signature")); l != nil {
					link = l
				}
				if p := first(ns, hasClass("p", "wordmark")); p != nil {
					wm = first(p, tag("img"))
				}
			}
			if link == nil {
				t.Fatal("no signature link in the header without scripts")
			}
			if got := attrOf(link, "href"); got != "https://www.canada.ca/"+tc.lang+".html" {
				t.Errorf("signature links to %q", got)
			}
			img := first(link, tag("img"))
			if got := gcImage(t, s, img, "header signature"); got != "gc-signature-"+tc.lang+".svg" {
				t.Errorf("header signature %s", got)
			}
			if got := attrOf(img, "alt"); got != tc.name {
				t.Errorf("signature alt %q, want %q", got, tc.name)
			}
			if got := strings.TrimSpace(textOf(link)); got != "/ "+tc.other {
				t.Errorf("signature's text for screen readers %q, want %q", got, "/ "+tc.other)
			}
			if got := gcImage(t, s, wm, "footer wordmark"); got != "gc-wordmark-"+tc.lang+".svg" {
				t.Errorf("footer wordmark %s", got)
			}
		})
	}
}
