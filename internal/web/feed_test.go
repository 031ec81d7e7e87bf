package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/png" // the podcast artwork is a PNG
	"mime"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"
	gatom "github.com/mmcdole/gofeed/atom"
	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
	"github.com/busrides/busrides/internal/urls"
)

// feedBase is apptest's default base URL: every absolute URL in a feed or
// sitemap starts with it, and the test server answers its paths.
const feedBase = "http://busrides.test"

// feedContentTypes are the Content-Type headers of the feed formats.
var feedContentTypes = map[string]string{
	urls.FormatRSS:  "application/rss+xml; charset=utf-8",
	urls.FormatAtom: "application/atom+xml; charset=utf-8",
	urls.FormatJSON: "application/feed+json; charset=utf-8",
}

// gofeedTypes are gofeed's names of the feed formats.
var gofeedTypes = map[string]string{
	urls.FormatRSS:  "rss",
	urls.FormatAtom: "atom",
	urls.FormatJSON: "json",
}

// feedFetcher fetches absolute site URLs from the test server, each once.
type feedFetcher struct {
	s    *apptest.Start
	seen map[string]*response
}

func newFeedFetcher(s *apptest.Start) *feedFetcher {
	return &feedFetcher{s: s, seen: map[string]*response{}}
}

// sitePath turns an absolute URL of the site into its path (and query),
// failing the test when the URL is not absolute on the base URL.
func sitePath(t testing.TB, abs string) string {
	t.Helper()
	p, ok := strings.CutPrefix(abs, feedBase+"/")
	if !ok {
		t.Fatalf("URL %q is not absolute on %s", abs, feedBase)
	}
	u, err := url.Parse(abs)
	if err != nil || u.Scheme != "http" || u.Host != "busrides.test" {
		t.Fatalf("URL %q: not an absolute URL (%v)", abs, err)
	}
	return "/" + p
}

// fetch GETs an absolute URL of the site (memoised).
func (f *feedFetcher) fetch(t testing.TB, abs string) *response {
	t.Helper()
	if r, ok := f.seen[abs]; ok {
		return r
	}
	r := get(t, f.s, sitePath(t, abs))
	f.seen[abs] = r
	return r
}

// fetchOK GETs an absolute URL of the site and requires a 200.
func (f *feedFetcher) fetchOK(t testing.TB, abs string) *response {
	t.Helper()
	r := f.fetch(t, abs)
	if r.StatusCode != 200 {
		t.Errorf("GET %s: status %d, want 200", abs, r.StatusCode)
	}
	return r
}

// parseFeedBody parses a feed with gofeed, failing the test on error.
func parseFeedBody(t testing.TB, path string, body []byte) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: gofeed: %v\n%.800s", path, err, body)
	}
	return f
}

// feedAltLink is the feed's link to the same feed in the other language,
// and that link's hreflang, read from the raw document of each format.
func feedAltLink(t testing.TB, format string, body []byte, parsed *gofeed.Feed) (href, hreflang string) {
	t.Helper()
	switch format {
	case urls.FormatAtom:
		af, err := (&gatom.Parser{}).Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("atom: %v", err)
		}
		for _, l := range af.Links {
			if l.Rel == "alternate" && l.Type == "application/atom+xml" {
				return l.Href, l.Hreflang
			}
		}
	case urls.FormatJSON:
		var jf struct {
			Ext struct {
				Alt  string `json:"alternate_feed_url"`
				Lang string `json:"alternate_language"`
			} `json:"_busrides"`
		}
		if err := json.Unmarshal(body, &jf); err != nil {
			t.Fatalf("json: %v", err)
		}
		return jf.Ext.Alt, jf.Ext.Lang
	default:
		for _, l := range parsed.Extensions["atom"]["link"] {
			if l.Attrs["rel"] == "alternate" {
				return l.Attrs["href"], l.Attrs["hreflang"]
			}
		}
	}
	return "", ""
}

// itemAuthors are an item's author names as gofeed reads them (RSS: every
// dc:creator).
func itemAuthors(format string, it *gofeed.Item) []string {
	var out []string
	if format == urls.FormatRSS {
		if it.DublinCoreExt != nil {
			out = append(out, it.DublinCoreExt.Creator...)
		}
		return out
	}
	for _, p := range it.Authors {
		out = append(out, p.Name)
	}
	return out
}

