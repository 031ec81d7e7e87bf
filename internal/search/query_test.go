package search

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/testutil"
)

func TestParseQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, lang, q string
		terms, words  []string
	}{
		{"empty", "en", "", nil, nil},
		{"spaces", "fr", "   \t ", nil, nil},
		{"plain", "en", "Public Servants", []string{"public", "servant"}, []string{"public", "servants"}},
		{"stop words dropped", "en", "the future of work", []string{"futur", "work"}, []string{"future", "work"}},
		{"only stop words kept", "en", "The Who", []string{"the", "who"}, []string{"the", "who"}},
		{"French stop words dropped", "fr", "l'avenir du travail", []string{"aven", "travail"}, []string{"avenir", "travail"}},
		{"French only stop words", "fr", "qu'il est", []string{"il", "est"}, []string{"il", "est"}},
		{"dedupe terms keep words", "en", "government governments", []string{"govern"}, []string{"government", "governments"}},
		{"quotes", "en", `"open data"`, []string{"open", "data"}, []string{"open", "data"}},
		{"star and minus", "en", "-data* -open", []string{"data", "open"}, []string{"data", "open"}},
		{"parentheses and NEAR", "en", "NEAR(data open, 5)", []string{"near", "data", "open", "5"}, []string{"near", "data", "open", "5"}},
		{"AND OR NOT", "en", "data AND open OR NOT closed", []string{"data", "open", "close"}, []string{"data", "open", "closed"}},
		{"AND OR in French", "fr", "données AND ouvertes OR NOT", []string{"don", "and", "ouvert", "or", "not"}, []string{"donnees", "and", "ouvertes", "or", "not"}},
		{"FTS column filter", "en", "title:data body : x", []string{"titl", "data", "bodi", "x"}, []string{"title", "data", "body", "x"}},
		{"tsquery syntax", "en", "data & !open | close <-> x:*", []string{"data", "open", "close", "x"}, []string{"data", "open", "close", "x"}},
		{"SQL injection", "en", "' OR 1=1; DROP TABLE episodes; --", []string{"1", "drop", "tabl", "episod"}, []string{"1", "drop", "table", "episodes"}},
		{"control characters", "fr", "sé\x00cu\x1brité\x7f", []string{"cu", "rit"}, []string{"cu", "rite"}}, // "se" is a stop word
		{"max terms", "en", "one two three four five six seven eight nine ten", []string{"one", "two", "three", "four", "five", "six", "seven", "eight"}, []string{"one", "two", "three", "four", "five", "six", "seven", "eight"}},
		{"accents", "fr", "NUMÉRIQUE", []string{"numer"}, []string{"numerique"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ParseQuery(tt.lang, tt.q)
			if !slices.Equal(got.Terms, tt.terms) || !slices.Equal(got.Words, tt.words) {
				t.Errorf("ParseQuery(%s, %q) = %q / %q, want %q / %q", tt.lang, tt.q, got.Terms, got.Words, tt.terms, tt.words)
			}
			if got.Empty() != (len(tt.terms) == 0) {
				t.Errorf("Empty() = %v", got.Empty())
			}
		})
	}
}

func TestParseQueryLong(t *testing.T) {
	t.Parallel()
	// 10,000 characters of distinct words: cut to MaxQueryBytes, at most
	// MaxQueryTerms terms.
	var b strings.Builder
	nato := strings.Fields("alpha bravo charlie delta écho foxtrot golf hôtel india juliett kilo lima")
	for i := 0; b.Len() < 10_000; i++ {
		b.WriteString(nato[i%len(nato)])
		b.WriteString(" (\"-*) ")
	}
	q := ParseQuery("fr", b.String())
	if len(q.Terms) != MaxQueryTerms {
		t.Errorf("got %d terms, want %d", len(q.Terms), MaxQueryTerms)
	}
	// The cut never splits a rune: 999 'a' then "é" (2 bytes) straddles
	// the limit.
	s := strings.Repeat("a", MaxQueryBytes-1) + "é" + " zebra"
	if got := truncateQuery(s); !utf8.ValidString(got) || len(got) != MaxQueryBytes-1 {
		t.Errorf("truncateQuery cut at %d bytes, valid=%v", len(got), utf8.ValidString(got))
	}
	if got := ParseQuery("en", strings.Repeat("é", 10_000)); len(got.Terms) != 0 {
		// "eee…" folded is far over MaxWordBytes: skipped.
		t.Errorf("ParseQuery(10,000 é) = %q", got.Terms)
	}
}

