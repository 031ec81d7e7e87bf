package content_test

import (
	"errors"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

func TestParseFrenchNoun(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want content.FrenchNoun
		ok   bool
	}{
		{"", content.FrenchAuteur, true},
		{"auteur", content.FrenchAuteur, true},
		{"auteure", content.FrenchAuteure, true},
		{"autrice", content.FrenchAutrice, true},
		{"neutre", content.FrenchNeutral, true},
		{"Autrice", content.FrenchAuteur, false},
		{" autrice", content.FrenchAuteur, false},
		{"feminine", content.FrenchAuteur, false},
		{"auteur·e", content.FrenchAuteur, false},
	} {
		got, ok := content.ParseFrenchNoun(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseFrenchNoun(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	// Word and ParseFrenchNoun are inverses over the choices, and the
	// choices are distinct words.
	seen := map[string]bool{}
	for _, n := range content.FrenchNouns {
		if !n.Valid() {
			t.Errorf("%q is listed but not valid", n)
		}
		w := n.Word()
		if seen[w] {
			t.Errorf("two choices are written %q", w)
		}
		seen[w] = true
		if back, ok := content.ParseFrenchNoun(w); !ok || back != n {
			t.Errorf("ParseFrenchNoun(%q) = %q, %v; want %q", w, back, ok, n)
		}
	}
	if content.FrenchNoun("auteur").Valid() {
		t.Error(`"auteur" is a word for the default, not a stored value`)
	}
}

func validAuthor() content.Author {
	return content.Author{Name: "Amélie Gagnon", Bios: content.Bilingual{EN: "Bio.", FR: "Bio."}}
}

func TestPrepareAuthorFrenchNoun(t *testing.T) {
	for _, n := range content.FrenchNouns {
		a := validAuthor()
		a.FrenchNoun = n
		if err := content.PrepareAuthor(&a); err != nil {
			t.Errorf("%q: %v", n, err)
		}
		if a.FrenchNoun != n {
			t.Errorf("%q became %q", n, a.FrenchNoun)
		}
	}
	a := validAuthor()
	a.FrenchNoun = "feminine"
	var ve *content.ValidationError
	if err := content.PrepareAuthor(&a); !errors.As(err, &ve) || ve.Fields["fr_noun"] != content.TaxErrFrenchNoun || len(ve.Fields) != 1 {
		t.Errorf("PrepareAuthor(fr_noun %q) = %v; want only fr_noun: %s", a.FrenchNoun, err, content.TaxErrFrenchNoun)
	}
}

func TestAuthorStampFrenchNoun(t *testing.T) {
	a := validAuthor()
	stamps := map[string]content.FrenchNoun{}
	for _, n := range content.FrenchNouns {
		a.FrenchNoun = n
		s := content.AuthorStamp(a)
		if other, dup := stamps[s]; dup {
			t.Errorf("%q and %q have the same stamp", n, other)
		}
		stamps[s] = n
	}
}