// liveEpisodes are the live episodes of q.Lang matching q, newest first, as
// the store holds them.
func liveEpisodes(t testing.TB, s *apptest.Start, q store.EpisodeQuery) []*content.Episode {
	t.Helper()
	q.Now, q.Limit = s.Clock.Now(), 1000
	res, err := s.App.Store.Episodes(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	eps := slices.Clone(res.Episodes)
	slices.SortStableFunc(eps, func(a, b *content.Episode) int { return b.PublishedAt.Compare(a.PublishedAt) })
	return eps
}

// feedCase is one feed: a filter and how its URL and title are made.
type feedCase struct {
	name  string
	q     store.EpisodeQuery
	url   func(lang content.Lang, format string) string
	title func(p printer, lang content.Lang) string
}

// feedCases lists every feed of the site: all episodes, each topic, each
// series, each kind.
func feedCases(t testing.TB, s *apptest.Start) []feedCase {
	t.Helper()
	ctx := context.Background()
	cases := []feedCase{{
		name:  "all",
		url:   urls.Feed,
		title: func(p printer, _ content.Lang) string { return p.T("feed.channel_all", "site", p.T("site.name")) },
	}}
	topics, err := s.App.Store.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range topics {
		cases = append(cases, feedCase{
			name: "topic-" + tp.Slugs.EN,
			q:    store.EpisodeQuery{TopicID: tp.ID},
			url: func(l content.Lang, f string) string {
				return urls.TopicFeed(l, tp.Slugs.In(l), f)
			},
			title: func(p printer, l content.Lang) string {
				return p.T("feed.channel_topic", "site", p.T("site.name"), "name", tp.Names.In(l))
			},
		})
	}
	series, err := s.App.Store.SeriesList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range series {
		cases = append(cases, feedCase{
			name: "series-" + se.Slugs.EN,
			q:    store.EpisodeQuery{SeriesID: se.ID},
			url: func(l content.Lang, f string) string {
				return urls.SeriesFeed(l, se.Slugs.In(l), f)
			},
			title: func(p printer, l content.Lang) string {
				return p.T("feed.channel_series", "site", p.T("site.name"), "name", se.Titles.In(l))
			},
		})
	}
	for _, k := range content.Kinds {
		cases = append(cases, feedCase{
			name: "kind-" + string(k),
			q:    store.EpisodeQuery{Kind: k},
			url: func(l content.Lang, f string) string {
				return urls.KindFeed(l, k, f)
			},
			title: func(p printer, _ content.Lang) string {
				return p.T("feed.channel_"+string(k), "site", p.T("site.name"))
			},
		})
	}
	if len(topics) == 0 || len(series) == 0 {
		t.Fatalf("demo content has %d topics and %d series", len(topics), len(series))
	}
	return cases
}

// deAbsolutize turns the base URL in src and href attributes back into
// site-relative paths, to compare a feed's content with the stored body.
func deAbsolutize(s string) string {
	return strings.NewReplacer(`src="`+feedBase+`/`, `src="/`, `href="`+feedBase+`/`, `href="/`).Replace(s)
}

func TestFeedsEveryURL(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		fx := newFeedFetcher(s)
		// alt[case/format][lang] is the alternate-language link each feed gave.
		alt := map[string]map[content.Lang]string{}
		ids := map[content.Lang]map[string]bool{content.English: {}, content.French: {}}
		sawImage := false
		for _, fc := range feedCases(t, s) {
			for _, format := range urls.FeedFormats {
				key := fc.name + "." + format
				alt[key] = map[content.Lang]string{}
				for _, lang := range content.Langs {
					path := fc.url(lang, format)
					t.Run(string(lang)+path, func(t *testing.T) {
						r := get(t, s, path)
						wantStatus(t, r, 200)
						if got := r.Header.Get("Content-Type"); got != feedContentTypes[format] {
							t.Errorf("Content-Type %q, want %q", got, feedContentTypes[format])
						}
						f := parseFeedBody(t, path, r.Body)
						if f.FeedType != gofeedTypes[format] {
							t.Errorf("parsed as %q, want %q", f.FeedType, gofeedTypes[format])
						}
						if !strings.EqualFold(f.Language, lang.Tag()) {
							t.Errorf("language %q, want %s", f.Language, lang.Tag())
						}
						if want := fc.title(cat.Printer(string(lang)), lang); f.Title != want {
							t.Errorf("title %q, want %q", f.Title, want)
						}
						if f.FeedLink != feedBase+path {
							t.Errorf("self link %q, want %q", f.FeedLink, feedBase+path)
						}
						if pathLang(sitePath(t, f.Link)) != lang {
							t.Errorf("home link %q is not in %s", f.Link, lang)
						}
						fx.fetchOK(t, f.Link)
						href, hreflang := feedAltLink(t, format, r.Body, f)
						if want := feedBase + fc.url(lang.Other(), format); href != want {
							t.Errorf("alternate-language link %q, want %q", href, want)
						}
						if !strings.EqualFold(hreflang, lang.Other().Tag()) {
							t.Errorf("alternate-language hreflang %q, want %s", hreflang, lang.Other().Tag())
						}
						alt[key][lang] = href
						if href != "" {
							fx.fetchOK(t, href)
						}

						q := fc.q
						q.Lang = lang
						want := liveEpisodes(t, s, q)
						if len(want) == 0 && fc.name == "all" {
							t.Fatal("no live episodes")
						}
						if len(f.Items) != len(want) {
							t.Fatalf("%d items, want %d", len(f.Items), len(want))
						}
						var prev time.Time
						for i, it := range f.Items {
							ep := want[i]
							v := ep.Version(lang)
							if it.GUID != feed.ItemID("busrides.test", ep.ID, string(lang)) {
								t.Errorf("item %d: id %q, want %q", i, it.GUID, feed.ItemID("busrides.test", ep.ID, string(lang)))
							}
							if !strings.HasPrefix(it.GUID, "tag:busrides.test,") {
								t.Errorf("item %d: id %q is not a tag URI", i, it.GUID)
							}
							for _, ov := range ep.Versions {
								if strings.Contains(it.GUID, ov.Slug) {
									t.Errorf("item %d: id %q contains the slug %q", i, it.GUID, ov.Slug)
								}
							}
							ids[lang][it.GUID] = true
							if want := feedBase + urls.Episode(lang, v.Slug); it.Link != want {
								t.Errorf("item %d: link %q, want %q", i, it.Link, want)
							}
							fx.fetchOK(t, it.Link)
							if it.Title != shown(lang, v.Title) {
								t.Errorf("item %d: title %q, want %q", i, it.Title, shown(lang, v.Title))
							}
							if it.PublishedParsed == nil || !it.PublishedParsed.Equal(ep.PublishedAt) {
								t.Errorf("item %d: published %v (%q), want %v", i, it.PublishedParsed, it.Published, ep.PublishedAt)
							} else {
								if i > 0 && it.PublishedParsed.After(prev) {
									t.Errorf("item %d: published %v after the item before it (%v): not newest first", i, it.PublishedParsed, prev)
								}
								prev = *it.PublishedParsed
							}
							var wantAuthors, wantCats []string
							for _, a := range ep.Authors {
								wantAuthors = append(wantAuthors, a.Name)
							}
							for _, tp := range ep.Topics {
								wantCats = append(wantCats, tp.Names.In(lang))
							}
							if got := itemAuthors(format, it); len(got) == 0 || !slices.Equal(got, wantAuthors) {
								t.Errorf("item %d: authors %q, want %q", i, got, wantAuthors)
							}
							if len(it.Categories) == 0 || !slices.Equal(it.Categories, wantCats) {
								t.Errorf("item %d: categories %q, want %q", i, it.Categories, wantCats)
							}
							// Full content by default, with absolute URLs.
							if it.Content == "" {
								t.Errorf("item %d: no content", i)
							} else if strings.TrimSpace(deAbsolutize(it.Content)) != strings.TrimSpace(v.BodyHTML) {
								g, w := strings.TrimSpace(deAbsolutize(it.Content)), strings.TrimSpace(v.BodyHTML)
								k := 0
								for k < len(g) && k < len(w) && g[k] == w[k] {
									k++
								}
								t.Errorf("item %d: content is not the body; from byte %d:\n got %.200q\nwant %.200q", i, k, g[k:], w[k:])
							}
							if strings.Contains(it.Content, `src="/`) || strings.Contains(it.Content, `href="/`) {
								t.Errorf("item %d: content has site-relative URLs", i)
							}
							if strings.Contains(v.BodyHTML, `<img`) {
								sawImage = true
								if !strings.Contains(it.Content, `src="`+feedBase+`/media/`) {
									t.Errorf("item %d: content image URL not absolute: %.400s", i, it.Content)
								}
							}
							if ep.Kind.HasMedia() && (len(it.Enclosures) != 1 || it.Enclosures[0].URL != feedBase+v.MediaURL) {
								t.Errorf("item %d: enclosures %v, want %s", i, it.Enclosures, feedBase+v.MediaURL)
							}
						}

						// Conditional GET.
						etag := r.Header.Get("ETag")
						if etag == "" {
							t.Fatal("no ETag")
						}
						if c := get(t, s, path, "If-None-Match", etag); c.StatusCode != 304 || len(c.Body) != 0 {
							t.Errorf("If-None-Match: status %d (%d bytes), want 304", c.StatusCode, len(c.Body))
						}
						if lm := r.Header.Get("Last-Modified"); lm != "" {
							if c := get(t, s, path, "If-Modified-Since", lm); c.StatusCode != 304 {
								t.Errorf("If-Modified-Since: status %d, want 304", c.StatusCode)
							}
						}
						if c := get(t, s, path, "If-None-Match", `"other"`); c.StatusCode != 200 {
							t.Errorf("other ETag: status %d, want 200", c.StatusCode)
						}
					})
				}
			}
		}
		// The alternate-language links lead to each other's feed.
		for key, m := range alt {
			en, fr := m[content.English], m[content.French]
			if en == "" || fr == "" {
				continue // reported above
			}
			enSelf := parseFeedBody(t, en, fx.fetch(t, fr).Body).FeedLink
			frSelf := parseFeedBody(t, fr, fx.fetch(t, en).Body).FeedLink
			if enSelf != fr || frSelf != en {
				t.Errorf("%s: English feed links to %s (whose self is %s), French to %s (whose self is %s)", key, en, enSelf, fr, frSelf)
			}
		}
		for id := range ids[content.English] {
			if ids[content.French][id] {
				t.Errorf("item id %q is used in both languages", id)
			}
		}
		if len(ids[content.English]) == 0 || len(ids[content.French]) == 0 {
			t.Error("no item ids seen")
		}
		if !sawImage {
			t.Error("no feed item had an image in its body: the absolute image URL check did not run")
		}
	})
}

