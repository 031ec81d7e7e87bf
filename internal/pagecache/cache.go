package pagecache

import (
	"context"
	"errors"
	"hash/maphash"
	"net/http"
	"sync"
	"sync/atomic"
)

// Cache keeps pages by key within a budget of bytes.
//
// # Eviction: S3-FIFO, counted in bytes
//
// Pages enter a small FIFO queue (a tenth of the budget). A page read again
// while there moves to the main FIFO queue when it reaches the queue's end;
// a page nobody read again leaves, and its key is remembered in a ghost list
// (keys only). A page whose key is still in the ghost list when it is stored
// again goes straight to the main queue. The main queue is a CLOCK: a page at
// its end that was read since it last passed there goes back to the front
// (its counter, at most 3, decremented), one that was not leaves. This is
// S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction",
// SOSP 2023), with sizes in bytes instead of objects.
//
// Why this policy rather than LRU, segmented LRU or W-TinyLFU:
//
//   - Scan resistance is what the site needs: a crawler walking the sitemap
//     asks for every URL once. Those pages pass through the small queue and
//     leave it without displacing the readers' pages in the main queue,
//     where a plain LRU lets a walk over more pages than fit flush them all.
//     In TestCacheScanResistance (Zipf readers and a crawler over 20,000
//     pages, a tenth of them cached) readers hit 74%, against 60% with LRU,
//     49% with the map emptied when full that this replaced, and 78% for a
//     cache that always held the most read pages.
//   - A hit only raises a two-bit counter on the entry, atomically, under the
//     read lock: Get never reorders a list, so concurrent hits do not
//     serialise on an exclusive lock as LRU and segmented LRU hits do.
//   - It is small: two intrusive lists, a ring of hashed keys, no frequency
//     sketch to size and age as W-TinyLFU needs, and it matches W-TinyLFU's
//     hit ratios on web traces in the paper.
//
// # Size
//
// A page's size is what it holds: the capacity of its body and of its gzip
// form, which Put makes at once (outside the lock) so that the size is known
// before the page is admitted, plus its key, its tags and a fixed overhead
// for the entry, the page's fields and the maps' slots. A page larger than a
// tenth of the budget is not kept. The tag index is charged to the pages that
// carry the tags, so the budget bounds it too; the ghost list holds at most
// one small record per 4 KiB of the main queue's budget.
//
// # Invalidation
//
// Pages are stored with dependency tags (PutTagged): Invalidate drops exactly
// the pages carrying a tag, InvalidateAll and a new generation (Sync) drop
// all. A builder reads Begin before it reads the content, and PutTagged
// refuses its page when one of its tags, or everything, was invalidated after
// that: the page may hold content older than the change. Do wraps the whole
// sequence and builds each missing page once however many requests ask for it
// at the same time.
type Cache struct {
	max      int64 // bytes
	smallMax int64 // the small queue's share; also the largest page kept
	seed     maphash.Seed

	mu          sync.RWMutex
	gen         int64
	entries     map[string]*entry
	small, main queue
	ghost       ghost
	tags        map[string]map[*entry]struct{}
	// invalidated is each tag's latest invalidation sequence, for the
	// tags invalidated since floor; a page built before floor (InvalidateAll,
	// Sync, or the log forgotten when it grew too large) is refused.
	invalidated map[string]uint64
	floor       uint64

	seq atomic.Uint64 // invalidation sequence: written under mu, read by Begin

	fmu     sync.Mutex
	flights map[string]*flight

	hits, misses, evictions, dropped atomic.Uint64
}

// Overheads charged to each page on top of its bytes: the entry, the Page
// struct and its strings, the key map's slot (entryOverhead), and each tag's
// slots in the tag index (tagOverhead). Measured order of magnitude, not
// exact; they keep many tiny pages from escaping the budget.
const (
	entryOverhead = 384
	tagOverhead   = 96
)

