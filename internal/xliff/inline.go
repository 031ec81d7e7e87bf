package xliff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nodeKind is what a node of a segment is.
type nodeKind uint8

const (
	textNode  nodeKind = iota
	phNode             // a standalone code: <ph>
	pcNode             // a code around text: <pc>
	otherNode          // read from a document only: <sc> or <ec>
)

// codeKind is the Markdown a code stands for.
type codeKind uint8

const (
	codeNone codeKind = iota
	codeEmphasis
	codeStrong
	codeStrike
	codeLink
	codeImage
	codeSpan
	codeHTML
	codeAutolink
	codeURL
	codeBreak
	codeFootnote
	codeCell
)

// node is a piece of a segment: text, or an inline code with the Markdown
// it stands for.
type node struct {
	kind nodeKind
	code codeKind
	text string // text: the text; ph: its Markdown; pc: its opening Markdown
	end  string // pc: its closing Markdown
	kids []node // pc: what it holds
	id   string // codes: the code's id in its unit
	ref  string // codes: the id of the <data> of text
	// refEnd is, for a pc, the id of the <data> of end.
	refEnd string
}

// flatten is the Markdown the nodes stand for.
func flatten(nodes []node) string {
	var b strings.Builder
	writeFlat(&b, nodes)
	return b.String()
}

func writeFlat(b *strings.Builder, nodes []node) {
	for _, n := range nodes {
		b.WriteString(n.text)
		if n.kind == pcNode {
			writeFlat(b, n.kids)
			b.WriteString(n.end)
		}
	}
}

// hasText reports whether the nodes hold text other than white space.
func hasText(nodes []node) bool {
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			if strings.TrimFunc(n.text, unicode.IsSpace) != "" {
				return true
			}
		case pcNode:
			if hasText(n.kids) {
				return true
			}
		}
	}
	return false
}

// nodeList builds a list of nodes, merging adjacent text (in linear
// time).
type nodeList struct {
	nodes []node
	text  strings.Builder
}

// add appends a node; text is merged with text before it.
func (l *nodeList) add(n node) {
	if n.kind == textNode {
		l.text.WriteString(n.text)
		return
	}
	l.flush()
	l.nodes = append(l.nodes, n)
}

func (l *nodeList) addText(s string) {
	l.text.WriteString(s)
}

func (l *nodeList) flush() {
	if l.text.Len() > 0 {
		l.nodes = append(l.nodes, node{kind: textNode, text: l.text.String()})
		l.text.Reset()
	}
}

// list returns the nodes.
func (l *nodeList) list() []node {
	l.flush()
	return l.nodes
}

// parseCells turns the text of a table row into nodes: each cell's
// inline Markdown, with the pipes between cells (and the spaces around
// them) as codes.
func parseCells(s string, refs map[string]bool) []node {
	var cells []string
	last := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, s[last:i])
			last = i + 1
		}
	}
	cells = append(cells, s[last:])
	var nodes nodeList
	sep := ""
	for k, c := range cells {
		core := strings.TrimLeft(c, " \t")
		sep += c[:len(c)-len(core)]
		trimmed := strings.TrimRight(core, " \t")
		if k > 0 {
			nodes.add(node{kind: phNode, code: codeCell, text: sep})
		}
		for _, n := range parseInline(trimmed, refs) {
			nodes.add(n)
		}
		sep = core[len(trimmed):] + "|"
	}
	return nodes.list()
}

// inlKind is what an element of the inline parser's list is.
type inlKind uint8

const (
	inlText  inlKind = iota
	inlNode          // a finished code
	inlDelim         // a run of *, _ or ~
	inlOpen          // [ or ![
	inlClose         // ]
)

// inl is an element of the doubly linked list the inline parser works on;
// start and end delimit its Markdown in the parser's text.
type inl struct {
	prev, next *inl
	kind       inlKind
	start, end int
	node       *node
	// delimiter runs
	ch                byte
	origN             int
	canOpen, canClose bool
	// brackets
	image bool
}

