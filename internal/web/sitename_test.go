package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// siteNamePaths are the pages and documents that name the site, in each
// language: every page type, the search and planner pages, every kind of
// feed and both podcasts.
func siteNamePaths(lang content.Lang) []string {
	var out []string
	for _, pc := range sitePages {
		if pc.lang == string(lang) && pc.hdr == nil && strings.HasPrefix(pc.path, "/"+string(lang)+"/") {
			out = append(out, pc.path)
		}
	}
	out = append(out, urls.Search(lang)+"?q=data", urls.Ride(lang)+"?minutes=15")
	for _, f := range urls.FeedFormats {
		out = append(out, urls.Feed(lang, f), urls.KindFeed(lang, content.Watch, f))
	}
	return append(out, urls.Podcast(lang, content.Listen), urls.Podcast(lang, content.Watch))
}

// The site has a name in each language, « Trajets en bus » in French by
// default, and every page, feed and podcast uses the name of its own
// language: in titles, the header, breadcrumbs, metadata and feed
// titles. The administrators' names replace the defaults everywhere.
func TestSiteNamePerLanguage(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		check := func(t *testing.T, names map[content.Lang]string) {
			t.Helper()
			for _, lang := range content.Langs {
				for _, path := range siteNamePaths(lang) {
					r := get(t, s, path)
					body := r.text()
					if strings.Contains(body, "{site}") || strings.Contains(body, "⟦") {
						t.Errorf("%s: a catalogue string was not filled in", path)
					}
					if r.StatusCode == 200 && !strings.Contains(body, names[lang]) {
						t.Errorf("%s: does not name the site %q", path, names[lang])
					}
					if other := names[lang.Other()]; strings.Contains(body, other) {
						t.Errorf("%s: names the site %q, the other language's name", path, other)
					}
				}
			}
		}
		t.Run("defaults", func(t *testing.T) {
			check(t, map[content.Lang]string{content.English: "Busrides", content.French: "Trajets en bus"})
			// The splash page names both, the hinted language first.
			r := get(t, s, "/", "Accept-Language", "fr-CA")
			h1 := textOf(first(r.Doc, tag("h1")))
			if h1 != "Trajets en bus / Busrides" {
				t.Errorf("splash heading %q", h1)
			}
		})
		t.Run("administrators' names", func(t *testing.T) {
			ctx := context.Background()
			names := content.Bilingual{EN: "Ride and Learn", FR: "Apprendre en route"}
			if err := s.App.Store.SetSiteTitle(ctx, names); err != nil {
				t.Fatal(err)
			}
			if err := s.App.SyncCache(ctx); err != nil {
				t.Fatal(err)
			}
			check(t, map[content.Lang]string{content.English: names.EN, content.French: names.FR})
			// Where the site names itself (content may still mention an old
			// name): the title, the header, the sharing metadata.
			for _, lang := range content.Langs {
				for _, path := range siteNamePaths(lang) {
					r := get(t, s, path)
					name := names.In(lang)
					if strings.HasSuffix(path, ".xml") {
						// RSS: the channel's author, and a podcast's owner.
						for _, el := range []string{"author", "itunes:author", "itunes:name"} {
							for _, m := range regexp.MustCompile(`<`+el+`>([^<]*)</`+el+`>`).FindAllStringSubmatch(r.text(), -1) {
								if m[1] != name && !strings.Contains(m[1], "(") { // an item's "address (name)" author is content's
									t.Errorf("%s: <%s> %q, want the site's name %q", path, el, m[1], name)
								}
							}
						}
					}
					if r.Doc == nil {
						continue
					}
					if title := textOf(first(r.Doc, tag("title"))); !strings.HasSuffix(title, name) {
						t.Errorf("%s: title %q does not end with the site's name", path, title)
					}
					if got := textOf(first(r.Doc, hasClass("a", "site-name"))); got != name {
						t.Errorf("%s: header names the site %q", path, got)
					}
					if got, _ := metaContent(t, r.Doc, "og:site_name"); r.StatusCode == 200 && got != name {
						t.Errorf("%s: og:site_name %q", path, got)
					}
				}
			}
		})
	})
}
