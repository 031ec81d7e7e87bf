package admin_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
	"golang.org/x/net/html"
)

// episodeForm is a complete, valid editor form for a Read episode in both
// languages.
func episodeForm(base int, title string) url.Values {
	return url.Values{
		"base_revision": {strconv.Itoa(base)},
		"do":            {"save"},
		"kind":          {"read"},
		"en.title":      {title},
		"en.summary":    {"What it is about"},
		"en.body":       {"Some **bold** text."},
		"fr.title":      {title + " (fr)"},
		"fr.summary":    {"De quoi il s’agit"},
		"fr.body":       {"Du texte en **gras**."},
	}
}

func episodePreviewForm() url.Values {
	f := episodeForm(0, "Preview only")
	f.Set("do", "preview")
	return f
}

// addEpisode stores a draft owned by owner through the store.
func (e *env) addEpisode(owner *content.User, title string) *content.Episode {
	e.t.Helper()
	ep := &content.Episode{Kind: content.Read, Versions: map[content.Lang]*content.Version{}}
	if owner != nil {
		ep.OwnerID = owner.ID
	}
	for _, l := range content.Langs {
		ep.Versions[l] = &content.Version{Lang: l, Title: title + " " + string(l), Slug: content.Slugify(title + " " + string(l)),
			Summary: "Summary", BodyMarkdown: "Body", BodyHTML: "<p>Body</p>"}
	}
	var uid int64
	if owner != nil {
		uid = owner.ID
	}
	if _, err := e.st.SaveEpisode(context.Background(), ep, content.SaveInfo{UserID: uid, Now: e.clock.Now()}); err != nil {
		e.t.Fatalf("SaveEpisode: %v", err)
	}
	return ep
}

// firstRevision saves an imported episode as it is through the editor's
// store method, so that it has revision 1 (imports record none).
func (e *env) firstRevision(t *testing.T, id int64) {
	t.Helper()
	ep := e.episode(t, id)
	if _, err := e.st.SaveEpisode(context.Background(), ep, content.SaveInfo{BaseRevision: ep.Revision, Now: e.clock.Now(), Publish: true}); err != nil {
		t.Fatalf("SaveEpisode(%d): %v", id, err)
	}
}

// setStatus publishes (or otherwise moves) an episode directly in the
// database: the publishing workflow is not this package's to test.
func (e *env) setStatus(id int64, st content.Status) {
	e.t.Helper()
	db := e.st.(interface{ SQL() *sql.DB }).SQL()
	q := `UPDATE episodes SET status = ?, published_at = ? WHERE id = ?`
	args := []any{string(st), e.clock.Now().UTC().Format("2006-01-02T15:04:05.000000Z"), id}
	if e.start != nil && e.start.App != nil && strings.Contains(fmt.Sprintf("%T", db.Driver()), "stdlib") {
		q = `UPDATE episodes SET status = $1, published_at = $2 WHERE id = $3`
		args[1] = e.clock.Now().UTC()
	}
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		e.t.Fatal(err)
	}
}

var baseRE = regexp.MustCompile(`name="base_revision" value="(\d+)"`)

// baseOf reads the hidden base revision of an editor page.
func baseOf(t *testing.T, body string) string {
	t.Helper()
	m := baseRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no base_revision in the page:\n%s", body)
	}
	return m[1]
}

func idFromLocation(t *testing.T, r resp) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(r.loc(), "/admin/episodes/"), 10, 64)
	if r.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("save: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	return id
}

