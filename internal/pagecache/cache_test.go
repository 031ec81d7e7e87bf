package pagecache_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/busrides/busrides/internal/pagecache"
)

func page(s string) *pagecache.Page { return pagecache.New(200, "text/html", []byte(s), modified) }

func check(t *testing.T, c *pagecache.Cache) {
	t.Helper()
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestCache(t *testing.T) {
	c := pagecache.NewCache(1 << 20)
	if c.Generation() != 0 || c.Len() != 0 {
		t.Fatalf("new cache: gen %d len %d", c.Generation(), c.Len())
	}
	c.Put("/en/", 0, page("a"))
	if got := c.Get("/en/"); got == nil || string(got.Body) != "a" {
		t.Fatalf("Get after Put: %v", got)
	}
	if c.Get("/fr/") != nil {
		t.Errorf("Get of a missing key")
	}

	// Sync to a new generation drops every page.
	c.Sync(5)
	if c.Generation() != 5 || c.Len() != 0 || c.Get("/en/") != nil {
		t.Errorf("after Sync(5): gen %d len %d", c.Generation(), c.Len())
	}
	// A page built before the change (older generation) is not kept.
	c.Put("/en/", 0, page("stale"))
	if c.Get("/en/") != nil {
		t.Errorf("a stale page was stored")
	}
	// Nor one from a generation the cache has not reached.
	c.Put("/en/", 6, page("future"))
	if c.Get("/en/") != nil {
		t.Errorf("a page of another generation was stored")
	}
	c.Put("/en/", 5, page("fresh"))
	if got := c.Get("/en/"); got == nil || string(got.Body) != "fresh" {
		t.Errorf("fresh page: %v", got)
	}
	// Sync to the same generation keeps pages.
	c.Sync(5)
	if c.Get("/en/") == nil {
		t.Errorf("Sync to the same generation dropped pages")
	}
	// Put replaces.
	c.Put("/en/", 5, page("newer"))
	if got := c.Get("/en/"); string(got.Body) != "newer" || c.Len() != 1 {
		t.Errorf("replace: %q, len %d", got.Body, c.Len())
	}
	check(t, c)
	st := c.Stats()
	if st.Hits != 4 || st.Misses != 4 || st.Entries != 1 || st.Invalidated != 1 || st.MaxBytes != 1<<20 {
		t.Errorf("stats %+v", st)
	}
}

// The cache is bounded by bytes: body, gzip form, key, tags and overhead.
func TestCacheBytes(t *testing.T) {
	body := make([]byte, 10<<10)
	const key0 = "/p/000"
	size := int64(len(body)+len(key0)) + pagecache.EntryOverhead
	c := pagecache.NewCache(20 * size)
	for i := range 100 {
		key := fmt.Sprintf("/p/%03d", i)
		c.Put(key, 0, pagecache.New(200, "image/png", body, modified))
		check(t, c)
		if c.Get(key) == nil {
			t.Fatalf("the page just put is missing")
		}
	}
	if st := c.Stats(); st.Entries != 20 || st.Bytes != 20*size || st.Evictions != 80 {
		t.Errorf("after 100 pages of %d bytes in a budget of 20: %+v", size, st)
	}

	// The gzip form is made when the page is stored, and kept alone.
	html := episodeHTML(t)
	p := pagecache.New(200, "text/html; charset=utf-8", html, modified)
	c = pagecache.NewCache(1 << 20)
	c.Put("/e", 0, p)
	gz := p.Gzip()
	if gz == nil || len(gz) >= len(html)/2 {
		t.Fatalf("gzip form %d bytes for %d", len(gz), len(html))
	}
	want := int64(cap(gz)+len("/e")) + pagecache.EntryOverhead
	if st := c.Stats(); st.Bytes != want || cap(p.Body) > len(p.Body)+len(p.Body)/8 || cap(gz) > len(gz)+len(gz)/8 {
		t.Errorf("bytes %d, want %d (body %d/%d, gzip %d/%d)", st.Bytes, want, len(p.Body), cap(p.Body), len(gz), cap(gz))
	}
	// Tags are counted.
	c.PutTagged("/e", c.Begin(), []string{"ep:1", "list:en"}, p)
	want += int64(len("ep:1")+len("list:en")) + 2*pagecache.TagOverhead
	if st := c.Stats(); st.Bytes != want {
		t.Errorf("with tags: bytes %d, want %d", st.Bytes, want)
	}

	// A page larger than a tenth of the budget is not kept, and the older
	// page under its key goes.
	small := pagecache.NewCache(9 * size)
	small.Put("/big", 0, pagecache.New(200, "image/png", body[:100], modified))
	small.Put("/big", 0, pagecache.New(200, "image/png", body, modified))
	if small.Len() != 0 || small.PutTagged("/big", small.Begin(), nil, pagecache.New(200, "image/png", body, modified)) {
		t.Errorf("a page over a tenth of the budget was kept")
	}
	check(t, small)
}

// A page read while on probation stays when new pages flood in; one never
// read again goes first; a key seen again soon after it went comes back to
// the main queue.
func TestCacheEvictionOrder(t *testing.T) {
	body := make([]byte, 10<<10)
	put := func(c *pagecache.Cache, key string) { c.Put(key, 0, pagecache.New(200, "image/png", body, modified)) }
	size := int64(len(body)+len("/read")) + pagecache.EntryOverhead
	c := pagecache.NewCache(20 * size)
	put(c, "/read")
	put(c, "/unread")
	c.Get("/read")
	for i := range 100 {
		put(c, fmt.Sprintf("/x%03d", i))
	}
	if c.Get("/read") == nil {
		t.Errorf("a page read again was evicted by pages read once")
	}
	if c.Get("/unread") != nil {
		t.Errorf("a page never read again outlived 100 newer pages")
	}
	check(t, c)

	// A page that just left unread is in the ghost list: stored again, it
	// joins the main queue and outlives another flood.
	c = pagecache.NewCache(20 * size)
	put(c, "/unread")
	for i := range 20 {
		put(c, fmt.Sprintf("/x%03d", i))
	}
	if c.Get("/unread") != nil {
		t.Fatalf("the oldest page did not go first")
	}
	put(c, "/unread")
	for i := range 100 {
		put(c, fmt.Sprintf("/y%03d", i))
	}
	if c.Get("/unread") == nil {
		t.Errorf("a page asked for again soon after it went was evicted by pages read once")
	}
	check(t, c)
}

func TestInvalidate(t *testing.T) {
	c := pagecache.NewCache(1 << 20)
	tagged := map[string][]string{
		"/en/episodes/a": {"ep:1", "list:en"},
		"/fr/episodes/a": {"ep:1", "list:fr"},
		"/en/episodes/b": {"ep:2", "list:en"},
		"/en/topics/t":   {"topic:7", "list:en"},
		"/fr/sujets/t":   {"topic:7", "list:fr"},
		"/en/privacy":    nil,
	}
	for k, tags := range tagged {
		if !c.PutTagged(k, c.Begin(), tags, page(k)) {
			t.Fatalf("%s not stored", k)
		}
	}
	c.Put("/en/", 0, page("home"))
	has := func(want ...string) {
		t.Helper()
		check(t, c)
		if c.Len() != len(want) {
			t.Errorf("%d pages, want %d", c.Len(), len(want))
		}
		for _, k := range want {
			if p := c.Get(k); p == nil || string(p.Body) != k && k != "/en/" {
				t.Errorf("%s missing", k)
			}
		}
	}
	if n := c.Invalidate("ep:1"); n != 2 {
		t.Errorf("Invalidate(ep:1) dropped %d pages, want 2", n)
	}
	has("/en/episodes/b", "/en/topics/t", "/fr/sujets/t", "/en/privacy", "/en/")
	if n := c.Invalidate("list:fr", "nothing", "topic:7"); n != 2 {
		t.Errorf("Invalidate(list:fr, nothing, topic:7) dropped %d pages, want 2", n)
	}
	has("/en/episodes/b", "/en/privacy", "/en/")
	if n := c.Invalidate(); n != 0 {
		t.Errorf("Invalidate() dropped %d", n)
	}
	if n := c.Invalidate("list:en"); n != 1 || c.TagCount() != 0 {
		t.Errorf("Invalidate(list:en) dropped %d, %d tags left", n, c.TagCount())
	}
	has("/en/privacy", "/en/")
	c.InvalidateAll()
	has()
	if st := c.Stats(); st.Invalidated != 7 {
		t.Errorf("%d pages counted as invalidated, want 7", st.Invalidated)
	}

	// Evicted pages leave the tag index.
	body := make([]byte, 4<<10)
	c = pagecache.NewCache(64 << 10)
	for i := range 200 {
		c.PutTagged(fmt.Sprintf("/k%d", i), c.Begin(), []string{"ep:" + strconv.Itoa(i), "list:en"}, pagecache.New(200, "image/png", body, modified))
	}
	check(t, c)
	if n := c.TagCount(); n != c.Len()+1 {
		t.Errorf("%d tags indexed for %d pages", n, c.Len())
	}
	if n := c.Invalidate("list:en"); n != c.Stats().Entries+n || c.Len() != 0 || c.TagCount() != 0 {
		t.Errorf("after dropping every page: %d pages, %d tags", c.Len(), c.TagCount())
	}
}

// A page built from content older than an invalidation of one of its tags
// is refused.
func TestStaleBuildRefused(t *testing.T) {
	c := pagecache.NewCache(1 << 20)
	since := c.Begin()
	c.Invalidate("ep:1")
	if c.PutTagged("/a", since, []string{"list:en", "ep:1"}, page("old")) || c.Get("/a") != nil {
		t.Errorf("a page built before its tag was invalidated was stored")
	}
	if !c.PutTagged("/b", since, []string{"ep:2"}, page("b")) {
		t.Errorf("a page whose tags were not invalidated was refused")
	}
	if !c.PutTagged("/a", c.Begin(), []string{"ep:1"}, page("new")) {
		t.Errorf("a page built after the invalidation was refused")
	}

	since = c.Begin()
	c.InvalidateAll()
	if c.PutTagged("/c", since, []string{"ep:3"}, page("c")) || c.PutTagged("/d", since, nil, page("d")) {
		t.Errorf("a page built before InvalidateAll was stored")
	}
	since = c.Begin()
	c.Sync(1)
	if c.PutTagged("/c", since, nil, page("c")) {
		t.Errorf("a page built before the generation moved was stored")
	}
	since = c.Begin()
	c.Sync(1)
	if !c.PutTagged("/c", since, nil, page("c")) {
		t.Errorf("Sync to the same generation refused a page")
	}

	// The log of invalidated tags is bounded: when it is forgotten, builds
	// begun before are refused whatever their tags.
	since = c.Begin()
	for i := range pagecache.MaxInvalidatedTags + 10 {
		c.Invalidate("t:" + strconv.Itoa(i))
	}
	if tags, _ := c.Remembered(); tags > pagecache.MaxInvalidatedTags {
		t.Errorf("%d invalidated tags remembered", tags)
	}
	if c.PutTagged("/e", since, []string{"untouched"}, page("e")) {
		t.Errorf("a build begun before the log was forgotten was stored")
	}
	if !c.PutTagged("/e", c.Begin(), []string{"t:1"}, page("e")) {
		t.Errorf("a build begun after was refused")
	}
	check(t, c)
}

// build returns a Do builder that counts its runs, waits for release (when
// not nil) and returns p with tags.
func build(runs *atomic.Int32, release <-chan struct{}, p *pagecache.Page, tags ...string) func() (*pagecache.Page, []string, error) {
	return func() (*pagecache.Page, []string, error) {
		runs.Add(1)
		if release != nil {
			<-release
		}
		return p, tags, nil
	}
}

// Many concurrent misses of one key build it once.
func TestDoOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := pagecache.NewCache(1 << 20)
		var runs atomic.Int32
		release := make(chan struct{})
		want := page("built")
		const n = 50
		var builders atomic.Int32
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				p, hit, err := c.Do(t.Context(), "/k", build(&runs, release, want, "ep:1"))
				if err != nil || p != want {
					t.Errorf("Do: %v, %v", p, err)
				}
				if !hit {
					builders.Add(1)
				}
			})
		}
		synctest.Wait() // one caller in the build, the others waiting on it
		if runs.Load() != 1 {
			t.Fatalf("%d builds running, want 1", runs.Load())
		}
		close(release)
		wg.Wait()
		if runs.Load() != 1 || builders.Load() != 1 {
			t.Errorf("%d builds, %d callers without a hit, want 1 and 1", runs.Load(), builders.Load())
		}
		if c.Get("/k") != want {
			t.Errorf("the page built is not cached")
		}
		if st := c.Stats(); st.Hits != n || st.Misses != 1 {
			t.Errorf("stats %+v, want %d hits (49 waiters and Get) and 1 miss", st, n)
		}
		// Then a hit, without building.
		if p, hit, _ := c.Do(t.Context(), "/k", build(&runs, nil, page("again"))); p != want || !hit || runs.Load() != 1 {
			t.Errorf("Do after the build: hit %v, %d builds", hit, runs.Load())
		}
		// The page read by the waiters is on its way to the main queue:
		// it survives a flood of pages read once.
		for i := range 200 {
			c.Put(fmt.Sprintf("/x%d", i), 0, pagecache.New(200, "image/png", make([]byte, 20<<10), modified))
		}
		if c.Get("/k") == nil {
			t.Errorf("a page many callers waited for was evicted by pages read once")
		}
		check(t, c)
	})
}