// checkQuery verifies the invariants of any parsed query.
func checkQuery(t *testing.T, lang, q string) {
	t.Helper()
	got := ParseQuery(lang, q)
	if len(got.Terms) > MaxQueryTerms {
		t.Fatalf("ParseQuery(%.80q): %d terms", q, len(got.Terms))
	}
	seen := map[string]bool{}
	for _, tm := range got.Terms {
		if !isTermText(tm) || seen[tm] {
			t.Fatalf("ParseQuery(%.80q): bad or repeated term %q", q, tm)
		}
		seen[tm] = true
	}
	for _, w := range got.Words {
		if !isTermText(w) {
			t.Fatalf("ParseQuery(%.80q): bad word %q", q, w)
		}
	}
	if len(got.Typed) != len(got.Terms) {
		t.Fatalf("ParseQuery(%.80q): %d typed words for %d terms", q, len(got.Typed), len(got.Terms))
	}
	for i, w := range got.Typed {
		if stem(parseLang(lang), []byte(Fold(w))) != got.Terms[i] && len(Fold(w)) <= MaxWordBytes {
			t.Fatalf("ParseQuery(%.80q): typed %q does not give term %q", q, w, got.Terms[i])
		}
	}
}

func TestParseQueryTyped(t *testing.T) {
	t.Parallel()
	got := ParseQuery("fr", "Les Données quantiques de l’État, données")
	want := []string{"Données", "quantiques", "État"}
	if !slices.Equal(got.Typed, want) {
		t.Errorf("Typed = %q, want %q (terms %q)", got.Typed, want, got.Terms)
	}
}

// corpusLines reads every non-empty line of the corpus files matched by
// pattern (relative to the security corpus).
func corpusLines(t *testing.T, dir, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testutil.CorpusFile(t, dir), pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus files %s/%s", dir, pattern)
	}
	var lines []string
	for _, f := range files {
		data := testutil.ReadCorpus(t, dir+"/"+filepath.Base(f))
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			if l := sc.Text(); strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		lines = append(lines, string(data)) // the whole file as one query too
	}
	return lines
}

func TestParseQueryHostileCorpus(t *testing.T) {
	t.Parallel()
	sets := []struct{ dir, pattern string }{
		{"sqli", "*.txt"},
		{"xss", "*.txt"},
		{"xss/payloadsallthethings", "*.txt"},
		{"unicode", "blns.txt"},
	}
	wl := NewWordList([]string{"select", "union", "script", "alert", "table", "where", "sleep"})
	for _, s := range sets {
		t.Run(s.dir, func(t *testing.T) {
			t.Parallel()
			lines := corpusLines(t, s.dir, s.pattern)
			for _, l := range lines {
				for _, lang := range []string{"en", "fr"} {
					checkQuery(t, lang, l)
					if sug, ok := Suggest(lang, l, wl); ok && !utf8.ValidString(sug) {
						t.Fatalf("Suggest(%.80q) = invalid UTF-8 %q", l, sug)
					}
					for _, seg := range Snippet(lang, l, ParseQuery(lang, l).Terms, 10) {
						if !utf8.ValidString(seg.Text) {
							t.Fatalf("Snippet(%.80q): invalid UTF-8 segment %q", l, seg.Text)
						}
					}
				}
			}
			t.Logf("%d hostile queries", len(lines))
		})
	}
}

// TestCorpusPresent makes sure the hostile corpus is where the tests expect
// it when it exists at all (CorpusFile skips otherwise).
func TestCorpusPresent(t *testing.T) {
	t.Parallel()
	p := testutil.CorpusFile(t, "sqli")
	if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
		t.Fatalf("sqli corpus: %v", err)
	}
}
