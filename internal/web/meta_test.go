package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// The tests' base URL (apptest's default): canonical and alternate URLs are
// absolute on it, not on the httptest server.
const metaBase = "http://busrides.test"

// metaPage is a public page and what its metadata must say.
type metaPage struct {
	path    string
	lang    content.Lang
	alt     string   // the counterpart's path; "" when the page has none
	types   []string // JSON-LD @types the page must carry
	ogType  string
	feeds   func(lang content.Lang) []string // the page's own feeds, besides the site's
	episode bool
}

func topicFeeds(slug string) func(content.Lang) []string {
	return func(l content.Lang) []string {
		var out []string
		for _, f := range urls.FeedFormats {
			out = append(out, urls.TopicFeed(l, slug, f))
		}
		return out
	}
}

func seriesFeeds(slug string) func(content.Lang) []string {
	return func(l content.Lang) []string {
		var out []string
		for _, f := range urls.FeedFormats {
			out = append(out, urls.SeriesFeed(l, slug, f))
		}
		return out
	}
}

var metaPages = []metaPage{
	{path: "/en/", lang: "en", alt: "/fr/", types: []string{"WebSite"}, ogType: "website"},
	{path: "/fr/", lang: "fr", alt: "/en/", types: []string{"WebSite"}, ogType: "website"},
	{path: dnEN, lang: "en", alt: dnFR, types: []string{"Article", "Person", "Organization", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: dnFR, lang: "fr", alt: dnEN, types: []string{"Article", "Person", "Organization", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: listenEN, lang: "en", alt: listenFR, types: []string{"PodcastEpisode", "AudioObject", "Person", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: listenFR, lang: "fr", alt: listenEN, types: []string{"PodcastEpisode", "AudioObject", "Person", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: watchEN, lang: "en", alt: watchFR, types: []string{"VideoObject", "Person", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: watchFR, lang: "fr", alt: watchEN, types: []string{"VideoObject", "Person", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: greenerEN, lang: "en", alt: "", types: []string{"Article", "BreadcrumbList"}, ogType: "article", episode: true},
	{path: "/en/topics/digital-government", lang: "en", alt: "/fr/sujets/gouvernement-numerique", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website", feeds: topicFeeds("digital-government")},
	{path: "/fr/sujets/gouvernement-numerique", lang: "fr", alt: "/en/topics/digital-government", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website", feeds: topicFeeds("gouvernement-numerique")},
	{path: "/en/topics", lang: "en", alt: "/fr/sujets", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/fr/sujets", lang: "fr", alt: "/en/topics", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/en/authors/mark-levene", lang: "en", alt: "/fr/auteurs/mark-levene", types: []string{"ProfilePage", "Person", "BreadcrumbList"}, ogType: "website"},
	{path: "/fr/auteurs/mark-levene", lang: "fr", alt: "/en/authors/mark-levene", types: []string{"ProfilePage", "Person", "BreadcrumbList"}, ogType: "website"},
	{path: "/en/authors", lang: "en", alt: "/fr/auteurs", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/fr/auteurs", lang: "fr", alt: "/en/authors", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/en/series/leading-hybrid-teams", lang: "en", alt: "/fr/series/diriger-des-equipes-hybrides", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website", feeds: seriesFeeds("leading-hybrid-teams")},
	{path: "/fr/series/diriger-des-equipes-hybrides", lang: "fr", alt: "/en/series/leading-hybrid-teams", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website", feeds: seriesFeeds("diriger-des-equipes-hybrides")},
	{path: "/en/series", lang: "en", alt: "/fr/series", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/fr/series", lang: "fr", alt: "/en/series", types: []string{"CollectionPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/en/privacy", lang: "en", alt: "/fr/confidentialite", types: []string{"WebPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/fr/confidentialite", lang: "fr", alt: "/en/privacy", types: []string{"WebPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/en/glossary", lang: "en", alt: "/fr/glossaire", types: []string{"WebPage", "BreadcrumbList"}, ogType: "website"},
	{path: "/fr/glossaire", lang: "fr", alt: "/en/glossary", types: []string{"WebPage", "BreadcrumbList"}, ogType: "website"},
}

// --- metadata helpers ---

// metaContent is the content of <meta name=…> or <meta property=…>; ok is
// false when there is none. More than one is an error.
func metaContent(t *testing.T, doc *html.Node, key string) (string, bool) {
	t.Helper()
	nodes := find(doc, func(n *html.Node) bool {
		return n.Data == "meta" && (attrOf(n, "name") == key || attrOf(n, "property") == key)
	})
	switch len(nodes) {
	case 0:
		return "", false
	case 1:
		return attrOf(nodes[0], "content"), true
	}
	t.Errorf("%d <meta> %s, want at most 1", len(nodes), key)
	return attrOf(nodes[0], "content"), true
}

func wantMeta(t *testing.T, doc *html.Node, key string) string {
	t.Helper()
	v, ok := metaContent(t, doc, key)
	if !ok || strings.TrimSpace(v) == "" {
		t.Errorf("no <meta> %s", key)
	}
	return v
}

// hreflangs maps each <link rel=alternate hreflang> to its URL.
func hreflangs(t *testing.T, doc *html.Node) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range find(doc, func(n *html.Node) bool {
		return n.Data == "link" && attrOf(n, "rel") == "alternate" && hasAttr(n, "hreflang")
	}) {
		hl := attrOf(n, "hreflang")
		if _, dup := out[hl]; dup {
			t.Errorf("two hreflang=%s links", hl)
		}
		out[hl] = attrOf(n, "href")
	}
	return out
}

// feedLinks maps each feed discovery link's URL to its type and title.
func feedLinks(doc *html.Node) map[string][2]string {
	out := map[string][2]string{}
	for _, n := range find(doc, func(n *html.Node) bool {
		return n.Data == "link" && attrOf(n, "rel") == "alternate" && hasAttr(n, "type")
	}) {
		out[attrOf(n, "href")] = [2]string{attrOf(n, "type"), attrOf(n, "title")}
	}
	return out
}

func canonicalOf(doc *html.Node) string {
	return attrOf(first(doc, func(n *html.Node) bool { return n.Data == "link" && attrOf(n, "rel") == "canonical" }), "href")
}

// jsonLDOf parses the page's one JSON-LD script.
func jsonLDOf(t *testing.T, r *response) map[string]any {
	t.Helper()
	scripts := find(r.Doc, withAttr("script", "type", "application/ld+json"))
	if len(scripts) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(scripts))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(textOf0(scripts[0])), &v); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, textOf0(scripts[0]))
	}
	if v["@context"] != "https://schema.org" {
		t.Errorf("JSON-LD @context %v", v["@context"])
	}
	return v
}

// ldNodes lists every JSON object in the JSON-LD that has an @type.
func ldNodes(v any) []map[string]any {
	var out []map[string]any
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["@type"]; ok {
			out = append(out, x)
		}
		for _, c := range x {
			out = append(out, ldNodes(c)...)
		}
	case []any:
		for _, c := range x {
			out = append(out, ldNodes(c)...)
		}
	}
	return out
}

func ldOfType(v any, typ string) []map[string]any {
	var out []map[string]any
	for _, n := range ldNodes(v) {
		if n["@type"] == typ {
			out = append(out, n)
		}
	}
	return out
}

// absolute checks u is an absolute URL on the configured base.
func absolute(t *testing.T, what, u string) {
	t.Helper()
	if !strings.HasPrefix(u, metaBase+"/") {
		t.Errorf("%s %q is not an absolute URL on %s", what, u, metaBase)
	}
}

// --- tests ---

// Every public page in both languages: canonical, reciprocal hreflang
// pairs, x-default, OpenGraph, Twitter card, Dublin Core, JSON-LD and feed
// discovery.
func TestPageMetadata(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, pc := range metaPages {
			t.Run(strings.TrimPrefix(pc.path, "/"), func(t *testing.T) {
				p := cat.Printer(string(pc.lang))
				r := get(t, s, pc.path)
				wantStatus(t, r, 200)
				doc := r.Doc
				canonical := canonicalOf(doc)
				if canonical != metaBase+pc.path {
					t.Errorf("canonical %q, want %q", canonical, metaBase+pc.path)
				}
				if _, ok := metaContent(t, doc, "robots"); ok {
					t.Errorf("a public page has a robots meta")
				}

				// hreflang: this page, its counterpart, x-default — and the
				// counterpart points back.
				hl := hreflangs(t, doc)
				want := map[string]string{pc.lang.Tag(): canonical, "x-default": metaBase + "/"}
				if pc.alt != "" {
					want[pc.lang.Other().Tag()] = metaBase + pc.alt
				}
				if len(hl) != len(want) {
					t.Errorf("hreflang links %v, want %v", hl, want)
				}
				for k, v := range want {
					if hl[k] != v {
						t.Errorf("hreflang=%s %q, want %q", k, hl[k], v)
					}
				}
				for k, v := range hl {
					if strings.Contains(v, "notice") || strings.Contains(v, "?") {
						t.Errorf("hreflang=%s points at %q", k, v)
					}
				}
				if pc.alt != "" {
					back := get(t, s, pc.alt)
					wantStatus(t, back, 200)
					bl := hreflangs(t, back.Doc)
					if bl[pc.lang.Tag()] != canonical || bl[pc.lang.Other().Tag()] != canonicalOf(back.Doc) || bl["x-default"] != metaBase+"/" {
						t.Errorf("counterpart %s does not point back: %v", pc.alt, bl)
					}
				}

				// OpenGraph and Twitter.
				title := wantMeta(t, doc, "og:title")
				if got := wantMeta(t, doc, "og:type"); got != pc.ogType {
					t.Errorf("og:type %q, want %q", got, pc.ogType)
				}
				wantMeta(t, doc, "og:description")
				if got := wantMeta(t, doc, "og:url"); got != canonical {
					t.Errorf("og:url %q, want the canonical %q", got, canonical)
				}
				if got := wantMeta(t, doc, "og:site_name"); got != siteNames[pc.lang] {
					t.Errorf("og:site_name %q", got)
				}
				if got := wantMeta(t, doc, "og:locale"); got != string(pc.lang)+"_CA" {
					t.Errorf("og:locale %q", got)
				}
				alt, ok := metaContent(t, doc, "og:locale:alternate")
				if pc.alt != "" && alt != string(pc.lang.Other())+"_CA" {
					t.Errorf("og:locale:alternate %q", alt)
				}
				if pc.alt == "" && ok {
					t.Errorf("og:locale:alternate %q on a page in one language", alt)
				}
				img := wantMeta(t, doc, "og:image")
				absolute(t, "og:image", img)
				wantMeta(t, doc, "og:image:alt")
				if got := wantMeta(t, doc, "twitter:card"); got != "summary_large_image" {
					t.Errorf("twitter:card %q", got)
				}
				if got := wantMeta(t, doc, "twitter:title"); got != title {
					t.Errorf("twitter:title %q, og:title %q", got, title)
				}
				wantMeta(t, doc, "twitter:description")
				if got := wantMeta(t, doc, "twitter:image"); got != img {
					t.Errorf("twitter:image %q, og:image %q", got, img)
				}
				wantMeta(t, doc, "twitter:image:alt")
				// The image is served.
				ir := get(t, s, strings.TrimPrefix(img, metaBase))
				wantStatus(t, ir, 200)
				if !strings.HasPrefix(ir.Header.Get("Content-Type"), "image/") {
					t.Errorf("og:image served as %q", ir.Header.Get("Content-Type"))
				}

				// Dublin Core.
				lang := first(doc, withAttr("meta", "name", "dcterms.language"))
				wantISO := map[content.Lang]string{"en": "eng", "fr": "fra"}[pc.lang]
				if attrOf(lang, "content") != wantISO || attrOf(lang, "title") != "ISO639-2/T" {
					t.Errorf("dcterms.language content=%q title=%q, want %q ISO639-2/T", attrOf(lang, "content"), attrOf(lang, "title"), wantISO)
				}
				if got := wantMeta(t, doc, "dcterms.title"); got != title {
					t.Errorf("dcterms.title %q, og:title %q", got, title)
				}
				if got := wantMeta(t, doc, "dcterms.creator"); got != p.T("site.institution") {
					t.Errorf("dcterms.creator %q", got)
				}
				if mod, ok := metaContent(t, doc, "dcterms.modified"); ok {
					if !isoDate.MatchString(mod) || attrOf(first(doc, withAttr("meta", "name", "dcterms.modified")), "title") != "W3CDTF" {
						t.Errorf("dcterms.modified %q", mod)
					}
					if dd := textOf(first(first(doc, hasClass("dl", "date-modified")), tagIs("dd"))); dd != mod {
						t.Errorf("dcterms.modified %q, Date modified shows %q", mod, dd)
					}
				}

				// JSON-LD.
				ld := jsonLDOf(t, r)
				var types []string
				for _, n := range ldNodes(ld) {
					if s, ok := n["@type"].(string); ok {
						types = append(types, s)
					}
				}
				for _, typ := range pc.types {
					if !slices.Contains(types, typ) {
						t.Errorf("JSON-LD types %v lack %s", types, typ)
					}
				}
				for _, n := range ldNodes(ld) {
					if il, ok := n["inLanguage"]; ok && il != pc.lang.Tag() {
						t.Errorf("JSON-LD %s inLanguage %v", n["@type"], il)
					}
				}
				for _, bl := range ldOfType(ld, "BreadcrumbList") {
					items, _ := bl["itemListElement"].([]any)
					if len(items) < 2 {
						t.Errorf("breadcrumb list %v", bl)
						continue
					}
					if it := items[0].(map[string]any); it["name"] != "Canada.ca" || it["item"] != "https://www.canada.ca/"+string(pc.lang)+".html" {
						t.Errorf("breadcrumb 1 %v", it)
					}
					if it := items[1].(map[string]any); it["item"] != metaBase+urls.Home(pc.lang) || it["position"] != float64(2) {
						t.Errorf("breadcrumb 2 %v", it)
					}
				}
				if slices.Contains(pc.types, "WebSite") {
					ws := ldOfType(ld, "WebSite")[0]
					if ws["url"] != canonical || ws["name"] != siteNames[pc.lang] || ws["inLanguage"] != pc.lang.Tag() {
						t.Errorf("WebSite %v", ws)
					}
					sa, _ := ws["potentialAction"].(map[string]any)
					wantTarget := metaBase + "/" + string(pc.lang) + "/search?q={search_term_string}"
					if pc.lang == content.French {
						wantTarget = metaBase + "/fr/recherche?q={search_term_string}"
					}
					if sa["@type"] != "SearchAction" || sa["target"] != wantTarget || sa["query-input"] != "required name=search_term_string" {
						t.Errorf("SearchAction %v, want target %s", sa, wantTarget)
					}
				}
				if slices.Contains(pc.types, "ProfilePage") {
					pe := ldOfType(ld, "Person")
					if len(pe) != 1 || pe[0]["name"] != "Mark Levene" || pe[0]["url"] != canonical || pe[0]["jobTitle"] == "" {
						t.Errorf("Person %v", pe)
					}
				}

				// Feed discovery: the language's feeds in each format, the
				// podcasts, and the page's own feeds.
				feeds := feedLinks(doc)
				wantFeeds := map[string]string{
					urls.Podcast(pc.lang, content.Listen): "application/rss+xml",
					urls.Podcast(pc.lang, content.Watch):  "application/rss+xml",
				}
				mime := map[string]string{urls.FormatRSS: "application/rss+xml", urls.FormatAtom: "application/atom+xml", urls.FormatJSON: "application/feed+json"}
				for _, f := range urls.FeedFormats {
					wantFeeds[urls.Feed(pc.lang, f)] = mime[f]
				}
				if pc.feeds != nil {
					for _, u := range pc.feeds(pc.lang) {
						wantFeeds[u] = mime[u[strings.LastIndex(u, ".")+1:]]
					}
				}
				if len(feeds) != len(wantFeeds) {
					t.Errorf("%d feed links, want %d: %v", len(feeds), len(wantFeeds), feeds)
				}
				for u, typ := range wantFeeds {
					got, ok := feeds[metaBase+u]
					if !ok {
						t.Errorf("no feed link to %s", metaBase+u)
						continue
					}
					if got[0] != typ {
						t.Errorf("feed %s: type %q, want %q", u, got[0], typ)
					}
					if got[1] == "" || strings.Contains(got[1], "⟦") {
						t.Errorf("feed %s: title %q", u, got[1])
					}
				}
				if pc.lang == content.French {
					if got := feeds[metaBase+urls.Feed("fr", urls.FormatRSS)][1]; got != "Trajets en bus\u00a0: tous les épisodes (RSS)" {
						t.Errorf("French feed title %q", got)
					}
				}

				// Share links and Copy link are on episode pages only.
				if share := first(doc, hasClass("section", "share")); (share != nil) != pc.episode {
					t.Errorf("share section present: %v, want %v", share != nil, pc.episode)
				}
			})
		}
	})
}

// Episode pages: dates, subjects, the JSON-LD of each kind against the
// stored episode.
func TestEpisodeMetadata(t *testing.T) {
	t.Parallel()
	toronto, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, path := range []string{dnEN, dnFR, listenEN, listenFR, watchEN, watchFR, greenerEN} {
			t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
				parts := strings.Split(path, "/")
				lang, slug := content.Lang(parts[1]), parts[3]
				ep, err := s.App.Store.EpisodeBySlug(context.Background(), lang, slug, s.Clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				v := ep.Version(lang)
				r := get(t, s, path)
				wantStatus(t, r, 200)
				doc := r.Doc
				canonical := metaBase + path

				if got := wantMeta(t, doc, "dcterms.issued"); got != ep.PublishedAt.In(toronto).Format("2006-01-02") {
					t.Errorf("dcterms.issued %q, published %v", got, ep.PublishedAt)
				}
				if got := attrOf(first(doc, withAttr("meta", "name", "dcterms.issued")), "title"); got != "W3CDTF" {
					t.Errorf("dcterms.issued title %q", got)
				}
				if got := wantMeta(t, doc, "dcterms.modified"); got != ep.ModifiedAt.In(toronto).Format("2006-01-02") {
					t.Errorf("dcterms.modified %q, modified %v", got, ep.ModifiedAt)
				}
				subj := first(doc, withAttr("meta", "name", "dcterms.subject"))
				if attrOf(subj, "title") != "gccore" {
					t.Errorf("dcterms.subject title %q", attrOf(subj, "title"))
				}
				for _, tp := range ep.Topics {
					if !strings.Contains(attrOf(subj, "content"), tp.Names.In(lang)) {
						t.Errorf("dcterms.subject %q lacks the topic %q", attrOf(subj, "content"), tp.Names.In(lang))
					}
				}
				if got := wantMeta(t, doc, "og:title"); got != v.Title {
					t.Errorf("og:title %q, want %q", got, v.Title)
				}
				if got := wantMeta(t, doc, "og:description"); got != v.Summary {
					t.Errorf("og:description %q", got)
				}
				if got := wantMeta(t, doc, "article:published_time"); got != ep.PublishedAt.UTC().Format(time.RFC3339) {
					t.Errorf("article:published_time %q", got)
				}

				ld := jsonLDOf(t, r)
				kinds := map[content.Kind]string{content.Read: "Article", content.Listen: "PodcastEpisode", content.Watch: "VideoObject"}
				works := ldOfType(ld, kinds[ep.Kind])
				if len(works) != 1 {
					t.Fatalf("%d %s in the JSON-LD", len(works), kinds[ep.Kind])
				}
				w := works[0]
				if w["name"] != v.Title || w["url"] != canonical || w["inLanguage"] != lang.Tag() || w["description"] != v.Summary {
					t.Errorf("%s name/url/inLanguage/description: %v %v %v %v", kinds[ep.Kind], w["name"], w["url"], w["inLanguage"], w["description"])
				}
				if w["datePublished"] != ep.PublishedAt.UTC().Format(time.RFC3339) || w["dateModified"] != ep.ModifiedAt.UTC().Format(time.RFC3339) {
					t.Errorf("datePublished %v, dateModified %v", w["datePublished"], w["dateModified"])
				}
				if pub, _ := w["publisher"].(map[string]any); pub["@type"] != "Organization" || pub["name"] == "" {
					t.Errorf("publisher %v", w["publisher"])
				}
				authors, _ := w["author"].([]any)
				if len(authors) != len(ep.Authors) {
					t.Errorf("%d authors in JSON-LD, %d stored", len(authors), len(ep.Authors))
				}
				for i, a := range authors {
					pa := a.(map[string]any)
					want := ep.Authors[i]
					if pa["@type"] != "Person" || pa["name"] != want.Name || pa["url"] != metaBase+urls.Author(lang, want.Slugs.In(lang)) || pa["jobTitle"] != want.Roles.In(lang) {
						t.Errorf("author %v", pa)
					}
				}
				if o := ep.Version(lang.Other()); o != nil {
					if tr, _ := w["workTranslation"].(map[string]any); tr["@id"] != metaBase+urls.Episode(lang.Other(), o.Slug) {
						t.Errorf("workTranslation %v", w["workTranslation"])
					}
				} else if _, ok := w["workTranslation"]; ok {
					t.Errorf("workTranslation on an episode in one language")
				}
				duration := func(sec int) string { return (time.Duration(sec) * time.Second).String() }
				switch ep.Kind {
				case content.Read:
					if w["headline"] != v.Title {
						t.Errorf("headline %v", w["headline"])
					}
					absolute(t, "Article image", w["image"].(string))
				case content.Listen:
					m, _ := w["associatedMedia"].(map[string]any)
					if m["@type"] != "AudioObject" || m["contentUrl"] != metaBase+v.MediaURL || m["encodingFormat"] != v.MediaType {
						t.Errorf("associatedMedia %v", m)
					}
					if got := isoToDuration(t, m["duration"]); got != duration(v.MediaSeconds) {
						t.Errorf("duration %v, want %s", m["duration"], duration(v.MediaSeconds))
					}
				case content.Watch:
					if w["contentUrl"] != metaBase+v.MediaURL || w["encodingFormat"] != v.MediaType || w["uploadDate"] != ep.PublishedAt.UTC().Format(time.RFC3339) {
						t.Errorf("VideoObject contentUrl/encodingFormat/uploadDate %v %v %v", w["contentUrl"], w["encodingFormat"], w["uploadDate"])
					}
					absolute(t, "thumbnailUrl", w["thumbnailUrl"].(string))
					if got := isoToDuration(t, w["duration"]); got != duration(v.MediaSeconds) {
						t.Errorf("duration %v, want %s", w["duration"], duration(v.MediaSeconds))
					}
				}
				bl := ldOfType(ld, "BreadcrumbList")
				if len(bl) != 1 {
					t.Fatalf("%d BreadcrumbList", len(bl))
				}
				items := bl[0]["itemListElement"].([]any)
				if len(items) != 2+min(1, len(ep.Topics)) {
					t.Errorf("breadcrumbs %v", items)
				}
			})
		}
	})
}

