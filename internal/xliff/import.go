package xliff

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// maxDepth bounds the nesting of elements Import reads.
const maxDepth = 5000

// maxProblems bounds the problems Import reports for one document.
const maxProblems = 100

// Import reads a translated XLIFF 2 document (2.1 or 2.0) and rebuilds the
// target version's fields from it. want is the source the document must
// match: the current source version, re-exported (its Revision is not
// compared; the returned Translation.Revision is the document's, for the
// caller to compare). A document that does not match, or that a translator
// or tool broke, is refused with an *Error listing every problem found. An
// error that is not an *Error wraps ErrInvalidSource: want itself cannot be
// exported.
//
// Input beyond MaxSize bytes is refused without being read, and so is a
// DOCTYPE (and with it any entity declaration). A UTF-16 document (with a
// byte order mark) is read too.
func Import(data []byte, want Source) (Translation, error) {
	if len(data) > MaxSize {
		return Translation{}, &Error{Problems: []Problem{{Key: KeyTooLarge, Arg: strconv.Itoa(MaxSize >> 20)}}}
	}
	d, err := cut(want)
	if err != nil {
		return Translation{}, err
	}
	x, perr := parseDocument(data)
	if perr != nil {
		return Translation{}, perr
	}
	f := x.files[0]
	var ps problems
	if f.id != d.src.Key {
		ps.add("", KeyWrongEpisode, f.id)
	}
	key, rev, ok := parseOriginal(f.original)
	switch {
	case !ok:
		ps.add("", KeyMalformed, strconv.Itoa(f.line))
	case key != d.src.Key && f.id == d.src.Key:
		ps.add("", KeyWrongEpisode, key)
	}
	if !sameLang(x.srcLang, d.src.SourceLang) || !sameLang(x.trgLang, d.src.TargetLang) {
		ps.add("", KeyWrongLanguages, x.srcLang+" → "+x.trgLang)
	}
	if len(ps) > 0 {
		return Translation{}, &Error{Problems: ps}
	}

	byID := map[string][]*xUnit{}
	var fileOrder []string
	for _, xu := range f.units {
		if _, seen := byID[xu.id]; !seen {
			fileOrder = append(fileOrder, xu.id)
		}
		byID[xu.id] = append(byID[xu.id], xu)
	}
	targets := map[string][]node{}
	known := map[string]bool{}
	for _, u := range d.units {
		known[u.id] = true
		xs := byID[u.id]
		switch {
		case len(xs) == 0:
			ps.add(u.id, KeyUnitMissing, "")
			continue
		case len(xs) > 1:
			ps.add(u.id, KeyUnitDuplicate, "")
			continue
		}
		src, tgt, complete, preserve := xs[0].assemble()
		wantSrc := u.nodes
		if !preserve {
			src, wantSrc = collapse(src), collapse(wantSrc)
		}
		if !sameNodes(src, wantSrc) || (xs[0].hasData && !sameData(xs[0].data, u.data)) {
			ps.add(u.id, KeySourceChanged, "")
			continue
		}
		if !complete || !hasText(tgt) {
			ps.add(u.id, KeyTargetEmpty, "")
			continue
		}
		u.checkCodes(tgt, &ps)
		targets[u.id] = tgt
	}
	for _, id := range fileOrder {
		if !known[id] {
			ps.add(id, KeyUnitUnknown, "")
		}
	}
	if len(ps) > 0 {
		return Translation{}, &Error{Problems: ps}
	}
	return d.translation(targets, rev), nil
}

// problems collects Problems, each once, at most maxProblems.
type problems []Problem

func (ps *problems) add(unit, key, arg string) {
	p := Problem{Unit: unit, Key: key, Arg: arg}
	if len(*ps) >= maxProblems {
		return
	}
	for _, q := range *ps {
		if q == p {
			return
		}
	}
	*ps = append(*ps, p)
}

// parseOriginal reads the episode key and revision from a file's original
// attribute.
func parseOriginal(s string) (string, int, bool) {
	rest, ok := strings.CutPrefix(s, "busrides/episodes/")
	if !ok {
		return "", 0, false
	}
	i := strings.LastIndex(rest, "/revisions/")
	if i < 0 {
		return "", 0, false
	}
	rev, err := strconv.Atoi(rest[i+len("/revisions/"):])
	if err != nil || rev < 0 {
		return "", 0, false
	}
	return rest[:i], rev, true
}