func TestEpisodeCreateAndEdit(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		c := e.addUser("contrib@example.org", content.RoleContributor, content.English, content.UserActive)
		cc := e.mustSignIn(c)

		r := e.get("/admin/episodes/new", cc)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `lang="fr-CA"`) || !strings.Contains(r.body, `<legend>French version</legend>`) {
			t.Fatalf("new episode page: %d\n%s", r.StatusCode, r.body)
		}
		f := episodeForm(0, "Plain language at work")
		f.Set("en.learn_more", "Guide | https://example.org/guide\n\nStyle | /en/style")
		f.Set("en.image_url", "https://example.org/a.png")
		f.Set("en.image_alt", "A chart")
		id := idFromLocation(t, e.post("/admin/episodes/new", cc, f))
		ep := e.episode(t, id)
		if ep.OwnerID != c.ID || ep.Status != content.Draft || ep.Revision != 1 {
			t.Errorf("created: owner %d status %s revision %d", ep.OwnerID, ep.Status, ep.Revision)
		}
		v := ep.Version(content.English)
		if v.Slug != "plain-language-at-work" || !strings.Contains(v.BodyHTML, "<strong>bold</strong>") || len(v.LearnMore) != 2 || v.WordCount != 3 {
			t.Errorf("English version: %+v", v)
		}
		if e.auditCount("episode.created", "episode:"+strconv.FormatInt(id, 10)) != 1 {
			t.Error("no episode.created audit entry")
		}
		// The editor shows what was saved, and the status and publish link.
		r = e.get(episodeURL(id)+"?saved=1", cc)
		for _, want := range []string{"Plain language at work", "Guide | https://example.org/guide", `href="/admin/episodes/` + strconv.FormatInt(id, 10) + `/publish"`, "Draft", "Saved as revision 1."} {
			if !strings.Contains(text(r.body), want) {
				t.Errorf("editor lacks %q", want)
			}
		}
		// Saving again makes revision 2.
		f = episodeForm(1, "Plain language at work")
		f.Set("en.slug", "plain-language")
		if idFromLocation(t, e.post(episodeURL(id), cc, f)) != id {
			t.Fatal("saved to another episode")
		}
		if ep := e.episode(t, id); ep.Revision != 2 || ep.Version(content.English).Slug != "plain-language" {
			t.Errorf("after the second save: revision %d, slug %q", ep.Revision, ep.Version(content.English).Slug)
		}
		// The list shows it, with an edit link.
		r = e.get("/admin/episodes?q=plain&status=draft", cc)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `href="`+episodeURL(id)+`"`) {
			t.Errorf("list: %d\n%s", r.StatusCode, r.body)
		}
		if r := e.get("/admin/episodes?q=nothing-like-it", cc); strings.Contains(r.body, episodeURL(id)) {
			t.Error("the text filter does not filter")
		}
		if r := e.get("/admin/", cc); !strings.Contains(r.body, `href="/admin/episodes"`) {
			t.Error("no Episodes item in the navigation")
		}
	})
}

func episodeURL(id int64) string { return "/admin/episodes/" + strconv.FormatInt(id, 10) }

// TestEpisodeValidationFrench: errors are in the interface language, next
// to their fields and in a summary linking to them; what was typed stays.
func TestEpisodeValidationFrench(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	u := e.addUser("redactrice@example.org", content.RoleEditor, content.French, content.UserActive)
	cu := e.mustSignIn(u)
	f := episodeForm(0, "Titre gardé")
	f.Set("en.summary", "")
	f.Set("fr.slug", "Pas Valide")
	f.Set("fr.media_seconds", "douze minutes")
	f.Set("en.learn_more", "no separator here")
	f.Set("fr.body", "Corps *tapé* <gardé> & « cité »")
	r := e.post("/admin/episodes/new", cu, f)
	if r.StatusCode != http.StatusUnprocessableEntity || htmlLang(r.body) != "fr-CA" {
		t.Fatalf("invalid form: %d %s\n%s", r.StatusCode, htmlLang(r.body), r.body)
	}
	p := printer(t, "fr")
	body := text(r.body)
	for field, key := range map[string]string{"f-en-summary": "editing.error_required", "f-fr-slug": "editing.error_slug",
		"f-fr-media-seconds": "editing.error_seconds", "f-en-learn-more": "editing.error_link"} {
		if !strings.Contains(body, `<p class="field-error" id="`+field+`-error">`+p.T(key)+`</p>`) {
			t.Errorf("no French error next to %s (%q)", field, p.T(key))
		}
		if !strings.Contains(r.body, `<a href="#`+field+`">`) {
			t.Errorf("the error summary does not link to %s", field)
		}
	}
	for _, kept := range []string{"Titre gardé", "Pas Valide", "douze minutes", "no separator here", "Corps *tapé* <gardé> & « cité »"} {
		if !strings.Contains(body, kept) {
			t.Errorf("the form lost %q", kept)
		}
	}
	if strings.Contains(r.body, "<gardé>") {
		t.Error("typed text is not escaped")
	}
	if strings.Contains(r.body, "⟦") {
		t.Error("a missing translation on the French editor")
	}
	if page, _ := e.st.AdminEpisodes(context.Background(), store.AdminEpisodeQuery{}); page.Total != 0 {
		t.Errorf("an invalid form stored %d episodes", page.Total)
	}
}

