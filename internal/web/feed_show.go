package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// feedSize is how many of the newest episodes a feed carries.
const feedSize = 50

// showFeed answers GET /en/feeds/episodes.{xml,atom,json}: every episode.
func (h *Handler) showFeed(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	name, format, ok := splitFeedFile(r.PathValue("file"))
	if !ok || name != "episodes" {
		h.notFound(w, r, lang)
		return
	}
	h.serveFeed(w, r, lang, format, func(ctx context.Context) (*feedChannel, error) {
		return h.channel(ctx, lang, format, store.EpisodeQuery{}, title("feed.channel_all"), h.printer(lang).T("site.tagline"),
			urls.Home(lang), urls.Feed(lang, format), urls.Feed(lang.Other(), format))
	})
}

// showTopicFeed answers GET /en/feeds/topics/{slug}.{xml,atom,json}.
func (h *Handler) showTopicFeed(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	slug, format, ok := splitFeedFile(r.PathValue("file"))
	if !ok || !content.ValidSlug(slug) {
		h.notFound(w, r, lang)
		return
	}
	h.serveFeed(w, r, lang, format, func(ctx context.Context) (*feedChannel, error) {
		t, err := h.st.TopicBySlug(ctx, lang, slug)
		if err != nil {
			return nil, err
		}
		o := lang.Other()
		return h.channel(ctx, lang, format, store.EpisodeQuery{TopicID: t.ID},
			title("feed.channel_topic", "name", t.Names.In(lang)), t.Descriptions.In(lang),
			urls.Topic(lang, slug), urls.TopicFeed(lang, slug, format), urls.TopicFeed(o, t.Slugs.In(o), format))
	})
}

// showSeriesFeed answers GET /en/feeds/series/{slug}.{xml,atom,json}.
func (h *Handler) showSeriesFeed(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	slug, format, ok := splitFeedFile(r.PathValue("file"))
	if !ok || !content.ValidSlug(slug) {
		h.notFound(w, r, lang)
		return
	}
	h.serveFeed(w, r, lang, format, func(ctx context.Context) (*feedChannel, error) {
		s, err := h.st.SeriesBySlug(ctx, lang, slug)
		if err != nil {
			return nil, err
		}
		o := lang.Other()
		return h.channel(ctx, lang, format, store.EpisodeQuery{SeriesID: s.ID},
			title("feed.channel_series", "name", s.Titles.In(lang)), firstLine(s.Intros.In(lang)),
			urls.Series(lang, slug), urls.SeriesFeed(lang, slug, format), urls.SeriesFeed(o, s.Slugs.In(o), format))
	})
}

// showKindFeed answers GET /en/feeds/formats/{kind}.{xml,atom,json}
// (/fr/fils/formats/ecoute.xml…).
func (h *Handler) showKindFeed(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	name, format, ok := splitFeedFile(r.PathValue("file"))
	kind := urls.KindFromName(lang, name)
	if !ok || kind == "" {
		h.notFound(w, r, lang)
		return
	}
	h.serveFeed(w, r, lang, format, func(ctx context.Context) (*feedChannel, error) {
		return h.channel(ctx, lang, format, store.EpisodeQuery{Kind: kind},
			title(kindFeedKeys[kind]), h.printer(lang).T("site.tagline"),
			withQuery(urls.Home(lang), "kind", string(kind)), urls.KindFeed(lang, kind, format), urls.KindFeed(lang.Other(), kind, format))
	})
}

// kindFeedKeys name each kind's feed by its medium (written, audio,
// video), the words the podcasts use too: "Busrides: video episodes" and
// "Busrides video podcast", « Trajets en bus : épisodes vidéo » and
// « Balado vidéo Trajets en bus ».
var kindFeedKeys = map[content.Kind]string{
	content.Read:   "feed.channel_read",
	content.Listen: "feed.channel_listen",
	content.Watch:  "feed.channel_watch",
}

// splitFeedFile splits "name.ext" into its parts, accepting only feed formats.
func splitFeedFile(file string) (name, format string, ok bool) {
	i := strings.LastIndexByte(file, '.')
	if i <= 0 {
		return "", "", false
	}
	name, format = file[:i], file[i+1:]
	_, ok = feedTypes[format]
	return name, format, ok
}

// channelTitle is a feed's title: a catalogue key and its arguments, to
// which channel adds the site's name as {site}.
type channelTitle struct {
	key  string
	args []any
}

func title(key string, args ...any) channelTitle { return channelTitle{key, args} }

// channel builds a feed of the newest live episodes matching q. Its title
// and author name the site in lang (the administrators' setting, else the
// catalogue's name).
func (h *Handler) channel(ctx context.Context, lang content.Lang, format string, q store.EpisodeQuery, title channelTitle, description, home, self, alt string) (*feedChannel, error) {
	site, err := h.siteName(ctx, lang)
	if err != nil {
		return nil, err
	}
	q.Lang, q.Now, q.Limit = lang, h.cfg.Now(), feedSize
	var res store.EpisodePage
	if q.SeriesID != 0 {
		// A series lists in order of position; a feed carries the newest
		// episodes, newest first. The first feedSize by position would be
		// the oldest of a long series, so read the whole series.
		all, err := h.allEpisodes(ctx, q)
		if err != nil {
			return nil, err
		}
		reverseByPublished(all)
		res.Episodes = all[:min(len(all), feedSize)]
	} else {
		var err error
		if res, err = h.st.Episodes(ctx, q); err != nil {
			return nil, err
		}
	}
	p := h.printer(lang)
	ch := &feed.Channel{
		Lang:        string(lang),
		Title:       typeset(lang, p.T(title.key, append([]any{"site", site}, title.args...)...)),
		Description: typeset(lang, description),
		HomeURL:     h.abs(home),
		SelfURL:     h.abs(self),
		AltURL:      h.abs(alt),
		AltLang:     string(lang.Other()),
		Updated:     cmp.Or(newest(res.Episodes), h.cfg.Now()), // a feed with no episode yet is still a feed
		Author:      site,
		Copyright:   p.T("feed.copyright"),
	}
	fc := &feedChannel{Channel: ch, media: map[int64][]content.Check{}}
	for _, ep := range res.Episodes {
		it, checks := h.feedItem(ep, lang)
		ch.Items = append(ch.Items, it)
		if len(checks) > 0 {
			fc.media[ep.ID] = checks
		}
	}
	return fc, nil
}