// The first caller's cancellation does not fail the callers waiting on its
// build: one of them builds again, once; a waiter whose own context ends
// stops waiting.
func TestDoLeaderCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := pagecache.NewCache(1 << 20)
		ctx, cancel := context.WithCancel(t.Context())
		var leaderErr error
		var wg sync.WaitGroup
		wg.Go(func() {
			_, _, leaderErr = c.Do(ctx, "/k", func() (*pagecache.Page, []string, error) {
				<-ctx.Done()
				return nil, nil, fmt.Errorf("query: %w", ctx.Err())
			})
		})
		synctest.Wait()
		var runs atomic.Int32
		want := page("rebuilt")
		const n = 20
		for range n {
			wg.Go(func() {
				p, _, err := c.Do(t.Context(), "/k", build(&runs, nil, want))
				if err != nil || p != want {
					t.Errorf("waiter: %v, %v", p, err)
				}
			})
		}
		impatient, stop := context.WithCancel(t.Context())
		var impatientErr error
		wg.Go(func() {
			_, _, impatientErr = c.Do(impatient, "/k", build(&runs, nil, want))
		})
		synctest.Wait()
		stop()
		synctest.Wait()
		if !errors.Is(impatientErr, context.Canceled) || runs.Load() != 0 {
			t.Errorf("a waiter whose context ended: %v, %d builds", impatientErr, runs.Load())
		}
		cancel()
		wg.Wait()
		if !errors.Is(leaderErr, context.Canceled) {
			t.Errorf("leader: %v", leaderErr)
		}
		if runs.Load() != 1 || c.Get("/k") != want {
			t.Errorf("%d builds after the leader was cancelled, want 1", runs.Load())
		}
	})
}

