package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestMergeEditors: two editors open the same revision. One changes the
// English, the other the French: the second save is merged and both
// changes are kept, with no question asked. Then both change the English
// summary and other fields each: the second save shows only the summary
// side by side; choosing "their version" saves their summary with the
// rest of the second editor's changes and the first one's.
func TestMergeEditors(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	en := e.addUser("en@example.org", content.RoleEditor, content.English, content.UserActive)
	fr := e.addUser("fr@example.org", content.RoleEditor, content.French, content.UserActive)
	ce, cf := e.mustSignIn(en), e.mustSignIn(fr)
	ep := e.addEpisode(en, "Merged")
	form := func(base string) map[string]string {
		// The editor's form as opened at revision 1 (what addEpisode stored).
		v := e.episode(t, ep.ID)
		return map[string]string{"base_revision": base, "do": "save", "kind": "read",
			"en.title": v.Version(content.English).Title, "en.slug": v.Version(content.English).Slug, "en.summary": "Summary", "en.body": "Body",
			"fr.title": v.Version(content.French).Title, "fr.slug": v.Version(content.French).Slug, "fr.summary": "Summary", "fr.body": "Body"}
	}
	post := func(c *http.Cookie, f map[string]string) resp {
		vals := episodeForm(0, "")
		for k, v := range f {
			vals.Set(k, v)
		}
		return e.post(episodeURL(ep.ID), c, vals)
	}
	fe, ff := form("1"), form("1")
	fe["en.title"] = "English, edited"
	ff["fr.body"] = "Corps en français, révisé."
	if r := post(ce, fe); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("English editor's save: %d\n%s", r.StatusCode, r.body)
	}
	r := post(cf, ff)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "merged=2") {
		t.Fatalf("French editor's save from revision 1: %d %q, want merged and saved", r.StatusCode, r.Header.Get("Location"))
	}
	got := e.episode(t, ep.ID)
	if got.Version(content.English).Title != "English, edited" || got.Version(content.French).BodyMarkdown != "Corps en français, révisé." || got.Revision != 3 {
		t.Fatalf("after the merge: %q, %q, revision %d; want both changes", got.Version(content.English).Title, got.Version(content.French).BodyMarkdown, got.Revision)
	}
	if b := text(e.get(r.Header.Get("Location"), cf).body); !strings.Contains(b, printer(t, "fr").T("editing.saved_merged", "m", 2)) {
		t.Error("the editor does not say the save was merged")
	}

	// Both change the English summary; each also changes something else.
	fe, ff = form("3"), form("3")
	fe["en.summary"], fe["fr.title"] = "Summary by the English editor", "Titre changé par l’éditeur anglais"
	ff["en.summary"], ff["fr.summary"] = "Summary by the French editor", "Résumé de l’éditeur français"
	if r := post(ce, fe); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("English editor's second save: %d", r.StatusCode)
	}
	r = post(cf, ff)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("French editor's save: %d, want 409 with the summary to choose", r.StatusCode)
	}
	body := text(r.body)
	if n := strings.Count(r.body, `name="resolve.`); n != 2 || !strings.Contains(r.body, `name="resolve.en.summary"`) {
		t.Errorf("%d choices on the merge page (want the English summary's two)", n)
	}
	for _, want := range []string{`value="Titre changé par l’éditeur anglais"`, "Résumé de l’éditeur français", `name="theirs_revision" value="4"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the merge page lacks %q", want)
		}
	}
	if got := e.episode(t, ep.ID).Version(content.English).Summary; got != "Summary by the English editor" {
		t.Fatalf("the refused save changed the summary: %q", got)
	}
	// The French editor takes the English editor's summary and saves the
	// form as the merge page shows it.
	ff["base_revision"] = "4"
	ff["theirs_revision"] = "4"
	ff["resolve.en.summary"] = "theirs"
	ff["fr.title"] = "Titre changé par l’éditeur anglais"
	if r := post(cf, ff); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving with a choice: %d\n%s", r.StatusCode, r.body)
	}
	got = e.episode(t, ep.ID)
	if got.Version(content.English).Summary != "Summary by the English editor" || got.Version(content.French).Summary != "Résumé de l’éditeur français" ||
		got.Version(content.French).Title != "Titre changé par l’éditeur anglais" {
		t.Errorf("after choosing: %q, %q, %q", got.Version(content.English).Summary, got.Version(content.French).Summary, got.Version(content.French).Title)
	}
}