// sameLang reports whether the language tag (en, en-CA, fr-FR…) is in
// lang.
func sameLang(tag string, lang content.Lang) bool {
	primary, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return strings.EqualFold(primary, string(lang))
}

// checkCodes adds the problems of the codes of target, compared with the
// source's: each source code once, of the same kind, inside the same code.
func (u *unit) checkCodes(target []node, ps *problems) {
	seen := map[string]bool{}
	var walk func(nodes []node, parent string)
	walk = func(nodes []node, parent string) {
		for _, n := range nodes {
			if n.kind == textNode {
				continue
			}
			src, ok := u.codes[n.id]
			switch {
			case !ok:
				ps.add(u.id, KeyCodeExtra, n.id)
			case seen[n.id]:
				ps.add(u.id, KeyCodeDuplicate, n.id)
			default:
				seen[n.id] = true
				if n.kind != src.kind {
					ps.add(u.id, KeyCodeMismatch, n.id)
				} else if u.parent[n.id] != parent {
					ps.add(u.id, KeyCodeNesting, n.id)
				}
			}
			if n.kind == pcNode {
				walk(n.kids, n.id)
			}
		}
	}
	walk(target, "")
	for _, id := range u.order {
		if !seen[id] {
			ps.add(u.id, KeyCodeMissing, id)
		}
	}
}

// sameNodes reports whether two segments have the same text and codes.
func sameNodes(a, b []node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.kind != y.kind || x.id != y.id {
			return false
		}
		if x.kind == textNode && x.text != y.text {
			return false
		}
		if x.kind == pcNode && !sameNodes(x.kids, y.kids) {
			return false
		}
	}
	return true
}

func sameData(got map[string]string, want []dataEntry) bool {
	if len(got) != len(want) {
		return false
	}
	for _, d := range want {
		if s, ok := got[d.id]; !ok || s != d.text {
			return false
		}
	}
	return true
}

// collapse returns nodes with each run of XML white space in their text
// made one space, as xml:space="default" allows a tool to do.
func collapse(nodes []node) []node {
	out := make([]node, len(nodes))
	for i, n := range nodes {
		if n.kind == textNode {
			n.text = collapseSpace(n.text)
		}
		if n.kind == pcNode {
			n.kids = collapse(n.kids)
		}
		out[i] = n
	}
	return out
}

func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// xDoc is what Import reads of a document.
type xDoc struct {
	srcLang, trgLang string
	files            []*xFile
}

type xFile struct {
	id, original string
	line         int
	units        []*xUnit
}

type xUnit struct {
	id      string
	data    map[string]string
	hasData bool
	parts   []xPart
}

// xPart is a <segment> or an <ignorable> of a unit.
type xPart struct {
	segment          bool
	source, target   []node
	hasTarget        bool
	preserve         bool // both source and target were read with xml:space="preserve"
	sourceWhiteSpace bool // the source is white space only
}

// assemble joins a unit's parts: its source, its target, whether every
// segment with text has a target, and whether white space was preserved
// throughout.
func (x *xUnit) assemble() (src, tgt []node, complete, preserve bool) {
	complete, preserve = true, true
	var s, t nodeList
	join := func(to *nodeList, from []node) {
		for _, n := range from {
			to.add(n)
		}
	}
	for _, p := range x.parts {
		join(&s, p.source)
		preserve = preserve && p.preserve
		switch {
		case p.hasTarget:
			join(&t, p.target)
		case !p.segment || p.sourceWhiteSpace:
			join(&t, p.source)
		default:
			complete = false
		}
	}
	return s.list(), t.list(), complete, preserve
}

// xmlParser reads a document's elements.
type xmlParser struct {
	d     *xml.Decoder
	depth int
}