// TestEpisodeConflictTwoSessions: two editors open the same revision and
// change the same fields; the second save is refused, shows the first
// editor's version of those fields beside the form, overwrites nothing,
// and can then be kept on purpose.
func TestEpisodeConflictTwoSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		a := e.addUser("alice@example.org", content.RoleEditor, content.English, content.UserActive)
		b := e.addUser("bob@example.org", content.RoleEditor, content.English, content.UserActive)
		ep := e.addEpisode(a, "Shared work")
		ca, cb := e.mustSignIn(a), e.mustSignIn(b)

		baseA := baseOf(t, e.get(episodeURL(ep.ID), ca).body)
		baseB := baseOf(t, e.get(episodeURL(ep.ID), cb).body)
		fa := episodeForm(0, "Alice's title")
		fa.Set("base_revision", baseA)
		fb := episodeForm(0, "Bob's title")
		fb.Set("base_revision", baseB)
		fb.Set("fr.body", "Le texte de Bob.")

		if r := e.post(episodeURL(ep.ID), ca, fa); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("Alice's save: %d\n%s", r.StatusCode, r.body)
		}
		r := e.post(episodeURL(ep.ID), cb, fb)
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("Bob's save over a newer revision: %d, want 409\n%s", r.StatusCode, r.body)
		}
		got := e.episode(t, ep.ID)
		if got.Version(content.English).Title != "Alice's title" || got.Revision != 2 {
			t.Fatalf("Bob's refused save overwrote Alice's: %q, revision %d", got.Version(content.English).Title, got.Revision)
		}
		body := text(r.body)
		// Bob sees who saved, Alice's version against his, and his text.
		for _, want := range []string{printer(t, "en").T("merge.title"), "alice@example.org", "<del>Alice</del>", "<ins>Bob</ins>",
			"Removed: ", "Added: ", `value="Bob's title"`, "Le texte de Bob.", "Keep my version", `href="` + episodeURL(ep.ID) + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the conflict page lacks %q", want)
			}
		}
		if baseOf(t, r.body) != "2" {
			t.Errorf("the conflict form is not on top of the newest revision: %s", baseOf(t, r.body))
		}
		// Bob keeps his: a new revision on top of Alice's.
		fb.Set("base_revision", baseOf(t, r.body))
		if r := e.post(episodeURL(ep.ID), cb, fb); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("Bob keeps his version: %d\n%s", r.StatusCode, r.body)
		}
		revs, err := e.st.Revisions(context.Background(), ep.ID)
		if err != nil || len(revs) != 3 || revs[1].Snapshot.Versions[content.English].Title != "Alice's title" || revs[1].UserID != a.ID ||
			revs[0].UserID != b.ID {
			t.Errorf("history after the conflict: %+v %v", revs, err)
		}
		// Alice's form, opened at revision 1, conflicts in turn: she and Bob
		// changed the same fields.
		if r := e.post(episodeURL(ep.ID), ca, fa); r.StatusCode != http.StatusConflict {
			t.Errorf("Alice's stale save: %d", r.StatusCode)
		}
		if e.auditCount("episode.conflict", "") != 2 {
			t.Errorf("conflict audit entries: %d", e.auditCount("episode.conflict", ""))
		}
	})
}

