package typography

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/testutil"
)

// seeds are French sentences, markup and the shared security corpus:
// Markdown XSS cases, XSS payloads and CommonMark's expected HTML.
func seeds(f *testing.F) {
	for _, s := range []string{
		"Note : texte « cité » ; vraiment ? Oui !",
		"<p><strong>Daniel :</strong> «<em>mot</em>» à 10:30, https://a.ca/?q=1 ; fin ?</p>",
		"<pre><code>a ? b : c;</code></pre><p>x ?</p>",
		`<p lang="en">Note: x ?</p><span lang=fr>Quoi ?</span>`,
		"<title>« x »</title><textarea> ? </textarea><script>a ? b : c</script>",
		"&amp ; &#12 ; &nbsp;: «&nbsp;x&nbsp;» < ? <! ?",
		"«» « » :: ?! ; ;) : ",
	} {
		f.Add(s)
	}
	var md struct {
		Cases []struct {
			Markdown string `json:"markdown"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(f, "markdown/markdown-xss.json"), &md); err != nil {
		f.Fatal(err)
	}
	for _, c := range md.Cases {
		f.Add(c.Markdown)
	}
	var spec []struct {
		HTML string `json:"html"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(f, "markdown/commonmark-spec-0.31.2.json"), &spec); err != nil {
		f.Fatal(err)
	}
	for _, c := range spec {
		if hasTrigger(c.HTML) {
			f.Add(c.HTML)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(testutil.ReadCorpus(f, "xss/xss-merged.txt")))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		f.Add(sc.Text())
	}
}

func FuzzFrench(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := French(s)
		if again := French(out); again != out {
			t.Fatalf("not idempotent:\n in %q\nout %q\nagain %q", s, out, again)
		}
		if err := onlySpacesNearMarks(s, out); err != nil {
			t.Fatalf("%v\n in %q\nout %q", err, s, out)
		}
		// Cut anywhere, the parts read as the whole.
		a, b := len(s)/3, 2*len(s)/3
		parts := FrenchParts([]string{s[:a], s[a:b], s[b:]})
		if got := strings.Join(parts, ""); got != out {
			t.Fatalf("FrenchParts joined %q, French %q", got, out)
		}
	})
}

func FuzzHTML(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := FrenchHTML(s)
		if again := FrenchHTML(out); again != out {
			t.Fatalf("not idempotent:\n in %q\nout %q\nagain %q", s, out, again)
		}
		if err := sameMarkup(s, out); err != nil {
			t.Fatalf("%v\n in %q\nout %q", err, s, out)
		}
		if en := HTML(s, "en"); !containsFold(s, "lang") && en != s {
			t.Fatalf("English HTML without lang attributes changed:\n in %q\nout %q", s, en)
		}
	})
}

// onlySpacesNearMarks checks that out is in with only white space added,
// removed or replaced, and only next to : ; ! ? « ».
func onlySpacesNearMarks(in, out string) error {
	a, b := []rune(in), []rune(out)
	i, j := 0, 0
	var last rune = -1 // the last non-space rune both share
	for {
		// The white space before the next shared rune.
		si, sj := i, j
		for i < len(a) && unicode.IsSpace(a[i]) {
			i++
		}
		for j < len(b) && unicode.IsSpace(b[j]) {
			j++
		}
		var next rune = -1
		if i < len(a) {
			next = a[i]
		}
		if (i < len(a)) != (j < len(b)) || i < len(a) && a[i] != b[j] {
			return fmt.Errorf("text other than white space changed near rune %d", i)
		}
		if string(a[si:i]) != string(b[sj:j]) && !isMark(last) && !isMark(next) {
			return fmt.Errorf("white space changed between %q and %q, neither a mark", last, next)
		}
		if i == len(a) {
			return nil
		}
		last = a[i]
		i++
		j++
	}
}

func isMark(r rune) bool {
	return r == ':' || r == ';' || r == '!' || r == '?' || r == '«' || r == '»'
}

// sameMarkup checks that out tokenises as in does: the same tags,
// comments and doctypes, byte for byte, in the same order; raw text
// (scripts, styles, text areas…) unchanged; and the text between them
// changed only in white space next to the marks.
func sameMarkup(in, out string) error {
	ta, xa := tokens(in)
	tb, xb := tokens(out)
	if len(ta) != len(tb) {
		return fmt.Errorf("%d tags became %d", len(ta), len(tb))
	}
	for i := range ta {
		if ta[i] != tb[i] {
			return fmt.Errorf("tag %d changed: %q became %q", i, ta[i], tb[i])
		}
	}
	for i := range xa {
		if xa[i].raw && xa[i].text != xb[i].text {
			return fmt.Errorf("raw text after tag %d changed: %q became %q", i, xa[i].text, xb[i].text)
		}
	}
	var ja, jb strings.Builder
	for i := range xa {
		ja.WriteString(xa[i].text)
		ja.WriteString("\x00")
		jb.WriteString(xb[i].text)
		jb.WriteString("\x00")
	}
	// The separators stand for tags; they are not marks, so a change of
	// spaces is allowed next to one only if a mark is on its other side,
	// which is how inline tags let a flow continue. Compare without them.
	return onlySpacesNearMarks(strings.ReplaceAll(ja.String(), "\x00", ""), strings.ReplaceAll(jb.String(), "\x00", ""))
}

type textRun struct {
	text string // decoded
	raw  bool   // raw text of script, style, textarea…
}

// tokens returns the non-text tokens' raw bytes, and for each gap before,
// between and after them the decoded text it holds.
func tokens(s string) ([]string, []textRun) {
	z := html.NewTokenizer(strings.NewReader(s))
	var tags []string
	texts := []textRun{{}}
	rawNext := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return tags, texts
		}
		if tt == html.TextToken {
			texts[len(texts)-1].text += string(z.Text())
			texts[len(texts)-1].raw = rawNext
			continue
		}
		tags = append(tags, string(z.Raw()))
		name, _ := z.TagName()
		rawNext = (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && raw[string(name)] && string(name) != "title"
		texts = append(texts, textRun{})
	}
}
