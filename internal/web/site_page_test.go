package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// The demo's site pages, in both languages: title, the page type
// search engines are told, and a heading of their body.
var demoSitePages = []struct {
	path, alt, title, ldType, heading string
}{
	{"/en/about", "/fr/a-propos", "About Busrides", "AboutPage", "What you will find here"},
	{"/fr/a-propos", "/en/about", "À propos de Trajets en bus", "AboutPage", "Ce que vous trouverez ici"},
	{"/en/contact", "/fr/contact", "Contact us", "ContactPage", "Write to us"},
	{"/fr/contact", "/en/contact", "Contactez-nous", "ContactPage", "Écrivez-nous"},
	{"/en/terms", "/fr/avis", "Terms and conditions", "WebPage", "Official languages"},
	{"/fr/avis", "/en/terms", "Avis", "WebPage", "Langues officielles"},
}

// Each site page is served at its slug in its language with its title,
// its body as rendered at save time, breadcrumbs, metadata pointing at
// its counterpart, and from the cache the second time.
func TestSitePagesServed(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range demoSitePages {
			t.Run(tc.path, func(t *testing.T) {
				r := get(t, s, tc.path)
				wantStatus(t, r, http.StatusOK)
				if got := textOf(first(r.Doc, tag("h1"))); got != tc.title {
					t.Errorf("h1 %q, want %q", got, tc.title)
				}
				body := first(r.Doc, hasClass("div", "site-page"))
				if body == nil || first(body, func(n *xhtml.Node) bool { return n.Data == "h2" && textOf(n) == tc.heading }) == nil {
					t.Errorf("no heading %q in the body", tc.heading)
				}
				if first(body, tag("script")) != nil {
					t.Error("a script in the body")
				}
				crumbs := find(first(r.Doc, hasClass("nav", "breadcrumbs")), tag("a"))
				if len(crumbs) != 2 || attrOf(crumbs[1], "href") != urls.Home(content.Lang(tc.path[1:3])) {
					t.Errorf("breadcrumbs: %d links", len(crumbs))
				}
				links := map[string]string{}
				for _, l := range find(r.Doc, tag("link")) {
					switch attrOf(l, "rel") {
					case "canonical":
						links["canonical"] = attrOf(l, "href")
					case "alternate":
						if h := attrOf(l, "hreflang"); h != "" {
							links[h] = attrOf(l, "href")
						}
					}
				}
				if !strings.HasSuffix(links["canonical"], tc.path) || !strings.HasSuffix(links[langTagOf(tc.alt)], tc.alt) || !strings.HasSuffix(links[langTagOf(tc.path)], tc.path) {
					t.Errorf("canonical and alternates: %v", links)
				}
				if d := attrOf(first(r.Doc, withAttr("meta", "name", "description")), "content"); d == "" || strings.Contains(d, "#") {
					t.Errorf("description %q", d)
				}
				var ld struct {
					Graph []struct {
						Type string `json:"@type"`
						Name string `json:"name"`
					} `json:"@graph"`
				}
				if err := json.Unmarshal([]byte(textOf0(first(r.Doc, withAttr("script", "type", "application/ld+json")))), &ld); err != nil {
					t.Fatalf("JSON-LD: %v", err)
				}
				if len(ld.Graph) == 0 || ld.Graph[0].Type != tc.ldType || ld.Graph[0].Name != tc.title {
					t.Errorf("JSON-LD %+v, want a %s named %q", ld.Graph, tc.ldType, tc.title)
				}
				if again := get(t, s, tc.path); again.Header.Get("X-Cache") != "hit" {
					t.Errorf("second read: X-Cache %q", again.Header.Get("X-Cache"))
				}
			})
		}
		// One segment that is no site page: an old URL still redirects,
		// anything else is the 404 page, never a site page of the other
		// language.
		for path, want := range map[string]int{"/en/ep-41-en": http.StatusMovedPermanently, "/en/a-propos": http.StatusNotFound,
			"/fr/terms": http.StatusNotFound, "/en/About": http.StatusNotFound, "/en/about.html": http.StatusNotFound} {
			if r := get(t, s, path); r.StatusCode != want {
				t.Errorf("%s: %d, want %d", path, r.StatusCode, want)
			}
		}
	})
}

// footerLinks returns the links of the footer without scripts and of
// gcds-footer's last band, by label.
func footerLinks(t *testing.T, r *response) (noJS, sub map[string]string) {
	t.Helper()
	noJS = map[string]string{}
	for _, ns := range noscript(t, r.Doc) {
		for _, f := range find(ns, hasClass("footer", "site-footer")) {
			for _, a := range find(f, tag("a")) {
				noJS[textOf(a)] = attrOf(a, "href")
			}
		}
	}
	if err := json.Unmarshal([]byte(attrOf(first(r.Doc, tag("gcds-footer")), "sub-links")), &sub); err != nil {
		t.Fatalf("%s: sub-links: %v", r.Request.URL.Path, err)
	}
	return noJS, sub
}

