package index

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/busrides/busrides/internal/content"
)

const (
	// DefaultMemoryMB bounds the posting lists held in memory, in MiB
	// (PostingBytes each): 128 MiB hold 26 million postings, the whole
	// index of about 55,000 episodes (10,000 episodes make 4.4 million).
	DefaultMemoryMB = 128
	// MaxPatchGenerations is how many generations a copy may be behind and
	// still be patched: a Source must keep at least this many generations
	// of its journal (Changes).
	MaxPatchGenerations = 1000
	// MaxPatchVersions: past this many changed versions, loading again on
	// demand is cheaper than patching.
	MaxPatchVersions = 500
	// hitBudget bounds the bytes of the hits kept (the snippet text is
	// most of a hit: a few kilobytes) until SetMemoryMB sets it to a
	// quarter of the lists' bound. Loading a page of hits again costs
	// the search API about 40% more CPU per request (loadbench
	// search-api at 10,000 episodes, with 8 MiB instead of 32).
	hitBudget = 32 << 20
	// hitOverhead is what a hit costs besides its text, roughly.
	hitOverhead = 1 << 10
	// warmMinPostings is the shortest posting list Warm loads ahead:
	// shorter lists load on demand in well under a millisecond.
	warmMinPostings = 1000
)

// Engine is a server's copy, in memory, of part of the search index, and
// the searches over it. Its methods are safe for concurrent use. Every
// call must pass the same Source: the copy is of one index.
type Engine struct {
	mu     sync.RWMutex
	synced bool
	gen    int64  // generation the copy reflects, when synced
	epoch  uint64 // moves on every patch or reset: a load begun before is not kept
	lists  map[termKey]*postingList
	docs   map[content.Lang]*docTable
	size   int // postings held (postingList.cost)
	budget int // bound of size
	tick   atomic.Uint64
	// maxGens and maxVersions are MaxPatchGenerations and
	// MaxPatchVersions (SetPatchLimits lowers them); resets counts the
	// times the copy was dropped.
	maxGens     int64
	maxVersions int
	resets      int

	hits      map[Version]*cachedHit
	hitBytes  int
	hitBudget int // hitBudget (tests lower it)
}

type termKey struct {
	lang content.Lang
	term string
}

// cachedHit is a loaded search hit (without its score).
type cachedHit struct {
	hit  Hit
	used atomic.Uint64
}

func (h *cachedHit) cost() int { return len(h.hit.Text) + hitOverhead }

// New returns an empty copy that holds at most about maxPostings postings
// in its posting lists. It loads what it needs on first use.
func New(maxPostings int) *Engine {
	return &Engine{budget: maxPostings, lists: map[termKey]*postingList{}, docs: map[content.Lang]*docTable{},
		hits: map[Version]*cachedHit{}, hitBudget: hitBudget, maxGens: MaxPatchGenerations, maxVersions: MaxPatchVersions}
}

// SetMemoryMB bounds the posting lists the copy keeps to about mb MiB (at
// least 1), and the hits it keeps for their snippets' texts to a quarter
// as much. Lists over the new bound are dropped at the next load, hits at
// the next one kept.
func (e *Engine) SetMemoryMB(mb int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.budget = max(mb, 1) << 20 / PostingBytes
	e.hitBudget = max(mb, 1) << 20 / 4
}

// SetPatchLimits lowers the bounds past which the copy is dropped instead
// of patched (more than gens generations behind, more than versions
// changed versions), so that a test reaches them with a few changes.
func (e *Engine) SetPatchLimits(gens int64, versions int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.maxGens, e.maxVersions = gens, versions
}

// Resets is how many times the copy was dropped (the first load counts as
// one).
func (e *Engine) Resets() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.resets
}

// reset drops everything and marks the copy as reflecting gen.
func (e *Engine) reset(gen int64) {
	e.lists = map[termKey]*postingList{}
	e.docs = map[content.Lang]*docTable{}
	e.size = 0
	e.dropHits()
	e.gen, e.synced = gen, true
	e.epoch++
	e.resets++
}

func (e *Engine) dropHits() {
	e.hits = map[Version]*cachedHit{}
	e.hitBytes = 0
}

// insertHit keeps a loaded hit if nothing changed since its load began,
// then evicts the least recently used hits while over the hit budget.
func (e *Engine) insertHit(k Version, h *cachedHit, epoch uint64) {
	if e.epoch != epoch {
		return
	}
	if old := e.hits[k]; old != nil {
		e.hitBytes -= old.cost()
	}
	h.used.Store(e.tick.Add(1))
	e.hits[k] = h
	e.hitBytes += h.cost()
	if e.hitBytes <= e.hitBudget {
		return
	}
	evictLRU(e.hits, func(h *cachedHit) uint64 { return h.used.Load() }, func(h *cachedHit) bool {
		if e.hitBytes <= e.hitBudget*3/4 {
			return false
		}
		e.hitBytes -= h.cost()
		return true
	})
}

