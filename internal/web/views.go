package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/urls"
)

// Common is what every public page's template needs: the layout reads it.
type Common struct {
	Lang        content.Lang
	Title       string // this page's title; the layout adds the site name
	SiteName    string // the site's name in this language: site settings, else the catalogue
	Description string
	Canonical   string // absolute URL of this page
	AltURL      string // the counterpart page in the other language
	AltLang     content.Lang
	Banner      string // site notice, in this page's language
	Flash       string // a notice about this request (already translated)
	Modified    time.Time
	Breadcrumbs []Link
	Nav         Nav
	NoIndex     bool
	// WithFeedback shows the page feedback tool ("Did you find what you
	// were looking for?"), in the state Feedback says: every page but the
	// error pages and the splash page.
	WithFeedback bool
	Feedback     FeedbackForm

	// Metadata for search engines, feed readers and link previews (meta.go).
	AltCanonical string      // absolute URL of the counterpart page; empty when there is none
	XDefault     string      // absolute URL of the language selection page (hreflang x-default)
	OGType       string      // website or article
	ShareImage   string      // absolute URL of the sharing image (og:image)
	ShareAlt     string      // its text alternative
	Published    time.Time   // dcterms.issued, when the page has a publication date
	Subjects     []string    // dcterms.subject: an episode's topics
	Feeds        []FeedLink  // feed discovery links
	JSONLD       template.JS // schema.org graph, already JSON (see jsonLD)
}

// LangTag is the page's BCP 47 language (en-CA, fr-CA).
func (c Common) LangTag() string { return c.Lang.Tag() }

// AltLangTag is the other language's BCP 47 tag.
func (c Common) AltLangTag() string { return c.AltLang.Tag() }

// Nav holds the site's section URLs in the page's language.
type Nav struct {
	Home, Topics, Series, Authors, Privacy, Search, Ride, Subscribe string
	// Labels of the footer's links, in the page's language.
	TopicsLabel, SeriesLabel, AuthorsLabel, PrivacyLabel, TermsLabel string
	Glossary, GlossaryLabel                                          string
	// The site pages the footer links (About, Contact, Terms and
	// conditions), "" while a page is not published.
	About, Contact, Terms    string
	AboutLabel, ContactLabel string
	SubscribeLabel           string
}

// linkSitePages points the site pages' links at the published pages.
func (n *Nav) linkSitePages(lang content.Lang, links []content.SitePageLink) {
	for _, l := range links {
		slug := l.Slugs.In(lang)
		if slug == "" {
			continue
		}
		u := urls.SitePage(lang, slug)
		switch l.Key {
		case content.SitePageAbout:
			n.About = u
		case content.SitePageContact:
			n.Contact = u
		case content.SitePageTerms:
			n.Terms = u
		}
	}
}

// The footer's bands, as gcds-footer reads them (JSON objects of label →
// URL, in this order) and as the footer without scripts lists them. The
// component shows at most 3 links in the contextual band and 5 in the last
// one, dropping the rest (TestFooterKeepsEveryLink).

// FooterLinks is the footer's contextual band: the site's sections.
func (c Common) FooterLinks() LinkObject {
	return LinkObject{{c.Nav.TopicsLabel, c.Nav.Topics}, {c.Nav.SeriesLabel, c.Nav.Series}, {c.Nav.AuthorsLabel, c.Nav.Authors}}
}

// FooterSubLinks is the footer's last band: the glossary, the site
// pages that are published (About, Contact, Terms and conditions) and
// privacy: five links at most.
func (c Common) FooterSubLinks() LinkObject {
	links := LinkObject{{c.Nav.GlossaryLabel, c.Nav.Glossary}}
	for _, l := range []Link{{c.Nav.AboutLabel, c.Nav.About}, {c.Nav.ContactLabel, c.Nav.Contact}, {c.Nav.TermsLabel, c.Nav.Terms}} {
		if l.URL != "" {
			links = append(links, l)
		}
	}
	return append(links, Link{c.Nav.PrivacyLabel, c.Nav.Privacy})
}

// LinkObject encodes links as one JSON object, label → URL, keeping their
// order (a Go map would sort them).
type LinkObject []Link

