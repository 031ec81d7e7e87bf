package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// frNounRadio matches a radio button of the author form's French noun.
var frNounRadio = regexp.MustCompile(`<input type="radio" id="(f-fr-noun[a-z-]*)" name="fr_noun" value="([a-z]+)"( checked)?>`)

// frNounChoices returns the French noun buttons of a form page: their
// values in order, and which are checked.
func frNounChoices(body string) (values, checked []string) {
	for _, m := range frNounRadio.FindAllStringSubmatch(body, -1) {
		values = append(values, m[2])
		if m[3] != "" {
			checked = append(checked, m[2])
		}
	}
	return values, checked
}

// TestAuthorFrenchNoun: the author form offers the French noun as radio
// buttons, each showing the French heading it gives (marked as French)
// with a label in the staff member's language; saving keeps the choice,
// which the French episode page then shows; an unknown value is refused
// in the staff member's language, with nothing written and what was typed
// kept.
func TestAuthorFrenchNoun(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		f := e.addTaxonomy()
		ctx := context.Background()
		path := "/admin/authors/" + strconv.FormatInt(f.author.ID, 10)
		words := []string{"auteur", "auteure", "autrice", "neutre"}
		frenchHeadings := []string{"À propos de l’auteur", "À propos de l’auteure", "À propos de l’autrice", "À propos de la personne autrice"}

		for _, lang := range []content.Lang{content.French, content.English} {
			ed := e.addUser("editor-"+string(lang)+"@example.org", content.RoleEditor, lang, content.UserActive)
			c := e.session(ed)
			p := printer(t, string(lang))

			// The form: the four choices, the stored one checked, each
			// with its French heading marked as French and its label.
			r := e.get(path, c)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: form: %d", lang, r.StatusCode)
			}
			cur, err := e.st.AuthorByID(ctx, f.author.ID)
			if err != nil {
				t.Fatal(err)
			}
			values, checked := frNounChoices(r.body)
			if !slices.Equal(values, words) || !slices.Equal(checked, []string{cur.FrenchNoun.Word()}) {
				t.Errorf("%s: choices %v, checked %v; want %v, checked %s", lang, values, checked, words, cur.FrenchNoun.Word())
			}
			body := text(r.body)
			if !strings.Contains(body, "<legend>"+p.T("admin.author_fr_noun")+"</legend>") {
				t.Errorf("%s: no legend %q", lang, p.T("admin.author_fr_noun"))
			}
			for i, w := range words {
				want := `<span lang="fr-CA">«` + "\u00a0" + frenchHeadings[i] + "\u00a0" + `»</span> — ` + p.T("admin.author_fr_noun_"+w) + `</label>`
				if !strings.Contains(body, want) {
					t.Errorf("%s: no label %q", lang, want)
				}
			}

			// Each choice saved is stored, checked on the form, and shown
			// on the French episode page (heading and label).
			for i, w := range words {
				cur, err := e.st.AuthorByID(ctx, f.author.ID)
				if err != nil {
					t.Fatal(err)
				}
				form := authorForm(*cur)
				form.Set("fr_noun", w)
				if r := e.post(path, c, form); r.StatusCode != http.StatusSeeOther {
					t.Fatalf("%s: save %s: %d\n%s", lang, w, r.StatusCode, r.body)
				}
				got, err := e.st.AuthorByID(ctx, f.author.ID)
				if err != nil || got.FrenchNoun.Word() != w {
					t.Fatalf("%s: saved %s, stored %+v, %v", lang, w, got, err)
				}
				if _, checked := frNounChoices(e.get(path, c).body); !slices.Equal(checked, []string{w}) {
					t.Errorf("%s: after saving %s the form checks %v", lang, w, checked)
				}
				pg := e.publicGet("/fr/episodes/first-fr")
				want := `<aside class="author-card" aria-label="` + frenchHeadings[i] + `">` + "\n<h2>" + frenchHeadings[i] + "</h2>"
				if pg.StatusCode != http.StatusOK || !strings.Contains(text(pg.body), want) {
					t.Errorf("%s: after saving %s the French episode page (%d) lacks %q", lang, w, pg.StatusCode, want)
				}
			}

			// Unknown values: refused next to the field and in the summary,
			// in the staff member's language; nothing written; the rest
			// of what was typed kept.
			for _, bad := range []string{"feminine", "Autrice", "auteur·e"} {
				before, err := e.st.AuthorByID(ctx, f.author.ID)
				if err != nil {
					t.Fatal(err)
				}
				g0, _ := e.st.Generation(ctx)
				form := authorForm(*before)
				form.Set("fr_noun", bad)
				form.Set("role_fr", "Analyste principale")
				r := e.post(path, c, form)
				body := text(r.body)
				if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="field-error" id="f-fr-noun-error">`+p.T(content.TaxErrFrenchNoun)+`</p>`) ||
					!strings.Contains(body, `<a href="#f-fr-noun">`+p.T("admin.author_fr_noun")+": "+p.T(content.TaxErrFrenchNoun)+`</a>`) {
					t.Errorf("%s: fr_noun %q: %d\n%s", lang, bad, r.StatusCode, r.body)
				}
				if !strings.Contains(body, `value="Analyste principale"`) {
					t.Errorf("%s: fr_noun %q: the typed job title is not kept", lang, bad)
				}
				if _, checked := frNounChoices(r.body); len(checked) != 0 {
					t.Errorf("%s: fr_noun %q: the form checks %v", lang, bad, checked)
				}
				after, err := e.st.AuthorByID(ctx, f.author.ID)
				if err != nil || *after != *before {
					t.Errorf("%s: fr_noun %q changed the author: %+v", lang, bad, after)
				}
				if g1, _ := e.st.Generation(ctx); g1 != g0 {
					t.Errorf("%s: fr_noun %q moved the generation", lang, bad)
				}
			}
		}

		// A new author: the default is checked; the choice is kept.
		ed := e.addUser("creator@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.session(ed)
		if _, checked := frNounChoices(e.get("/admin/authors/new", c).body); !slices.Equal(checked, []string{"auteur"}) {
			t.Errorf("new author form checks %v", checked)
		}
		r := e.post("/admin/authors", c, url.Values{"name": {"Grace Hopper"}, "bio_en": {"Grace"}, "bio_fr": {"Grace"}, "fr_noun": {"autrice"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.StatusCode, r.body)
		}
		if g, err := e.st.AuthorBySlug(ctx, content.English, "grace-hopper"); err != nil || g.FrenchNoun != content.FrenchAutrice {
			t.Errorf("created %+v, %v", g, err)
		}
	})
}