// The footer links "Terms and conditions" (« Avis ») to the terms page,
// not to the privacy notice, and links About and Contact, with scripts
// and without, on every kind of page; the splash page's Terms / Avis go
// to the terms in each language. A page taken off the site leaves the
// footer (and the sitemap), and comes back when published again.
func TestFooterLinksSitePages(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		want := map[string]map[string]string{
			"en": {"nav.terms": "/en/terms", "nav.about": "/en/about", "nav.contact": "/en/contact", "nav.privacy": "/en/privacy"},
			"fr": {"nav.terms": "/fr/avis", "nav.about": "/fr/a-propos", "nav.contact": "/fr/contact", "nav.privacy": "/fr/confidentialite"},
		}
		pages := []string{"/en/", "/fr/", dnEN, dnFR, "/en/terms", "/fr/avis", "/en/glossary", "/en/no-such-page", "/fr/aucune-page"}
		for _, path := range pages {
			r := get(t, s, path)
			lang := path[1:3]
			noJS, sub := footerLinks(t, r)
			for key, href := range want[lang] {
				label := cat.Printer(lang).T(key)
				if noJS[label] != href || sub[label] != href {
					t.Errorf("%s: %q links to %q without scripts, %q with; want %s", path, label, noJS[label], sub[label], href)
				}
			}
		}
		splash := get(t, s, "/")
		for _, href := range []string{"/en/terms", "/fr/avis"} {
			if first(splash.Doc, withAttr("a", "href", href)) == nil {
				t.Errorf("the splash page does not link %s", href)
			}
		}

		// Withdraw the terms: gone from the site, the footers, the splash
		// page and the sitemap (all cached before).
		ctx := context.Background()
		st := s.App.Store
		get(t, s, urls.Sitemap)
		p, err := st.SitePageByKey(ctx, content.SitePageTerms)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetSitePageStatus(ctx, content.SitePageTerms, content.Draft, p.Revision, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, get(t, s, "/en/terms"), http.StatusNotFound)
		for _, path := range []string{"/en/", "/fr/avis", dnFR} {
			r := get(t, s, path)
			noJS, sub := footerLinks(t, r)
			label := cat.Printer(path[1:3]).T("nav.terms")
			if _, ok := noJS[label]; ok {
				t.Errorf("%s: a withdrawn terms page is linked without scripts: %q", path, noJS[label])
			}
			if _, ok := sub[label]; ok {
				t.Errorf("%s: a withdrawn terms page is linked: %q", path, sub[label])
			}
		}
		if r := get(t, s, "/"); first(r.Doc, withAttr("a", "href", "/en/terms")) != nil {
			t.Error("the splash page links withdrawn terms")
		}
		if r := get(t, s, urls.Sitemap); strings.Contains(r.text(), "/en/terms<") || strings.Contains(r.text(), "/fr/avis\"") {
			t.Error("the sitemap lists withdrawn terms")
		}
		if err := st.SetSitePageStatus(ctx, content.SitePageTerms, content.Published, p.Revision, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		noJS, _ := footerLinks(t, get(t, s, "/en/"))
		if noJS[cat.Printer("en").T("nav.terms")] != "/en/terms" {
			t.Errorf("published again, the terms are not linked: %v", noJS)
		}
		if r := get(t, s, urls.Sitemap); !strings.Contains(r.text(), "/en/terms<") {
			t.Error("published again, the terms are not in the sitemap")
		}
	})
}

// A new address of a live site page: the old one redirects to it, the
// toggle of the counterpart and the footers follow.
func TestSitePageMoved(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		get(t, s, "/fr/a-propos") // cached with the old toggle
		get(t, s, "/en/")
		if err := editSitePage(s.App.Store, content.SitePageAbout, s.Clock.Now(), func(p *content.SitePage) {
			p.Versions[content.English].Slug = "about-us"
		}); err != nil {
			t.Fatal(err)
		}
		r := get(t, s, "/en/about")
		if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/en/about-us" {
			t.Errorf("old address: %d → %q", r.StatusCode, r.Header.Get("Location"))
		}
		wantStatus(t, get(t, s, "/en/about-us"), http.StatusOK)
		assertToggle(t, get(t, s, "/fr/a-propos"), "/en/about-us")
		noJS, sub := footerLinks(t, get(t, s, "/en/"))
		label := catalogue(t).Printer("en").T("nav.about")
		if noJS[label] != "/en/about-us" || sub[label] != "/en/about-us" {
			t.Errorf("footer links About to %q / %q", noJS[label], sub[label])
		}
	})
}