// Another failure is shared with the waiters, not cached; a panic reaches
// its caller, and the waiters get ErrBuildPanicked.
func TestDoFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := pagecache.NewCache(1 << 20)
		down := errors.New("database down")
		release := make(chan struct{})
		var runs atomic.Int32
		var wg sync.WaitGroup
		const n = 10
		for range n {
			wg.Go(func() {
				_, _, err := c.Do(t.Context(), "/k", func() (*pagecache.Page, []string, error) {
					runs.Add(1)
					<-release
					return nil, nil, down
				})
				if !errors.Is(err, down) {
					t.Errorf("err %v", err)
				}
			})
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		if runs.Load() != 1 || c.Len() != 0 {
			t.Errorf("%d builds, %d pages", runs.Load(), c.Len())
		}

		release = make(chan struct{})
		var recovered any
		wg.Go(func() {
			defer func() { recovered = recover() }()
			_, _, _ = c.Do(t.Context(), "/k", func() (*pagecache.Page, []string, error) {
				<-release
				panic("template broke")
			})
		})
		synctest.Wait()
		for range n {
			wg.Go(func() {
				if _, _, err := c.Do(t.Context(), "/k", build(&runs, nil, page("x"))); !errors.Is(err, pagecache.ErrBuildPanicked) {
					t.Errorf("waiter on a panicking build: %v", err)
				}
			})
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		if recovered != "template broke" {
			t.Errorf("the panic did not reach its caller: %v", recovered)
		}
		// Nothing is left behind: the next call builds.
		if p, hit, err := c.Do(t.Context(), "/k", build(&runs, nil, page("ok"))); err != nil || hit || string(p.Body) != "ok" {
			t.Errorf("after the panic: %v %v %v", p, hit, err)
		}
		// A page of another status is shared but not stored.
		nf := pagecache.New(404, "text/html", []byte("gone"), modified)
		if p, _, err := c.Do(t.Context(), "/gone", build(&runs, nil, nf)); p != nf || err != nil || c.Get("/gone") != nil {
			t.Errorf("404: %v %v, stored %v", p, err, c.Get("/gone") != nil)
		}
		// A build that returns neither is an error.
		if _, _, err := c.Do(t.Context(), "/nil", func() (*pagecache.Page, []string, error) { return nil, nil, nil }); err == nil {
			t.Errorf("a build returning no page is not an error")
		}
	})
}

