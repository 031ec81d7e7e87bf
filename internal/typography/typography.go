// Package typography applies the site's French typographic convention to
// text and to HTML, so that editors and translators never type special
// spaces. The convention is the Canadian one (Office québécois de la langue
// française, and the Translation Bureau's Le guide du rédacteur):
//
//   - a no-break space (U+00A0) before the colon « : »;
//   - a no-break space (U+00A0) inside guillemets: « texte »;
//   - no space before the semicolon, the exclamation mark and the question
//     mark: « Vraiment? », « d’abord; ensuite ».
//
// Concretely, with "space" meaning any Unicode white space (an ordinary
// space, a line break, U+00A0, U+202F…):
//
//   - the spaces before a colon that ends a phrase (followed by a space, the
//     end of the text or »), or none, become one U+00A0: "Note: x" and
//     "Note : x" both become "Note\u00a0: x". A colon followed by anything
//     else is left alone, so times (10:30), addresses (https://, mailto:)
//     and ratios (16:9) never change;
//   - the spaces after « and before », or none, become one U+00A0;
//   - the spaces before ; ! ? are removed when the mark ends a phrase
//     (followed by a space, the end of the text or closing punctuation), so
//     "; )" in running text and "a ? b" lose their space but "x=1;y" and
//     "?q=" never had one to lose. A space right after « is kept.
//
// Nothing else changes: the functions only add, remove or replace white
// space next to those six marks, and they are idempotent.
//
// HTML is handled as text between tags: tags, attributes, comments, and the
// content of <code>, <kbd>, <samp>, <tt>, <var>, <pre>, <script>, <style>,
// <textarea> and every raw-text element are copied unchanged, and so is
// text inside an element whose lang attribute is not French. Character
// references (&amp;, &#160;…) are read for context but never rewritten.
// Inline elements (<a>, <em>, <strong>, <span>…) do not interrupt the text,
// so "<strong>Note</strong>: x" gets its space; block elements do.
package typography

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// NBSP is the no-break space the convention puts before « : » and inside
// « ».
const NBSP = '\u00a0'

const nbspUTF8 = "\u00a0"

// French applies the convention to plain text (no markup: "&amp;" is five
// characters of text).
func French(s string) string {
	if !hasTrigger(s) {
		return s
	}
	var f flow
	f.addText(s, 0, len(s), true, false)
	var b strings.Builder
	b.Grow(len(s) + 8)
	f.emit(&b, s)
	return b.String()
}

// FrenchParts applies the convention to plain text cut into parts (an
// excerpt with its highlighted words, say), reading across the cuts: the
// parts joined are French of the parts joined, and each part keeps its
// place. A space added next to a mark goes in the mark's part.
func FrenchParts(parts []string) []string {
	src := strings.Join(parts, "")
	if !hasTrigger(src) {
		return parts
	}
	var f flow
	f.addText(src, 0, len(src), true, false)
	acts := f.plan(src, false)
	out := make([]string, len(parts))
	k, from, end := 0, 0, 0
	for i, p := range parts {
		end += len(p)
		var b strings.Builder
		if from < end {
			from = f.emitSpan(&b, src, from, end, acts, &k)
		}
		out[i] = b.String()
	}
	return out
}

// HTML applies the convention to the French text of an HTML document or
// fragment. lang is the language of the text outside any lang attribute
// ("fr", "fr-CA", "en"…): text is French where the innermost lang is, and
// only French text changes. Markup is never changed (see the package
// documentation for what is skipped).
func HTML(s, lang string) string {
	if !hasTrigger(s) {
		return s
	}
	if !isFrench(lang) && !containsFold(s, "lang") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 64)
	w := htmlWalker{src: s, out: &b}
	w.walk(isFrench(lang))
	return b.String()
}

// containsFold reports whether s contains the lowercase ASCII word sub in
// any case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// FrenchHTML is HTML(s, "fr").
func FrenchHTML(s string) string { return HTML(s, "fr") }

// isFrench reports whether a language tag names French.
func isFrench(lang string) bool {
	lang = strings.TrimSpace(lang)
	return len(lang) >= 2 && (lang[0]|0x20) == 'f' && (lang[1]|0x20) == 'r' && (len(lang) == 2 || lang[2] == '-' || lang[2] == '_')
}