// parseDocument reads a document, or reports why it cannot be read.
func parseDocument(data []byte) (*xDoc, *Error) {
	data = toUTF8(data)
	p := &xmlParser{d: xml.NewDecoder(bytes.NewReader(data))}
	p.d.Strict = true
	p.d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-16", "utf-16le", "utf-16be", "us-ascii":
			return r, nil // already UTF-8 (toUTF8)
		}
		return nil, errors.New("unsupported encoding " + label)
	}
	var doc *xDoc
	for {
		t, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if doc == nil && !errors.Is(err, errDoctype) {
				return nil, &Error{Problems: []Problem{{Key: KeyNotXLIFF}}, Err: err}
			}
			return nil, p.fail(err)
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				if doc == nil {
					return nil, &Error{Problems: []Problem{{Key: KeyNotXLIFF}}}
				}
				return nil, p.fail(nil)
			}
		case xml.StartElement:
			if doc != nil {
				return nil, p.fail(nil)
			}
			v := attrValue(t, "version")
			if t.Name.Local == "xliff" && (t.Name.Space != Namespace || !strings.HasPrefix(v, "2.")) {
				return nil, &Error{Problems: []Problem{{Key: KeyNotXLIFF, Arg: "xliff " + v}}}
			}
			if t.Name.Space != Namespace || t.Name.Local != "xliff" {
				return nil, &Error{Problems: []Problem{{Key: KeyNotXLIFF, Arg: t.Name.Local}}}
			}
			if !strings.HasPrefix(v, "2.") {
				return nil, &Error{Problems: []Problem{{Key: KeyNotXLIFF, Arg: "xliff " + v}}}
			}
			doc = &xDoc{srcLang: attrValue(t, "srcLang"), trgLang: attrValue(t, "trgLang")}
			if e := p.root(t, doc); e != nil {
				return nil, e
			}
		}
	}
	if doc == nil {
		return nil, &Error{Problems: []Problem{{Key: KeyNotXLIFF}}}
	}
	if len(doc.files) != 1 {
		return nil, &Error{Problems: []Problem{{Key: KeyMalformed, Arg: strconv.Itoa(p.line())}}}
	}
	return doc, nil
}

// toUTF8 converts a UTF-16 document (with its byte order mark) to UTF-8
// and drops a UTF-8 byte order mark.
func toUTF8(data []byte) []byte {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return data[3:]
	}
	var big bool
	switch {
	case bytes.HasPrefix(data, []byte("\xFE\xFF")):
		big = true
	case bytes.HasPrefix(data, []byte("\xFF\xFE")):
	default:
		return data
	}
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	var b bytes.Buffer
	for _, r := range utf16.Decode(u) {
		b.WriteRune(r)
	}
	return b.Bytes()
}

// errDoctype is next's error for a DOCTYPE or other declaration.
var errDoctype = errors.New("DOCTYPE or entity declaration")

// next returns the next token that matters: comments and processing
// instructions are skipped, a directive (<!DOCTYPE…>, <!ENTITY…>) is
// refused.
func (p *xmlParser) next() (xml.Token, error) {
	for {
		t, err := p.d.Token()
		if err != nil {
			return nil, err
		}
		switch t.(type) {
		case xml.Comment, xml.ProcInst:
			continue
		case xml.Directive:
			return nil, errDoctype
		}
		return t, nil
	}
}

func (p *xmlParser) line() int {
	line, _ := p.d.InputPos()
	return line
}