// A caller that joined a build before an invalidation gets its page; one
// that joined after builds again, since the page may predate the change.
func TestDoInvalidatedDuringBuild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := pagecache.NewCache(1 << 20)
		release := make(chan struct{})
		var runs atomic.Int32
		old, fresh := page("old"), page("fresh")
		var wg sync.WaitGroup
		var got [2]*pagecache.Page
		wg.Go(func() { got[0], _, _ = c.Do(t.Context(), "/k", build(&runs, release, old, "ep:1")) })
		synctest.Wait()
		var early *pagecache.Page
		wg.Go(func() { early, _, _ = c.Do(t.Context(), "/k", build(&runs, nil, fresh, "ep:1")) })
		synctest.Wait()
		c.Invalidate("ep:1")
		wg.Go(func() { got[1], _, _ = c.Do(t.Context(), "/k", build(&runs, nil, fresh, "ep:1")) })
		synctest.Wait()
		close(release)
		wg.Wait()
		if got[0] != old || early != old || got[1] != fresh {
			t.Errorf("pages %q %q %q, want old old fresh", got[0].Body, early.Body, got[1].Body)
		}
		if runs.Load() != 2 || c.Get("/k") != fresh {
			t.Errorf("%d builds; cached %v", runs.Load(), c.Get("/k"))
		}
	})
}

