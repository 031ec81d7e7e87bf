package xliff

import (
	"strings"
)

// The Markdown of a body or transcript is cut into blocks line by line,
// following CommonMark and GitHub's extensions closely enough for
// translation: block quotes, list items (with task boxes) and footnote
// definitions are containers whose markers and indentation become the
// prefix of each line of what they hold; inside them, paragraphs,
// headings (ATX and setext) and table rows are blocks to translate, and
// fenced and indented code, HTML blocks, thematic breaks, link reference
// definitions and blank lines are kept verbatim. Whatever the cut, putting
// every prefix, text, suffix and line ending back together gives the input
// byte for byte: a mistaken cut only makes a segment less convenient.

// srcLine is one line of Markdown inside the containers holding it: prefix
// is their markers and indentation, text what is left of the line, eol its
// line ending ("\n", "\r\n", or "" for a last line without one).
type srcLine struct {
	prefix, text, eol string
}

// mdBlock is a block to translate: its lines' prefixes and endings, its
// text (the lines' texts joined with "\n"), and what follows the text on
// its last line.
type mdBlock struct {
	kind   string    // the unit's type: busrides:paragraph, busrides:heading…
	lines  []srcLine // text is the line's share of the block's text
	suffix string    // after the text on the last line: closing #s, trailing space, a row's last pipe
	cont   string    // the prefix of lines a translation adds beyond the source's
	single bool      // one line only (headings, table rows): newlines become spaces
	table  bool      // a table row: cells between pipes
}

// text is the block's text to translate.
func (b *mdBlock) text() string {
	parts := make([]string, len(b.lines))
	for i, l := range b.lines {
		parts[i] = l.text
	}
	return strings.Join(parts, "\n")
}

// verbatim is the block as written in the source.
func (b *mdBlock) verbatim() string {
	var s strings.Builder
	for i, l := range b.lines {
		s.WriteString(l.prefix)
		s.WriteString(l.text)
		if i == len(b.lines)-1 {
			s.WriteString(b.suffix)
		}
		s.WriteString(l.eol)
	}
	return s.String()
}

// rebuild puts a translated text t (lines separated by "\n") back into
// the block's structure.
func (b *mdBlock) rebuild(t string) string {
	tl := strings.Split(t, "\n")
	n := len(b.lines)
	var s strings.Builder
	for i, line := range tl {
		switch {
		case i < n:
			s.WriteString(b.lines[i].prefix)
		case n >= 2:
			s.WriteString(b.lines[n-1].prefix)
		default:
			s.WriteString(b.cont)
		}
		s.WriteString(line)
		if i == len(tl)-1 {
			s.WriteString(b.suffix)
			s.WriteString(b.lines[n-1].eol)
			break
		}
		switch {
		case i < n-1:
			s.WriteString(b.lines[i].eol)
		case b.lines[n-1].eol != "":
			s.WriteString(b.lines[n-1].eol)
		default:
			s.WriteString("\n")
		}
	}
	return s.String()
}

// mdItem is a piece of a Markdown field: verbatim text, or a block.
type mdItem struct {
	verbatim string
	block    *mdBlock
}

// segmenter cuts one Markdown field into items.
type segmenter struct {
	items    []mdItem
	verbatim strings.Builder // verbatim text not yet in items
	refs     map[string]bool // normalised labels of the link reference definitions
}

// segmentMarkdown cuts s into verbatim text and blocks, and returns the
// labels of its link reference definitions.
func segmentMarkdown(s string) ([]mdItem, map[string]bool) {
	sg := &segmenter{refs: map[string]bool{}}
	sg.blocks(splitLines(s), "", "busrides:paragraph", 0)
	sg.flush()
	return sg.items, sg.refs
}

// splitLines cuts s into lines with their endings.
func splitLines(s string) []srcLine {
	var lines []srcLine
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, srcLine{text: s})
			break
		}
		text, eol := s[:i], "\n"
		if strings.HasSuffix(text, "\r") {
			text, eol = text[:len(text)-1], "\r\n"
		}
		lines = append(lines, srcLine{text: text, eol: eol})
		s = s[i+1:]
	}
	return lines
}