// isoToDuration reads a JSON-LD ISO 8601 duration (PT1H2M3S) as Go writes
// durations (1h2m3s).
func isoToDuration(t *testing.T, v any) string {
	t.Helper()
	s, _ := v.(string)
	rest, ok := strings.CutPrefix(s, "PT")
	if !ok || rest == "" {
		t.Errorf("duration %q is not ISO 8601", s)
		return ""
	}
	d, err := time.ParseDuration(strings.ToLower(rest))
	if err != nil {
		t.Errorf("duration %q: %v", s, err)
	}
	return d.String()
}

// An image in the episode's front matter is its sharing image.
func TestEpisodeShareImage(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ep, err := s.App.Store.EpisodeBySlug(context.Background(), "en", "what-is-data-literacy", s.Clock.Now())
		if err != nil {
			t.Skipf("demo episode: %v", err)
		}
		v := ep.Version("en")
		r := get(t, s, urls.Episode("en", v.Slug))
		wantStatus(t, r, 200)
		if got := wantMeta(t, r.Doc, "og:image"); got != metaBase+v.Image.URL {
			t.Errorf("og:image %q, want %q", got, metaBase+v.Image.URL)
		}
		if got := wantMeta(t, r.Doc, "og:image:alt"); got != v.Image.Alt {
			t.Errorf("og:image:alt %q, want %q", got, v.Image.Alt)
		}
		// Others get the site's default image: 1200×630, small.
		r = get(t, s, listenEN)
		img := wantMeta(t, r.Doc, "og:image")
		if !strings.HasSuffix(img, "/img/og-default.png") {
			t.Fatalf("default og:image %q", img)
		}
		ir := get(t, s, strings.TrimPrefix(img, metaBase))
		wantStatus(t, ir, 200)
		cfg, err := png.DecodeConfig(bytes.NewReader(ir.Body))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != 1200 || cfg.Height != 630 || len(ir.Body) > 60<<10 {
			t.Errorf("default image %d×%d, %d bytes", cfg.Width, cfg.Height, len(ir.Body))
		}
	})
}

