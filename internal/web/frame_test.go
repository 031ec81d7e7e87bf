package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/pagecache"
	"github.com/busrides/busrides/internal/web"
)

// frameCounter counts the reads of what every page's frame shows.
type frameCounter struct {
	web.Store
	mu    sync.Mutex
	reads map[string]int
}

func (s *frameCounter) count(name string) {
	s.mu.Lock()
	s.reads[name]++
	s.mu.Unlock()
}

func (s *frameCounter) Notice(ctx context.Context) (content.Notice, error) {
	s.count("Notice")
	return s.Store.Notice(ctx)
}

func (s *frameCounter) SiteTitle(ctx context.Context) (content.Bilingual, error) {
	s.count("SiteTitle")
	return s.Store.SiteTitle(ctx)
}

func (s *frameCounter) SitePageLinks(ctx context.Context) ([]content.SitePageLink, error) {
	s.count("SitePageLinks")
	return s.Store.SitePageLinks(ctx)
}

func (s *frameCounter) take() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reads
	s.reads = map[string]int{}
	return r
}

// Pages built at one content generation read the banner, the site's name
// and the footer's site pages once between them, not three queries each;
// once the generation moves (a change seen), the next page reads them
// again and shows the change.
func TestFrameReadOncePerGeneration(t *testing.T) {
	t.Parallel()
	a, clock, _ := apptest.New(t, apptest.Options{NoCache: true})
	cache := pagecache.NewCache(8 << 20)
	st := &frameCounter{Store: a.Store, reads: map[string]int{}}
	h := newSite(t, web.Config{Store: st, Now: clock.Now, Cache: cache})
	get := func(path string) string {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		return rec.Body.String()
	}
	pages := []string{"/en/", "/fr/", "/en/topics", "/fr/sujets", "/en/series", "/en/feeds/episodes.xml"}
	for _, p := range pages {
		get(p)
	}
	want := map[string]int{"Notice": 1, "SiteTitle": 1, "SitePageLinks": 1}
	if got := st.take(); !maps.Equal(got, want) {
		t.Errorf("reads over %d pages of one generation: %v, want %v", len(pages), got, want)
	}

	const banner = "Service interruption tonight"
	if err := a.Store.SetNotice(context.Background(), content.Notice{Enabled: true,
		Text: content.Bilingual{EN: banner, FR: "Interruption de service ce soir"}}); err != nil {
		t.Fatal(err)
	}
	cache.Advance(cache.Generation() + 1) // the change, as the server sees it
	if body := get("/en/authors"); !strings.Contains(body, banner) {
		t.Errorf("a page built after the generation moved does not show the new banner %q", banner)
	}
	if got := st.take(); !maps.Equal(got, want) {
		t.Errorf("reads after the generation moved: %v, want %v", got, want)
	}
}