// Concurrent use keeps the bookkeeping sound (run with -race).
func TestCacheConcurrent(t *testing.T) {
	html := episodeHTML(t)
	const keys = 64
	pages := make([]*pagecache.Page, keys)
	for i := range pages {
		pages[i] = pagecache.New(200, "text/html", html[:len(html)/(1+i%4)], modified)
		pages[i].Gzip()
	}
	c := pagecache.NewCache(64 << 10) // a score of compact pages: constant eviction
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 0))
			for i := range 2000 {
				k := r.IntN(keys)
				key := strconv.Itoa(k)
				tags := []string{"ep:" + strconv.Itoa(k%16), "list:" + strconv.Itoa(k%2)}
				switch op := r.IntN(100); {
				case op < 50:
					if p := c.Get(key); p != nil && p.ETag != pages[k].ETag {
						t.Errorf("foreign page under %s", key)
					}
				case op < 65:
					c.Put(key, c.Generation(), pages[k])
				case op < 80:
					c.PutTagged(key, c.Begin(), tags, pages[k])
				case op < 92:
					p, _, err := c.Do(t.Context(), key, func() (*pagecache.Page, []string, error) { return pages[k], tags, nil })
					if err != nil || p.ETag != pages[k].ETag {
						t.Errorf("Do: %v", err)
					}
				case op < 97:
					c.Invalidate(tags[r.IntN(2)])
				case op < 98:
					c.InvalidateAll()
				case op < 99:
					c.Sync(int64(i / 500))
				default:
					_ = c.Stats()
					_ = c.Len()
				}
			}
		})
	}
	wg.Wait()
	check(t, c)
	st := c.Stats()
	if st.Bytes > st.MaxBytes || st.Hits == 0 || st.Evictions == 0 {
		t.Errorf("stats %+v", st)
	}
}

func episodeHTML(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/episode.html")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Hit counts a hit when the page is there and nothing when it is not
// (the Do that follows counts the miss once).
func TestHitCountsOnlyHits(t *testing.T) {
	c := pagecache.NewCache(1 << 20)
	if p := c.Hit("/a"); p != nil {
		t.Fatal("a page under a key never stored")
	}
	if s := c.Stats(); s.Hits != 0 || s.Misses != 0 {
		t.Fatalf("after a lookup that found nothing: %+v", s)
	}
	if _, hit, err := c.Do(t.Context(), "/a", func() (*pagecache.Page, []string, error) {
		return pagecache.New(200, "text/plain", []byte("a"), time.Time{}), nil, nil
	}); err != nil || hit {
		t.Fatalf("Do: hit %v, %v", hit, err)
	}
	if p := c.Hit("/a"); p == nil || string(p.Body) != "a" {
		t.Fatalf("Hit after Do: %v", p)
	}
	if s := c.Stats(); s.Hits != 1 || s.Misses != 1 {
		t.Fatalf("one miss then one hit counted as %+v", s)
	}
}