// maxInvalidatedTags bounds the log of invalidated tags: when it is full it
// is forgotten and every build begun before then is refused, as after
// InvalidateAll (a cheap, conservative cut: only pages being built at that
// moment are not stored).
const maxInvalidatedTags = 1 << 14

// maxFreq is the largest read count an entry remembers (two bits).
const maxFreq = 3

type entry struct {
	key    string
	page   *Page
	size   int64
	tags   []string
	freq   atomic.Uint32 // reads since stored, or since the main queue last passed it
	inMain bool
	// The queue the entry is in, newest at head.
	prev, next *entry
}

// queue is an intrusive doubly linked FIFO: pushed at head, taken at tail,
// removable from the middle (invalidation, replacement).
type queue struct {
	head, tail *entry
	bytes      int64
	n          int
}

func (q *queue) push(e *entry) {
	e.prev, e.next = nil, q.head
	if q.head != nil {
		q.head.prev = e
	} else {
		q.tail = e
	}
	q.head = e
	q.bytes += e.size
	q.n++
}

func (q *queue) remove(e *entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		q.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		q.tail = e.prev
	}
	e.prev, e.next = nil, nil
	q.bytes -= e.size
	q.n--
}

// ghost remembers the hashed keys of the pages that left the small queue
// unread, FIFO, up to bytes (the sizes those pages had) or n records.
type ghost struct {
	ids   map[uint64]uint64 // key hash → id of its latest record
	ring  []ghostRecord     // FIFO, oldest at ring[start]
	start int
	next  uint64 // id of the next record
	bytes int64  // sizes of the records in ring (some may be stale)

	maxBytes int64
	maxN     int
}

type ghostRecord struct {
	hash, id uint64
	size     int64
}

func (g *ghost) add(h uint64, size int64) {
	g.next++
	g.ids[h] = g.next
	g.ring = append(g.ring, ghostRecord{hash: h, id: g.next, size: size})
	g.bytes += size
	for len(g.ring)-g.start > g.maxN || (g.bytes > g.maxBytes && len(g.ring)-g.start > 1) {
		r := g.ring[g.start]
		g.ring[g.start] = ghostRecord{}
		g.start++
		g.bytes -= r.size
		if g.ids[r.hash] == r.id {
			delete(g.ids, r.hash)
		}
	}
	// Compact the ring once half of it is spent.
	if g.start > len(g.ring)/2 && g.start > 64 {
		n := copy(g.ring, g.ring[g.start:])
		clear(g.ring[n:])
		g.ring, g.start = g.ring[:n], 0
	}
}

// take reports whether h is remembered, and forgets it.
func (g *ghost) take(h uint64) bool {
	if _, ok := g.ids[h]; !ok {
		return false
	}
	delete(g.ids, h)
	return true
}

// NewCache returns a cache holding at most maxBytes bytes of pages (see
// Cache for what is counted). A bound below 64 KiB is raised to 64 KiB.
func NewCache(maxBytes int64) *Cache {
	maxBytes = max(maxBytes, 64<<10)
	small := maxBytes / 10
	return &Cache{
		max:         maxBytes,
		smallMax:    small,
		seed:        maphash.MakeSeed(),
		entries:     make(map[string]*entry),
		tags:        make(map[string]map[*entry]struct{}),
		invalidated: make(map[string]uint64),
		flights:     make(map[string]*flight),
		ghost: ghost{
			ids:      make(map[uint64]uint64),
			maxBytes: maxBytes - small,
			maxN:     int(max((maxBytes-small)>>12, 256)),
		},
	}
}

// Get returns the page under key, or nil. A hit takes the read lock and
// raises the entry's read counter; it does not allocate.
func (c *Cache) Get(key string) *Page {
	p := c.get(key)
	if p == nil {
		c.misses.Add(1)
	} else {
		c.hits.Add(1)
	}
	return p
}

