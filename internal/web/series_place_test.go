package web_test

import (
	"context"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// TestEpisodeSeriesPlace checks, on every episode of every demo series in
// both languages, the series part of the page: "Part n of total in
// series" linking to the series, and the previous and next episodes, as
// the series page lists them.
func TestEpisodeSeriesPlace(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		series, err := s.App.Store.SeriesList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, sr := range series {
			for _, lang := range content.Langs {
				res, err := s.App.Store.Episodes(ctx, store.EpisodeQuery{Lang: lang, Now: s.Clock.Now(), SeriesID: sr.ID})
				if err != nil {
					t.Fatal(err)
				}
				p := catalogue(t).Printer(string(lang))
				link := func(e *content.Episode) (href, title string) {
					if e == nil {
						return "", ""
					}
					v := e.Version(lang)
					return urls.Episode(lang, v.Slug), v.Title
				}
				for i, ep := range res.Episodes {
					path, _ := link(ep)
					r := get(t, s, path)
					wantStatus(t, r, 200)
					part := first(first(r.Doc, hasClass("p", "episode-series")), tagIs("a"))
					want := p.T("episode.series_part", "n", i+1, "total", len(res.Episodes), "series", sr.Titles.In(lang))
					if got := textOf(part); got != collapse(want) || attrOf(part, "href") != urls.Series(lang, sr.Slugs.In(lang)) {
						t.Errorf("%s: series part %q → %q; want %q → %q", path, got, attrOf(part, "href"), want, urls.Series(lang, sr.Slugs.In(lang)))
					}
					var prev, next *content.Episode
					if i > 0 {
						prev = res.Episodes[i-1]
					}
					if i+1 < len(res.Episodes) {
						next = res.Episodes[i+1]
					}
					nav := first(r.Doc, hasClass("nav", "series-nav"))
					for _, side := range []struct {
						rel string
						ep  *content.Episode
					}{{"prev", prev}, {"next", next}} {
						a := first(nav, withAttr("a", "rel", side.rel))
						wantHref, wantTitle := link(side.ep)
						if gotHref, gotTitle := attrOf(a, "href"), textOf(first(a, tagIs("span"))); gotHref != wantHref || gotTitle != wantTitle {
							t.Errorf("%s: %s link %q %q; want %q %q", path, side.rel, gotHref, gotTitle, wantHref, wantTitle)
						}
					}
					checked++
				}
			}
		}
		if checked < 4 {
			t.Fatalf("only %d episode pages in a series: the demo should have more", checked)
		}
	})
}
