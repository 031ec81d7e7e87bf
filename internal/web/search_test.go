package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/testutil"
	"github.com/busrides/busrides/internal/web"
)

// searchPath is the search page of lang with the query string v.
func searchPath(lang string, v url.Values) string {
	p := "/en/search"
	if lang == "fr" {
		p = "/fr/recherche"
	}
	if len(v) > 0 {
		p += "?" + v.Encode()
	}
	return p
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// searchResult is one <li class="search-result"> of a search page.
type searchResult struct {
	URL, Title, Kind, Meta, Topic, Date string
	Marks                               []string
	Snippet                             string
	AltURL, AltText, AltLang            string
}

func searchResults(t *testing.T, r *response) []searchResult {
	t.Helper()
	var out []searchResult
	ol := first(r.Doc, hasClass("ol", "search-results"))
	for _, li := range find(ol, hasClass("li", "search-result")) {
		var res searchResult
		a := first(first(li, hasClass("h3", "card-title")), tag("a"))
		res.URL, res.Title = attrOf(a, "href"), textOf(a)
		meta := first(li, hasClass("p", "card-meta"))
		res.Meta = textOf(meta)
		for _, c := range strings.Fields(attrOf(first(meta, hasClass("span", "kind")), "class")) {
			if k, ok := strings.CutPrefix(c, "kind-"); ok {
				res.Kind = k
			}
		}
		if links := find(meta, tag("a")); len(links) > 0 {
			res.Topic = textOf(links[0])
		}
		res.Date = attrOf(first(meta, tag("time")), "datetime")
		sn := first(li, hasClass("p", "snippet"))
		res.Snippet = textOf0(sn)
		for _, m := range find(sn, tag("mark")) {
			res.Marks = append(res.Marks, textOf0(m))
		}
		if alt := first(first(li, hasClass("p", "also-in")), tag("a")); alt != nil {
			res.AltURL, res.AltText, res.AltLang = attrOf(alt, "href"), textOf(alt), attrOf(alt, "lang")
		}
		out = append(out, res)
	}
	return out
}

func resultURLs(rs []searchResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.URL
	}
	return out
}

func apiSearch(t *testing.T, s *apptest.Start, v url.Values) (*response, web.SearchJSON) {
	t.Helper()
	r := get(t, s, "/api/v1/search?"+v.Encode())
	var out web.SearchJSON
	if r.StatusCode == http.StatusOK {
		if err := json.Unmarshal(r.Body, &out); err != nil {
			t.Fatalf("API %s: %v\n%.300s", v.Encode(), err, r.Body)
		}
	}
	return r, out
}

// apiURLs are the site-relative URLs of the API's results.
func apiURLs(t *testing.T, s *apptest.Start, res web.SearchJSON) []string {
	out := make([]string, len(res.Results))
	for i, r := range res.Results {
		out[i] = strings.TrimPrefix(r.URL, "http://busrides.test")
	}
	return out
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range []struct {
			lang, q, want, counterpart, markPrefix, alsoIn string
		}{
			{"en", "digital governments", dnEN, dnFR, "", "Also in French"},
			{"fr", "numerique", dnFR, dnEN, "numer", "Aussi en anglais"},
			{"fr", "gouvernements", dnFR, dnEN, "gouvern", "Aussi en anglais"},
			{"en", "resilient", dnEN, dnFR, "resilient", "Also in French"},
			{"fr", "resilient", dnFR, dnEN, "resilient", "Aussi en anglais"},
		} {
			t.Run(tc.lang+"/"+tc.q, func(t *testing.T) {
				pr := cat.Printer(tc.lang)
				r := get(t, s, searchPath(tc.lang, q("q", tc.q)))
				wantStatus(t, r, http.StatusOK)
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q", ct)
				}
				if l := attrOf(first(r.Doc, tag("html")), "lang"); !strings.HasPrefix(l, tc.lang) {
					t.Errorf("html lang %q; want %s", l, tc.lang)
				}
				if h1 := find(r.Doc, tag("h1")); len(h1) != 1 {
					t.Errorf("%d h1; want 1", len(h1))
				}
				rs := searchResults(t, r)
				if len(rs) == 0 {
					t.Fatalf("no results for %q", tc.q)
				}
				if c := textOf(first(r.Doc, hasClass("h2", "list-count"))); !strings.HasPrefix(c, fmt.Sprint(len(rs))+" ") {
					t.Errorf("count %q; want %d results", c, len(rs))
				}
				var hit *searchResult
				for i := range rs {
					res := &rs[i]
					if res.URL == tc.want {
						hit = res
					}
					if res.Kind == "" || !slices.Contains([]string{"read", "listen", "watch"}, res.Kind) {
						t.Errorf("%s: kind %q", res.URL, res.Kind)
					}
					if !strings.ContainsAny(res.Meta, "0123456789") || !strings.Contains(res.Meta, "min") {
						t.Errorf("%s: meta %q has no duration", res.URL, res.Meta)
					}
					if !isoDate.MatchString(res.Date) {
						t.Errorf("%s: date %q", res.URL, res.Date)
					}
					if res.Topic == "" {
						t.Errorf("%s: no topic in %q", res.URL, res.Meta)
					}
					// A hit may match through its title or topic only,
					// so only the expected hit must have a <mark>.
					for _, m := range res.Marks {
						if mt := search.Terms(tc.lang, m); len(mt) == 0 || !slices.Contains(search.ParseQuery(tc.lang, tc.q).Terms, mt[0]) {
							t.Errorf("%s: marked %q is not a searched word", res.URL, m)
						}
					}
					if !strings.HasPrefix(res.URL, "/"+tc.lang+"/") {
						t.Errorf("result URL %q not in %s", res.URL, tc.lang)
					}
				}
				if hit == nil {
					t.Fatalf("results %q lack %s", resultURLs(rs), tc.want)
				}
				terms := search.ParseQuery(tc.lang, tc.q).Terms
				if len(hit.Marks) == 0 {
					t.Errorf("%s: snippet %q has no <mark>", hit.URL, hit.Snippet)
				}
				for _, m := range hit.Marks {
					mt := search.Terms(tc.lang, m)
					if len(mt) == 0 || !slices.Contains(terms, mt[0]) {
						t.Errorf("marked %q is not a searched word (%q)", m, terms)
					}
					if tc.markPrefix != "" && !strings.HasPrefix(search.Fold(m), tc.markPrefix) {
						t.Errorf("marked %q; want a word starting with %q", m, tc.markPrefix)
					}
				}
				if pr.T("search.also_in") != tc.alsoIn {
					t.Errorf("catalogue search.also_in = %q; want %q", pr.T("search.also_in"), tc.alsoIn)
				}
				if hit.AltURL != tc.counterpart || hit.AltText != tc.alsoIn || !strings.HasPrefix(hit.AltLang, other(tc.lang)) {
					t.Errorf("counterpart link %q %q lang %q; want %q %q", hit.AltURL, hit.AltText, hit.AltLang, tc.counterpart, tc.alsoIn)
				}
				wantStatus(t, get(t, s, hit.AltURL), http.StatusOK)

				// The JSON API gives the same results, in order.
				ar, res := apiSearch(t, s, q("lang", tc.lang, "q", tc.q))
				wantStatus(t, ar, http.StatusOK)
				if got := apiURLs(t, s, res); !slices.Equal(got, resultURLs(rs)) || res.Total != len(rs) {
					t.Errorf("API %q total %d; page %q", got, res.Total, resultURLs(rs))
				}
			})
		}

		// An episode in English only has no counterpart link.
		r := get(t, s, searchPath("en", q("q", "greener digital services")))
		wantStatus(t, r, http.StatusOK)
		for _, res := range searchResults(t, r) {
			if res.URL == greenerEN && res.AltURL != "" {
				t.Errorf("English-only episode links to %q", res.AltURL)
			}
		}
	})
}

