package index

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync/atomic"
)

// PostingBytes is what a posting costs in memory: a 32-bit episode id and
// an 8-bit weight.
const PostingBytes = 5

// postingList holds a term's postings in one language, by ascending
// episode id. A list is never changed once shared: a patch replaces it.
type postingList struct {
	ids     []uint32 // episode ids (checked to fit when loaded)
	weights []uint8
	used    atomic.Uint64 // tick of the last search that used it
}

// cost is what the list counts against the budget, in postings.
func (l *postingList) cost() int { return len(l.ids) + 1 }

// newPostingList makes the list of postings ps, sorting them by id if the
// source did not.
func newPostingList(ps []Posting) (*postingList, error) {
	byID := func(a, b Posting) int { return cmp.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(ps, byID) {
		ps = slices.Clone(ps)
		slices.SortFunc(ps, byID)
	}
	l := &postingList{ids: make([]uint32, len(ps)), weights: make([]uint8, len(ps))}
	for i, p := range ps {
		id, err := postingID(p.ID)
		if err != nil {
			return nil, err
		}
		l.ids[i], l.weights[i] = id, postingWeight(p.Weight)
	}
	return l, nil
}

// postingID is an episode id as the lists in memory hold it.
func postingID(id int64) (uint32, error) {
	if id < 0 || id > math.MaxUint32 {
		return 0, fmt.Errorf("episode id %d does not fit the search index in memory (32 bits)", id)
	}
	return uint32(id), nil
}

// postingWeight is a weight as the lists in memory hold it (index weights
// are at most WeightTitle+9).
func postingWeight(w int) uint8 { return uint8(min(max(w, 0), math.MaxUint8)) }

// seek returns the first index i ≥ from with ids[i] ≥ id (len(ids) when
// none), galloping: cheap both when the next match is near (lists of
// similar length) and when it is far (a short list against a long one).
func seek(ids []uint32, from int, id uint32) int {
	if from >= len(ids) || ids[from] >= id {
		return from
	}
	lo, step := from, 1 // ids[lo] < id
	hi := lo + step
	for hi < len(ids) && ids[hi] < id {
		lo = hi
		step <<= 1
		hi = lo + step
	}
	hi = min(hi, len(ids))
	i, _ := slices.BinarySearch(ids[lo+1:hi], id)
	return lo + 1 + i
}

// intersect calls fn with every episode id present in all lists (by
// ascending id) and the sum of its weights; lists must not be empty.
func intersect(lists []*postingList, fn func(id int64, score int)) {
	lists = slices.Clone(lists)
	slices.SortFunc(lists, func(a, b *postingList) int { return len(a.ids) - len(b.ids) })
	base, rest := lists[0], lists[1:]
	at := make([]int, len(rest))
next:
	for i, id := range base.ids {
		score := int(base.weights[i])
		for j, l := range rest {
			k := seek(l.ids, at[j], id)
			at[j] = k
			if k == len(l.ids) {
				return
			}
			if l.ids[k] != id {
				continue next
			}
			score += int(l.weights[k])
		}
		fn(int64(id), score)
	}
}
