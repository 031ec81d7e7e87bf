package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// cardView is what a reader sees of one card.
type cardView struct {
	URL, Title, Kind, Minutes, Topic, TopicURL, Summary, Date, DateTime string
}

func cardsOf(r *response) []cardView {
	var out []cardView
	for _, c := range find(r.Doc, hasClass("article", "card")) {
		a := first(first(c, hasClass("h3", "card-title")), tagIs("a"))
		meta := first(c, hasClass("p", "card-meta"))
		kind := first(meta, hasClass("span", "kind"))
		topic := first(meta, tagIs("a"))
		tm := first(c, tagIs("time"))
		out = append(out, cardView{
			URL: attrOf(a, "href"), Title: textOf(a),
			Kind:    strings.TrimPrefix(strings.Fields(attrOf(kind, "class"))[1], "kind-"),
			Minutes: textOf0(kind), Topic: textOf(topic), TopicURL: attrOf(topic, "href"),
			Summary: textOf(first(c, hasClass("p", "card-summary"))),
			Date:    textOf(tm), DateTime: attrOf(tm, "datetime"),
		})
	}
	return out
}

// expectedCards builds the cards of a listing from the store, with the
// catalogue's labels and dates in the newsroom's time zone.
func expectedCards(t *testing.T, s *apptest.Start, q store.EpisodeQuery) ([]cardView, int) {
	t.Helper()
	q.Now = s.Clock.Now()
	res, err := s.App.Store.Episodes(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	zone, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	p := catalogue(t).Printer(string(q.Lang))
	topics := map[content.Lang]string{content.English: "/en/topics/", content.French: "/fr/sujets/"}
	var out []cardView
	for _, ep := range res.Episodes {
		v := ep.Version(q.Lang)
		out = append(out, cardView{
			URL: "/" + string(q.Lang) + "/episodes/" + v.Slug, Title: shown(q.Lang, v.Title), Kind: string(ep.Kind),
			Minutes:  p.T("episode.minutes_"+string(ep.Kind), "n", ep.Minutes(q.Lang)),
			Topic:    ep.Topics[0].Names.In(q.Lang),
			TopicURL: topics[q.Lang] + ep.Topics[0].Slugs.In(q.Lang),
			Summary:  shown(q.Lang, v.Summary),
			Date:     p.Date(ep.PublishedAt.In(zone)), DateTime: ep.PublishedAt.In(zone).Format("2006-01-02"),
		})
	}
	return out, res.Total
}

func countOf(t *testing.T, r *response) string {
	t.Helper()
	return textOf0(first(r.Doc, hasClass("h2", "list-count")))
}

func TestHomeCards(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, lang := range []content.Lang{content.English, content.French} {
			t.Run(string(lang), func(t *testing.T) {
				r := get(t, s, "/"+string(lang)+"/")
				wantStatus(t, r, 200)
				want, total := expectedCards(t, s, store.EpisodeQuery{Lang: lang, Limit: 12})
				if len(want) < 10 {
					t.Fatalf("only %d demo episodes in %s", len(want), lang)
				}
				if diff := cmp.Diff(want, cardsOf(r)); diff != "" {
					t.Errorf("cards (-want +got):\n%s", diff)
				}
				if got, w := countOf(t, r), cat.Printer(string(lang)).N("list.count", total); got != w {
					t.Errorf("count %q, want %q", got, w)
				}
				// Spot checks independent of the store: dates and labels in the page's language.
				got := cardsOf(r)
				byURL := map[string]cardView{}
				for _, c := range got {
					byURL[c.URL] = c
				}
				spot := map[content.Lang]cardView{
					content.English: {URL: dnEN, Date: "October 15, 2020", Topic: "Digital Government"},
					content.French:  {URL: dnFR, Date: "15 octobre 2020", Topic: "Gouvernement numérique"},
				}[lang]
				c, ok := byURL[spot.URL]
				if !ok || c.Date != spot.Date || c.Topic != spot.Topic {
					t.Errorf("card %s: %+v, want date %q topic %q", spot.URL, c, spot.Date, spot.Topic)
				}
				if lang == content.French {
					if _, ok := byURL[greenerEN]; ok {
						t.Errorf("English-only episode listed in French")
					}
					for _, c := range got {
						if !strings.HasPrefix(c.URL, "/fr/episodes/") {
							t.Errorf("French home lists %s", c.URL)
						}
					}
				}
			})
		}
	})
}

