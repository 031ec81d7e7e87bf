package render

import (
	"fmt"
	"strings"
	"testing"
)

// benchArticle builds a deterministic article of about 1,000 words using the
// features real lessons use: headings, emphasis, links, lists, a pull-quote,
// a figure, a table, code and a footnote.
func benchArticle() string {
	var b strings.Builder
	b.WriteString("# Travailler en \"mode hybride\" : l'été 2025\n\n")
	para := "Le *télétravail* a changé la façon dont les équipes **collaborent**, " +
		"partagent l'information et prennent des décisions. Selon [le guide](https://example.org/guide), " +
		"les gestionnaires doivent clarifier les attentes -- surtout au début... " +
		"Les employés apprécient la souplesse, mais ils veulent aussi des repères clairs et " +
		"des rencontres `régulières` avec leur équipe.\n\n"
	for i := range 8 {
		fmt.Fprintf(&b, "## Section %d : réflexions\n\n", i+1)
		b.WriteString(para)
		b.WriteString("- Premier point avec un [lien interne](/fr/lecons/1)\n- Deuxième point\n- Troisième point, plus ~~ancien~~ récent\n\n")
		if i%3 == 0 {
			b.WriteString("> La confiance se construit une conversation à la fois.\n>\n> — Marie Tremblay, directrice\n\n")
		}
		if i%3 == 1 {
			b.WriteString("![Une équipe en réunion](/img/equipe.jpg \"Une équipe en réunion virtuelle\")\n\n")
		}
		if i%3 == 2 {
			b.WriteString("| Outil | Usage |\n|:--|--:|\n| Courriel | Annonces |\n| Clavardage | Questions rapides |\n\n")
		}
		b.WriteString(para)
	}
	b.WriteString("```go\nfmt.Println(\"bonjour\")\n```\n\nUne note de bas de page.[^1]\n\n[^1]: Source : enquête interne.\n")
	return b.String()
}

func TestBenchArticleSize(t *testing.T) {
	t.Parallel()
	n := len(strings.Fields(testRenderer.Text(benchArticle())))
	if n < 900 || n > 1300 {
		t.Fatalf("bench article has %d words, want about 1,000", n)
	}
}

func BenchmarkRender(b *testing.B) {
	r := New()
	doc := benchArticle()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(doc, "fr"); err != nil {
			b.Fatal(err)
		}
	}
}