func (sg *segmenter) addVerbatim(lines []srcLine) {
	for _, l := range lines {
		sg.verbatim.WriteString(l.prefix)
		sg.verbatim.WriteString(l.text)
		sg.verbatim.WriteString(l.eol)
	}
}

// flush moves the pending verbatim text into the items.
func (sg *segmenter) flush() {
	if sg.verbatim.Len() > 0 {
		sg.items = append(sg.items, mdItem{verbatim: sg.verbatim.String()})
		sg.verbatim.Reset()
	}
}

func (sg *segmenter) addBlock(b *mdBlock) {
	sg.flush()
	sg.items = append(sg.items, mdItem{block: b})
}

// maxContainers bounds the nesting of block quotes, list items and
// footnotes: what is nested deeper is kept verbatim (Render refuses
// Markdown nested half as deep).
const maxContainers = 32

// blocks cuts the lines of one container, nested depth containers deep;
// cont is the prefix of a new line in it, kind the unit type of its
// paragraphs.
func (sg *segmenter) blocks(lines []srcLine, cont, kind string, depth int) {
	if depth > maxContainers {
		sg.addVerbatim(lines)
		return
	}
	for i := 0; i < len(lines); {
		t := lines[i].text
		switch {
		case isBlank(t):
			sg.addVerbatim(lines[i : i+1])
			i++
		case indentCols(t) >= 4:
			j := i + 1
			for j < len(lines) && (isBlank(lines[j].text) || indentCols(lines[j].text) >= 4) {
				j++
			}
			sg.addVerbatim(lines[i:j])
			i = j
		case fenceOpen(t) != "":
			fence := fenceOpen(t)
			j := i + 1
			for j < len(lines) && !fenceCloses(lines[j].text, fence) {
				j++
			}
			if j < len(lines) {
				j++
			}
			sg.addVerbatim(lines[i:j])
			i = j
		case htmlBlockStart(t) != 0:
			j := htmlBlockEnd(lines, i, htmlBlockStart(t))
			sg.addVerbatim(lines[i:j])
			i = j
		case isThematicBreak(t):
			sg.addVerbatim(lines[i : i+1])
			i++
		case atxHeading(t) >= 0:
			sg.heading(lines[i], cont)
			i++
		case quoteMarker(t) > 0:
			i = sg.quote(lines, i, cont, depth)
		case listMarker(t) > 0:
			i = sg.container(lines, i, cont, "busrides:list-item", listMarker(t), listWidth(t), depth)
		case footnoteMarker(t) > 0:
			i = sg.container(lines, i, cont, "busrides:footnote", footnoteMarker(t), 4, depth)
		case i+1 < len(lines) && isTableHeader(t, lines[i+1].text):
			i = sg.tableRows(lines, i, cont)
		default:
			if n := sg.linkDefinition(lines, i); n > 0 {
				sg.addVerbatim(lines[i : i+n])
				i += n
				continue
			}
			i = sg.paragraph(lines, i, cont, kind)
		}
	}
}

// paragraph adds the paragraph starting at lines[i] (a setext heading when
// underlined) and returns the index of the line after it.
func (sg *segmenter) paragraph(lines []srcLine, i int, cont, kind string) int {
	j := i + 1
	underline := false
	for j < len(lines) {
		t := lines[j].text
		if isBlank(t) {
			break
		}
		if isSetextUnderline(t) {
			underline = true
			break
		}
		if startsBlock(t, true) {
			break
		}
		j++
	}
	if underline {
		kind = "busrides:heading"
	}
	b := &mdBlock{kind: kind, cont: cont}
	for k := i; k < j; k++ {
		l := lines[k]
		ws := leadingSpace(l.text)
		b.lines = append(b.lines, srcLine{prefix: l.prefix + l.text[:ws], text: l.text[ws:], eol: l.eol})
	}
	last := &b.lines[len(b.lines)-1]
	trimmed := strings.TrimRight(last.text, " \t")
	b.suffix = last.text[len(trimmed):]
	last.text = trimmed
	sg.addBlock(b)
	if underline {
		sg.addVerbatim(lines[j : j+1])
		j++
	}
	return j
}

