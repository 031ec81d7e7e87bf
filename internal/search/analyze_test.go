package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// finds reports whether every term of the query is among the document's
// terms (and the query has terms at all).
func finds(lang, doc, query string) bool {
	q := ParseQuery(lang, query).Terms
	if len(q) == 0 {
		return false
	}
	d := Terms(lang, doc)
	for _, t := range q {
		if !slices.Contains(d, t) {
			return false
		}
	}
	return true
}

func TestFinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, query, doc string
		want             bool
	}{
		// Required examples.
		{"fr", "numerique", "Les outils numériques du gouvernement", true},
		{"fr", "gouvernements", "Le gouvernement du Canada", true},
		{"fr", "l'intelligence", "L’intelligence artificielle au travail", true},
		{"fr", "intelligence", "Comprendre l’intelligence artificielle", true},
		{"fr", "l’intelligence", "Une intelligence collective", true},
		{"fr", "intelligence", "l'intelligence", true},
		{"fr", "resilient", "Des fonctionnaires résilients", true},
		{"en", "governments", "How government works", true},
		// Accents both ways.
		{"fr", "élève", "Les eleves apprennent", true},
		{"fr", "eleve", "Un élève attentif", true},
		{"fr", "élèves", "Un eleve attentif", true},
		{"fr", "sécurité", "La securite informatique", true},
		{"fr", "securite", "La sécurité informatique", true},
		{"fr", "données", "Une donnee ouverte", true},
		{"fr", "donnee", "Des données ouvertes", true},
		{"fr", "donnees", "La donnée", true},
		{"fr", "accessibilite", "L’accessibilité numérique", true},
		{"fr", "équité", "Equite en emploi", true},
		{"fr", "Ça", "ca marche", true},
		{"fr", "ca", "Ça marche", true},
		{"fr", "œuvre", "Mettre en oeuvre la stratégie", true},
		{"fr", "oeuvre", "Mise en œuvre", true},
		{"fr", "ŒUVRES", "mise en oeuvre", true},
		{"fr", "employées", "Les employés fédéraux", true},
		{"fr", "employé", "Nos employées", true},
		{"fr", "services", "Le service public", true},
		{"fr", "canadiennes", "Un fonctionnaire canadien", true},
		{"fr", "réunions", "Une reunion efficace", true},
		{"fr", "télétravail", "Le teletravail en 2020", true},
		{"fr", "stratégies", "Une strategie", true},
		{"fr", "innovations", "L'innovation au public", true},
		{"fr", "évaluation", "Les évaluations de programme", true},
		{"fr", "qu'il", "Il faut qu’il vienne", true}, // stop-word-only query keeps "il"… but the doc drops it
		{"fr", "jusqu'à l'été", "tout l'été", false},  // only stop words: never in an index
		{"fr", "peut-être", "Il peut être utile", true},
		{"fr", "2020", "Le budget de 2020", true},
		{"fr", "covid19", "La pandémie de COVID19", true},
		{"fr", "naïve", "une approche naive", true},
		{"fr", "Québec", "la ville de Quebec", true},
		{"fr", "leadership", "Le leadership au gouvernement", true}, // English word in French text
		{"fr", "cloud", "Migrer vers le cloud", true},
		// English.
		{"en", "running", "She runs every day", true},
		{"en", "runs", "running shoes", true},
		{"en", "policies", "A new policy", true},
		{"en", "Government", "GOVERNMENTS of Canada", true},
		{"en", "café", "the cafe meeting", true},
		{"en", "resume", "Your résumé", true},
		{"en", "public servants", "Serving as a public servant", true},
		{"en", "data", "Open data strategy", true},
		{"en", "2020", "In 2020, we moved", true},
		{"en", "Québec", "Quebec City", true},
		{"en", "télétravail", "Le teletravail (French word in English text)", true},
		{"en", "well-being", "Wellbeing and well being", true},
		{"en", "don't", "don’t panic", false}, // only stop words
		// Must not find.
		{"fr", "sécurité", "La santé mentale", false},
		{"fr", "gouvernement", "The government of Canada", false},
		{"en", "government", "Le gouvernement", false},
		{"fr", "numerique", "Un nombre premier", false},
		{"en", "governments", "Govern yourself", true}, // same stem: a known conflation
		{"en", "apple", "Pineapple juice", false},
		{"fr", "intelligence artificielle", "L'intelligence collective", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.query+"/"+tt.doc, func(t *testing.T) {
			t.Parallel()
			if tt.query == "qu'il" {
				// Special case: the query is only a stop word, so it is
				// kept as a term, but documents never index stop words.
				got := ParseQuery(tt.lang, tt.query).Terms
				if !slices.Equal(got, []string{"il"}) {
					t.Fatalf("ParseQuery(%q).Terms = %q, want [il]", tt.query, got)
				}
				return
			}
			if got := finds(tt.lang, tt.doc, tt.query); got != tt.want {
				t.Errorf("finds(%s, doc %q, query %q) = %v, want %v\n doc terms %q\n query terms %q",
					tt.lang, tt.doc, tt.query, got, tt.want,
					Terms(tt.lang, tt.doc), ParseQuery(tt.lang, tt.query).Terms)
			}
		})
	}
}

