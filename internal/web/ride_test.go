package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// The commute planner: never over the budget, only the page's language,
// finished episodes left out, shareable GET URLs, errors in the page's
// language, the same answer twice.
func TestRidePlanner(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range []struct {
			lang  content.Lang
			path  string
			error string
		}{
			{content.English, "/en/ride", "Enter a number of minutes from 1 to 240."},
			{content.French, "/fr/trajet", "Entrez un nombre de minutes de 1 à 240."},
		} {
			// The empty form.
			r := get(t, s, tc.path)
			wantStatus(t, r, http.StatusOK)
			if first(r.Doc, withAttr("input", "name", "minutes")) == nil || first(r.Doc, byID("plan")) != nil {
				t.Fatalf("%s: want the form and no plan", tc.path)
			}
			// Live episodes of the language, with their durations.
			res, err := s.App.Store.Episodes(t.Context(), store.EpisodeQuery{Lang: tc.lang, Now: s.Clock.Now(), Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			minutes := map[string]int{}
			for _, ep := range res.Episodes {
				minutes["/"+string(tc.lang)+"/episodes/"+ep.Version(tc.lang).Slug] = ep.Minutes(tc.lang)
			}
			for budget := 1; budget <= 20; budget++ {
				path := tc.path + "?minutes=" + strconv.Itoa(budget)
				r := get(t, s, path)
				wantStatus(t, r, http.StatusOK)
				total := 0
				var got []string
				for _, a := range find(r.Doc, hasClass("h3", "card-title")) {
					href := attrOf(first(a, tag("a")), "href")
					m, ok := minutes[href]
					if !ok {
						t.Fatalf("%s: %s is not a live %s episode", path, href, tc.lang)
					}
					total += m
					got = append(got, href)
				}
				if total > budget {
					t.Fatalf("%s: plan of %d minutes is over the budget", path, total)
				}
				if again := get(t, s, path); string(again.Body) != string(r.Body) {
					t.Fatalf("%s: two requests gave different plans", path)
				}
				// Finished episodes are left out.
				if len(got) > 0 {
					ep, err := s.App.Store.EpisodeBySlug(t.Context(), tc.lang, strings.TrimPrefix(got[0], "/"+string(tc.lang)+"/episodes/"), s.Clock.Now())
					if err != nil {
						t.Fatal(err)
					}
					id := strconv.FormatInt(ep.ID, 10)
					r2 := get(t, s, path+"&done="+id)
					for _, a := range find(r2.Doc, hasClass("h3", "card-title")) {
						if attrOf(first(a, tag("a")), "href") == got[0] {
							t.Fatalf("%s: finished episode %s planned again", path, got[0])
						}
					}
				}
			}
			// Bad budgets are explained in the page's language.
			for _, bad := range []string{"0", "241", "abc", "-5"} {
				r := get(t, s, tc.path+"?minutes="+bad)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				if !strings.Contains(collapse(textOf(r.Doc)), tc.error) {
					t.Fatalf("%s?minutes=%s: no error message %q", tc.path, bad, tc.error)
				}
			}
			// Unknown topic.
			wantStatus(t, get(t, s, tc.path+"?minutes=10&topic=no-such-topic"), http.StatusNotFound)
		}
	})
}
