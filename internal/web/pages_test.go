package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/httpx"
)

// pageCase is one public page in one language.
type pageCase struct {
	path    string
	lang    string // en or fr
	status  int
	content bool     // a content page: carries "Date modified"
	hdr     []string // request headers
}

// sitePages is every page type in both languages.
var sitePages = []pageCase{
	{path: "/en/", lang: "en", status: 200, content: true},
	{path: "/fr/", lang: "fr", status: 200, content: true},
	{path: dnEN, lang: "en", status: 200, content: true},
	{path: dnFR, lang: "fr", status: 200, content: true},
	{path: listenEN, lang: "en", status: 200, content: true},
	{path: listenFR, lang: "fr", status: 200, content: true},
	{path: watchEN, lang: "en", status: 200, content: true},
	{path: watchFR, lang: "fr", status: 200, content: true},
	{path: greenerEN, lang: "en", status: 200, content: true},
	{path: "/en/topics/digital-government", lang: "en", status: 200, content: true},
	{path: "/fr/sujets/gouvernement-numerique", lang: "fr", status: 200, content: true},
	{path: "/en/topics", lang: "en", status: 200},
	{path: "/fr/sujets", lang: "fr", status: 200},
	{path: "/en/authors/mark-levene", lang: "en", status: 200, content: true},
	{path: "/fr/auteurs/mark-levene", lang: "fr", status: 200, content: true},
	{path: "/en/authors", lang: "en", status: 200},
	{path: "/fr/auteurs", lang: "fr", status: 200},
	{path: "/en/series/leading-hybrid-teams", lang: "en", status: 200, content: true},
	{path: "/fr/series/diriger-des-equipes-hybrides", lang: "fr", status: 200, content: true},
	{path: "/en/series", lang: "en", status: 200},
	{path: "/fr/series", lang: "fr", status: 200},
	{path: "/en/privacy", lang: "en", status: 200, content: true},
	{path: "/fr/confidentialite", lang: "fr", status: 200, content: true},
	{path: "/en/subscribe", lang: "en", status: 200, content: true},
	{path: "/fr/abonnement", lang: "fr", status: 200, content: true},
	{path: "/en/glossary", lang: "en", status: 200},
	{path: "/fr/glossaire", lang: "fr", status: 200},
	{path: "/en/about", lang: "en", status: 200, content: true},
	{path: "/fr/a-propos", lang: "fr", status: 200, content: true},
	{path: "/en/contact", lang: "en", status: 200, content: true},
	{path: "/fr/contact", lang: "fr", status: 200, content: true},
	{path: "/en/terms", lang: "en", status: 200, content: true},
	{path: "/fr/avis", lang: "fr", status: 200, content: true},
	{path: "/fr/about", lang: "fr", status: 404}, // an English slug under /fr/
	{path: "/en/no-such-page", lang: "en", status: 404},
	{path: "/fr/aucune-page", lang: "fr", status: 404},
	{path: "/en/episodes/no-such-episode", lang: "en", status: 404},
	{path: "/fr/episodes/aucun-episode", lang: "fr", status: 404},
	{path: "/en/topics/no-such-topic", lang: "en", status: 404},
	{path: "/fr/sujets/digital-government", lang: "fr", status: 404}, // an English slug under /fr/
	{path: "/no-such-page", lang: "en", status: 404},
	{path: "/no-such-page", lang: "fr", status: 404, hdr: []string{"Accept-Language", "fr-CA,fr;q=0.9"}},
	{path: "/no-such-page", lang: "fr", status: 404, hdr: []string{"Cookie", "busrides_lang=fr"}},
}

// distinctiveKeys are catalogue keys whose texts differ between English and
// French and are unlikely to occur in content: a page in one language must
// contain none of the other language's texts for them.
var distinctiveKeys = []string{
	"nav.topics", "nav.authors", "nav.series", "nav.privacy", "feedback.question", "feedback.yes",
	"skip.main", "date.modified", "banner.label", "list.latest", "kind.all", "footer.about",
	"episode.learn_more", "episode.about_author", "episode.related", "error.home_link",
	"gc.wordmark", "privacy.title", "breadcrumb.label", "nav.contact",
}

func TestPagesBothLanguages(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range sitePages {
			name := tc.lang + tc.path
			t.Run(name, func(t *testing.T) {
				r := get(t, s, tc.path, tc.hdr...)
				wantStatus(t, r, tc.status)
				checkPage(t, r, tc, cat.Printer(tc.lang), cat.Printer(other(tc.lang)))
			})
		}
	})
}

