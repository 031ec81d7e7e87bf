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
	e.mu.RLock()
	kept := collect(lists, docs, q, res.TopicCounts)
	e.mu.RUnlock()

	res.Total = len(kept)
	if q.Offset >= len(kept) {
		return res, nil
	}
	n := len(kept)
	if q.Limit > 0 {
		n = min(n, q.Offset+q.Limit)
	}
	page := topCandidates(kept, n, q.ByDate)[q.Offset:]
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

// collect returns the versions holding every list's term that are live
// at q.Now and pass q's filters, in id order, and adds to topics the
// number of them in each topic, counted before the topic filter.
func collect(lists []*postingList, docs *docTable, q Query, topics map[int64]int) []candidate {
	var kept []candidate
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
		kept = append(kept, candidate{id: id, score: score, published: d.published})
	})
	for t, n := range counts {
		if n > 0 {
			topics[int64(t)] = n
		}
	}
	return kept
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

// topCandidates returns the first n of cs in result order, sorted. Only
// the first pages are read, so the first n are picked with a heap (n log n
// of a page, not of every match) when n is small against len(cs).
func topCandidates(cs []candidate, n int, byDate bool) []candidate {
	cmp := func(a, b candidate) int {
		if before(a, b, byDate) {
			return -1
		}
		if before(b, a, byDate) {
			return 1
		}
		return 0
	}
	if n*4 >= len(cs) {
		slices.SortFunc(cs, cmp)
		return cs[:n]
	}
	// h is a heap of the best n so far, the worst of them at the root.
	h := slices.Clone(cs[:n])
	worse := func(i, j int) bool { return before(h[j], h[i], byDate) }
	down := func(i int) {
		for {
			w := i
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < len(h) && worse(c, w) {
					w = c
				}
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, c := range cs[n:] {
		if before(c, h[0], byDate) {
			h[0] = c
			down(0)
		}
	}
	slices.SortFunc(h, cmp)
	return h
}
