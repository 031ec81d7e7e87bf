package index

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// list builds a posting list from ids (sorted, deduplicated here) with
// weight id%7+1.
func list(ids ...int64) *postingList {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	l := &postingList{}
	for _, id := range ids {
		l.ids = append(l.ids, uint32(id))
		l.weights = append(l.weights, uint8(id%7+1))
	}
	return l
}

func TestSeek(t *testing.T) {
	ids := []uint32{2, 4, 4, 9, 15, 16, 30, 31, 32, 90}
	for from := 0; from <= len(ids); from++ {
		for id := uint32(0); id <= 100; id++ {
			want := from
			for want < len(ids) && ids[want] < id {
				want++
			}
			if got := seek(ids, from, id); got != want {
				t.Fatalf("seek(%v, %d, %d) = %d, want %d", ids, from, id, got, want)
			}
		}
	}
	if got := seek(nil, 0, 5); got != 0 {
		t.Errorf("seek(nil) = %d", got)
	}
}

// naiveIntersect is the reference: a map of every list's ids.
func naiveIntersect(lists []*postingList) map[int64]int {
	out := map[int64]int{}
	for i, id := range lists[0].ids {
		out[int64(id)] = int(lists[0].weights[i])
	}
	for _, l := range lists[1:] {
		next := map[int64]int{}
		for i, id := range l.ids {
			if s, ok := out[int64(id)]; ok {
				next[int64(id)] = s + int(l.weights[i])
			}
		}
		out = next
	}
	return out
}

func checkIntersect(t *testing.T, lists []*postingList) {
	t.Helper()
	got := map[int64]int{}
	var order []int64
	intersect(lists, func(id int64, score int) {
		got[id] = score
		order = append(order, id)
	})
	if want := naiveIntersect(lists); !maps.Equal(got, want) {
		t.Fatalf("intersect = %v, want %v", got, want)
	}
	if !slices.IsSorted(order) {
		t.Fatalf("intersect order %v: want ascending ids", order)
	}
}

func TestIntersect(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		n := 1 + r.IntN(4)
		lists := make([]*postingList, n)
		for i := range lists {
			size := r.IntN(200)
			if r.IntN(3) == 0 {
				size = r.IntN(5)
			}
			var ids []int64
			for range size {
				ids = append(ids, int64(r.IntN(300)))
			}
			lists[i] = list(ids...)
		}
		checkIntersect(t, lists)
	}
	checkIntersect(t, []*postingList{list(), list(1, 2)})
	checkIntersect(t, []*postingList{list(5), list(1, 2, 3, 4, 5), list(5, 6)})
}

// FuzzIntersect checks intersect against the map reference for lists
// made of the input's bytes (each byte an id; a zero byte starts the next
// list).
func FuzzIntersect(f *testing.F) {
	f.Add([]byte{1, 2, 3, 0, 2, 3, 4})
	f.Add([]byte{9, 0, 9, 0, 9})
	f.Add([]byte{0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var lists []*postingList
		var cur []int64
		for _, c := range append(b, 0) {
			if c == 0 {
				lists = append(lists, list(cur...))
				cur = nil
				continue
			}
			cur = append(cur, int64(c))
		}
		checkIntersect(t, lists)
	})
}

func TestPostingIDAndWeight(t *testing.T) {
	for _, c := range []struct {
		id   int64
		want uint32
		ok   bool
	}{{0, 0, true}, {42, 42, true}, {math.MaxUint32, math.MaxUint32, true}, {math.MaxUint32 + 1, 0, false}, {-1, 0, false}} {
		got, err := postingID(c.id)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("postingID(%d) = %d, %v", c.id, got, err)
		}
	}
	for w, want := range map[int]uint8{-3: 0, 0: 0, 109: 109, 255: 255, 300: 255} {
		if got := postingWeight(w); got != want {
			t.Errorf("postingWeight(%d) = %d, want %d", w, got, want)
		}
	}
}