// inlineParser parses the inline Markdown of one block: CommonMark's
// algorithm (code spans, autolinks and raw HTML first, then links and
// images with a stack of brackets, then emphasis with a stack of
// delimiters), producing nodes rather than HTML.
type inlineParser struct {
	s          string
	refs       map[string]bool
	head, tail *inl
	ticks      map[int][]int // backtick runs by length: their positions
	tickNext   map[int]int   // per length, the first run not yet passed
	finds      map[string]int
	findFrom   map[string]int
}

// parseInline parses s, the text of a block, into nodes.
func parseInline(s string, refs map[string]bool) []node {
	p := &inlineParser{s: s, refs: refs}
	p.head = &inl{kind: inlText}
	p.tail = &inl{kind: inlText}
	p.head.next, p.tail.prev = p.tail, p.head
	p.scan()
	p.brackets()
	p.emphasis(p.head, p.tail)
	return p.nodes(p.head, p.tail)
}

// add appends an element before the tail.
func (p *inlineParser) add(e *inl) {
	e.prev, e.next = p.tail.prev, p.tail
	p.tail.prev.next = e
	p.tail.prev = e
}

func (p *inlineParser) addText(start, end int) {
	if end > start {
		p.add(&inl{kind: inlText, start: start, end: end})
	}
}

func (p *inlineParser) addCode(start, end int, code codeKind) {
	p.add(&inl{kind: inlNode, start: start, end: end, node: &node{kind: phNode, code: code, text: p.s[start:end]}})
}

// scan splits the text into text, atomic codes, delimiter runs and
// brackets.
func (p *inlineParser) scan() {
	s := p.s
	text := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 < len(s) && s[i+1] == '\n' {
				p.addText(text, i)
				p.addCode(i, i+2, codeBreak)
				i += 2
				text = i
			} else if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				i += 2
			} else {
				i++
			}
		case c == '`':
			n := runLen(s, i, '`')
			if end := p.codeSpanEnd(i, n); end > 0 {
				p.addText(text, i)
				p.addCode(i, end, codeSpan)
				i, text = end, end
			} else {
				i += n
			}
		case c == '<':
			if end := autolinkEnd(s, i); end > 0 {
				end = withLangMark(s, end)
				p.addText(text, i)
				p.addCode(i, end, codeAutolink)
				i, text = end, end
			} else if end := p.htmlInline(i); end > 0 {
				p.addText(text, i)
				p.addCode(i, end, codeHTML)
				i, text = end, end
			} else {
				i++
			}
		case c == '[':
			if end := footnoteRef(s, i); end > 0 {
				p.addText(text, i)
				p.addCode(i, end, codeFootnote)
				i, text = end, end
				continue
			}
			p.addText(text, i)
			p.add(&inl{kind: inlOpen, start: i, end: i + 1})
			i++
			text = i
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			p.addText(text, i)
			p.add(&inl{kind: inlOpen, start: i, end: i + 2, image: true})
			i += 2
			text = i
		case c == ']':
			p.addText(text, i)
			p.add(&inl{kind: inlClose, start: i, end: i + 1})
			i++
			text = i
		case c == '*' || c == '_' || c == '~':
			n := runLen(s, i, c)
			if c == '~' && n > 2 {
				i += n
				continue
			}
			p.addText(text, i)
			p.add(p.delimiter(i, n))
			i += n
			text = i
		case c == '\n':
			j := i
			for j > text && s[j-1] == ' ' {
				j--
			}
			if i-j >= 2 {
				p.addText(text, j)
				p.addCode(j, i+1, codeBreak)
				text = i + 1
			}
			i++
		case (c == 'h' || c == 'w') && urlMayStart(s, i):
			if end := bareURLEnd(s, i); end > 0 {
				end = withLangMark(s, end)
				p.addText(text, i)
				p.addCode(i, end, codeURL)
				i, text = end, end
			} else {
				i++
			}
		default:
			i++
		}
	}
	p.addText(text, len(s))
}