// fail is the Error for a document that is not well-formed or not
// shaped as XLIFF, at the decoder's position.
func (p *xmlParser) fail(err error) *Error {
	line := p.line()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	key := KeyMalformed
	if errors.Is(err, errDoctype) {
		key = KeyDoctype
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &Error{Problems: []Problem{{Key: key, Arg: strconv.Itoa(line)}}, Err: err}
}

func attrValue(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// preserves returns whether white space is preserved in element t, whose
// parent preserves it or not.
func preserves(t xml.StartElement, parent bool) bool {
	for _, a := range t.Attr {
		if a.Name.Space == xmlNS && a.Name.Local == "space" {
			return a.Value == "preserve"
		}
	}
	return parent
}

// children reads the content of an element: each child element of the
// XLIFF namespace goes to visit; others (extensions) are skipped, and so is
// text between elements.
func (p *xmlParser) children(visit func(xml.StartElement) *Error) *Error {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return p.fail(nil)
	}
	for {
		t, err := p.next()
		if err != nil {
			return p.fail(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Space != Namespace {
				if err := p.d.Skip(); err != nil {
					return p.fail(err)
				}
				continue
			}
			if e := visit(t); e != nil {
				return e
			}
		case xml.EndElement:
			return nil
		}
	}
}

func (p *xmlParser) skip() *Error {
	if err := p.d.Skip(); err != nil {
		return p.fail(err)
	}
	return nil
}

func (p *xmlParser) root(root xml.StartElement, doc *xDoc) *Error {
	preserve := preserves(root, false)
	return p.children(func(t xml.StartElement) *Error {
		if t.Name.Local != "file" {
			return p.fail(nil)
		}
		f := &xFile{id: attrValue(t, "id"), original: attrValue(t, "original"), line: p.line()}
		doc.files = append(doc.files, f)
		return p.group(f, preserves(t, preserve))
	})
}

// group reads the content of a <file> or <group>.
func (p *xmlParser) group(f *xFile, preserve bool) *Error {
	return p.children(func(t xml.StartElement) *Error {
		switch t.Name.Local {
		case "skeleton", "notes":
			return p.skip()
		case "group":
			return p.group(f, preserves(t, preserve))
		case "unit":
			u := &xUnit{id: attrValue(t, "id")}
			f.units = append(f.units, u)
			return p.unit(u, preserves(t, preserve))
		}
		return p.fail(nil)
	})
}

func (p *xmlParser) unit(u *xUnit, preserve bool) *Error {
	return p.children(func(t xml.StartElement) *Error {
		switch t.Name.Local {
		case "notes":
			return p.skip()
		case "originalData":
			u.hasData = true
			if u.data == nil {
				u.data = map[string]string{}
			}
			return p.children(func(t xml.StartElement) *Error {
				if t.Name.Local != "data" {
					return p.fail(nil)
				}
				nodes, e := p.inline(true)
				if e != nil {
					return e
				}
				var b strings.Builder
				for _, n := range nodes {
					if n.kind != textNode {
						return p.fail(nil)
					}
					b.WriteString(n.text)
				}
				u.data[attrValue(t, "id")] = b.String()
				return nil
			})
		case "segment", "ignorable":
			part := xPart{segment: t.Name.Local == "segment", preserve: true}
			seen := false
			e := p.children(func(t xml.StartElement) *Error {
				keep := preserves(t, preserve)
				nodes, e := p.inline(false)
				if e != nil {
					return e
				}
				part.preserve = part.preserve && keep
				if !keep {
					nodes = collapse(nodes)
				}
				switch t.Name.Local {
				case "source":
					part.source, seen = nodes, true
					part.sourceWhiteSpace = !hasText(nodes) && !hasCodes(nodes)
				case "target":
					part.target, part.hasTarget = nodes, true
				default:
					return p.fail(nil)
				}
				return nil
			})
			if e != nil {
				return e
			}
			if !seen {
				return p.fail(nil)
			}
			u.parts = append(u.parts, part)
			return nil
		}
		return p.fail(nil)
	})
}

func hasCodes(nodes []node) bool {
	for _, n := range nodes {
		if n.kind != textNode {
			return true
		}
	}
	return false
}

// inline reads the content of a <source>, <target>, <pc>, <mrk> or
// <data> (dataOnly: text and <cp> only): text and codes. Annotations
// (<mrk>, <sm>, <em>) are dropped, keeping their text.
func (p *xmlParser) inline(dataOnly bool) ([]node, *Error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.fail(nil)
	}
	var out nodeList
	for {
		t, err := p.next()
		if err != nil {
			return nil, p.fail(err)
		}
		switch t := t.(type) {
		case xml.CharData:
			out.addText(string(t))
		case xml.EndElement:
			return out.list(), nil
		case xml.StartElement:
			if t.Name.Space != Namespace {
				return nil, p.fail(nil)
			}
			if dataOnly && t.Name.Local != "cp" {
				return nil, p.fail(nil)
			}
			id := attrValue(t, "id")
			switch t.Name.Local {
			case "cp":
				v, err := strconv.ParseUint(attrValue(t, "hex"), 16, 32)
				if err != nil || !utf8.ValidRune(rune(v)) {
					return nil, p.fail(err)
				}
				out.addText(string(rune(v)))
				if e := p.skip(); e != nil {
					return nil, e
				}
			case "ph", "sc", "ec":
				kind := phNode
				if t.Name.Local != "ph" {
					kind = otherNode
				}
				if t.Name.Local == "ec" && id == "" && attrValue(t, "startRef") != "" {
					// The end of an <sc>: the <sc> stands for the pair.
					if e := p.skip(); e != nil {
						return nil, e
					}
					continue
				}
				if id == "" {
					return nil, p.fail(nil)
				}
				out.add(node{kind: kind, id: id})
				if e := p.skip(); e != nil {
					return nil, e
				}
			case "pc":
				if id == "" {
					return nil, p.fail(nil)
				}
				kids, e := p.inline(false)
				if e != nil {
					return nil, e
				}
				out.add(node{kind: pcNode, id: id, kids: kids})
			case "mrk":
				kids, e := p.inline(false)
				if e != nil {
					return nil, e
				}
				for _, n := range kids {
					out.add(n)
				}
			case "sm", "em":
				if e := p.skip(); e != nil {
					return nil, e
				}
			default:
				return nil, p.fail(nil)
			}
		}
	}
}