// hasTrigger reports whether s holds any of the marks the convention is
// about.
func hasTrigger(s string) bool {
	return strings.ContainsAny(s, ":;!?") || strings.Contains(s, "«") || strings.Contains(s, "»")
}

// unit is one character of a flow of text: a rune of a text piece, or a
// character reference, with where its bytes are in the source.
type unit struct {
	r        rune
	start    int  // byte offset in the source
	end      int  // byte offset just after it
	editable bool // French text outside code: may be removed or replaced, and anchors insertions
	ref      bool // a character reference (&…;): read for context only
}

// action is what happens to a unit and around it.
type action uint8

const (
	keep      action = iota
	drop             // the unit is removed
	toNBSP           // the unit becomes U+00A0
	insAfter         // keep, and write U+00A0 after it
	insBefore        // keep, and write U+00A0 before it
)

// flow is a run of text that reads as one (a paragraph, a heading, a list
// item…), possibly spread over several text tokens.
type flow struct {
	units []unit
}

func (f *flow) reset() { f.units = f.units[:0] }

// addText appends the runes of src[start:end]. With refs, character
// references are read as one unit each.
func (f *flow) addText(src string, start, end int, editable, refs bool) {
	for i := start; i < end; {
		c := src[i]
		if refs && c == '&' {
			if n, r, ok := charRef(src[i:end]); ok {
				f.units = append(f.units, unit{r: r, start: i, end: i + n, ref: true})
				i += n
				continue
			}
		}
		if c < utf8.RuneSelf {
			f.units = append(f.units, unit{r: rune(c), start: i, end: i + 1, editable: editable})
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(src[i:end])
		f.units = append(f.units, unit{r: r, start: i, end: i + n, editable: editable})
		i += n
	}
}

// addOpaque appends a unit standing for something that is not text but
// reads as a character (an image).
func (f *flow) addOpaque(at int) {
	f.units = append(f.units, unit{r: '\uFFFC', start: at, end: at})
}

// charRef reads a character reference at the start of s ("&amp;", "&#160;",
// "&#xA0;", or a legacy one without its semicolon) and returns its length
// and the first rune it stands for.
func charRef(s string) (n int, r rune, ok bool) {
	i := 1
	if i < len(s) && s[i] == '#' {
		i++
		if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			i++
		}
	}
	j := i
	for j < len(s) && (s[j] < utf8.RuneSelf && (s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z')) {
		j++
	}
	if j == i {
		return 0, 0, false
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	dec := html.UnescapeString(s[:j])
	if dec == s[:j] {
		return 0, 0, false
	}
	// A legacy reference may stop before the letters that follow it
	// ("&ampx" is "&x"): the whole run is read as one unit all the same.
	r, _ = utf8.DecodeRuneInString(dec)
	return j, r, true
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// closesPhrase reports whether r, after ; ! ? or a colon, shows the mark
// ends a phrase.
func closesPhrase(r rune) bool {
	return isSpace(r) || strings.ContainsRune("»)]}.,;:!?…\"'’”*", r)
}

// plan decides the action of every unit of the flow. src is the source the
// units point into; markup tells whether it is HTML (where a removal must not
// glue text into a tag or a character reference).
func (f *flow) plan(src string, markup bool) []action {
	u := f.units
	n := len(u)
	acts := make([]action, n)
	at := func(i int) rune {
		if i < 0 || i >= n {
			return -1
		}
		return u[i].r
	}
	// colonEnds reports whether the colon at i ends a phrase.
	colonEnds := func(i int) bool {
		return u[i].r == ':' && u[i].editable && (i+1 == n || isSpace(u[i+1].r) || u[i+1].r == '»')
	}
	for i := 0; i < n; {
		if !isSpace(u[i].r) {
			i++
			continue
		}
		a := i
		for i < n && isSpace(u[i].r) {
			i++
		}
		b := i // spaces are u[a:b]
		editable := true
		for k := a; k < b; k++ {
			editable = editable && u[k].editable
		}
		if !editable {
			continue
		}
		prev, next := at(a-1), at(b)
		afterOpen := prev == '«' && u[a-1].editable
		switch {
		case afterOpen || next == '»' && u[b].editable || b < n && colonEnds(b) && prev != ':':
			if b-a == 1 && u[a].r == NBSP {
				continue
			}
			acts[a] = toNBSP
			for k := a + 1; k < b; k++ {
				acts[k] = drop
			}
		case (next == ';' || next == '!' || next == '?') && u[b].editable && (b+1 == n || closesPhrase(u[b+1].r)):
			if markup && !canRemove(src, u[a].start, next) {
				continue
			}
			for k := a; k < b; k++ {
				acts[k] = drop
			}
		}
	}
	for i := range n {
		if !u[i].editable {
			continue
		}
		switch u[i].r {
		case ':':
			if colonEnds(i) && i > 0 && !isSpace(u[i-1].r) && u[i-1].r != ':' && !(u[i-1].r == '«' && u[i-1].editable) {
				acts[i] = insBefore
			}
		case '«':
			if i+1 == n || !isSpace(u[i+1].r) {
				acts[i] = insAfter
			}
		case '»':
			if i == 0 || !isSpace(u[i-1].r) {
				if i > 0 && u[i-1].r == '«' && u[i-1].editable {
					continue // « » : the space after « is the one
				}
				acts[i] = insBefore
			}
		}
	}
	return acts
}

// canRemove reports whether the spaces starting at byte i of HTML source src
// can be removed before mark without changing how the markup reads: not
// after "<" (which would start a tag) and, before a semicolon, not after
// "&name" (which would become a character reference).
func canRemove(src string, i int, mark rune) bool {
	if i == 0 {
		return true
	}
	if src[i-1] == '<' {
		return false
	}
	if mark != ';' {
		return true
	}
	j := i
	for j > 0 {
		c := src[j-1]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '#' {
			j--
			continue
		}
		break
	}
	return j == i || j == 0 || src[j-1] != '&'
}

// emitSpan writes src[from:to] into b with the actions of the flow's units
// in that span applied, from unit *k on (advancing *k), and returns the
// offset it wrote up to (past to when a unit it removed or replaced
// straddles to).
func (f *flow) emitSpan(b *strings.Builder, src string, from, to int, acts []action, k *int) int {
	pos := from
	for *k < len(f.units) && f.units[*k].start < to {
		u := f.units[*k]
		a := acts[*k]
		*k++
		if u.start < pos {
			continue
		}
		switch a {
		case keep:
			continue
		case drop:
			b.WriteString(src[pos:u.start])
			pos = u.end
		case toNBSP:
			b.WriteString(src[pos:u.start])
			b.WriteString(nbspUTF8)
			pos = u.end
		case insBefore:
			b.WriteString(src[pos:u.start])
			b.WriteString(nbspUTF8)
			pos = u.start
		case insAfter:
			b.WriteString(src[pos:u.end])
			b.WriteString(nbspUTF8)
			pos = u.end
		}
	}
	if pos < to {
		b.WriteString(src[pos:to])
		pos = to
	}
	return pos
}

// emit writes the whole of src (plain text) with the flow applied.
func (f *flow) emit(b *strings.Builder, src string) {
	acts := f.plan(src, false)
	k := 0
	_ = f.emitSpan(b, src, 0, len(src), acts, &k)
}

// Element classes for the HTML walk.
var (
	// inline elements do not break a flow.
	inline = set("a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn",
		"em", "font", "i", "ins", "label", "mark", "q", "s", "small", "span", "strike", "strong",
		"sub", "sup", "time", "u", "wbr", "code", "kbd", "samp", "tt", "var", "img")
	// code elements keep their text as it is (inline, read for context).
	code = set("code", "kbd", "samp", "tt", "var")
	// raw elements hold raw text or RCDATA; only <title> is prose.
	raw = set("iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp")
	// keepAll elements' content is never changed, whatever it holds.
	keepAll = set("pre", "listing", "svg", "math", "template")
	// void elements have no end tag.
	void = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// open is an element the walk is inside of.
type open struct {
	name   string
	french bool
	keep   bool // content copied unchanged
}

// maxDepth bounds the stack of elements the walk follows; past it, the
// rest of the source is copied unchanged.
const maxDepth = 512

// htmlWalker applies the convention to HTML source, token by token,
// buffering one flow at a time.
type htmlWalker struct {
	src   string
	out   *strings.Builder
	stack []open
	// pieces are the flow's text tokens and images, read into units only
	// when an editable piece holds a mark.
	pieces []piece
	work   bool // an editable piece holds one of the marks
	flow   flow
	// flowStart is the source offset where the buffered flow begins; the
	// source from there to the current token is not yet written.
	flowStart int
}

// piece is a text token (src[start:end]) or, with start == end, an image.
type piece struct {
	start, end int
	editable   bool
}

func (w *htmlWalker) addText(start, end int, editable bool) {
	w.pieces = append(w.pieces, piece{start, end, editable})
	w.work = w.work || editable && hasTrigger(w.src[start:end])
}

// state is the language and keeping of the current position.
func (w *htmlWalker) state(base bool) (french, keep bool) {
	if n := len(w.stack); n > 0 {
		return w.stack[n-1].french, w.stack[n-1].keep
	}
	return base, false
}

// flush writes the buffered flow, with its actions, up to offset to.
func (w *htmlWalker) flush(to int) {
	if w.work {
		w.flow.reset()
		for _, p := range w.pieces {
			if p.start == p.end {
				w.flow.addOpaque(p.start)
			} else {
				w.flow.addText(w.src, p.start, p.end, p.editable, true)
			}
		}
		acts := w.flow.plan(w.src, true)
		k := 0
		_ = w.flow.emitSpan(w.out, w.src, w.flowStart, to, acts, &k)
	} else {
		w.out.WriteString(w.src[w.flowStart:to])
	}
	w.pieces, w.work = w.pieces[:0], false
	w.flowStart = to
}

// tagName returns the tag's name as a string, without allocating for the
// names the walk knows.
func tagName(b []byte) string {
	if s, ok := known[string(b)]; ok {
		return s
	}
	return string(b)
}

var known = func() map[string]string {
	m := map[string]string{}
	for _, set := range []map[string]bool{inline, code, raw, keepAll, void, set(
		"html", "head", "body", "div", "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
		"h5", "h6", "header", "footer", "main", "nav", "section", "article", "aside", "figure",
		"figcaption", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "form",
		"fieldset", "legend", "details", "summary", "button", "select", "option", "caption")} {
		for n := range set {
			m[n] = n
		}
	}
	return m
}()

func (w *htmlWalker) walk(base bool) {
	z := html.NewTokenizer(strings.NewReader(w.src))
	pos := 0
	rawNext := "" // the raw-text element whose content comes next
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		start := pos
		pos += len(z.Raw())
		end := pos
		inRaw := rawNext
		rawNext = ""
		switch tt {
		case html.TextToken:
			fr, keep := w.state(base)
			switch {
			case inRaw == "title":
				// Prose on its own.
				w.flush(start)
				w.addText(start, end, fr && !keep)
				w.flush(end)
			case inRaw != "":
				w.flush(start)
				w.flush(end)
			default:
				w.addText(start, end, fr && !keep)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := tagName(name)
			if !inline[tag] {
				w.flush(start)
			}
			if tag == "img" {
				w.pieces = append(w.pieces, piece{start, start, false})
			}
			if raw[tag] {
				rawNext = tag
			}
			if tt == html.StartTagToken && !void[tag] && !raw[tag] {
				fr, keep := w.state(base)
				keep = keep || code[tag] || keepAll[tag]
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "lang" {
						fr = isFrench(string(v))
					}
				}
				if len(w.stack) == maxDepth {
					// Too deep to follow: the rest is copied as it is.
					w.flush(start)
					w.out.WriteString(w.src[start:])
					return
				}
				w.stack = append(w.stack, open{name: tag, french: fr, keep: keep})
			}
			if !inline[tag] {
				w.flush(end)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := tagName(name)
			if !inline[tag] {
				w.flush(start)
			}
			for i := len(w.stack) - 1; i >= 0; i-- {
				if w.stack[i].name == tag {
					w.stack = w.stack[:i]
					break
				}
			}
			if !inline[tag] {
				w.flush(end)
			}
		}
	}
	// What the tokenizer dropped at the end (an unfinished tag) is copied.
	w.flush(pos)
	w.out.WriteString(w.src[pos:])
}