// Error pages and the untranslated notice are kept out of search engines
// and name no language alternates.
func TestNoAlternatesOnNoindexPages(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, path := range []string{"/en/?notice=untranslated", "/fr/?notice=untranslated", "/en/no-such-page", "/fr/aucune-page", "/en/episodes/no-such-episode", "/no-such-page"} {
			r := get(t, s, path)
			if got, _ := metaContent(t, r.Doc, "robots"); got != "noindex" {
				t.Errorf("%s: robots %q, want noindex", path, got)
			}
			if hl := hreflangs(t, r.Doc); len(hl) != 0 {
				t.Errorf("%s: hreflang links %v", path, hl)
			}
			if _, ok := metaContent(t, r.Doc, "og:locale:alternate"); ok {
				t.Errorf("%s: og:locale:alternate", path)
			}
			// Feed discovery still works there.
			if len(feedLinks(r.Doc)) == 0 {
				t.Errorf("%s: no feed links", path)
			}
			if _, ok := metaContent(t, r.Doc, "dcterms.language"); !ok {
				t.Errorf("%s: no dcterms.language", path)
			}
		}
		// A filtered or paged home page names the home pages.
		r := get(t, s, "/fr/?kind=listen&topic=leadership")
		wantStatus(t, r, 200)
		hl := hreflangs(t, r.Doc)
		if hl["fr-CA"] != metaBase+"/fr/" || hl["en-CA"] != metaBase+"/en/" {
			t.Errorf("filtered home: hreflang %v", hl)
		}
	})
}

