package pagecache_test

import (
	"fmt"
	"testing"

	"github.com/busrides/busrides/internal/pagecache"
)

// benchCache holds n copies of an episode page (19 KB, gzip made) under
// episode-like keys.
func benchCache(b *testing.B, n int) (*pagecache.Cache, []string) {
	html := episodeHTML(b)
	p := pagecache.New(200, "text/html; charset=utf-8", html, modified)
	p.Gzip()
	c := pagecache.NewCache(64 << 20)
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("/en/episodes/good-data-bad-data-quality-basics-%04d", i)
		c.Put(keys[i], 0, p)
	}
	return c, keys
}

// The hit path: a read lock, a map lookup, a counter.
func BenchmarkGet(b *testing.B) {
	c, keys := benchCache(b, 1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if c.Get(keys[i&511]) == nil {
			b.Fatal("miss")
		}
		i++
	}
}

func BenchmarkGetParallel(b *testing.B) {
	c, keys := benchCache(b, 1000)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if c.Get(keys[i&511]) == nil {
				b.Fatal("miss")
			}
			i++
		}
	})
}

// Storing pages whose gzip form is made, in a full cache: each Put evicts.
func BenchmarkPut(b *testing.B) {
	html := episodeHTML(b)
	p := pagecache.New(200, "text/html; charset=utf-8", html, modified)
	p.Gzip()
	c := pagecache.NewCache(1 << 20) // about 40 such pages
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = fmt.Sprintf("/en/episodes/good-data-bad-data-quality-basics-%04d", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Put(keys[i&4095], 0, p)
		i++
	}
}

// What a miss costs in this package: New (hash) alone, and New then Put,
// which makes the gzip form (the eager compression).
func BenchmarkNewPut(b *testing.B) {
	html := episodeHTML(b)
	b.Run("New", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(html)))
		for b.Loop() {
			pagecache.New(200, "text/html; charset=utf-8", html, modified)
		}
	})
	b.Run("New+Put", func(b *testing.B) {
		c := pagecache.NewCache(1 << 20)
		b.ReportAllocs()
		b.SetBytes(int64(len(html)))
		for b.Loop() {
			c.Put("/en/episodes/good-data-bad-data-quality-basics", 0, pagecache.New(200, "text/html; charset=utf-8", html, modified))
		}
	})
}

func BenchmarkDoHit(b *testing.B) {
	c, keys := benchCache(b, 1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, hit, _ := c.Do(b.Context(), keys[i&511], nil); !hit {
			b.Fatal("miss")
		}
		i++
	}
}