// heading adds an ATX heading line.
func (sg *segmenter) heading(l srcLine, cont string) {
	t := l.text
	p := atxHeading(t)
	rest := t[p:]
	body := strings.TrimRight(rest, " \t")
	end := len(body)
	// A closing sequence: #s preceded by a space or tab (or nothing).
	k := end
	for k > 0 && body[k-1] == '#' {
		k--
	}
	if k < end && (k == 0 || body[k-1] == ' ' || body[k-1] == '\t') {
		for k > 0 && (body[k-1] == ' ' || body[k-1] == '\t') {
			k--
		}
		end = k
	}
	b := &mdBlock{
		kind:   "busrides:heading",
		lines:  []srcLine{{prefix: l.prefix + t[:p], text: rest[:end], eol: l.eol}},
		suffix: rest[end:],
		cont:   cont,
		single: true,
	}
	sg.addBlock(b)
}

// quote adds the block quote starting at lines[i] and returns the index of
// the line after it.
func (sg *segmenter) quote(lines []srcLine, i int, cont string, depth int) int {
	first := quoteMarker(lines[i].text)
	marker := lines[i].text[:first]
	var inner []srcLine
	j := i
	for j < len(lines) {
		l := lines[j]
		if m := quoteMarker(l.text); m > 0 {
			inner = append(inner, srcLine{prefix: l.prefix + l.text[:m], text: l.text[m:], eol: l.eol})
			j++
			continue
		}
		if lazyContinues(inner, l.text) {
			inner = append(inner, l)
			j++
			continue
		}
		break
	}
	sg.blocks(inner, cont+marker, "busrides:quote", depth+1)
	return j
}

// container adds the list item or footnote definition starting at
// lines[i], whose marker takes the first marker bytes of its first line
// and whose other lines are indented by width columns; it returns the
// index of the line after it.
func (sg *segmenter) container(lines []srcLine, i int, cont, kind string, marker, width, depth int) int {
	first := lines[i]
	inner := []srcLine{{prefix: first.prefix + first.text[:marker], text: first.text[marker:], eol: first.eol}}
	end := i + 1 // after the last non-blank line taken
	for j := i + 1; j < len(lines); j++ {
		l := lines[j]
		switch {
		case isBlank(l.text):
			ws := stripCols(l.text, width)
			inner = append(inner, srcLine{prefix: l.prefix + l.text[:ws], text: l.text[ws:], eol: l.eol})
			continue
		case indentCols(l.text) >= width:
			ws := stripCols(l.text, width)
			inner = append(inner, srcLine{prefix: l.prefix + l.text[:ws], text: l.text[ws:], eol: l.eol})
		case j == end && lazyContinues(inner, l.text):
			inner = append(inner, l)
		default:
			sg.blocks(inner[:end-i], cont+strings.Repeat(" ", width), kind, depth+1)
			return end
		}
		end = j + 1
	}
	sg.blocks(inner[:end-i], cont+strings.Repeat(" ", width), kind, depth+1)
	return end
}

// lazyContinues reports whether line t continues, lazily (without the
// container's marker or indentation), a paragraph ending the container
// lines so far.
func lazyContinues(inner []srcLine, t string) bool {
	if len(inner) == 0 || isBlank(t) || startsBlock(t, false) {
		return false
	}
	last := inner[len(inner)-1].text
	return !isBlank(last) && indentCols(last) < 4 && fenceOpen(last) == "" &&
		atxHeading(last) < 0 && !isThematicBreak(last) && htmlBlockStart(last) == 0
}

// tableRows adds a table (header row, delimiter row, body rows) starting
// at lines[i] and returns the index of the line after it.
func (sg *segmenter) tableRows(lines []srcLine, i int, cont string) int {
	sg.tableRow(lines[i], cont)
	sg.addVerbatim(lines[i+1 : i+2])
	j := i + 2
	for j < len(lines) && !isBlank(lines[j].text) && !startsBlock(lines[j].text, false) {
		sg.tableRow(lines[j], cont)
		j++
	}
	return j
}

// tableRow adds one table row: its leading pipe and trailing pipe (with
// their spaces) are prefix and suffix, the pipes between cells are codes.
func (sg *segmenter) tableRow(l srcLine, cont string) {
	t := l.text
	p := leadingSpace(t)
	if p < len(t) && t[p] == '|' {
		p++
		p += leadingSpace(t[p:])
	}
	body := strings.TrimRight(t[p:], " \t")
	if n := len(body); n > 0 && body[n-1] == '|' && !escapedAt(body, n-1) {
		body = strings.TrimRight(body[:n-1], " \t")
	}
	sg.addBlock(&mdBlock{
		kind:   "busrides:table-row",
		lines:  []srcLine{{prefix: l.prefix + t[:p], text: body, eol: l.eol}},
		suffix: t[p+len(body):],
		cont:   cont,
		single: true,
		table:  true,
	})
}