func TestFeedNotFound(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, path := range []string{
			"/en/feeds/topics/no-such-topic.xml",
			"/fr/fils/sujets/aucun-sujet.atom",
			"/fr/fils/sujets/digital-government.xml", // the English slug under /fr/
			"/en/feeds/topics/gouvernement-numerique.json",
			"/en/feeds/series/no-such-series.json",
			"/fr/fils/series/leading-hybrid-teams.xml",
			"/en/feeds/formats/podcast.xml",
			"/en/feeds/formats/ecoute.xml", // the French kind name under /en/
			"/fr/fils/formats/listen.json",
			"/en/feeds/formats/read",
			"/en/feeds/episodes.rss",
			"/en/feeds/episodes.html",
			"/en/feeds/episodes.",
			"/en/feeds/episodes",
			"/en/feeds/.xml",
			"/en/feeds/other.xml",
			"/fr/fils/episodes.txt",
			"/fr/feeds/episodes.xml", // English segment under /fr/
			"/en/fils/episodes.xml",
			"/en/feeds/topics/digital-government.xml.bak",
			"/en/feeds/topics/digital-government",
			"/en/feeds/topics/Digital-Government.xml",
			"/en/feeds/series/leading-hybrid-teams.XML",
		} {
			r := get(t, s, path)
			if r.StatusCode != 404 {
				t.Errorf("GET %s: status %d, want 404", path, r.StatusCode)
			}
		}
	})
}

