package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

var frVocab = strings.Fields(`le la les des une du gouvernement fédéral fonctionnaires
numériques données ouvertes l’intelligence artificielle sécurité santé mentale
télétravail leadership équité diversité inclusion accessibilité apprentissage
continu formation compétences stratégie innovation services publics
canadiens canadiennes évaluation programmes politiques réglementation
qu’il d’abord peut-être œuvre mise en place collaboration partenaires
provinces territoires autochtones réconciliation environnement climat
résilience transformation modernisation efficacité résultats 2020 2024`)

var enVocab = strings.Fields(`the of public servants government of Canada digital data
open artificial intelligence security mental health remote work leadership
equity diversity inclusion accessibility learning training skills strategy
innovation services Canadians evaluation programs policies regulation
partners provinces territories Indigenous reconciliation climate resilience
transformation modernization results running governments 2020`)

func genText(r *rand.Rand, vocab []string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if r.IntN(12) == 0 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(vocab[r.IntN(len(vocab))])
	}
	return b.String()
}

func BenchmarkAnalyze(b *testing.B) {
	text := genText(rand.New(rand.NewPCG(1, 2)), frVocab, 1000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Analyze("fr", text)
	}
}

func BenchmarkAnalyzeEnglish(b *testing.B) {
	text := genText(rand.New(rand.NewPCG(3, 4)), enVocab, 1000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Analyze("en", text)
	}
}

func BenchmarkParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseQuery("fr", "L’intelligence artificielle au gouvernement")
	}
}

func BenchmarkParseQueryHostile(b *testing.B) {
	q := strings.Repeat(`' OR 1=1; -- NEAR("x"*) `, 500) // 12,000 bytes, cut to 1,000
	b.ReportAllocs()
	for b.Loop() {
		ParseQuery("en", q)
	}
}

func BenchmarkSnippet(b *testing.B) {
	text := genText(rand.New(rand.NewPCG(5, 6)), frVocab, 5000)
	terms := ParseQuery("fr", "gouvernement numérique").Terms
	b.ReportAllocs()
	for b.Loop() {
		Snippet("fr", text, terms, 30)
	}
}

// wordList100k is 100,000 distinct pseudo-words of 4 to 14 letters plus a
// few real ones.
func wordList100k() []string {
	r := rand.New(rand.NewPCG(7, 8))
	const letters = "abcdefghijklmnopqrstuvwxyzeeaaiioonnrrsstt"
	seen := map[string]bool{}
	words := []string{"gouvernement", "intelligence", "numerique", "artificielle"}
	for len(words) < 100_000 {
		n := 4 + r.IntN(11)
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = letters[r.IntN(len(letters))]
		}
		if w := string(buf); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

func BenchmarkNewWordList(b *testing.B) {
	words := wordList100k()
	b.ReportAllocs()
	for b.Loop() {
		NewWordList(words)
	}
}

func BenchmarkSuggest(b *testing.B) {
	wl := NewWordList(wordList100k())
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Suggest("fr", "gouvernment intelligense artificiele", wl); !ok {
			b.Fatal("no suggestion")
		}
	}
}
