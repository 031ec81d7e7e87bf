package storetest

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

func glossaryNames(t *testing.T, s store.Store, lang content.Lang) []string {
	t.Helper()
	gs, err := s.GlossaryTerms(t.Context(), lang)
	if err != nil {
		t.Fatalf("GlossaryTerms(%s): %v", lang, err)
	}
	var out []string
	for _, g := range gs {
		out = append(out, g.Terms.In(lang))
	}
	return out
}

func testGlossary(t *testing.T, s store.Store) {
	ctx := t.Context()
	if got := glossaryNames(t, s, en); len(got) != 0 {
		t.Fatalf("empty glossary lists %q", got)
	}
	mk := func(termEN, termFR, defEN string) int64 {
		t.Helper()
		id, err := s.CreateGlossaryTerm(ctx, content.GlossaryTerm{Terms: content.Bilingual{EN: termEN, FR: termFR}, Definitions: content.Bilingual{EN: defEN, FR: "déf. " + termFR}}, now)
		if err != nil {
			t.Fatalf("CreateGlossaryTerm(%q): %v", termEN, err)
		}
		return id
	}

	g := generation(t, s)
	ol := mk("Official languages", "Langues officielles", "English and French.")
	if generation(t, s) <= g {
		t.Error("creating an entry did not bump the generation")
	}
	mk("Deputy head", "Administrateur général", "")
	mk("Evaluation", "Évaluation", "")
	mk("état", "État major", "")

	t.Run("ByID", func(t *testing.T) {
		got, err := s.GlossaryTermByID(ctx, ol)
		if err != nil || got.Terms.FR != "Langues officielles" || got.Definitions.EN != "English and French." || !got.UpdatedAt.Equal(now) {
			t.Fatalf("GlossaryTermByID = %+v, %v", got, err)
		}
		if _, err := s.GlossaryTermByID(ctx, 999999); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("missing entry: %v; want ErrNotFound", err)
		}
	})

	t.Run("Order", func(t *testing.T) {
		if got, want := glossaryNames(t, s, en), []string{"Deputy head", "état", "Evaluation", "Official languages"}; !slices.Equal(got, want) {
			t.Errorf("English order %q; want %q", got, want)
		}
		if got, want := glossaryNames(t, s, fr), []string{"Administrateur général", "État major", "Évaluation", "Langues officielles"}; !slices.Equal(got, want) {
			t.Errorf("French order %q; want %q", got, want)
		}
	})

	t.Run("TermTaken", func(t *testing.T) {
		g := generation(t, s)
		_, err := s.CreateGlossaryTerm(ctx, content.GlossaryTerm{Terms: content.Bilingual{EN: "official  LANGUAGES", FR: "Nouveau"}}, now)
		if want := map[string]string{"term_en": content.GlossaryErrTaken}; !maps.Equal(fieldErr(err), want) {
			t.Fatalf("duplicate English term: %v; want %v", err, want)
		}
		_, err = s.CreateGlossaryTerm(ctx, content.GlossaryTerm{Terms: content.Bilingual{EN: "Evaluation", FR: "évaluation"}}, now)
		if want := map[string]string{"term_en": content.GlossaryErrTaken, "term_fr": content.GlossaryErrTaken}; !maps.Equal(fieldErr(err), want) {
			t.Fatalf("duplicate terms: %v; want %v", err, want)
		}
		if len(glossaryNames(t, s, en)) != 4 || generation(t, s) != g {
			t.Error("a refused entry changed the glossary")
		}
	})

	t.Run("Update", func(t *testing.T) {
		old, err := s.GlossaryTermByID(ctx, ol)
		if err != nil {
			t.Fatal(err)
		}
		stamp := content.GlossaryStamp(*old)
		edit := *old
		edit.Terms.EN, edit.Definitions.FR = "OFFICIAL languages", "Le français et l’anglais."
		later := now.Add(time.Hour)
		g := generation(t, s)
		if err := s.UpdateGlossaryTerm(ctx, edit, stamp, later); err != nil {
			t.Fatalf("UpdateGlossaryTerm (own term, other case): %v", err)
		}
		got, err := s.GlossaryTermByID(ctx, ol)
		if err != nil || got.Terms.EN != "OFFICIAL languages" || got.Definitions.FR != "Le français et l’anglais." || !got.UpdatedAt.Equal(later) {
			t.Fatalf("after update %+v, %v", got, err)
		}
		if generation(t, s) <= g {
			t.Error("updating an entry did not bump the generation")
		}
		// The form opened before that save is stale.
		edit.Definitions.EN = "lost"
		if err := s.UpdateGlossaryTerm(ctx, edit, stamp, later); !errors.Is(err, content.ErrConflict) {
			t.Errorf("stale save: %v; want ErrConflict", err)
		}
		// Taking another entry's term is refused.
		taken := *got
		taken.Terms.FR = "évaluation"
		if err := s.UpdateGlossaryTerm(ctx, taken, content.GlossaryStamp(*got), later); !maps.Equal(fieldErr(err), map[string]string{"term_fr": content.GlossaryErrTaken}) {
			t.Errorf("update to a taken term: %v", err)
		}
		if after, _ := s.GlossaryTermByID(ctx, ol); after == nil || *after != *got {
			t.Errorf("refused saves changed the entry: %+v", after)
		}
		missing := edit
		missing.ID = 999999
		if err := s.UpdateGlossaryTerm(ctx, missing, stamp, later); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("update of a missing entry: %v; want ErrNotFound", err)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		g := generation(t, s)
		if err := s.DeleteGlossaryTerm(ctx, ol); err != nil {
			t.Fatal(err)
		}
		if generation(t, s) <= g {
			t.Error("deleting an entry did not bump the generation")
		}
		if _, err := s.GlossaryTermByID(ctx, ol); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("deleted entry: %v", err)
		}
		if err := s.DeleteGlossaryTerm(ctx, ol); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("second delete: %v; want ErrNotFound", err)
		}
		// Its term is free again.
		mk("Official languages", "Langues officielles", "")
	})
}
