package admin_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// feedbackEnv stores two episodes and answers about them; it returns the
// episodes' ids and the answers' ids in the order stored.
func feedbackEnv(t *testing.T, e *env) (one, two int64, ids []int64) {
	t.Helper()
	ctx := t.Context()
	ep := func(key, en, fr string) content.Episode {
		x := content.Episode{Key: key, Kind: content.Read, Status: content.Published, PublishedAt: e.clock.Now().Add(-48 * time.Hour),
			Versions: map[content.Lang]*content.Version{}}
		for l, title := range map[content.Lang]string{content.English: en, content.French: fr} {
			x.Versions[l] = &content.Version{Lang: l, Title: title, Summary: "Summary", BodyMarkdown: "Body", BodyHTML: "<p>Body</p>", WordCount: 1}
		}
		return x
	}
	b := &content.Bundle{Episodes: []content.Episode{ep("one", "Commute basics", "Les bases du trajet"), ep("two", "Second ride", "Deuxième trajet")}}
	if _, err := e.st.ImportBundle(ctx, b, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	one, two = b.Episodes[0].ID, b.Episodes[1].ID
	base := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	in := []content.Feedback{
		{CreatedAt: base, Lang: content.English, Path: "/en/commute-basics/", EpisodeID: one, Answer: content.Yes},
		{CreatedAt: base.Add(24 * time.Hour), Lang: content.English, Path: "/en/commute-basics/", EpisodeID: one, Answer: content.No,
			Comment: `<script>alert("x")</script> and <img src=x onerror=alert(1)>`},
		{CreatedAt: base.Add(48 * time.Hour), Lang: content.French, Path: "/fr/deuxieme-trajet/", EpisodeID: two, Answer: content.No,
			Comment: `=HYPERLINK("http://evil.example","click")`},
		{CreatedAt: base.Add(72 * time.Hour), Lang: content.English, Path: "/en/", Answer: content.No,
			Comment: "Hello, \"world\"\nsecond line"},
	}
	for _, f := range in {
		id, err := e.st.AddFeedback(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return one, two, ids
}

func TestFeedbackInbox(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		one, _, ids := feedbackEnv(t, e)
		ed := e.addUser("editor@example.gc.ca", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)

		r := e.get("/admin/feedback", c)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("inbox: %d\n%s", r.StatusCode, r.body)
		}
		body := text(r.body)
		for _, want := range []string{"/en/commute-basics/", "/fr/deuxieme-trajet/", "Matching answers: 4", "Commute basics", "Second ride", "Other pages", "Yes 1", "No 1"} {
			if !strings.Contains(body, want) {
				t.Errorf("inbox lacks %q", want)
			}
		}
		if !strings.Contains(r.body, `href="/admin/feedback"`) {
			t.Error("no navigation link to the inbox")
		}
		// Comments are escaped.
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") {
			t.Fatal("a comment's HTML reached the page unescaped")
		}
		if !strings.Contains(r.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Error("the escaped comment is missing")
		}

		// Filters.
		for q, want := range map[string][]int{
			"episode=" + strconv.FormatInt(one, 10): {0, 1},
			"lang=fr":                               {2},
			"answer=no&lang=en":                     {1, 3},
			"from=2025-05-21&to=2025-05-22":         {1, 2},
			"reviewed=yes":                          {},
		} {
			r := e.get("/admin/feedback?"+q, c)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", q, r.StatusCode)
			}
			if !strings.Contains(text(r.body), "Matching answers: "+strconv.Itoa(len(want))) {
				t.Errorf("%s: wrong total", q)
			}
			for i, id := range ids {
				has := strings.Contains(r.body, `name="ids" value="`+strconv.FormatInt(id, 10)+`"`)
				if has != contains(want, i) {
					t.Errorf("%s: answer %d listed %v", q, i, has)
				}
			}
		}

		// A bad date: 400, a message, the form kept.
		r = e.get("/admin/feedback?from=2025-13-40&to=yesterday&lang=fr", c)
		if r.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad date: %d", r.StatusCode)
		}
		body = text(r.body)
		if !strings.Contains(body, "Enter a date as YYYY-MM-DD") || !strings.Contains(r.body, `value="2025-13-40"`) ||
			!strings.Contains(r.body, `value="yesterday"`) || !strings.Contains(r.body, `<option value="fr" selected>`) {
			t.Errorf("bad date: message or typed values missing\n%s", r.body)
		}
		r = e.get("/admin/feedback?from=2025-05-22&to=2025-05-21", c)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(text(r.body), "The end date must not be before the start date.") {
			t.Errorf("reversed dates: %d", r.StatusCode)
		}
		// In French for a French-speaking editor.
		fr := e.addUser("redactrice@example.gc.ca", content.RoleEditor, content.French, content.UserActive)
		r = e.get("/admin/feedback?from=hier", e.mustSignIn(fr))
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(text(r.body), "Entrez une date au format AAAA-MM-JJ") || htmlLang(r.body) != "fr-CA" {
			t.Errorf("French bad date: %d", r.StatusCode)
		}

		// Review: rows marked, audited, the filters kept.
		r = e.post("/admin/feedback/review", c, url.Values{"ids": {strconv.FormatInt(ids[1], 10), strconv.FormatInt(ids[3], 10)}, "back": {"answer=no&evil=1"}})
		if r.StatusCode != http.StatusSeeOther || r.loc() != "/admin/feedback" {
			t.Fatalf("review: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if l := r.Header.Get("Location"); !strings.Contains(l, "answer=no") || strings.Contains(l, "evil") || !strings.Contains(l, "marked=2") {
			t.Errorf("review redirect: %q", l)
		}
		if n := e.auditCount("feedback.reviewed", "feedback"); n != 1 {
			t.Errorf("feedback.reviewed entries: %d", n)
		}
		r = e.get("/admin/feedback?reviewed=yes", c)
		if !strings.Contains(text(r.body), "Matching answers: 2") {
			t.Error("reviewed filter after review")
		}
		r = e.get("/admin/feedback?reviewed=no", c)
		if !strings.Contains(text(r.body), "Matching answers: 2") {
			t.Error("unreviewed filter after review")
		}
		if r := e.post("/admin/feedback/review", c, url.Values{"ids": {"x"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("bad id: %d", r.StatusCode)
		}

		// Pagination: 50 a page.
		for i := range 60 {
			f := content.Feedback{CreatedAt: time.Date(2025, 4, 1, 0, i, 0, 0, time.UTC), Lang: content.English, Path: "/en/", Answer: content.Yes}
			if _, err := e.st.AddFeedback(t.Context(), f); err != nil {
				t.Fatal(err)
			}
		}
		r = e.get("/admin/feedback", c)
		if n := strings.Count(r.body, `name="ids"`); n != 50-2 { // two of the newest 50 are reviewed
			t.Errorf("page 1: %d checkboxes", n)
		}
		if !strings.Contains(r.body, `href="/admin/feedback?page=2"`) {
			t.Error("no link to page 2")
		}
		r = e.get("/admin/feedback?page=2", c)
		if n := strings.Count(r.body, "<tr>"); n != 2+14+3 { // two headers, 14 rows, 3 count rows
			t.Errorf("page 2: %d rows", n)
		}
	})
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestFeedbackCSV(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		_, _, ids := feedbackEnv(t, e)
		ed := e.addUser("admin@example.gc.ca", content.RoleAdministrator, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		if r := e.post("/admin/feedback/review", c, url.Values{"ids[]": {strconv.FormatInt(ids[0], 10)}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("review: %d", r.StatusCode)
		}

		r := e.get("/admin/feedback.csv", c)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("csv: %d\n%s", r.StatusCode, r.body)
		}
		if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.HasPrefix(r.body, "\uFEFF") {
			t.Fatal("no byte-order mark")
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(recs[0], ","); got != "id,created_at,lang,page,episode_id,answer,comment,reviewed_at" {
			t.Fatalf("header %q", got)
		}
		if len(recs) != 5 {
			t.Fatalf("%d records; want 1+4", len(recs))
		}
		byID := map[string][]string{}
		for _, rec := range recs[1:] {
			byID[rec[0]] = rec
		}
		id := func(i int) string { return strconv.FormatInt(ids[i], 10) }
		if got := byID[id(2)][6]; got != `'=HYPERLINK("http://evil.example","click")` {
			t.Errorf("formula comment: %q", got)
		}
		if got := byID[id(3)][6]; got != "Hello, \"world\"\nsecond line" {
			t.Errorf("comma/quote/newline comment: %q", got)
		}
		if rec := byID[id(0)]; rec[7] == "" || rec[2] != "en" || rec[5] != "yes" || rec[3] != "/en/commute-basics/" || rec[1] != "2025-05-20T10:00:00Z" {
			t.Errorf("reviewed row: %q", rec)
		}
		if rec := byID[id(3)]; rec[4] != "" || rec[7] != "" {
			t.Errorf("row without episode: %q", rec)
		}

		// Same filters as the page; a bad date is refused.
		r = e.get("/admin/feedback.csv?lang=fr", c)
		recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][0] != id(2) {
			t.Errorf("filtered csv: %q, %v", recs, err)
		}
		if r := e.get("/admin/feedback.csv?to=31/05/2025", c); r.StatusCode != http.StatusBadRequest {
			t.Errorf("bad date csv: %d", r.StatusCode)
		}
	})
}
