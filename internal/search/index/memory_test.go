package index

import (
	"slices"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
)

func TestInsertEvictsLeastRecentlyUsed(t *testing.T) {
	m := New(100)
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

func TestPatch(t *testing.T) {
	m := New(1 << 20)
	m.reset(1)
	en, fr := content.English, content.French
	bike, velo, gone := termKey{en, "bike"}, termKey{fr, "velo"}, termKey{en, "gone"}
	m.insert(bike, list(1, 3, 5), m.epoch)
	m.insert(velo, list(3), m.epoch)
	m.insert(gone, list(3, 4), m.epoch)
	shared := m.lists[bike]
	m.docs[en] = &docTable{}
	m.docs[en].set(3, &doc{kind: content.Read})
	m.docs[en].set(5, &doc{kind: content.Read})

	// Episode 4's English version now holds "bike" with weight 100, and
	// no longer "gone"; episode 5's weight changes; 3 leaves the index.
	doc4 := &doc{kind: content.Listen, published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()}
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

func TestDocLive(t *testing.T) {
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
		d := doc{published: c.published}
		if got := d.live(unixNano(now)); got != c.want {
			t.Errorf("published %d: live = %v, want %v", c.published, got, c.want)
		}
	}
	if (&doc{published: unixNano(now)}).live(unixNano(time.Time{})) {
		t.Error("a zero now shows published versions")
	}
}

func TestDocTable(t *testing.T) {
	var d docTable
	ids := []int64{0, 1, 7, 1000, denseIDs - 1, denseIDs, 1 << 40, -5}
	for _, id := range ids {
		d.set(id, &doc{minutes: int(id % 1000)})
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

func TestSetMemoryMB(t *testing.T) {
	e := New(0)
	e.SetMemoryMB(2)
	if want := 2 << 20 / PostingBytes; e.budget != want {
		t.Errorf("budget %d postings, want %d", e.budget, want)
	}
	if want := 512 << 10; e.hitBudget != want {
		t.Errorf("hit budget %d bytes, want a quarter of 2 MiB, %d", e.hitBudget, want)
	}
	e.SetMemoryMB(0)
	if want := 1 << 20 / PostingBytes; e.budget != want {
		t.Errorf("budget %d postings after 0 MiB, want the 1 MiB floor %d", e.budget, want)
	}
}
