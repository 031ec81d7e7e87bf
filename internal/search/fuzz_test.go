package search

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", "L’intelligence artificielle", "qu'il", "peut-être", "gouvernements",
	"\x00\xff\xfe", "e\u0301\u0301", "東京2020", "🚌 bus", "' OR 1=1 --",
	`NEAR("a" b*) AND -c OR (d)`, "<script>alert(1)</script>", "l'", "l'\xff",
	"ŒUVRE Straße ﬁn ＡＢＣ ①", "a\u2019b\u02bcc", "İı",
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(false, s)
		f.Add(true, s)
	}
	f.Fuzz(func(t *testing.T, french bool, text string) {
		lang := "en"
		if french {
			lang = "fr"
		}
		checkTerms(t, lang, text)
		terms := Terms(lang, text)
		for _, tm := range terms {
			if !isTermText(tm) {
				t.Fatalf("Terms: %q", tm)
			}
		}
		for _, s := range Snippet(lang, text, terms, 7) {
			if s.Text == "" || !utf8.ValidString(s.Text) {
				t.Fatalf("Snippet segment %q", s.Text)
			}
		}
		// A word as written (for suggestions) folds as the word does.
		for _, tm := range Analyze(lang, text) {
			w := text[tm.Start:tm.End]
			if l := Lower(w); Fold(l) != Fold(w) || Lower(l) != l {
				t.Fatalf("Lower(%q) = %q: folds to %q, the word to %q", w, l, Fold(l), Fold(w))
			}
		}
		if f := Fold(text); utf8.ValidString(text) && !utf8.ValidString(f) {
			t.Fatalf("Fold made invalid UTF-8: %q", f)
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(false, s)
		f.Add(true, s)
	}
	wl := NewWordList([]string{"gouvernement", "intelligence", "government", "numerique", "alert"})
	f.Fuzz(func(t *testing.T, french bool, q string) {
		lang := "en"
		if french {
			lang = "fr"
		}
		checkQuery(t, lang, q)
		if s, ok := Suggest(lang, q, wl); ok {
			if s == "" || !utf8.ValidString(s) || len(s) > 2*MaxQueryBytes {
				t.Fatalf("Suggest(%q) = %q", q, s)
			}
		}
	})
}
