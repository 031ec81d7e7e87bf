package search

import (
	"io/fs"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/busrides/busrides/internal/demo"
)

// snippetTexts are the demo episodes' files (each read as English and as
// French)
// and generated ones, long and short.
func snippetTexts(t testing.TB) []struct{ lang, text string } {
	var out []struct{ lang, text string }
	err := fs.WalkDir(demo.Content(), "episodes", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(demo.Content(), path)
		if err != nil {
			return err
		}
		// A demo file holds both languages: read it as each.
		out = append(out, struct{ lang, text string }{"en", string(b)}, struct{ lang, text string }{"fr", string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("%d demo texts; want the demo episodes", len(out))
	}
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 2, 5, 9, 30, 31, 32, 33, 200, 3000} {
		out = append(out, struct{ lang, text string }{"fr", genText(r, frVocab, n)})
		out = append(out, struct{ lang, text string }{"en", genText(r, enVocab, n)})
	}
	return out
}

// TestSnippetMatchesReference checks that the streaming Snippet gives the
// segments of the version that held every word (referenceSnippet), for
// the demo texts and generated ones, queries made of words of the text
// (at its start, middle and end, frequent and rare) and absent words, and
// snippet lengths from 1 word to more than the text.
func TestSnippetMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	cases := 0
	for _, tx := range snippetTexts(t) {
		toks := Analyze(tx.lang, tx.text)
		queries := []string{"", "zzzqqq absentword"}
		if len(toks) > 0 {
			w := func(i int) string { return tx.text[toks[i].Start:toks[i].End] }
			last := len(toks) - 1
			queries = append(queries, w(0), w(last), w(last/2), w(0)+" "+w(last), w(last/2)+" "+w(last/3)+" zzzqqq")
			for range 4 {
				queries = append(queries, w(r.IntN(len(toks)))+" "+w(r.IntN(len(toks))))
			}
		}
		for _, q := range queries {
			terms := ParseQuery(tx.lang, q).Terms
			for _, words := range []int{0, 1, 2, 3, 7, 10, 30, len(toks), len(toks) + 5} {
				got := Snippet(tx.lang, tx.text, terms, words)
				want := referenceSnippet(tx.lang, tx.text, terms, words)
				cases++
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("Snippet(%s, %d-byte text, %q, %d):\n got %+v\nwant %+v", tx.lang, len(tx.text), q, words, got, want)
				}
			}
		}
	}
	t.Logf("%d cases", cases)
}

func FuzzSnippetMatchesReference(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "bus", uint8(7))
	}
	f.Add("a b c d e f g h i j k l m n o p q r s t u v w x y z a b c", "c a z", uint8(3))
	f.Fuzz(func(t *testing.T, text, query string, words uint8) {
		for _, lang := range []string{"en", "fr"} {
			terms := ParseQuery(lang, query).Terms
			got := Snippet(lang, text, terms, int(words%40))
			want := referenceSnippet(lang, text, terms, int(words%40))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Snippet(%s, %q, %q, %d):\n got %+v\nwant %+v", lang, text, query, words%40, got, want)
			}
		}
	})
}