// delimiter makes the element for the run of n delimiter characters at i,
// with CommonMark's flanking rules.
func (p *inlineParser) delimiter(i, n int) *inl {
	s := p.s
	c := s[i]
	before, after := ' ', ' '
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if i+n < len(s) {
		after, _ = utf8.DecodeRuneInString(s[i+n:])
	}
	left := !isUnicodeSpace(after) && (!isPunctuation(after) || isUnicodeSpace(before) || isPunctuation(before))
	right := !isUnicodeSpace(before) && (!isPunctuation(before) || isUnicodeSpace(after) || isPunctuation(after))
	e := &inl{kind: inlDelim, start: i, end: i + n, ch: c, origN: n}
	if c == '_' {
		e.canOpen = left && (!right || isPunctuation(before))
		e.canClose = right && (!left || isPunctuation(after))
	} else {
		e.canOpen, e.canClose = left, right
	}
	return e
}

// brackets turns bracket pairs followed by a destination or a known
// reference into links and images.
func (p *inlineParser) brackets() {
	var openers []*inl
	floor := 0 // openers below this index are inactive, except images
	for e := p.head.next; e != p.tail; e = e.next {
		switch e.kind {
		case inlOpen:
			openers = append(openers, e)
		case inlClose:
			if len(openers) == 0 {
				continue
			}
			k := len(openers) - 1
			o := openers[k]
			openers = openers[:k]
			if k < floor && !o.image {
				continue
			}
			end := p.linkTail(e.end, p.s[o.end:e.start])
			if end < 0 || !p.cutAt(e, end) {
				continue
			}
			code := codeLink
			if o.image {
				code = codeImage
			}
			p.emphasis(o, e)
			n := &node{kind: pcNode, code: code, text: p.s[o.start:o.end], end: p.s[e.start:end], kids: p.nodes(o, e)}
			link := &inl{kind: inlNode, start: o.start, end: end, node: n}
			// Replace o … the end of the tail with the link.
			after := e.next
			for after != p.tail && after.start < end {
				after = after.next
			}
			link.prev, link.next = o.prev, after
			o.prev.next = link
			after.prev = link
			e = link
			if !o.image {
				floor = len(openers)
			}
		}
	}
}

// cutAt checks that the link tail from closer e to end covers whole
// elements (splitting a text element at end) and reports whether it does.
func (p *inlineParser) cutAt(e *inl, end int) bool {
	for x := e.next; x != p.tail && x.start < end; x = x.next {
		if x.end <= end {
			continue
		}
		if x.kind != inlText {
			return false
		}
		rest := &inl{kind: inlText, start: end, end: x.end, prev: x, next: x.next}
		x.next.prev = rest
		x.next = rest
		x.end = end
		return true
	}
	return true
}

// linkTail returns the end of what follows a closing bracket at i to
// make a link — "(destination "title")", "[label]", "[]", or nothing for
// a shortcut reference — with a language mark after it; or -1. label is
// the text between the brackets.
func (p *inlineParser) linkTail(i int, label string) int {
	s := p.s
	end := -1
	switch {
	case i < len(s) && s[i] == '(':
		j := skipSpaceNL(s, i+1)
		if j < len(s) && s[j] == ')' {
			end = j + 1
			break
		}
		d := linkDestination(s, j)
		if d < 0 {
			break
		}
		k := skipSpaceNL(s, d)
		if k < len(s) && s[k] == ')' {
			end = k + 1
			break
		}
		if k == d {
			break
		}
		t := linkTitle(s, k)
		if t < 0 {
			break
		}
		if k = skipSpaceNL(s, t); k < len(s) && s[k] == ')' {
			end = k + 1
		}
	case i < len(s) && s[i] == '[':
		le := labelEnd(s, i)
		if le < 0 {
			break
		}
		ref := s[i+1 : le]
		if ref == "" {
			ref = label
		}
		if validLabel(ref) && p.refs[normLabel(ref)] {
			end = le + 1
		}
	}
	// A shortcut reference: a defined label not followed by another one.
	if end < 0 && validLabel(label) && p.refs[normLabel(label)] &&
		(i >= len(s) || s[i] != '[' || labelEnd(s, i) < 0) {
		end = i
	}
	if end < 0 {
		return -1
	}
	return withLangMark(s, end)
}

// validLabel reports whether s can be a link label: at most 999 bytes,
// not blank, without unescaped brackets.
func validLabel(s string) bool {
	if len(s) > 999 || strings.TrimSpace(s) == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[', ']':
			return false
		}
	}
	return true
}

