package xliff

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// xmlNS is the namespace of the xml: attributes.
const xmlNS = "http://www.w3.org/XML/1998/namespace"

// Export writes the translatable text of doc as an XLIFF 2.1 document,
// indented, without targets: one unit per field or Markdown block with
// text to translate (see the package documentation). It fails with an
// error wrapping ErrInvalidSource for a key or languages it cannot write,
// and ErrNothingToTranslate when no field has text.
func Export(doc Source) ([]byte, error) {
	d, err := cut(doc)
	if err != nil {
		return nil, err
	}
	if len(d.units) == 0 {
		return nil, fmt.Errorf("xliff: episode %s: %w", doc.Key, ErrNothingToTranslate)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	w := &writer{enc: xml.NewEncoder(&buf)}
	w.open(0, "xliff",
		attr("xmlns", Namespace),
		attr("version", Version),
		attr("srcLang", d.src.SourceLang.Tag()),
		attr("trgLang", d.src.TargetLang.Tag()))
	w.open(1, "file",
		attr("id", d.src.Key),
		attr("original", original(d.src.Key, d.src.Revision)),
		attr("canResegment", "no"))
	w.open(2, "notes")
	for _, note := range instructions(d.src) {
		w.open(3, "note", attr("category", "instructions"))
		w.token(xml.CharData(note))
		w.token(xml.EndElement{Name: xml.Name{Local: "note"}})
	}
	w.close(2, "notes")
	for _, u := range d.units {
		w.unit(u)
	}
	w.close(1, "file")
	w.close(0, "xliff")
	w.token(xml.CharData("\n"))
	if w.err == nil {
		w.err = w.enc.Flush()
	}
	if w.err != nil {
		return nil, fmt.Errorf("xliff: writing episode %s: %w", doc.Key, w.err)
	}
	return buf.Bytes(), nil
}

// original is the file's original attribute: the episode and revision.
func original(key string, rev int) string {
	return "busrides/episodes/" + key + "/revisions/" + strconv.Itoa(rev)
}

// instructions are the file's notes for the translator, in English and
// in French.
func instructions(src Source) [2]string {
	en, fr := "from English to French", "de l’anglais vers le français"
	if src.SourceLang == content.French {
		en, fr = "from French to English", "du français vers l’anglais"
	}
	rev := strconv.Itoa(src.Revision)
	return [2]string{
		"Busrides episode " + src.Key + ", revision " + rev + ", " + en +
			". Translate the text of every unit. Keep each inline code once, inside the same code as in the source; do not split or merge units.",
		"Épisode Busrides " + src.Key + ", révision " + rev + ", " + fr +
			". Traduisez le texte de chaque unité. Gardez chaque code en ligne une seule fois, dans le même code que dans la source; ne divisez ni ne fusionnez les unités.",
	}
}

func attr(name, value string) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: name}, Value: value}
}

// writer writes the document's tokens, indenting the structure (never the
// inside of a segment or of original data), and keeps the first error.
type writer struct {
	enc *xml.Encoder
	err error
}

func (w *writer) token(t xml.Token) {
	if w.err == nil {
		w.err = w.enc.EncodeToken(t)
	}
}

// open starts an element on a new line at depth.
func (w *writer) open(depth int, name string, attrs ...xml.Attr) {
	if depth > 0 {
		w.token(xml.CharData("\n" + strings.Repeat("  ", depth)))
	}
	w.token(xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs})
}

// close ends an element on a new line at depth.
func (w *writer) close(depth int, name string) {
	w.token(xml.CharData("\n" + strings.Repeat("  ", depth)))
	w.token(xml.EndElement{Name: xml.Name{Local: name}})
}

func (w *writer) end(name string) {
	w.token(xml.EndElement{Name: xml.Name{Local: name}})
}

func (w *writer) unit(u *unit) {
	attrs := []xml.Attr{attr("id", u.id)}
	if u.typ != "" {
		attrs = append(attrs, attr("type", u.typ))
	}
	attrs = append(attrs, xml.Attr{Name: xml.Name{Space: xmlNS, Local: "space"}, Value: "preserve"})
	w.open(2, "unit", attrs...)
	if u.note != "" {
		w.open(3, "notes")
		w.open(4, "note", attr("category", "url"))
		w.token(xml.CharData(u.note))
		w.end("note")
		w.close(3, "notes")
	}
	if len(u.data) > 0 {
		w.open(3, "originalData")
		for _, d := range u.data {
			w.open(4, "data", attr("id", d.id))
			w.text(d.text)
			w.end("data")
		}
		w.close(3, "originalData")
	}
	w.open(3, "segment")
	w.open(4, "source")
	w.nodes(u.nodes)
	w.end("source")
	w.close(3, "segment")
	w.close(2, "unit")
}

// nodes writes a segment's content.
func (w *writer) nodes(nodes []node) {
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			w.text(n.text)
		case phNode:
			typ, sub := codeType(n.code)
			attrs := []xml.Attr{attr("id", n.id), attr("dataRef", n.ref), attr("type", typ)}
			if sub != "" {
				attrs = append(attrs, attr("subType", sub))
			}
			attrs = append(attrs, attr("disp", disp(n)), attr("canCopy", "no"), attr("canDelete", "no"))
			w.token(xml.StartElement{Name: xml.Name{Local: "ph"}, Attr: attrs})
			w.end("ph")
		case pcNode:
			typ, sub := codeType(n.code)
			attrs := []xml.Attr{attr("id", n.id), attr("dataRefStart", n.ref), attr("dataRefEnd", n.refEnd), attr("type", typ)}
			if sub != "" {
				attrs = append(attrs, attr("subType", sub))
			}
			attrs = append(attrs, attr("canCopy", "no"), attr("canDelete", "no"))
			w.token(xml.StartElement{Name: xml.Name{Local: "pc"}, Attr: attrs})
			w.nodes(n.kids)
			w.end("pc")
		}
	}
}

// text writes character data; a character XML cannot hold is a <cp>.
func (w *writer) text(s string) {
	last := 0
	for i, r := range s {
		if isXMLChar(r) {
			continue
		}
		if i > last {
			w.token(xml.CharData(s[last:i]))
		}
		w.token(xml.StartElement{Name: xml.Name{Local: "cp"}, Attr: []xml.Attr{attr("hex", fmt.Sprintf("%04X", r))}})
		w.end("cp")
		last = i + utf8.RuneLen(r)
	}
	if last < len(s) {
		w.token(xml.CharData(s[last:]))
	}
}

// isXMLChar reports whether XML 1.0 can hold r as a character.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// codeType is the XLIFF type and subType of a code.
func codeType(c codeKind) (string, string) {
	switch c {
	case codeEmphasis:
		return "fmt", "xlf:i"
	case codeStrong:
		return "fmt", "xlf:b"
	case codeStrike:
		return "fmt", "busrides:strikethrough"
	case codeBreak:
		return "fmt", "xlf:lb"
	case codeLink:
		return "link", ""
	case codeAutolink, codeURL:
		return "link", "busrides:url"
	case codeImage:
		return "image", ""
	case codeSpan:
		return "other", "busrides:code"
	case codeHTML:
		return "other", "busrides:html"
	case codeFootnote:
		return "other", "busrides:footnote"
	case codeCell:
		return "other", "busrides:cell"
	}
	return "other", ""
}

// disp is what a CAT tool shows for a <ph>: its Markdown on one line,
// shortened.
func disp(n node) string {
	switch n.code {
	case codeBreak:
		return "↵"
	case codeCell:
		return "|"
	}
	s := strings.Join(strings.Fields(n.text), " ")
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:39]) + "…"
	}
	return s
}