// TestEpisodeRoles: one decision point, content.CanEditEpisode.
func TestEpisodeRoles(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	contrib := e.addUser("c@example.org", content.RoleContributor, content.English, content.UserActive)
	author := e.addUser("a@example.org", content.RoleAuthor, content.English, content.UserActive)
	editor := e.addUser("e@example.org", content.RoleEditor, content.English, content.UserActive)
	cc, ca, ce := e.mustSignIn(contrib), e.mustSignIn(author), e.mustSignIn(editor)
	draftC := e.addEpisode(contrib, "Contributor draft")
	pubC := e.addEpisode(contrib, "Contributor published")
	e.setStatus(pubC.ID, content.Published)
	pubA := e.addEpisode(author, "Author published")
	e.setStatus(pubA.ID, content.Published)

	for _, tc := range []struct {
		who  string
		c    *http.Cookie
		ep   *content.Episode
		want int
	}{
		{"contributor, own draft", cc, draftC, http.StatusOK},
		{"contributor, own published (a pending change)", cc, pubC, http.StatusOK},
		{"contributor, another's", cc, pubA, http.StatusForbidden},
		{"author, own published", ca, pubA, http.StatusOK},
		{"author, another's draft", ca, draftC, http.StatusForbidden},
		{"editor, any", ce, pubC, http.StatusOK},
	} {
		if r := e.get(episodeURL(tc.ep.ID), tc.c); r.StatusCode != tc.want {
			t.Errorf("%s: GET %d, want %d", tc.who, r.StatusCode, tc.want)
		}
		rev := tc.ep.Revision
		if w, err := e.st.WorkingEpisode(context.Background(), tc.ep.ID); err == nil {
			rev = w.Revision // an earlier case may have saved it
		}
		f := episodeForm(rev, "Changed by "+tc.who)
		r := e.post(episodeURL(tc.ep.ID), tc.c, f)
		if tc.want == http.StatusOK && r.StatusCode != http.StatusSeeOther || tc.want != http.StatusOK && r.StatusCode != tc.want {
			t.Errorf("%s: POST %d", tc.who, r.StatusCode)
		}
		for _, p := range []string{"/revisions", "/diff?from=0&to=1"} {
			if r := e.get(episodeURL(tc.ep.ID)+p, tc.c); r.StatusCode != tc.want {
				t.Errorf("%s: GET %s %d, want %d", tc.who, p, r.StatusCode, tc.want)
			}
		}
	}
	// A save of a published episode is a pending change: the public
	// site keeps the live text.
	if w, err := e.st.WorkingEpisode(context.Background(), pubA.ID); err != nil || w.Pending == nil || w.Version(content.English).Title != "Changed by author, own published" {
		t.Errorf("author's own published episode, as edited: %+v, %v", w, err)
	}
	if got := e.episode(t, pubA.ID).Version(content.English).Title; got == "Changed by author, own published" {
		t.Errorf("author's own published episode: %q is live before it was published", got)
	}
	if got := e.episode(t, draftC.ID).Version(content.English).Title; got != "Changed by contributor, own draft" {
		t.Errorf("contributor's draft: %q", got)
	}
	// Contributors see the list but no edit link to others' episodes.
	r := e.get("/admin/episodes", cc)
	if r.StatusCode != http.StatusOK || strings.Contains(r.body, `href="`+episodeURL(pubA.ID)+`"`) || !strings.Contains(r.body, `href="`+episodeURL(draftC.ID)+`"`) {
		t.Errorf("contributor's list: %d", r.StatusCode)
	}
	for _, bad := range []string{"/admin/episodes/abc", "/admin/episodes/0", "/admin/episodes/-1"} {
		if r := e.get(bad, ce); r.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d", bad, r.StatusCode)
		}
	}
	if r := e.get("/admin/episodes/999999", ce); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown episode: %d", r.StatusCode)
	}
}