// emphasis matches the delimiter runs strictly between first and last
// into emphasis, strong emphasis and strikethrough codes (CommonMark's
// "process emphasis", with its openers bottom for linear time).
func (p *inlineParser) emphasis(first, last *inl) {
	type key struct {
		ch      byte
		canOpen bool
		mod     int
	}
	bottom := map[key]int{}
	for c := first.next; c != last; c = c.next {
		if c.kind != inlDelim || !c.canClose {
			continue
		}
		for c.end > c.start {
			k := key{c.ch, c.canOpen, c.origN % 3}
			floor, ok := bottom[k]
			if !ok {
				floor = -1
			}
			var o *inl
			for x := c.prev; x != first && x.start >= floor; x = x.prev {
				if x.kind == inlDelim && x.ch == c.ch && x.canOpen && x.end > x.start && compatible(x, c) {
					o = x
					break
				}
			}
			if o == nil {
				bottom[k] = c.start
				break
			}
			use := 1
			switch {
			case c.ch == '~':
				use = c.end - c.start
			case o.end-o.start >= 2 && c.end-c.start >= 2:
				use = 2
			}
			code := codeEmphasis
			switch {
			case c.ch == '~':
				code = codeStrike
			case use == 2:
				code = codeStrong
			}
			n := &node{kind: pcNode, code: code, text: p.s[o.end-use : o.end], end: p.s[c.start : c.start+use], kids: p.nodes(o, c)}
			o.end -= use
			c.start += use
			em := &inl{kind: inlNode, start: o.end, end: c.start, node: n, prev: o, next: c}
			o.next, c.prev = em, em
			if o.end == o.start {
				o.prev.next, em.prev = em, o.prev
			}
		}
		if c.end == c.start {
			c.prev.next, c.next.prev = c.next, c.prev
		}
	}
}

// compatible applies the rule of three (and, for ~, equal lengths).
func compatible(o, c *inl) bool {
	if c.ch == '~' {
		return o.end-o.start == c.end-c.start
	}
	if (o.canClose || c.canOpen) && (o.origN+c.origN)%3 == 0 {
		return o.origN%3 == 0 && c.origN%3 == 0
	}
	return true
}

// nodes converts the elements strictly between first and last to nodes:
// what is left of delimiters and brackets is text.
func (p *inlineParser) nodes(first, last *inl) []node {
	var out nodeList
	for e := first.next; e != last; e = e.next {
		if e.kind == inlNode {
			out.add(*e.node)
			continue
		}
		out.addText(p.s[e.start:e.end])
	}
	return out.list()
}

// codeSpanEnd returns the end of the code span opened by the run of n
// backticks at i, or -1 when no run of exactly n backticks closes it.
func (p *inlineParser) codeSpanEnd(i, n int) int {
	if p.ticks == nil {
		p.ticks, p.tickNext = map[int][]int{}, map[int]int{}
		for j := 0; j < len(p.s); {
			if p.s[j] != '`' {
				j++
				continue
			}
			m := runLen(p.s, j, '`')
			p.ticks[m] = append(p.ticks[m], j)
			j += m
		}
	}
	runs := p.ticks[n]
	k := p.tickNext[n]
	for k < len(runs) && runs[k] < i+n {
		k++
	}
	p.tickNext[n] = k
	if k == len(runs) {
		return -1
	}
	return runs[k] + n
}

// find returns the index of the first needle at or after from, or -1,
// remembering its answers so that searches from increasing positions
// take linear time overall.
func (p *inlineParser) find(needle string, from int) int {
	if p.finds == nil {
		p.finds, p.findFrom = map[string]int{}, map[string]int{}
	}
	if f, ok := p.findFrom[needle]; ok && f <= from {
		r := p.finds[needle]
		if r < 0 || r >= from {
			return r
		}
	}
	r := strings.Index(p.s[from:], needle)
	if r >= 0 {
		r += from
	}
	p.finds[needle], p.findFrom[needle] = r, from
	return r
}