// The splash page is x-default and names both home pages.
func TestSplashMetadata(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		r := get(t, s, "/")
		wantStatus(t, r, 200)
		if got := canonicalOf(r.Doc); got != metaBase+"/" {
			t.Errorf("canonical %q", got)
		}
		hl := hreflangs(t, r.Doc)
		want := map[string]string{"en-CA": metaBase + "/en/", "fr-CA": metaBase + "/fr/", "x-default": metaBase + "/"}
		if len(hl) != 3 || hl["en-CA"] != want["en-CA"] || hl["fr-CA"] != want["fr-CA"] || hl["x-default"] != want["x-default"] {
			t.Errorf("hreflang %v, want %v", hl, want)
		}
		feeds := feedLinks(r.Doc)
		for _, l := range content.Langs {
			if got := feeds[metaBase+urls.Feed(l, urls.FormatRSS)]; got[0] != "application/rss+xml" || got[1] == "" {
				t.Errorf("splash: %s feed link %v", l, got)
			}
		}
		absolute(t, "og:image", wantMeta(t, r.Doc, "og:image"))
	})
}

// Share links are plain links to the canonical URL, URL-encoded, named in
// the page's language; Copy link is hidden until scripts show it.
func TestShareLinks(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, path := range []string{dnEN, dnFR, listenFR, greenerEN} {
			t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
				lang := content.Lang(path[1:3])
				p := cat.Printer(string(lang))
				r := get(t, s, path)
				wantStatus(t, r, 200)
				canonical := metaBase + path
				title := wantMeta(t, r.Doc, "og:title")
				share := first(r.Doc, hasClass("section", "share"))
				if share == nil {
					t.Fatal("no share section")
				}
				if h := first(share, tagIs("h2")); textOf(h) != p.T("share.heading") {
					t.Errorf("heading %q", textOf(h))
				}
				links := find(share, tagIs("a"))
				if len(links) != 4 {
					t.Fatalf("%d share links, want 4", len(links))
				}
				seen := map[string]bool{}
				for _, a := range links {
					href := attrOf(a, "href")
					if hasAttr(a, "target") || hasAttr(a, "onclick") {
						t.Errorf("%s: target or script on a share link", href)
					}
					if strings.ContainsAny(href, " \n") {
						t.Errorf("%q: not URL-encoded", href)
					}
					name := attrOf(a, "aria-label")
					if name == "" || !strings.Contains(strings.ToLower(name), strings.ToLower(textOf(a))) {
						t.Errorf("%s: accessible name %q does not hold the visible text %q", href, name, textOf(a))
					}
					u, err := url.Parse(href)
					if err != nil {
						t.Errorf("%q: %v", href, err)
						continue
					}
					q := u.Query()
					switch {
					case u.Scheme == "mailto":
						seen["email"] = true
						if strings.Contains(u.RawQuery, "+") {
							t.Errorf("mailto with + for spaces: %q", href)
						}
						if q.Get("subject") != title || !strings.Contains(q.Get("body"), canonical) || !strings.HasPrefix(q.Get("body"), title) {
							t.Errorf("mailto subject %q body %q", q.Get("subject"), q.Get("body"))
						}
						if name != p.T("share.email_label") {
							t.Errorf("email link named %q", name)
						}
					case u.Host == "www.linkedin.com":
						seen["linkedin"] = true
						if u.Path != "/sharing/share-offsite/" || q.Get("url") != canonical {
							t.Errorf("LinkedIn %q", href)
						}
						if name != p.T("share.on", "site", "LinkedIn") {
							t.Errorf("LinkedIn link named %q", name)
						}
					case u.Host == "x.com":
						seen["x"] = true
						if u.Path != "/intent/post" || q.Get("url") != canonical || q.Get("text") != title {
							t.Errorf("X %q", href)
						}
					case u.Host == "www.facebook.com":
						seen["facebook"] = true
						if u.Path != "/sharer/sharer.php" || q.Get("u") != canonical {
							t.Errorf("Facebook %q", href)
						}
					default:
						t.Errorf("unexpected share link %q", href)
					}
				}
				if len(seen) != 4 {
					t.Errorf("share links %v", seen)
				}
				btn := first(share, withAttr("button", "data-share-copy", ""))
				if btn == nil {
					t.Fatal("no Copy link button")
				}
				if !hasAttr(btn, "hidden") || attrOf(btn, "type") != "button" {
					t.Errorf("Copy link must be type=button and hidden without scripts")
				}
				if textOf(btn) != p.T("share.copy") || attrOf(btn, "data-copied") != p.T("share.copied") || attrOf(btn, "data-url") != canonical {
					t.Errorf("Copy link: %q, data-copied %q, data-url %q", textOf(btn), attrOf(btn, "data-copied"), attrOf(btn, "data-url"))
				}
				if st := first(share, withAttr("", "data-share-status", "")); st == nil || attrOf(st, "aria-live") != "polite" {
					t.Errorf("no aria-live status for Copy link")
				}
			})
		}
	})
}

