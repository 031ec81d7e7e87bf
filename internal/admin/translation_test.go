package admin_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// postFile posts a translated document to path as the import form does.
func (e *env) postFile(c *http.Cookie, path string, data []byte) resp {
	e.t.Helper()
	return e.postMultipart(c, path, "translated.xlf", "application/xliff+xml", data, nil)
}

var sourceRE = regexp.MustCompile(`(?s)<source([^>]*)>(.*?)</source>`)

// translate fills every segment of an exported document with a target:
// its source with the replacements made (codes kept).
func translate(doc string, repl ...string) []byte {
	r := strings.NewReplacer(repl...)
	return []byte(sourceRE.ReplaceAllStringFunc(doc, func(m string) string {
		sub := sourceRE.FindStringSubmatch(m)
		return m + "<target" + sub[1] + ">" + r.Replace(sub[2]) + "</target>"
	}))
}

// TestTranslationRoundTrip: an editor exports the English text of a
// published episode whose French is stale, a "bureau" translates it
// (markup codes kept), and the import makes it the French text as a
// pending change, brought in line; the public page is unchanged until
// published. Documents that do not match are refused with every problem
// listed, in the editor's language, and save nothing.
func TestTranslationRoundTrip(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("translator@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.mustSignIn(ed)
		ep := e.addEpisode(ed, "Round trip")
		cur := e.episode(t, ep.ID)
		cur.Versions[content.English].BodyMarkdown = "Read the **plain language** [guide](https://www.canada.ca/en.html) today.\n\n- First point\n- Second point\n"
		cur.Versions[content.English].Summary = "How to write plainly."
		if _, err := e.st.SaveEpisode(context.Background(), cur, content.SaveInfo{UserID: ed.ID, BaseRevision: cur.Revision, Now: e.clock.Now(), Publish: true}); err != nil {
			t.Fatal(err)
		}
		cur = e.episode(t, ep.ID)
		if err := e.st.ChangeEpisodeState(context.Background(), store.StateChange{EpisodeID: ep.ID, Op: content.OpPublish, From: cur.Status,
			Revision: cur.Revision, Now: e.clock.Now()}); err != nil {
			t.Fatal(err)
		}
		if !e.episode(t, ep.ID).Stale(content.French) {
			t.Fatal("the French should be stale after the English changed")
		}
		base := episodeURL(ep.ID)

		r := e.get(base+"/translation.xlf?from=en", c)
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xliff+xml") ||
			!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(r.body, `version="2.1"`) {
			t.Fatalf("export: %d %q\n%s", r.StatusCode, r.Header.Get("Content-Type"), r.body)
		}
		if r := e.get(base+"/translation.xlf?from=xx", c); r.StatusCode != http.StatusBadRequest {
			t.Errorf("export from an unknown language: %d", r.StatusCode)
		}
		live := e.episode(t, ep.ID).Revision
		doc := translate(r.body, "Round trip en", "Aller-retour", "How to write plainly.", "Comment écrire clairement.",
			"Read the ", "Lisez le ", "plain language", "langage clair", "guide", "guide", " today.", " aujourd’hui.",
			"First point", "Premier point", "Second point", "Deuxième point")

		// Refusals: nothing saved, every problem listed in French.
		fr := printer(t, "fr")
		for _, bad := range []struct {
			name string
			doc  []byte
			want string
		}{
			{"not XML", []byte("hello"), fr.T("translation.refused")},
			{"a unit removed", regexp.MustCompile(`(?s)<unit id="summary".*?</unit>`).ReplaceAll(doc, nil), "summary"},
			{"another episode", bytes.Replace(doc, []byte(`<file id="`+e.episode(t, ep.ID).Key+`"`), []byte(`<file id="someone-else"`), 1), "someone-else"},
			{"a code removed", regexp.MustCompile(`<pc [^>]*>(langage clair)</pc>`).ReplaceAll(doc, []byte("$1")), fr.T("translation.refused")},
		} {
			r := e.postFile(c, base+"/translation", bad.doc)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), bad.want) {
				t.Errorf("%s: %d, want 422 with %q\n%s", bad.name, r.StatusCode, bad.want, r.body)
			}
			if got := e.episode(t, ep.ID).Revision; got != live {
				t.Fatalf("%s: saved (revision %d, was %d)", bad.name, got, live)
			}
		}

		r = e.postFile(c, base+"/translation", doc)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("import: %d\n%s", r.StatusCode, text(r.body))
		}
		w, err := e.st.WorkingEpisode(context.Background(), ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		v := w.Version(content.French)
		if w.Pending == nil || v.Title != "Aller-retour" || v.Summary != "Comment écrire clairement." ||
			v.BodyMarkdown != "Lisez le **langage clair** [guide](https://www.canada.ca/en.html) aujourd’hui.\n\n- Premier point\n- Deuxième point\n" ||
			!strings.Contains(v.BodyHTML, "<strong>langage clair</strong>") {
			t.Fatalf("imported French: pending %v, %q, %q\n%s", w.Pending != nil, v.Title, v.Summary, v.BodyMarkdown)
		}
		if w.Stale(content.French) || w.Stale(content.English) {
			t.Error("after the import a language is still stale")
		}
		if live := e.episode(t, ep.ID); live.Version(content.French).Title == "Aller-retour" {
			t.Error("the import changed the live episode (it should be a pending change)")
		}
		if n := e.auditCount("episode.translation_imported", "episode:"+strconv.FormatInt(ep.ID, 10)); n != 1 {
			t.Errorf("audit entries: %d", n)
		}
		// The same file again: the source has not changed, so it still applies.
		if r := e.postFile(c, base+"/translation", doc); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the same file again: %d", r.StatusCode)
		}
	})
}