// summaryApp serves an app built like apptest's, but with feed summaries.
func summaryApp(t *testing.T, pg bool) *apptest.Start {
	t.Helper()
	clock := apptest.NewClock(time.Date(2026, time.November, 27, 12, 0, 0, 0, time.UTC))
	dsn := filepath.Join(t.TempDir(), "busrides.db")
	if pg {
		dsn = testutil.PostgresDSN(t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), apptest.SetupTimeout)
	defer cancel()
	a, err := app.New(ctx, app.Config{
		Database:      dsn,
		BaseURL:       feedBase,
		Demo:          true,
		Now:           clock.Now,
		SyncEvery:     time.Hour,
		FeedSummaries: true,
		MediaDir:      filepath.Join(t.TempDir(), "media"),
	})
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &apptest.Start{App: a, Server: srv, Clock: clock, DSN: dsn}
}

func TestFeedSummaries(t *testing.T) {
	t.Parallel()
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			if pg && os.Getenv(testutil.PostgresURLEnv) == "" {
				t.Skipf("%s not set", testutil.PostgresURLEnv)
			}
			s := summaryApp(t, pg)
			for _, lang := range content.Langs {
				want := liveEpisodes(t, s, store.EpisodeQuery{Lang: lang})
				for _, format := range urls.FeedFormats {
					path := urls.Feed(lang, format)
					r := get(t, s, path)
					wantStatus(t, r, 200)
					f := parseFeedBody(t, path, r.Body)
					if len(f.Items) != len(want) {
						t.Fatalf("%s: %d items, want %d", path, len(f.Items), len(want))
					}
					for _, marker := range []string{"content:encoded", "<content", `"content_html"`} {
						if bytes.Contains(r.Body, []byte(marker)) {
							t.Errorf("%s: carries full content (%s) with FeedSummaries set", path, marker)
						}
					}
					for i, it := range f.Items {
						v := want[i].Version(lang)
						if it.Description != v.Summary {
							t.Errorf("%s item %d: summary %q, want %q", path, i, it.Description, v.Summary)
						}
						if format == urls.FormatJSON && it.Content != v.Summary {
							t.Errorf("%s item %d: content_text %q, want the summary", path, i, it.Content)
						}
						if format != urls.FormatJSON && it.Content != "" {
							t.Errorf("%s item %d: content %.100q, want none", path, i, it.Content)
						}
					}
				}
			}
		})
	}
}

var uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// vttCue is one cue's timing in milliseconds.
type vttCue struct{ start, end int }

// parseVTTTime reads HH:MM:SS.mmm (or MM:SS.mmm) as milliseconds.
func parseVTTTime(t testing.TB, s string) int {
	t.Helper()
	hms, frac, ok := strings.Cut(strings.TrimSpace(s), ".")
	ms, err := strconv.Atoi(frac)
	if !ok || err != nil || len(frac) != 3 {
		t.Fatalf("VTT time %q", s)
	}
	n := 0
	for _, p := range strings.Split(hms, ":") {
		v, err := strconv.Atoi(p)
		if err != nil {
			t.Fatalf("VTT time %q", s)
		}
		n = n*60 + v
	}
	return n*1000 + ms
}

// vttCues reads the cue timings of a WebVTT document.
func vttCues(t testing.TB, body string) []vttCue {
	t.Helper()
	var out []vttCue
	for _, line := range strings.Split(body, "\n") {
		a, b, ok := strings.Cut(line, "-->")
		if !ok {
			continue
		}
		b, _, _ = strings.Cut(strings.TrimSpace(b), " ") // cue settings
		out = append(out, vttCue{parseVTTTime(t, a), parseVTTTime(t, b)})
	}
	return out
}

// checkVTT checks a WebVTT transcript: the signature, and cues in
// increasing time order ending at the recording's end.
func checkVTT(t testing.TB, where, body string, seconds int) {
	t.Helper()
	if !strings.HasPrefix(body, "WEBVTT") {
		t.Errorf("%s: does not start with WEBVTT: %.40q", where, body)
		return
	}
	cues := vttCues(t, body)
	if len(cues) == 0 {
		t.Errorf("%s: no cues", where)
		return
	}
	prevEnd := 0
	for i, c := range cues {
		if c.start < prevEnd || c.end <= c.start {
			t.Errorf("%s: cue %d %d→%d out of order (previous ended at %d)", where, i+1, c.start, c.end, prevEnd)
		}
		prevEnd = c.end
	}
	if cues[0].start != 0 {
		t.Errorf("%s: first cue starts at %d ms", where, cues[0].start)
	}
	if prevEnd != seconds*1000 {
		t.Errorf("%s: last cue ends at %d ms, want the duration %d s", where, prevEnd, seconds)
	}
}

