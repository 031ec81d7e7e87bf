package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/urls"
)

// site is the public site's paths, as its sitemap lists them, by kind.
type site struct {
	all      []string // every sitemap path, in the sitemap's order
	episodes []string
	listings []string // home pages, indexes, topics, authors, series
	feeds    []string
}

// readSitemap fetches /sitemap.xml (and its parts, when it is an index)
// and returns the paths of its <loc> elements.
func readSitemap(ctx context.Context, client *http.Client, base string) ([]string, error) {
	var out []string
	todo := []string{urls.Sitemap}
	for len(todo) > 0 {
		path := todo[0]
		todo = todo[1:]
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return nil, err
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("sitemap: %w", err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("sitemap: %w", err)
		}
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("sitemap: GET %s: %s", path, res.Status)
		}
		index, locs, err := sitemapLocs(body)
		if err != nil {
			return nil, fmt.Errorf("sitemap %s: %w", path, err)
		}
		for _, loc := range locs {
			u, err := url.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("sitemap %s: %w", path, err)
			}
			if index {
				todo = append(todo, u.RequestURI())
			} else {
				out = append(out, u.RequestURI())
			}
		}
	}
	return out, nil
}

// sitemapLocs returns the <loc> values of a sitemap, and whether it is a
// sitemap index.
func sitemapLocs(body []byte) (index bool, locs []string, err error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	inLoc := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return index, locs, nil
		}
		if err != nil {
			return false, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sitemapindex":
				index = true
			case "loc":
				inLoc = true
				locs = append(locs, "")
			}
		case xml.EndElement:
			if t.Name.Local == "loc" {
				inLoc = false
			}
		case xml.CharData:
			if inLoc {
				locs[len(locs)-1] += strings.TrimSpace(string(t))
			}
		}
	}
}

// classify sorts the sitemap's paths, and adds what the sitemap does not
// list: listing pages after the first, and every feed of the site.
func classify(paths []string) site {
	s := site{all: paths}
	var topicSlugs, seriesSlugs [2][]string
	for _, p := range paths {
		for li, lang := range content.Langs {
			w := urls.In(lang)
			pre := "/" + string(lang) + "/"
			switch {
			case strings.HasPrefix(p, pre+w.Episodes+"/"):
				s.episodes = append(s.episodes, p)
			case p == urls.Home(lang):
				s.listings = append(s.listings, p)
				for n := 2; n <= 5; n++ {
					s.listings = append(s.listings, fmt.Sprintf("%s?page=%d", p, n))
				}
			case p == urls.Topics(lang), p == urls.Authors(lang), p == urls.SeriesIndex(lang),
				strings.HasPrefix(p, pre+w.Authors+"/"):
				s.listings = append(s.listings, p)
			case strings.HasPrefix(p, pre+w.Topics+"/"):
				s.listings = append(s.listings, p)
				topicSlugs[li] = append(topicSlugs[li], strings.TrimPrefix(p, pre+w.Topics+"/"))
			case strings.HasPrefix(p, pre+w.Series+"/"):
				s.listings = append(s.listings, p)
				seriesSlugs[li] = append(seriesSlugs[li], strings.TrimPrefix(p, pre+w.Series+"/"))
			}
		}
	}
	for li, lang := range content.Langs {
		for _, f := range urls.FeedFormats {
			s.feeds = append(s.feeds, urls.Feed(lang, f))
			for _, k := range content.Kinds {
				s.feeds = append(s.feeds, urls.KindFeed(lang, k, f))
			}
			for _, slug := range topicSlugs[li] {
				s.feeds = append(s.feeds, urls.TopicFeed(lang, slug, f))
			}
			for _, slug := range seriesSlugs[li] {
				s.feeds = append(s.feeds, urls.SeriesFeed(lang, slug, f))
			}
		}
		s.feeds = append(s.feeds, urls.Podcast(lang, content.Listen), urls.Podcast(lang, content.Watch))
	}
	return s
}

// searchPaths returns n generated two-word queries per language
// (benchcorpus.Queries, as cmd/searchbench uses) as search pages, and the
// same queries as search API requests.
func searchPaths(n int, seed uint64) (pages, api []string) {
	for _, lang := range content.Langs {
		for _, q := range benchcorpus.Queries(string(lang), n, seed) {
			pages = append(pages, urls.Search(lang)+"?q="+url.QueryEscape(q))
			api = append(api, "/api/v1/search?lang="+string(lang)+"&q="+url.QueryEscape(q))
		}
	}
	return pages, api
}

// shuffled returns a shuffled copy of paths.
func shuffled(paths []string, seed uint64) []string {
	out := append([]string(nil), paths...)
	r := rand.New(rand.NewPCG(seed, 0x5f1))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