func TestSearchEscapesText(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, lang := range []string{"en", "fr"} {
			w := map[string]string{"en": "digital", "fr": "numériques"}[lang]
			in := `"` + w + `" & <nations>`
			r := get(t, s, searchPath(lang, q("q", in)))
			wantStatus(t, r, http.StatusOK)
			body := r.text()
			for _, bad := range []string{`"` + w + `"`, "<nations>", "& <"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s: raw %q in the page", lang, bad)
				}
			}
			if v := attrOf(first(r.Doc, byID("search-q")), "value"); v != in {
				t.Errorf("%s: search box holds %q; want the query as typed", lang, v)
			}
			if len(searchResults(t, r)) == 0 {
				t.Errorf("%s: %q finds nothing", lang, in)
			}
			// Every <mark> holds text only.
			for _, m := range find(r.Doc, tag("mark")) {
				if m.FirstChild == nil || m.FirstChild.Type != xhtml.TextNode || m.FirstChild.NextSibling != nil {
					t.Errorf("%s: <mark> with markup inside", lang)
				}
			}
		}
	})
}

func TestSearchEmptyQuery(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, path := range []string{"/en/search", "/fr/recherche", "/en/search?q=", "/fr/recherche?q=", "/en/search?q=+++", "/fr/recherche?q=%27%22%2A"} {
			r := get(t, s, path)
			wantStatus(t, r, http.StatusOK)
			form := first(r.Doc, hasClass("form", "search-form"))
			if attrOf(form, "role") != "search" || first(form, withAttr("input", "name", "q")) == nil {
				t.Errorf("%s: no search form", path)
			}
			if first(r.Doc, hasClass("ol", "search-results")) != nil || first(r.Doc, hasClass("h2", "list-count")) != nil || first(r.Doc, hasClass("p", "suggestion")) != nil {
				t.Errorf("%s: results shown for an empty query", path)
			}
			if len(find(r.Doc, tag("h1"))) != 1 {
				t.Errorf("%s: want one h1", path)
			}
		}
	})
}

// TestSearchBoxEveryPage checks the header's search box on every public
// page, pointing at the search page of the page's language.
func TestSearchBoxEveryPage(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	pages := append([]pageCase{}, sitePages...)
	pages = append(pages, pageCase{path: "/en/search?q=data", lang: "en", status: 200}, pageCase{path: "/fr/recherche?q=donnees", lang: "fr", status: 200})
	for _, tc := range pages {
		r := get(t, s, tc.path, tc.hdr...)
		wantStatus(t, r, tc.status)
		nav := first(r.Doc, hasClass("nav", "site-nav"))
		form := first(nav, hasClass("form", "site-search"))
		if form == nil || attrOf(form, "role") != "search" || strings.ToLower(attrOf(form, "method")) != "get" {
			t.Errorf("%s: no search form in the header", tc.path)
			continue
		}
		if want := searchPath(tc.lang, nil); attrOf(form, "action") != want {
			t.Errorf("%s: search form action %q; want %q", tc.path, attrOf(form, "action"), want)
		}
		if first(form, withAttr("input", "name", "q")) == nil {
			t.Errorf("%s: search form has no q input", tc.path)
		}
	}
}

