package search

import (
	"strings"
	"testing"
)

// render shows segments as text with [matches].
func render(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Match {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 20) // 100 words
	tests := []struct {
		name, lang, text, query string
		words                   int
		want                    string
	}{
		{"empty text", "fr", "", "x", 10, ""},
		{"analysed form matches", "fr", "Le gouvernement du Canada.", "gouvernements", 10,
			"Le [gouvernement] du Canada."},
		{"accents and elision", "fr", "L’intelligence artificielle et la sécurité.", "intelligence securite", 10,
			"L’[intelligence] artificielle et la [sécurité]."},
		{"whole text fits, no ellipsis", "en", "Open data\n\n  for   everyone", "data", 30,
			"Open [data] for everyone"},
		{"no match gives the start", "en", "one two three four five six", "zebra", 3,
			"one two three …"},
		{"window around the match", "en", filler + "the government of Canada " + filler, "government", 6,
			"… amet the [government] of Canada lorem …"},
		{"densest cluster wins over a lone early match", "en",
			"data " + filler + "open data strategy " + filler, "open data strategy", 8,
			"… sit amet [open] [data] [strategy] lorem ipsum dolor …"},
		{"first of equal clusters", "en",
			filler + "open data " + filler + "open data " + filler, "open data", 6,
			"… sit amet [open] [data] lorem ipsum …"},
		{"punctuation kept after the last word", "en", "Alpha beta, gamma delta.", "alpha", 2,
			"[Alpha] beta, …"},
		{"end of text keeps the window full", "en", filler + "final word", "final", 6,
			"… ipsum dolor sit amet [final] word"},
		{"elision glued to the first word mid-text", "fr", filler + "vers l’intelligence artificielle", "intelligence", 3,
			"… vers l’[intelligence] artificielle"},
		{"stop word query matches stop words", "en", "To be or not to be", "to be", 10,
			"[To] [be] or not [to] [be]"},
		{"control characters and invalid UTF-8", "en", "bad\x00\x01data\xff here", "data", 10,
			"bad [data] here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			segs := Snippet(tt.lang, tt.text, ParseQuery(tt.lang, tt.query).Terms, tt.words)
			if got := render(segs); got != tt.want {
				t.Errorf("Snippet = %q\n           want %q", got, tt.want)
			}
			for i, s := range segs {
				if s.Text == "" {
					t.Errorf("segment %d is empty", i)
				}
				if i > 0 && !s.Match && !segs[i-1].Match {
					t.Errorf("segments %d and %d are both unmatched (not merged)", i-1, i)
				}
			}
		})
	}
}

// TestSnippetNeverCutsWords checks every matched segment is a whole word of
// the text and every word of the window appears whole.
func TestSnippetNeverCutsWords(t *testing.T) {
	t.Parallel()
	text := "Les gouvernements provinciaux et le gouvernement fédéral partagent des données numériques; " +
		strings.Repeat("la fonction publique évolue, ", 30) + "l’intelligence artificielle aide le gouvernement."
	terms := ParseQuery("fr", "gouvernement numérique intelligence").Terms
	for _, n := range []int{1, 2, 5, 30, 1000} {
		segs := Snippet("fr", text, terms, n)
		words := map[string]bool{}
		for _, tm := range Analyze("fr", text) {
			words[text[tm.Start:tm.End]] = true
		}
		matches := 0
		for _, s := range segs {
			if s.Match {
				matches++
				if !words[s.Text] {
					t.Errorf("n=%d: matched segment %q is not a word of the text", n, s.Text)
				}
			}
		}
		if matches == 0 {
			t.Errorf("n=%d: no match in %q", n, render(segs))
		}
		if n == 30 && !strings.Contains(render(segs), "[gouvernements]") {
			t.Errorf("n=30: want the first dense cluster, got %q", render(segs))
		}
	}
}
