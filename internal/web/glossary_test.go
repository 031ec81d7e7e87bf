package web_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestGlossaryPage: terms in alphabetical order of the page's language
// (accents ignored), the other language's term marked with its lang, the
// definition, the toggle to the counterpart, and the page follows edits
// through the cache.
func TestGlossaryPage(t *testing.T) {
	backends(t, apptest.Options{NoDemo: true}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		for _, g := range []content.GlossaryTerm{
			{Terms: content.Bilingual{EN: "Official languages", FR: "Langues officielles"}, Definitions: content.Bilingual{EN: "English and French.\nBoth are equal.", FR: "Le français et l’anglais."}},
			{Terms: content.Bilingual{EN: "Deputy head", FR: "Administrateur général"}, Definitions: content.Bilingual{EN: "Leads a department.", FR: "Dirige un ministère."}},
			{Terms: content.Bilingual{EN: "Evaluation", FR: "Évaluation"}, Definitions: content.Bilingual{EN: "A <b>study</b>.", FR: ""}},
			{Terms: content.Bilingual{EN: "Stage", FR: "Étape"}},
		} {
			if _, err := s.App.Store.CreateGlossaryTerm(ctx, g, s.Clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			path, other, otherTag string
			order                 []string
			defs                  []string
		}{
			{"/en/glossary", "/fr/glossaire", "fr-CA", []string{"Deputy head", "Evaluation", "Official languages", "Stage"},
				[]string{"Leads a department.", "A &lt;b&gt;study&lt;/b&gt;.", "English and French.<br>Both are equal."}},
			{"/fr/glossaire", "/en/glossary", "en-CA", []string{"Administrateur général", "Étape", "Évaluation", "Langues officielles"},
				[]string{"Dirige un ministère.", "Pas encore de définition.", "Le français et l’anglais."}},
		} {
			t.Run(tc.path, func(t *testing.T) {
				r := get(t, s, tc.path)
				wantStatus(t, r, 200)
				assertToggle(t, r, tc.other)
				var terms []string
				dl := first(r.Doc, hasClass("dl", "glossary"))
				if dl == nil {
					t.Fatalf("no glossary list:\n%s", r.text())
				}
				for _, dt := range find(dl, tagIs("dt")) {
					terms = append(terms, strings.TrimSpace(strings.SplitN(textOf0(dt), "(", 2)[0]))
					span := first(dt, func(n *html.Node) bool { v, _ := attr(n, "lang"); return n.Data == "span" && v != "" })
					if span == nil {
						t.Errorf("term %q: no other-language term with a lang attribute", textOf0(dt))
					} else if v, _ := attr(span, "lang"); v != tc.otherTag {
						t.Errorf("term %q: lang %q; want %q", textOf0(dt), v, tc.otherTag)
					}
				}
				if !slices.Equal(terms, tc.order) {
					t.Errorf("terms %q; want %q", terms, tc.order)
				}
				for _, d := range tc.defs {
					if !strings.Contains(r.text(), d) {
						t.Errorf("definition %q missing", d)
					}
				}
				if strings.Contains(r.text(), "<b>study</b>") {
					t.Error("a definition is not escaped")
				}
			})
		}
		// The footer links to the glossary.
		if home := get(t, s, "/fr/"); !strings.Contains(home.text(), `href="/fr/glossaire"`) {
			t.Error("no glossary link on the home page")
		}
	})
}

// TestGlossaryPageEmpty: without entries the page says so in its language.
func TestGlossaryPageEmpty(t *testing.T) {
	backends(t, apptest.Options{NoDemo: true}, func(t *testing.T, s *apptest.Start) {
		for path, want := range map[string]string{"/en/glossary": "There are no terms in the glossary yet.", "/fr/glossaire": "Il n’y a encore aucun terme dans le glossaire."} {
			r := get(t, s, path)
			wantStatus(t, r, 200)
			if !strings.Contains(r.text(), want) {
				t.Errorf("%s: no %q", path, want)
			}
		}
	})
}

// The demo's glossary is not empty: every term in both languages, with a
// definition in each.
func TestDemoGlossary(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	for _, path := range []string{"/en/glossary", "/fr/glossaire"} {
		r := get(t, s, path)
		wantStatus(t, r, 200)
		dl := first(r.Doc, hasClass("dl", "glossary"))
		if dl == nil {
			t.Fatalf("%s: no glossary list", path)
		}
		terms, defs := find(dl, tagIs("dt")), find(dl, tagIs("dd"))
		if len(terms) < 5 || len(defs) != len(terms) {
			t.Fatalf("%s: %d terms, %d definitions", path, len(terms), len(defs))
		}
		for i, dd := range defs {
			if d := strings.TrimSpace(textOf(dd)); d == "" || strings.Contains(d, catalogue(t).Printer(path[1:3]).T("glossary.no_definition")) {
				t.Errorf("%s: term %q has no definition", path, textOf(terms[i]))
			}
		}
	}
}