func TestPodcastFeeds(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		fx := newFeedFetcher(s)
		alt := map[content.Kind]map[content.Lang]string{content.Listen: {}, content.Watch: {}}
		for _, kind := range []content.Kind{content.Listen, content.Watch} {
			for _, lang := range content.Langs {
				path := urls.Podcast(lang, kind)
				t.Run(path, func(t *testing.T) {
					r := get(t, s, path)
					wantStatus(t, r, 200)
					if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/rss+xml" {
						t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
					}
					if e := r.Header.Get("ETag"); e == "" {
						t.Error("no ETag")
					} else if c := get(t, s, path, "If-None-Match", e); c.StatusCode != 304 {
						t.Errorf("If-None-Match: status %d, want 304", c.StatusCode)
					}
					f := parseFeedBody(t, path, r.Body)
					if f.FeedType != "rss" {
						t.Errorf("feed type %q", f.FeedType)
					}
					if !strings.EqualFold(f.Language, lang.Tag()) {
						t.Errorf("language %q, want %s", f.Language, lang.Tag())
					}
					titleKey := "podcast.title"
					if kind == content.Watch {
						titleKey = "podcast.video_title"
					}
					if p := cat.Printer(string(lang)); f.Title != p.T(titleKey, "site", p.T("site.name")) {
						t.Errorf("title %q, want %q", f.Title, p.T(titleKey, "site", p.T("site.name")))
					}
					if f.FeedLink != feedBase+path {
						t.Errorf("self link %q, want %q", f.FeedLink, feedBase+path)
					}
					href, hreflang := feedAltLink(t, urls.FormatRSS, r.Body, f)
					if want := feedBase + urls.Podcast(lang.Other(), kind); href != want || !strings.EqualFold(hreflang, lang.Other().Tag()) {
						t.Errorf("alternate-language link %q (%s), want %q (%s)", href, hreflang, want, lang.Other().Tag())
					}
					alt[kind][lang] = href

					it := f.ITunesExt
					if it == nil {
						t.Fatal("no itunes tags")
					}
					if it.Image == "" {
						t.Error("no itunes:image")
					} else {
						img := fx.fetchOK(t, it.Image)
						cfg, format, err := image.DecodeConfig(bytes.NewReader(img.Body))
						if err != nil || format != "png" {
							t.Errorf("itunes:image %s: %v (format %q)", it.Image, err, format)
						} else if cfg.Width < 1400 || cfg.Height < 1400 || cfg.Width != cfg.Height || cfg.Width > 3000 {
							t.Errorf("itunes:image %s is %d×%d, want square 1400–3000 px", it.Image, cfg.Width, cfg.Height)
						}
					}
					if len(it.Categories) == 0 || it.Categories[0].Text == "" {
						t.Errorf("itunes:category %v", it.Categories)
					}
					if it.Explicit != "false" && it.Explicit != "true" {
						t.Errorf("itunes:explicit %q", it.Explicit)
					}
					if it.Author == "" {
						t.Error("no itunes:author")
					}
					if it.Owner == nil || it.Owner.Name == "" || !strings.Contains(it.Owner.Email, "@") {
						t.Errorf("itunes:owner %+v", it.Owner)
					}
					if it.Type != "episodic" && it.Type != "serial" {
						t.Errorf("itunes:type %q", it.Type)
					}
					pc := f.Extensions["podcast"]
					if g := pc["guid"]; len(g) != 1 || !uuidRe.MatchString(g[0].Value) || g[0].Value != feed.PodcastGUID(feedBase+path) {
						t.Errorf("podcast:guid %v, want the UUID %s", g, feed.PodcastGUID(feedBase+path))
					}
					if l := pc["locked"]; len(l) != 1 || (l[0].Value != "yes" && l[0].Value != "no") {
						t.Errorf("podcast:locked %v", l)
					}

					want := liveEpisodes(t, s, store.EpisodeQuery{Lang: lang, Kind: kind})
					if len(want) == 0 {
						t.Fatalf("no live %s episodes in %s", kind, lang)
					}
					if len(f.Items) != len(want) {
						t.Fatalf("%d items, want %d", len(f.Items), len(want))
					}
					for i, item := range f.Items {
						ep := want[i]
						v := ep.Version(lang)
						where := fmt.Sprintf("item %d (%s)", i, v.Slug)
						if item.GUID != feed.ItemID("busrides.test", ep.ID, string(lang)) {
							t.Errorf("%s: guid %q", where, item.GUID)
						}
						if item.Link != feedBase+urls.Episode(lang, v.Slug) {
							t.Errorf("%s: link %q", where, item.Link)
						}
						fx.fetchOK(t, item.Link)
						if item.PublishedParsed == nil || !item.PublishedParsed.Equal(ep.PublishedAt) {
							t.Errorf("%s: published %q, want %v", where, item.Published, ep.PublishedAt)
						}
						if len(item.Enclosures) != 1 {
							t.Fatalf("%s: %d enclosures", where, len(item.Enclosures))
						}
						enc := item.Enclosures[0]
						media := fx.fetchOK(t, enc.URL)
						if enc.Length != strconv.Itoa(len(media.Body)) || len(media.Body) == 0 {
							t.Errorf("%s: enclosure length %s, the file has %d bytes", where, enc.Length, len(media.Body))
						}
						if mt, _, _ := mime.ParseMediaType(media.Header.Get("Content-Type")); mt != enc.Type || enc.Type != v.MediaType {
							t.Errorf("%s: enclosure type %q, served as %q, stored %q", where, enc.Type, media.Header.Get("Content-Type"), v.MediaType)
						}
						if prefix := map[content.Kind]string{content.Listen: "audio/", content.Watch: "video/"}[kind]; !strings.HasPrefix(enc.Type, prefix) {
							t.Errorf("%s: enclosure type %q in the %s podcast", where, enc.Type, kind)
						}
						if item.ITunesExt == nil || item.ITunesExt.Duration != strconv.Itoa(v.MediaSeconds) || v.MediaSeconds <= 0 {
							t.Errorf("%s: itunes:duration %v, want %d", where, item.ITunesExt, v.MediaSeconds)
						}
						trs := item.Extensions["podcast"]["transcript"]
						types := map[string]string{}
						for _, tr := range trs {
							types[tr.Attrs["type"]] = tr.Attrs["url"]
							if tr.Attrs["language"] != string(lang) {
								t.Errorf("%s: transcript language %q", where, tr.Attrs["language"])
							}
						}
						if len(trs) != 2 || types["text/vtt"] != feedBase+urls.Transcript(lang, v.Slug, "vtt") ||
							types["text/html"] != feedBase+urls.Transcript(lang, v.Slug, "") {
							t.Errorf("%s: transcripts %v", where, types)
						}
						for typ, u := range types {
							tr := fx.fetchOK(t, u)
							if mt, _, _ := mime.ParseMediaType(tr.Header.Get("Content-Type")); mt != typ {
								t.Errorf("%s: transcript %s served as %q, want %s", where, u, tr.Header.Get("Content-Type"), typ)
							}
							if typ == "text/vtt" {
								checkVTT(t, u, tr.text(), v.MediaSeconds)
							}
						}
					}
				})
			}
		}
		for kind, m := range alt {
			en, fr := m[content.English], m[content.French]
			if en != feedBase+urls.Podcast(content.French, kind) || fr != feedBase+urls.Podcast(content.English, kind) {
				t.Errorf("%s podcasts: English links to %q, French to %q", kind, en, fr)
			}
		}
	})
}