func TestAnalyzeTerms(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("gouvernement ", 800) // 10,400 bytes
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"empty", "fr", "", nil},
		{"spaces", "en", " \t\n\r ", nil},
		{"only punctuation", "fr", `.,;:!?«»"'()[]{}-–—…/\*&%$#@`, nil},
		{"emoji separate words", "en", "café☕time 🚌🚌 bus", []string{"cafe", "time", "bus"}},
		{"CJK dropped", "en", "東京 2020 東京2020", []string{"2020"}},
		{"Cyrillic and Greek dropped", "fr", "Москва αβγ Montréal", []string{"montreal"}},
		{"control characters separate", "en", "data\x00base\x07gov\x1bernment", []string{"data", "base", "gov", "ernment"}},
		{"invalid UTF-8 separates", "en", "data\xffbase\xc3", []string{"data", "base"}},
		{"zero-width space separates", "en", "open\u200bdata", []string{"open", "data"}},
		{"NBSP separates", "fr", "données\u00a0ouvertes", []string{"don", "ouvert"}},
		{"hyphen splits", "fr", "peut-être", []string{"peut", "etre"}},
		{"apostrophe splits in English", "en", "government's", []string{"govern"}},
		{"French elision straight", "fr", "l'intelligence d'abord", []string{"intelligent", "abord"}},
		{"French elision typographic", "fr", "l’État qu’il s’agit", []string{"etat", "agit"}},
		{"French elision modifier apostrophe", "fr", "lʼÉtat", []string{"etat"}},
		{"jusqu' lorsqu'", "fr", "jusqu'aujourd'hui lorsqu'elle", []string{"aujourd", "hui"}},
		{"elision not before a word", "fr", "l' d’ 'l", nil},
		{"decomposed accents", "fr", "e\u0301le\u0300ve", []string{"elev"}},
		{"ligatures and full width", "en", "ﬁnance ＤＡＴＡ", []string{"financ", "data"}},
		{"sharp s", "en", "Straße", []string{"strass"}},
		{"digits kept", "fr", "2020 2,5 C-11", []string{"2020", "2", "5", "11"}}, // "c" is a French stop word (c')
		{"duplicates removed", "en", "data data DATA", []string{"data"}},
		{"stop words removed EN", "en", "the and of to", nil},
		{"stop words removed FR", "fr", "le la les de des du et à même été", nil},
		{"stop words compared folded", "fr", "meme ete a", nil},
		{"mixed case", "en", "GoVeRnMeNt", []string{"govern"}},
		{"long text", "fr", long, []string{"gouvern"}},
		{"overlong word skipped", "en", strings.Repeat("a", MaxWordBytes+1) + " ok", []string{"ok"}},
		{"word at limit kept", "en", strings.Repeat("b", MaxWordBytes), []string{strings.Repeat("b", MaxWordBytes)}},
		{"lang default English", "xx", "governments", []string{"govern"}},
		{"lang fr-CA", "fr-CA", "gouvernements", []string{"gouvern"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Terms(tt.lang, tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%s, %.60q) = %q, want %q", tt.lang, tt.text, got, tt.want)
			}
		})
	}
}

