package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// subscribeModified is when the subscribe page's text last changed.
var subscribeModified = time.Date(2026, time.December, 7, 12, 0, 0, 0, time.UTC)

// SubscribePage is the view of GET /en/subscribe and /fr/abonnement.
type SubscribePage struct {
	Common
	Podcasts []PodcastSubscribe // the podcast, the video podcast
	All      FeedRow            // all episodes
	Kinds    []FeedRow          // by format
	Topics   []FeedRow
	Series   []FeedRow
}

// PodcastSubscribe is a podcast with the links that add it to podcast apps.
type PodcastSubscribe struct {
	ID       string // anchor
	Title    string
	Intro    string
	FeedURL  string // the feed's absolute address, to copy
	Apps     []AppLink
	Fallback string // the label of the plain feed link
}

// AppLink opens a podcast app on its subscribe screen.
type AppLink struct {
	Name string
	// URL is the app's documented subscribe address for the feed: its own
	// scheme (podcast:, pktc:, overcast:) or its https deep link, built in
	// podcastApps from the site's base URL and path, never from a request.
	URL template.URL
}

// FeedRow is a list of episodes offered as feeds in each format.
type FeedRow struct {
	ID    string // anchor on the subscribe page
	Name  string
	Page  string // the list's page; "" for none
	Feeds []FormatLink
}

// FormatLink is one feed format of a FeedRow.
type FormatLink struct {
	Name string // RSS, Atom, JSON Feed
	Type string // MIME type
	URL  string // absolute
}

// SubscribeLinks is the part of a topic or series page, or of a Listen or
// Watch episode, that leads to its feeds and to the subscribe page.
type SubscribeLinks struct {
	Label string // heading (topic, series) or link text (episode)
	Feeds []FormatLink
	Page  string // the subscribe page, at the list's part
}

// showSubscribe answers GET /en/subscribe and /fr/abonnement: the podcasts
// with one-tap links for the common podcast apps, the feeds of all
// episodes, of each format, topic and series, and how to use them. Plain
// links, no script and nothing from another site. It lists the topics and
// series (it carries the lists' tag: a change to one drops it).
func (h *Handler) showSubscribe(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serve(w, r, lang, urls.Subscribe(lang), func(ctx context.Context) (rendered, error) {
		topics, err := h.st.Topics(ctx)
		if err != nil {
			return rendered{}, err
		}
		series, err := h.st.SeriesList(ctx)
		if err != nil {
			return rendered{}, err
		}
		p := h.printer(lang)
		c, err := h.common(ctx, lang, urls.Subscribe(lang), p.T("subscribe.title"), urls.Subscribe(lang.Other()))
		if err != nil {
			return rendered{}, err
		}
		c.AltCanonical = h.abs(urls.Subscribe(lang.Other()))
		c.Description = p.T("subscribe.intro", "site", c.SiteName)
		c.Modified = subscribeModified
		c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
		view := SubscribePage{Common: c}
		for _, k := range []content.Kind{content.Listen, content.Watch} {
			view.Podcasts = append(view.Podcasts, h.podcastSubscribe(lang, k, c.SiteName))
		}
		view.All = FeedRow{ID: "all", Name: p.T("subscribe.all_title"), Page: urls.Home(lang), Feeds: h.formatLinks(func(f string) string { return urls.Feed(lang, f) })}
		for _, k := range content.Kinds {
			view.Kinds = append(view.Kinds, FeedRow{ID: "format-" + urls.In(lang).KindNames[k], Name: p.T(kindKeys[k]),
				Page: withQuery(urls.Home(lang), "kind", string(k)), Feeds: h.formatLinks(func(f string) string { return urls.KindFeed(lang, k, f) })})
		}
		for _, t := range topics {
			slug := t.Slugs.In(lang)
			view.Topics = append(view.Topics, FeedRow{ID: "topic-" + slug, Name: t.Names.In(lang), Page: urls.Topic(lang, slug),
				Feeds: h.formatLinks(func(f string) string { return urls.TopicFeed(lang, slug, f) })})
		}
		sortRows(view.Topics, lang)
		for _, s := range series {
			slug := s.Slugs.In(lang)
			view.Series = append(view.Series, FeedRow{ID: "series-" + slug, Name: s.Titles.In(lang), Page: urls.Series(lang, slug),
				Feeds: h.formatLinks(func(f string) string { return urls.SeriesFeed(lang, slug, f) })})
		}
		sortRows(view.Series, lang)
		view.JSONLD = jsonLD(h.pageLD(view.Common, "WebPage", nil), h.breadcrumbLD(view.Common))
		return h.render(lang, "subscribe", http.StatusOK, view)
	})
}