// transcriptPair is a listen or watch episode's versions in both languages.
var transcriptPairs = [][2]string{{listenEN, listenFR}, {watchEN, watchFR}}

func TestTranscriptPages(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		for _, pair := range transcriptPairs {
			for i, epPath := range pair {
				lang := content.Langs[i]
				slug := epPath[strings.LastIndexByte(epPath, '/')+1:]
				otherSlug := pair[1-i][strings.LastIndexByte(pair[1-i], '/')+1:]
				ep, err := s.App.Store.EpisodeBySlug(ctx, lang, slug, s.Clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				v := ep.Version(lang)
				page := urls.Transcript(lang, slug, "")
				t.Run(page, func(t *testing.T) {
					if !strings.HasPrefix(page, epPath+"/") {
						t.Fatalf("transcript URL %s is not under %s", page, epPath)
					}
					r := get(t, s, page)
					wantStatus(t, r, 200)
					if r.Doc == nil {
						t.Fatalf("not HTML: %s", r.Header.Get("Content-Type"))
					}
					if got := attrOf(first(r.Doc, tag("html")), "lang"); got != lang.Tag() {
						t.Errorf("<html lang=%q>, want %s", got, lang.Tag())
					}
					tdoc, err := xhtml.Parse(strings.NewReader(v.TranscriptHTML))
					if err != nil {
						t.Fatal(err)
					}
					want := textOf(tdoc)
					main := textOf(first(r.Doc, tag("main")))
					if want == "" || !strings.Contains(main, want) {
						t.Errorf("the transcript is not on the page:\nwant %.200q\nmain %.400q", want, main)
					}
					header, fallback := toggleLinks(t, r)
					wantToggle := urls.Transcript(lang.Other(), otherSlug, "")
					for _, got := range []string{header, fallback} {
						if strings.TrimPrefix(got, feedBase) != wantToggle {
							t.Errorf("language toggle %q, want %q", got, wantToggle)
						}
					}
					back := get(t, s, wantToggle)
					wantStatus(t, back, 200)
					if h, _ := toggleLinks(t, back); strings.TrimPrefix(h, feedBase) != page {
						t.Errorf("%s toggles to %q, want %q", wantToggle, h, page)
					}

					vtt := get(t, s, urls.Transcript(lang, slug, "vtt"))
					wantStatus(t, vtt, 200)
					if mt, _, _ := mime.ParseMediaType(vtt.Header.Get("Content-Type")); mt != "text/vtt" {
						t.Errorf("VTT Content-Type %q", vtt.Header.Get("Content-Type"))
					}
					checkVTT(t, vtt.Request.URL.Path, vtt.text(), v.MediaSeconds)
				})
			}
		}
		for _, path := range []string{
			urls.Transcript(content.English, "digital-nations-2020", ""), // a read episode
			urls.Transcript(content.English, "digital-nations-2020", "vtt"),
			urls.Transcript(content.French, "sommet-des-nations-numeriques-en-2020", ""),
			urls.Transcript(content.French, "sommet-des-nations-numeriques-en-2020", "vtt"),
			greenerEN + "/transcript",
			greenerEN + "/transcript.vtt",
			"/en/episodes/no-such-episode/transcript",
			"/en/episodes/no-such-episode/transcript.vtt",
			"/fr/episodes/aucun-episode/transcription",
			"/fr/episodes/aucun-episode/transcription.vtt",
			listenFR + "/transcript", // the English segment under /fr/
			listenEN + "/transcription",
			listenEN + "/transcript.srt",
			listenEN + "/transcript.html",
			listenEN + "/other",
			"/fr/episodes/meetings-that-include-everyone/transcription", // the English slug under /fr/
			"/fr/episodes/meetings-that-include-everyone/transcription.vtt",
		} {
			r := get(t, s, path)
			if r.StatusCode != 404 {
				t.Errorf("GET %s: status %d, want 404", path, r.StatusCode)
			}
		}
	})
}

// Sitemap documents as encoding/xml reads them.
type sitemapDoc struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	Links   []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"http://www.w3.org/1999/xhtml link"`
}

// addFutureEpisode imports a bilingual episode published after the test
// clock's now.
func addFutureEpisode(t *testing.T, s *apptest.Start) {
	t.Helper()
	fsys := fstest.MapFS{"episodes/future-episode.md": &fstest.MapFile{Data: []byte(`---
kind: read
status: published
published: 2027-06-01
topic: leadership
author: amelie-gagnon
---

--- en
title: A future episode
summary: Not yet.
---
Future body.

