package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/web"
)

// variantsCounter is the site's store, counting the image look-ups.
type variantsCounter struct {
	web.Store
	mu    sync.Mutex
	calls [][]string
}

func (s *variantsCounter) MediaVariants(ctx context.Context, paths []string) (map[string]content.ImageSet, error) {
	s.mu.Lock()
	s.calls = append(s.calls, slices.Clone(paths))
	s.mu.Unlock()
	return s.Store.MediaVariants(ctx, paths)
}

// take returns the look-ups since the last call.
func (s *variantsCounter) take() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

// libraryImage stores a media row for an image 1200×675 with copies
// (no files: the pages only name them) and returns its URL.
func libraryImage(tb testing.TB, st interface {
	CreateMedia(context.Context, content.Media) (int64, error)
}, n int) string {
	tb.Helper()
	sha := fmt.Sprintf("%064x", 7000+n)
	path := "uploads/2026/11/" + sha + ".jpg"
	m := content.Media{Path: path, Kind: content.MediaImage, MIME: "image/jpeg", Bytes: 1000, Width: 1200, Height: 675, SHA256: sha,
		CreatedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	for _, w := range []int{160, 320, 640, 960} {
		m.Variants = append(m.Variants, content.ImageVariant{Width: w, Height: w * 9 / 16, Path: content.VariantPath(path, w, ".jpg")})
	}
	if _, err := st.CreateMedia(context.Background(), m); err != nil {
		tb.Fatal(err)
	}
	return m.URL()
}

// imagesSite is a site of n published episodes of one topic, author and
// series, each with a library image with copies (but the newest, whose
// image is on another site, and the one before, a file without a row),
// the author with a library photo; pages rebuilt on every request, the
// store counting image look-ups. images maps English slugs to image URLs.
func imagesSite(tb testing.TB, n int) (*variantsCounter, http.Handler, map[string]string) {
	tb.Helper()
	a, clock, _ := apptest.New(tb, apptest.Options{NoDemo: true, NoCache: true})
	ctx := context.Background()
	now := clock.Now()
	b := &content.Bundle{
		Topics: []content.Topic{{Key: "transit", Names: content.Bilingual{EN: "Transit", FR: "Transport"}, Slugs: content.Bilingual{EN: "transit", FR: "transport"}}},
		Authors: []content.Author{{Key: "grace", Name: "Grace Hopper", Slugs: content.Bilingual{EN: "grace-hopper", FR: "grace-hopper"},
			Bios: content.Bilingual{EN: "Grace writes.", FR: "Grace écrit."}}},
		Series: []content.Series{{Key: "rides", Titles: content.Bilingual{EN: "Rides", FR: "Trajets"}, Slugs: content.Bilingual{EN: "rides", FR: "trajets"}}},
	}
	images := map[string]string{}
	for i := range n {
		key := fmt.Sprintf("ep%02d", i)
		img := libraryImage(tb, a.Store, i)
		switch i {
		case n - 1: // the newest: an image elsewhere
			img = "https://images.example/bus.jpg"
		case n - 2: // a file of the media folder without a row
			img = "/media/by-hand.png"
		}
		images[key+"-en"] = img
		ep := content.Episode{Key: key, Kind: content.Read, Status: content.Published, PublishedAt: now.Add(time.Duration(i-n) * time.Hour),
			Topics: []content.Topic{{Key: "transit"}}, Authors: []content.Author{{Key: "grace"}},
			Series: &content.SeriesRef{Series: content.Series{Key: "rides"}, Position: i + 1}, Versions: map[content.Lang]*content.Version{}}
		for _, l := range content.Langs {
			ep.Versions[l] = &content.Version{Lang: l, Title: key + " " + string(l), Slug: key + "-" + string(l), Summary: "s",
				BodyMarkdown: "b", BodyHTML: "<p>b</p>", WordCount: 1, Image: content.Image{URL: img, Alt: "Picture " + key + " " + string(l)}}
		}
		b.Episodes = append(b.Episodes, ep)
	}
	if _, err := a.Store.ImportBundle(ctx, b, now); err != nil {
		tb.Fatal(err)
	}
	grace, err := a.Store.AuthorBySlug(ctx, content.English, "grace-hopper")
	if err != nil {
		tb.Fatal(err)
	}
	stamp := content.AuthorStamp(*grace)
	grace.Photo = libraryImage(tb, a.Store, 999)
	if err := a.Store.UpdateAuthor(ctx, *grace, stamp, nil, now); err != nil {
		tb.Fatal(err)
	}

	st := &variantsCounter{Store: a.Store}
	h := newSite(tb, web.Config{Store: st, Now: clock.Now})
	return st, h, images
}

// BenchmarkHomeCardImages measures the home page rebuilt on every request
// (12 cards, each with a library image looked up with the others).
func BenchmarkHomeCardImages(b *testing.B) {
	_, h, _ := imagesSite(b, 30)
	req := httptest.NewRequest(http.MethodGet, "/en/", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /en/: %d", rec.Code)
		}
	}
}

