package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

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