// Hit returns the page under key and counts a hit, or returns nil and
// counts nothing: a caller that then calls Do for the page has its miss
// counted there. It spares a hit the allocations of Do's build function.
func (c *Cache) Hit(key string) *Page {
	p := c.get(key)
	if p != nil {
		c.hits.Add(1)
	}
	return p
}

// get is Get without counting.
func (c *Cache) get(key string) *Page {
	c.mu.RLock()
	e := c.entries[key]
	var p *Page
	if e != nil {
		p = e.page
		// One attempt is enough: a lost race means another reader
		// raised it. Stop at maxFreq so that hot entries are only read.
		if f := e.freq.Load(); f < maxFreq {
			e.freq.CompareAndSwap(f, f+1)
		}
	}
	c.mu.RUnlock()
	return p
}

// Put stores a page built while the content was at generation gen; a page
// built from older content is not kept. It carries no tags: only
// InvalidateAll and Sync drop it. See PutTagged for what Put may do to p.
func (c *Cache) Put(key string, gen int64, p *Page) {
	p, size, ok := c.prepare(key, nil, p)
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if !ok {
		c.dropKey(key) // what it held is older than the page refused
		return
	}
	c.insert(key, nil, p, size)
}

// Begin returns the invalidation sequence; read it before reading the
// content a page is built from, and give it to PutTagged.
func (c *Cache) Begin() uint64 { return c.seq.Load() }

// PutTagged stores p under key with the tags it depends on, unless one of
// those tags (or everything) was invalidated after since, the value Begin
// returned before the page was built: the page could then show content older
// than the change. It reports whether the page was stored (a page larger than
// a tenth of the budget is not).
//
// Its gzip form is made first (Page.Gzip), outside the lock, so that its
// size is known before it is admitted.
func (c *Cache) PutTagged(key string, since uint64, tags []string, p *Page) bool {
	stored, _ := c.putTagged(key, since, tags, p)
	return stored
}

// putTagged is PutTagged, also reporting whether the page was refused for
// an invalidation after since.
func (c *Cache) putTagged(key string, since uint64, tags []string, p *Page) (stored, stale bool) {
	p, size, ok := c.prepare(key, tags, p)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.staleLocked(since, tags) {
		return false, true
	}
	if !ok {
		c.dropKey(key) // what it held is older than the page refused
		return false, false
	}
	tags = append([]string(nil), tags...)
	c.insert(key, tags, p, size)
	return true, false
}

// prepare returns the page to keep for p, in its gzip form only when it
// has one (Page.Compact: four times the pages in the budget), and its
// size, or false when it is too large to keep. It runs outside the lock.
func (c *Cache) prepare(key string, tags []string, p *Page) (*Page, int64, bool) {
	if p == nil {
		return nil, 0, false
	}
	p = p.Compact()
	size := int64(cap(p.Body)+cap(p.Gzip())+len(key)) + entryOverhead
	for _, t := range tags {
		size += int64(len(t)) + tagOverhead
	}
	return p, size, size <= c.smallMax
}

func (c *Cache) staleLocked(since uint64, tags []string) bool {
	if since < c.floor {
		return true
	}
	for _, t := range tags {
		if s, ok := c.invalidated[t]; ok && since < s {
			return true
		}
	}
	return false
}

// insert stores an entry, replacing any under key, then evicts down to the
// budget. Called with mu held.
func (c *Cache) insert(key string, tags []string, p *Page, size int64) {
	inMain := c.ghost.take(maphash.String(c.seed, key))
	if old := c.entries[key]; old != nil {
		inMain = inMain || old.inMain
		c.remove(old)
	}
	e := &entry{key: key, page: p, size: size, tags: tags, inMain: inMain}
	c.entries[key] = e
	for _, t := range tags {
		set := c.tags[t]
		if set == nil {
			set = make(map[*entry]struct{}, 1)
			c.tags[t] = set
		}
		set[e] = struct{}{}
	}
	if inMain {
		c.main.push(e)
	} else {
		c.small.push(e)
	}
	c.evict()
}