// importSearchEpisodes imports n episodes a day apart whose texts hold word (and
// mot in French), with kinds in turn, then tells the app.
func importSearchEpisodes(t *testing.T, s *apptest.Start, n int, word, mot string) {
	t.Helper()
	ctx := t.Context()
	st := s.App.Store
	b := &content.Bundle{}
	kinds := []content.Kind{content.Read, content.Listen, content.Watch}
	for i := range n {
		k := kinds[i%3]
		e := content.Episode{
			Key: fmt.Sprintf("%s-%02d", word, i), Kind: k, Status: content.Published,
			PublishedAt: s.Clock.Now().Add(-time.Duration(i+1) * 24 * time.Hour),
			Topics:      []content.Topic{{Key: "leadership"}},
			Versions: map[content.Lang]*content.Version{
				content.English: {Lang: content.English, Title: fmt.Sprintf("Field notes %d", i), Summary: "Notes about " + word + ".",
					BodyMarkdown: "A " + word + " story.", BodyHTML: "<p>A " + word + " story.</p>", WordCount: 200 * (i + 1), MediaSeconds: 120 * (i + 1)},
				content.French: {Lang: content.French, Title: fmt.Sprintf("Notes de terrain %d", i), Summary: "Notes sur la " + mot + ".",
					BodyMarkdown: "Une histoire de " + mot + ".", BodyHTML: "<p>Une histoire de " + mot + ".</p>", WordCount: 200 * (i + 1), MediaSeconds: 120 * (i + 1)},
			},
		}
		b.Episodes = append(b.Episodes, e)
	}
	if _, err := st.ImportBundle(ctx, b, s.Clock.Now()); err != nil {
		t.Fatalf("import: %v", err)
	}
	if err := s.App.SyncCache(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSearchFiltersAndPages(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		importSearchEpisodes(t, s, 14, "zucchini", "courgette")
		for _, lang := range []string{"en", "fr"} {
			word := map[string]string{"en": "zucchini", "fr": "courgette"}[lang]
			_, all := apiSearch(t, s, q("lang", lang, "q", word))
			if all.Total != 14 || len(all.Results) != 14 {
				t.Fatalf("%s: API total %d, %d results; want 14", lang, all.Total, len(all.Results))
			}
			allURLs := apiURLs(t, s, all)

			// Pages of 12: page 1, page 2, then nothing.
			r1 := get(t, s, searchPath(lang, q("q", word)))
			wantStatus(t, r1, http.StatusOK)
			p1 := resultURLs(searchResults(t, r1))
			r2 := get(t, s, searchPath(lang, q("q", word, "page", "2")))
			wantStatus(t, r2, http.StatusOK)
			p2 := resultURLs(searchResults(t, r2))
			if !slices.Equal(append(p1, p2...), allURLs) || len(p1) != 12 {
				t.Errorf("%s: pages %q + %q; want %q", lang, p1, p2, allURLs)
			}
			if c := textOf(first(r2.Doc, hasClass("h2", "list-count"))); !strings.HasPrefix(c, "14 ") {
				t.Errorf("%s: page 2 count %q; want 14", lang, c)
			}
			next := ""
			for _, a := range find(r1.Doc, tag("a")) {
				if strings.Contains(attrOf(a, "href"), "page=2") {
					next = attrOf(a, "href")
				}
			}
			if next == "" {
				t.Errorf("%s: page 1 has no link to page 2", lang)
			} else if u, _ := url.Parse(next); u.Query().Get("q") != word {
				t.Errorf("%s: page 2 link %q loses the query", lang, next)
			}
			for _, bad := range []string{"3", "999", "0", "-1", "abc", "1e3"} {
				wantStatus(t, get(t, s, searchPath(lang, q("q", word, "page", bad))), http.StatusNotFound)
			}
			_, a2 := apiSearch(t, s, q("lang", lang, "q", word, "page", "2"))
			if a2.Total != 14 || len(a2.Results) != 0 {
				t.Errorf("%s: API page 2 (of 20 a page): total %d, %d results", lang, a2.Total, len(a2.Results))
			}

			// Each filter keeps exactly the matching results, in the same
			// order; the page and the API agree.
			for _, f := range []struct {
				v    url.Values
				keep func(r web.SearchResultJSON) bool
			}{
				{q("kind", "listen"), func(r web.SearchResultJSON) bool { return r.Kind == content.Listen }},
				{q("kind", "watch"), func(r web.SearchResultJSON) bool { return r.Kind == content.Watch }},
				{q("kind", "read"), func(r web.SearchResultJSON) bool { return r.Kind == content.Read }},
				{q("minutes", "10"), func(r web.SearchResultJSON) bool { return r.Minutes <= 10 }},
				{q("minutes", "5", "kind", "read"), func(r web.SearchResultJSON) bool { return r.Minutes <= 5 && r.Kind == content.Read }},
			} {
				v := q("q", word)
				for k := range f.v {
					v.Set(k, f.v.Get(k))
				}
				r := get(t, s, searchPath(lang, v))
				wantStatus(t, r, http.StatusOK)
				var want []string
				for i, res := range all.Results {
					if f.keep(res) {
						want = append(want, allURLs[i])
					}
				}
				if len(want) == 0 {
					t.Fatalf("%s %s: empty expectation", lang, v.Encode())
				}
				got := resultURLs(searchResults(t, r))
				if !slices.Equal(got, want[:min(len(want), 12)]) {
					t.Errorf("%s %s: page %q; want %q", lang, v.Encode(), got, want)
				}
				v.Set("lang", lang)
				_, ar := apiSearch(t, s, v)
				if g := apiURLs(t, s, ar); !slices.Equal(g, want) || ar.Total != len(want) {
					t.Errorf("%s %s: API %q total %d; want %q", lang, v.Encode(), g, ar.Total, want)
				}
				// The form shows the filter chosen.
				for k := range f.v {
					sel := first(r.Doc, withAttr("select", "name", k))
					opt := first(sel, func(n *xhtml.Node) bool { _, ok := attr(n, "selected"); return n.Data == "option" && ok })
					if attrOf(opt, "value") != f.v.Get(k) {
						t.Errorf("%s %s: select %s shows %q", lang, v.Encode(), k, attrOf(opt, "value"))
					}
				}
			}

			// Newest first.
			rd := get(t, s, searchPath(lang, q("q", word, "sort", "date")))
			wantStatus(t, rd, http.StatusOK)
			rs := searchResults(t, rd)
			for i := 1; i < len(rs); i++ {
				if rs[i].Date > rs[i-1].Date {
					t.Errorf("%s sort=date: %s after %s", lang, rs[i].Date, rs[i-1].Date)
				}
			}
		}

		// Topic and series filters, on demo content: slugs in the page's
		// language; the result is the topic (series) members among all
		// results, and topic counts are the filtered totals.
		for _, tc := range []struct {
			lang, word, topic, series, seriesPage string
		}{
			{"en", "minutes", "leadership", "leading-hybrid-teams", "/en/series/leading-hybrid-teams"},
			{"fr", "minutes", "leadership", "diriger-des-equipes-hybrides", "/fr/series/diriger-des-equipes-hybrides"},
		} {
			_, all := apiSearch(t, s, q("lang", tc.lang, "q", tc.word))
			count := -1
			for _, tp := range all.Topics {
				if tp.Slug == tc.topic {
					count = tp.Count
				}
			}
			_, ft := apiSearch(t, s, q("lang", tc.lang, "q", tc.word, "topic", tc.topic))
			if ft.Total != count || count <= 0 {
				t.Errorf("%s topic %s: %d results; topic count said %d", tc.lang, tc.topic, ft.Total, count)
			}
			// Topic counts are counted before the topic filter.
			if !slices.Equal(ft.Topics, all.Topics) {
				t.Errorf("%s: topic counts with the topic filter %v; without %v", tc.lang, ft.Topics, all.Topics)
			}
			r := get(t, s, searchPath(tc.lang, q("q", tc.word, "topic", tc.topic)))
			wantStatus(t, r, http.StatusOK)
			if got := resultURLs(searchResults(t, r)); !slices.Equal(got, apiURLs(t, s, ft)[:min(12, len(got))]) || len(got) != min(12, ft.Total) {
				t.Errorf("%s topic: page %q; API %q", tc.lang, got, apiURLs(t, s, ft))
			}
			label := ""
			for _, o := range find(first(r.Doc, withAttr("select", "name", "topic")), tag("option")) {
				if attrOf(o, "value") == tc.topic {
					label = textOf(o)
				}
			}
			if !strings.HasSuffix(label, fmt.Sprintf("(%d)", count)) {
				t.Errorf("%s: topic option %q; want the count %d", tc.lang, label, count)
			}

			sp := get(t, s, tc.seriesPage)
			wantStatus(t, sp, http.StatusOK)
			inSeries := map[string]bool{}
			for _, a := range find(sp.Doc, tag("a")) {
				inSeries[attrOf(a, "href")] = true
			}
			var want []string
			for _, u := range apiURLs(t, s, all) {
				if inSeries[u] {
					want = append(want, u)
				}
			}
			_, fs := apiSearch(t, s, q("lang", tc.lang, "q", tc.word, "series", tc.series))
			if got := apiURLs(t, s, fs); !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("%s series %s: %q; want %q", tc.lang, tc.series, got, want)
			}
			r = get(t, s, searchPath(tc.lang, q("q", tc.word, "series", tc.series)))
			wantStatus(t, r, http.StatusOK)
			if got := resultURLs(searchResults(t, r)); !slices.Equal(got, want) {
				t.Errorf("%s series page %q; want %q", tc.lang, got, want)
			}

			// Unknown or other-language slugs: 404.
			for _, v := range []url.Values{
				q("q", tc.word, "topic", "no-such-topic"),
				q("q", tc.word, "series", "no-such-series"),
				q("q", tc.word, "topic", strings.Repeat("x", 200)),
			} {
				wantStatus(t, get(t, s, searchPath(tc.lang, v)), http.StatusNotFound)
				v.Set("lang", tc.lang)
				ar, _ := apiSearch(t, s, v)
				if ar.StatusCode < 400 || ar.StatusCode >= 500 {
					t.Errorf("API %s: status %d; want 4xx", v.Encode(), ar.StatusCode)
				}
			}
		}
		wantStatus(t, get(t, s, searchPath("fr", q("q", "minutes", "topic", "wellness-at-work"))), http.StatusNotFound)
	})
}