// TestPageImagesOneQuery: every listing page (home, topic, author,
// series) and the episode page look up all their images — cards, feature
// image, author photos — in one query, whatever the number of cards;
// library images get srcset, width and height, others a plain img, and
// images of other sites (which the Content-Security-Policy blocks) no img
// at all. The first row of a listing loads at once, the rest lazily.
func TestPageImagesOneQuery(t *testing.T) {
	const n = 30
	st, h, images := imagesSite(t, n)
	fetch := func(path string) *html.Node {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		doc, err := html.Parse(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}

	for _, tc := range []struct {
		path  string
		cards int
		photo bool
	}{
		{"/en/", 12, false},
		{"/en/?page=2", 12, false},
		{"/fr/", 12, false},
		{"/en/topics/transit", 12, false},
		{"/en/series/rides?page=3", n - 24, false},
		{"/en/authors/grace-hopper", 12, true},
	} {
		doc := fetch(tc.path)
		calls := st.take()
		if len(calls) != 1 {
			t.Errorf("GET %s: %d image look-ups, want 1", tc.path, len(calls))
			continue
		}
		articles := find(doc, hasClass("article", "card"))
		if len(articles) != tc.cards {
			t.Errorf("GET %s: %d cards, want %d", tc.path, len(articles), tc.cards)
		}
		want := 0
		for i, art := range articles {
			link := first(art, tag("a"))
			slug := attrOf(link, "href")
			slug = strings.Replace(slug[strings.LastIndex(slug, "/")+1:], "-fr", "-en", 1)
			img, url := first(art, tag("img")), images[slug]
			switch {
			case strings.HasPrefix(url, "https://"):
				if img != nil {
					t.Errorf("GET %s: card %s shows an image of another site", tc.path, slug)
				}
				continue
			case img == nil:
				t.Errorf("GET %s: card %s has no image", tc.path, slug)
				continue
			}
			want++
			lazy := attrOf(img, "loading") == "lazy" && attrOf(img, "decoding") == "async"
			if lazy != (i >= 3) {
				t.Errorf("GET %s: card %d lazy %v", tc.path, i, lazy)
			}
			if alt := attrOf(img, "alt"); !strings.HasPrefix(alt, "Picture "+strings.TrimSuffix(slug, "-en")) || !strings.HasSuffix(alt, tc.path[1:3]) {
				t.Errorf("GET %s: card %s alt %q", tc.path, slug, alt)
			}
			if url == "/media/by-hand.png" {
				if attrOf(img, "src") != url || attrOf(img, "srcset") != "" || attrOf(img, "width") != "" {
					t.Errorf("GET %s: card of a file without a row: %v", tc.path, img.Attr)
				}
				continue
			}
			base := strings.TrimSuffix(url, ".jpg")
			if attrOf(img, "src") != base+"-320w.jpg" || attrOf(img, "width") != "1200" || attrOf(img, "height") != "675" ||
				attrOf(img, "srcset") != base+"-160w.jpg 160w, "+base+"-320w.jpg 320w, "+base+"-640w.jpg 640w, "+base+"-960w.jpg 960w, "+url+" 1200w" {
				t.Errorf("GET %s: card %s image %v", tc.path, slug, img.Attr)
			}
		}
		if got := len(calls[0]); got != want+boolInt(tc.photo) {
			t.Errorf("GET %s: looked up %d paths for %d card images", tc.path, got, want)
		}
		photo := first(doc, hasClass("img", "author-photo"))
		if (photo != nil) != tc.photo || (photo != nil && (attrOf(photo, "alt") != "Grace Hopper" || attrOf(photo, "srcset") == "")) {
			t.Errorf("GET %s: author photo %v", tc.path, photo)
		}
	}

	// The episode page: feature image, author photo and related cards,
	// one look-up.
	doc := fetch("/en/episodes/ep05-en")
	if calls := st.take(); len(calls) != 1 {
		t.Errorf("episode page: %d image look-ups, want 1", len(calls))
	}
	fig := first(doc, hasClass("figure", "feature-image"))
	img := first(fig, tag("img"))
	base := strings.TrimSuffix(images["ep05-en"], ".jpg")
	if img == nil || attrOf(img, "src") != base+"-960w.jpg" || attrOf(img, "alt") != "Picture ep05 en" || attrOf(img, "loading") != "" ||
		attrOf(img, "width") != "1200" || !strings.Contains(attrOf(img, "srcset"), base+"-640w.jpg 640w") {
		t.Errorf("feature image %v", img)
	}
	if p := first(doc, hasClass("img", "author-photo")); p == nil || attrOf(p, "alt") != "Grace Hopper" || attrOf(p, "loading") != "lazy" {
		t.Errorf("author card photo %v", p)
	}
	// An episode whose image is elsewhere keeps a plain img (the page has
	// always shown it so).
	doc = fetch(fmt.Sprintf("/en/episodes/ep%02d-en", n-1))
	if img := first(first(doc, hasClass("figure", "feature-image")), tag("img")); img == nil ||
		attrOf(img, "src") != "https://images.example/bus.jpg" || attrOf(img, "srcset") != "" || attrOf(img, "width") != "" {
		t.Errorf("feature image of another site: %v", img)
	}
	st.take()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