// htmlInline returns the end of the raw HTML (tag, comment, processing
// instruction, declaration or CDATA section) at i, or -1.
func (p *inlineParser) htmlInline(i int) int {
	s := p.s[i:]
	switch {
	case strings.HasPrefix(s, "<!-->"):
		return i + 5
	case strings.HasPrefix(s, "<!--->"):
		return i + 6
	case strings.HasPrefix(s, "<!--"):
		if e := p.find("-->", i+4); e >= 0 {
			return e + 3
		}
		return -1
	case strings.HasPrefix(s, "<?"):
		if e := p.find("?>", i+2); e >= 0 {
			return e + 2
		}
		return -1
	case strings.HasPrefix(s, "<![CDATA["):
		if e := p.find("]]>", i+9); e >= 0 {
			return e + 3
		}
		return -1
	case len(s) > 2 && s[1] == '!' && isASCIILetter(s[2]):
		if e := p.find(">", i+2); e >= 0 {
			return e + 1
		}
		return -1
	}
	return htmlTagWith(p.s, i, p.find)
}

// htmlTag returns the end of the HTML open or closing tag at s[i], or -1.
func htmlTag(s string, i int) int {
	return htmlTagWith(s, i, func(needle string, from int) int {
		r := strings.Index(s[from:], needle)
		if r >= 0 {
			r += from
		}
		return r
	})
}

func htmlTagWith(s string, i int, find func(string, int) int) int {
	if i+1 >= len(s) || s[i] != '<' {
		return -1
	}
	j := i + 1
	closing := s[j] == '/'
	if closing {
		j++
	}
	if j >= len(s) || !isASCIILetter(s[j]) {
		return -1
	}
	for j < len(s) && (isASCIILetter(s[j]) || isDigit(s[j]) || s[j] == '-') {
		j++
	}
	if !closing {
		for {
			k := skipHTMLSpace(s, j)
			if k == j || k >= len(s) || !(isASCIILetter(s[k]) || s[k] == '_' || s[k] == ':') {
				break
			}
			for k < len(s) && (isASCIILetter(s[k]) || isDigit(s[k]) || strings.IndexByte("_.:-", s[k]) >= 0) {
				k++
			}
			j = k
			k = skipHTMLSpace(s, k)
			if k >= len(s) || s[k] != '=' {
				continue
			}
			k = skipHTMLSpace(s, k+1)
			if k >= len(s) {
				return -1
			}
			switch s[k] {
			case '"', '\'':
				e := find(s[k:k+1], k+1)
				if e < 0 {
					return -1
				}
				j = e + 1
			default:
				e := k
				for e < len(s) && strings.IndexByte(" \t\n\r\f\"'=<>`", s[e]) < 0 {
					e++
				}
				if e == k {
					return -1
				}
				j = e
			}
		}
	}
	j = skipHTMLSpace(s, j)
	switch {
	case j < len(s) && s[j] == '>':
		return j + 1
	case !closing && j+1 < len(s) && s[j] == '/' && s[j+1] == '>':
		return j + 2
	}
	return -1
}

func skipHTMLSpace(s string, j int) int {
	for j < len(s) && strings.IndexByte(" \t\n\r\f", s[j]) >= 0 {
		j++
	}
	return j
}

// autolinkEnd returns the end of the autolink (<scheme:…> or <address@…>)
// at s[i], or -1.
func autolinkEnd(s string, i int) int {
	j := i + 1
	k := j
	for k < len(s) && k-j < 33 && (isASCIILetter(s[k]) || (k > j && (isDigit(s[k]) || s[k] == '+' || s[k] == '.' || s[k] == '-'))) {
		k++
	}
	if k-j >= 2 && k < len(s) && s[k] == ':' {
		for k++; k < len(s); k++ {
			switch c := s[k]; {
			case c == '>':
				return k + 1
			case c == '<' || c <= ' ' || c == 0x7f:
				return -1
			}
		}
		return -1
	}
	// An e-mail address.
	k = j
	for k < len(s) && (isASCIILetter(s[k]) || isDigit(s[k]) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", s[k]) >= 0) {
		k++
	}
	if k == j || k >= len(s) || s[k] != '@' {
		return -1
	}
	k++
	start := k
	for k < len(s) && (isASCIILetter(s[k]) || isDigit(s[k]) || s[k] == '-' || s[k] == '.') {
		k++
	}
	if k == start || k >= len(s) || s[k] != '>' {
		return -1
	}
	return k + 1
}