// remove takes e out of its queue, the key map and the tag index.
func (c *Cache) remove(e *entry) {
	if e.inMain {
		c.main.remove(e)
	} else {
		c.small.remove(e)
	}
	delete(c.entries, e.key)
	for _, t := range e.tags {
		if set := c.tags[t]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.tags, t)
			}
		}
	}
}

// dropKey removes the entry under key, if any. Called with mu held.
func (c *Cache) dropKey(key string) {
	if e := c.entries[key]; e != nil {
		c.remove(e)
	}
}

// evict drops pages until the cache fits its budget. Readers hold the read
// lock to raise counters, so none change while it runs: each main entry
// goes round at most maxFreq times, and the loop ends.
func (c *Cache) evict() {
	for c.small.bytes+c.main.bytes > c.max {
		if c.small.n > 0 && (c.small.bytes > c.smallMax || c.main.n == 0) {
			e := c.small.tail
			if e.freq.Load() > 0 {
				// Read while on probation: into the main queue.
				c.small.remove(e)
				e.inMain = true
				c.main.push(e)
				continue
			}
			c.ghost.add(maphash.String(c.seed, e.key), e.size)
			c.remove(e)
			c.evictions.Add(1)
			continue
		}
		e := c.main.tail
		if f := e.freq.Load(); f > 0 {
			e.freq.Store(f - 1)
			c.main.remove(e)
			c.main.push(e)
			continue
		}
		c.remove(e)
		c.evictions.Add(1)
	}
}

// Generation returns the generation the cached pages belong to.
func (c *Cache) Generation() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// Sync moves the cache to generation gen, dropping every page if it changed
// (and refusing the pages being built from the content before).
func (c *Cache) Sync(gen int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		c.gen = gen
		c.invalidateAllLocked()
	}
}

// Invalidate drops the pages carrying any of tags and refuses the pages
// carrying them that are being built (PutTagged with an older since). It
// returns the number of pages dropped.
func (c *Cache) Invalidate(tags ...string) int {
	if len(tags) == 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	seq := c.seq.Add(1)
	n := 0
	for _, t := range tags {
		if len(c.invalidated) >= maxInvalidatedTags {
			clear(c.invalidated)
			c.floor = seq
		}
		c.invalidated[t] = seq
		for e := range c.tags[t] {
			c.remove(e) // deletes from the set being ranged over: allowed
			n++
		}
	}
	c.dropped.Add(uint64(n))
	return n
}

// Advance moves the cache to generation gen, dropping the pages carrying
// any of tags (what the changes between its generation and gen touched,
// store.Changes) and keeping the others. It returns the number dropped.
func (c *Cache) Advance(gen int64, tags ...string) int {
	n := c.Invalidate(tags...)
	c.mu.Lock()
	c.gen = gen
	c.mu.Unlock()
	return n
}

// InvalidateAll drops every page and refuses every page being built; for
// changes that touch the whole site. Keys stay in the ghost list: a page
// read often before comes back to the main queue.
func (c *Cache) InvalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.invalidateAllLocked()
}

func (c *Cache) invalidateAllLocked() {
	c.floor = c.seq.Add(1)
	clear(c.invalidated)
	c.dropped.Add(uint64(len(c.entries)))
	clear(c.entries)
	clear(c.tags)
	c.small, c.main = queue{}, queue{}
}

// Len is the number of cached pages.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Stats are a cache's counters since it was made.
type Stats struct {
	Hits        uint64 // Get or Do found the page
	Misses      uint64 // Get or Do did not
	Evictions   uint64 // pages dropped to stay within the budget
	Invalidated uint64 // pages dropped by Invalidate, InvalidateAll or Sync
	Bytes       int64  // size of the pages held (see Cache)
	MaxBytes    int64  // the budget
	Entries     int    // pages held
}

