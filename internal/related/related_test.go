package related

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	in := []Entry{
		{ID: 1, Topics: 1, Terms: 9, Published: 50},
		{ID: 2, Topics: 2, Terms: 0, Published: 10},
		{ID: 3, Topics: 2, Terms: 3, Published: 5},
		{ID: 4, Topics: 2, Terms: 3, Published: 7},
		{ID: 5, Topics: 2, Terms: 3, Published: 7},
	}
	got := Top(in, 10)
	var ids []int64
	for _, e := range got.Entries {
		ids = append(ids, e.ID)
	}
	// Topics first, then terms, then newest, then highest id.
	if want := []int64{5, 4, 3, 2, 1}; !slices.Equal(ids, want) || got.More {
		t.Errorf("Top = %v (more %v); want %v", ids, got.More, want)
	}
	if l := Top(in, 2); len(l.Entries) != 2 || !l.More || l.Entries[0].ID != 5 {
		t.Errorf("Top(2) = %+v", l)
	}
}

func TestUpdate(t *testing.T) {
	e := func(id int64, topics int) Entry { return Entry{ID: id, Topics: topics, Published: id} }
	full := func(n int) List {
		var l List
		for i := range n {
			l.Entries = append(l.Entries, e(int64(100-i), 3))
		}
		return l
	}
	ids := func(l List) []int64 {
		var out []int64
		for _, x := range l.Entries {
			out = append(out, x.ID)
		}
		return out
	}
	short := List{Entries: []Entry{e(9, 2), e(8, 1)}}
	truncated := full(Keep)
	truncated.More = true
	atRefill := full(Refill)
	atRefill.More = true
	for _, c := range []struct {
		name      string
		l         List
		y         Entry
		candidate bool
		want      []int64
		more      bool
		full      bool
	}{
		{"new candidate joins a complete list", short, e(7, 2), true, []int64{9, 7, 8}, false, false},
		{"new last candidate joins a complete list", short, e(1, 1), true, []int64{9, 8, 1}, false, false},
		{"candidate moves up", short, e(8, 3), true, []int64{8, 9}, false, false},
		{"candidate leaves a complete list", short, e(9, 0), false, []int64{8}, false, false},
		{"stranger stays out", short, e(5, 0), false, []int64{9, 8}, false, false},
		{"better candidate pushes the last out", truncated, e(1, 4), true, append([]int64{1}, ids(truncated)[:Keep-1]...), true, false},
		{"worse candidate stays out of a truncated list", truncated, e(1, 2), true, ids(truncated), true, false},
		{"listed candidate falling below the last leaves", truncated, e(100, 1), true, ids(truncated)[1:], true, false},
		{"the last entry, unchanged, stays", truncated, truncated.Entries[Keep-1], true, ids(truncated), true, false},
		{"the last entry, ranking higher, stays", truncated, e(100-Keep+1, 4), true, append([]int64{100 - Keep + 1}, ids(truncated)[:Keep-1]...), true, false},
		{"the last entry, ranking lower, leaves", truncated, e(100-Keep+1, 1), true, ids(truncated)[:Keep-1], true, false},
		{"a list shrinking below Refill is recomputed", atRefill, e(100, 0), false, ids(atRefill)[1:], true, true},
		{"12th entry of a complete list", full(Keep - 1), e(1, 1), true, append(ids(full(Keep-1)), 1), false, false},
		{"13th entry truncates", full(Keep), e(1, 1), true, ids(full(Keep)), true, false},
	} {
		got, needFull := Update(c.l, c.y, c.candidate)
		if !slices.Equal(ids(got), c.want) || got.More != c.more || needFull != c.full {
			t.Errorf("%s: Update = %v more %v full %v; want %v more %v full %v", c.name, ids(got), got.More, needFull, c.want, c.more, c.full)
		}
	}
}