// footnoteRef returns the end of the footnote reference ("[^1]") at s[i],
// or -1.
func footnoteRef(s string, i int) int {
	if !strings.HasPrefix(s[i:], "[^") {
		return -1
	}
	for k := i + 2; k < len(s); k++ {
		switch s[k] {
		case ']':
			if k == i+2 || (k+1 < len(s) && strings.IndexByte("([:", s[k+1]) >= 0) {
				return -1
			}
			return k + 1
		case ' ', '\t', '\n', '[', '\\':
			return -1
		}
	}
	return -1
}

// urlMayStart reports whether a bare URL may start at s[i]: at the start,
// after white space or after one of * _ ~ (.
func urlMayStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isUnicodeSpace(r) || strings.ContainsRune("*_~(", r)
}

// bareURLEnd returns the end of the bare URL (https://…, http://…, www.…)
// at s[i], or -1; trailing punctuation and an unbalanced ) are not part of
// it.
func bareURLEnd(s string, i int) int {
	rest := s[i:]
	var body int
	switch {
	case strings.HasPrefix(rest, "https://"):
		body = 8
	case strings.HasPrefix(rest, "http://"):
		body = 7
	case strings.HasPrefix(rest, "www."):
		body = 4
	default:
		return -1
	}
	end := body
	for end < len(rest) {
		r, w := utf8.DecodeRuneInString(rest[end:])
		if isUnicodeSpace(r) || r == '<' {
			break
		}
		end += w
	}
	for end > body {
		c := rest[end-1]
		if strings.IndexByte("?!.,:*_~'\"", c) >= 0 {
			end--
			continue
		}
		if c == ')' && strings.Count(rest[:end], "(") < strings.Count(rest[:end], ")") {
			end--
			continue
		}
		break
	}
	if end == body {
		return -1
	}
	return i + end
}

// withLangMark extends end over a "{lang=en}" or "{lang=fr}" mark.
func withLangMark(s string, end int) int {
	if strings.HasPrefix(s[end:], "{lang=en}") || strings.HasPrefix(s[end:], "{lang=fr}") {
		return end + len("{lang=en}")
	}
	return end
}

// skipSpaceNL skips spaces and tabs with at most one line break.
func skipSpaceNL(s string, j int) int {
	nl := false
	for j < len(s) {
		switch s[j] {
		case ' ', '\t':
		case '\n':
			if nl {
				return j
			}
			nl = true
		default:
			return j
		}
		j++
	}
	return j
}

// linkDestination returns the end of the link destination at s[i]
// (<…> or a run without spaces, with balanced parentheses), or -1.
func linkDestination(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	if s[i] == '<' {
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '\n', '<':
				return -1
			case '>':
				return j + 1
			}
		}
		return -1
	}
	depth := 0
	j := i
loop:
	for j < len(s) {
		c := s[j]
		switch {
		case c == '\\' && j+1 < len(s) && isASCIIPunct(s[j+1]):
			j += 2
			continue
		case c <= ' ' || c == 0x7f:
			break loop
		case c == '(':
			depth++
			if depth > 32 {
				return -1
			}
		case c == ')':
			if depth == 0 {
				break loop
			}
			depth--
		}
		j++
	}
	if j == i || depth != 0 {
		return -1
	}
	return j
}

// linkTitle returns the end of the link title ("…", '…' or (…)) at s[i],
// or -1.
func linkTitle(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	closer := s[i]
	switch closer {
	case '"', '\'':
	case '(':
		closer = ')'
	default:
		return -1
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '\\':
			j++
		case c == closer:
			return j + 1
		case c == '(' && closer == ')':
			return -1
		case c == '\n' && j+1 < len(s) && isBlank(strings.SplitN(s[j+1:], "\n", 2)[0]):
			return -1
		}
	}
	return -1
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// isUnicodeSpace is CommonMark's Unicode white space: Zs, tab, line feed,
// form feed, carriage return.
func isUnicodeSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' || unicode.Is(unicode.Zs, r)
}

// isPunctuation is CommonMark's Unicode punctuation: P and S categories.
func isPunctuation(r rune) bool {
	if r < 0x80 {
		return isASCIIPunct(byte(r))
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}