// podcastSubscribe is a podcast (kind Listen) or the video podcast (Watch)
// with its app links.
func (h *Handler) podcastSubscribe(lang content.Lang, kind content.Kind, site string) PodcastSubscribe {
	p := h.printer(lang)
	feedURL := h.abs(urls.Podcast(lang, kind))
	ps := PodcastSubscribe{ID: "podcast", Title: p.T("subscribe.podcast_title"), Intro: p.T("subscribe.podcast_intro", "site", site), FeedURL: feedURL}
	title := p.T("podcast.title", "site", site)
	if kind == content.Watch {
		ps.ID, ps.Title, ps.Intro = "video-podcast", p.T("subscribe.video_title"), p.T("subscribe.video_intro", "site", site)
		title = p.T("podcast.video_title", "site", site)
	}
	ps.Apps = podcastApps(feedURL, title)
	ps.Fallback = p.T("subscribe.other_app")
	return ps
}

// podcastApps are the subscribe links of the common podcast apps for the
// feed at feedURL (absolute), as each app documents them:
//
//   - Apple Podcasts: the feed's address with the podcast: scheme
//     (podcast://host/path), which Apple's apps register with itpc:;
//   - Pocket Casts: pktc://subscribe/ and the address without its scheme;
//   - Overcast: overcast://x-callback-url/add?url= and the address;
//   - AntennaPod: its deep link, https://antennapod.org/deeplink/subscribe
//     with url= and title=, which opens the app where it is installed.
//
// They are plain links: the page requests nothing from these sites.
func podcastApps(feedURL, title string) []AppLink {
	bare := feedURL
	if i := strings.Index(bare, "://"); i >= 0 {
		bare = bare[i+3:]
	}
	return []AppLink{
		{Name: "Apple Podcasts", URL: template.URL("podcast://" + bare)},
		{Name: "Pocket Casts", URL: template.URL("pktc://subscribe/" + bare)},
		{Name: "Overcast", URL: template.URL("overcast://x-callback-url/add?url=" + url.QueryEscape(feedURL))},
		{Name: "AntennaPod", URL: template.URL("https://antennapod.org/deeplink/subscribe?url=" + url.QueryEscape(feedURL) + "&title=" + url.QueryEscape(title))},
	}
}

// formatLinks are a list's feeds in each format; path names the feed of a
// format.
func (h *Handler) formatLinks(path func(format string) string) []FormatLink {
	var out []FormatLink
	for _, f := range urls.FeedFormats {
		out = append(out, FormatLink{Name: feedFormatNames[f], Type: feedTypes[f], URL: h.abs(path(f))})
	}
	return out
}

// episodeSubscribe is the link of a Listen or Watch episode to its podcast
// on the subscribe page.
func (h *Handler) episodeSubscribe(lang content.Lang, kind content.Kind, site string) *SubscribeLinks {
	p := h.printer(lang)
	if kind == content.Watch {
		return &SubscribeLinks{Label: p.T("subscribe.episode_video", "site", site), Page: urls.Subscribe(lang) + "#video-podcast"}
	}
	return &SubscribeLinks{Label: p.T("subscribe.episode_podcast", "site", site), Page: urls.Subscribe(lang) + "#podcast"}
}

// listSubscribe is the part of a topic or series page that offers its
// feeds (path names the feed of a format) and its place on the subscribe
// page (anchor).
func (h *Handler) listSubscribe(lang content.Lang, labelKey, anchor string, path func(format string) string) *SubscribeLinks {
	return &SubscribeLinks{Label: h.printer(lang).T(labelKey), Feeds: h.formatLinks(path), Page: urls.Subscribe(lang) + "#" + anchor}
}

// sortRows sorts feed rows by name in lang's collation.
func sortRows(rows []FeedRow, lang content.Lang) {
	c := collate.New(language.Make(lang.Tag()), collate.IgnoreCase)
	sort.SliceStable(rows, func(i, j int) bool { return c.CompareString(rows[i].Name, rows[j].Name) < 0 })
}
