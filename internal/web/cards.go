package web

import (
	"sort"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// Catalogue keys for each kind. A test checks every one exists in both
// catalogues.
var (
	kindKeys = map[content.Kind]string{
		content.Read: "kind.read", content.Listen: "kind.listen", content.Watch: "kind.watch",
	}
	minutesKeys = map[content.Kind]string{
		content.Read: "episode.minutes_read", content.Listen: "episode.minutes_listen", content.Watch: "episode.minutes_watch",
	}
)

// card summarises ep's version in lang. The caller makes sure it exists.
func card(ep *content.Episode, lang content.Lang) Card {
	v := ep.Version(lang)
	c := Card{
		URL:        urls.Episode(lang, v.Slug),
		Title:      v.Title,
		Summary:    v.Summary,
		Kind:       ep.Kind,
		KindKey:    kindKeys[ep.Kind],
		MinutesKey: minutesKeys[ep.Kind],
		Minutes:    ep.Minutes(lang),
		Published:  ep.PublishedAt,
		Image:      v.Image,
	}
	if len(ep.Topics) > 0 {
		t := ep.Topics[0]
		c.Topic = &Link{Label: t.Names.In(lang), URL: urls.Topic(lang, t.Slugs.In(lang))}
	}
	if ep.Series != nil {
		c.Position = ep.Series.Position
	}
	return c
}

func cards(eps []*content.Episode, lang content.Lang) []Card {
	out := make([]Card, 0, len(eps))
	for _, ep := range eps {
		if ep.Version(lang) != nil {
			out = append(out, card(ep, lang))
		}
	}
	return out
}

// newest is the latest modification among episodes: the "Date modified" of
// a listing.
func newest(eps []*content.Episode) time.Time {
	var t time.Time
	for _, e := range eps {
		if e.ModifiedAt.After(t) {
			t = e.ModifiedAt
		}
	}
	return t
}

// sortOptions orders select options by label in the page language's
// alphabetical order (é sorts with e).
func sortOptions(opts []Option, lang content.Lang) {
	c := collate.New(language.Make(lang.Tag()), collate.IgnoreCase)
	sort.SliceStable(opts, func(i, j int) bool { return c.CompareString(opts[i].Label, opts[j].Label) < 0 })
}

// sortItems orders index entries by label in the page language's order.
func sortItems(items []IndexItem, lang content.Lang) {
	c := collate.New(language.Make(lang.Tag()), collate.IgnoreCase)
	sort.SliceStable(items, func(i, j int) bool { return c.CompareString(items[i].Label, items[j].Label) < 0 })
}

// firstLine is the first paragraph of a Markdown text, for short listings.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n\n")
	return strings.Join(strings.Fields(s), " ")
}