// TestEpisodeParityMarks: a substantive change marks the other language
// stale on the edit screen and in the list; ticking "brought in line"
// clears it.
func TestEpisodeParityMarks(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("e@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	ep := e.addEpisode(ed, "Parity")
	f := url.Values{}
	for k, v := range episodeForm(1, "Parity en") {
		f[k] = v
	}
	f.Set("fr.title", "Parity fr")
	f.Set("en.body", "A new paragraph in English.")
	f.Set("fr.body", "Body")
	f.Set("fr.summary", "Summary")
	f.Set("en.summary", "Summary")
	if r := e.post(episodeURL(ep.ID), c, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
	}
	if !e.episode(t, ep.ID).Stale(content.French) {
		t.Fatal("French is not stale after a substantive English change")
	}
	r := e.get(episodeURL(ep.ID), c)
	if !strings.Contains(r.body, `class="stale-mark"`) {
		t.Error("the edit screen does not show the stale mark")
	}
	if r := e.get("/admin/episodes?stale=on", c); !strings.Contains(r.body, "Needs an update") || !strings.Contains(r.body, episodeURL(ep.ID)) {
		t.Error("the list does not show the stale mark")
	}
	f.Set("base_revision", "2")
	f.Set("aligned_fr", "on")
	f.Set("minor", "on")
	if r := e.post(episodeURL(ep.ID), c, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("bring in line: %d\n%s", r.StatusCode, r.body)
	}
	if got := e.episode(t, ep.ID); got.Stale(content.French) || got.Stale(content.English) {
		t.Error("still stale after bringing French in line")
	}
}

// TestRevisionsDiffRestore: the history lists every save; the diff marks
// changes accessibly; a restore is a new revision.
func TestRevisionsDiffRestore(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("e@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.mustSignIn(ed)
		ep := e.addEpisode(ed, "History")
		f := episodeForm(1, "History <b>two</b>")
		if r := e.post(episodeURL(ep.ID), c, f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
		r := e.get(episodeURL(ep.ID)+"/revisions", c)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `action="`+episodeURL(ep.ID)+`/revisions/1/restore"`) ||
			strings.Contains(r.body, `/revisions/2/restore"`) || !strings.Contains(text(r.body), "Restaurer la révision 1") {
			t.Fatalf("history: %d\n%s", r.StatusCode, r.body)
		}
		r = e.get(episodeURL(ep.ID)+"/diff?from=1&to=2&lang=en", c)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("diff: %d", r.StatusCode)
		}
		for _, want := range []string{`Titre\u00a0: History <del>en</del>`, `Titre\u00a0: History <ins>&lt;b&gt;two&lt;/b&gt;</ins>`, `<span class="visually-hidden">Supprimé\u00a0: </span>`} {
			if !strings.Contains(strings.ReplaceAll(r.body, "\u00a0", `\u00a0`), want) {
				t.Errorf("diff lacks %q\n%s", want, r.body)
			}
		}
		if strings.Contains(r.body, "<b>two</b>") {
			t.Error("the diff is not escaped")
		}
		for _, bad := range []string{"?from=x&to=2", "?from=1&to=2&lang=de", "?from=1"} {
			if r := e.get(episodeURL(ep.ID)+"/diff"+bad, c); r.StatusCode != http.StatusBadRequest {
				t.Errorf("diff %s: %d", bad, r.StatusCode)
			}
		}
		if r := e.get(episodeURL(ep.ID)+"/diff?from=1&to=9", c); r.StatusCode != http.StatusNotFound {
			t.Errorf("diff to a missing revision: %d", r.StatusCode)
		}
		// A restore from a stale history page is a conflict and changes nothing.
		if r := e.post(episodeURL(ep.ID)+"/revisions/1/restore", c, url.Values{"base_revision": {"1"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("stale restore: %d", r.StatusCode)
		}
		// The restore asks to confirm first, and changes nothing then.
		r = e.post(episodeURL(ep.ID)+"/revisions/1/restore", c, url.Values{"base_revision": {"2"}})
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `name="confirm" value="yes"`) || e.episode(t, ep.ID).Revision != 2 {
			t.Fatalf("restore without confirmation: %d, revision %d\n%s", r.StatusCode, e.episode(t, ep.ID).Revision, r.body)
		}
		if r := e.post(episodeURL(ep.ID)+"/revisions/1/restore", c, url.Values{"base_revision": {"1"}, "confirm": {"yes"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("stale confirmed restore: %d", r.StatusCode)
		}
		r = e.post(episodeURL(ep.ID)+"/revisions/1/restore", c, url.Values{"base_revision": {"2"}, "confirm": {"yes"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("restore: %d\n%s", r.StatusCode, r.body)
		}
		got := e.episode(t, ep.ID)
		if got.Revision != 3 || got.Version(content.English).Title != "History en" {
			t.Errorf("after restore: revision %d, %q", got.Revision, got.Version(content.English).Title)
		}
		if r := e.get(episodeURL(ep.ID)+"/revisions?restored=1", c); !strings.Contains(text(r.body), "Restauré à partir de la révision 1") {
			t.Error("the history does not say revision 3 is a restore")
		}
		if e.auditCount("episode.restored", "episode:"+strconv.FormatInt(ep.ID, 10)) != 1 {
			t.Error("no episode.restored audit entry")
		}
	})
}

// hostileMarkup reports the first executable thing in an HTML page, read
// as a browser tokenises it: a script element, an event handler attribute,
// or a script URL in a link, source or form action.
// ownScript reports whether a script tag is the back office's own module
// (js/admin.js, from the site's assets), the one script its layout loads.
func ownScript(tok html.Token) bool {
	var typ, src string
	for _, a := range tok.Attr {
		switch a.Key {
		case "type":
			typ = a.Val
		case "src":
			src = a.Val
		default:
			return false
		}
	}
	return typ == "module" && strings.HasPrefix(src, "/") && strings.Contains(src, "/js/admin.") && strings.HasSuffix(src, ".js")
}

func hostileMarkup(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" && ownScript(tok) {
				continue
			}
			if tok.Data == "script" || tok.Data == "iframe" || tok.Data == "object" || tok.Data == "embed" {
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				k, v := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(k, "on") {
					return tok.String()
				}
				switch k {
				case "href", "src", "action", "formaction", "srcdoc", "xlink:href":
					if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:") || k == "srcdoc" {
						return tok.String()
					}
				}
			}
		}
	}
}

