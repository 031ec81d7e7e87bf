package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// Page metadata for search engines, feed readers and link previews: the
// hreflang alternates, feed discovery links, share links and JSON-LD. The
// layout (templates/layouts/base.html) writes them from Common.

// FeedLink is a feed offered by <link rel="alternate" type=…>.
type FeedLink struct {
	Type  string // MIME type: application/rss+xml, application/atom+xml, application/feed+json
	Title string // in the page's language
	URL   string // absolute
}

// Alternate is a <link rel="alternate" hreflang=…>.
type Alternate struct {
	HrefLang string // en-CA, fr-CA or x-default
	URL      string // absolute
}

// ShareLink is a plain link that shares an episode on another site.
type ShareLink struct {
	Name  string // visible text
	Label string // accessible name, in the page's language
	URL   string
	Site  string // for the CSS class: email, linkedin, x, facebook
}

// feedTypes are the MIME types of each feed format, for feed discovery.
var feedTypes = map[string]string{
	urls.FormatRSS:  "application/rss+xml",
	urls.FormatAtom: "application/atom+xml",
	urls.FormatJSON: "application/feed+json",
}

// feedFormatNames name the formats in feed titles (the same in both
// languages, so not in the catalogue).
var feedFormatNames = map[string]string{urls.FormatRSS: "RSS", urls.FormatAtom: "Atom", urls.FormatJSON: "JSON Feed"}

// institutionURLs are the home pages of the institution that publishes the
// site (dcterms.creator, JSON-LD publisher).
var institutionURLs = map[content.Lang]string{
	content.English: "https://www.csps-efpc.gc.ca/index-eng.aspx",
	content.French:  "https://www.csps-efpc.gc.ca/index-fra.aspx",
}

// Alternates lists the page's language versions for hreflang links: this
// page, its counterpart when there is one, and the language selection page
// as x-default. Pages kept out of search engines (noindex) have none.
func (c Common) Alternates() []Alternate {
	if c.Canonical == "" || c.NoIndex {
		return nil
	}
	var out []Alternate
	for _, l := range content.Langs {
		switch {
		case l == c.Lang:
			out = append(out, Alternate{HrefLang: l.Tag(), URL: c.Canonical})
		case c.AltCanonical != "":
			out = append(out, Alternate{HrefLang: l.Tag(), URL: c.AltCanonical})
		}
	}
	if c.XDefault != "" {
		out = append(out, Alternate{HrefLang: "x-default", URL: c.XDefault})
	}
	return out
}

// OGLocale is the page's OpenGraph locale (en_CA, fr_CA).
func (c Common) OGLocale() string { return ogLocale(c.Lang) }

// OGLocaleAlternate is the counterpart's OpenGraph locale, empty when the
// page exists in one language only.
func (c Common) OGLocaleAlternate() string {
	if c.AltCanonical == "" {
		return ""
	}
	return ogLocale(c.AltLang)
}

func ogLocale(l content.Lang) string { return string(l) + "_CA" }

// LangISO is the page's language as ISO 639-2/T (eng, fra), for dcterms.language.
func (c Common) LangISO() string {
	if c.Lang == content.French {
		return "fra"
	}
	return "eng"
}

// SubjectList joins the subjects for dcterms.subject.
func (c Common) SubjectList() string { return strings.Join(c.Subjects, "; ") }

// PublishedTime is the publication instant in ISO 8601, empty when none.
func (c Common) PublishedTime() string { return Timestamp(c.Published) }

// ModifiedTime is the last change in ISO 8601, empty when none.
func (c Common) ModifiedTime() string { return Timestamp(c.Modified) }

// Timestamp formats an instant for OpenGraph and JSON-LD (ISO 8601).
// The zero time gives "".
func Timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// meta fills the parts of Common that need no database: the x-default page,
// the default sharing image and the site's feeds.
func (h *Handler) meta(c *Common) {
	p := h.printer(c.Lang)
	c.XDefault = h.abs("/")
	c.OGType = "website"
	if h.cfg.Assets != nil {
		c.ShareImage = h.abs(h.cfg.Assets.URL(defaultImage))
	}
	c.ShareAlt = p.T("site.image_alt")
	c.Feeds = h.siteFeeds(c.Lang, c.SiteName)
}