// MarshalJSON implements json.Marshaler.
func (l LinkObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, link := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(link.Label)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(link.URL)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func navFor(lang content.Lang, p *i18n.Printer) Nav {
	return Nav{
		Home: urls.Home(lang), Topics: urls.Topics(lang), Series: urls.SeriesIndex(lang), Authors: urls.Authors(lang), Privacy: urls.Privacy(lang),
		Search: urls.Search(lang), Ride: urls.Ride(lang), Subscribe: urls.Subscribe(lang),
		TopicsLabel: p.T("nav.topics"), SeriesLabel: p.T("nav.series"), AuthorsLabel: p.T("nav.authors"),
		PrivacyLabel: p.T("nav.privacy"), TermsLabel: p.T("nav.terms"), AboutLabel: p.T("nav.about"), ContactLabel: p.T("nav.contact"),
		Glossary: urls.Glossary(lang), GlossaryLabel: p.T("nav.glossary"),
		SubscribeLabel: p.T("nav.subscribe"),
	}
}

// Link is a label and a URL.
type Link struct {
	Label string
	URL   string
}

// Card summarises an episode in a listing.
type Card struct {
	URL        string
	Title      string
	Summary    string
	Kind       content.Kind
	KindKey    string // catalogue key of the kind's label
	MinutesKey string // catalogue key of "N min read/listen/watch"
	Minutes    int
	Topic      *Link
	Published  time.Time
	Image      content.Image
	// Picture is the feature image as the card's thumbnail, alt text in
	// the card's language; nil when there is none (or it is not a file
	// of this site).
	Picture  *Picture
	Position int // place in a series, when listed in one
}

// EpisodePage is the view of GET /{lang}/episodes/{slug}.
type EpisodePage struct {
	Common
	Episode    Card
	Body       template.HTML
	Transcript template.HTML
	Image      content.Image
	// Feature shows Image (Read episodes), with its copies for srcset
	// when it is a file of the media library; nil without an image.
	Feature   *Picture
	MediaURL  string
	MediaType string
	// Captions are the caption tracks of a video, the page's language
	// first; CaptionsNote is the catalogue key of the sentence saying in
	// which languages captions exist, "" when there are none.
	Captions     []CaptionTrack
	CaptionsNote string
	LearnMore    []LearnMoreLink
	Topics       []Link
	Authors      []AuthorCard
	Series       *SeriesPlace
	Related      []Card
	Subscribe    *SubscribeLinks // Listen and Watch: the podcast
	Share        []ShareLink
	ShareURL     string // the canonical URL the copy-link button copies
	// Preview marks a preview link's page: the episode as its editor has
	// it, not published (preview_show.go).
	Preview bool
}

// LearnMoreLink is a "Learn more" link. HrefLang is the language of a
// page in one language only ("" when not said), and Note says so when that
// is not the page's language: « (en anglais seulement) », "(in French
// only)".
type LearnMoreLink struct {
	Label, URL, HrefLang, Note string
}

// CaptionTrack is a caption file the video player offers.
type CaptionTrack struct {
	URL     string // a /media/ path or an https URL (content.ValidCaptionsURL)
	Lang    string // srclang: "en" or "fr"
	Label   string // the language's name, in the page's language
	Default bool   // the page's language: shown unless the reader turns it off
}

// AuthorCard is an author with the bio in the page's language only.
type AuthorCard struct {
	Name string
	Role string
	Bio  string
	URL  string
	// AboutKey is the catalogue key of the card's heading and label:
	// « À propos de l'auteur » in the author's chosen French form
	// (content.FrenchNoun.AboutKey).
	AboutKey string
	Photo    *Picture // alt text the author's name; nil for none
}

// SeriesPlace says where an episode sits in its series.
type SeriesPlace struct {
	Title    string
	URL      string
	Position int
	Total    int
	Previous *Link
	Next     *Link
}

// FeedbackForm is the state of the page feedback tool on one page.
type FeedbackForm struct {
	Action    string // where the forms post
	EpisodeID int64  // the episode the page is about; 0 for none
	// Page is this page, path and query, for the forms: the answer is
	// about its path, and the reader comes back to it.
	Page string
	// State is "" (the question), "no" (the answer is in; the optional
	// comment box) or "thanks".
	State string
	// Token names the stored "No" the comment box adds to ("" when the
	// box sends the answer and its comment together).
	Token      string
	Comment    string // as typed, kept on error
	Error      string // translated message, empty when none
	Redacted   bool   // the thanks say personal information was removed
	PrivacyURL string
	MaxRunes   int
}

// ListPage is the view of the home page and of topic, author and series pages.
type ListPage struct {
	Common
	Heading  string
	Intro    template.HTML // sanitised at save time
	Bio      string
	Role     string
	Photo    *Picture // an author page's photo, alt text the author's name
	Cards    []Card
	Total    int
	Pager    Pager
	Filters  *Filters
	Ordered  bool // a series: cards show their position
	Start    int  // the number of the first card of an ordered list's page
	EmptyKey string
	// Subscribe offers a topic's or series' feeds; nil elsewhere.
	Subscribe *SubscribeLinks
}

// Filters is the kind/topic filter form of the home page.
type Filters struct {
	Action    string
	Kind      content.Kind
	Topic     string // slug in the page's language
	Kinds     []Option
	Topics    []Option
	Durations []Option
}

// Option is one choice in a select.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// Pager links the pages of a listing.
type Pager struct {
	Page, Pages int
	Prev, Next  string
	Numbers     []PageLink
}

// PageLink is one numbered page link, or a gap where numbers are left out.
type PageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// IndexPage is the view of the topics, series and authors indexes.
type IndexPage struct {
	Common
	Heading string
	Items   []IndexItem
}

// IndexItem is one entry of an index page.
type IndexItem struct {
	Label       string
	URL         string
	Description string
	Count       int
	Modified    time.Time // newest change among its episodes
}

// SplashPage is the bilingual language-selection page at /.
type SplashPage struct {
	Lang   content.Lang // the hinted language, first in reading order
	EN, FR SplashSide
	// Names are the site's names, the hinted language's first (one when
	// both languages use the same); Name joins them for titles.
	Names  []SplashName
	Name   string
	Banner content.Notice
	// Canonical is the page's absolute URL (also its hreflang x-default).
	Canonical  string
	Alternates []Alternate
	Image      string
	Feeds      []FeedLink // both languages' all-episodes feeds
	// Signature and Wordmark are the text alternatives of the GC signature
	// and the Canada wordmark, in both languages, the hinted one first.
	Signature, Wordmark string
}

// SplashName is the site's name in one language.
type SplashName struct {
	Tag, Name string
}

// SplashSide is one language's half of the splash page.
type SplashSide struct {
	Lang    content.Lang
	Tag     string
	Name    string
	Tagline string
	Go      string
	URL     string
	Terms   Link // the terms and conditions; no URL while unpublished
}

// ErrorPage is the view of 404 and 500 pages.
type ErrorPage struct {
	Common
	Status    int
	Heading   string
	Body      string
	Reference string
}

// SitePageView is the view of a site page (About, Contact, Terms and
// conditions).
type SitePageView struct {
	Common
	Key  content.SitePageKey
	Body template.HTML // sanitised at save time
}

// PrivacyPage is the view of the privacy notice.
type PrivacyPage struct {
	Common
}

// SearchPage is the view of GET /en/search and /fr/recherche.
type SearchPage struct {
	Common
	Query         string
	Action        string
	Searched      bool // the query had words to look for
	Total         int
	Results       []SearchResultView
	Filters       SearchFilters
	Pager         Pager
	Suggestion    string
	SuggestionURL string
	// OtherTotal is how many episodes match every word in the other
	// language when none does in this one; OtherURL is that search.
	OtherTotal int
	OtherURL   string
	// LeftOut names the words the results leave out when no episode has
	// them all (results for some of the words only); empty otherwise.
	LeftOut string
}

// SearchResultView is one hit: a card, its excerpt, its counterpart.
type SearchResultView struct {
	Card
	Snippet  []Segment
	AltURL   string
	AltTitle string
}

// Segment is a piece of an excerpt; Match marks the searched words.
type Segment struct {
	Text  string
	Match bool
}

// SearchFilters are the search form's choices.
type SearchFilters struct {
	Kinds, Topics, Series, Durations []Option
	ByDate                           bool
}
