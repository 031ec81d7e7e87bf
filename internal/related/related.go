// Package related is the rule that picks an episode version's related
// episodes, and how a stored list of them follows a change, with no I/O.
//
// The rule. The candidates of a version X (an episode in one language)
// are the other published versions in the same language that share at
// least one topic with X. They rank by:
//
//  1. the number of topics they share with X, most first;
//  2. the number of meaningful terms they share with X, most first — the
//     terms of the title, the summary and the topic and author names, as
//     the search analyser makes them (stems, without stop words): the
//     search index's postings of weight index.WeightMeta or more. Both
//     sides count the same terms, so the score of X for Y is the score of
//     Y for X;
//  3. the newest publication date first;
//  4. the highest episode id first (so that the order is total).
//
// Liveness (a publication date still to come) is not part of the rule: a
// stored list keeps such candidates and the reader skips them until their
// time comes.
//
// Stored lists. The store keeps, for each version with a public page, the
// first Keep candidates (List) and whether more exist. Update applies a
// change of one candidate to such a list without looking at the others
// when it can; Derive computes every list of one language at once.
package related

import (
	"cmp"
	"slices"
	"sync"
)

// Keep is how many related episodes are stored per version: more than a
// page shows (3) so that a candidate leaving a list seldom makes the store
// recompute it.
const Keep = 12

// Refill is the shortest a list may become, while more candidates exist,
// before it is computed again from all candidates.
const Refill = 6

// Entry is a candidate as a list holds it: the episode and the keys it
// ranks by.
type Entry struct {
	ID int64
	// Topics and Terms are the shared topics and meaningful terms.
	Topics, Terms int
	// Published is the publication time in microseconds since 1970 (UTC).
	Published int64
}

// Compare orders entries by the rule: negative when a ranks before b.
func Compare(a, b Entry) int {
	return cmp.Or(cmp.Compare(b.Topics, a.Topics), cmp.Compare(b.Terms, a.Terms),
		cmp.Compare(b.Published, a.Published), cmp.Compare(b.ID, a.ID))
}

// List is a version's stored related episodes, best first. More is set
// when other candidates exist that rank below them; without it, Entries
// are every candidate.
type List struct {
	Entries []Entry
	More    bool
}

// Equal reports whether two lists hold the same entries in the same order
// and agree on More.
func (l List) Equal(o List) bool {
	return l.More == o.More && slices.Equal(l.Entries, o.Entries)
}

// Top returns the list of the first keep candidates of cands (all the
// candidates of one version, in any order).
func Top(cands []Entry, keep int) List {
	s := slices.Clone(cands)
	slices.SortFunc(s, Compare)
	if len(s) > keep {
		return List{Entries: s[:keep:keep], More: true}
	}
	return List{Entries: s}
}

// Update returns list l after one episode, y.ID, changed: y is its entry
// as l's version now ranks it, and candidate says whether it still is a
// candidate at all. Every other candidate is as it was when l was stored.
// full is true when the new list cannot be told without all the
// candidates: the caller computes it again (Top).
func Update(l List, y Entry, candidate bool) (next List, full bool) {
	rest := slices.DeleteFunc(slices.Clone(l.Entries), func(e Entry) bool { return e.ID == y.ID })
	was := len(rest) < len(l.Entries)
	if !candidate {
		if !was {
			return l, false
		}
		next = List{Entries: rest, More: l.More}
		return next, l.More && len(rest) < Refill
	}
	// Entries were the first n candidates: every other candidate ranks
	// below the last of them (y itself, maybe, as it ranked before). y
	// belongs with them when every candidate is listed or when it ranks no
	// lower than that last entry; otherwise it ranks among unknown others.
	if !l.More || (len(l.Entries) > 0 && Compare(y, l.Entries[len(l.Entries)-1]) <= 0) {
		i, _ := slices.BinarySearchFunc(rest, y, Compare)
		rest = slices.Insert(rest, i, y)
		next = List{Entries: rest, More: l.More}
		if len(rest) > Keep {
			next = List{Entries: rest[:Keep:Keep], More: true}
		}
		return next, false
	}
	if !was {
		return l, false
	}
	return List{Entries: rest, More: true}, len(rest) < Refill
}

// Version is what the rule knows of one version in one language.
type Version struct {
	ID int64
	// Published is the publication time in microseconds since 1970 (UTC).
	Published int64
	// Topics are the episode's topics, sorted, each once.
	Topics []int64
	// Terms are the version's meaningful terms as numbers (each term one
	// number, the same in every version of the call), each once.
	Terms []uint32
}

