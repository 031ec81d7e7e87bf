package xliff

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/testutil"
)

// hostileTexts reads the strings of the shared security corpus that text
// fields may hold: XSS payloads, naughty strings, Unicode edge cases
// (with invalid UTF-8), SQL and path injection, and the Markdown of the
// CommonMark and GFM spec examples and of the Markdown XSS cases.
func hostileTexts(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	lines := func(rel string) []string {
		var l []string
		for _, s := range strings.Split(string(testutil.ReadCorpus(t, rel)), "\n") {
			if s != "" {
				l = append(l, s)
			}
		}
		return l
	}
	out["xss"] = lines("xss/xss-merged.txt")
	out["sqli"] = lines("sqli/SQLi_Polyglots.txt")
	out["traversal"] = lines("traversal/deep_traversal.txt")

	var blns []string
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/blns.json"), &blns); err != nil {
		t.Fatal(err)
	}
	out["blns"] = blns

	var uni struct {
		Cases []struct {
			Input string `json:"input"`
		} `json:"cases"`
		Invalid []struct {
			Hex string `json:"hex"`
		} `json:"invalid_utf8_hex"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/unicode-edge-cases.json"), &uni); err != nil {
		t.Fatal(err)
	}
	for _, c := range uni.Cases {
		out["unicode"] = append(out["unicode"], c.Input)
	}
	for _, c := range uni.Invalid {
		b, err := hex.DecodeString(c.Hex)
		if err != nil {
			t.Fatal(err)
		}
		out["unicode"] = append(out["unicode"], "before "+string(b)+" after")
	}

	var xss struct {
		Cases []struct {
			Markdown string `json:"markdown"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "markdown/markdown-xss.json"), &xss); err != nil {
		t.Fatal(err)
	}
	for _, c := range xss.Cases {
		out["markdown-xss"] = append(out["markdown-xss"], c.Markdown)
	}
	for _, rel := range []string{"markdown/commonmark-spec-0.31.2.json", "markdown/gfm-0.29-extensions.json"} {
		var spec []struct {
			Markdown string `json:"markdown"`
		}
		if err := json.Unmarshal(testutil.ReadCorpus(t, rel), &spec); err != nil {
			t.Fatal(err)
		}
		for _, c := range spec {
			out["spec"] = append(out["spec"], c.Markdown)
		}
	}
	for name, l := range out {
		if len(l) == 0 {
			t.Fatalf("corpus %s is empty", name)
		}
	}
	return out
}

// TestHostileText round-trips every hostile string of the corpus in every
// field: the export stays well-formed (Import reads it back), holds no
// markup of the text unescaped, and the fields come back unchanged. The
// one-line payload lists go 25 to a document (a paragraph and a link
// each); the others one to a document.
func TestHostileText(t *testing.T) {
	t.Parallel()
	for name, texts := range hostileTexts(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			batch := 1
			switch name {
			case "xss", "sqli", "traversal":
				batch = 25
			}
			for i := 0; i < len(texts); i += batch {
				group := texts[i:min(i+batch, len(texts))]
				s := strings.Join(group, "\n\n")
				src := Source{
					Key: "hostile", Revision: i, SourceLang: content.English, TargetLang: content.French,
					Title: group[0], Summary: s, BodyMarkdown: s, Transcript: s + "\n\n" + s, ImageAlt: group[0], ImageCaption: s,
				}
				for _, g := range group {
					src.LearnMore = append(src.LearnMore, content.Link{Label: g, URL: g}, content.Link{Label: g + " {lang=fr}", URL: "https://example.ca/"})
				}
				out := roundTrip(t, src)
				if m := noRawMarkup(out); m != "" {
					t.Fatalf("case %d %q: %s unescaped in the export", i, s, m)
				}
				if t.Failed() {
					t.Fatalf("case %d: %q", i, s)
				}
			}
		})
	}
}

// TestPathologicalMarkdown round-trips the inputs that make Markdown
// parsers super-linear, scaled down to at most 100 KB: Export and Import
// must stay fast on them (the guard is the test's time, with the race
// detector, on a slow machine).
func TestPathologicalMarkdown(t *testing.T) {
	t.Parallel()
	var f struct {
		Cases []struct {
			Name      string  `json:"name"`
			RawBuild  [][]any `json:"build"`
			Generator string  `json:"generator"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "markdown/markdown-pathological.json"), &f); err != nil {
		t.Fatal(err)
	}
	const limit = pathologicalSize
	generated := map[string]func() string{
		"deeply nested lists": func() string {
			var b strings.Builder
			for i := 0; i < 500; i++ {
				b.WriteString(strings.Repeat("  ", i) + "* a\n")
			}
			return b.String()
		},
		"backticks": func() string {
			var b strings.Builder
			for i := 1; b.Len() < limit; i++ {
				b.WriteString("e" + strings.Repeat("`", i))
			}
			return b.String()
		},
		"reference collisions": func() string {
			var b strings.Builder
			for i := 0; b.Len() < limit/2; i++ {
				b.WriteString("[" + strconv.Itoa(i) + "]: /u" + strconv.Itoa(i) + "\n")
			}
			for i := 0; b.Len() < limit; i++ {
				b.WriteString("[" + strconv.Itoa(i) + "] ")
			}
			return b.String()
		},
	}
	n := 0
	for _, c := range f.Cases {
		var md string
		if len(c.RawBuild) > 0 {
			// Scale every part's repetitions by the same factor.
			total := 0
			for _, part := range c.RawBuild {
				total += len(part[0].(string)) * int(part[1].(float64))
			}
			scale := 1.0
			if total > limit {
				scale = float64(limit) / float64(total)
			}
			var b strings.Builder
			for _, part := range c.RawBuild {
				reps := int(part[1].(float64))
				if reps > 1 {
					reps = max(1, int(float64(reps)*scale))
				}
				b.WriteString(strings.Repeat(part[0].(string), reps))
			}
			md = b.String()
		} else if g := generated[c.Name]; g != nil {
			md = g()
		} else {
			t.Fatalf("case %q: no build and no generator here", c.Name)
		}
		n++
		t.Run(c.Name, func(t *testing.T) { roundTrip(t, source(md)) })
	}
	if n < 20 {
		t.Errorf("only %d pathological cases", n)
	}
}
