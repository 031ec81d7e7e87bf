package sqldb

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
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

func TestTopCandidates(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		cs := make([]candidate, r.IntN(300))
		for i := range cs {
			// Few distinct scores and dates, so the tie-breaks matter.
			cs[i] = candidate{id: int64(i + 1), score: r.IntN(4), published: int64(r.IntN(5))}
		}
		r.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
		for _, byDate := range []bool{false, true} {
			want := slices.Clone(cs)
			slices.SortStableFunc(want, func(a, b candidate) int {
				if before(a, b, byDate) {
					return -1
				}
				if before(b, a, byDate) {
					return 1
				}
				return 0
			})
			n := 0
			if len(cs) > 0 {
				n = r.IntN(len(cs)) + 1
			}
			if got := topCandidates(slices.Clone(cs), n, byDate); !slices.Equal(got, want[:n]) {
				t.Fatalf("topCandidates(%d of %d, byDate %v) = %v, want %v", n, len(cs), byDate, got, want[:n])
			}
		}
	}
}

func TestMemIndexInsertEvictsLeastRecentlyUsed(t *testing.T) {
	m := newMemIndex(100)
	m.reset(1)
	key := func(term string) termKey { return termKey{content.English, term} }
	// Costs 21 to 25: the fifth insert goes over the budget, and eviction
	// goes down to 75.
	for i, term := range []string{"a", "b", "c", "d", "e"} {
		if !m.insert(key(term), list(int64Range(0, 20+i)...), m.epoch) {
			t.Fatalf("insert %q not kept", term)
		}
		if term == "d" {
			// "a" is used again: "b" and "c" are now the least recently
			// used.
			m.lists[key("a")].used.Store(m.tick.Add(1))
		}
	}
	if m.size > m.budget {
		t.Fatalf("size %d over budget %d", m.size, m.budget)
	}
	for _, gone := range []string{"b", "c"} {
		if m.lists[key(gone)] != nil {
			t.Errorf("%q kept, want evicted (least recently used)", gone)
		}
	}
	for _, kept := range []string{"a", "d", "e"} {
		if m.lists[key(kept)] == nil {
			t.Errorf("%q evicted, want kept (used more recently)", kept)
		}
	}
	sum := 0
	for _, l := range m.lists {
		sum += l.cost()
	}
	if sum != m.size {
		t.Errorf("size %d, lists hold %d", m.size, sum)
	}
	// A load begun before a change is not kept.
	old := m.epoch
	m.epoch++
	if m.insert(key("f"), list(1), old) || m.lists[key("f")] != nil {
		t.Error("a list loaded in an older epoch was kept")
	}
}

func int64Range(from, to int) []int64 {
	var out []int64
	for i := from; i < to; i++ {
		out = append(out, int64(i))
	}
	return out
}

func TestMemIndexPatch(t *testing.T) {
	m := newMemIndex(1 << 20)
	m.reset(1)
	en, fr := content.English, content.French
	bike, velo, gone := termKey{en, "bike"}, termKey{fr, "velo"}, termKey{en, "gone"}
	m.insert(bike, list(1, 3, 5), m.epoch)
	m.insert(velo, list(3), m.epoch)
	m.insert(gone, list(3, 4), m.epoch)
	shared := m.lists[bike]
	m.docs[en] = &docTable{}
	m.docs[en].set(3, &memDoc{kind: content.Read})
	m.docs[en].set(5, &memDoc{kind: content.Read})

	// Episode 4's English version now holds "bike" with weight 100, and
	// no longer "gone"; episode 5's weight changes; 3 leaves the index.
	doc4 := &memDoc{kind: content.Listen, published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()}
	m.patch(en, 4, map[string]uint8{"bike": 100}, doc4)
	m.patch(en, 5, map[string]uint8{"bike": 42}, m.docs[en].get(5))
	m.patch(en, 3, nil, nil)

	if got := m.lists[bike]; !slices.Equal(got.ids, []uint32{1, 4, 5}) || !slices.Equal(got.weights, []uint8{2, 100, 42}) {
		t.Errorf("bike = %v %v, want [1 4 5] [2 100 42]", got.ids, got.weights)
	}
	if !slices.Equal(shared.ids, []uint32{1, 3, 5}) || !slices.Equal(shared.weights, []uint8{2, 4, 6}) {
		t.Errorf("a list a search holds was changed in place: %v %v", shared.ids, shared.weights)
	}
	if got := m.lists[gone]; len(got.ids) != 0 {
		t.Errorf("gone = %v, want empty", got.ids)
	}
	if got := m.lists[velo]; !slices.Equal(got.ids, []uint32{3}) {
		t.Errorf("the French list changed with English patches: %v", got.ids)
	}
	if d := m.docs[en].get(4); d == nil || d.kind != content.Listen || d.published != doc4.published || m.docs[en].get(3) != nil || m.docs[en].get(5) == nil {
		t.Errorf("documents = %+v, want 4 added, 3 removed and 5 kept", m.docs[en])
	}
	sum := 0
	for _, l := range m.lists {
		sum += l.cost()
	}
	if sum != m.size {
		t.Errorf("size %d, lists hold %d", m.size, sum)
	}
}

func TestMemDocLive(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		published int64
		want      bool
	}{
		{unixNano(now.Add(-time.Hour)), true},
		{unixNano(now), true},
		{unixNano(now.Add(time.Second)), false},
		{notShown, false},
		{unixNano(time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)), false},
	} {
		d := memDoc{published: c.published}
		if got := d.live(unixNano(now)); got != c.want {
			t.Errorf("published %d: live = %v, want %v", c.published, got, c.want)
		}
	}
	if (&memDoc{published: unixNano(now)}).live(unixNano(time.Time{})) {
		t.Error("a zero now shows published versions")
	}
}

func TestDocTable(t *testing.T) {
	var d docTable
	ids := []int64{0, 1, 7, 1000, denseIDs - 1, denseIDs, 1 << 40, -5}
	for _, id := range ids {
		d.set(id, &memDoc{minutes: int(id % 1000)})
	}
	for _, id := range ids {
		if got := d.get(id); got == nil || got.minutes != int(id%1000) {
			t.Errorf("get(%d) = %+v", id, got)
		}
	}
	for _, id := range []int64{2, 999, 1001, denseIDs + 1, 1<<40 + 1, -6} {
		if got := d.get(id); got != nil {
			t.Errorf("get(%d) = %+v, want nil (never set)", id, got)
		}
	}
	if len(d.dense) != denseIDs {
		t.Errorf("dense length %d, want %d (ids from denseIDs on go to the map)", len(d.dense), denseIDs)
	}
	for _, id := range ids {
		d.set(id, nil)
		if got := d.get(id); got != nil {
			t.Errorf("get(%d) after removal = %+v", id, got)
		}
	}
	d.set(1<<30, nil) // removing what was never there
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

func TestSetSearchMemory(t *testing.T) {
	s := &DB{mem: newMemIndex(0)}
	s.SetSearchMemory(2)
	if want := 2 << 20 / postingBytes; s.mem.budget != want {
		t.Errorf("budget %d postings, want %d", s.mem.budget, want)
	}
	s.SetSearchMemory(0)
	if want := 1 << 20 / postingBytes; s.mem.budget != want {
		t.Errorf("budget %d postings after 0 MiB, want the 1 MiB floor %d", s.mem.budget, want)
	}
}
