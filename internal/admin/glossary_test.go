package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/testutil"
)

// addGlossaryTerm stores an entry for the matrix and the tests.
func (e *env) addGlossaryTerm(termEN, termFR string) content.GlossaryTerm {
	e.t.Helper()
	g := content.GlossaryTerm{Terms: content.Bilingual{EN: termEN, FR: termFR}, Definitions: content.Bilingual{EN: "Means " + termEN, FR: "Signifie " + termFR}}
	id, err := e.st.CreateGlossaryTerm(context.Background(), g, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	stored, err := e.st.GlossaryTermByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return *stored
}

func glossaryForm(g content.GlossaryTerm) url.Values {
	return url.Values{"term_en": {g.Terms.EN}, "term_fr": {g.Terms.FR}, "definition_en": {g.Definitions.EN}, "definition_fr": {g.Definitions.FR},
		"stamp": {content.GlossaryStamp(g)}}
}

// glossaryForms are the matrix's bodies for the glossary routes: an empty
// create (refused), a save of the stored values, a delete with a stale
// stamp (refused).
func glossaryForms(g content.GlossaryTerm) map[string]url.Values {
	return map[string]url.Values{
		"POST /admin/glossary/new":           {},
		"POST /admin/glossary/{term}":        glossaryForm(g),
		"POST /admin/glossary/{term}/delete": {"stamp": {"stale"}},
	}
}

func TestGlossary(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ol := e.addGlossaryTerm("Official languages", "Langues officielles")
		ed := e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.session(ed)
		fr := printer(t, "fr")
		olID := strconv.FormatInt(ol.ID, 10)

		list := e.get("/admin/glossary", c)
		if list.StatusCode != http.StatusOK || !strings.Contains(text(list.body), "Langues officielles") ||
			!strings.Contains(list.body, `href="/admin/glossary/`+olID+`"`) || !strings.Contains(list.body, `href="/fr/glossaire"`) {
			t.Fatalf("list: %d\n%s", list.StatusCode, list.body)
		}
		if r := e.get("/admin/glossary/new", c); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `name="term_fr"`) || !strings.Contains(r.body, `lang="fr-CA"`) {
			t.Errorf("new form: %d", r.StatusCode)
		}

		// Errors next to the fields, in French, with what was typed kept.
		r := e.post("/admin/glossary/new", c, url.Values{"term_en": {"Deputy head"}, "term_fr": {""}, "definition_en": {"Typed <b>text</b>"},
			"definition_fr": {strings.Repeat("x", content.MaxGlossaryDefinitionRunes+1)}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid create: %d", r.StatusCode)
		}
		body := text(r.body)
		if !strings.Contains(body, fr.T(content.TaxErrRequired)) || !strings.Contains(body, fr.T(content.TaxErrTooLong)) ||
			!strings.Contains(r.body, `id="f-term-fr-error"`) || !strings.Contains(r.body, `id="f-definition-fr-error"`) ||
			!strings.Contains(r.body, `value="Deputy head"`) || !strings.Contains(r.body, "Typed &lt;b&gt;text&lt;/b&gt;") {
			t.Errorf("invalid create page:\n%s", r.body)
		}
		// A term another entry has (other case): refused on that field.
		r = e.post("/admin/glossary/new", c, url.Values{"term_en": {"OFFICIAL languages"}, "term_fr": {"Nouveau"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T(content.GlossaryErrTaken)) || !strings.Contains(r.body, `id="f-term-en-error"`) {
			t.Errorf("duplicate term: %d\n%s", r.StatusCode, r.body)
		}

		// Created, audited, on the public page in both languages.
		r = e.post("/admin/glossary/new", c, url.Values{"term_en": {"Deputy head"}, "term_fr": {"Administrateur général"},
			"definition_en": {"The most senior public servant of a department."}, "definition_fr": {"Fonctionnaire le plus haut placé d’un ministère."}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.StatusCode, r.body)
		}
		loc := r.Header.Get("Location")
		newID, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/admin/glossary/"), "?done=saved"), 10, 64)
		if err != nil {
			t.Fatalf("location %q", loc)
		}
		if e.auditCount("glossary.created", "glossary:"+strconv.FormatInt(newID, 10)) != 1 {
			t.Error("no audit entry for the creation")
		}
		if pg := e.publicGet("/fr/glossaire"); pg.StatusCode != http.StatusOK || !strings.Contains(text(pg.body), "Fonctionnaire le plus haut placé d’un ministère.") {
			t.Errorf("public glossary: %d", pg.StatusCode)
		}

		// Edit: saved, the generation moves, the public page follows.
		g0, _ := e.st.Generation(context.Background())
		form := glossaryForm(ol)
		form.Set("definition_en", "English and French, the official languages of Canada.")
		r = e.post("/admin/glossary/"+olID, c, form)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
		if g1, _ := e.st.Generation(context.Background()); g1 <= g0 {
			t.Error("saving did not move the generation")
		}
		if e.auditCount("glossary.updated", "glossary:"+olID) != 1 {
			t.Error("no audit entry for the update")
		}
		if pg := e.publicGet("/en/glossary"); !strings.Contains(pg.body, "the official languages of Canada") {
			t.Errorf("public glossary after the edit:\n%s", pg.body)
		}

		// The same (now stale) form again: a conflict, text kept, nothing changed.
		form.Set("term_fr", "Les langues officielles")
		r = e.post("/admin/glossary/"+olID, c, form)
		if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.body), fr.T("admin.tax_conflict")) || !strings.Contains(r.body, `value="Les langues officielles"`) {
			t.Errorf("stale save: %d\n%s", r.StatusCode, r.body)
		}
		cur, _ := e.st.GlossaryTermByID(context.Background(), ol.ID)
		if cur.Terms.FR != "Langues officielles" {
			t.Errorf("a stale save changed the entry: %+v", cur)
		}
		// A delete from a stale form is refused too.
		if r := e.post("/admin/glossary/"+olID+"/delete", c, url.Values{"stamp": {content.GlossaryStamp(ol)}}); r.StatusCode != http.StatusConflict {
			t.Errorf("stale delete: %d", r.StatusCode)
		}
		if _, err := e.st.GlossaryTermByID(context.Background(), ol.ID); err != nil {
			t.Errorf("a stale delete removed the entry: %v", err)
		}

		// Delete with the current stamp.
		r = e.post("/admin/glossary/"+olID+"/delete", c, url.Values{"stamp": {content.GlossaryStamp(*cur)}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/glossary?done=deleted" {
			t.Fatalf("delete: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if _, err := e.st.GlossaryTermByID(context.Background(), ol.ID); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("deleted entry: %v", err)
		}
		if e.auditCount("glossary.deleted", "glossary:"+olID) != 1 {
			t.Error("no audit entry for the deletion")
		}
		if pg := e.publicGet("/en/glossary"); strings.Contains(pg.body, "Official languages") {
			t.Error("a deleted entry is still on the public page")
		}
		for _, p := range []string{"/admin/glossary/999999", "/admin/glossary/abc"} {
			if r := e.get(p, c); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d", p, r.StatusCode)
			}
		}
		if r := e.post("/admin/glossary/999999/delete", c, url.Values{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("delete of a missing entry: %d", r.StatusCode)
		}
	})
}

// TestGlossarySecurityCorpus: hostile strings typed as terms and
// definitions are escaped in the back office and on the public pages.
func TestGlossarySecurityCorpus(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true})
	ed := e.addUser("e@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.session(ed)
	var payloads []string
	for _, l := range strings.Split(string(testutil.ReadCorpus(t, "xss/xss-merged.txt")), "\n") {
		if l = strings.TrimSpace(l); l != "" && strings.ContainsAny(l, "<>") && len([]rune(l)) <= content.MaxGlossaryTermRunes-4 {
			payloads = append(payloads, l)
		}
	}
	// The public layout has scripts of its own: payloads already on the
	// empty glossary page (such as "</script>") prove nothing there.
	empty := e.publicGet("/en/glossary").body
	step := max(1, len(payloads)/25)
	n, created := 0, 0
	for i := 0; i < len(payloads); i += step {
		x := payloads[i]
		tag := strconv.Itoa(i)
		r := e.post("/admin/glossary/new", c, url.Values{"term_en": {x + " " + tag}, "term_fr": {x + " fr" + tag}, "definition_en": {x}, "definition_fr": {x}})
		if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("create with %q: %d", x, r.StatusCode)
		}
		if r.StatusCode == http.StatusSeeOther {
			created++
		}
		for _, p := range []string{"/admin/glossary", r.Header.Get("Location")} {
			if p == "" {
				continue
			}
			page := e.get(p, c)
			if m := hostileMarkup(page.body); m != "" {
				t.Errorf("payload %q on %s: executable markup reached the page: %q", x, p, m)
			}
		}
		n++
	}
	for _, p := range []string{"/en/glossary", "/fr/glossaire"} {
		page := e.publicGet(p)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", p, page.StatusCode)
		}
		for i := 0; i < len(payloads); i += step {
			if x := payloads[i]; strings.Contains(page.body, x) && !strings.Contains(empty, x) {
				t.Errorf("%s: payload %q appears unescaped", p, x)
			}
		}
	}
	if n < 10 || created < 5 {
		t.Fatalf("only %d payloads tried, %d stored", n, created)
	}
}
