package e2e_test

import (
	"strings"
	"testing"
)

// headerGapJS measures, on the open page, the space between the bottom of
// the GC header that shows (the design system's, down to its brand band's
// border, or the fallback without scripts) and the top of the site's
// navigation bar.
const headerGapJS = `(() => {
	const nav = document.querySelector("nav.site-nav");
	const gcds = document.querySelector("gcds-header");
	const brand = gcds?.shadowRoot?.querySelector(".gcds-header__brand");
	const fallback = document.querySelector(".nojs-header");
	let header = "", bottom = 0;
	if (brand && gcds.getBoundingClientRect().height > 0) {
		header = "gcds-header";
		bottom = brand.getBoundingClientRect().bottom;
	} else if (fallback && fallback.getBoundingClientRect().height > 0) {
		header = "no-script header";
		bottom = fallback.getBoundingClientRect().bottom;
	}
	return {header, bottom, navTop: nav ? nav.getBoundingClientRect().top : -1,
		gcdsHeight: gcds ? gcds.getBoundingClientRect().height : -1};
})()`

type headerGap struct {
	Header     string
	Bottom     float64
	NavTop     float64
	GCDSHeight float64
}

// The site's navigation bar starts where the GC header ends, on every
// page, in both languages, with and without scripts: no empty band between
// them (the design system's header has a 3rem bottom margin, and its empty
// element kept 5rem when no script could fill it).
func TestNavFollowsHeader(t *testing.T) {
	en, fr := episodePair(t)
	pages := []string{
		"/en/", "/en/topics", "/en/privacy", "/en/search?q=data", en,
		"/fr/", "/fr/sujets", "/fr/confidentialite", "/fr/recherche?q=donnees", fr,
	}
	for _, noJS := range []bool{false, true} {
		name := map[bool]string{false: "scripts", true: "no-scripts"}[noJS]
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t, tabOptions{noJS: noJS})
			want := map[bool]string{false: "gcds-header", true: "no-script header"}[noJS]
			for _, path := range pages {
				open(t, ctx, path)
				g := eval[headerGap](t, ctx, headerGapJS)
				if g.Header != want {
					t.Errorf("%s: the header that shows is %q, want %q", path, g.Header, want)
					continue
				}
				if g.NavTop < 0 || g.Bottom <= 0 {
					t.Errorf("%s: header bottom %.1f, navigation top %.1f: not both on the page", path, g.Bottom, g.NavTop)
					continue
				}
				if gap := g.NavTop - g.Bottom; gap < -1 || gap > 2 {
					t.Errorf("%s: %.1f px between the header's bottom (%.1f) and the navigation's top (%.1f), want at most 2",
						path, gap, g.Bottom, g.NavTop)
				}
				if noJS && g.GCDSHeight != 0 {
					t.Errorf("%s: without scripts the empty gcds-header still takes %.1f px", path, g.GCDSHeight)
				}
			}
		})
	}
}

// episodePair is a Read episode's English page and its French counterpart,
// found through the site's links (the first Read episode that has one).
func episodePair(t *testing.T) (en, fr string) {
	t.Helper()
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/en/?kind=read")
	hrefs := eval[[]string](t, ctx, `[...document.querySelectorAll(".card-title a")].map(a => a.getAttribute("href"))`)
	for _, href := range hrefs {
		open(t, ctx, href)
		if alt := toggleHref(t, ctx); strings.HasPrefix(alt, "/fr/episodes/") {
			return href, alt
		}
	}
	t.Fatalf("no Read episode on /en/?kind=read has a French version: %v", hrefs)
	return "", ""
}
