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
)

// taxFixture is a topic, an author and a series that one live episode
// uses, and an editor redirect, for the role matrix and the handler tests.
type taxFixture struct {
	topic    content.Topic
	author   content.Author
	series   content.Series
	redirect content.PathRedirect
	episode  int64
}

// addTaxonomy imports the fixture into the env's store.
func (e *env) addTaxonomy() taxFixture {
	e.t.Helper()
	ctx := context.Background()
	now := e.clock.Now()
	pub := now.Add(-48 * 3600 * 1e9)
	b := &content.Bundle{
		Topics: []content.Topic{{Key: "data", Names: content.Bilingual{EN: "Data", FR: "Données"}, Slugs: content.Bilingual{EN: "data", FR: "donnees"},
			Descriptions: content.Bilingual{EN: "About data", FR: "À propos des données"}}},
		Authors: []content.Author{{Key: "ada", Name: "Ada Lovelace", Slugs: content.Bilingual{EN: "ada-lovelace", FR: "ada-lovelace"},
			Roles: content.Bilingual{EN: "Analyst", FR: "Analyste"}, Bios: content.Bilingual{EN: "Ada writes.", FR: "Ada écrit."}}},
		Series: []content.Series{{Key: "basics", Titles: content.Bilingual{EN: "Data basics", FR: "Notions de données"},
			Slugs: content.Bilingual{EN: "data-basics", FR: "notions-de-donnees"}, Intros: content.Bilingual{EN: "Intro", FR: "Intro"},
			IntrosHTML: content.Bilingual{EN: "<p>Intro</p>", FR: "<p>Intro</p>"}}},
	}
	for i, key := range []string{"first", "second"} {
		ep := content.Episode{Key: key, Kind: content.Read, Status: content.Published, PublishedAt: pub,
			Topics: []content.Topic{{Key: "data"}}, Authors: []content.Author{{Key: "ada"}},
			Series:   &content.SeriesRef{Series: content.Series{Key: "basics"}, Position: i + 1},
			Versions: map[content.Lang]*content.Version{}}
		for _, l := range content.Langs {
			ep.Versions[l] = &content.Version{Lang: l, Title: key + " " + string(l), Summary: "s", BodyMarkdown: "b", BodyHTML: "<p>b</p>", WordCount: 1}
		}
		b.Episodes = append(b.Episodes, ep)
	}
	if _, err := e.st.ImportBundle(ctx, b, now); err != nil {
		e.t.Fatal(err)
	}
	var f taxFixture
	f.episode = b.Episodes[0].ID
	t, err := e.st.TopicBySlug(ctx, content.English, "data")
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := e.st.AuthorBySlug(ctx, content.English, "ada-lovelace")
	if err != nil {
		e.t.Fatal(err)
	}
	s, err := e.st.SeriesBySlug(ctx, content.English, "data-basics")
	if err != nil {
		e.t.Fatal(err)
	}
	id, err := e.st.SavePathRedirect(ctx, content.PathRedirect{Path: "/en/old-data", Target: "/en/topics/data"}, "", now)
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.st.PathRedirectByID(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	f.topic, f.author, f.series, f.redirect = *t, *a, *s, *r
	return f
}

// substitute fills the fixture's ids into a route pattern.
func (f taxFixture) substitute(path string) string {
	return strings.NewReplacer(
		"{topic}", strconv.FormatInt(f.topic.ID, 10),
		"{author}", strconv.FormatInt(f.author.ID, 10),
		"{series}", strconv.FormatInt(f.series.ID, 10),
		"{redirect}", strconv.FormatInt(f.redirect.ID, 10),
	).Replace(path)
}

func topicForm(t content.Topic) url.Values {
	return url.Values{"name_en": {t.Names.EN}, "name_fr": {t.Names.FR}, "slug_en": {t.Slugs.EN}, "slug_fr": {t.Slugs.FR},
		"description_en": {t.Descriptions.EN}, "description_fr": {t.Descriptions.FR}, "stamp": {content.TopicStamp(t)}}
}

func authorForm(a content.Author) url.Values {
	return url.Values{"name": {a.Name}, "slug_en": {a.Slugs.EN}, "slug_fr": {a.Slugs.FR}, "role_en": {a.Roles.EN}, "role_fr": {a.Roles.FR},
		"bio_en": {a.Bios.EN}, "bio_fr": {a.Bios.FR}, "photo": {a.Photo}, "fr_noun": {a.FrenchNoun.Word()}, "stamp": {content.AuthorStamp(a)}}
}

func seriesForm(s content.Series) url.Values {
	return url.Values{"title_en": {s.Titles.EN}, "title_fr": {s.Titles.FR}, "slug_en": {s.Slugs.EN}, "slug_fr": {s.Slugs.FR},
		"intro_en": {s.Intros.EN}, "intro_fr": {s.Intros.FR}, "stamp": {content.SeriesStamp(s)}}
}

// forms are the matrix's bodies for the fixture's routes: saves of the
// stored values, deletes of items in use (refused), empty creates and
// imports (refused), an empty order and an empty selection (no change).
func (f taxFixture) forms() map[string]url.Values {
	return map[string]url.Values{
		"POST /admin/topics":                  {},
		"POST /admin/topics/{topic}":          topicForm(f.topic),
		"POST /admin/topics/{topic}/delete":   {},
		"POST /admin/series":                  {},
		"POST /admin/series/{series}":         seriesForm(f.series),
		"POST /admin/series/{series}/order":   {},
		"POST /admin/series/{series}/delete":  {},
		"POST /admin/authors":                 {},
		"POST /admin/authors/{author}":        authorForm(f.author),
		"POST /admin/authors/{author}/delete": {},
		"POST /admin/redirects":               {},
		"POST /admin/redirects/{redirect}":    {"path": {f.redirect.Path}, "target": {f.redirect.Target}, "stamp": {f.redirect.Stamp()}},
		"POST /admin/redirects/delete":        {},
		"POST /admin/redirects/import":        {},
		"POST /admin/settings":                {"title_en": {"Busrides"}, "title_fr": {"Busrides"}},
	}
}

// publicGet fetches a public page without following redirects.
func (e *env) publicGet(path string) resp {
	e.t.Helper()
	return e.do(req{method: "GET", path: path})
}

func TestTopics(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		f := e.addTaxonomy()
		ed := e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.session(ed)
		fr := printer(t, "fr")

		list := e.get("/admin/topics", c)
		if list.StatusCode != http.StatusOK || !strings.Contains(text(list.body), "Données") || !strings.Contains(list.body, `href="/admin/topics/`+strconv.FormatInt(f.topic.ID, 10)+`"`) {
			t.Fatalf("list: %d\n%s", list.StatusCode, list.body)
		}

		// Errors next to the fields, in French, with what was typed kept.
		r := e.post("/admin/topics", c, url.Values{"name_en": {"Ethics"}, "name_fr": {""}, "slug_en": {"data"}, "description_en": {"Typed <b>text</b>"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid create: %d", r.StatusCode)
		}
		body := text(r.body)
		if !strings.Contains(body, fr.T(content.TaxErrRequired)) || !strings.Contains(r.body, `id="f-name-fr-error"`) || !strings.Contains(r.body, `value="Ethics"`) ||
			!strings.Contains(r.body, "Typed &lt;b&gt;text&lt;/b&gt;") {
			t.Errorf("invalid create page:\n%s", r.body)
		}
		// A slug used by another topic: refused on that field.
		r = e.post("/admin/topics", c, url.Values{"name_en": {"Ethics"}, "name_fr": {"Éthique"}, "slug_en": {"Data"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T(content.TaxErrSlugTaken)) {
			t.Errorf("duplicate slug: %d", r.StatusCode)
		}
		// Created, slugs derived from the names.
		r = e.post("/admin/topics", c, url.Values{"name_en": {"Ethics"}, "name_fr": {"Éthique"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.StatusCode, r.body)
		}
		if pg := e.publicGet("/fr/sujets/ethique"); pg.StatusCode != http.StatusOK {
			t.Errorf("new topic page: %d", pg.StatusCode)
		}

		// Rename and move: the public page follows, the old URL redirects.
		g0, _ := e.st.Generation(context.Background())
		form := topicForm(f.topic)
		form.Set("name_en", "Data and statistics")
		form.Set("slug_en", "")
		r = e.post("/admin/topics/"+strconv.FormatInt(f.topic.ID, 10), c, form)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
		if g1, _ := e.st.Generation(context.Background()); g1 <= g0 {
			t.Error("saving did not move the generation")
		}
		if pg := e.publicGet("/en/topics/data-and-statistics"); pg.StatusCode != http.StatusOK || !strings.Contains(pg.body, "Data and statistics") {
			t.Errorf("renamed topic page: %d", pg.StatusCode)
		}
		for old, want := range map[string]string{"/en/topics/data": "/en/topics/data-and-statistics", "/en/feeds/topics/data.xml": "/en/feeds/topics/data-and-statistics.xml"} {
			if pg := e.publicGet(old); pg.StatusCode != http.StatusMovedPermanently || pg.Header.Get("Location") != want {
				t.Errorf("old URL %s: %d %q; want 301 to %s", old, pg.StatusCode, pg.Header.Get("Location"), want)
			}
		}
		if e.auditCount("topic.updated", "topic:"+strconv.FormatInt(f.topic.ID, 10)) != 1 {
			t.Error("no audit entry")
		}

		// The same (now stale) form again: a conflict, text kept.
		form.Set("name_fr", "Les données")
		r = e.post("/admin/topics/"+strconv.FormatInt(f.topic.ID, 10), c, form)
		if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.body), fr.T("admin.tax_conflict")) || !strings.Contains(r.body, `value="Les données"`) {
			t.Errorf("stale save: %d", r.StatusCode)
		}
		if cur, _ := e.st.TopicByID(context.Background(), f.topic.ID); cur.Names.FR != "Données" {
			t.Errorf("a stale save changed the topic: %+v", cur)
		}

		// Delete: refused while in use, with the reason; done otherwise.
		r = e.post("/admin/topics/"+strconv.FormatInt(f.topic.ID, 10)+"/delete", c, url.Values{})
		if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.body), fr.T("admin.tax_in_use", "n", 2)) {
			t.Errorf("delete in use: %d\n%s", r.StatusCode, r.body)
		}
		ethics, err := e.st.TopicBySlug(context.Background(), content.English, "ethics")
		if err != nil {
			t.Fatal(err)
		}
		r = e.post("/admin/topics/"+strconv.FormatInt(ethics.ID, 10)+"/delete", c, url.Values{})
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("delete: %d", r.StatusCode)
		}
		if _, err := e.st.TopicByID(context.Background(), ethics.ID); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("deleted topic: %v", err)
		}
		if r := e.get("/admin/topics/999999", c); r.StatusCode != http.StatusNotFound {
			t.Errorf("missing topic: %d", r.StatusCode)
		}
		if r := e.get("/admin/topics/abc", c); r.StatusCode != http.StatusNotFound {
			t.Errorf("bad id: %d", r.StatusCode)
		}
	})
}

