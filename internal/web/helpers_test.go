package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/testutil"
	"github.com/busrides/busrides/internal/typography"
	"github.com/busrides/busrides/internal/ui"
	"github.com/busrides/busrides/internal/web"
)

// Texts from the demo content and the catalogues the tests assert against.
const (
	bannerEN = "Busrides is in the beta phase of development. Regular site updates are made to enhance your experience!"
	bannerFR = "Le site Trajets en bus est en phase bêta de développement. Des mises à jour régulières sont apportées au site pour améliorer votre expérience!"

	dnEN = "/en/episodes/digital-nations-2020"
	dnFR = "/fr/episodes/sommet-des-nations-numeriques-en-2020"
	// The English-only demo episode (internal/demo/content/episodes/greener-digital-services.md).
	greenerEN = "/en/episodes/greener-digital-services-five-questions-to-ask"
	// A listen and a watch episode, in both languages.
	listenEN = "/en/episodes/meetings-that-include-everyone"
	listenFR = "/fr/episodes/des-reunions-ou-chacun-a-sa-place"
	watchEN  = "/en/episodes/giving-feedback-that-lands"
	watchFR  = "/fr/episodes/donner-une-retroaction-qui-porte-ses-fruits"
)

// shown is how a page shows stored text: French text in the French
// convention (internal/typography).
func shown(lang content.Lang, s string) string {
	if lang == content.French {
		return typography.French(s)
	}
	return s
}

// backends runs body once per storage backend: SQLite always, PostgreSQL
// when BUSRIDES_TEST_DATABASE_URL is set (the subtest skips otherwise).
func backends(t *testing.T, o apptest.Options, body func(t *testing.T, s *apptest.Start)) {
	t.Helper()
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			if pg && os.Getenv(testutil.PostgresURLEnv) == "" {
				t.Skipf("%s not set", testutil.PostgresURLEnv)
			}
			oo := o
			oo.Postgres = pg
			body(t, apptest.Serve(t, oo))
		})
	}
}

// response is a fetched page: the response (body consumed), its bytes, and
// the parsed document when the body is HTML.
type response struct {
	*http.Response
	Body []byte
	Doc  *html.Node
}

func (r *response) text() string { return string(r.Body) }

// client never follows redirects, so tests see 301/302/303 themselves.
var client = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

// do sends a request to the test server; hdr is a list of name, value pairs.
func do(t testing.TB, s *apptest.Start, method, path string, body io.Reader, hdr ...string) *response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.Server.URL+path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	// Go's transport would add gzip and decode it silently; ask for identity
	// unless the test chose.
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	r := &response{Response: resp, Body: b}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && resp.Header.Get("Content-Encoding") == "" {
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s %s: parse HTML: %v", method, path, err)
		}
		r.Doc = doc
	}
	return r
}

func get(t testing.TB, s *apptest.Start, path string, hdr ...string) *response {
	t.Helper()
	return do(t, s, http.MethodGet, path, nil, hdr...)
}

// postForm posts form values as a same-origin browser would.
func postForm(t testing.TB, s *apptest.Start, path string, v url.Values, hdr ...string) *response {
	t.Helper()
	h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Origin", s.Server.URL, "Sec-Fetch-Site", "same-origin"}, hdr...)
	return do(t, s, http.MethodPost, path, strings.NewReader(v.Encode()), h...)
}

func wantStatus(t testing.TB, r *response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%.600s", r.Request.Method, r.Request.URL.RequestURI(), r.StatusCode, want, r.Body)
	}
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	return out
}

// --- HTML helpers ---

// find returns every element below n for which match is true, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// first returns the first element matching, or nil.
func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	if l := find(n, match); len(l) > 0 {
		return l[0]
	}
	return nil
}

func attr(n *html.Node, name string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(n *html.Node, name string) string { v, _ := attr(n, name); return v }

// tag matches elements by tag name.
func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

// byID matches the element with the id.
func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attrOf(n, "id") == id }
}

// hasClass matches elements of tag (any when empty) with the class.
func hasClass(tagName, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if tagName != "" && n.Data != tagName {
			return false
		}
		for _, c := range strings.Fields(attrOf(n, "class")) {
			if c == class {
				return true
			}
		}
		return false
	}
}

// withAttr matches elements of tag (any when empty) whose attribute has the value.
func withAttr(tagName, name, value string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, ok := attr(n, name)
		return ok && v == value && (tagName == "" || n.Data == tagName)
	}
}

// textOf is the text content of n with white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return collapse(b.String())
}

// collapse collapses runs of ASCII white space (HTML's inter-element white
// space) into one space; no-break spaces are kept.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
	}), " ")
}

// noscript parses the contents of every <noscript> (a raw text node when
// scripting is on, as the parser assumes) as HTML body content.
func noscript(t testing.TB, doc *html.Node) []*html.Node {
	t.Helper()
	var out []*html.Node
	for _, ns := range find(doc, tag("noscript")) {
		ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		nodes, err := html.ParseFragment(strings.NewReader(textOf0(ns)), ctx)
		if err != nil {
			t.Fatalf("noscript: %v", err)
		}
		root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		for _, n := range nodes {
			root.AppendChild(n)
		}
		out = append(out, root)
	}
	return out
}

// textOf0 is the raw text below n, white space kept as is (no-break
// spaces matter in French).
func textOf0(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return b.String()
}

// toggleLinks returns the language toggle's targets: gcds-header's
// lang-href and the no-script fallback link.
func toggleLinks(t testing.TB, r *response) (header, fallback string) {
	t.Helper()
	h := first(r.Doc, tag("gcds-header"))
	if h == nil {
		t.Fatalf("%s: no gcds-header", r.Request.URL.Path)
	}
	header, ok := attr(h, "lang-href")
	if !ok {
		t.Fatalf("%s: gcds-header has no lang-href", r.Request.URL.Path)
	}
	var links []*html.Node
	for _, ns := range noscript(t, r.Doc) {
		links = append(links, find(ns, hasClass("a", "lang-toggle"))...)
	}
	if len(links) != 1 {
		t.Fatalf("%s: %d no-script language toggles, want 1", r.Request.URL.Path, len(links))
	}
	return header, attrOf(links[0], "href")
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// catalogue is the UI catalogue, for texts the tests expect in pages.
func catalogue(t testing.TB) *i18n.Catalogue {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newSite builds the public site's handler over cfg's store, with the
// catalogue, assets and templates it needs (times shown in UTC), the test
// site's address and pages of 12 unless cfg says otherwise.
func newSite(tb testing.TB, cfg web.Config) *web.Handler {
	tb.Helper()
	cfg.Catalogue = catalogue(tb)
	assets, err := ui.NewAssets()
	if err != nil {
		tb.Fatal(err)
	}
	tpl, err := ui.Parse(cfg.Catalogue, assets, time.UTC)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Assets, cfg.Templates = assets, tpl
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://busrides.test"
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 12
	}
	return web.New(cfg)
}

func asNode(v interface{}) *html.Node { n, _ := v.(*html.Node); return n }