--- fr
title: Un épisode futur
summary: Pas encore.
---
Corps futur.
`)}}
	if _, err := s.App.Importer.Import(context.Background(), s.App.Store, fsys, s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.App.SyncCache(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// pathLang is the language of a site path's prefix.
func pathLang(p string) content.Lang {
	if strings.HasPrefix(p, "/fr/") {
		return content.French
	}
	if strings.HasPrefix(p, "/en/") {
		return content.English
	}
	return ""
}

func TestSitemapAndRobots(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		addFutureEpisode(t, s)
		fx := newFeedFetcher(s)

		r := get(t, s, urls.Sitemap)
		wantStatus(t, r, 200)
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/xml" && mt != "text/xml" {
			t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
		}
		var doc sitemapDoc
		if err := xml.Unmarshal(r.Body, &doc); err != nil {
			t.Fatalf("sitemap: %v\n%.600s", err, r.Body)
		}
		if len(doc.URLs) == 0 {
			t.Fatal("empty sitemap")
		}
		byLoc := map[string]sitemapURL{}
		for _, u := range doc.URLs {
			if _, dup := byLoc[u.Loc]; dup {
				t.Errorf("%s listed twice", u.Loc)
			}
			byLoc[u.Loc] = u
			fx.fetchOK(t, u.Loc)
			if u.LastMod != "" {
				if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
					if _, err := time.Parse("2006-01-02", u.LastMod); err != nil {
						t.Errorf("%s: lastmod %q is not a W3C date", u.Loc, u.LastMod)
					}
				}
			}
		}
		// Every live episode version, in both languages.
		live := map[string]bool{}
		for _, lang := range content.Langs {
			for _, ep := range liveEpisodes(t, s, store.EpisodeQuery{Lang: lang}) {
				loc := feedBase + urls.Episode(lang, ep.Version(lang).Slug)
				live[loc] = true
				if _, ok := byLoc[loc]; !ok {
					t.Errorf("live episode version %s is not in the sitemap", loc)
				}
			}
		}
		// The pages that are not episodes, in both languages.
		for _, lang := range content.Langs {
			for _, page := range []string{urls.Home(lang), urls.Privacy(lang), urls.Glossary(lang), urls.SitePage(lang, map[content.Lang]string{content.English: "terms", content.French: "avis"}[lang])} {
				if _, ok := byLoc[feedBase+page]; !ok {
					t.Errorf("%s is not in the sitemap", page)
				}
			}
		}
		// Not the draft nor the future episode (nor any other non-live one).
		hidden := 0
		for id := int64(1); id < 200; id++ {
			ep, err := s.App.Store.EpisodeByID(ctx, id)
			if err != nil {
				continue
			}
			if ep.IsLive(s.Clock.Now()) {
				continue
			}
			hidden++
			for lang, v := range ep.Versions {
				loc := feedBase + urls.Episode(lang, v.Slug)
				if _, ok := byLoc[loc]; ok && !live[loc] {
					t.Errorf("non-live episode version %s (status %s, published %v) is in the sitemap", loc, ep.Status, ep.PublishedAt)
				}
			}
		}
		if hidden < 2 {
			t.Errorf("found %d non-live episodes, want the draft and the future one", hidden)
		}
		// hreflang pairs, both ways.
		for _, u := range doc.URLs {
			own := pathLang(sitePath(t, u.Loc))
			alts := map[string]string{}
			for _, l := range u.Links {
				if l.Rel != "alternate" {
					t.Errorf("%s: xhtml:link rel %q", u.Loc, l.Rel)
				}
				if _, dup := alts[l.Hreflang]; dup {
					t.Errorf("%s: hreflang %s twice", u.Loc, l.Hreflang)
				}
				alts[l.Hreflang] = l.Href
				sitePath(t, l.Href) // absolute
			}
			if len(alts) == 0 {
				continue
			}
			if own == "" {
				t.Errorf("%s has alternates but no language", u.Loc)
				continue
			}
			if alts[own.Tag()] != u.Loc {
				t.Errorf("%s does not list itself as %s: %v", u.Loc, own.Tag(), alts)
			}
			o := own.Other()
			b, ok := alts[o.Tag()]
			if !ok {
				t.Errorf("%s has alternates but no %s one: %v", u.Loc, o.Tag(), alts)
				continue
			}
			bu, ok := byLoc[b]
			if !ok {
				t.Errorf("%s lists %s → %s, which is not in the sitemap", u.Loc, o.Tag(), b)
				continue
			}
			back := map[string]string{}
			for _, l := range bu.Links {
				back[l.Hreflang] = l.Href
			}
			if back[own.Tag()] != u.Loc || back[o.Tag()] != b {
				t.Errorf("%s lists %s → %s, but %s lists %v", u.Loc, o.Tag(), b, b, back)
			}
		}
		// The English-only episode has no alternates.
		if u, ok := byLoc[feedBase+greenerEN]; !ok {
			t.Errorf("%s is not in the sitemap", greenerEN)
		} else if len(u.Links) != 0 {
			t.Errorf("%s: alternates %v, want none", greenerEN, u.Links)
		}
		// The paired demo episodes point at each other.
		for _, pair := range [][2]string{{dnEN, dnFR}, {listenEN, listenFR}, {watchEN, watchFR}} {
			u := byLoc[feedBase+pair[0]]
			found := false
			for _, l := range u.Links {
				found = found || (l.Hreflang == "fr-CA" && l.Href == feedBase+pair[1])
			}
			if !found {
				t.Errorf("%s: no fr-CA alternate %s: %v", pair[0], pair[1], u.Links)
			}
		}

		rb := get(t, s, "/robots.txt")
		wantStatus(t, rb, 200)
		if !regexp.MustCompile(`(?mi)^Sitemap:\s*` + regexp.QuoteMeta(feedBase+urls.Sitemap) + `\s*$`).Match(rb.Body) {
			t.Errorf("robots.txt does not name %s:\n%s", feedBase+urls.Sitemap, rb.Body)
		}
		if e := r.Header.Get("ETag"); e != "" {
			if c := get(t, s, urls.Sitemap, "If-None-Match", e); c.StatusCode != 304 {
				t.Errorf("sitemap If-None-Match: status %d, want 304", c.StatusCode)
			}
		}
		for _, p := range []string{"/sitemaps/1.xml", "/sitemaps/0.xml", "/sitemaps/x.xml", "/sitemaps/1.json"} {
			if c := get(t, s, p); c.StatusCode != 404 {
				t.Errorf("GET %s: status %d, want 404 (one sitemap has no parts)", p, c.StatusCode)
			}
		}
	})
}

func TestFeedHostileNames(t *testing.T) {
	t.Parallel()
	payloads := corpusLines(t, "xss/xss-merged.txt", 50)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, p := range payloads {
			e := url.PathEscape(p)
			for _, path := range []string{
				"/en/feeds/" + e,
				"/en/feeds/" + e + ".xml",
				"/fr/fils/" + e + ".json",
				"/en/feeds/topics/" + e + ".xml",
				"/fr/fils/sujets/" + e + ".atom",
				"/en/feeds/series/" + e + ".json",
				"/fr/fils/series/" + e + ".xml",
				"/en/feeds/formats/" + e + ".atom",
				"/fr/fils/formats/" + e,
				"/en/episodes/" + e + "/transcript",
				"/en/episodes/" + e + "/transcript.vtt",
				"/fr/episodes/" + e + "/transcription",
				"/fr/episodes/" + e + "/transcription.vtt",
				listenEN + "/" + e,
				listenFR + "/" + e + ".vtt",
				"/sitemaps/" + e,
			} {
				r := get(t, s, path)
				if r.StatusCode != 404 {
					t.Errorf("GET %s: status %d, want 404", path, r.StatusCode)
				}
				if strings.ContainsAny(p, "<>") && bytes.Contains(r.Body, []byte(p)) {
					t.Errorf("GET %s: the payload is reflected unescaped", path)
				}
			}
		}
	})
}

// TestFeedContentURLs checks the body URLs a feed rewrites: site-relative
// ones become absolute on the base URL; scheme-relative ones (another host)
// stay on their host.
func TestFeedContentURLs(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		fsys := fstest.MapFS{"episodes/links-episode.md": &fstest.MapFile{Data: []byte(`---
kind: read
status: published
published: 2026-11-01
topic: leadership
author: amelie-gagnon
---