func TestAuthors(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		f := e.addTaxonomy()
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.session(ed)
		en := printer(t, "en")
		id := strconv.FormatInt(f.author.ID, 10)

		form := authorForm(f.author)
		form.Set("photo", "javascript:alert(1)")
		form.Set("bio_fr", "")
		r := e.post("/admin/authors/"+id, c, form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), en.T(content.TaxErrPhoto)) ||
			!strings.Contains(text(r.body), en.T(content.TaxErrRequired)) {
			t.Fatalf("bad photo: %d\n%s", r.StatusCode, r.body)
		}
		form.Set("photo", "https://images.example.org/ada.jpg")
		form.Set("bio_fr", "Ada écrit des programmes.")
		form.Set("name", "Augusta Ada King")
		form.Set("slug_fr", "augusta-ada-king")
		if r := e.post("/admin/authors/"+id, c, form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
		if pg := e.publicGet("/fr/auteurs/ada-lovelace"); pg.StatusCode != http.StatusMovedPermanently || pg.Header.Get("Location") != "/fr/auteurs/augusta-ada-king" {
			t.Errorf("old author page: %d %q", pg.StatusCode, pg.Header.Get("Location"))
		}
		if pg := e.publicGet("/en/authors/ada-lovelace"); pg.StatusCode != http.StatusOK || !strings.Contains(pg.body, "Augusta Ada King") {
			t.Errorf("author page: %d", pg.StatusCode)
		}
		a, _ := e.st.AuthorByID(context.Background(), f.author.ID)
		if a.Photo != "https://images.example.org/ada.jpg" || a.Bios.FR != "Ada écrit des programmes." {
			t.Errorf("stored %+v", a)
		}
		if r := e.post("/admin/authors/"+id+"/delete", c, url.Values{}); r.StatusCode != http.StatusConflict {
			t.Errorf("delete in use: %d", r.StatusCode)
		}
		r = e.post("/admin/authors", c, url.Values{"name": {"Grace Hopper"}, "bio_en": {"Grace"}, "bio_fr": {"Grace"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.StatusCode, r.body)
		}
		if list := e.get("/admin/authors", c); !strings.Contains(list.body, "Grace Hopper") {
			t.Error("new author not listed")
		}
	})
}
