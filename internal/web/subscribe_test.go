package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// linkNamed is the link of a list whose visible text starts with name.
func linkNamed(t *testing.T, list *html.Node, name string) string {
	t.Helper()
	for _, a := range find(list, tag("a")) {
		if strings.HasPrefix(textOf(a), name) {
			return attrOf(a, "href")
		}
	}
	t.Fatalf("no %q link", name)
	return ""
}

// The subscribe page in both languages: the podcasts with each app's
// documented subscribe link, the feeds of all episodes, of each format,
// topic and series (every one answering), how to subscribe; its toggle
// goes to its counterpart, it is cached, in the sitemap and in the footer,
// and it asks nothing of another site.
func TestSubscribePage(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		topics, err := s.App.Store.Topics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		series, err := s.App.Store.SeriesList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range content.Langs {
			t.Run(string(lang), func(t *testing.T) {
				p := cat.Printer(string(lang))
				path := urls.Subscribe(lang)
				r := get(t, s, path)
				wantStatus(t, r, 200)
				checkPage(t, r, pageCase{path: path, lang: string(lang), status: 200, content: true}, p, cat.Printer(string(lang.Other())))
				if h1 := textOf(first(r.Doc, tag("h1"))); h1 != p.T("subscribe.title") {
					t.Errorf("h1 %q", h1)
				}
				header, fallback := toggleLinks(t, r)
				if other := urls.Subscribe(lang.Other()); header != other || fallback != other {
					t.Errorf("toggle %q / %q, want %q", header, fallback, other)
				}
				canonical := attrOf(first(r.Doc, withAttr("link", "rel", "canonical")), "href")
				base := strings.TrimSuffix(canonical, path)
				if base == canonical || !strings.HasPrefix(base, "http") {
					t.Fatalf("canonical %q", canonical)
				}
				host := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")

				// The podcasts: one link per app, as each documents it.
				for _, pc := range []struct {
					id   string
					kind content.Kind
					name string
				}{
					{"podcast", content.Listen, p.T("podcast.title", "site", p.T("site.name"))},
					{"video-podcast", content.Watch, p.T("podcast.video_title", "site", p.T("site.name"))},
				} {
					sec := first(r.Doc, byID(pc.id))
					if sec == nil {
						t.Fatalf("no #%s", pc.id)
					}
					feedURL := base + urls.Podcast(lang, pc.kind)
					bare := host + urls.Podcast(lang, pc.kind)
					apps := first(sec, hasClass("ul", "app-links"))
					want := map[string]string{
						"Apple Podcasts":           "podcast://" + bare,
						"Pocket Casts":             "pktc://subscribe/" + bare,
						"Overcast":                 "overcast://x-callback-url/add?url=" + url.QueryEscape(feedURL),
						"AntennaPod":               "https://antennapod.org/deeplink/subscribe?url=" + url.QueryEscape(feedURL) + "&title=" + url.QueryEscape(pc.name),
						p.T("subscribe.other_app"): feedURL,
					}
					for name, href := range want {
						if got := linkNamed(t, apps, name); got != href {
							t.Errorf("%s %s: %q, want %q", pc.id, name, got, href)
						}
					}
					if n := len(find(apps, tag("a"))); n != len(want) {
						t.Errorf("%s: %d app links, want %d", pc.id, n, len(want))
					}
					if got := textOf(first(sec, tag("code"))); got != feedURL {
						t.Errorf("%s: the address shown is %q, want %q", pc.id, got, feedURL)
					}
					if fr := get(t, s, urls.Podcast(lang, pc.kind)); fr.StatusCode != 200 {
						t.Errorf("%s: the podcast answers %d", pc.id, fr.StatusCode)
					}
				}

				// The feeds: all episodes, each format, topic and series, each
				// in RSS, Atom and JSON Feed, every one answering.
				feeds := first(r.Doc, byID("feeds"))
				var rows []string
				for _, ul := range find(feeds, hasClass("ul", "feed-formats")) {
					var got []string
					for _, a := range find(ul, tag("a")) {
						href := attrOf(a, "href")
						got = append(got, attrOf(a, "type"))
						rp := get(t, s, strings.TrimPrefix(href, base))
						if rp.StatusCode != 200 {
							t.Errorf("%s: status %d", href, rp.StatusCode)
						}
						rows = append(rows, strings.TrimPrefix(href, base))
					}
					if !slices.Equal(got, []string{"application/rss+xml", "application/atom+xml", "application/feed+json"}) {
						t.Errorf("a feed row offers %q", got)
					}
				}
				var want []string
				for _, f := range urls.FeedFormats {
					want = append(want, urls.Feed(lang, f))
				}
				for _, k := range content.Kinds {
					for _, f := range urls.FeedFormats {
						want = append(want, urls.KindFeed(lang, k, f))
					}
				}
				for _, tp := range topics {
					for _, f := range urls.FeedFormats {
						want = append(want, urls.TopicFeed(lang, tp.Slugs.In(lang), f))
					}
					if first(feeds, byID("topic-"+tp.Slugs.In(lang))) == nil {
						t.Errorf("no row for topic %s", tp.Slugs.In(lang))
					}
				}
				for _, sr := range series {
					for _, f := range urls.FeedFormats {
						want = append(want, urls.SeriesFeed(lang, sr.Slugs.In(lang), f))
					}
				}
				slices.Sort(rows)
				slices.Sort(want)
				if !slices.Equal(rows, want) {
					t.Errorf("feeds offered:\n%q\nwant:\n%q", rows, want)
				}
				// How to subscribe.
				howto := textOf(first(r.Doc, byID("how-to")))
				for _, key := range []string{"subscribe.howto_app", "subscribe.howto_other", "subscribe.howto_reader"} {
					if !strings.Contains(howto, collapse(p.T(key))) {
						t.Errorf("how-to lacks %s", key)
					}
				}
				// Nothing is fetched from another site: scripts, styles,
				// images and frames are this site's.
				for _, n := range find(r.Doc, func(n *html.Node) bool {
					return n.Data == "script" || n.Data == "img" || n.Data == "iframe" || n.Data == "link" && attrOf(n, "rel") == "stylesheet"
				}) {
					for _, a := range []string{"src", "href"} {
						if v := attrOf(n, a); strings.Contains(v, "//") {
							t.Errorf("<%s %s=%q> fetches from another site", n.Data, a, v)
						}
					}
				}
				// The site's navigation bar links here, on this page as on
				// every page.
				if nav := first(r.Doc, hasClass("nav", "site-nav")); nav == nil || first(nav, func(n *html.Node) bool {
					return n.Data == "a" && attrOf(n, "href") == path && strings.TrimSpace(textOf(n)) == p.T("nav.subscribe")
				}) == nil {
					t.Errorf("no %q link to %s in the navigation bar", p.T("nav.subscribe"), path)
				}
				// Cached like other pages.
				if again := get(t, s, path); again.Header.Get("X-Cache") != "hit" {
					t.Errorf("second read: X-Cache %q", again.Header.Get("X-Cache"))
				}
			})
		}

		// Both pages are in the sitemap, each with the other as alternate.
		sm := get(t, s, "/sitemap.xml")
		var doc struct {
			URLs []struct {
				Loc   string `xml:"loc"`
				Links []struct {
					Hreflang string `xml:"hreflang,attr"`
					Href     string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(sm.Body, &doc); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, u := range doc.URLs {
			if strings.HasSuffix(u.Loc, "/en/subscribe") || strings.HasSuffix(u.Loc, "/fr/abonnement") {
				found++
				if len(u.Links) != 2 || !strings.HasSuffix(u.Links[0].Href, "/en/subscribe") || !strings.HasSuffix(u.Links[1].Href, "/fr/abonnement") {
					t.Errorf("sitemap alternates of %s: %+v", u.Loc, u.Links)
				}
			}
		}
		if found != 2 {
			t.Errorf("%d subscribe pages in the sitemap, want 2", found)
		}
	})
}

// Listen and Watch episodes link to their podcast on the subscribe page;
// topic and series pages offer their own feeds and their row there.
func TestSubscribeLinkedFromPages(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	s := apptest.Serve(t, apptest.Options{})
	sub := map[string]*response{"en": get(t, s, "/en/subscribe"), "fr": get(t, s, "/fr/abonnement")}
	for _, tc := range []struct {
		page, lang, href, key string
	}{
		{listenEN, "en", "/en/subscribe#podcast", "subscribe.episode_podcast"},
		{listenFR, "fr", "/fr/abonnement#podcast", "subscribe.episode_podcast"},
		{watchEN, "en", "/en/subscribe#video-podcast", "subscribe.episode_video"},
		{watchFR, "fr", "/fr/abonnement#video-podcast", "subscribe.episode_video"},
		{dnEN, "en", "", ""},
	} {
		r := get(t, s, tc.page)
		a := first(first(r.Doc, hasClass("p", "episode-subscribe")), tag("a"))
		if tc.href == "" {
			if a != nil {
				t.Errorf("%s (Read): links to %q", tc.page, attrOf(a, "href"))
			}
			continue
		}
		p := cat.Printer(tc.lang)
		if attrOf(a, "href") != tc.href || textOf(a) != p.T(tc.key, "site", p.T("site.name")) {
			t.Errorf("%s: link %q %q", tc.page, attrOf(a, "href"), textOf(a))
		}
	}
	for _, tc := range []struct {
		page, lang, anchor, key string
		feed                    func(string) string
	}{
		{"/en/topics/digital-government", "en", "topic-digital-government", "subscribe.follow_topic",
			func(f string) string { return urls.TopicFeed(content.English, "digital-government", f) }},
		{"/fr/sujets/gouvernement-numerique", "fr", "topic-gouvernement-numerique", "subscribe.follow_topic",
			func(f string) string { return urls.TopicFeed(content.French, "gouvernement-numerique", f) }},
		{"/en/series/leading-hybrid-teams", "en", "series-leading-hybrid-teams", "subscribe.follow_series",
			func(f string) string { return urls.SeriesFeed(content.English, "leading-hybrid-teams", f) }},
		{"/fr/series/diriger-des-equipes-hybrides", "fr", "series-diriger-des-equipes-hybrides", "subscribe.follow_series",
			func(f string) string { return urls.SeriesFeed(content.French, "diriger-des-equipes-hybrides", f) }},
	} {
		r := get(t, s, tc.page)
		box := first(r.Doc, hasClass("aside", "subscribe-box"))
		if box == nil {
			t.Errorf("%s: no subscribe box", tc.page)
			continue
		}
		p := cat.Printer(tc.lang)
		if h := textOf(first(box, tag("h2"))); h != p.T(tc.key) {
			t.Errorf("%s: heading %q", tc.page, h)
		}
		var got []string
		for _, a := range find(first(box, hasClass("ul", "feed-formats")), tag("a")) {
			u, _ := url.Parse(attrOf(a, "href"))
			got = append(got, u.Path)
		}
		var want []string
		for _, f := range urls.FeedFormats {
			want = append(want, tc.feed(f))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: feeds %q, want %q", tc.page, got, want)
		}
		more := attrOf(first(box, withAttr("a", "href", urls.Subscribe(content.Lang(tc.lang))+"#"+tc.anchor)), "href")
		if more == "" {
			t.Errorf("%s: no link to #%s on the subscribe page", tc.page, tc.anchor)
		}
		if first(sub[tc.lang].Doc, byID(tc.anchor)) == nil {
			t.Errorf("the subscribe page has no #%s", tc.anchor)
		}
	}
	if first(get(t, s, "/en/").Doc, hasClass("aside", "subscribe-box")) != nil {
		t.Error("the home page has a topic's subscribe box")
	}
}

// The subscribe page lists the series by title: renaming one drops the
// cached page.
func TestSubscribeFollowsSeries(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	ctx := context.Background()
	get(t, s, "/fr/abonnement")
	if r := get(t, s, "/fr/abonnement"); r.Header.Get("X-Cache") != "hit" {
		t.Fatalf("not cached: %q", r.Header.Get("X-Cache"))
	}
	sr, err := s.App.Store.SeriesBySlug(ctx, content.French, "diriger-des-equipes-hybrides")
	if err != nil {
		t.Fatal(err)
	}
	s2 := *sr
	s2.Titles.FR = "Équipes hybrides, nouveau titre"
	if err := s.App.Store.UpdateSeries(ctx, s2, content.SeriesStamp(*sr), nil, s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	r := get(t, s, "/fr/abonnement")
	if r.Header.Get("X-Cache") == "hit" || !strings.Contains(textOf(first(r.Doc, byID("series-diriger-des-equipes-hybrides"))), "Équipes hybrides, nouveau titre") {
		t.Errorf("after the rename: X-Cache %q, row %q", r.Header.Get("X-Cache"), textOf(first(r.Doc, byID("series-diriger-des-equipes-hybrides"))))
	}
	if r.StatusCode != http.StatusOK {
		t.Errorf("status %d", r.StatusCode)
	}
}
