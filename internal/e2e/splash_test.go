package e2e_test

import (
	"strings"
	"testing"
)

// signatureJS reports the splash page's GC signature and wordmark images:
// loaded, drawn with a size, and served by the site itself.
const signatureJS = `(() => {
	const img = sel => {
		const el = document.querySelector(sel);
		if (!el) return null;
		const r = el.getBoundingClientRect();
		return {src: el.currentSrc, alt: el.alt, loaded: el.complete && el.naturalWidth > 0,
			width: r.width, height: r.height, visible: el.checkVisibility()};
	};
	return {signature: img(".splash-header img"), wordmark: img(".splash-footer .wordmark img"),
		foreign: performance.getEntriesByType("resource").map(e => e.name).filter(u => new URL(u).origin !== location.origin)};
})()`

type splashImage struct {
	Src, Alt      string
	Loaded        bool
	Width, Height float64
	Visible       bool
}

// The splash page shows the GC signature and the Canada wordmark, with and
// without scripts, from the site's own files: no request leaves the site.
func TestSplashShowsSignature(t *testing.T) {
	for _, noJS := range []bool{false, true} {
		name := map[bool]string{false: "scripts", true: "no-scripts"}[noJS]
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t, tabOptions{noJS: noJS})
			open(t, ctx, "/")
			if got := location(t, ctx); got != "/" {
				t.Fatalf("a fresh browser on / landed on %s", got)
			}
			waitFor(t, ctx, "the images", `[...document.images].every(i => i.complete)`)
			got := eval[struct {
				Signature, Wordmark *splashImage
				Foreign             []string
			}](t, ctx, signatureJS)
			check := func(what string, img *splashImage, file, alt string) {
				switch {
				case img == nil:
					t.Errorf("no %s on the splash page", what)
				case !img.Loaded || !img.Visible || img.Width < 100 || img.Height < 15:
					t.Errorf("%s not shown: %+v", what, *img)
				case !strings.HasPrefix(img.Src, site.url+"/static/") || !strings.HasSuffix(img.Src, file):
					t.Errorf("%s from %s, want the site's %s", what, img.Src, file)
				case img.Alt != alt:
					t.Errorf("%s alt %q, want %q", what, img.Alt, alt)
				}
			}
			check("GC signature", got.Signature, "/img/gc-signature-en.svg", "Government of Canada / Gouvernement du Canada")
			check("Canada wordmark", got.Wordmark, "/img/gc-wordmark-en.svg", "Symbol of the Government of Canada / Symbole du gouvernement du Canada")
			if len(got.Foreign) > 0 {
				t.Errorf("the splash page loads from other sites: %v", got.Foreign)
			}
		})
	}
}
