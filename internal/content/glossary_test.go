package content

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestPrepareGlossaryTerm(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name string
		in   GlossaryTerm
		want map[string]string // field → key; nil when valid
		out  GlossaryTerm      // after trimming, when valid
	}{
		{"valid, trimmed", GlossaryTerm{Terms: Bilingual{EN: "  Official languages ", FR: "Langues officielles"}, Definitions: Bilingual{EN: "English and French.\r\nBoth.", FR: ""}},
			nil, GlossaryTerm{Terms: Bilingual{EN: "Official languages", FR: "Langues officielles"}, Definitions: Bilingual{EN: "English and French.\nBoth."}}},
		{"both terms missing", GlossaryTerm{Terms: Bilingual{EN: " ", FR: ""}},
			map[string]string{"term_en": TaxErrRequired, "term_fr": TaxErrRequired}, GlossaryTerm{}},
		{"term on two lines", GlossaryTerm{Terms: Bilingual{EN: "a\nb", FR: "c"}},
			map[string]string{"term_en": TaxErrControl}, GlossaryTerm{}},
		{"term at the limit", GlossaryTerm{Terms: Bilingual{EN: long(120), FR: "x"}}, nil, GlossaryTerm{Terms: Bilingual{EN: long(120), FR: "x"}}},
		{"term too long", GlossaryTerm{Terms: Bilingual{EN: "x", FR: long(121)}},
			map[string]string{"term_fr": TaxErrTooLong}, GlossaryTerm{}},
		{"definition too long", GlossaryTerm{Terms: Bilingual{EN: "x", FR: "y"}, Definitions: Bilingual{EN: long(1001), FR: long(1000)}},
			map[string]string{"definition_en": TaxErrTooLong}, GlossaryTerm{}},
		{"control character in definition", GlossaryTerm{Terms: Bilingual{EN: "x", FR: "y"}, Definitions: Bilingual{FR: "a\x00b"}},
			map[string]string{"definition_fr": TaxErrControl}, GlossaryTerm{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.in
			err := PrepareGlossaryTerm(&g)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if g != tt.out {
					t.Errorf("got %+v; want %+v", g, tt.out)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !maps.Equal(ve.Fields, tt.want) {
				t.Fatalf("err = %v; want fields %v", err, tt.want)
			}
		})
	}
}

func TestGlossaryKey(t *testing.T) {
	for in, want := range map[string]string{"Official  Languages": "official languages", " ÉTAT ": "état", "a\tb": "a b"} {
		if got := GlossaryKey(in); got != want {
			t.Errorf("GlossaryKey(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestGlossaryStamp(t *testing.T) {
	a := GlossaryTerm{ID: 1, Terms: Bilingual{EN: "a", FR: "b"}}
	b := a
	b.Definitions.FR = "x"
	c := a
	c.ID, c.UpdatedAt = 2, c.UpdatedAt.AddDate(1, 0, 0) // neither is part of the stamp
	if GlossaryStamp(a) == GlossaryStamp(b) || GlossaryStamp(a) != GlossaryStamp(c) {
		t.Error("stamp does not follow the entry")
	}
}

func TestSortGlossary(t *testing.T) {
	terms := []GlossaryTerm{
		{ID: 1, Terms: Bilingual{EN: "Zeta", FR: "évaluation"}},
		{ID: 2, Terms: Bilingual{EN: "alpha", FR: "Zèbre"}},
		{ID: 3, Terms: Bilingual{EN: "Éclair", FR: "état"}},
		{ID: 4, Terms: Bilingual{EN: "beta", FR: "Étape"}},
	}
	names := func(lang Lang) []string {
		var out []string
		for _, g := range terms {
			out = append(out, g.Terms.In(lang))
		}
		return out
	}
	SortGlossary(terms, English)
	if got, want := names(English), []string{"alpha", "beta", "Éclair", "Zeta"}; !slices.Equal(got, want) {
		t.Errorf("English order %q; want %q", got, want)
	}
	SortGlossary(terms, French)
	if got, want := names(French), []string{"Étape", "état", "évaluation", "Zèbre"}; !slices.Equal(got, want) {
		t.Errorf("French order %q; want %q", got, want)
	}
}