func TestSearchDidYouMean(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range []struct {
			lang, q, want string
		}{
			{"en", "goverment", "government"},
			{"en", "resilent", "resilient"},
			{"fr", "gouvernemnt", "gouvernement"},
			// Matched without accents, shown as the texts write them.
			{"fr", "numeriqes", "numériques"},
			{"fr", "literatie", "littératie"},
			{"fr", "Litératie", "Littératie"},
			{"en", "Amelia", "Amélie"},
		} {
			pr := cat.Printer(tc.lang)
			r := get(t, s, searchPath(tc.lang, q("q", tc.q)))
			wantStatus(t, r, http.StatusOK)
			if n := len(searchResults(t, r)); n != 0 {
				t.Fatalf("%s %q: %d results; the test needs none", tc.lang, tc.q, n)
			}
			p := first(r.Doc, hasClass("p", "suggestion"))
			if p == nil {
				t.Errorf("%s %q: no suggestion", tc.lang, tc.q)
				continue
			}
			txt := textOf0(p)
			if !strings.HasPrefix(txt, pr.T("search.did_you_mean")+" ") || !strings.HasSuffix(txt, pr.T("search.did_you_mean_end")) {
				t.Errorf("%s: suggestion %q", tc.lang, txt)
			}
			a := first(p, tag("a"))
			if got := textOf(a); got != tc.want {
				t.Errorf("%s %q: suggests %q; want %q", tc.lang, tc.q, textOf(a), tc.want)
			}
			sr := get(t, s, attrOf(a, "href"))
			wantStatus(t, sr, http.StatusOK)
			if len(searchResults(t, sr)) == 0 {
				t.Errorf("%s: the suggestion %s finds nothing", tc.lang, attrOf(a, "href"))
			}
			_, ar := apiSearch(t, s, q("lang", tc.lang, "q", tc.q))
			if ar.Suggestion != tc.want || ar.Total != 0 {
				t.Errorf("%s API: suggestion %q total %d", tc.lang, ar.Suggestion, ar.Total)
			}
		}
		if cat.Printer("fr").T("search.did_you_mean") != "Vouliez-vous dire" || cat.Printer("en").T("search.did_you_mean") != "Did you mean" {
			t.Error("suggestion texts changed")
		}
		// Short words get no suggestion; neither does a query that matched.
		for _, tc := range []struct{ lang, q string }{
			{"en", "dta"}, {"en", "chrt"}, {"fr", "ongle"}, {"en", "digital"}, {"fr", "numériques"}, {"en", "xqzvwk"},
		} {
			r := get(t, s, searchPath(tc.lang, q("q", tc.q)))
			wantStatus(t, r, http.StatusOK)
			if p := first(r.Doc, hasClass("p", "suggestion")); p != nil {
				t.Errorf("%s %q: unexpected suggestion %q", tc.lang, tc.q, textOf(p))
			}
		}
	})
}