--- en
title: Links everywhere
summary: Links.
---
See [the guide](/en/topics/leadership), [a partner](//partner.example/page) and [a site](https://other.example/x).

![Focus](/media/focus.png)
`)}}
		if _, err := s.App.Importer.Import(context.Background(), s.App.Store, fsys, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, format := range urls.FeedFormats {
			path := urls.Feed(content.English, format)
			r := get(t, s, path)
			wantStatus(t, r, 200)
			f := parseFeedBody(t, path, r.Body)
			if len(f.Items) == 0 || f.Items[0].Title != "Links everywhere" {
				t.Fatalf("%s: the new episode is not first", path)
			}
			c := f.Items[0].Content
			for _, want := range []string{
				`href="` + feedBase + `/en/topics/leadership"`,
				`src="` + feedBase + `/media/focus.png"`,
				`href="http://partner.example/page"`,
				`href="https://other.example/x"`,
			} {
				if !strings.Contains(c, want) {
					t.Errorf("%s: content lacks %s:\n%s", path, want, c)
				}
			}
			if strings.Contains(c, "busrides.test//") {
				t.Errorf("%s: a scheme-relative link was put on the site's host:\n%s", path, c)
			}
		}
	})
}

// TestSeriesFeedNewest checks that a series with more episodes than a feed
// carries gives its newest ones, not its first ones by position.
func TestSeriesFeedNewest(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		fsys := fstest.MapFS{}
		for i := range 60 {
			fsys[fmt.Sprintf("episodes/series-extra-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`---
kind: read
status: published
published: 2025-%02d-%02d
topic: leadership
author: amelie-gagnon
series: leading-hybrid-teams
series_position: %d
---

--- en
title: Series part %d
summary: Part %[4]d.
---
Body %[4]d.
`, 1+i/28, 1+i%28, 10+i, i))}
		}
		if _, err := s.App.Importer.Import(context.Background(), s.App.Store, fsys, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(context.Background()); err != nil {
			t.Fatal(err)
		}
		se, err := s.App.Store.SeriesBySlug(context.Background(), content.English, "leading-hybrid-teams")
		if err != nil {
			t.Fatal(err)
		}
		want := liveEpisodes(t, s, store.EpisodeQuery{Lang: content.English, SeriesID: se.ID})
		if len(want) <= 50 {
			t.Fatalf("series has %d episodes; the test needs more than a feed carries", len(want))
		}
		for _, format := range urls.FeedFormats {
			path := urls.SeriesFeed(content.English, "leading-hybrid-teams", format)
			r := get(t, s, path)
			wantStatus(t, r, 200)
			f := parseFeedBody(t, path, r.Body)
			if len(f.Items) == 0 || len(f.Items) > len(want) {
				t.Fatalf("%s: %d items", path, len(f.Items))
			}
			for i, it := range f.Items {
				if wantID := feed.ItemID("busrides.test", want[i].ID, "en"); it.GUID != wantID {
					t.Fatalf("%s: item %d is %q (%s), want the %d newest episodes, newest first: %q (%s)", path, i, it.Title, it.Published, len(f.Items), want[i].Version(content.English).Title, want[i].PublishedAt)
				}
			}
		}
	})
}
