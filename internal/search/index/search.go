package index

import (
	"context"
	"slices"
)

// Search finds the versions in q.Lang that hold every term of q.Terms,
// are live at q.Now and pass q's filters; it counts them and each one's
// topics, orders them by score (the sum of the terms' weights; unless
// q.ByDate), then newest first, then highest id first, and returns the
// page q.Offset, q.Limit. The copy is brought up to date first (Sync),
// the posting lists and documents it lacks are loaded, and src loads the
// page's hits that it does not hold. Every match is counted and ranked.
func (e *Engine) Search(ctx context.Context, src Source, q Query) (Result, error) {
	res := Result{TopicCounts: map[int64]int{}}
	if len(q.Terms) == 0 {
		return res, nil
	}
	terms := slices.Compact(slices.Sorted(slices.Values(q.Terms)))
	lists, docs, epoch, err := e.loadLists(ctx, src, q.Lang, terms)
	if err != nil {
		return res, err
	}
	if docs == nil {
		return res, nil
	}
	keep := 0 // every match
	if q.Limit > 0 {
		keep = q.Offset + q.Limit
	}
	top := newTopN(keep, q.ByDate)
	e.mu.RLock()
	res.Total = collect(lists, docs, q, res.TopicCounts, top)
	e.mu.RUnlock()

	ranked := top.sorted()
	if q.Offset >= len(ranked) {
		return res, nil
	}
	page := ranked[q.Offset:]
	ids := make([]int64, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	hits, err := e.pageHits(ctx, src, q.Lang, ids, epoch)
	if err != nil {
		return res, err
	}
	score := make(map[int64]int, len(page))
	for _, c := range page {
		score[c.id] = c.score
	}
	for i := range hits {
		hits[i].Score = score[hits[i].Episode.ID]
	}
	res.Hits = hits
	return res, nil
}

// candidate is a live version matching every term and the filters.
type candidate struct {
	id        int64
	score     int
	published int64 // Unix nanoseconds
}

// collect gives top the versions holding every list's term that are live
// at q.Now and pass q's filters, returns their number, and adds to topics
// the number of them in each topic, counted before the topic filter.
func collect(lists []*postingList, docs *docTable, q Query, topics map[int64]int, top *topN) int {
	total := 0
	var counts []int
	now := unixNano(q.Now)
	intersect(lists, func(id int64, score int) {
		d := docs.get(id)
		if d == nil || !d.live(now) {
			return
		}
		if q.Kind != "" && d.kind != q.Kind || q.SeriesID != 0 && d.seriesID != q.SeriesID {
			return
		}
		if q.MaxMinutes > 0 && d.minutes > q.MaxMinutes {
			return
		}
		for _, t := range d.topics {
			// Topic ids are a short sequence: count in a slice, not a
			// map (a common query counts thousands of matches).
			if t >= 0 && t < 1<<16 {
				if int(t) >= len(counts) {
					counts = slices.Grow(counts, int(t)+1-len(counts))[:t+1]
				}
				counts[t]++
			} else {
				topics[t]++
			}
		}
		if q.TopicID != 0 && !slices.Contains(d.topics, q.TopicID) {
			return
		}
		total++
		top.add(candidate{id: id, score: score, published: d.published})
	})
	for t, n := range counts {
		if n > 0 {
			topics[int64(t)] = n
		}
	}
	return total
}

// before orders results: by score (unless byDate), then newest first,
// then by id, newest first.
func before(a, b candidate, byDate bool) bool {
	if !byDate && a.score != b.score {
		return a.score > b.score
	}
	if a.published != b.published {
		return a.published > b.published
	}
	return a.id > b.id
}

// topN keeps the first n candidates in result order of those it is
// given (all of them when n is 0): a page needs the first Offset+Limit,
// so a query matching thousands of versions keeps a heap of a page's
// size, not every match.
type topN struct {
	n      int
	byDate bool
	h      []candidate // the best so far; a heap, the worst at the root, once full
}

func newTopN(n int, byDate bool) *topN { return &topN{n: n, byDate: byDate} }

// worse reports whether h[i] comes after h[j] in result order.
func (t *topN) worse(i, j int) bool { return before(t.h[j], t.h[i], t.byDate) }

func (t *topN) add(c candidate) {
	if t.n <= 0 || len(t.h) < t.n {
		t.h = append(t.h, c)
		if len(t.h) == t.n {
			for i := len(t.h)/2 - 1; i >= 0; i-- {
				t.down(i)
			}
		}
		return
	}
	if before(c, t.h[0], t.byDate) {
		t.h[0] = c
		t.down(0)
	}
}

func (t *topN) down(i int) {
	for {
		w := i
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(t.h) && t.worse(c, w) {
				w = c
			}
		}
		if w == i {
			return
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// sorted returns the candidates kept, in result order.
func (t *topN) sorted() []candidate {
	slices.SortFunc(t.h, func(a, b candidate) int {
		if before(a, b, t.byDate) {
			return -1
		}
		if before(b, a, t.byDate) {
			return 1
		}
		return 0
	})
	return t.h
}