func TestSearchAPI(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, bad := range []string{"", "de", "EN ", "en,fr", "' OR 1=1 --"} {
			r := get(t, s, "/api/v1/search?"+q("lang", bad, "q", "data").Encode())
			wantStatus(t, r, http.StatusBadRequest)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("lang %q: Content-Type %q", bad, ct)
			}
			var e map[string]string
			if err := json.Unmarshal(r.Body, &e); err != nil || e["error"] == "" {
				t.Errorf("lang %q: body %s", bad, r.Body)
			}
		}
		r := get(t, s, "/api/v1/search?lang=en&q=data&page=0")
		wantStatus(t, r, http.StatusBadRequest)

		r, res := apiSearch(t, s, q("lang", "fr", "q", "numérique"))
		wantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		if res.Lang != "fr" || res.Query != "numérique" || res.Page != 1 || res.PageSize <= 0 || res.Total != len(res.Results) || res.Total == 0 {
			t.Errorf("response %+v", res)
		}
		found := false
		for _, it := range res.Results {
			if !strings.HasPrefix(it.URL, "http://busrides.test/fr/") || it.Title == "" || it.Kind == "" || it.Minutes <= 0 || it.Published == "" {
				t.Errorf("result %+v", it)
			}
			if _, err := time.Parse(time.RFC3339, it.Published); err != nil {
				t.Errorf("published %q: %v", it.Published, err)
			}
			marked := false
			for _, sg := range it.Snippet {
				marked = marked || sg.Match
			}
			if strings.HasSuffix(it.URL, dnFR) {
				found = true
				if !marked {
					t.Errorf("%s: no match in snippet %+v", it.URL, it.Snippet)
				}
				if it.Counterpart != "http://busrides.test"+dnEN {
					t.Errorf("counterpart_url %q; want %s", it.Counterpart, dnEN)
				}
				wantStatus(t, get(t, s, strings.TrimPrefix(it.Counterpart, "http://busrides.test")), http.StatusOK)
			}
		}
		if !found {
			t.Errorf("numérique: %s not found", dnFR)
		}
		if len(res.Topics) == 0 {
			t.Errorf("no topic counts")
		}
		sum := 0
		for _, tp := range res.Topics {
			if tp.Slug == "" || tp.Name == "" || tp.Count <= 0 || tp.Count > res.Total {
				t.Errorf("topic %+v", tp)
			}
			sum += tp.Count
		}
		if sum < res.Total {
			t.Errorf("topic counts sum to %d for %d results (every episode has a topic)", sum, res.Total)
		}
		var raw map[string]any
		_ = json.Unmarshal(r.Body, &raw)
		for _, k := range []string{"query", "lang", "total", "page", "page_size", "results", "topics"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("JSON lacks %q", k)
			}
		}
		if items, _ := raw["results"].([]any); len(items) > 0 {
			found := false
			for _, it := range items {
				if m, _ := it.(map[string]any); m != nil && m["counterpart_url"] != nil {
					found = true
				}
			}
			if !found {
				t.Error("no result has counterpart_url")
			}
		}

		// Empty and stop-word queries: an empty list, not null.
		for _, v := range []url.Values{q("lang", "en"), q("lang", "en", "q", ""), q("lang", "fr", "q", "le la les"), q("lang", "en", "q", "xqzvwk")} {
			r := get(t, s, "/api/v1/search?"+v.Encode())
			wantStatus(t, r, http.StatusOK)
			var raw map[string]any
			if err := json.Unmarshal(r.Body, &raw); err != nil {
				t.Fatal(err)
			}
			if _, ok := raw["results"].([]any); !ok {
				t.Errorf("%s: results = %v; want []", v.Encode(), raw["results"])
			}
		}
	})
}