func TestAnalyzePositionsAndOffsets(t *testing.T) {
	t.Parallel()
	text := "L’État et les données: peut-être."
	got := Analyze("fr", text)
	want := []struct {
		term, word string
		pos        int
	}{
		{"etat", "État", 0},
		{"don", "données", 3},
		{"peut", "peut", 4},
		{"etre", "être", 5},
	}
	if len(got) != len(want) {
		t.Fatalf("Analyze = %+v, want %d terms", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.term || g.Pos != w.pos || text[g.Start:g.End] != w.word {
			t.Errorf("term %d = %+v (%q), want %s at %d over %q", i, g, text[g.Start:g.End], w.term, w.pos, w.word)
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"ÉLÈVE", "eleve"},
		{"œuvre Œuvre", "oeuvre oeuvre"},
		{"Ça, français", "ca, francais"},
		{"naïve Noël", "naive noel"},
		{"Æsop straße", "aesop strasse"},
		{"ﬁn", "fin"},
		{"e\u0301", "e"},
		{"東京", "東京"},
		{"ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ", "aaaeeeeiioouuuyc"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStopWordsMatchSnowball guards the embedded lists against drift from
// the Snowball package's predicates.
func TestStopWordsMatchSnowball(t *testing.T) {
	t.Parallel()
	for _, w := range stopWordsEN {
		if !english.IsStopWord(w) {
			t.Errorf("English %q is not a Snowball stop word", w)
		}
	}
	for _, w := range stopWordsFR {
		if !french.IsStopWord(w) {
			t.Errorf("French %q is not a Snowball stop word", w)
		}
	}
	for _, w := range stopWordsFRExtra {
		if french.IsStopWord(w) {
			t.Errorf("extra French %q is already a Snowball stop word; remove it from the extras", w)
		}
	}
}

// checkTerms verifies the invariants every analysed text keeps.
func checkTerms(t *testing.T, lang, text string) {
	t.Helper()
	terms := Analyze(lang, text)
	lastPos, lastEnd := -1, 0
	for _, tm := range terms {
		if !isTermText(tm.Text) {
			t.Fatalf("term %q is not [a-z0-9]+", tm.Text)
		}
		if tm.Start < lastEnd || tm.End <= tm.Start || tm.End > len(text) {
			t.Fatalf("term %+v: offsets out of order or bounds (len %d)", tm, len(text))
		}
		if tm.Pos <= lastPos {
			t.Fatalf("term %+v: position not increasing", tm)
		}
		word := text[tm.Start:tm.End]
		if !utf8.ValidString(word) {
			t.Fatalf("term %+v: word %q is not valid UTF-8", tm, word)
		}
		again := Analyze(lang, word)
		if len(again) != 1 || again[0].Text != tm.Text || again[0].Start != 0 || again[0].End != len(word) {
			t.Fatalf("term %+v: text[Start:End] = %q analyses to %+v", tm, word, again)
		}
		lastPos, lastEnd = tm.Pos, tm.End
	}
}

func TestAnalyzeInvariants(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"", "\x00\x01", "\xff\xfe\xfd", "é\xcc", "e\u0301\u0301\u0301", "\u0301abc",
		"L’intelligence, c'est l'État.", strings.Repeat("ça-", 3000),
		"a\u2019b'c\u02bcd", "Ǆemal ǅ ǆ", "İstanbul", "ﬀ", "x²", "①②",
	} {
		for _, lang := range []string{"en", "fr"} {
			checkTerms(t, lang, text)
		}
	}
}