// Derive computes the list of every version of vs (the versions of one
// language that have candidates or a page), with keep entries at most, on
// up to workers goroutines. Versions with the same topics share the work
// of counting shared topics; shared terms are counted only for the
// candidates in the best groups of shared topics that fill the list.
func Derive(vs []Version, keep, workers int) []List {
	return DeriveWhere(vs, keep, workers, nil)
}

// DeriveWhere is Derive for the versions vs[i] for which want(i) is true
// (every version when want is nil); the others are candidates only, and
// their lists are left empty. A caller deriving a large library part by
// part holds one part's lists at a time.
func DeriveWhere(vs []Version, keep, workers int, want func(i int) bool) []List {
	out := make([]List, len(vs))
	byTopic := map[int64][]int32{}
	var maxTerm uint32
	groups := map[string][]int32{}
	var order []string
	for i, v := range vs {
		for _, t := range v.Topics {
			byTopic[t] = append(byTopic[t], int32(i))
		}
		for _, t := range v.Terms {
			maxTerm = max(maxTerm, t+1)
		}
		if len(v.Topics) == 0 || want != nil && !want(i) {
			continue
		}
		k := topicKey(v.Topics)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], int32(i))
	}
	jobs := make(chan []int32)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			w := deriver{vs: vs, byTopic: byTopic, keep: keep,
				counts: make([]uint8, len(vs)), mark: make([]uint32, maxTerm)}
			for g := range jobs {
				w.group(g, out)
			}
		})
	}
	for _, k := range order {
		jobs <- groups[k]
	}
	close(jobs)
	wg.Wait()
	return out
}

func topicKey(ts []int64) string {
	b := make([]byte, 0, 8*len(ts))
	for _, t := range ts {
		for i := range 8 {
			b = append(b, byte(t>>(8*i)))
		}
	}
	return string(b)
}

// deriver is one worker of Derive, with its scratch space.
type deriver struct {
	vs      []Version
	byTopic map[int64][]int32
	keep    int
	counts  []uint8
	mark    []uint32
	stamp   uint32
	touched []int32
}

// group derives the lists of versions g, which have the same topics.
func (w *deriver) group(g []int32, out []List) {
	topics := w.vs[g[0]].Topics
	w.touched = w.touched[:0]
	for _, t := range topics {
		for _, c := range w.byTopic[t] {
			if w.counts[c] == 0 {
				w.touched = append(w.touched, c)
			}
			if w.counts[c] < 255 {
				w.counts[c]++
			}
		}
	}
	// tiers[k] are the candidates sharing k topics.
	tiers := make([][]int32, len(topics)+1)
	for _, c := range w.touched {
		k := min(int(w.counts[c]), len(topics))
		tiers[k] = append(tiers[k], c)
		w.counts[c] = 0
	}
	buf := make([]Entry, 0, w.keep+1)
	for _, x := range g {
		w.stamp++
		if w.stamp == 0 {
			clear(w.mark)
			w.stamp = 1
		}
		for _, t := range w.vs[x].Terms {
			w.mark[t] = w.stamp
		}
		var l List
		for k := len(topics); k >= 1; k-- {
			tier := tiers[k]
			n := len(tier)
			if k == len(topics) {
				n-- // x itself
			}
			if n <= 0 {
				continue
			}
			if len(l.Entries) == w.keep {
				l.More = true
				break
			}
			need := w.keep - len(l.Entries)
			buf = buf[:0]
			for _, c := range tier {
				if c == x {
					continue
				}
				cv := &w.vs[c]
				e := Entry{ID: cv.ID, Topics: k, Published: cv.Published}
				for _, t := range cv.Terms {
					if w.mark[t] == w.stamp {
						e.Terms++
					}
				}
				buf = insertTop(buf, e, need)
			}
			if n > need {
				l.More = true
			}
			l.Entries = append(l.Entries, buf...)
		}
		out[x] = l
	}
}

// insertTop adds e to buf, sorted by Compare, keeping the first n.
func insertTop(buf []Entry, e Entry, n int) []Entry {
	if len(buf) == n && Compare(e, buf[n-1]) > 0 {
		return buf
	}
	i, _ := slices.BinarySearchFunc(buf, e, Compare)
	buf = slices.Insert(buf, i, e)
	if len(buf) > n {
		buf = buf[:n]
	}
	return buf
}
