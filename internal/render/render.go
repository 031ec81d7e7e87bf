// Package render turns Markdown into sanitised HTML. It is meant to run once,
// when content is saved, never per request.
//
// The pipeline is goldmark (CommonMark + GFM + footnotes + Typographer, raw
// HTML dropped) followed by a bluemonday allow-list policy. A few AST
// transformations give the site its house style: figures for lone images,
// pull-quotes with an attribution footer, accent-folded heading IDs, and
// rel="noopener noreferrer" on external links.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/busrides/busrides/internal/typography"
)

// MaxSize is the largest Markdown input, in bytes, that Render accepts.
const MaxSize = 1 << 20

// ErrTooLarge is returned (wrapped) by Render when the input exceeds MaxSize.
var ErrTooLarge = errors.New("render: markdown too large")

// Renderer converts Markdown to sanitised HTML. Build it once with New; it is
// safe for concurrent use and holds no mutable state.
type Renderer struct {
	en     goldmark.Markdown
	fr     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer: one goldmark pipeline per language (they differ only
// in typographic substitutions) and the sanitising policy.
func New() *Renderer {
	return &Renderer{
		en:     newMarkdown(englishSubstitutions()),
		fr:     newMarkdown(frenchSubstitutions()),
		policy: newPolicy(),
	}
}

// Render converts Markdown to sanitised HTML. lang is "en" or "fr" (affects
// typography only); any value starting with "fr" (such as "fr-CA") selects
// French, anything else English. French text gets the French convention of
// internal/typography (no-break spaces before « : » and inside « », none
// before ; ! ?), so editors never type those spaces. Inputs larger than MaxSize
// fail with an error wrapping ErrTooLarge; inputs nested too deeply or too
// dense in emphasis/link markup (which would make parsing super-linear) fail
// with an error wrapping ErrTooComplex.
func (r *Renderer) Render(markdown, lang string) (string, error) {
	if len(markdown) > MaxSize {
		return "", fmt.Errorf("render: input is %d bytes, limit is %d: %w", len(markdown), MaxSize, ErrTooLarge)
	}
	md, french := r.en, strings.HasPrefix(strings.ToLower(lang), "fr")
	if french {
		md = r.fr
	}
	src := normalizeInput(markdown)
	if err := checkComplexity(src); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	if french {
		ctx.Set(langKey, "fr")
	} else {
		ctx.Set(langKey, "en")
	}
	if err := md.Convert(src, &buf, parser.WithContext(ctx)); err != nil {
		return "", fmt.Errorf("render: converting markdown: %w", err)
	}
	out := string(r.policy.SanitizeBytes(buf.Bytes()))
	if french {
		// The French convention (internal/typography) on the text, never
		// on code, attributes or URLs; after sanitising, so it reads the
		// markup the page will hold.
		out = typography.FrenchHTML(out)
	}
	return out, nil
}

// Text returns the plain text of Markdown (no markup), for word counts,
// summaries and search. Blocks (paragraphs, headings, list items, table rows,
// code blocks) are separated by newlines. Link text is kept; URLs, image alt
// text and raw HTML are not. Input beyond MaxSize is ignored (only the first
// MaxSize bytes are read); input Render would reject as ErrTooComplex is
// returned as is, unparsed.
func (r *Renderer) Text(markdown string) string {
	if len(markdown) > MaxSize {
		cut := MaxSize
		for cut > 0 && !utf8.RuneStart(markdown[cut]) {
			cut--
		}
		markdown = markdown[:cut]
	}
	src := normalizeInput(markdown)
	if checkComplexity(src) != nil {
		return string(src) // Render rejects this input anyway; don't parse it
	}
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := r.en.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	return plainText(doc, src)
}

// Sanitize cleans an HTML fragment with the same policy Render uses (defence
// in depth, e.g. before serving HTML stored by an older version).
func (r *Renderer) Sanitize(html string) string {
	return r.policy.Sanitize(html)
}

// normalizeInput makes the input valid UTF-8 and replaces U+0000 with
// U+FFFD, as CommonMark requires.
func normalizeInput(s string) []byte {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return []byte(s)
}

const nbsp = "\u00a0"

// englishSubstitutions are the Typographer replacements for English. They are
// literal characters rather than entities so Text sees clean text too.
func englishSubstitutions() map[extension.TypographicPunctuation]string {
	return map[extension.TypographicPunctuation]string{
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.LeftDoubleQuote:  "“",
		extension.RightDoubleQuote: "”",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
		extension.Apostrophe:       "’",
	}
}

// frenchSubstitutions turn straight double quotes into guillemets with a
// no-break space inside; apostrophes stay ’.
func frenchSubstitutions() map[extension.TypographicPunctuation]string {
	s := englishSubstitutions()
	s[extension.LeftDoubleQuote] = "«" + nbsp
	s[extension.RightDoubleQuote] = nbsp + "»"
	return s
}

func newMarkdown(subs map[extension.TypographicPunctuation]string) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			// GFM, spelled out so table alignment uses the align attribute
			// (the default would emit style="", which the policy strips).
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(subs)),
		),
		// No parser.WithAutoHeadingID: the transformer assigns IDs from the
		// heading's rendered text through the context's parser.IDs. No
		// parser.WithAttribute: authors cannot set attributes. And never
		// html.WithUnsafe: raw HTML is dropped.
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(houseStyle{}, 1000)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(houseStyleRenderer{}, 100)),
		),
	)
}
