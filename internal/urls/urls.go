// Package urls owns the public site's URLs: the words of each language's
// paths and the functions that build them. The public site registers its
// routes from these words, and everything else that names a public page —
// the back office, feeds, storage's redirects — builds the path here, so
// that a path word changes in one place.
//
// Paths are lowercase ASCII (Canada.ca URL rules): French words are
// accent-folded. Every function returns a path; the caller makes it
// absolute where it must be.
package urls

import "github.com/busrides/busrides/internal/content"

// Words are the path words of one language.
type Words struct {
	Episodes, Topics, Authors, Series, Privacy, Feedback, Glossary string
	Feeds, Kinds, Transcript, Podcast, VideoPodcast                string
	Search, Ride, Subscribe, Preview                               string
	KindNames                                                      map[content.Kind]string
}

var words = map[content.Lang]Words{
	content.English: {Episodes: "episodes", Topics: "topics", Authors: "authors", Series: "series", Privacy: "privacy", Feedback: "feedback",
		Glossary: "glossary", Feeds: "feeds", Kinds: "formats", Transcript: "transcript", Podcast: "podcast", VideoPodcast: "video-podcast",
		Search: "search", Ride: "ride", Subscribe: "subscribe", Preview: "preview",
		KindNames: map[content.Kind]string{content.Read: "read", content.Listen: "listen", content.Watch: "watch"}},
	content.French: {Episodes: "episodes", Topics: "sujets", Authors: "auteurs", Series: "series", Privacy: "confidentialite", Feedback: "retroaction",
		Glossary: "glossaire", Feeds: "fils", Kinds: "formats", Transcript: "transcription", Podcast: "balado", VideoPodcast: "balado-video",
		Search: "recherche", Ride: "trajet", Subscribe: "abonnement", Preview: "apercu",
		KindNames: map[content.Kind]string{content.Read: "lecture", content.Listen: "ecoute", content.Watch: "visionnement"}},
}

// In returns the path words of lang. Callers must not change its
// KindNames.
func In(lang content.Lang) Words { return words[lang] }

// KindFromName returns the kind whose path word in lang is name, or "".
func KindFromName(lang content.Lang, name string) content.Kind {
	for k, n := range words[lang].KindNames {
		if n == name {
			return k
		}
	}
	return ""
}

func prefix(lang content.Lang) string { return "/" + string(lang) }

// Home is a language's home page: /en/, /fr/.
func Home(lang content.Lang) string { return prefix(lang) + "/" }

// Untranslated is where the language toggle goes when a page has no
// counterpart: the other language's home, with a notice.
func Untranslated(lang content.Lang) string { return Home(lang) + "?notice=untranslated" }

// Episode is the page of an episode's version: /en/episodes/{slug}.
func Episode(lang content.Lang, slug string) string {
	return prefix(lang) + "/" + words[lang].Episodes + "/" + slug
}

// Preview is a preview link's page: /en/preview/{token},
// /fr/apercu/{token}.
func Preview(lang content.Lang, token string) string {
	return prefix(lang) + "/" + words[lang].Preview + "/" + token
}

// Transcript is an episode's transcript as a page (format "") or as
// WebVTT ("vtt"): /en/episodes/{slug}/transcript(.vtt).
func Transcript(lang content.Lang, slug, format string) string {
	u := Episode(lang, slug) + "/" + words[lang].Transcript
	if format != "" {
		u += "." + format
	}
	return u
}

// Topic is a topic's page: /en/topics/{slug}, /fr/sujets/{slug}.
func Topic(lang content.Lang, slug string) string {
	return prefix(lang) + "/" + words[lang].Topics + "/" + slug
}

// Topics lists the topics.
func Topics(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Topics }

// Author is an author's page: /en/authors/{slug}, /fr/auteurs/{slug}.
func Author(lang content.Lang, slug string) string {
	return prefix(lang) + "/" + words[lang].Authors + "/" + slug
}

// Authors lists the authors.
func Authors(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Authors }

// Series is a series' page: /en/series/{slug}.
func Series(lang content.Lang, slug string) string {
	return prefix(lang) + "/" + words[lang].Series + "/" + slug
}

// SeriesIndex lists the series.
func SeriesIndex(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Series }

// Privacy is the privacy notice.
func Privacy(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Privacy }

// Feedback receives the page feedback form.
func Feedback(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Feedback }

// Glossary is the editorial glossary: /en/glossary, /fr/glossaire.
func Glossary(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Glossary }

// SitePage is one of the site's own pages (About, Contact, Terms and
// conditions), at its slug right under the language: /en/about,
// /fr/a-propos. Its slug may not be a path word of the language
// (Reserved).
func SitePage(lang content.Lang, slug string) string { return prefix(lang) + "/" + slug }

// Reserved reports whether slug is one of lang's path words (Words): a
// site page with that slug would be hidden behind, or mistaken for, one
// of the site's own paths.
func Reserved(lang content.Lang, slug string) bool {
	w := words[lang]
	switch slug {
	case w.Episodes, w.Topics, w.Authors, w.Series, w.Privacy, w.Feedback, w.Glossary,
		w.Feeds, w.Kinds, w.Transcript, w.Podcast, w.VideoPodcast, w.Search, w.Ride, w.Subscribe, w.Preview:
		return true
	}
	return false
}

// Search is the search page: /en/search, /fr/recherche.
func Search(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Search }

// Ride is the commute planner: /en/ride, /fr/trajet.
func Ride(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Ride }

// Subscribe is the page listing the site's podcasts and feeds, with links
// that add them to podcast apps: /en/subscribe, /fr/abonnement.
func Subscribe(lang content.Lang) string { return prefix(lang) + "/" + words[lang].Subscribe }

// Feed formats, by file extension.
const (
	FormatRSS  = "xml"
	FormatAtom = "atom"
	FormatJSON = "json"
)

// FeedFormats lists the feed formats in the order pages offer them.
var FeedFormats = []string{FormatRSS, FormatAtom, FormatJSON}

// Feed is the feed of all episodes in lang: /en/feeds/episodes.xml.
func Feed(lang content.Lang, format string) string {
	return prefix(lang) + "/" + words[lang].Feeds + "/episodes." + format
}

// TopicFeed is a topic's feed: /en/feeds/topics/{slug}.xml.
func TopicFeed(lang content.Lang, slug, format string) string {
	w := words[lang]
	return prefix(lang) + "/" + w.Feeds + "/" + w.Topics + "/" + slug + "." + format
}

// SeriesFeed is a series' feed: /en/feeds/series/{slug}.xml.
func SeriesFeed(lang content.Lang, slug, format string) string {
	w := words[lang]
	return prefix(lang) + "/" + w.Feeds + "/" + w.Series + "/" + slug + "." + format
}

// KindFeed is the feed of one kind: /en/feeds/formats/listen.xml,
// /fr/fils/formats/ecoute.xml.
func KindFeed(lang content.Lang, kind content.Kind, format string) string {
	w := words[lang]
	return prefix(lang) + "/" + w.Feeds + "/" + w.Kinds + "/" + w.KindNames[kind] + "." + format
}

// Podcast is the podcast feed of Listen episodes (/en/podcast.xml,
// /fr/balado.xml), or of Watch episodes as video (/en/video-podcast.xml,
// /fr/balado-video.xml).
func Podcast(lang content.Lang, kind content.Kind) string {
	if kind == content.Watch {
		return prefix(lang) + "/" + words[lang].VideoPodcast + ".xml"
	}
	return prefix(lang) + "/" + words[lang].Podcast + ".xml"
}

// Sitemap is the sitemap (or sitemap index).
const Sitemap = "/sitemap.xml"
