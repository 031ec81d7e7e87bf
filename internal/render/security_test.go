package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/busrides/busrides/internal/testutil"
)

// forbiddenElements may never appear in rendered output.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "base": true,
	"meta": true, "form": true, "style": true, "svg": true, "math": true,
	"link": true, "frame": true, "frameset": true, "applet": true, "template": true,
}

// urlAttributes carry URLs whose scheme must be allowed.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true,
	"cite": true, "poster": true, "data": true, "background": true, "xlink:href": true,
}

var allowedSchemes = map[string]bool{"": true, "http": true, "https": true, "mailto": true, "tel": true}

// checkSafeHTML parses out as an HTML body fragment, the way a browser
// would, and reports the first violation of the security invariant.
func checkSafeHTML(out string) error {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		return fmt.Errorf("output does not parse: %w", err)
	}
	var walk func(n *html.Node) error
	walk = func(n *html.Node) error {
		if n.Type == html.ElementNode {
			if forbiddenElements[strings.ToLower(n.Data)] {
				return fmt.Errorf("forbidden element <%s>", n.Data)
			}
			if n.Namespace != "" {
				return fmt.Errorf("foreign-content element <%s:%s>", n.Namespace, n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if a.Namespace != "" {
					key = strings.ToLower(a.Namespace) + ":" + key
				}
				switch {
				case strings.HasPrefix(strings.ToLower(a.Key), "on"):
					return fmt.Errorf("event handler attribute %s=%q on <%s>", key, a.Val, n.Data)
				case key == "style":
					return fmt.Errorf("style attribute %q on <%s>", a.Val, n.Data)
				case key == "srcdoc":
					return fmt.Errorf("srcdoc attribute on <%s>", n.Data)
				case urlAttributes[key]:
					if s := urlScheme(a.Val); !allowedSchemes[s] {
						return fmt.Errorf("%s=%q on <%s> has disallowed scheme %q", key, a.Val, n.Data, s)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range nodes {
		if err := walk(n); err != nil {
			return err
		}
	}
	return nil
}

// urlScheme returns the lowercased scheme a browser would see in an
// (already entity-decoded) attribute value, or "" for a relative URL. Like
// the WHATWG URL parser it strips leading/trailing C0 controls and spaces and
// removes tabs and newlines anywhere.
func urlScheme(v string) string {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(strings.TrimFunc(v, func(r rune) bool { return r <= 0x20 }))
	i := strings.IndexAny(v, ":/?#")
	if i <= 0 || v[i] != ':' {
		return ""
	}
	scheme := v[:i]
	if scheme[0] < 'a' || scheme[0] > 'z' {
		return "" // not a scheme: the browser parses it as a relative path
	}
	for _, c := range scheme {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return ""
		}
	}
	return scheme
}

func TestURLScheme(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://example.org", "https"},
		{"  JaVaScRiPt:alert(1)", "javascript"},
		{"java\tscript:alert(1)", "javascript"},
		{"\x01javascript:x", "javascript"},
		{"/a:b", ""},
		{"#fn:1", ""},
		{"?q=a:b", ""},
		{"%6Aavascript:alert(1)", ""},
		{"mailto:a@example.org", "mailto"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := urlScheme(tt.in); got != tt.want {
			t.Errorf("urlScheme(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCheckSafeHTMLDetects makes sure the invariant checker can fail.
func TestCheckSafeHTMLDetects(t *testing.T) {
	t.Parallel()
	bad := []string{
		`<script>x</script>`,
		`<p onclick="x">a</p>`,
		`<p ONMOUSEOVER="x">a</p>`,
		`<p style="color:red">a</p>`,
		`<a href=" java&Tab;script:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<img src="data:image/svg+xml,x">`,
		`<svg><a xlink:href="javascript:x">y</a></svg>`,
		`<iframe srcdoc="x"></iframe>`,
		`<math><mi>x</mi></math>`,
		`<button formaction="javascript:x">b</button>`,
	}
	for _, s := range bad {
		if checkSafeHTML(s) == nil {
			t.Errorf("checkSafeHTML(%q) = nil, want a violation", s)
		}
	}
	good := `<p><a href="/x">a</a> <a href="https://e.org" rel="nofollow">b</a> <a href="#fn:1">c</a> <a href="tel:1">d</a></p>`
	if err := checkSafeHTML(good); err != nil {
		t.Errorf("checkSafeHTML(good) = %v", err)
	}
}

// assertSafe renders md in both languages and checks the invariant.
func assertSafe(t *testing.T, md string) {
	t.Helper()
	for _, lang := range []string{"en", "fr"} {
		out, err := testRenderer.Render(md, lang)
		if errors.Is(err, ErrTooComplex) {
			t.Logf("rejected as too complex (safe: no output): %v", err)
			continue
		}
		if err != nil {
			t.Fatalf("Render(%q, %s): %v", md, lang, err)
		}
		if err := checkSafeHTML(out); err != nil {
			t.Fatalf("Render(%q, %s): %v\noutput: %q", md, lang, err, out)
		}
	}
	if err := checkSafeHTML(testRenderer.Sanitize(md)); err != nil {
		t.Fatalf("Sanitize(%q): %v", md, err)
	}
}

type markdownXSSFile struct {
	Description string `json:"description"`
	Cases       []struct {
		ID       int    `json:"id"`
		Markdown string `json:"markdown"`
		Threat   string `json:"threat"`
	} `json:"cases"`
}

func readMarkdownXSS(t testing.TB) markdownXSSFile {
	t.Helper()
	var f markdownXSSFile
	if err := json.Unmarshal(testutil.ReadCorpus(t, "markdown/markdown-xss.json"), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("markdown-xss.json has no cases")
	}
	return f
}

func TestMarkdownXSSCorpus(t *testing.T) {
	t.Parallel()
	f := readMarkdownXSS(t)
	t.Logf("invariant: %s", f.Description)
	for _, c := range f.Cases {
		t.Run(fmt.Sprintf("%02d %s", c.ID, c.Threat), func(t *testing.T) {
			t.Parallel()
			assertSafe(t, c.Markdown)
		})
	}
}

func readXSSMerged(t testing.TB) []string {
	t.Helper()
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(testutil.ReadCorpus(t, "xss/xss-merged.txt")))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatal("xss-merged.txt is empty")
	}
	return lines
}

func TestXSSMergedCorpus(t *testing.T) {
	t.Parallel()
	for i, line := range readXSSMerged(t) {
		t.Run(strconv.Itoa(i+1), func(t *testing.T) {
			t.Parallel()
			assertSafe(t, line)
		})
	}
}

func TestOWASPFilterEvasionCorpus(t *testing.T) {
	t.Parallel()
	var cases []struct {
		ID        int    `json:"id"`
		Section   string `json:"section"`
		Payload   string `json:"payload"`
		IsPayload bool   `json:"is_payload"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "xss/owasp-xss-filter-evasion.json"), &cases); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if !c.IsPayload {
			continue
		}
		n++
		t.Run(fmt.Sprintf("%03d", c.ID), func(t *testing.T) {
			t.Parallel()
			assertSafe(t, c.Payload)
		})
	}
	if n == 0 {
		t.Fatal("no payloads in owasp-xss-filter-evasion.json")
	}
}

// generators stand in for the pathological cases that the corpus describes
// in prose instead of "build" parts.
var generators = map[string]func() string{
	"deeply nested lists": func() string {
		var b strings.Builder
		for i := range 500 {
			b.WriteString(strings.Repeat("  ", i) + "* a\n")
		}
		return b.String()
	},
	"backticks": func() string {
		var b strings.Builder
		for i := 1; i < 2500; i++ {
			b.WriteString("e" + strings.Repeat("`", i))
		}
		return b.String()
	},
	// cmark's case uses labels that collide in its own hash; goldmark uses
	// Go maps, so 25,000 definitions plus uses is the closest equivalent.
	"reference collisions": func() string {
		var b strings.Builder
		for i := range 25000 {
			fmt.Fprintf(&b, "[%d]\n\n", i)
		}
		for i := range 25000 {
			fmt.Fprintf(&b, "[%d]: /u%d\n\n", i, i)
		}
		return b.String()
	},
}

// fill is how much input the worst-case and pathological tests render:
// worstCaseFill, or a sixteenth of it under -short (the quick run).
func fill() int {
	if testing.Short() {
		return worstCaseFill / 16
	}
	return worstCaseFill
}

// hangBudget is how long the hang detector waits for an input of n bytes:
// hangPerByte for each byte, at least hangFloor (see race_off_test.go for
// the figures). It ends 30 s before the test binary's deadline, so that a
// hang is reported with its input rather than by the -timeout panic.
func hangBudget(t *testing.T, n int) time.Duration {
	b := max(hangFloor, time.Duration(n)*hangPerByte)
	if d, ok := t.Deadline(); ok {
		b = min(b, time.Until(d)-30*time.Second)
	}
	return b
}

// renderWithin renders md on another goroutine and fails if it has not
// returned within its hang budget. It is a hang detector, not a timing
// assertion: the budget is many times what a loaded machine takes.
func renderWithin(t *testing.T, md string) (string, error) {
	t.Helper()
	type result struct {
		out string
		err error
	}
	limit := hangBudget(t, len(md))
	start := time.Now()
	done := make(chan result, 1)
	go func() {
		out, err := testRenderer.Render(md, "en")
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		t.Logf("%d bytes in %v (hang budget %v)", len(md), time.Since(start).Round(time.Millisecond), limit)
		return r.out, r.err
	case <-time.After(limit):
		t.Fatalf("Render did not return within %v on %d bytes: a super-linear blow-up or a hang", limit, len(md))
		return "", nil
	}
}

func TestPathologicalMarkdown(t *testing.T) {
	t.Parallel()
	var f struct {
		Cases []struct {
			Name      string `json:"name"`
			Build     [][2]json.RawMessage
			Generator string `json:"generator"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "markdown/markdown-pathological.json"), &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cases {
		// Sequential on purpose: the hang detector should not be starved
		// by its siblings, especially under -race.
		t.Run(c.Name, func(t *testing.T) {
			var md string
			switch {
			case len(c.Build) > 0:
				var b strings.Builder
				for _, part := range c.Build {
					var s string
					var n int
					if err := json.Unmarshal(part[0], &s); err != nil {
						t.Fatal(err)
					}
					if err := json.Unmarshal(part[1], &n); err != nil {
						t.Fatal(err)
					}
					b.WriteString(strings.Repeat(s, n))
				}
				md = b.String()
			case generators[c.Name] != nil:
				md = generators[c.Name]()
			default:
				t.Skipf("no build parts and no generator for %q (%s)", c.Name, c.Generator)
			}
			if len(md) > MaxSize {
				if _, err := testRenderer.Render(md, "en"); !errors.Is(err, ErrTooLarge) {
					t.Fatalf("%d-byte input: error = %v, want ErrTooLarge", len(md), err)
				}
				// Still exercise the parser on as much as it accepts
				// (an eighth of that under the race detector).
				md = md[:worstCaseFill]
			}
			if testing.Short() && len(md) > fill() {
				md = md[:fill()] // the quick run: the start of the input
			}
			out, err := renderWithin(t, md)
			if errors.Is(err, ErrTooComplex) {
				t.Logf("rejected up front: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if out == "" && strings.TrimSpace(md) != "" {
				t.Errorf("empty output for %d bytes of input", len(md))
			}
		})
	}
}

func TestCommonMarkSpecExamples(t *testing.T) {
	t.Parallel()
	var examples []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
		Section  string `json:"section"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "markdown/commonmark-spec-0.31.2.json"), &examples); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, ex := range examples {
		if strings.Contains(ex.Markdown, "<") {
			continue // raw HTML: our output intentionally differs
		}
		ran++
		t.Run(fmt.Sprintf("%03d %s", ex.Example, ex.Section), func(t *testing.T) {
			t.Parallel()
			assertSafe(t, ex.Markdown)
		})
	}
	if ran < 400 {
		t.Fatalf("only %d spec examples ran; corpus changed?", ran)
	}
}

// TestComplexityGuardWorstCase fills MaxSize (see worstCaseFill) with
// blocks that sit just under the complexity limits, using the patterns
// goldmark handles worst, and checks Render still returns (hang detector,
// not a timing assertion).
func TestComplexityGuardWorstCase(t *testing.T) {
	t.Parallel()
	repeat := func(block string) string {
		return strings.Repeat(block+"\n\n", fill()/(len(block)+2))
	}
	tests := []struct{ name, block string }{
		{"unclosed links", strings.Repeat("[a](b", maxBlockDelimiters/3)},
		{"unclosed links A", strings.Repeat("[a](<b", maxBlockDelimiters/3)},
		{"mismatched emphasis", strings.Repeat("*a_ ", maxBlockDelimiters/2)},
		{"issue 389", strings.Repeat("*a ", maxBlockDelimiters/4) + strings.Repeat("_a*_ ", maxBlockDelimiters/4)},
		{"nested brackets", strings.Repeat("[", maxBlockDelimiters/2) + "a" + strings.Repeat("]", maxBlockDelimiters/2)},
		{"deep quotes", strings.Repeat("> ", maxNesting) + "a*b_c"},
		{"deep lists then blank lines", strings.Repeat("- ", maxNesting) + "x" + strings.Repeat("\n", 1000)},
	}
	for _, tt := range tests {
		// Sequential, like TestPathologicalMarkdown.
		t.Run(tt.name, func(t *testing.T) {
			if _, err := renderWithin(t, repeat(tt.block)); err != nil {
				t.Fatalf("Render rejected input under the limits: %v", err)
			}
		})
	}
}