// TestSearchHostileInput sends what a reader could type, and injection
// strings: never a 5xx, never a database message, payloads escaped.
func TestSearchHostileInput(t *testing.T) {
	t.Parallel()
	inputs := []string{
		`"`, `""`, `"digital`, `digital"`, `'`, `*`, `digital*`, `-digital`, `- -`, `(`, `)`, `(digital OR data)`, `((((`,
		`NEAR(digital data)`, `digital NEAR data`, `NEAR/2`, `digital AND data`, `digital OR data`, `NOT digital`, `AND`, `OR`, `NOT`,
		`^digital`, `digital:data`, `title:digital`, `{digital}`, `[data]`, `digital + data`, `!`, `&&`, `||`, `\`, `%`, `_`, `?`, `$1`,
		`:1`, `@p1`, `;`, `--`, `/*`, `*/`, `\x`, "\x00", "digital\x00data", "\x01\x02\x1f\x7f", "\t\n\r", "\u202e\u200b\ufeff",
		"\xff\xfe", "\xc3", "digital\xc3(", strings.Repeat("a", 10000), strings.Repeat("digital ", 1250), strings.Repeat("é", 5000),
		strings.Repeat("(", 10000), strings.Repeat(`"`, 10000), "l'", "l'l'l'", "qu'", "’’’", "🚌🚌", "東京2020",
		`<script>alert(1)</script>`, `</mark><script>x()</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`,
		`{{.}}`, `{{template "x"}}`, `%00`, `%27`, `%3Cscript%3E`,
	}
	handWritten := len(inputs)
	inputs = append(inputs, corpusLines(t, "sqli/Generic_Fuzz.txt", 1000)...)
	inputs = append(inputs, corpusLines(t, "sqli/Generic_UnionSelect.txt", 60)...)
	inputs = append(inputs, corpusLines(t, "sqli/Generic_ErrorBased.txt", 40)...)
	inputs = append(inputs, corpusLines(t, "sqli/Generic_TimeBased.txt", 30)...)
	inputs = append(inputs, corpusLines(t, "sqli/Auth_Bypass.txt", 30)...)
	inputs = append(inputs, corpusLines(t, "sqli/FUZZDB_Postgres_Enumeration.txt", 1000)...)
	inputs = append(inputs, corpusLines(t, "sqli/SQLi_Polyglots.txt", 1000)...)
	xss := corpusLines(t, "xss/xss-merged.txt", 50)
	inputs = append(inputs, xss...)
	if testutil.CorpusFile(t, "sqli/Generic_Fuzz.txt") == "" {
		t.Fatal("no corpus")
	}
	leaks := []string{"syntax error", "sqlstate", "sqlite", "fts5", "tsquery", "pq:", "pgx", "unterminated", "near \"", "sql:", "panic", "goroutine", "runtime error"}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for i, in := range inputs {
			low := strings.ToLower(in)
			extras := []url.Values{nil}
			if i < handWritten {
				extras = append(extras, q("sort", "date", "kind", "listen", "minutes", "15"))
			}
			for _, lang := range []string{"en", "fr"} {
				for _, extra := range extras {
					v := q("q", in)
					for k := range extra {
						v.Set(k, extra.Get(k))
					}
					r := get(t, s, searchPath(lang, v))
					if r.StatusCode != http.StatusOK {
						t.Errorf("%s %q: status %d", lang, in, r.StatusCode)
						continue
					}
					body := strings.ToLower(r.text())
					for _, l := range leaks {
						if strings.Contains(body, l) && !strings.Contains(low, l) {
							t.Errorf("%s %q: page holds %q", lang, in, l)
						}
					}
					if strings.ContainsAny(in, "<>") && len(in) > 2 && strings.Contains(r.text(), in) {
						t.Errorf("%s %q: payload unescaped in the page", lang, in)
					}
					for _, sc := range find(r.Doc, tag("script")) {
						if strings.Contains(textOf0(sc), "alert") || strings.Contains(attrOf(sc, "src"), "x") && !strings.HasPrefix(attrOf(sc, "src"), "/") {
							t.Errorf("%s %q: injected script", lang, in)
						}
					}
					for _, n := range find(r.Doc, func(n *xhtml.Node) bool { _, ok := attr(n, "onerror"); return ok }) {
						t.Errorf("%s %q: element %s with onerror", lang, in, n.Data)
					}
				}
				v := q("q", in, "lang", lang)
				ar := get(t, s, "/api/v1/search?"+v.Encode())
				if ar.StatusCode != http.StatusOK || !json.Valid(ar.Body) {
					t.Errorf("API %s %q: status %d, body %.200s", lang, in, ar.StatusCode, ar.Body)
					continue
				}
				body := strings.ToLower(ar.text())
				for _, l := range leaks {
					if strings.Contains(body, l) && !strings.Contains(low, l) {
						t.Errorf("API %s %q: holds %q", lang, in, l)
					}
				}
			}
		}
		// Still healthy afterwards.
		r := get(t, s, searchPath("en", q("q", "digital")))
		wantStatus(t, r, http.StatusOK)
		if len(searchResults(t, r)) == 0 {
			t.Error("digital finds nothing after the hostile queries")
		}
	})
}

