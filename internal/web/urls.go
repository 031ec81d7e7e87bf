package web

import (
	"net/url"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// segments are the words in public URLs, in the page's language. They are
// lowercase ASCII (Canada.ca URL rules): French words are accent-folded.
type segments struct {
	Episodes, Topics, Authors, Series, Privacy, Feedback string
	Feeds, Kinds, Transcript, Podcast, VideoPodcast      string
	Search, Ride                                         string
	KindNames                                            map[content.Kind]string
}

var urlSegments = map[content.Lang]segments{
	content.English: {Episodes: "episodes", Topics: "topics", Authors: "authors", Series: "series", Privacy: "privacy", Feedback: "feedback",
		Feeds: "feeds", Kinds: "formats", Transcript: "transcript", Podcast: "podcast", VideoPodcast: "video-podcast",
		Search: "search", Ride: "ride",
		KindNames: map[content.Kind]string{content.Read: "read", content.Listen: "listen", content.Watch: "watch"}},
	content.French: {Episodes: "episodes", Topics: "sujets", Authors: "auteurs", Series: "series", Privacy: "confidentialite", Feedback: "retroaction",
		Feeds: "fils", Kinds: "formats", Transcript: "transcription", Podcast: "balado", VideoPodcast: "balado-video",
		Search: "recherche", Ride: "trajet",
		KindNames: map[content.Kind]string{content.Read: "lecture", content.Listen: "ecoute", content.Watch: "visionnement"}},
}

func seg(lang content.Lang) segments { return urlSegments[lang] }

// HomeURL is a language's home page.
func HomeURL(lang content.Lang) string { return "/" + string(lang) + "/" }

// EpisodeURL is the page of an episode's version.
func EpisodeURL(lang content.Lang, slug string) string {
	return "/" + string(lang) + "/" + seg(lang).Episodes + "/" + slug
}

// TopicURL is a topic's page.
func TopicURL(lang content.Lang, slug string) string {
	return "/" + string(lang) + "/" + seg(lang).Topics + "/" + slug
}

// TopicsURL lists the topics.
func TopicsURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Topics }

// AuthorURL is an author's page.
func AuthorURL(lang content.Lang, slug string) string {
	return "/" + string(lang) + "/" + seg(lang).Authors + "/" + slug
}

// AuthorsURL lists the authors.
func AuthorsURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Authors }

// SeriesURL is a series' page.
func SeriesURL(lang content.Lang, slug string) string {
	return "/" + string(lang) + "/" + seg(lang).Series + "/" + slug
}

// SeriesIndexURL lists the series.
func SeriesIndexURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Series }

// PrivacyURL is the privacy notice.
func PrivacyURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Privacy }

// FeedbackURL receives the page feedback form.
func FeedbackURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Feedback }

// Feed formats, by file extension.
const (
	FormatRSS  = "xml"
	FormatAtom = "atom"
	FormatJSON = "json"
)

// FeedFormats lists the feed formats in the order pages offer them.
var FeedFormats = []string{FormatRSS, FormatAtom, FormatJSON}

// FeedURL is the feed of all episodes in lang: /en/feeds/episodes.xml.
func FeedURL(lang content.Lang, format string) string {
	return "/" + string(lang) + "/" + seg(lang).Feeds + "/episodes." + format
}

// TopicFeedURL is a topic's feed: /en/feeds/topics/{slug}.xml.
func TopicFeedURL(lang content.Lang, slug, format string) string {
	return "/" + string(lang) + "/" + seg(lang).Feeds + "/" + seg(lang).Topics + "/" + slug + "." + format
}

// SeriesFeedURL is a series' feed: /en/feeds/series/{slug}.xml.
func SeriesFeedURL(lang content.Lang, slug, format string) string {
	return "/" + string(lang) + "/" + seg(lang).Feeds + "/" + seg(lang).Series + "/" + slug + "." + format
}

// KindFeedURL is the feed of one kind: /en/feeds/formats/listen.xml,
// /fr/fils/formats/ecoute.xml.
func KindFeedURL(lang content.Lang, kind content.Kind, format string) string {
	return "/" + string(lang) + "/" + seg(lang).Feeds + "/" + seg(lang).Kinds + "/" + seg(lang).KindNames[kind] + "." + format
}

// PodcastURL is the podcast feed of Listen episodes (/en/podcast.xml,
// /fr/balado.xml), or of Watch episodes as video (/en/video-podcast.xml,
// /fr/balado-video.xml).
func PodcastURL(lang content.Lang, kind content.Kind) string {
	if kind == content.Watch {
		return "/" + string(lang) + "/" + seg(lang).VideoPodcast + ".xml"
	}
	return "/" + string(lang) + "/" + seg(lang).Podcast + ".xml"
}

// TranscriptURL is an episode's transcript as a page (format "") or as
// WebVTT ("vtt"): /en/episodes/{slug}/transcript(.vtt).
func TranscriptURL(lang content.Lang, slug, format string) string {
	u := EpisodeURL(lang, slug) + "/" + seg(lang).Transcript
	if format != "" {
		u += "." + format
	}
	return u
}

// SearchURL is the search page: /en/search, /fr/recherche.
func SearchURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Search }

// RideURL is the commute planner: /en/ride, /fr/trajet.
func RideURL(lang content.Lang) string { return "/" + string(lang) + "/" + seg(lang).Ride }

// SitemapURL is the sitemap (or sitemap index).
const SitemapURL = "/sitemap.xml"

// untranslatedURL is where the language toggle goes when a page has no
// counterpart: the other language's home, with a notice.
func untranslatedURL(lang content.Lang) string { return HomeURL(lang) + "?notice=untranslated" }

// withQuery appends non-empty query parameters in the given order.
func withQuery(base string, kv ...string) string {
	v := url.Values{}
	order := []string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
			order = append(order, kv[i])
		}
	}
	if len(order) == 0 {
		return base
	}
	s := base + "?"
	for i, k := range order {
		if i > 0 {
			s += "&"
		}
		s += url.QueryEscape(k) + "=" + url.QueryEscape(v.Get(k))
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
