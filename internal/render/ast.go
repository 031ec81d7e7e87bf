package render

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindFigure is the node kind of Figure.
var KindFigure = ast.NewNodeKind("Figure")

// KindAttribution is the node kind of Attribution.
var KindAttribution = ast.NewNodeKind("Attribution")

// Figure is a block holding a single image that stood alone in its paragraph.
// A non-empty Caption (the image's title) becomes the figcaption.
type Figure struct {
	ast.BaseBlock
	Caption []byte
}

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Caption": string(n.Caption)}, nil)
}

// Attribution is the closing "— Name, Title" line of a pull-quote. Its
// children are inline nodes.
type Attribution struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *Attribution) Kind() ast.NodeKind { return KindAttribution }

// Dump implements ast.Node.
func (n *Attribution) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

const (
	emDash = "—"
	enDash = "–"
)

// houseStyle is the AST transformer that applies the site's conventions. It
// is stateless; per-document state lives in the parser.Context.
type houseStyle struct{}

// Transform implements parser.ASTTransformer.
func (houseStyle) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	var (
		headings []*ast.Heading
		paras    []*ast.Paragraph
		quotes   []*ast.Blockquote
		links    []ast.Node
	)
	// Collect first, mutate afterwards: changing the tree during Walk is unsafe.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Paragraph:
			paras = append(paras, n)
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.Image:
			n.SetAttributeString("loading", "lazy")
			n.SetAttributeString("decoding", "async")
		case *ast.Link:
			if isExternal(n.Destination) {
				n.SetAttributeString("rel", "noopener noreferrer")
			}
			links = append(links, n)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && isExternal(n.URL(source)) {
				n.SetAttributeString("rel", "noopener noreferrer")
			}
			if n.AutoLinkType == ast.AutoLinkURL {
				links = append(links, n)
			}
		}
		return ast.WalkContinue, nil
	})

	ids := pc.IDs()
	for _, h := range headings {
		var b strings.Builder
		inlineText(&b, h, source)
		h.SetAttributeString("id", ids.Generate([]byte(b.String()), ast.KindHeading))
	}
	textLang, _ := pc.Get(langKey).(string)
	for _, l := range links {
		markLinkLang(l, source, textLang)
	}
	for _, q := range quotes {
		makePullQuote(q, source)
	}
	for _, p := range paras {
		if p.Parent() != nil {
			makeFigure(p, source)
		}
	}
}

// langKey holds, in the parser context, the language of the text Render is
// rendering ("en" or "fr"); Text leaves it unset.
var langKey = parser.NewContextKey()

// onlyIn is the note a link to a page in another language gets, by the
// language of the text it is in and the language of the page it leads to.
var onlyIn = map[[2]string]string{
	{"fr", "en"}: " (en anglais seulement)",
	{"en", "fr"}: " (in French only)",
}

// markLinkLang gives a link to a page in one language its hreflang and,
// when that is not the language of the text, a note at the end of its text:
// « (en anglais seulement) » in French, "(in French only)" in English. The
// page's language is what the editor wrote right after the link,
// "{lang=en}" or "{lang=fr}" (which is removed), else the language of a
// path of this site (/en/…, /fr/…). textLang is the text's language, or ""
// for no note (plain text).
func markLinkLang(n ast.Node, source []byte, textLang string) {
	target := ""
	if t, ok := n.NextSibling().(*ast.Text); ok && !t.IsRaw() {
		v := t.Segment.Value(source)
		for _, l := range []string{"en", "fr"} {
			if mark := "{lang=" + l + "}"; bytes.HasPrefix(v, []byte(mark)) {
				target = l
				t.Segment = t.Segment.WithStart(t.Segment.Start + len(mark))
				if t.Segment.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
					t.Parent().RemoveChild(t.Parent(), t)
				}
				break
			}
		}
	}
	if l, ok := n.(*ast.Link); ok && target == "" {
		target = sitePathLang(l.Destination)
	}
	if target == "" {
		return
	}
	note := onlyIn[[2]string{textLang, target}]
	if a, ok := n.(*ast.AutoLink); ok && textLang != "" {
		// An autolink's text is its address: make it a link, to hold
		// the note in its text (and hreflang, which goldmark's autolinks
		// do not write).
		url := a.URL(source)
		link := ast.NewLink()
		link.Destination = url
		label := ast.NewString(a.Label(source))
		label.SetRaw(true) // written escaped, without resolving references
		link.AppendChild(link, label)
		if isExternal(url) {
			link.SetAttributeString("rel", "noopener noreferrer")
		}
		a.Parent().ReplaceChild(a.Parent(), a, link)
		n = link
	}
	n.SetAttributeString("hreflang", target)
	if note == "" {
		return
	}
	var b strings.Builder
	inlineText(&b, n, source)
	if t := strings.ToLower(b.String()); strings.HasSuffix(strings.TrimSpace(t), "seulement)") || strings.HasSuffix(strings.TrimSpace(t), "only)") {
		return // the editor wrote it already
	}
	n.AppendChild(n, ast.NewString([]byte(note)))
}

// sitePathLang is the language of a path of this site ("/en/…" is "en"),
// or "".
func sitePathLang(dest []byte) string {
	for _, l := range []string{"en", "fr"} {
		if p := "/" + l; bytes.Equal(dest, []byte(p)) || bytes.HasPrefix(dest, []byte(p+"/")) || bytes.HasPrefix(dest, []byte(p+"?")) || bytes.HasPrefix(dest, []byte(p+"#")) {
			return l
		}
	}
	return ""
}