// corpus makes n random versions over a few topics and terms.
func corpus(r *rand.Rand, n int) []Version {
	vs := make([]Version, n)
	for i := range vs {
		v := Version{ID: int64(i + 1), Published: int64(r.IntN(20))}
		for t := range int64(6) {
			if r.IntN(3) == 0 {
				v.Topics = append(v.Topics, t)
			}
		}
		for t := range uint32(30) {
			if r.IntN(5) == 0 {
				v.Terms = append(v.Terms, t)
			}
		}
		vs[i] = v
	}
	return vs
}

// brute is the rule spelled out: every pair compared.
func brute(vs []Version, x int, keep int) List {
	var cands []Entry
	for c := range vs {
		if c == x {
			continue
		}
		e := Entry{ID: vs[c].ID, Published: vs[c].Published}
		for _, t := range vs[x].Topics {
			if slices.Contains(vs[c].Topics, t) {
				e.Topics++
			}
		}
		for _, t := range vs[x].Terms {
			if slices.Contains(vs[c].Terms, t) {
				e.Terms++
			}
		}
		if e.Topics > 0 {
			cands = append(cands, e)
		}
	}
	return Top(cands, keep)
}

func TestDeriveMatchesTheRule(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 40, 300} {
		vs := corpus(r, n)
		for _, keep := range []int{1, 3, Keep} {
			got := Derive(vs, keep, 3)
			for x := range vs {
				if want := brute(vs, x, keep); !got[x].Equal(want) {
					t.Fatalf("n %d keep %d: list of %d = %+v; want %+v", n, keep, vs[x].ID, got[x], want)
				}
			}
		}
	}
}

// TestDeriveWhereMatchesTheRule derives a library part by part: each
// part's lists are the rule's, every version being a candidate, and the
// versions outside the part have none.
func TestDeriveWhereMatchesTheRule(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	vs := corpus(r, 300)
	for _, part := range []int{1, 7, 100, 301} {
		for lo := 0; lo < len(vs); lo += part {
			in := func(i int) bool { return i >= lo && i < lo+part }
			got := DeriveWhere(vs, Keep, 2, in)
			for x := range vs {
				want := List{}
				if in(x) {
					want = brute(vs, x, Keep)
				}
				if !got[x].Equal(want) {
					t.Fatalf("part %d from %d: list of %d = %+v; want %+v", part, lo, vs[x].ID, got[x], want)
				}
			}
		}
	}
}

// TestUpdateFollowsChanges changes one version at a time and applies
// Update to every stored list (or recomputes it when Update says so): the
// lists must stay those the rule gives.
func TestUpdateFollowsChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vs := corpus(r, 120)
	lists := Derive(vs, Keep, 2)
	recomputed := 0
	for step := range 300 {
		y := r.IntN(len(vs))
		switch r.IntN(3) {
		case 0:
			vs[y].Published = int64(r.IntN(20))
		case 1:
			vs[y].Topics = corpus(r, 1)[0].Topics
		default:
			vs[y].Terms = corpus(r, 1)[0].Terms
		}
		lists[y] = brute(vs, y, Keep)
		for x := range vs {
			if x == y {
				continue
			}
			score := brute([]Version{vs[x], vs[y]}, 0, 1)
			e, cand := Entry{ID: vs[y].ID}, len(score.Entries) == 1
			if cand {
				e = score.Entries[0]
			}
			next, full := Update(lists[x], e, cand)
			if full {
				recomputed++
				next = brute(vs, x, Keep)
			}
			lists[x] = next
			want := brute(vs, x, Keep)
			n := len(next.Entries)
			if !slices.Equal(next.Entries, want.Entries[:min(n, len(want.Entries))]) || n < min(Refill, len(want.Entries)) ||
				(!next.More && (want.More || n != len(want.Entries))) {
				t.Fatalf("step %d: list of %d = %+v; the rule gives %+v", step, vs[x].ID, next, want)
			}
		}
	}
	if recomputed == 0 {
		t.Log("no list needed recomputing")
	}
}