func other(lang string) string {
	if lang == "fr" {
		return "en"
	}
	return "fr"
}

type printer interface {
	T(key string, args ...any) string
}

// checkPage asserts what every public page in a language must have.
func checkPage(t *testing.T, r *response, tc pageCase, p, op printer) {
	t.Helper()
	tag := tc.lang + "-CA"
	if r.Doc == nil {
		t.Fatalf("not an HTML page: %s", r.Header.Get("Content-Type"))
	}
	if got := attrOf(first(r.Doc, func(n *xhtml.Node) bool { return n.Data == "html" }), "lang"); got != tag {
		t.Errorf("<html lang=%q>, want %q", got, tag)
	}
	if got := r.Header.Get("Content-Language"); got != tag {
		t.Errorf("Content-Language %q, want %q", got, tag)
	}
	if got := r.Header.Get("Content-Security-Policy"); got != httpx.ContentSecurityPolicy {
		t.Errorf("Content-Security-Policy %q", got)
	}
	if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", got)
	}
	if h1 := find(r.Doc, func(n *xhtml.Node) bool { return n.Data == "h1" }); len(h1) != 1 {
		t.Errorf("%d <h1>, want exactly 1", len(h1))
	} else if textOf(h1[0]) == "" {
		t.Errorf("empty <h1>")
	}
	mains := find(r.Doc, func(n *xhtml.Node) bool { return n.Data == "main" })
	if len(mains) != 1 || attrOf(mains[0], "id") != "main-content" {
		t.Errorf("want one <main id=\"main-content\">, got %d", len(mains))
	}
	// The skip link (gcds-header's, and the no-script fallback) points at
	// an element that exists.
	hdr := first(r.Doc, func(n *xhtml.Node) bool { return n.Data == "gcds-header" })
	if hdr == nil {
		t.Fatalf("no gcds-header")
	}
	targets := []string{attrOf(hdr, "skip-to-href")}
	for _, ns := range noscript(t, r.Doc) {
		for _, a := range find(ns, hasClass("a", "skip-link")) {
			targets = append(targets, attrOf(a, "href"))
		}
	}
	if len(targets) != 2 {
		t.Errorf("skip links: %q, want the header's and the no-script one", targets)
	}
	for _, href := range targets {
		id, ok := strings.CutPrefix(href, "#")
		if !ok || first(r.Doc, byID(id)) == nil {
			t.Errorf("skip link %q has no target", href)
		}
	}
	if got := textOf(first(r.Doc, hasClass("div", "site-notice"))); got != collapse(banner(tc.lang)) {
		t.Errorf("banner %q, want %q", got, banner(tc.lang))
	}
	dm := first(r.Doc, hasClass("dl", "date-modified"))
	if tc.content {
		if dm == nil {
			t.Errorf("no Date modified")
		} else {
			dt, dd := first(dm, tagIs("dt")), first(dm, tagIs("dd"))
			if got := textOf0(dt); got != p.T("date.modified") {
				t.Errorf("Date modified label %q, want %q", got, p.T("date.modified"))
			}
			if got := textOf(dd); !isoDate.MatchString(got) {
				t.Errorf("Date modified %q is not an ISO date", got)
			}
		}
	} else if tc.status != http.StatusOK && dm != nil {
		t.Errorf("error page with a Date modified")
	}
	// Scripts are left out: JSON-LD's vocabulary (BreadcrumbList,
	// PodcastSeries…) is schema.org's, not text in a language.
	body := html.UnescapeString(scriptElement.ReplaceAllString(r.text(), ""))
	for _, key := range distinctiveKeys {
		mine, theirs := p.T(key), op.T(key)
		if mine == theirs {
			t.Fatalf("key %s is the same in both languages: not distinctive", key)
		}
		if strings.Contains(body, theirs) {
			t.Errorf("page contains %q (%s in the other language)", theirs, key)
		}
	}
}

var scriptElement = regexp.MustCompile(`(?s)<script[^>]*>.*?</script>`)

func tagIs(name string) func(*xhtml.Node) bool {
	return func(n *xhtml.Node) bool { return n.Data == name }
}

func banner(lang string) string {
	if lang == "fr" {
		return bannerFR
	}
	return bannerEN
}