// defaultImage is the sharing image of pages without their own (static file).
const defaultImage = "img/og-default.png"

// siteFeeds are the feeds every page offers: all episodes in each format,
// then the podcasts, named with the site's name in lang.
func (h *Handler) siteFeeds(lang content.Lang, site string) []FeedLink {
	p := h.printer(lang)
	var out []FeedLink
	for _, f := range urls.FeedFormats {
		out = append(out, FeedLink{Type: feedTypes[f], Title: feedTitle(p.T("feed.channel_all", "site", site), f), URL: h.abs(urls.Feed(lang, f))})
	}
	out = append(out,
		FeedLink{Type: feedTypes[urls.FormatRSS], Title: p.T("podcast.title", "site", site), URL: h.abs(urls.Podcast(lang, content.Listen))},
		FeedLink{Type: feedTypes[urls.FormatRSS], Title: p.T("podcast.video_title", "site", site), URL: h.abs(urls.Podcast(lang, content.Watch))},
	)
	return out
}

// sectionFeeds are the feeds of a topic or series page, in each format:
// url names the feed of a format; key is the title's catalogue key, which
// names the section ({name}) and the site ({site}).
func (h *Handler) sectionFeeds(lang content.Lang, site, key, name string, url func(format string) string) []FeedLink {
	p := h.printer(lang)
	var out []FeedLink
	for _, f := range urls.FeedFormats {
		out = append(out, FeedLink{Type: feedTypes[f], Title: feedTitle(p.T(key, "site", site, "name", name), f), URL: h.abs(url(f))})
	}
	return out
}

// feedTitle names a feed and its format: "Busrides: all episodes (Atom)".
func feedTitle(title, format string) string { return title + " (" + feedFormatNames[format] + ")" }

// shareLinks are an episode's share links: e-mail, LinkedIn, X and Facebook.
func (h *Handler) shareLinks(lang content.Lang, title, canonical string) []ShareLink {
	p := h.printer(lang)
	u := queryEscape(canonical)
	return []ShareLink{
		{Site: "email", Name: p.T("share.email"), Label: p.T("share.email_label"),
			URL: "mailto:?subject=" + queryEscape(title) + "&body=" + queryEscape(crlf(title+"\n\n"+canonical))},
		{Site: "linkedin", Name: "LinkedIn", Label: p.T("share.on", "site", "LinkedIn"),
			URL: "https://www.linkedin.com/sharing/share-offsite/?url=" + u},
		{Site: "x", Name: "X", Label: p.T("share.on", "site", "X"),
			URL: "https://x.com/intent/post?url=" + u + "&text=" + queryEscape(title)},
		{Site: "facebook", Name: "Facebook", Label: p.T("share.on", "site", "Facebook"),
			URL: "https://www.facebook.com/sharer/sharer.php?u=" + u},
	}
}

