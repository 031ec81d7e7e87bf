package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

func TestSeries(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		f := e.addTaxonomy()
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.session(ed)
		en := printer(t, "en")
		ctx := context.Background()
		id := strconv.FormatInt(f.series.ID, 10)

		page := e.get("/admin/series/"+id, c)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "first en") || !strings.Contains(page.body, `value="`+strconv.FormatInt(f.episode, 10)+`:down"`) {
			t.Fatalf("series page: %d\n%s", page.StatusCode, page.body)
		}
		order := func() []int64 {
			eps, err := e.st.SeriesEpisodes(ctx, f.series.ID)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, ep := range eps {
				ids = append(ids, ep.EpisodeID)
			}
			return ids
		}
		start := order()

		// Move the first episode down with its button.
		r := e.post("/admin/series/"+id+"/order", c, url.Values{"move": {strconv.FormatInt(start[0], 10) + ":down"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("move: %d\n%s", r.StatusCode, r.body)
		}
		if got := order(); got[0] != start[1] || got[1] != start[0] {
			t.Errorf("after move: %v (was %v)", got, start)
		}
		// Back with position numbers.
		pos := url.Values{"apply": {"1"}, "pos-" + strconv.FormatInt(start[0], 10): {"1"}, "pos-" + strconv.FormatInt(start[1], 10): {"5"}}
		if r := e.post("/admin/series/"+id+"/order", c, pos); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("positions: %d\n%s", r.StatusCode, r.body)
		}
		if got := order(); got[0] != start[0] {
			t.Errorf("after positions: %v", got)
		}
		eps, _ := e.st.SeriesEpisodes(ctx, f.series.ID)
		if eps[1].Position != 2 {
			t.Errorf("positions are renumbered 1, 2…: %+v", eps)
		}
		// The public series page follows the order.
		pg := e.publicGet("/en/series/data-basics")
		if i, j := strings.Index(pg.body, "first en"), strings.Index(pg.body, "second en"); pg.StatusCode != http.StatusOK || i < 0 || j < 0 || i > j {
			t.Errorf("public order: %d %d %d", pg.StatusCode, i, j)
		}
		// Bad positions: an error, nothing changed.
		pos.Set("pos-"+strconv.FormatInt(start[1], 10), "1")
		if r := e.post("/admin/series/"+id+"/order", c, pos); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), en.T(content.TaxErrDuplicatePo)) {
			t.Errorf("duplicate positions: %d", r.StatusCode)
		}
		pos.Set("pos-"+strconv.FormatInt(start[1], 10), "x")
		if r := e.post("/admin/series/"+id+"/order", c, pos); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad position: %d", r.StatusCode)
		}
		if r := e.post("/admin/series/"+id+"/order", c, url.Values{"move": {"999999:up"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("moving a stranger: %d", r.StatusCode)
		}

		// The introduction is Markdown, rendered and sanitised when saved.
		form := seriesForm(f.series)
		form.Set("intro_en", "An **intro** <script>alert(1)</script> [x](javascript:alert(1))")
		form.Set("title_fr", "Les bases des données")
		form.Set("slug_fr", "")
		if r := e.post("/admin/series/"+id, c, form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
		s, _ := e.st.SeriesByID(ctx, f.series.ID)
		if !strings.Contains(s.IntrosHTML.EN, "<strong>intro</strong>") || strings.Contains(s.IntrosHTML.EN, "<script") || strings.Contains(s.IntrosHTML.EN, "javascript:") {
			t.Errorf("intro HTML %q", s.IntrosHTML.EN)
		}
		if s.Slugs.FR != "les-bases-des-donnees" {
			t.Errorf("French slug %q", s.Slugs.FR)
		}
		if pg := e.publicGet("/fr/series/notions-de-donnees"); pg.StatusCode != http.StatusMovedPermanently || pg.Header.Get("Location") != "/fr/series/les-bases-des-donnees" {
			t.Errorf("old series page: %d %q", pg.StatusCode, pg.Header.Get("Location"))
		}
		// A required introduction, and an image without alternative text.
		form = seriesForm(*s)
		form.Set("intro_fr", "")
		form.Set("intro_en", "![](x.png)")
		r = e.post("/admin/series/"+id, c, form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), en.T(content.TaxErrImageNoAlt)) || !strings.Contains(r.body, `id="f-intro-fr-error"`) {
			t.Errorf("bad intros: %d\n%s", r.StatusCode, r.body)
		}
		if r := e.post("/admin/series/"+id+"/delete", c, url.Values{}); r.StatusCode != http.StatusConflict {
			t.Errorf("delete in use: %d", r.StatusCode)
		}
		r = e.post("/admin/series", c, url.Values{"title_en": {"Empty"}, "title_fr": {"Vide"}, "intro_en": {"Soon."}, "intro_fr": {"Bientôt."}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.StatusCode, r.body)
		}
		if r := e.post(r.loc()+"/delete", c, url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("delete unused: %d", r.StatusCode)
		}
	})
}
