package web_test

import (
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// The feeds' names, pinned. English and French name each feed the same
// way, French in sentence case; video is « vidéo » everywhere in French
// (the Watch feed and the video podcast alike), as "video" is in English;
// a feed's discovery link carries the feed's own title (plus its format
// for the episode feeds).
func TestFeedNames(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	type named struct {
		path  string // the RSS document
		title string
	}
	want := map[content.Lang][]named{
		content.English: {
			{urls.Feed(content.English, urls.FormatRSS), "Busrides: all episodes"},
			{urls.KindFeed(content.English, content.Read, urls.FormatRSS), "Busrides: written episodes"},
			{urls.KindFeed(content.English, content.Listen, urls.FormatRSS), "Busrides: audio episodes"},
			{urls.KindFeed(content.English, content.Watch, urls.FormatRSS), "Busrides: video episodes"},
			{urls.Podcast(content.English, content.Listen), "Busrides podcast"},
			{urls.Podcast(content.English, content.Watch), "Busrides video podcast"},
			{urls.TopicFeed(content.English, "data-literacy", urls.FormatRSS), "Busrides: episodes on Data Literacy"},
			{urls.SeriesFeed(content.English, "data-literacy-essentials", urls.FormatRSS), "Busrides: episodes in the Data Literacy Essentials series"},
		},
		content.French: {
			{urls.Feed(content.French, urls.FormatRSS), "Trajets en bus\u00a0: tous les épisodes"},
			{urls.KindFeed(content.French, content.Read, urls.FormatRSS), "Trajets en bus\u00a0: épisodes écrits"},
			{urls.KindFeed(content.French, content.Listen, urls.FormatRSS), "Trajets en bus\u00a0: épisodes audio"},
			{urls.KindFeed(content.French, content.Watch, urls.FormatRSS), "Trajets en bus\u00a0: épisodes vidéo"},
			{urls.Podcast(content.French, content.Listen), "Balado Trajets en bus"},
			{urls.Podcast(content.French, content.Watch), "Balado vidéo Trajets en bus"},
			{urls.TopicFeed(content.French, "litteratie-des-donnees", urls.FormatRSS), "Trajets en bus\u00a0: épisodes sur le thème «\u00a0Littératie des données\u00a0»"},
			{urls.SeriesFeed(content.French, "lessentiel-de-la-litteratie-des-donnees", urls.FormatRSS), "Trajets en bus\u00a0: épisodes de la série L’essentiel de la littératie des données"},
		},
	}
	// Every page lists the all-episodes feeds and the podcasts; topic and
	// series pages add their own.
	pages := map[content.Lang][]string{
		content.English: {"/en/", "/en/topics/data-literacy", "/en/series/data-literacy-essentials"},
		content.French:  {"/fr/", "/fr/sujets/litteratie-des-donnees", "/fr/series/lessentiel-de-la-litteratie-des-donnees"},
	}
	for lang, feeds := range want {
		links := map[string]string{}
		for _, page := range pages[lang] {
			r := get(t, s, page)
			wantStatus(t, r, 200)
			for href, typeTitle := range feedLinks(r.Doc) {
				links[href] = typeTitle[1]
			}
		}
		for _, f := range feeds {
			t.Run(string(lang)+f.path, func(t *testing.T) {
				r := get(t, s, f.path)
				wantStatus(t, r, 200)
				if got := parseFeedBody(t, f.path, r.Body).Title; got != f.title {
					t.Errorf("title %q, want %q", got, f.title)
				}
				link, listed := links[feedBase+f.path]
				if f.path == urls.KindFeed(lang, content.Read, urls.FormatRSS) ||
					f.path == urls.KindFeed(lang, content.Listen, urls.FormatRSS) ||
					f.path == urls.KindFeed(lang, content.Watch, urls.FormatRSS) {
					if listed {
						t.Errorf("format feed listed as %q: pages do not offer it", link)
					}
					return
				}
				want := f.title
				if f.path != urls.Podcast(lang, content.Listen) && f.path != urls.Podcast(lang, content.Watch) {
					want += " (RSS)"
				}
				if !listed || link != want {
					t.Errorf("discovery link titled %q (listed: %v), want %q", link, listed, want)
				}
			})
		}
	}
}
