package pagecache_test

import (
	"container/list"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/busrides/busrides/internal/pagecache"
)

// A simulated site: readers ask for pages by popularity (Zipf, s = 1, over
// simKeys pages), while a crawler walks every page in order, one request
// for each reader's. The cache holds a tenth of the pages' bytes.
const (
	simKeys    = 20000
	simWarm    = 2 * simKeys // reader requests before counting (two crawls)
	simReads   = 5 * simKeys // reader requests counted (five more crawls)
	simMinSize = 4 << 10
	simMaxSize = 24 << 10
)

// zipf draws ranks 0..n-1 with P(k) proportional to 1/(k+1)^s.
// (math/rand/v2's Zipf needs s > 1.)
type zipf struct {
	cdf []float64
	r   *rand.Rand
}

func newZipf(r *rand.Rand, s float64, n int) *zipf {
	z := &zipf{cdf: make([]float64, n), r: r}
	sum := 0.0
	for k := range n {
		sum += 1 / pow(float64(k+1), s)
		z.cdf[k] = sum
	}
	return z
}

func pow(x, s float64) float64 {
	if s == 1 {
		return x
	}
	r := 1.0
	for range int(s) {
		r *= x
	}
	return r
}

func (z *zipf) next() int {
	return sort.SearchFloat64s(z.cdf, z.r.Float64()*z.cdf[len(z.cdf)-1])
}

// policy is a cache under simulation: get reports a hit, put stores after
// a miss.
type policy interface {
	get(k int) bool
	put(k int)
}

// simulate runs the workload and returns the readers' hit rate.
func simulate(p policy, seed uint64) float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	perm := r.Perm(simKeys) // popularity rank → key, unrelated to the crawl order
	z := newZipf(r, 1, simKeys)
	crawl := 0
	hits := 0
	for i := range simWarm + simReads {
		k := perm[z.next()]
		if p.get(k) {
			if i >= simWarm {
				hits++
			}
		} else {
			p.put(k)
		}
		if !p.get(crawl) {
			p.put(crawl)
		}
		crawl = (crawl + 1) % simKeys
	}
	return float64(hits) / simReads
}

// simSite is the simulated pages: keys and pages of varied sizes (not
// compressible, so that building them is cheap), and their total size as
// the cache counts it.
type simSite struct {
	keys  []string
	pages []*pagecache.Page
	bytes int64
}

func newSimSite() *simSite {
	r := rand.New(rand.NewPCG(7, 7))
	buf := make([]byte, simMaxSize)
	s := &simSite{}
	for k := range simKeys {
		n := simMinSize + r.IntN(simMaxSize-simMinSize)
		key := fmt.Sprintf("/en/episodes/page-%05d", k)
		s.keys = append(s.keys, key)
		s.pages = append(s.pages, pagecache.New(200, "application/octet-stream", buf[:n:n], modified))
		s.bytes += int64(n+len(key)) + pagecache.EntryOverhead
	}
	return s
}

// s3fifo is the Cache itself.
type s3fifo struct {
	c    *pagecache.Cache
	site *simSite
}

func (p s3fifo) get(k int) bool { return p.c.Get(p.site.keys[k]) != nil }
func (p s3fifo) put(k int)      { p.c.Put(p.site.keys[k], 0, p.site.pages[k]) }

// clearAll is the policy before: a map of at most max pages, emptied when
// full.
type clearAll struct {
	max int
	m   map[int]bool
}

func (p *clearAll) get(k int) bool { return p.m[k] }
func (p *clearAll) put(k int) {
	if len(p.m) >= p.max {
		clear(p.m)
	}
	p.m[k] = true
}

// lru is a least-recently-used cache of at most max pages, for comparison.
type lru struct {
	max int
	l   *list.List
	m   map[int]*list.Element
}

func (p *lru) get(k int) bool {
	if e := p.m[k]; e != nil {
		p.l.MoveToFront(e)
		return true
	}
	return false
}
func (p *lru) put(k int) {
	p.m[k] = p.l.PushFront(k)
	if p.l.Len() > p.max {
		delete(p.m, p.l.Remove(p.l.Back()).(int))
	}
}

// The readers keep most of their hits while a crawler walks every page: the
// cache holds a tenth of the pages, and the readers' hit rate stays above
// simMinHitRate. The policy before (a map emptied when full, of as many
// pages) stays far below; a plain LRU is shown for comparison.
func TestCacheScanResistance(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation of 280,000 requests")
	}
	const simMinHitRate = 0.70
	site := newSimSite()
	budget := site.bytes / 10
	pages := simKeys / 10
	// What the readers would get with the tenth of the pages they read
	// most always cached and no crawler (an upper bound).
	h := func(n int) float64 {
		s := 0.0
		for k := 1; k <= n; k++ {
			s += 1 / float64(k)
		}
		return s
	}
	ideal := h(pages) / h(simKeys)

	c := pagecache.NewCache(budget)
	got := simulate(s3fifo{c, site}, 1)
	old := simulate(&clearAll{max: pages, m: map[int]bool{}}, 1)
	lr := simulate(&lru{max: pages, l: list.New(), m: map[int]*list.Element{}}, 1)
	st := c.Stats()
	t.Logf("readers' hit rate with a crawler, cache of %d of %d pages (%d KiB): S3-FIFO %.1f%%, clear-all %.1f%%, LRU %.1f%%, static best %.1f%%; %d pages held, %d evictions",
		pages, simKeys, budget>>10, 100*got, 100*old, 100*lr, 100*ideal, st.Entries, st.Evictions)
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	if got < simMinHitRate {
		t.Errorf("readers' hit rate %.3f, want at least %.2f", got, simMinHitRate)
	}
	if old >= simMinHitRate {
		t.Errorf("the clear-all policy reached %.3f: the simulation does not tell them apart", old)
	}
}
