package xliff

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/busrides/busrides/internal/content"
)

// ErrInvalidSource is wrapped by the errors of a Source that cannot be
// exported: an episode key that cannot be an XLIFF id, unknown or equal
// languages.
var ErrInvalidSource = errors.New("invalid source")

// ErrNothingToTranslate is returned by Export for a Source without any
// text to translate (an XLIFF file holds at least one unit).
var ErrNothingToTranslate = errors.New("nothing to translate")

// document is a Source cut into units, with what Import needs to put
// translated units back into each field.
type document struct {
	src        Source
	units      []*unit
	title      plainField
	summary    plainField
	body       []fieldItem
	transcript []fieldItem
	alt        plainField
	caption    plainField
	links      []plainField
}

// unit is one translatable unit: its segment's nodes (with their codes
// numbered) and what Import checks a target against.
type unit struct {
	id     string
	typ    string // "" for the plain text fields
	note   string
	nodes  []node
	single bool // newlines of a translation become spaces
	codes  map[string]*node
	order  []string          // code ids in document order
	parent map[string]string // code id → id of the code holding it ("" for none)
	data   []dataEntry
}

// dataEntry is one <data> of a unit's <originalData>.
type dataEntry struct {
	id, text string
}

// plainField is a plain text field: the white space (and language mark)
// around its text stays out of the unit.
type plainField struct {
	text           string // the whole field
	prefix, suffix string
	unit           *unit // nil for a field without text
}

// fieldItem is a piece of a Markdown field: verbatim text, a block
// without text to translate (unit nil), or a block and its unit.
type fieldItem struct {
	verbatim string
	block    *mdBlock
	unit     *unit
}

// cut cuts a Source into units.
func cut(src Source) (*document, error) {
	if err := checkSource(src); err != nil {
		return nil, err
	}
	src = normalise(src)
	d := &document{src: src}
	d.title = d.plain("title", src.Title, false)
	d.summary = d.plain("summary", src.Summary, false)
	d.body = d.markdown("body", src.BodyMarkdown)
	d.transcript = d.markdown("transcript", src.Transcript)
	d.alt = d.plain("image-alt", src.ImageAlt, false)
	d.caption = d.plain("image-caption", src.ImageCaption, false)
	for i, l := range src.LearnMore {
		f := d.plain("link-"+strconv.Itoa(i+1), l.Label, true)
		if f.unit != nil && l.URL != "" {
			f.unit.note = l.URL
		}
		d.links = append(d.links, f)
	}
	return d, nil
}

// checkSource reports what makes src impossible to export.
func checkSource(src Source) error {
	if src.Key == "" || len(src.Key) > 200 {
		return fmt.Errorf("xliff: episode key %q: %w", src.Key, ErrInvalidSource)
	}
	for i := 0; i < len(src.Key); i++ {
		c := src.Key[i]
		if !isASCIILetter(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
			return fmt.Errorf("xliff: episode key %q: %w", src.Key, ErrInvalidSource)
		}
	}
	if _, ok := content.ParseLang(string(src.SourceLang)); !ok {
		return fmt.Errorf("xliff: source language %q: %w", src.SourceLang, ErrInvalidSource)
	}
	if _, ok := content.ParseLang(string(src.TargetLang)); !ok || src.TargetLang == src.SourceLang {
		return fmt.Errorf("xliff: target language %q: %w", src.TargetLang, ErrInvalidSource)
	}
	return nil
}

// normalise replaces invalid UTF-8 in the text fields with U+FFFD.
func normalise(src Source) Source {
	v := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	src.Title = v(src.Title)
	src.Summary = v(src.Summary)
	src.BodyMarkdown = v(src.BodyMarkdown)
	src.Transcript = v(src.Transcript)
	src.ImageAlt = v(src.ImageAlt)
	src.ImageCaption = v(src.ImageCaption)
	links := make([]content.Link, len(src.LearnMore))
	for i, l := range src.LearnMore {
		links[i] = content.Link{Label: v(l.Label), URL: v(l.URL)}
	}
	src.LearnMore = links
	return src
}

// plain makes the unit of a plain text field. A link label's language
// mark ("{lang=en}") stays out of the unit, like the white space around
// the text.
func (d *document) plain(id, s string, label bool) plainField {
	f := plainField{text: s}
	core := strings.TrimRightFunc(s, unicode.IsSpace)
	if label {
		for _, l := range content.Langs {
			if c, ok := strings.CutSuffix(core, "{lang="+string(l)+"}"); ok {
				core = strings.TrimRightFunc(c, unicode.IsSpace)
				break
			}
		}
	}
	f.suffix = s[len(core):]
	t := strings.TrimLeftFunc(core, unicode.IsSpace)
	f.prefix = core[:len(core)-len(t)]
	if t != "" {
		f.unit = d.addUnit(id, "", []node{{kind: textNode, text: t}}, false)
	}
	return f
}

