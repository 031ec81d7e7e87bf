package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

type xSitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

// TestSitemap decodes the sitemap with namespace-aware names and checks it
// holds exactly the input: loc, lastmod (UTC), and each alternate.
func TestSitemap(t *testing.T) {
	t.Parallel()
	in := fixtureSitemap()
	doc, err := Sitemap(in)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, doc)
	if !bytes.Contains(doc, []byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`)) {
		t.Error("urlset namespaces")
	}
	var s xSitemap
	if err := xml.Unmarshal(doc, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.URLs) != len(in) {
		t.Fatalf("%d urls, want %d", len(s.URLs), len(in))
	}
	for i, u := range s.URLs {
		w := in[i]
		if u.Loc != w.Loc {
			t.Errorf("url %d loc = %q, want %q", i, u.Loc, w.Loc)
		}
		if w.LastMod.IsZero() {
			if u.LastMod != "" {
				t.Errorf("url %d: lastmod %q for zero time", i, u.LastMod)
			}
		} else {
			got, err := time.Parse(time.RFC3339, u.LastMod)
			if err != nil || !got.Equal(w.LastMod) || !strings.HasSuffix(u.LastMod, "Z") {
				t.Errorf("url %d lastmod = %q (%v), want %v", i, u.LastMod, err, w.LastMod.UTC())
			}
		}
		if len(u.Links) != len(w.Alternates) {
			t.Fatalf("url %d: %d links, want %d", i, len(u.Links), len(w.Alternates))
		}
		for k, l := range u.Links {
			a := w.Alternates[k]
			if l.Rel != "alternate" || l.Hreflang != a.Hreflang || l.Href != a.Href {
				t.Errorf("url %d link %d = %+v, want %+v", i, k, l, a)
			}
		}
	}
	if !bytes.Contains(doc, []byte("&amp;sort=&apos;new&apos;</loc>")) {
		t.Error("loc quotes and ampersand are not entity-escaped")
	}
	// Hreflang pairs both ways: if A lists B under B's language, B's entry
	// lists A under A's language.
	byLoc := map[string]map[string]string{}
	for _, u := range s.URLs {
		m := map[string]string{}
		for _, l := range u.Links {
			m[l.Hreflang] = l.Href
		}
		byLoc[u.Loc] = m
	}
	pairs := 0
	for loc, links := range byLoc {
		var self string
		for lang, href := range links {
			if href == loc && lang != "x-default" {
				self = lang
			}
		}
		for lang, href := range links {
			if href == loc || lang == "x-default" {
				continue
			}
			back, ok := byLoc[href]
			if !ok || back[self] != loc {
				t.Errorf("%s lists %s as %s, but %s does not list it back as %s", loc, href, lang, href, self)
			}
			pairs++
		}
	}
	if pairs != 2 {
		t.Errorf("%d hreflang pairs checked, want 2", pairs)
	}
}

func TestSitemapRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		urls []SitemapURL
		want string
	}{
		{"relative loc", []SitemapURL{{Loc: "/en/"}}, "url 0: Loc"},
		{"relative alternate", []SitemapURL{{Loc: "https://b.example/en/", Alternates: []Alternate{{"fr-CA", "/fr/"}}}}, "Alternates[0].Href"},
		{"no hreflang", []SitemapURL{{Loc: "https://b.example/en/", Alternates: []Alternate{{"", "https://b.example/fr/"}}}}, "Hreflang is empty"},
		{"long loc", []SitemapURL{{Loc: "https://b.example/" + strings.Repeat("a", 2048)}}, "limit is 2047"},
		{"too many", make([]SitemapURL, MaxSitemapURLs+1), "50001 URLs"},
	} {
		if _, err := Sitemap(tc.urls); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
	if _, err := SitemapIndex([]SitemapRef{{Loc: "sitemap-2.xml"}}); err == nil {
		t.Error("index: relative loc accepted")
	}
	if _, err := SitemapIndex(make([]SitemapRef, MaxSitemapURLs+1)); err == nil {
		t.Error("index: too many sitemaps accepted")
	}
}

func TestSplitSitemap(t *testing.T) {
	t.Parallel()
	mk := func(n int) []SitemapURL {
		out := make([]SitemapURL, n)
		for i := range out {
			out[i].Loc = fmt.Sprintf("https://busrides.example/p/%d", i)
		}
		return out
	}
	for _, tc := range []struct {
		n    int
		want []int
	}{
		{0, nil},
		{1, []int{1}},
		{MaxSitemapURLs, []int{MaxSitemapURLs}},
		{MaxSitemapURLs + 1, []int{MaxSitemapURLs, 1}},
		{2*MaxSitemapURLs + 7, []int{MaxSitemapURLs, MaxSitemapURLs, 7}},
	} {
		urls := mk(tc.n)
		chunks := SplitSitemap(urls)
		var sizes []int
		var all []SitemapURL
		for _, c := range chunks {
			sizes = append(sizes, len(c))
			all = append(all, c...)
		}
		if !slices.Equal(sizes, tc.want) {
			t.Errorf("n=%d: chunk sizes %v, want %v", tc.n, sizes, tc.want)
		}
		if len(all) != tc.n || (tc.n > 0 && (all[0].Loc != urls[0].Loc || all[tc.n-1].Loc != urls[tc.n-1].Loc)) {
			t.Errorf("n=%d: chunks do not cover the input in order", tc.n)
		}
		if len(chunks) > 1 {
			// Appending to one chunk must not overwrite the next.
			next := chunks[1][0].Loc
			_ = append(chunks[0], SitemapURL{Loc: "https://x.example/"})
			if chunks[1][0].Loc != next {
				t.Errorf("n=%d: append to chunk 0 clobbered chunk 1", tc.n)
			}
		}
	}
	// A full chunk is writable and well-formed.
	doc, err := Sitemap(SplitSitemap(mk(MaxSitemapURLs + 1))[0])
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, doc)
	if n := bytes.Count(doc, []byte("<url>")); n != MaxSitemapURLs {
		t.Errorf("%d <url> in a full sitemap", n)
	}
}

func TestSitemapIndex(t *testing.T) {
	t.Parallel()
	refs := []SitemapRef{
		{Loc: "https://busrides.example/sitemap-1.xml", LastMod: time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)},
		{Loc: "https://busrides.example/sitemap-2.xml"},
	}
	doc, err := SitemapIndex(refs)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, doc)
	var idx struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(doc, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Sitemaps) != 2 || idx.Sitemaps[0].Loc != refs[0].Loc || idx.Sitemaps[1].Loc != refs[1].Loc ||
		idx.Sitemaps[0].LastMod != "2024-03-05T09:00:00Z" || idx.Sitemaps[1].LastMod != "" {
		t.Errorf("index = %+v", idx.Sitemaps)
	}
}