// TestEpisodeSecurityCorpus: hostile strings in every field are escaped on
// the screen, sanitised in the preview, and stored as typed.
func TestEpisodeSecurityCorpus(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("e@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	var payloads []string
	for _, l := range strings.Split(string(testutil.ReadCorpus(t, "xss/xss-merged.txt")), "\n") {
		if l = strings.TrimSpace(l); l != "" && strings.ContainsAny(l, "<\"'") {
			payloads = append(payloads, l)
		}
	}
	step := max(1, len(payloads)/40)
	n := 0
	for i := 0; i < len(payloads); i += step {
		x := payloads[i]
		f := episodeForm(0, "T")
		for _, field := range []string{"en.title", "en.summary", "en.body", "fr.body", "en.image_caption", "fr.transcript", "en.media_type"} {
			f.Set(field, x)
		}
		f.Set("do", "preview")
		r := e.post("/admin/episodes/new", c, f)
		if r.StatusCode != http.StatusOK && r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("preview of %q: %d", x, r.StatusCode)
		}
		if strings.Contains(r.body, x) && strings.ContainsAny(x, "<>") {
			t.Errorf("payload %q appears unescaped", x)
		}
		if m := hostileMarkup(r.body); m != "" {
			t.Errorf("payload %q: executable markup reached the page: %q", x, m)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d payloads tried", n)
	}
	// Stored as typed, shown escaped.
	x := `<img src=x onerror=alert(1)>"'`
	f := episodeForm(0, x)
	f.Set("en.slug", "hostile")
	f.Set("fr.slug", "hostile-fr")
	f.Set("en.body", x)
	id := idFromLocation(t, e.post("/admin/episodes/new", c, f))
	if got := e.episode(t, id).Version(content.English); got.Title != x || strings.Contains(got.BodyHTML, "onerror") {
		t.Errorf("stored: title %q, HTML %q", got.Title, got.BodyHTML)
	}
	r := e.get(episodeURL(id), c)
	if strings.Contains(r.body, "<img src=x") || hostileMarkup(r.body) != "" {
		t.Error("the stored title is not escaped on the edit screen")
	}
	if r := e.get("/admin/episodes", c); strings.Contains(r.body, "<img src=x") {
		t.Error("the stored title is not escaped in the list")
	}
}

// TestEpisodeSlugChangeRedirect: renaming a published version keeps its
// old address working.
func TestEpisodeSlugChangeRedirect(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("e@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	ep := e.addEpisode(ed, "Old name")
	e.setStatus(ep.ID, content.Published)
	f := episodeForm(1, "New name")
	f.Set("en.slug", "new-name")
	f.Set("fr.slug", content.Slugify("Old name fr"))
	f.Set("do", "publish")
	if r := e.post(episodeURL(ep.ID), c, f); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != episodeURL(ep.ID)+"?saved=2" {
		t.Fatalf("save and publish: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	id, lang, err := e.st.Redirect(context.Background(), "/en/episodes/old-name-en")
	if err != nil || id != ep.ID || lang != content.English {
		t.Fatalf("redirect: %d %s %v", id, lang, err)
	}
	r := e.get("/en/episodes/old-name-en", nil)
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/en/episodes/new-name" {
		t.Errorf("the public site does not follow the old address: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
}

// TestEpisodeMediaPicker: the image and audio fields offer the media
// library's files, and a picked image without alternative text takes the
// library's default in each language.
func TestEpisodeMediaPicker(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		img := e.addMedia(ed, &content.Media{Label: "bus-stop.png", Alt: content.Bilingual{EN: "A bus stop in the snow", FR: "Un arrêt d’autobus sous la neige"}})

		r := e.get("/admin/episodes/new", c)
		for _, want := range []string{`list="picker-image"`, `<datalist id="picker-image">`, `value="` + img.URL() + `"`, "bus-stop.png — A bus stop in the snow", `<datalist id="picker-audio">`} {
			if !strings.Contains(text(r.body), want) {
				t.Errorf("editor lacks %q", want)
			}
		}
		f := episodeForm(0, "Winter commute")
		f.Set("en.image_url", img.URL())
		f.Set("fr.image_url", img.URL())
		f.Set("fr.image_alt", "Texte choisi par la rédaction")
		id := idFromLocation(t, e.post("/admin/episodes/new", c, f))
		ep := e.episode(t, id)
		if got := ep.Version(content.English).Image; got.URL != img.URL() || got.Alt != "A bus stop in the snow" {
			t.Errorf("English image = %+v, want the library's default alt", got)
		}
		if got := ep.Version(content.French).Image.Alt; got != "Texte choisi par la rédaction" {
			t.Errorf("French alt = %q, want what was typed", got)
		}
	})
}

// watchForm is a valid editor form for a Watch episode in both languages,
// without captions.
func watchForm(title string) url.Values {
	f := episodeForm(0, title)
	f.Set("kind", "watch")
	for _, l := range []string{"en", "fr"} {
		f.Set(l+".media_url", "/media/talk-"+l+".webm")
		f.Set(l+".media_type", "video/webm")
		f.Set(l+".media_seconds", "1:30")
	}
	return f
}

// TestEpisodeCaptions: each version of the editor has a caption file field
// per language, offering the library's caption files; what is saved is
// stored and shown again; a caption file in use cannot be deleted.
func TestEpisodeCaptions(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		vid := uploadedID(t, e.upload(c, "talk.en.vtt", "text/vtt", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"), nil))
		vtt, err := e.st.MediaByID(context.Background(), vid)
		if err != nil {
			t.Fatal(err)
		}

		r := e.get("/admin/episodes/new", c)
		for _, want := range []string{
			`<label for="f-en-captions-en">Captions in English (WebVTT file)</label>`,
			`<label for="f-en-captions-fr">Captions in French (WebVTT file)</label>`,
			`<label for="f-fr-captions-en">Captions in English (WebVTT file)</label>`,
			`<label for="f-fr-captions-fr">Captions in French (WebVTT file)</label>`,
			`id="f-en-captions-en" name="en.captions_en" value="" inputmode="url" spellcheck="false" list="picker-captions"`,
			`<datalist id="picker-captions">`, `<option value="` + vtt.URL() + `">talk.en.vtt</option>`,
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("editor lacks %q", want)
			}
		}

		f := watchForm("Captioned talk")
		f.Set("en.captions_en", vtt.URL())
		f.Set("en.captions_fr", "https://cdn.example.ca/talk-en.fr.vtt")
		f.Set("fr.captions_fr", "/media/talk.fr.vtt")
		id := idFromLocation(t, e.post("/admin/episodes/new", c, f))
		ep := e.episode(t, id)
		if got, want := ep.Version(content.English).Captions, (content.Bilingual{EN: vtt.URL(), FR: "https://cdn.example.ca/talk-en.fr.vtt"}); got != want {
			t.Errorf("English captions %+v, want %+v", got, want)
		}
		if got, want := ep.Version(content.French).Captions, (content.Bilingual{FR: "/media/talk.fr.vtt"}); got != want {
			t.Errorf("French captions %+v, want %+v", got, want)
		}
		r = e.get(episodeURL(id), c)
		for _, want := range []string{`name="en.captions_en" value="` + vtt.URL() + `"`, `name="en.captions_fr" value="https://cdn.example.ca/talk-en.fr.vtt"`,
			`name="fr.captions_en" value=""`, `name="fr.captions_fr" value="/media/talk.fr.vtt"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("editor of the saved episode lacks %q", want)
			}
		}

		// The caption file is in use: its page says so and it stays.
		item := "/admin/media/" + strconv.FormatInt(vid, 10)
		if r := e.get(item, c); !strings.Contains(r.body, `<a href="`+episodeURL(id)+`">Captioned talk (episode, English)</a>`) {
			t.Errorf("the caption file's page does not list its use:\n%s", r.body)
		}
		if r := e.post(item+"/delete", c, url.Values{}); r.StatusCode != http.StatusConflict {
			t.Errorf("delete of a caption file in use: %d", r.StatusCode)
		}
		if _, err := e.st.MediaByID(context.Background(), vid); err != nil {
			t.Errorf("a caption file in use was deleted: %v", err)
		}
	})
}

// TestEpisodeCaptionsRefused: a caption address that is not a /media/
// path or an https URL is refused, with the error next to its field and in
// the summary, in the staff member's language; what was typed stays and
// nothing is stored.
func TestEpisodeCaptionsRefused(t *testing.T) {
	for _, lang := range content.Langs {
		t.Run(string(lang), func(t *testing.T) {
			e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
			u := e.addUser("staff-"+string(lang)+"@example.org", content.RoleEditor, lang, content.UserActive)
			c := e.mustSignIn(u)
			f := watchForm("Unsafe captions")
			f.Set("en.captions_en", `javascript:alert("x")`)
			f.Set("fr.captions_en", "http://cdn.example.ca/talk-fr.en.vtt")
			f.Set("fr.captions_fr", "/fr/episodes/unsafe-captions-fr/transcription.vtt")
			r := e.post("/admin/episodes/new", c, f)
			if r.StatusCode != http.StatusUnprocessableEntity || htmlLang(r.body) != lang.Tag() {
				t.Fatalf("refused form: %d, lang %s\n%s", r.StatusCode, htmlLang(r.body), r.body)
			}
			p := printer(t, string(lang))
			msg := p.T(content.EditErrCaptions)
			for _, field := range []string{"f-en-captions-en", "f-fr-captions-en", "f-fr-captions-fr"} {
				if !strings.Contains(text(r.body), `<p class="field-error" id="`+field+`-error">`+msg+`</p>`) {
					t.Errorf("no error next to %s (%q)", field, msg)
				}
				if !strings.Contains(r.body, `<a href="#`+field+`">`) {
					t.Errorf("the error summary does not link to %s", field)
				}
				if !strings.Contains(r.body, `id="`+field+`" `) || !strings.Contains(r.body, `aria-describedby="`+field+`-hint `+field+`-error"`) {
					t.Errorf("%s is not described by its error", field)
				}
			}
			if strings.Contains(r.body, `id="f-en-captions-fr-error"`) {
				t.Error("an empty caption field has an error")
			}
			for _, kept := range []string{`value="javascript:alert(&#34;x&#34;)"`, `value="http://cdn.example.ca/talk-fr.en.vtt"`} {
				if !strings.Contains(r.body, kept) {
					t.Errorf("the form lost (or did not escape) %s", kept)
				}
			}
			if page, _ := e.st.AdminEpisodes(context.Background(), store.AdminEpisodeQuery{}); page.Total != 0 {
				t.Errorf("a refused form stored %d episodes", page.Total)
			}
		})
	}
}

// The editor's hints show how to mark a link to a page in one language,
// and the preview renders the mark: hreflang and the note in French.
func TestEpisodeEditorLanguageMarks(t *testing.T) {
	e := newEnv(t, apptest.Options{})
	for _, lang := range []content.Lang{content.English, content.French} {
		u := e.addUser(string(lang)+"-marks@example.org", content.RoleEditor, lang, content.UserActive)
		c := e.mustSignIn(u)
		r := e.get("/admin/episodes/new", c)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: new episode page: %d", lang, r.StatusCode)
		}
		body := text(r.body)
		if !strings.Contains(body, "[text](https://…){lang=en}") && !strings.Contains(body, "[texte](https://…){lang=en}") {
			t.Errorf("%s: the body's hint does not show the mark {lang=en} as typed", lang)
		}
		if !strings.Contains(body, "{lang=en}") || !strings.Contains(body, "{lang=fr}") || strings.Contains(body, "{en}") {
			t.Errorf("%s: hints lack the marks or show a bare placeholder", lang)
		}
	}
	u := e.addUser("preview-marks@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(u)
	f := episodeForm(0, "Marks in preview")
	f.Set("fr.title", "Marques")
	f.Set("fr.summary", "Résumé.")
	f.Set("fr.body", "Voir [FWD50](https://fwd50.com/){lang=en}.")
	f.Set("do", "preview")
	r := e.post("/admin/episodes/new", c, f)
	if want := `<a href="https://fwd50.com/" rel="noopener noreferrer nofollow" hreflang="en">FWD50 (en anglais seulement)</a>`; !strings.Contains(r.body, want) {
		t.Errorf("preview lacks %s\n%s", want, r.body)
	}
}