// linkDefinition returns the number of lines (1 or 2) of the link
// reference definition at lines[i], or 0, and records its label.
func (sg *segmenter) linkDefinition(lines []srcLine, i int) int {
	t := lines[i].text
	p := leadingSpace(t)
	if p > 3 || p >= len(t) || t[p] != '[' || strings.HasPrefix(t[p:], "[^") {
		return 0
	}
	end := labelEnd(t, p)
	if end < 0 || end+1 >= len(t) || t[end+1] != ':' {
		return 0
	}
	label := t[p+1 : end]
	if strings.TrimSpace(label) == "" {
		return 0
	}
	rest := t[end+2:]
	rest = rest[leadingSpace(rest):]
	dest := linkDestination(rest, 0)
	if dest <= 0 {
		return 0
	}
	after := rest[dest:]
	n := 1
	if strings.TrimLeft(after, " \t") != "" {
		ws := leadingSpace(after)
		if ws == 0 {
			return 0
		}
		tl := linkTitle(after, ws)
		if tl < 0 || !isBlank(after[tl:]) {
			return 0
		}
	} else if i+1 < len(lines) {
		next := lines[i+1].text
		ws := leadingSpace(next)
		if tl := linkTitle(next, ws); tl > 0 && isBlank(next[tl:]) {
			n = 2
		}
	}
	sg.refs[normLabel(label)] = true
	return n
}

// normLabel is a link label as references match it.
func normLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// labelEnd returns the index of the "]" closing the label opened at
// s[open], or -1.
func labelEnd(s string, open int) int {
	for i := open + 1; i < len(s) && i-open <= 1000; i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			return -1
		case ']':
			return i
		}
	}
	return -1
}

// startsBlock reports whether line t begins a block that ends a paragraph
// before it. strictList follows CommonMark's rule for a list interrupting
// a paragraph (a bullet or "1." with text); without it any list item does.
func startsBlock(t string, strictList bool) bool {
	if indentCols(t) >= 4 {
		return false
	}
	if atxHeading(t) >= 0 || fenceOpen(t) != "" || isThematicBreak(t) || quoteMarker(t) > 0 || footnoteMarker(t) > 0 {
		return true
	}
	if k := htmlBlockStart(t); k != 0 && k != 7 {
		return true
	}
	if m := listMarker(t); m > 0 {
		if !strictList {
			return true
		}
		if isBlank(t[m:]) {
			return false
		}
		s := strings.TrimLeft(t, " ")
		return s[0] == '-' || s[0] == '+' || s[0] == '*' || strings.HasPrefix(s, "1.") || strings.HasPrefix(s, "1)")
	}
	return false
}

func isBlank(t string) bool {
	return strings.Trim(t, " \t") == ""
}

// indentCols is the width of t's leading spaces and tabs (tab stops of 4).
func indentCols(t string) int {
	col := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col
		}
	}
	return col
}

// leadingSpace is the number of leading spaces and tabs of t.
func leadingSpace(t string) int {
	return len(t) - len(strings.TrimLeft(t, " \t"))
}

// stripCols returns how many leading bytes of t make up width columns of
// indentation (a tab across the limit is taken whole).
func stripCols(t string, width int) int {
	col := 0
	i := 0
	for i < len(t) && col < width {
		switch t[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return i
		}
		i++
	}
	return i
}

// upTo3 returns the number of leading spaces of t when there are at most
// three, else -1.
func upTo3(t string) int {
	n := 0
	for n < len(t) && t[n] == ' ' {
		n++
	}
	if n > 3 {
		return -1
	}
	return n
}

// fenceOpen returns the fence ("```", "~~~~"…) opening a code block on
// line t, or "".
func fenceOpen(t string) string {
	p := upTo3(t)
	if p < 0 || p >= len(t) || (t[p] != '`' && t[p] != '~') {
		return ""
	}
	c := t[p]
	n := 0
	for p+n < len(t) && t[p+n] == c {
		n++
	}
	if n < 3 || (c == '`' && strings.IndexByte(t[p+n:], '`') >= 0) {
		return ""
	}
	return t[p : p+n]
}