// A title holding </script> or <!-- cannot break out of the JSON-LD
// script, and the JSON still parses to the same title.
func TestJSONLDScriptBreakout(t *testing.T) {
	t.Parallel()
	const evil = `</script><script>alert(1)</script> <!-- & "quotes" \ backslash`
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		before := strings.Count(strings.ToLower(get(t, s, dnEN).text()), "<script")
		fsys := fstest.MapFS{"episodes/evil.md": &fstest.MapFile{Data: []byte(`---
kind: read
status: published
published: 2019-05-01
topic: leadership
author: mark-levene
---

--- en
title: ` + evil + `
slug: evil-title
summary: ` + evil + `
---
Body.
`)}}
		if _, err := s.App.Importer.Import(context.Background(), s.App.Store, fsys, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(context.Background()); err != nil {
			t.Fatal(err)
		}
		r := get(t, s, "/en/episodes/evil-title")
		wantStatus(t, r, 200)
		body := r.text()
		if n := strings.Count(strings.ToLower(body), "<script"); n != before {
			t.Errorf("%d <script in the page, an ordinary episode has %d", n, before)
		}
		if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<!-- &") {
			t.Errorf("the title is in the page raw")
		}
		ld := jsonLDOf(t, r)
		art := ldOfType(ld, "Article")
		if len(art) != 1 || art[0]["headline"] != evil || art[0]["name"] != evil || art[0]["description"] != evil {
			t.Errorf("JSON-LD does not hold the title as written: %v", art)
		}
		if got := wantMeta(t, r.Doc, "og:title"); got != evil {
			t.Errorf("og:title %q", got)
		}
		// The share links carry it encoded.
		for _, a := range find(first(r.Doc, hasClass("section", "share")), tagIs("a")) {
			if strings.Contains(attrOf(a, "href"), "<") {
				t.Errorf("share link %q holds a raw <", attrOf(a, "href"))
			}
		}
	})
}

// siteNames are the site's default names: the French site is « Trajets en
// bus ».
var siteNames = map[content.Lang]string{content.English: "Busrides", content.French: "Trajets en bus"}
