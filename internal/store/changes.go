package store

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Changes tells page caches what the content changes since a generation
// touched, so that they drop those pages and keep the others
// (sqldb/changes.go).
//
// Every transaction that bumps the content generation records the tags
// of what it changed (below) in a journal stamped with the new
// generation. A cached page carries the tags of what it shows; a cache
// that was at generation G drops the pages carrying any tag recorded
// after G.
type Changes interface {
	// ChangesSince returns the tags recorded by the generations after
	// since, and the generation now. complete is false when the journal no
	// longer reaches back to since (it keeps a few thousand generations):
	// the caller then drops every page.
	ChangesSince(ctx context.Context, since int64) (tags []string, gen int64, complete bool, err error)
}

// The tags of page changes. Writers record what they changed; pages carry
// what they show. A tag means:
const (
	// TagAll: every page (the site name, the banner).
	TagAll = "*"
	// TagLists: the site-wide lists of episodes — the home page, the
	// site's feeds and podcasts, the indexes of topics, series and
	// authors — which change when an episode enters or leaves them or
	// moves in them.
	TagLists = "lists"
	// TagEpisodes: pages that depend on every live episode's text and
	// addresses: search results, the sitemaps, the ride planner.
	TagEpisodes = "episodes"
	// TagGlossary: the glossary page.
	TagGlossary = "glossary"
	// TagSitePageLinks: pages that link the published site pages — every
	// page with the footer, the splash page, the sitemaps — which change
	// when a site page is published or withdrawn or its address changes.
	TagSitePageLinks = "site-page-links"
)

// TagSitePage names a site page's own pages, in both languages (each
// shows the other's address in its language toggle).
func TagSitePage(key content.SitePageKey) string { return "site-page:" + string(key) }

// SitePageTags returns the tags a change of one site page from prev to
// next touches; prev is nil for a new page. A page that is not published
// before or after the change is on no public page. Otherwise its own
// pages change; the pages linking it change too when it is published or
// withdrawn, or its address moves. (The footer names the pages with the
// catalogue's labels, not their titles, so a new title or body changes
// the page alone.)
func SitePageTags(prev, next *content.SitePage) []string {
	if !prev.Live() && !next.Live() {
		return nil
	}
	var key content.SitePageKey
	if next != nil {
		key = next.Key
	} else {
		key = prev.Key
	}
	tags := []string{TagSitePage(key)}
	if sitePageLinkKey(prev) != sitePageLinkKey(next) {
		tags = append(tags, TagSitePageLinks)
	}
	return tags
}

// sitePageLinkKey is what pages linking a site page show of it.
func sitePageLinkKey(p *content.SitePage) string {
	if !p.Live() {
		return ""
	}
	k := string(p.Key)
	for _, lang := range content.Langs {
		if v := p.Version(lang); v != nil {
			k += "|" + v.Slug
		}
	}
	return k
}

// TagEpisode names the pages that show episode id in any way: its own
// pages and every card, link, feed item or neighbour of it.
func TagEpisode(id int64) string { return "ep:" + strconv.FormatInt(id, 10) }

// TagEpisodePage names the episode's own pages (its page in each language
// and their transcripts), for what only they show: related episodes.
func TagEpisodePage(id int64) string { return "page:" + strconv.FormatInt(id, 10) }

// TagTopic names the pages that show topic id's name or address.
func TagTopic(id int64) string { return "topic:" + strconv.FormatInt(id, 10) }

// TagTopicList names the topic's listing pages and feeds: which episodes
// it holds, in which order.
func TagTopicList(id int64) string { return "topic-list:" + strconv.FormatInt(id, 10) }

// TagAuthor names the pages that show author id's name, role or biography.
func TagAuthor(id int64) string { return "author:" + strconv.FormatInt(id, 10) }

// TagAuthorList names the author's page listing their episodes.
func TagAuthorList(id int64) string { return "author-list:" + strconv.FormatInt(id, 10) }

// TagSeries names the pages that show series id's title, address or
// introduction.
func TagSeries(id int64) string { return "series:" + strconv.FormatInt(id, 10) }

// TagSeriesList names the series' page and feeds, and the pages of its
// episodes (which show their place in it).
func TagSeriesList(id int64) string { return "series-list:" + strconv.FormatInt(id, 10) }

// EpisodeTags returns the tags a change of one episode from prev to next
// touches; prev is nil for a new episode, next nil for a deleted one.
// An episode that is not published before or after the change is on no
// public page, so the change touches none. Otherwise the pages showing it
// change, and search and the sitemaps; the lists it belongs to (before
// or after) change too when its place in them can have moved: its status
// or dates, kind, languages, durations, topics, authors or series.
func EpisodeTags(prev, next *content.Episode) []string {
	public := func(e *content.Episode) bool { return e != nil && e.Status == content.Published }
	if !public(prev) && !public(next) {
		return nil
	}
	id := idOf(prev)
	if next != nil {
		id = next.ID
	}
	tags := []string{TagEpisode(id), TagEpisodePage(id), TagEpisodes}
	if listKey(prev) == listKey(next) {
		return tags
	}
	return append(tags, listTags(prev, next)...)
}

// EpisodeListTags returns every tag a change of the published episodes
// eps can touch, their lists included (a change beside the episode row:
// an Official Languages exception).
func EpisodeListTags(eps ...*content.Episode) []string {
	var tags []string
	for _, e := range eps {
		if e != nil {
			tags = append(tags, TagEpisode(e.ID), TagEpisodePage(e.ID))
		}
	}
	return append(append(tags, TagEpisodes), listTags(eps...)...)
}

// listTags returns the tags of the lists eps belong to, sorted, once each.
func listTags(eps ...*content.Episode) []string {
	tags := []string{TagLists}
	for _, e := range eps {
		if e == nil {
			continue
		}
		for _, t := range e.Topics {
			tags = append(tags, TagTopicList(t.ID))
		}
		for _, a := range e.Authors {
			tags = append(tags, TagAuthorList(a.ID))
		}
		if e.Series != nil {
			tags = append(tags, TagSeriesList(e.Series.Series.ID))
		}
	}
	slices.Sort(tags)
	return slices.Compact(tags)
}

// listKey is what places an episode in lists, as a comparable string.
func listKey(e *content.Episode) string {
	if e == nil {
		return ""
	}
	b := []byte(string(e.Status) + "|" + string(e.Kind) + "|" + e.PublishedAt.UTC().Format(time.RFC3339Nano) + "|")
	for _, lang := range content.Langs {
		if v := e.Version(lang); v != nil {
			b = append(b, lang...)
			b = strconv.AppendInt(b, int64(v.WordCount), 10)
			b = append(b, '/')
			b = strconv.AppendInt(b, int64(v.MediaSeconds), 10)
			b = append(b, ';')
		}
	}
	b = append(b, "|t"...)
	for _, t := range e.Topics {
		b = strconv.AppendInt(b, t.ID, 10)
		b = append(b, ',')
	}
	b = append(b, "|a"...)
	for _, a := range e.Authors {
		b = strconv.AppendInt(b, a.ID, 10)
		b = append(b, ',')
	}
	if e.Series != nil {
		b = append(b, "|s"...)
		b = strconv.AppendInt(b, e.Series.Series.ID, 10)
		b = append(b, '@')
		b = strconv.AppendInt(b, int64(e.Series.Position), 10)
	}
	return string(b)
}

func idOf(e *content.Episode) int64 {
	if e == nil {
		return 0
	}
	return e.ID
}