func TestHomeFilters(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang    content.Lang
		query   string
		kind    content.Kind
		topic   string // key
		wantErr bool
	}{
		{lang: "en", query: "?kind=listen", kind: content.Listen},
		{lang: "en", query: "?kind=watch", kind: content.Watch},
		{lang: "fr", query: "?kind=read", kind: content.Read},
		{lang: "en", query: "?topic=data-literacy", topic: "data-literacy"},
		{lang: "fr", query: "?topic=litteratie-des-donnees", topic: "data-literacy"},
		{lang: "fr", query: "?kind=listen&topic=leadership", kind: content.Listen, topic: "leadership"},
		{lang: "en", query: "?kind=nonsense"}, // an unknown kind shows every kind
		{lang: "en", query: "?topic=no-such-topic", wantErr: true},
		{lang: "fr", query: "?topic=data-literacy", wantErr: true}, // the English slug under /fr/
		{lang: "en", query: "?topic=litteratie-des-donnees", wantErr: true},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		topics, err := s.App.Store.Topics(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range cases {
			t.Run(string(tc.lang)+tc.query, func(t *testing.T) {
				r := get(t, s, "/"+string(tc.lang)+"/"+tc.query)
				if tc.wantErr {
					wantStatus(t, r, 404)
					return
				}
				wantStatus(t, r, 200)
				q := store.EpisodeQuery{Lang: tc.lang, Kind: tc.kind, Limit: 12}
				for _, tp := range topics {
					if tp.Key == tc.topic {
						q.TopicID = tp.ID
					}
				}
				want, total := expectedCards(t, s, q)
				if len(want) == 0 {
					t.Fatalf("filter matches nothing in the demo: a useless case")
				}
				got := cardsOf(r)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("cards (-want +got):\n%s", diff)
				}
				for _, c := range got {
					if tc.kind != "" && c.Kind != string(tc.kind) {
						t.Errorf("%s is %s", c.URL, c.Kind)
					}
				}
				if all, _ := expectedCards(t, s, store.EpisodeQuery{Lang: tc.lang, Limit: 100}); (tc.kind != "" || tc.topic != "") && total >= len(all) {
					t.Errorf("filter keeps all %d episodes", total)
				}
				// The filter form shows the choice.
				if tc.kind != "" {
					if sel := first(first(r.Doc, byID("filter-kind")), withAttr("option", "value", string(tc.kind))); sel == nil || !hasAttr(sel, "selected") {
						t.Errorf("kind %s not selected in the form", tc.kind)
					}
				}
			})
		}
	})
}

func hasAttr(n interface{}, name string) bool {
	_, ok := attr(asNode(n), name)
	return ok
}