// markdown cuts a Markdown field into blocks and makes the unit of each
// block with text to translate: prefix-1, prefix-2…
func (d *document) markdown(prefix, s string) []fieldItem {
	items, refs := segmentMarkdown(s)
	var out []fieldItem
	n := 0
	for _, it := range items {
		if it.block == nil {
			out = append(out, fieldItem{verbatim: it.verbatim})
			continue
		}
		b := it.block
		var nodes []node
		if b.table {
			nodes = parseCells(b.text(), refs)
		} else {
			nodes = parseInline(b.text(), refs)
		}
		fi := fieldItem{block: b}
		if hasText(nodes) {
			n++
			fi.unit = d.addUnit(prefix+"-"+strconv.Itoa(n), b.kind, nodes, b.single)
		}
		out = append(out, fi)
	}
	return out
}

// addUnit numbers the codes of nodes and adds their unit.
func (d *document) addUnit(id, typ string, nodes []node, single bool) *unit {
	nodes = limitDepth(nodes, 0)
	u := &unit{id: id, typ: typ, nodes: nodes, single: single, codes: map[string]*node{}, parent: map[string]string{}}
	u.number(u.nodes, "")
	d.units = append(d.units, u)
	return u
}

// maxCodeDepth bounds the nesting of codes in a segment: codes nested
// deeper are written as their Markdown text (Render refuses Markdown dense
// enough to nest this deep).
const maxCodeDepth = 64

// limitDepth replaces the codes nested deeper than maxCodeDepth by the
// text of their Markdown.
func limitDepth(nodes []node, depth int) []node {
	if depth < maxCodeDepth {
		for i := range nodes {
			if nodes[i].kind == pcNode {
				nodes[i].kids = limitDepth(nodes[i].kids, depth+1)
			}
		}
		return nodes
	}
	return []node{{kind: textNode, text: flatten(nodes)}}
}

// number gives the codes of nodes their ids and data, in document order.
func (u *unit) number(nodes []node, parent string) {
	for i := range nodes {
		n := &nodes[i]
		if n.kind == textNode {
			continue
		}
		n.id = strconv.Itoa(len(u.order) + 1)
		u.order = append(u.order, n.id)
		u.codes[n.id] = n
		u.parent[n.id] = parent
		n.ref = "d" + strconv.Itoa(len(u.data)+1)
		u.data = append(u.data, dataEntry{id: n.ref, text: n.text})
		if n.kind == pcNode {
			n.refEnd = "d" + strconv.Itoa(len(u.data)+1)
			u.data = append(u.data, dataEntry{id: n.refEnd, text: n.end})
			u.number(n.kids, n.id)
		}
	}
}

// translation puts translated units (by unit id) back into the fields.
func (d *document) translation(targets map[string][]node, revision int) Translation {
	t := Translation{
		Lang:         d.src.TargetLang,
		Revision:     revision,
		Title:        d.title.rebuild(targets),
		Summary:      d.summary.rebuild(targets),
		BodyMarkdown: rebuildMarkdown(d.body, targets),
		Transcript:   rebuildMarkdown(d.transcript, targets),
		ImageAlt:     d.alt.rebuild(targets),
		ImageCaption: d.caption.rebuild(targets),
	}
	t.LinkLabels = make([]string, len(d.links))
	for i, l := range d.links {
		t.LinkLabels[i] = l.rebuild(targets)
	}
	return t
}

func (f plainField) rebuild(targets map[string][]node) string {
	if f.unit == nil {
		return f.text
	}
	return f.prefix + f.unit.markdown(targets[f.unit.id]) + f.suffix
}

func rebuildMarkdown(items []fieldItem, targets map[string][]node) string {
	var b strings.Builder
	for _, it := range items {
		switch {
		case it.block == nil:
			b.WriteString(it.verbatim)
		case it.unit == nil:
			b.WriteString(it.block.verbatim())
		default:
			b.WriteString(it.block.rebuild(it.unit.markdown(targets[it.unit.id])))
		}
	}
	return b.String()
}

// markdown is the Markdown of a target of u: its text, and the source's
// Markdown for each code. Emphasis keeps the white space at the ends of
// its text outside its delimiters (where Markdown needs it), and an
// emphasis left without text is dropped.
func (u *unit) markdown(target []node) string {
	var b strings.Builder
	u.writeMarkdown(&b, target)
	return b.String()
}

func (u *unit) writeMarkdown(b *strings.Builder, nodes []node) {
	for _, n := range nodes {
		if n.kind == textNode {
			if u.single {
				b.WriteString(strings.ReplaceAll(n.text, "\n", " "))
			} else {
				b.WriteString(n.text)
			}
			continue
		}
		src := u.codes[n.id]
		if src.kind == phNode {
			b.WriteString(src.text)
			continue
		}
		var in strings.Builder
		u.writeMarkdown(&in, n.kids)
		s := in.String()
		switch src.code {
		case codeEmphasis, codeStrong, codeStrike:
			core := strings.TrimFunc(s, isUnicodeSpace)
			if core == "" {
				b.WriteString(s)
				continue
			}
			lead := len(s) - len(strings.TrimLeftFunc(s, isUnicodeSpace))
			b.WriteString(s[:lead])
			b.WriteString(src.text)
			b.WriteString(core)
			b.WriteString(src.end)
			b.WriteString(s[lead+len(core):])
		default:
			b.WriteString(src.text)
			b.WriteString(s)
			b.WriteString(src.end)
		}
	}
}