// queryEscape percent-encodes a query value with spaces as %20, never +,
// which mail programs (RFC 6068) would show as is.
func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// crlf makes line breaks CRLF, as a mailto: body needs them.
func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// isoDuration writes a length in seconds as an ISO 8601 duration (PT1M30S).
func isoDuration(seconds int) string {
	if seconds <= 0 {
		return ""
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	d := "PT"
	if h > 0 {
		d += fmt.Sprintf("%dH", h)
	}
	if m > 0 {
		d += fmt.Sprintf("%dM", m)
	}
	if s > 0 {
		d += fmt.Sprintf("%dS", s)
	}
	return d
}

// --- JSON-LD (schema.org), built from typed values and marshalled with
// encoding/json, which escapes <, > and & as \u003c…: a title holding
// </script> or <!-- cannot end the script element. ---

type ldGraph struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

// jsonLD encodes schema.org nodes for the page's <script type="application/ld+json">.
func jsonLD(nodes ...any) template.JS {
	var keep []any
	for _, n := range nodes {
		if n != nil {
			keep = append(keep, n)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	b, err := json.Marshal(ldGraph{Context: "https://schema.org", Graph: keep})
	if err != nil {
		return ""
	}
	return template.JS(b) // #nosec: JSON with <, > and & escaped by encoding/json
}

type ldOrganization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldPerson struct {
	Type        string `json:"@type"`
	Name        string `json:"name"`
	URL         string `json:"url,omitempty"`
	JobTitle    string `json:"jobTitle,omitempty"`
	Description string `json:"description,omitempty"`
}

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// ldWork is what every episode type shares.
type ldWork struct {
	Type             string          `json:"@type"`
	ID               string          `json:"@id"`
	URL              string          `json:"url"`
	Name             string          `json:"name"`
	Description      string          `json:"description,omitempty"`
	InLanguage       string          `json:"inLanguage"`
	DatePublished    string          `json:"datePublished,omitempty"`
	DateModified     string          `json:"dateModified,omitempty"`
	Image            string          `json:"image,omitempty"`
	Author           []ldPerson      `json:"author,omitempty"`
	Publisher        *ldOrganization `json:"publisher,omitempty"`
	About            []ldThing       `json:"about,omitempty"`
	IsPartOf         *ldThing        `json:"isPartOf,omitempty"`
	WorkTranslation  *ldRef          `json:"workTranslation,omitempty"`
	TranslationOf    *ldRef          `json:"translationOfWork,omitempty"`
	MainEntityOfPage string          `json:"mainEntityOfPage,omitempty"`
}

type ldRef struct {
	ID string `json:"@id"`
}

type ldArticle struct {
	ldWork
	Headline  string `json:"headline"`
	WordCount int    `json:"wordCount,omitempty"`
}

type ldPodcastEpisode struct {
	ldWork
	AssociatedMedia ldMedia          `json:"associatedMedia"`
	PartOfSeries    *ldPodcastSeries `json:"partOfSeries,omitempty"`
}

type ldMedia struct {
	Type           string `json:"@type"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat,omitempty"`
	Duration       string `json:"duration,omitempty"`
}

type ldPodcastSeries struct {
	Type    string `json:"@type"`
	Name    string `json:"name"`
	URL     string `json:"url"`
	WebFeed string `json:"webFeed"`
}

type ldVideoObject struct {
	ldWork
	ThumbnailURL   string `json:"thumbnailUrl"`
	UploadDate     string `json:"uploadDate"`
	Duration       string `json:"duration,omitempty"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat,omitempty"`
}

type ldBreadcrumbList struct {
	Type            string       `json:"@type"`
	ItemListElement []ldListItem `json:"itemListElement"`
}

type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

type ldWebSite struct {
	Type            string          `json:"@type"`
	Name            string          `json:"name"`
	URL             string          `json:"url"`
	Description     string          `json:"description,omitempty"`
	InLanguage      string          `json:"inLanguage"`
	Publisher       *ldOrganization `json:"publisher,omitempty"`
	PotentialAction *ldSearchAction `json:"potentialAction,omitempty"`
}

// ldSearchAction tells search engines how to search the site (a sitelinks
// search box): the search page in the page's language.
type ldSearchAction struct {
	Type       string `json:"@type"`
	Target     string `json:"target"`
	QueryInput string `json:"query-input"`
}

type ldWebPage struct {
	Type         string `json:"@type"` // WebPage, CollectionPage, ProfilePage
	URL          string `json:"url"`
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	InLanguage   string `json:"inLanguage"`
	DateModified string `json:"dateModified,omitempty"`
	MainEntity   any    `json:"mainEntity,omitempty"`
}

// publisher is the institution that publishes the site.
func (h *Handler) publisher(lang content.Lang) *ldOrganization {
	return &ldOrganization{Type: "Organization", Name: h.printer(lang).T("site.institution"), URL: institutionURLs[lang]}
}

// breadcrumbLD is the page's breadcrumb trail as shown: Canada.ca, then
// the page's own links. Nil when the page shows none.
func (h *Handler) breadcrumbLD(c Common) any {
	if len(c.Breadcrumbs) == 0 {
		return nil // an untyped nil, which jsonLD leaves out
	}
	l := &ldBreadcrumbList{Type: "BreadcrumbList"}
	l.ItemListElement = append(l.ItemListElement, ldListItem{Type: "ListItem", Position: 1, Name: "Canada.ca", Item: "https://www.canada.ca/" + string(c.Lang) + ".html"})
	for i, b := range c.Breadcrumbs {
		l.ItemListElement = append(l.ItemListElement, ldListItem{Type: "ListItem", Position: i + 2, Name: b.Label, Item: h.abs(b.URL)})
	}
	return l
}

// pageLD describes a page that is not an episode.
func (h *Handler) pageLD(c Common, typ string, entity any) *ldWebPage {
	name := c.Title
	if name == "" {
		name = c.SiteName
	}
	pg := &ldWebPage{Type: typ, URL: c.Canonical, Name: name, Description: c.Description, InLanguage: c.Lang.Tag(), MainEntity: entity}
	if !c.Modified.IsZero() {
		pg.DateModified = Timestamp(c.Modified)
	}
	return pg
}

// websiteLD describes the site, on the home page.
func (h *Handler) websiteLD(lang content.Lang, name string) *ldWebSite {
	p := h.printer(lang)
	return &ldWebSite{Type: "WebSite", Name: name, URL: h.abs(urls.Home(lang)), Description: p.T("site.tagline"), InLanguage: lang.Tag(), Publisher: h.publisher(lang),
		PotentialAction: &ldSearchAction{Type: "SearchAction", Target: h.abs(urls.Search(lang)) + "?q={search_term_string}", QueryInput: "required name=search_term_string"}}
}

// personLD describes an author in lang.
func (h *Handler) personLD(a content.Author, lang content.Lang) ldPerson {
	return ldPerson{Type: "Person", Name: a.Name, URL: h.abs(urls.Author(lang, a.Slugs.In(lang))), JobTitle: a.Roles.In(lang), Description: a.Bios.In(lang)}
}

// episodeLD describes an episode's version in lang: an Article, a
// PodcastEpisode or a VideoObject.
func (h *Handler) episodeLD(ep *content.Episode, lang content.Lang, c Common) any {
	v := ep.Version(lang)
	w := ldWork{
		ID: c.Canonical, URL: c.Canonical, Name: v.Title, Description: v.Summary, InLanguage: lang.Tag(),
		DatePublished: Timestamp(ep.PublishedAt), Publisher: h.publisher(lang), MainEntityOfPage: c.Canonical,
	}
	if !ep.ModifiedAt.IsZero() {
		w.DateModified = Timestamp(ep.ModifiedAt)
	}
	if v.Image.URL != "" {
		w.Image = h.abs(v.Image.URL)
	}
	for _, a := range ep.Authors {
		w.Author = append(w.Author, h.personLD(a, lang))
	}
	for _, t := range ep.Topics {
		w.About = append(w.About, ldThing{Type: "Thing", Name: t.Names.In(lang), URL: h.abs(urls.Topic(lang, t.Slugs.In(lang)))})
	}
	if ep.Series != nil {
		s := ep.Series.Series
		w.IsPartOf = &ldThing{Type: "CreativeWorkSeries", Name: s.Titles.In(lang), URL: h.abs(urls.Series(lang, s.Slugs.In(lang)))}
	}
	if c.AltCanonical != "" {
		// The two versions are each other's translations; neither is the original.
		w.WorkTranslation = &ldRef{ID: c.AltCanonical}
	}
	switch ep.Kind {
	case content.Listen:
		w.Type = "PodcastEpisode"
		return ldPodcastEpisode{
			ldWork: w,
			AssociatedMedia: ldMedia{Type: "AudioObject", ContentURL: h.abs(v.MediaURL), EncodingFormat: v.MediaType,
				Duration: isoDuration(v.MediaSeconds)},
			PartOfSeries: &ldPodcastSeries{Type: "PodcastSeries", Name: h.printer(lang).T("podcast.title", "site", c.SiteName),
				URL: h.abs(urls.Home(lang)), WebFeed: h.abs(urls.Podcast(lang, content.Listen))},
		}
	case content.Watch:
		w.Type = "VideoObject"
		thumb := w.Image
		if thumb == "" {
			thumb = c.ShareImage
		}
		return ldVideoObject{
			ldWork: w, ThumbnailURL: thumb, UploadDate: Timestamp(ep.PublishedAt), Duration: isoDuration(v.MediaSeconds),
			ContentURL: h.abs(v.MediaURL), EncodingFormat: v.MediaType,
		}
	default:
		w.Type = "Article"
		if w.Image == "" {
			w.Image = c.ShareImage
		}
		return ldArticle{ldWork: w, Headline: v.Title, WordCount: v.WordCount}
	}
}
