package feed

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/testutil"
)

// hostileStrings is a deterministic sample of 100 lines of the shared XSS
// corpus plus hand-written breakers: XML-forbidden control characters,
// invalid UTF-8, CDATA terminators, entities and quotes.
func hostileStrings(t *testing.T) []string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(string(testutil.ReadCorpus(t, "xss/xss-merged.txt")), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) < 100 {
		t.Fatalf("corpus has %d lines, want at least 100", len(lines))
	}
	var out []string
	step := len(lines) / 100
	for i := 0; i < 100; i++ {
		out = append(out, lines[i*step])
	}
	return append(out,
		"nul\x00 soh\x01 vt\x0b ff\x0c esc\x1b end",
		"bad utf-8: \xff\xfe \xc3 and é",
		"]]>",
		"x]]>y<![CDATA[z]]>",
		"</title></channel></rss><rss>",
		`"quoted" & 'apos' &amp; &lt;not a tag&gt; &#x26; &nbsp`,
		"« guillemets » l’apostrophe ’ and l'apostrophe",
		"tab\tnewline\ncr\r\nend",
		"\ufffe\uffff noncharacters",
		"emoji 🚌 and astral 𝔘",
	)
}

// expectClean is the test's own statement of what the writers must do to
// text: drop characters XML 1.0 forbids and turn each invalid UTF-8 byte
// into U+FFFD. (range over a string yields U+FFFD with width 1 for an
// invalid byte.)
func expectClean(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestHostileText puts each hostile string in titles, summaries, content,
// authors and categories: every format must stay well-formed and gofeed must
// read back the cleaned string.
func TestHostileText(t *testing.T) {
	t.Parallel()
	hostile := hostileStrings(t)
	ch := frChannel()
	ch.Title = hostile[len(hostile)-6]
	base := ch.Items[0]
	ch.Items = nil
	for i, s := range hostile {
		it := base
		it.ID = ItemID("busrides.example", int64(1000+i), "fr")
		it.Title = s
		it.Summary = "résumé " + s
		it.ContentHTML = "<p>" + s + "</p>"
		it.Authors = []string{s}
		it.Categories = []string{"c " + s}
		ch.Items = append(ch.Items, it)
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			// gofeed trims XML text; JSON strings come back verbatim.
			norm := func(s string) string { return strings.TrimSpace(expectClean(s)) }
			if !f.xml {
				norm = expectClean
			}
			doc, err := f.write(ch)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(doc) {
				t.Fatal("output is not valid UTF-8")
			}
			if f.xml {
				wellFormed(t, doc)
				for _, c := range []string{"\x00", "\x01", "\x0b", "\x1b", "\uffff"} {
					if bytes.Contains(doc, []byte(c)) {
						t.Errorf("output contains forbidden %q", c)
					}
				}
			} else if !json.Valid(doc) {
				t.Fatal("invalid JSON")
			}
			got := parse(t, doc)
			if got.Title != norm(ch.Title) {
				t.Errorf("channel title = %q, want %q", got.Title, norm(ch.Title))
			}
			if len(got.Items) != len(ch.Items) {
				t.Fatalf("%d items, want %d", len(got.Items), len(ch.Items))
			}
			for i, g := range got.Items {
				in := ch.Items[i]
				check := func(what, got, want string) {
					t.Helper()
					if got != norm(want) {
						t.Errorf("item %d %s = %q\nwant %q", i, what, got, norm(want))
					}
				}
				check("title", g.Title, in.Title)
				check("summary", g.Description, in.Summary)
				check("content", g.Content, in.ContentHTML)
				if len(g.Categories) != 1 {
					t.Errorf("item %d: categories %q", i, g.Categories)
				} else {
					check("category", g.Categories[0], in.Categories[0])
				}
				if f.name == "rss" || f.name == "podcast" {
					if g.DublinCoreExt == nil || len(g.DublinCoreExt.Creator) != 1 {
						t.Errorf("item %d: dc:creator missing", i)
					} else {
						check("dc:creator", g.DublinCoreExt.Creator[0], in.Authors[0])
					}
				} else if f.name == "atom" {
					if len(g.Authors) != 1 {
						t.Errorf("item %d: authors %v", i, g.Authors)
					} else {
						check("author", g.Authors[0].Name, in.Authors[0])
					}
				}
			}
		})
	}
}

// TestCleanText checks the cleaning rules on exact inputs.
func TestCleanText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"plain « é »", "plain « é »"},
		{"a\x00b\x01c\x0bd", "abcd"},
		{"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
		{"\xff\xfe", "\ufffd\ufffd"},
		{"\xc3(", "\ufffd("},
		{"\ufffe\uffff\ufffd", "\ufffd"},
		{"\u0085\u2028 ok", "\u0085\u2028 ok"},
	} {
		if got := xmlClean(tc.in); got != tc.want {
			t.Errorf("xmlClean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := expectClean(tc.in); got != tc.want {
			t.Errorf("expectClean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHostileURLAttributes: quotes and ampersands in URLs stay inside their
// attributes.
func TestHostileURLAttributes(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	ch.Items[0].Enclosure.URL = `https://busrides.example/media/a.mp3?x="><script>&y='1'`
	ch.Items[0].Transcripts[0].URL = "https://busrides.example/t.vtt?a=1&b=\"2\"<>"
	for _, f := range formats {
		doc, err := f.write(ch)
		if err != nil {
			t.Fatal(err)
		}
		if f.xml {
			wellFormed(t, doc)
		}
		got := parse(t, doc)
		if u := got.Items[0].Enclosures[0].URL; u != ch.Items[0].Enclosure.URL {
			t.Errorf("%s: enclosure url = %q", f.name, u)
		}
		if f.name == "podcast" {
			if u := got.Items[0].Extensions["podcast"]["transcript"][0].Attrs["url"]; u != ch.Items[0].Transcripts[0].URL {
				t.Errorf("%s: transcript url = %q", f.name, u)
			}
		}
	}
	// A control character makes a URL invalid: rejected, not written.
	ch.Items[0].URL = "https://busrides.example/a\nb"
	for _, f := range formats {
		if _, err := f.write(ch); err == nil {
			t.Errorf("%s: URL with a newline accepted", f.name)
		}
	}
}
