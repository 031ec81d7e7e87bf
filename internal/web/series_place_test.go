package web_test

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

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

// TestSeriesPages: a series longer than a page is listed a page at a time
// in its order, as other listings are, each page's ordered list numbered
// on from the previous page.
func TestSeriesPages(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		fsys := fstest.MapFS{}
		for i := range 14 {
			fsys[fmt.Sprintf("episodes/part-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`---
kind: read
status: published
published: 2019-02-%02d
topic: leadership
author: amelie-gagnon
series: leading-hybrid-teams
series_position: %d
---

--- en
title: Hybrid part %[2]d
summary: Part %[2]d.
---
Part %[2]d of the series.

--- fr
title: Partie hybride %[2]d
summary: Partie %[2]d.
---
Partie %[2]d de la série.
`, i+1, 10+i))}
		}
		if _, err := s.App.Importer.Import(context.Background(), s.App.Store, fsys, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		sr, err := s.App.Store.SeriesBySlug(ctx, content.English, "leading-hybrid-teams")
		if err != nil {
			t.Fatal(err)
		}
		all, total := expectedCards(t, s, store.EpisodeQuery{Lang: content.English, SeriesID: sr.ID})
		if total != 17 || len(all) != 17 {
			t.Fatalf("the series has %d episodes (%d cards); want 17", total, len(all))
		}
		var seen []cardView
		for page, start := range []string{"", "13"} {
			path := "/en/series/leading-hybrid-teams"
			if page > 0 {
				path += fmt.Sprintf("?page=%d", page+1)
			}
			r := get(t, s, path)
			wantStatus(t, r, 200)
			seen = append(seen, cardsOf(r)...)
			ol := first(r.Doc, hasClass("ol", "cards-ordered"))
			if ol == nil || attrOf(ol, "start") != start {
				t.Errorf("%s: ordered list start %q; want %q", path, attrOf(ol, "start"), start)
			}
			if first(first(r.Doc, hasClass("nav", "pager")), withAttr("a", "aria-current", "page")) == nil {
				t.Errorf("%s: no pager", path)
			}
		}
		if len(seen) != len(all) {
			t.Fatalf("the pages show %d cards; want %d", len(seen), len(all))
		}
		for i := range all {
			if seen[i].URL != all[i].URL {
				t.Errorf("card %d: %s; want %s (the series' order)", i+1, seen[i].URL, all[i].URL)
			}
		}
		wantStatus(t, get(t, s, "/en/series/leading-hybrid-teams?page=3"), 404)
	})
}