// A search page is cached under its normalised query and compressed for
// clients that take gzip; the same search with its parameters in another
// order is the same page; a change to a live episode drops it.
func TestSearchPageCached(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	first := get(t, s, "/en/search?q=feedback&kind=watch", "Accept-Encoding", "gzip")
	wantStatus(t, first, http.StatusOK)
	if first.Header.Get("X-Cache") != "miss" || first.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("first search: X-Cache %q, Content-Encoding %q; want miss, gzip", first.Header.Get("X-Cache"), first.Header.Get("Content-Encoding"))
	}
	again := get(t, s, "/en/search?kind=watch&q=feedback")
	if again.Header.Get("X-Cache") != "hit" || !strings.Contains(again.text(), `href="`+watchEN+`"`) {
		t.Errorf("same search again: X-Cache %q; want a hit showing the episode", again.Header.Get("X-Cache"))
	}
	ctx := context.Background()
	ep, err := s.App.Store.EpisodeBySlug(ctx, content.English, strings.TrimPrefix(watchEN, "/en/episodes/"), s.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	ep.Versions[content.English].Title = "Feedback, retitled for the test"
	if _, err := s.App.Store.SaveEpisode(ctx, ep, content.SaveInfo{BaseRevision: ep.Revision, Now: s.Clock.Now(), Publish: true}); err != nil {
		t.Fatal(err)
	}
	after := get(t, s, "/en/search?q=feedback&kind=watch")
	if after.Header.Get("X-Cache") != "miss" || !strings.Contains(after.text(), "Feedback, retitled for the test") {
		t.Errorf("after the episode changed: X-Cache %q; want a new page with the new title", after.Header.Get("X-Cache"))
	}
}

// otherLangNotice is the search page's pointer to the other language: its
// text, link, the link's hreflang; nil when absent.
func otherLangNotice(r *response) (text, href, hreflang string, ok bool) {
	p := first(r.Doc, hasClass("p", "other-lang"))
	if p == nil {
		return "", "", "", false
	}
	a := first(p, tag("a"))
	return textOf(p), attrOf(a, "href"), attrOf(a, "hreflang"), true
}

// A search that finds nothing in the page's language says how many
// episodes the other language has for it, with a link to those results,
// filters carried over (topic and series by their slug in that language).
func TestSearchOtherLanguage(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		topics, err := s.App.Store.Topics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var dg content.Topic
		for _, tp := range topics {
			if tp.Key == "digital-government" {
				dg = tp
			}
		}
		for _, tc := range []struct {
			lang, q  string
			extra    []string // more query parameters, in the page's language
			wantLink string
		}{
			// « greener » is only in the English-only episode.
			{"fr", "greener", nil, "/en/search?q=greener"},
			{"fr", "greener", []string{"kind", "read", "topic", dg.Slugs.FR}, "/en/search?kind=read&q=greener&topic=" + dg.Slugs.EN},
			// « littératie » is only in French texts.
			{"en", "littératie", nil, "/fr/recherche?q=litt%C3%A9ratie"},
		} {
			other := other(tc.lang)
			pr := cat.Printer(tc.lang)
			v := q(append([]string{"q", tc.q}, tc.extra...)...)
			r := get(t, s, searchPath(tc.lang, v))
			wantStatus(t, r, http.StatusOK)
			if n := len(searchResults(t, r)); n != 0 {
				t.Fatalf("%s %q: %d results; the test needs none", tc.lang, tc.q, n)
			}
			// What the other language finds for the same search.
			ov := q(append([]string{"lang", other, "q", tc.q}, translateFilters(tc.extra, dg)...)...)
			_, want := apiSearch(t, s, ov)
			if want.Total == 0 {
				t.Fatalf("%s: %q finds nothing in %s either; the test needs some", tc.lang, tc.q, other)
			}
			text, href, hreflang, ok := otherLangNotice(r)
			if !ok {
				t.Errorf("%s %q: no pointer to the results in %s", tc.lang, tc.q, other)
				continue
			}
			if wantText := shown(content.Lang(tc.lang), pr.N("search.other_lang", want.Total)+" "+pr.T("search.other_lang_link")); text != wantText {
				t.Errorf("%s %q: notice %q, want %q", tc.lang, tc.q, text, wantText)
			}
			if !sameURL(href, tc.wantLink) || hreflang != other+"-CA" {
				t.Errorf("%s %q: link %q hreflang %q, want %q %s-CA", tc.lang, tc.q, href, hreflang, tc.wantLink, other)
			}
			// The link leads to those results.
			or := get(t, s, href)
			wantStatus(t, or, http.StatusOK)
			if got := resultURLs(searchResults(t, or)); !slices.Equal(got, apiURLs(t, s, want)) {
				t.Errorf("%s %q: the link shows %q, want %q", tc.lang, tc.q, got, apiURLs(t, s, want))
			}
			// The JSON search says the same.
			_, api := apiSearch(t, s, q(append([]string{"lang", tc.lang, "q", tc.q}, tc.extra...)...))
			if api.OtherLang == nil || api.OtherLang.Lang != other || api.OtherLang.Total != want.Total || !sameURL(strings.TrimPrefix(api.OtherLang.URL, "http://busrides.test"), tc.wantLink) {
				t.Errorf("%s %q API: other_lang %+v", tc.lang, tc.q, api.OtherLang)
			}
			// Cached and compressed as any search page.
			again := get(t, s, searchPath(tc.lang, v), "Accept-Encoding", "gzip")
			if again.Header.Get("X-Cache") != "hit" || again.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s %q again: X-Cache %q, Content-Encoding %q", tc.lang, tc.q, again.Header.Get("X-Cache"), again.Header.Get("Content-Encoding"))
			}
		}
		// No pointer when the page has results, or when neither language
		// has any.
		for _, tc := range []struct{ lang, q string }{{"fr", "données"}, {"en", "data"}, {"fr", "zeppelin"}, {"en", "zeppelin"}} {
			r := get(t, s, searchPath(tc.lang, q("q", tc.q)))
			if _, _, _, ok := otherLangNotice(r); ok {
				t.Errorf("%s %q: unexpected pointer to the other language", tc.lang, tc.q)
			}
			if _, api := apiSearch(t, s, q("lang", tc.lang, "q", tc.q)); api.OtherLang != nil {
				t.Errorf("%s %q API: unexpected other_lang %+v", tc.lang, tc.q, api.OtherLang)
			}
		}
	})
}