// isExternal reports whether a link destination is an absolute http(s) URL
// or a scheme-relative one (which the browser resolves to http(s) on another
// host).
func isExternal(dest []byte) bool {
	d := bytes.TrimSpace(dest)
	if bytes.HasPrefix(d, []byte("//")) {
		return true
	}
	i := bytes.IndexByte(d, ':')
	if i < 0 {
		return false
	}
	scheme := strings.ToLower(string(d[:i]))
	return (scheme == "http" || scheme == "https") && bytes.HasPrefix(d[i+1:], []byte("//"))
}

// makeFigure replaces a paragraph holding exactly one image (and nothing but
// whitespace besides) with a Figure.
func makeFigure(p *ast.Paragraph, source []byte) {
	var img *ast.Image
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			if img != nil {
				return
			}
			img = c
		case *ast.Text:
			if len(bytes.TrimSpace(c.Segment.Value(source))) != 0 {
				return
			}
		default:
			return
		}
	}
	if img == nil {
		return
	}
	fig := &Figure{}
	if len(bytes.TrimSpace(img.Title)) > 0 {
		fig.Caption = img.Title
		img.Title = nil // the caption says it; no duplicate tooltip
	}
	parent := p.Parent()
	parent.ReplaceChild(parent, p, fig)
	fig.AppendChild(fig, img)
}

// makePullQuote turns a blockquote whose last paragraph starts with "— " or
// "-- " into a pull-quote: the blockquote gets class="pull-quote" and that
// paragraph becomes an Attribution. A one-paragraph blockquote whose last
// line starts that way is split at that line.
func makePullQuote(q *ast.Blockquote, source []byte) {
	p, ok := q.LastChild().(*ast.Paragraph)
	if !ok {
		return
	}
	attr := &Attribution{}
	if startsAttribution(p.FirstChild(), source) {
		if p.PreviousSibling() == nil {
			return // an attribution with nothing to attribute
		}
		moveInlines(attr, p.FirstChild())
		q.ReplaceChild(q, p, attr)
	} else {
		var split *ast.Text
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*ast.Text)
			if ok && (t.SoftLineBreak() || t.HardLineBreak()) && startsAttribution(t.NextSibling(), source) {
				split = t
			}
		}
		if split == nil {
			return
		}
		split.SetSoftLineBreak(false)
		split.SetHardLineBreak(false)
		moveInlines(attr, split.NextSibling())
		q.AppendChild(q, attr)
	}
	// "-- " came through the Typographer as an en dash (or "---" as an em
	// dash) String node; normalise it to the em dash.
	if s, ok := attr.FirstChild().(*ast.String); ok {
		s.Value = []byte(emDash)
	}
	q.SetAttributeString("class", "pull-quote")
}

// startsAttribution reports whether n begins a "— Name" or "-- Name" line.
func startsAttribution(n ast.Node, source []byte) bool {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(source)
		return bytes.HasPrefix(v, []byte(emDash+" ")) || bytes.HasPrefix(v, []byte("-- "))
	case *ast.String:
		v := string(n.Value)
		if v != enDash && v != emDash {
			return false
		}
		next, ok := n.NextSibling().(*ast.Text)
		return ok && bytes.HasPrefix(next.Segment.Value(source), []byte(" "))
	}
	return false
}

// moveInlines moves from and all its following siblings under dst.
func moveInlines(dst ast.Node, from ast.Node) {
	for c := from; c != nil; {
		next := c.NextSibling()
		dst.AppendChild(dst, c) // AppendChild detaches c from its old parent
		c = next
	}
}

// houseStyleRenderer renders the custom nodes and replaces the task-list
// checkbox (an <input>, which the policy does not allow) with a ballot box.
type houseStyleRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (houseStyleRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, renderFigure)
	reg.Register(KindAttribution, renderAttribution)
	reg.Register(east.KindTaskCheckBox, renderTaskCheckBox)
	reg.Register(ast.KindLink, renderLink)
}

// linkAttributes are the attributes a link may carry: goldmark's, and
// hreflang (markLinkLang).
var linkAttributes = html.LinkAttributeFilter.ExtendString("hreflang")

// renderLink is goldmark's link renderer (safe mode) with hreflang allowed.
func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	dest := util.URLEscape(n.Destination, true)
	if !html.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, linkAttributes)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderFigure(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Figure)
	if entering {
		_, _ = w.WriteString("<figure>")
		return ast.WalkContinue, nil
	}
	if len(n.Caption) > 0 {
		_, _ = w.WriteString("<figcaption>")
		html.DefaultWriter.Write(w, n.Caption)
		_, _ = w.WriteString("</figcaption>")
	}
	_, _ = w.WriteString("</figure>\n")
	return ast.WalkContinue, nil
}

func renderAttribution(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<footer class="attribution">`)
	} else {
		_, _ = w.WriteString("</footer>\n")
	}
	return ast.WalkContinue, nil
}

func renderTaskCheckBox(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		if node.(*east.TaskCheckBox).IsChecked {
			_, _ = w.WriteString("☑ ")
		} else {
			_, _ = w.WriteString("☐ ")
		}
	}
	return ast.WalkContinue, nil
}
