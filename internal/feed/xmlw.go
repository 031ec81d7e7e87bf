package feed

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// A small XML writer. The feeds are built as a tree of nodes and rendered
// with two-space indentation. Attribute order is the order given, so output
// is deterministic. Every text and attribute value goes through xmlClean
// and is escaped; element and attribute names are constants of this package.

type attr struct{ name, value string }

type node struct {
	name   string
	attrs  []attr
	text   string
	cdata  bool // write text as CDATA (splitting any "]]>")
	quotes bool // also escape ' and " in text (sitemaps require it)
	kids   []*node
}

func el(name string, attrs ...attr) *node { return &node{name: name, attrs: attrs} }

// textEl returns an element holding text.
func textEl(name, text string, attrs ...attr) *node {
	return &node{name: name, attrs: attrs, text: text}
}

// optText returns textEl, or nil when text is empty (add skips nil).
func optText(name, text string, attrs ...attr) *node {
	if text == "" {
		return nil
	}
	return textEl(name, text, attrs...)
}

func (n *node) add(kids ...*node) *node {
	for _, k := range kids {
		if k != nil {
			n.kids = append(n.kids, k)
		}
	}
	return n
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func render(root *node) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	writeNode(&b, root, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func writeNode(b *bytes.Buffer, n *node, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteByte('<')
	b.WriteString(n.name)
	for _, a := range n.attrs {
		b.WriteByte(' ')
		b.WriteString(a.name)
		b.WriteString(`="`)
		escapeAttr(b, xmlClean(a.value))
		b.WriteByte('"')
	}
	text := xmlClean(n.text)
	if text == "" && len(n.kids) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	switch {
	case len(n.kids) > 0:
		for _, k := range n.kids {
			b.WriteByte('\n')
			writeNode(b, k, depth+1)
		}
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", depth))
	case n.cdata:
		writeCDATA(b, text)
	default:
		escapeText(b, text, n.quotes)
	}
	b.WriteString("</")
	b.WriteString(n.name)
	b.WriteByte('>')
}

func escapeText(b *bytes.Buffer, s string, quotes bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r': // a literal CR would be normalised away by parsers
			b.WriteString("&#xD;")
		case '"':
			if quotes {
				b.WriteString("&quot;")
			} else {
				b.WriteByte(c)
			}
		case '\'':
			if quotes {
				b.WriteString("&apos;")
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
}

func escapeAttr(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteByte(c)
		}
	}
}

// writeCDATA writes s as CDATA sections, splitting every "]]>" across two
// sections so the text can never close the section early.
func writeCDATA(b *bytes.Buffer, s string) {
	b.WriteString("<![CDATA[")
	b.WriteString(strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]>")
}

// isXMLChar reports whether r is allowed by the XML 1.0 Char production:
// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// xmlClean makes s safe to carry in any of the documents: characters XML
// 1.0 forbids (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF) are
// removed, and each byte of invalid UTF-8 becomes U+FFFD, as encoding/json
// does. The JSON feed applies it too, so all formats carry the same text.
func xmlClean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && w == 1) || !isXMLChar(r) {
			ok = false
			break
		}
		i += w
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteRune(utf8.RuneError)
		case isXMLChar(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