// fenceCloses reports whether line t closes a code block opened by fence.
func fenceCloses(t, fence string) bool {
	p := upTo3(t)
	if p < 0 {
		return false
	}
	n := 0
	for p+n < len(t) && t[p+n] == fence[0] {
		n++
	}
	return n >= len(fence) && isBlank(t[p+n:])
}

// isThematicBreak reports whether t is a thematic break (---, ***, ___).
func isThematicBreak(t string) bool {
	p := upTo3(t)
	if p < 0 || p >= len(t) {
		return false
	}
	c := t[p]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for _, r := range t[p:] {
		switch {
		case r == rune(c):
			n++
		case r == ' ' || r == '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isSetextUnderline reports whether t underlines a setext heading.
func isSetextUnderline(t string) bool {
	p := upTo3(t)
	if p < 0 || p >= len(t) || (t[p] != '=' && t[p] != '-') {
		return false
	}
	s := strings.TrimRight(t[p:], " \t")
	return strings.Trim(s, s[:1]) == ""
}

// atxHeading returns the length of the opening of an ATX heading on line
// t (spaces, #s and the spaces after them), or -1.
func atxHeading(t string) int {
	p := upTo3(t)
	if p < 0 {
		return -1
	}
	n := 0
	for p+n < len(t) && t[p+n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return -1
	}
	q := p + n
	if q < len(t) && t[q] != ' ' && t[q] != '\t' {
		return -1
	}
	return q + leadingSpace(t[q:])
}

// quoteMarker returns the length of the block quote marker ("> ") opening
// t, or 0.
func quoteMarker(t string) int {
	p := upTo3(t)
	if p < 0 || p >= len(t) || t[p] != '>' {
		return 0
	}
	p++
	if p < len(t) && (t[p] == ' ' || t[p] == '\t') {
		p++
	}
	return p
}

// listMarker returns the length of the list item marker opening t, with
// the spaces after it and a task box ("[ ] "), or 0.
func listMarker(t string) int {
	p := upTo3(t)
	if p < 0 || p >= len(t) {
		return 0
	}
	q := p
	switch t[q] {
	case '-', '+', '*':
		q++
	default:
		d := 0
		for q < len(t) && t[q] >= '0' && t[q] <= '9' && d < 10 {
			q++
			d++
		}
		if d == 0 || d > 9 || q >= len(t) || (t[q] != '.' && t[q] != ')') {
			return 0
		}
		q++
	}
	if q < len(t) && t[q] != ' ' && t[q] != '\t' {
		return 0
	}
	if isThematicBreak(t) {
		return 0
	}
	ws := leadingSpace(t[q:])
	if ws == 0 || q+ws == len(t) {
		return q + ws
	}
	if indentCols(t[q:]) > 4 {
		ws = 1 // the text is indented code: one space belongs to the marker
	}
	q += ws
	for _, box := range []string{"[ ]", "[x]", "[X]"} {
		if rest, ok := strings.CutPrefix(t[q:], box); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			q += len(box) + leadingSpace(rest)
			break
		}
	}
	return q
}

// listWidth is the indentation of the lines of the list item opened on t.
func listWidth(t string) int {
	p := upTo3(t)
	q := p
	if c := t[q]; c == '-' || c == '+' || c == '*' {
		q++
	} else {
		for t[q] >= '0' && t[q] <= '9' {
			q++
		}
		q++
	}
	w := q // spaces and the marker: one column each
	rest := t[q:]
	ws := indentCols(rest)
	if isBlank(rest) || ws > 4 {
		return w + 1
	}
	return w + ws
}

// footnoteMarker returns the length of a footnote definition's opening
// ("[^1]: "), or 0.
func footnoteMarker(t string) int {
	p := upTo3(t)
	if p < 0 || !strings.HasPrefix(t[p:], "[^") {
		return 0
	}
	q := p + 2
	for q < len(t) && t[q] != ']' {
		if t[q] == ' ' || t[q] == '\t' || t[q] == '[' {
			return 0
		}
		q++
	}
	if q == p+2 || q+1 >= len(t) || t[q+1] != ':' {
		return 0
	}
	q += 2
	return q + leadingSpace(t[q:])
}

// isTableHeader reports whether t and the next line begin a table: t
// has a pipe, next is a delimiter row (|---|:--:|).
func isTableHeader(t, next string) bool {
	if !strings.Contains(t, "|") || !strings.Contains(next, "|") || !strings.Contains(next, "-") {
		return false
	}
	if upTo3(next) < 0 {
		return false
	}
	for _, r := range strings.TrimSpace(next) {
		switch r {
		case '|', '-', ':', ' ', '\t':
		default:
			return false
		}
	}
	cells := strings.Split(strings.Trim(strings.TrimSpace(next), "|"), "|")
	for _, c := range cells {
		c = strings.TrimSpace(c)
		c = strings.TrimPrefix(c, ":")
		c = strings.TrimSuffix(c, ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// escapedAt reports whether s[i] is preceded by an odd number of
// backslashes.
func escapedAt(s string, i int) bool {
	n := 0
	for i-n-1 >= 0 && s[i-n-1] == '\\' {
		n++
	}
	return n%2 == 1
}

// blockTags are the HTML tag names that open an HTML block (CommonMark's
// sixth kind).
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "base": true, "basefont": true,
	"blockquote": true, "body": true, "caption": true, "center": true, "col": true,
	"colgroup": true, "dd": true, "details": true, "dialog": true, "dir": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "frame": true, "frameset": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"head": true, "header": true, "hr": true, "html": true, "iframe": true,
	"legend": true, "li": true, "link": true, "main": true, "menu": true,
	"menuitem": true, "nav": true, "noframes": true, "ol": true, "optgroup": true,
	"option": true, "p": true, "param": true, "search": true, "section": true,
	"summary": true, "table": true, "tbody": true, "td": true, "tfoot": true,
	"th": true, "thead": true, "title": true, "tr": true, "track": true, "ul": true,
}

// htmlEnds are the end conditions of HTML blocks of kinds 1 to 5.
var htmlEnds = [6][]string{
	1: {"</script>", "</pre>", "</style>", "</textarea>"},
	2: {"-->"},
	3: {"?>"},
	4: {">"},
	5: {"]]>"},
}

// htmlBlockStart returns the kind (1 to 7, as CommonMark numbers them) of
// the HTML block opened on line t, or 0.
func htmlBlockStart(t string) int {
	p := upTo3(t)
	if p < 0 || p >= len(t) || t[p] != '<' {
		return 0
	}
	s := t[p:]
	lower := strings.ToLower(s)
	for _, tag := range []string{"script", "pre", "style", "textarea"} {
		if rest, ok := strings.CutPrefix(lower, "<"+tag); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '>') {
			return 1
		}
	}
	switch {
	case strings.HasPrefix(s, "<!--"):
		return 2
	case strings.HasPrefix(s, "<?"):
		return 3
	case strings.HasPrefix(s, "<![CDATA["):
		return 5
	case len(s) > 2 && s[1] == '!' && isASCIILetter(s[2]):
		return 4
	}
	name := strings.TrimPrefix(lower[1:], "/")
	n := 0
	for n < len(name) && (isASCIILetter(name[n]) || (n > 0 && (isDigit(name[n]) || name[n] == '-'))) {
		n++
	}
	if n > 0 && blockTags[name[:n]] {
		rest := name[n:]
		if rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '>' || strings.HasPrefix(rest, "/>") {
			return 6
		}
	}
	if end := htmlTag(s, 0); end > 0 && isBlank(s[end:]) {
		return 7
	}
	return 0
}

// htmlBlockEnd returns the index of the line after the HTML block of the
// given kind starting at lines[i].
func htmlBlockEnd(lines []srcLine, i, kind int) int {
	if kind >= 6 {
		j := i + 1
		for j < len(lines) && !isBlank(lines[j].text) {
			j++
		}
		return j
	}
	for j := i; j < len(lines); j++ {
		t := lines[j].text
		if kind == 1 {
			t = strings.ToLower(t)
		}
		for _, end := range htmlEnds[kind] {
			if strings.Contains(t, end) {
				return j + 1
			}
		}
	}
	return len(lines)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