// translateFilters turns the French topic slug of dg in kv into its
// English one (the only filter the tests translate).
func translateFilters(kv []string, dg content.Topic) []string {
	out := slices.Clone(kv)
	for i := 0; i+1 < len(out); i += 2 {
		if out[i] == "topic" && out[i+1] == dg.Slugs.FR {
			out[i+1] = dg.Slugs.EN
		}
	}
	return out
}

// A query of several words that no episode has all of shows the results of
// all its words but one, labelled as such and naming the word left out.
func TestSearchPartial(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range []struct {
			lang, q, kept, leftOut string
		}{
			{"fr", "littératie quantique", "littératie", "quantique"},
			{"fr", "Zeppelin confiance", "confiance", "Zeppelin"},
			{"en", "data quantum", "data", "quantum"},
			{"en", "trust zeppelin", "trust", "zeppelin"},
		} {
			pr := cat.Printer(tc.lang)
			r := get(t, s, searchPath(tc.lang, q("q", tc.q)))
			wantStatus(t, r, http.StatusOK)
			got := searchResults(t, r)
			want := searchResults(t, get(t, s, searchPath(tc.lang, q("q", tc.kept))))
			if len(want) == 0 {
				t.Fatalf("%s %q finds nothing; the test needs results", tc.lang, tc.kept)
			}
			if !slices.Equal(resultURLs(got), resultURLs(want)) {
				t.Errorf("%s %q: results %q, want those of %q: %q", tc.lang, tc.q, resultURLs(got), tc.kept, resultURLs(want))
			}
			// Excerpts mark the words searched for, as the search of those
			// words alone does.
			for i := range min(len(got), len(want)) {
				if got[i].Snippet != want[i].Snippet || !slices.Equal(got[i].Marks, want[i].Marks) {
					t.Errorf("%s %q: %s's excerpt %q marks %q; alone, %q marks %q", tc.lang, tc.q, got[i].URL, got[i].Snippet, got[i].Marks, tc.kept, want[i].Marks)
				}
			}
			p := first(r.Doc, hasClass("p", "partial"))
			if p == nil {
				t.Errorf("%s %q: results not labelled as for some words only", tc.lang, tc.q)
				continue
			}
			if got := textOf(first(p, tag("strong"))); got != pr.T("search.partial_title") {
				t.Errorf("%s %q: label %q", tc.lang, tc.q, got)
			}
			if txt, w := textOf(p), shown(content.Lang(tc.lang), pr.T("search.partial_left_out", "words", tc.leftOut)); !strings.HasSuffix(txt, w) {
				t.Errorf("%s %q: %q does not end with %q", tc.lang, tc.q, txt, w)
			}
			if got, w := textOf(first(r.Doc, hasClass("h2", "list-count"))), pr.N("search.count", len(want)); got != w {
				t.Errorf("%s %q: count %q, want %q", tc.lang, tc.q, got, w)
			}
			_, api := apiSearch(t, s, q("lang", tc.lang, "q", tc.q))
			if !slices.Equal(api.LeftOut, []string{tc.leftOut}) || api.Total != len(want) {
				t.Errorf("%s %q API: left_out %q total %d", tc.lang, tc.q, api.LeftOut, api.Total)
			}
			again := get(t, s, searchPath(tc.lang, q("q", tc.q)), "Accept-Encoding", "gzip")
			if again.Header.Get("X-Cache") != "hit" || again.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s %q again: X-Cache %q, Content-Encoding %q", tc.lang, tc.q, again.Header.Get("X-Cache"), again.Header.Get("Content-Encoding"))
			}
		}
		// Results for every word, one word, or none at all: no label.
		for _, tc := range []struct{ lang, q string }{{"fr", "littératie données"}, {"en", "data literacy"}, {"fr", "zeppelin"}, {"en", "zeppelin dirigible"}} {
			r := get(t, s, searchPath(tc.lang, q("q", tc.q)))
			if p := first(r.Doc, hasClass("p", "partial")); p != nil {
				t.Errorf("%s %q: unexpected label %q", tc.lang, tc.q, textOf(p))
			}
			if _, api := apiSearch(t, s, q("lang", tc.lang, "q", tc.q)); api.LeftOut != nil {
				t.Errorf("%s %q API: unexpected left_out %q", tc.lang, tc.q, api.LeftOut)
			}
		}
	})
}