// addEpisodes imports n more bilingual listen episodes on leadership,
// published long ago (so they come last).
func addEpisodes(t *testing.T, s *apptest.Start, n int) {
	t.Helper()
	fsys := fstest.MapFS{}
	for i := range n {
		fsys[fmt.Sprintf("episodes/extra-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`---
kind: listen
status: published
published: 2018-01-%02d
topic: leadership
author: amelie-gagnon
---

--- en
title: Extra episode %[2]d
summary: Extra summary %[2]d.
media: /media/inclusive-meetings-en.mp3
media_type: audio/mpeg
media_duration: 01:00
---
Extra body %[2]d.

--- en transcript
Extra transcript %[2]d.

--- fr
title: Épisode supplémentaire %[2]d
summary: Résumé supplémentaire %[2]d.
media: /media/inclusive-meetings-fr.mp3
media_type: audio/mpeg
media_duration: 01:00
---
Corps supplémentaire %[2]d.

--- fr transcript
Transcription supplémentaire %[2]d.
`, i+1, i))}
	}
	if _, err := s.App.Importer.Import(context.Background(), s.App.Store, fsys, s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.App.SyncCache(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestHomePagination(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		// The demo alone fits on one page: no pager, and page 2 does not exist.
		r := get(t, s, "/en/")
		wantStatus(t, r, 200)
		_, total := expectedCards(t, s, store.EpisodeQuery{Lang: "en", Limit: 1})
		if total > 12 {
			t.Fatalf("demo has %d English episodes; this test expects one page", total)
		}
		if first(r.Doc, hasClass("nav", "pager")) != nil {
			t.Errorf("a pager on a one-page listing")
		}
		for _, q := range []string{"?page=2", "?page=999", "?page=abc", "?page=0", "?page=-1", "?page=1.5", "?page=99999999999999999999"} {
			if r := get(t, s, "/en/"+q); r.StatusCode != 404 {
				t.Errorf("/en/%s: status %d, want 404", q, r.StatusCode)
			}
		}
		if r := get(t, s, "/en/?page=1"); r.StatusCode != 200 {
			t.Errorf("?page=1: %d", r.StatusCode)
		}

		addEpisodes(t, s, 14)
		for _, lang := range []content.Lang{content.English, content.French} {
			all, total := expectedCards(t, s, store.EpisodeQuery{Lang: lang, Limit: 1000})
			pages := (total + 11) / 12
			if pages < 2 || total%12 == 0 {
				t.Fatalf("%s: %d episodes, %d pages; want a partial last page after at least one full one", lang, total, pages)
			}
			var seen []cardView
			for page := 1; page <= pages; page++ {
				path := fmt.Sprintf("/%s/?page=%d", lang, page)
				r := get(t, s, path)
				wantStatus(t, r, 200)
				got := cardsOf(r)
				seen = append(seen, got...)
				wantN := min(12, total-(page-1)*12)
				if len(got) != wantN {
					t.Errorf("%s: %d cards, want %d", path, len(got), wantN)
				}
				pager := first(r.Doc, hasClass("nav", "pager"))
				if pager == nil {
					t.Fatalf("%s: no pager", path)
				}
				cur := first(pager, withAttr("a", "aria-current", "page"))
				if textOf(cur) != fmt.Sprint(page) {
					t.Errorf("%s: current page %q", path, textOf(cur))
				}
				prev, next := first(pager, withAttr("a", "rel", "prev")), first(pager, withAttr("a", "rel", "next"))
				if (page > 1) != (prev != nil) || (page < pages) != (next != nil) {
					t.Errorf("%s: prev %v next %v", path, prev != nil, next != nil)
				}
				if next != nil && !sameURL(attrOf(next, "href"), fmt.Sprintf("/%s/?page=%d", lang, page+1)) {
					t.Errorf("%s: next %q", path, attrOf(next, "href"))
				}
			}
			if diff := cmp.Diff(all, seen); diff != "" {
				t.Errorf("%s: pages together differ from the whole listing (-want +got):\n%s", lang, diff)
			}
			if r := get(t, s, fmt.Sprintf("/%s/?page=%d", lang, pages+1)); r.StatusCode != 404 {
				t.Errorf("page %d: status %d, want 404", pages+1, r.StatusCode)
			}
			// Filters carry into the pager links.
			r := get(t, s, "/"+string(lang)+"/?kind=listen")
			next := first(first(r.Doc, hasClass("nav", "pager")), withAttr("a", "rel", "next"))
			if !sameURL(attrOf(next, "href"), "/"+string(lang)+"/?kind=listen&page=2") {
				t.Errorf("next with a filter: %q", attrOf(next, "href"))
			}
		}
	})
}

func TestSplash(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		sides := func(r *response) []string {
			var out []string
			for _, sec := range find(r.Doc, hasClass("section", "splash-side")) {
				out = append(out, attrOf(sec, "lang")+" "+attrOf(first(sec, tagIs("a")), "href"))
			}
			return out
		}
		cases := []struct {
			name      string
			hdr       []string
			lang      string
			wantSides []string
		}{
			{"no hint", nil, "en-CA", []string{"en-CA /en/", "fr-CA /fr/"}},
			{"english hint", []string{"Accept-Language", "en-GB,en;q=0.8"}, "en-CA", []string{"en-CA /en/", "fr-CA /fr/"}},
			{"french hint", []string{"Accept-Language", "fr-CA"}, "fr-CA", []string{"fr-CA /fr/", "en-CA /en/"}},
			{"french preferred", []string{"Accept-Language", "de;q=1, fr;q=0.9, en;q=0.5"}, "fr-CA", []string{"fr-CA /fr/", "en-CA /en/"}},
			{"bad cookie", []string{"Cookie", "busrides_lang=de"}, "en-CA", []string{"en-CA /en/", "fr-CA /fr/"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := get(t, s, "/", tc.hdr...)
				wantStatus(t, r, 200) // a hint never redirects
				if got := attrOf(first(r.Doc, tagIs("html")), "lang"); got != tc.lang {
					t.Errorf("html lang %q, want %q", got, tc.lang)
				}
				if diff := cmp.Diff(tc.wantSides, sides(r)); diff != "" {
					t.Errorf("splash sides (-want +got):\n%s", diff)
				}
				if n := len(find(r.Doc, tagIs("h1"))); n != 1 {
					t.Errorf("%d h1", n)
				}
				// Bilingual banner.
				txt := textOf0(r.Doc)
				if !strings.Contains(txt, bannerEN) || !strings.Contains(txt, bannerFR) {
					t.Errorf("splash lacks the bilingual banner")
				}
				if c := r.Header.Values("Set-Cookie"); len(c) > 0 {
					t.Errorf("the splash sets a cookie: %q", c)
				}
			})
		}

		// Visiting a language's page remembers it.
		for _, lang := range []string{"fr", "en"} {
			r := get(t, s, "/"+lang+"/")
			wantStatus(t, r, 200)
			var ck *http.Cookie
			for _, c := range r.Cookies() {
				if c.Name == "busrides_lang" {
					ck = c
				}
			}
			if ck == nil {
				t.Fatalf("/%s/ sets no busrides_lang cookie", lang)
			}
			if ck.Value != lang || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge <= 0 {
				t.Errorf("cookie %+v", ck)
			}
			// With the cookie, / goes straight to that home page.
			back := get(t, s, "/", "Cookie", "busrides_lang="+lang, "Accept-Language", "en, fr")
			wantStatus(t, back, http.StatusFound)
			if got := back.Header.Get("Location"); got != "/"+lang+"/" {
				t.Errorf("Location %q", got)
			}
			// A page in the remembered language does not set it again.
			again := get(t, s, "/"+lang+"/", "Cookie", "busrides_lang="+lang)
			if len(again.Cookies()) != 0 {
				t.Errorf("cookie set again: %v", again.Cookies())
			}
		}
	})
}