// allEpisodes reads every episode matching q, page by page.
func (h *Handler) allEpisodes(ctx context.Context, q store.EpisodeQuery) ([]*content.Episode, error) {
	const page = 1000
	var all []*content.Episode
	for q.Offset, q.Limit = 0, page; ; q.Offset += page {
		res, err := h.st.Episodes(ctx, q)
		if err != nil {
			return nil, err
		}
		all = append(all, res.Episodes...)
		if len(res.Episodes) < page {
			return all, nil
		}
	}
}

// feedItem describes one episode version for a feed, and what the feed
// cannot carry of its recording (content.FeedMedia): the item then has no
// enclosure.
func (h *Handler) feedItem(ep *content.Episode, lang content.Lang) (feed.Item, []content.Check) {
	v := ep.Version(lang)
	it := feed.Item{
		Ref:       ep.ID,
		ID:        feed.ItemID(h.host(), ep.ID, string(lang)),
		URL:       h.abs(urls.Episode(lang, v.Slug)),
		Title:     typeset(lang, v.Title),
		Summary:   typeset(lang, v.Summary),
		Published: ep.PublishedAt,
		Modified:  ep.ModifiedAt,
		Duration:  v.MediaSeconds,
	}
	if !h.cfg.FeedSummaries {
		it.ContentHTML = absolutize(v.BodyHTML, h.cfg.BaseURL)
	}
	for _, a := range ep.Authors {
		it.Authors = append(it.Authors, a.Name)
	}
	for _, t := range ep.Topics {
		it.Categories = append(it.Categories, typeset(lang, t.Names.In(lang)))
	}
	if v.Image.URL != "" {
		it.Image = &feed.Image{URL: h.abs(v.Image.URL), Alt: v.Image.Alt}
	}
	enc, checks := content.FeedMedia(ep.Kind, v, h.mediaSize)
	if enc != nil {
		it.Enclosure = &feed.Enclosure{URL: h.abs(enc.URL), Length: enc.Bytes, Type: enc.Type}
	}
	if ep.Kind.HasMedia() && v.MediaURL != "" {
		it.Transcripts = []feed.Transcript{
			{URL: h.abs(urls.Transcript(lang, v.Slug, "vtt")), Type: "text/vtt", Language: string(lang)},
			{URL: h.abs(urls.Transcript(lang, v.Slug, "")), Type: "text/html", Language: string(lang)},
		}
	}
	return it, checks
}

// serveFeed renders a channel in a format, cached like pages. An episode
// the feed cannot carry as it is never fails the feed: it goes without
// what cannot be written (its recording, most often), or is left out, and
// the reason is logged once.
func (h *Handler) serveFeed(w http.ResponseWriter, r *http.Request, lang content.Lang, format string, build func(ctx context.Context) (*feedChannel, error)) {
	h.serveDocument(w, r, lang, r.URL.Path, feedTypes[format]+"; charset=utf-8", func(ctx context.Context) ([]byte, error) {
		fc, err := build(ctx)
		if err != nil {
			return nil, err
		}
		h.logMediaProblems(ctx, fc)
		h.logPruned(ctx, lang, fc.Prune())
		ch := fc.Channel
		switch format {
		case urls.FormatAtom:
			return feed.Atom(ch)
		case urls.FormatJSON:
			return feed.JSONFeed(ch)
		}
		return feed.RSS(ch)
	})
}

// serveDocument answers a GET with a non-HTML document (feed, sitemap),
// cached like pages.
func (h *Handler) serveDocument(w http.ResponseWriter, r *http.Request, lang content.Lang, key, contentType string, build func(ctx context.Context) ([]byte, error)) {
	h.cached(w, r, lang, key, contentType, "", nil, func(ctx context.Context) (rendered, error) {
		body, err := build(ctx)
		return rendered{status: http.StatusOK, body: body}, err
	})
}

// absolutize rewrites site-relative src and href attributes in sanitised
// HTML to absolute URLs, as feed readers need. Scheme-relative URLs
// ("//other.example/x", which the renderer allows as external links) keep
// their host and get the base URL's scheme; they are not site paths.
func absolutize(html, base string) string {
	scheme := "https:"
	if i := strings.Index(base, "://"); i > 0 {
		scheme = base[:i+1]
	}
	// strings.Replacer tries the patterns in argument order at each
	// position, so "//" is matched before "/".
	r := strings.NewReplacer(
		`src="//`, `src="`+scheme+`//`, `href="//`, `href="`+scheme+`//`,
		`src="/`, `src="`+base+`/`, `href="/`, `href="`+base+`/`)
	return r.Replace(html)
}

// reverseByPublished orders episodes newest first.
func reverseByPublished(eps []*content.Episode) {
	slices.SortStableFunc(eps, func(a, b *content.Episode) int { return b.PublishedAt.Compare(a.PublishedAt) })
}
