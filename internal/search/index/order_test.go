package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTopN(t *testing.T) {
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
			// 0 keeps every candidate; n may exceed their number.
			for _, n := range []int{0, r.IntN(len(cs) + 1), r.IntN(len(cs)+1) + 1, len(cs) + 3} {
				top := newTopN(n, byDate)
				for _, c := range cs {
					top.add(c)
				}
				w := want
				if n > 0 {
					w = want[:min(n, len(want))]
				}
				if got := top.sorted(); !slices.Equal(got, w) {
					t.Fatalf("topN(%d) of %d, byDate %v = %v, want %v", n, len(cs), byDate, got, w)
				}
			}
		}
	}
}