// insert keeps a loaded list if nothing changed since its load began (in
// epoch), then evicts the least recently used lists while over budget.
// It reports whether the list was kept.
func (e *Engine) insert(k termKey, l *postingList, epoch uint64) bool {
	if e.epoch != epoch {
		return false
	}
	if old := e.lists[k]; old != nil {
		e.size -= old.cost()
	}
	l.used.Store(e.tick.Add(1))
	e.lists[k] = l
	e.size += l.cost()
	e.evict()
	return true
}

// evict drops the least recently used lists until the copy is within
// three quarters of its budget, when it is over.
func (e *Engine) evict() {
	if e.size <= e.budget {
		return
	}
	evictLRU(e.lists, func(l *postingList) uint64 { return l.used.Load() }, func(l *postingList) bool {
		if e.size <= e.budget*3/4 {
			return false
		}
		e.size -= l.cost()
		return true
	})
}

// evictLRU offers the entries of m to drop, least recently used first,
// deleting each it accepts, until it refuses one.
func evictLRU[K comparable, V any](m map[K]V, used func(V) uint64, drop func(V) bool) {
	type entry struct {
		k    K
		used uint64
	}
	all := make([]entry, 0, len(m))
	for k, v := range m {
		all = append(all, entry{k, used(v)})
	}
	slices.SortFunc(all, func(a, b entry) int { return cmp.Compare(a.used, b.used) })
	for _, e := range all {
		if !drop(m[e.k]) {
			return
		}
		delete(m, e.k)
	}
}

// patch brings the lists and documents of lang up to date for one
// version: its current postings (term → weight; none when it is out of
// the index) and its current document (nil when none).
func (e *Engine) patch(lang content.Lang, id uint32, postings map[string]uint8, d *doc) {
	for k, l := range e.lists {
		if k.lang != lang {
			continue
		}
		w, in := postings[k.term]
		i, has := slices.BinarySearch(l.ids, id)
		if !in && !has || in && has && l.weights[i] == w {
			continue
		}
		n := &postingList{ids: slices.Clone(l.ids), weights: slices.Clone(l.weights)}
		switch {
		case in && has:
			n.weights[i] = w
		case in:
			n.ids = slices.Insert(n.ids, i, id)
			n.weights = slices.Insert(n.weights, i, w)
		default:
			n.ids = slices.Delete(n.ids, i, i+1)
			n.weights = slices.Delete(n.weights, i, i+1)
		}
		n.used.Store(l.used.Load())
		e.size += n.cost() - l.cost()
		e.lists[k] = n
	}
	if docs := e.docs[lang]; docs != nil {
		docs.set(int64(id), d)
	}
}

// Sync brings the copy up to the source's generation now, so that the
// next search does not have to (a server calls it each time it checks the
// content generation). When the generation has moved by at most
// MaxPatchGenerations and at most MaxPatchVersions versions changed, it
// patches the lists and documents it holds from those versions' current
// postings and documents, and drops the hits (a hit shows topic, author
// and series names, which other changes touch); otherwise it drops
// everything, to load again on demand.
func (e *Engine) Sync(ctx context.Context, src Source) error {
	_, err := e.sync(ctx, src)
	return err
}

// sync is Sync, returning the copy's epoch.
func (e *Engine) sync(ctx context.Context, src Source) (uint64, error) {
	g, err := src.Generation(ctx)
	if err != nil {
		return 0, err
	}
	e.mu.RLock()
	ok, epoch := e.synced && e.gen == g, e.epoch
	e.mu.RUnlock()
	if ok {
		return epoch, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.synced && e.gen == g:
		return e.epoch, nil
	case !e.synced || g < e.gen || g-e.gen > e.maxGens:
		e.reset(g)
		return e.epoch, nil
	}
	changes, err := src.Changes(ctx, e.gen, g)
	if err != nil {
		return 0, err
	}
	changed := make([]Version, 0, len(changes))
	seen := make(map[Version]bool, len(changes))
	for _, v := range changes {
		if !seen[v] {
			seen[v] = true
			changed = append(changed, v)
		}
	}
	if len(changed) > e.maxVersions {
		e.reset(g)
		return e.epoch, nil
	}
	for _, v := range changed {
		id, err := postingID(v.ID)
		if err != nil {
			return 0, err
		}
		ps, err := src.VersionPostings(ctx, v)
		if err != nil {
			return 0, err
		}
		postings := make(map[string]uint8, len(ps))
		for t, w := range ps {
			postings[t] = postingWeight(w)
		}
		var d *doc
		if e.docs[v.Lang] != nil {
			ds, err := src.Docs(ctx, v.Lang, v.ID)
			if err != nil {
				return 0, err
			}
			for _, x := range ds {
				if x.ID == v.ID {
					c := newDoc(x)
					d = &c
				}
			}
		}
		e.patch(v.Lang, id, postings, d)
	}
	e.dropHits()
	e.gen = g
	e.epoch++
	return e.epoch, nil
}

