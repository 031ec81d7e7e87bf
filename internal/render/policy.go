package render

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// newPolicy builds the sanitising policy.
//
// It is bluemonday's UGCPolicy (v1.0.27) re-stated element by element, with
// one deliberate difference: UGCPolicy's AllowStandardAttributes allows "id"
// and "lang" on every element with loose, unanchored patterns, and bluemonday
// has no way to withdraw a global attribute, so starting from UGCPolicy()
// itself would make the narrow id/lang rules below meaningless. Here "id" is
// allowed only on headings (and footnote anchors) and "lang" only on
// span/p/blockquote with en/fr values. "dir" and "title" stay global as in
// UGCPolicy. Rel handling also differs: internal links get no rel at all;
// external links keep the rel="noopener noreferrer" the renderer adds, plus
// nofollow (UGCPolicy adds nofollow to every link, internal ones included).
//
// Text attributes (alt, title) take any text without control characters:
// bluemonday's Paragraph pattern, which UGCPolicy uses, refuses « : ? ; »
// « » and quotes, so a French alt text such as « Graphique : ventes » was
// dropped whole. The values are escaped when written, so their characters
// cannot leave the attribute.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	// Global attributes (UGCPolicy minus global id/lang, see above).
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("title").Matching(textAttr).Globally()

	// URLs: http, https, mailto, tel and relative; nothing else.
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.RequireNoReferrerOnFullyQualifiedLinks(true)

	// Sectioning, headings, grouping (as UGCPolicy).
	p.AllowElements("article", "aside", "figure", "section", "summary")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "hgroup")
	p.AllowAttrs("cite").OnElements("blockquote")
	p.AllowElements("br", "div", "hr", "p", "span", "wbr")

	// Links and image maps (as UGCPolicy), plus the rel tokens we emit.
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(relTokens).OnElements("a")
	p.AllowAttrs("hreflang").Matching(regexp.MustCompile(`^(en|fr)(-CA)?$`)).OnElements("a")
	p.AllowAttrs("name").Matching(regexp.MustCompile(`^([\p{L}\p{N}_-]+)$`)).OnElements("map")
	p.AllowAttrs("alt").Matching(textAttr).OnElements("area")
	p.AllowAttrs("coords").Matching(regexp.MustCompile(`^([0-9]+,)+[0-9]+$`)).OnElements("area")
	p.AllowAttrs("href").OnElements("area")
	p.AllowAttrs("rel").Matching(bluemonday.SpaceSeparatedTokens).OnElements("area")
	p.AllowAttrs("shape").Matching(regexp.MustCompile(`(?i)^(default|circle|rect|poly)$`)).OnElements("area")
	p.AllowAttrs("usemap").Matching(regexp.MustCompile(`(?i)^#[\p{L}\p{N}_-]+$`)).OnElements("img")

	// Phrasing (as UGCPolicy).
	p.AllowElements("abbr", "acronym", "cite", "code", "dfn", "em",
		"figcaption", "mark", "s", "samp", "strong", "sub", "sup", "var")
	p.AllowAttrs("cite").OnElements("q")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time")
	p.AllowElements("b", "i", "pre", "small", "strike", "tt", "u")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).OnElements("bdi", "bdo")
	p.AllowElements("rp", "rt", "ruby")
	p.AllowAttrs("cite").Matching(bluemonday.Paragraph).OnElements("del", "ins")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("del", "ins")

	// Lists, tables, meters (as UGCPolicy).
	p.AllowLists()
	p.AllowTables()
	p.AllowAttrs("value", "min", "max", "low", "high", "optimum").Matching(bluemonday.Number).OnElements("meter")
	p.AllowAttrs("value", "max").Matching(bluemonday.Number).OnElements("progress")

	// Images (UGCPolicy's AllowImages, without its AllowStandardURLs call,
	// which would reset the URL rules above).
	p.AllowAttrs("align").Matching(bluemonday.ImageAlign).OnElements("img")
	p.AllowAttrs("alt").Matching(textAttr).OnElements("img")
	p.AllowAttrs("height", "width").Matching(bluemonday.NumberOrPercent).OnElements("img")
	p.AllowAttrs("src").OnElements("img")

	// Additions for the house style.
	p.AllowElements("footer")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^pull-quote$`)).OnElements("blockquote")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^attribution$`)).OnElements("footer")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,40}$`)).OnElements("code")
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[a-z0-9-]+$`)).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	// Footnote anchors as goldmark writes them: fn:1, fnref:1, fnref2:1.
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^fn(ref[0-9]*)?:[0-9]+$`)).OnElements("li", "sup")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^(lazy|eager)$`)).OnElements("img")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^(async|sync|auto)$`)).OnElements("img")
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^(en|fr)(-CA)?$`)).OnElements("span", "p", "blockquote")

	return p
}

// relTokens matches rel values made only of the link-safety tokens.
var relTokens = regexp.MustCompile(`^(noopener|noreferrer|nofollow)( (noopener|noreferrer|nofollow))*$`)

// textAttr matches an attribute value of plain text: anything but control
// characters other than tab, line feed and carriage return.
var textAttr = regexp.MustCompile(`^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$`)