// Stats returns the counters. Hits and misses are atomics counted outside
// the lock.
func (c *Cache) Stats() Stats {
	s := Stats{
		Hits:        c.hits.Load(),
		Misses:      c.misses.Load(),
		Evictions:   c.evictions.Load(),
		Invalidated: c.dropped.Load(),
		MaxBytes:    c.max,
	}
	c.mu.RLock()
	s.Bytes = c.small.bytes + c.main.bytes
	s.Entries = len(c.entries)
	c.mu.RUnlock()
	return s
}

// flight is one build of a missing page that other callers wait for.
type flight struct {
	done  chan struct{}
	since uint64
	// Set before done is closed.
	page  *Page
	fresh bool // page was not refused for an invalidation after since
	err   error
	retry bool // err is the builder's own (cancelled): a waiter builds again
}

// ErrBuildPanicked is what callers waiting on a build get when it panicked
// (the panic goes on in the caller that ran it).
var ErrBuildPanicked = errors.New("pagecache: the page's build panicked")

// errNoPage is returned when a build returns neither a page nor an error.
var errNoPage = errors.New("pagecache: the build returned no page")

// Do returns the page under key, building it with build when it is missing.
// Concurrent calls for one missing key run one build; the others wait for it
// and share its page. A 200 page is stored with the tags build returns
// (PutTagged, with the sequence read before build ran); a page of another
// status is shared with the waiters but not stored. hit reports that this
// call did not run build (the page came from the cache or from another
// caller's build).
//
// When the build fails, its caller gets the error, and so do the waiters,
// unless the error is a cancellation or a deadline (the builder's own
// context): then one waiter builds again, for them all. A waiter whose page
// was refused by an invalidation made after it began waiting builds again
// too, so that a change is never answered with a page from before it. A
// waiter stops waiting when ctx is done, with ctx's error.
func (c *Cache) Do(ctx context.Context, key string, build func() (*Page, []string, error)) (p *Page, hit bool, err error) {
	for {
		if p := c.get(key); p != nil {
			c.hits.Add(1)
			return p, true, nil
		}
		c.fmu.Lock()
		f := c.flights[key]
		if f == nil {
			// A build may have stored the page and left since get.
			if p := c.get(key); p != nil {
				c.fmu.Unlock()
				c.hits.Add(1)
				return p, true, nil
			}
			f = &flight{done: make(chan struct{}), since: c.Begin()}
			c.flights[key] = f
			c.fmu.Unlock()
			c.misses.Add(1)
			p, err := c.lead(key, f, build)
			return p, false, err
		}
		joined := c.Begin()
		c.fmu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			c.misses.Add(1)
			return nil, false, ctx.Err()
		}
		switch {
		case f.err == nil && (f.fresh || joined == f.since):
			c.get(key) // a read of the page like any other: raise its counter
			c.hits.Add(1)
			return f.page, true, nil
		case f.err != nil && !f.retry:
			c.misses.Add(1)
			return nil, false, f.err
		}
		// The builder was cancelled, or its page predates a change
		// this caller may have seen: try again.
	}
}

// lead runs build for the callers of Do waiting on f.
func (c *Cache) lead(key string, f *flight, build func() (*Page, []string, error)) (p *Page, err error) {
	finished := false
	defer func() {
		if !finished {
			f.err = ErrBuildPanicked
		}
		c.fmu.Lock()
		delete(c.flights, key)
		c.fmu.Unlock()
		close(f.done)
	}()
	p, tags, err := build()
	finished = true
	if err == nil && p == nil {
		err = errNoPage
	}
	if err != nil {
		f.err = err
		f.retry = errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
		return nil, err
	}
	f.page, f.fresh = p, true
	if p.Status == http.StatusOK {
		_, stale := c.putTagged(key, f.since, tags, p)
		f.fresh = !stale
	}
	return p, nil
}