// Warm loads ahead what searches need and is slow to load on demand, so
// that searches after a server starts do not wait for it: each language's
// documents, then the longest posting lists (the most common terms, those
// of warmMinPostings postings or more), longest first, up to three
// quarters of the postings budget. Lists changed meanwhile are left to
// load on demand.
func (e *Engine) Warm(ctx context.Context, src Source) error {
	for _, lang := range content.Langs {
		epoch, err := e.sync(ctx, src)
		if err != nil {
			return err
		}
		if _, err := e.loadDocs(ctx, src, lang, epoch); err != nil {
			return err
		}
	}
	terms, err := src.CommonTerms(ctx, warmMinPostings)
	if err != nil {
		return err
	}
	slices.SortFunc(terms, func(a, b TermCount) int { return cmp.Compare(b.N, a.N) })
	loaded := 0
	for _, c := range terms {
		e.mu.RLock()
		budget := e.budget
		e.mu.RUnlock()
		if loaded+c.N > budget*3/4 {
			break
		}
		epoch, err := e.sync(ctx, src)
		if err != nil {
			return err
		}
		k := termKey{c.Lang, c.Term}
		e.mu.RLock()
		have := e.lists[k] != nil
		e.mu.RUnlock()
		if have {
			continue
		}
		l, err := loadPostings(ctx, src, c.Lang, c.Term)
		if err != nil {
			return err
		}
		e.mu.Lock()
		e.insert(k, l, epoch)
		e.mu.Unlock()
		loaded += len(l.ids)
	}
	return nil
}

// loadLists brings the copy up to date and returns the posting lists of
// terms in lang, loading those the copy lacks, and the documents of lang
// (nil when a term has no postings: there are no hits). The caller reads
// docs under e.mu.RLock, as a sync patches them in place.
func (e *Engine) loadLists(ctx context.Context, src Source, lang content.Lang, terms []string) ([]*postingList, *docTable, uint64, error) {
	epoch, err := e.sync(ctx, src)
	if err != nil {
		return nil, nil, 0, err
	}
	lists := make([]*postingList, len(terms))
	tick := e.tick.Add(1)
	e.mu.RLock()
	for i, t := range terms {
		if l := e.lists[termKey{lang, t}]; l != nil {
			l.used.Store(tick)
			lists[i] = l
		}
	}
	docs := e.docs[lang]
	e.mu.RUnlock()
	for i, t := range terms {
		if lists[i] == nil {
			l, err := loadPostings(ctx, src, lang, t)
			if err != nil {
				return nil, nil, 0, err
			}
			e.mu.Lock()
			e.insert(termKey{lang, t}, l, epoch)
			e.mu.Unlock()
			lists[i] = l
		}
		if len(lists[i].ids) == 0 {
			return lists, nil, epoch, nil
		}
	}
	if docs == nil {
		if docs, err = e.loadDocs(ctx, src, lang, epoch); err != nil {
			return nil, nil, 0, err
		}
	}
	return lists, docs, epoch, nil
}

// loadDocs loads the documents of lang and keeps them, unless a change
// arrived since epoch (the caller still uses what was loaded) or another
// search kept them first.
func (e *Engine) loadDocs(ctx context.Context, src Source, lang content.Lang, epoch uint64) (*docTable, error) {
	ds, err := src.Docs(ctx, lang)
	if err != nil {
		return nil, err
	}
	docs := newDocTable(ds)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.epoch == epoch && e.docs[lang] == nil {
		e.docs[lang] = docs
	}
	return docs, nil
}

// loadPostings reads a term's whole posting list.
func loadPostings(ctx context.Context, src Source, lang content.Lang, term string) (*postingList, error) {
	ps, err := src.Postings(ctx, lang, term)
	if err != nil {
		return nil, err
	}
	l, err := newPostingList(ps)
	if err != nil {
		return nil, fmt.Errorf("postings of %q: %w", term, err)
	}
	return l, nil
}

// pageHits returns the hits of ids in lang, in the order of ids: those
// kept in memory, and the others loaded from src and kept. Each hit's
// Episode is a copy, down to its versions map, so that a caller changing
// it does not change the next search's.
func (e *Engine) pageHits(ctx context.Context, src Source, lang content.Lang, ids []int64, epoch uint64) ([]Hit, error) {
	found := make(map[int64]*Hit, len(ids))
	var missing []int64
	tick := e.tick.Add(1)
	e.mu.RLock()
	for _, id := range ids {
		if h := e.hits[Version{id, lang}]; h != nil {
			h.used.Store(tick)
			found[id] = &h.hit
		} else {
			missing = append(missing, id)
		}
	}
	e.mu.RUnlock()
	if len(missing) > 0 {
		loaded, err := src.Hits(ctx, lang, missing)
		if err != nil {
			return nil, err
		}
		e.mu.Lock()
		for i := range loaded {
			if loaded[i].Episode == nil {
				continue
			}
			h := &cachedHit{hit: Hit{Episode: loaded[i].Episode, Text: loaded[i].Text}}
			e.insertHit(Version{h.hit.Episode.ID, lang}, h, epoch)
			found[h.hit.Episode.ID] = &h.hit
		}
		e.mu.Unlock()
	}
	out := make([]Hit, 0, len(ids))
	for _, id := range ids {
		h := found[id]
		if h == nil {
			continue
		}
		ep := *h.Episode
		ep.Versions = maps.Clone(ep.Versions)
		out = append(out, Hit{Episode: &ep, Text: h.Text})
	}
	return out, nil
}
