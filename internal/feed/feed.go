// Package feed writes the documents Busrides distributes: RSS 2.0, Atom 1.0
// and JSON Feed 1.1 channels, podcast RSS (Apple Podcasts and Podcasting 2.0
// tags), and sitemaps. It turns plain data into bytes and does no I/O: the
// web package maps content to these types and serves the result.
package feed

import "time"

// Channel is one feed: a list of items in one language.
type Channel struct {
	ID          string // optional stable feed id for Atom <id>; SelfURL when ""
	Lang        string // "en" or "fr"; written as en-CA / fr-CA
	Title       string
	Description string
	HomeURL     string // absolute URL of the page the feed mirrors
	SelfURL     string // absolute URL of this feed
	AltURL      string // absolute URL of the same feed in the other language ("" for none)
	AltLang     string // the other language, "en" or "fr"
	Updated     time.Time
	Author      string // the publisher, e.g. "Busrides"
	Copyright   string
	Image       *Image
	Items       []Item
	Podcast     *Podcast // podcast feeds only
}

// Item is one episode version in a feed.
type Item struct {
	ID          string // stable across slug changes (see ItemID)
	URL         string // absolute
	Title       string
	Summary     string
	ContentHTML string // "" when the feed carries summaries only
	Published   time.Time
	Modified    time.Time
	Authors     []string
	Categories  []string
	Image       *Image
	Enclosure   *Enclosure // listen/watch
	Duration    int        // seconds; podcasts
	Transcripts []Transcript
	Explicit    bool
	// Ref is the caller's reference for the item (an episode id): never
	// written, only given back with the problems Prune reports.
	Ref int64
}

// Image is a picture with alternative text, absolute URL.
type Image struct {
	URL string
	Alt string
}

// Enclosure is the media file of a podcast item.
type Enclosure struct {
	URL    string // absolute
	Length int64  // exact size in bytes
	Type   string // MIME type
}

// Transcript is a transcript of an item, in one format.
type Transcript struct {
	URL      string // absolute
	Type     string // "text/vtt" or "text/html"
	Language string // "en" or "fr"
}

// Podcast holds the channel-level podcast tags.
type Podcast struct {
	GUID       string // Podcasting 2.0 podcast:guid (see PodcastGUID)
	Locked     bool   // podcast:locked
	OwnerName  string
	OwnerEmail string
	Category   string // Apple category, e.g. "Education"
	Explicit   bool
	Type       string // "episodic" or "serial"
	Image      string // absolute URL of square artwork, 1400–3000 px
}

// SitemapURL is one page in a sitemap, with its counterparts.
type SitemapURL struct {
	Loc        string
	LastMod    time.Time
	Alternates []Alternate
}

// Alternate is a language version of a page.
type Alternate struct {
	Hreflang string // en-CA, fr-CA, x-default
	Href     string
}

// SitemapRef is one sitemap in a sitemap index.
type SitemapRef struct {
	Loc     string
	LastMod time.Time
}

// MaxSitemapURLs is the sitemap protocol's limit of URLs per file.
const MaxSitemapURLs = 50000
