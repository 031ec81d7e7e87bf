package content

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var planNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// planEp builds a published episode lasting minutes[lang] minutes in each
// language of minutes (0: a version with no text or recording), published
// daysAgo days before planNow.
func planEp(id int64, kind Kind, daysAgo int, minutes map[Lang]int, topics ...int64) *Episode {
	e := &Episode{
		ID:          id,
		Key:         fmt.Sprintf("ep-%d", id),
		Kind:        kind,
		Status:      Published,
		PublishedAt: planNow.AddDate(0, 0, -daysAgo),
		Versions:    map[Lang]*Version{},
	}
	for lang, m := range minutes {
		v := &Version{EpisodeID: id, Lang: lang, Title: e.Key}
		if kind.HasMedia() {
			v.MediaSeconds = m * 60
		} else {
			v.WordCount = m * WordsPerMinute(lang)
		}
		e.Versions[lang] = v
	}
	for _, t := range topics {
		e.Topics = append(e.Topics, Topic{ID: t})
	}
	return e
}

func planEN(m int) map[Lang]int { return map[Lang]int{English: m} }
func planFR(m int) map[Lang]int { return map[Lang]int{French: m} }
func planIDs(p Plan) []int64    { return planIDsOf(p.Episodes) }
func planIDsOf(es []*Episode) []int64 {
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ids
}

func TestPlanRide(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		req        PlanRequest
		candidates []*Episode
		want       []int64 // episode ids in plan order
		wantMin    int
	}{
		{
			name:       "no candidates",
			req:        PlanRequest{Lang: English, Minutes: 30},
			candidates: nil,
			want:       []int64{},
		},
		{
			name: "nothing fits: budget below every episode",
			req:  PlanRequest{Lang: English, Minutes: 4},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(5)), planEp(2, Listen, 2, planEN(12)), planEp(3, Watch, 3, planEN(40)),
			},
			want: []int64{},
		},
		{
			name: "exact fill beats recency",
			req:  PlanRequest{Lang: English, Minutes: 20},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(15)), planEp(2, Read, 30, planEN(12)), planEp(3, Read, 40, planEN(8)),
			},
			want: []int64{2, 3}, wantMin: 20,
		},
		{
			name: "most recent among equal fills, newest first",
			req:  PlanRequest{Lang: English, Minutes: 20},
			candidates: []*Episode{
				planEp(1, Listen, 90, planEN(10)), planEp(2, Listen, 30, planEN(10)), planEp(3, Listen, 60, planEN(10)),
			},
			want: []int64{2, 3}, wantMin: 20,
		},
		{
			name: "rule 2: newest oldest episode beats fewer episodes",
			req:  PlanRequest{Lang: English, Minutes: 20},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(10)), planEp(2, Read, 2, planEN(10)), planEp(3, Read, 100, planEN(20)),
			},
			want: []int64{1, 2}, wantMin: 20,
		},
		{
			name: "rule 3: fewer episodes with the same oldest",
			req:  PlanRequest{Lang: English, Minutes: 20},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(4)), planEp(2, Read, 2, planEN(5)), planEp(3, Read, 3, planEN(9)), planEp(4, Read, 4, planEN(11)),
			},
			want: []int64{3, 4}, wantMin: 20,
		},
		{
			name: "rule 4: then the more recent",
			req:  PlanRequest{Lang: English, Minutes: 20},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(9)), planEp(2, Read, 3, planEN(9)), planEp(3, Read, 4, planEN(11)),
			},
			want: []int64{1, 3}, wantMin: 20,
		},
		{
			name: "same date: higher id counts as more recent",
			req:  PlanRequest{Lang: English, Minutes: 10},
			candidates: []*Episode{
				planEp(5, Read, 7, planEN(10)), planEp(9, Read, 7, planEN(10)), planEp(7, Read, 7, planEN(10)),
			},
			want: []int64{9}, wantMin: 10,
		},
		{
			name: "only the reader's language, with its own duration",
			req:  PlanRequest{Lang: French, Minutes: 15},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(5)),                              // no French version
				planEp(2, Read, 2, map[Lang]int{English: 15, French: 14}),  // 14 in French
				planEp(3, Listen, 3, map[Lang]int{English: 15, French: 6}), // 6 in French
				planEp(4, Read, 4, planFR(9)),
			},
			want: []int64{3, 4}, wantMin: 15,
		},
		{
			name: "zero-minute versions are skipped",
			req:  PlanRequest{Lang: English, Minutes: 10},
			candidates: []*Episode{
				planEp(1, Listen, 1, planEN(0)), planEp(2, Read, 2, planEN(0)), planEp(3, Read, 3, planEN(10)),
			},
			want: []int64{3}, wantMin: 10,
		},
		{
			name: "finished episodes are avoided",
			req:  PlanRequest{Lang: English, Minutes: 10, Finished: map[int64]bool{1: true, 2: false}},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(10)), planEp(2, Read, 2, planEN(5)), planEp(3, Read, 3, planEN(5)),
			},
			want: []int64{2, 3}, wantMin: 10,
		},
		{
			name: "kinds filter",
			req:  PlanRequest{Lang: English, Minutes: 30, Kinds: []Kind{Listen, Watch}},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(10)), planEp(2, Listen, 2, planEN(10)), planEp(3, Watch, 3, planEN(10)), planEp(4, Read, 4, planEN(10)),
			},
			want: []int64{2, 3}, wantMin: 20,
		},
		{
			name: "unknown kind matches nothing",
			req:  PlanRequest{Lang: English, Minutes: 30, Kinds: []Kind{"dance"}},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(10)),
			},
			want: []int64{},
		},
		{
			name: "topic filter",
			req:  PlanRequest{Lang: English, Minutes: 30, TopicID: 7},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(10), 3), planEp(2, Read, 2, planEN(10), 3, 7), planEp(3, Read, 3, planEN(10)), planEp(4, Read, 4, planEN(10), 7),
			},
			want: []int64{2, 4}, wantMin: 20,
		},
		{
			name: "drafts and scheduled episodes are skipped when Now is set",
			req:  PlanRequest{Lang: English, Minutes: 30, Now: planNow},
			candidates: []*Episode{
				func() *Episode { e := planEp(1, Read, 1, planEN(10)); e.Status = Draft; return e }(),
				planEp(2, Read, -1, planEN(10)), // tomorrow
				planEp(3, Read, 2, planEN(10)),
				nil,
			},
			want: []int64{3}, wantMin: 10,
		},
		{
			name: "an id given twice is planned once",
			req:  PlanRequest{Lang: English, Minutes: 30},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(10)), planEp(1, Read, 1, planEN(10)), planEp(2, Read, 2, planEN(5)),
			},
			want: []int64{1, 2}, wantMin: 15,
		},
		{
			name: "longest budget",
			req:  PlanRequest{Lang: English, Minutes: PlannerMaxMinutes},
			candidates: []*Episode{
				planEp(1, Watch, 1, planEN(200)), planEp(2, Watch, 2, planEN(40)), planEp(3, Watch, 3, planEN(241)),
			},
			want: []int64{1, 2}, wantMin: 240,
		},
		{
			name: "one-minute budget",
			req:  PlanRequest{Lang: English, Minutes: PlannerMinMinutes},
			candidates: []*Episode{
				planEp(1, Read, 1, planEN(2)), planEp(2, Listen, 2, planEN(1)), planEp(3, Listen, 1, planEN(1)),
			},
			want: []int64{3}, wantMin: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := PlanRide(tt.req, tt.candidates)
			if err != nil {
				t.Fatal(err)
			}
			if p.Episodes == nil {
				t.Error("Episodes is nil, want a non-nil slice")
			}
			if got := planIDs(p); !slices.Equal(got, tt.want) || p.Minutes != tt.wantMin {
				t.Fatalf("plan %v (%d min), want %v (%d min)", got, p.Minutes, tt.want, tt.wantMin)
			}
		})
	}
}

func TestPlanRideInvalidMinutes(t *testing.T) {
	t.Parallel()
	candidates := []*Episode{planEp(1, Read, 1, planEN(1))}
	for _, m := range []int{-1, 0, 241, 10_000} {
		t.Run(fmt.Sprint(m), func(t *testing.T) {
			t.Parallel()
			p, err := PlanRide(PlanRequest{Lang: English, Minutes: m}, candidates)
			ve, ok := errors.AsType[*ValidationError](err)
			if !ok {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			if ve.Fields["minutes"] != PlannerErrMinutes {
				t.Fatalf("fields = %v, want minutes=%s", ve.Fields, PlannerErrMinutes)
			}
			if len(p.Episodes) != 0 || p.Minutes != 0 {
				t.Fatalf("plan %+v with an error", p)
			}
		})
	}
}

// planRandomCorpus builds n episodes with varied languages, kinds, topics,
// durations (1..maxMinutes, sometimes 0), statuses and dates (with ties).
func planRandomCorpus(rng *rand.Rand, n, maxMinutes int) []*Episode {
	ids := rng.Perm(n)
	out := make([]*Episode, n)
	for i := range out {
		kind := Kinds[rng.IntN(len(Kinds))]
		minutes := map[Lang]int{}
		switch rng.IntN(4) {
		case 0:
			minutes[English] = rng.IntN(maxMinutes + 1)
		case 1:
			minutes[French] = rng.IntN(maxMinutes + 1)
		default:
			minutes[English] = rng.IntN(maxMinutes + 1)
			minutes[French] = rng.IntN(maxMinutes + 1)
		}
		var topics []int64
		for topic := int64(1); topic <= 3; topic++ {
			if rng.IntN(3) == 0 {
				topics = append(topics, topic)
			}
		}
		e := planEp(int64(ids[i]+1), kind, rng.IntN(n/2+2)-1, minutes, topics...)
		if rng.IntN(20) == 0 {
			e.Status = Draft
		}
		out[i] = e
	}
	return out
}

func planRandomRequest(rng *rand.Rand, n, maxBudget int) PlanRequest {
	req := PlanRequest{Lang: Langs[rng.IntN(2)], Minutes: 1 + rng.IntN(maxBudget), Now: planNow}
	if rng.IntN(2) == 0 {
		for _, k := range Kinds {
			if rng.IntN(2) == 0 {
				req.Kinds = append(req.Kinds, k)
			}
		}
	}
	if rng.IntN(3) == 0 {
		req.TopicID = int64(1 + rng.IntN(3))
	}
	req.Finished = map[int64]bool{}
	for range rng.IntN(n/3 + 1) {
		req.Finished[int64(1+rng.IntN(n))] = true
	}
	return req
}

// planRefSuitable is an independent statement of the candidate filter,
// sorted by recency rank (newest first).
func planRefSuitable(req PlanRequest, candidates []*Episode) []*Episode {
	var out []*Episode
	for _, e := range candidates {
		if e == nil || req.Finished[e.ID] || (!req.Now.IsZero() && !e.IsLive(req.Now)) {
			continue
		}
		if len(req.Kinds) > 0 && !slices.Contains(req.Kinds, e.Kind) {
			continue
		}
		if req.TopicID != 0 && !slices.ContainsFunc(e.Topics, func(t Topic) bool { return t.ID == req.TopicID }) {
			continue
		}
		if m := e.Minutes(req.Lang); m < 1 || m > req.Minutes {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Episode) int {
		return cmp.Or(b.PublishedAt.Compare(a.PublishedAt), cmp.Compare(b.ID, a.ID))
	})
	return out
}

// planCheckInvariants checks what must hold for any plan.
func planCheckInvariants(t *testing.T, req PlanRequest, candidates []*Episode, p Plan) {
	t.Helper()
	if p.Minutes > req.Minutes {
		t.Fatalf("plan of %d min over the %d min budget", p.Minutes, req.Minutes)
	}
	allowed := map[*Episode]bool{}
	for _, e := range planRefSuitable(req, candidates) {
		allowed[e] = true
	}
	seen := map[int64]bool{}
	sum := 0
	for i, e := range p.Episodes {
		if !allowed[e] {
			t.Fatalf("episode %d not allowed for %+v (lang, kind, topic, finished or live)", e.ID, req)
		}
		if e.Version(req.Lang) == nil {
			t.Fatalf("episode %d has no %s version", e.ID, req.Lang)
		}
		if seen[e.ID] {
			t.Fatalf("episode %d repeated", e.ID)
		}
		seen[e.ID] = true
		sum += e.Minutes(req.Lang)
		if i > 0 {
			prev := p.Episodes[i-1]
			if c := cmp.Or(prev.PublishedAt.Compare(e.PublishedAt), cmp.Compare(prev.ID, e.ID)); c <= 0 {
				t.Fatalf("episodes not newest first: %d before %d", prev.ID, e.ID)
			}
		}
	}
	if sum != p.Minutes {
		t.Fatalf("Minutes = %d, episodes sum to %d", p.Minutes, sum)
	}
}

// planBetter reports whether a beats b under the documented rules; a and
// b hold recency ranks (0 = newest) sorted oldest first.
func planBetter(a []int, aMin int, b []int, bMin int) bool {
	if aMin != bMin {
		return aMin > bMin
	}
	if len(a) == 0 || len(b) == 0 {
		return len(a) < len(b)
	}
	if a[0] != b[0] {
		return a[0] < b[0] // rule 2: newest oldest episode
	}
	if len(a) != len(b) {
		return len(a) < len(b) // rule 3: fewer episodes
	}
	return slices.Compare(a, b) < 0 // rule 4
}

// planBruteForce tries every subset of the suitable candidates.
func planBruteForce(req PlanRequest, candidates []*Episode) []int64 {
	ranked := planRefSuitable(req, candidates)
	var best []int
	bestMin := 0
	for mask := 0; mask < 1<<len(ranked); mask++ {
		var ranks []int
		total := 0
		for i := len(ranked) - 1; i >= 0; i-- {
			if mask&(1<<i) != 0 {
				ranks = append(ranks, i)
				total += ranked[i].Minutes(req.Lang)
			}
		}
		if total <= req.Minutes && (mask == 0 || planBetter(ranks, total, best, bestMin)) {
			best, bestMin = ranks, total
		}
	}
	ids := make([]int64, 0, len(best))
	for i := len(best) - 1; i >= 0; i-- {
		ids = append(ids, ranked[best[i]].ID)
	}
	return ids
}

// TestPlanRideMatchesBruteForce compares small random cases with every
// subset. Short durations against small budgets also exercise the
// per-duration pruning.
func TestPlanRideMatchesBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(4, 2026))
	for i := range 3000 {
		n := 1 + rng.IntN(12)
		maxMinutes := 1 + rng.IntN(30)
		candidates := planRandomCorpus(rng, n, maxMinutes)
		req := planRandomRequest(rng, n, 2*maxMinutes)
		if rng.IntN(4) == 0 {
			req.Finished = nil
		}
		p, err := PlanRide(req, candidates)
		if err != nil {
			t.Fatal(err)
		}
		planCheckInvariants(t, req, candidates, p)
		if got, want := planIDs(p), planBruteForce(req, candidates); !slices.Equal(got, want) {
			t.Fatalf("case %d: plan %v, brute force %v\nrequest %+v", i, got, want, req)
		}
	}
}

// TestPlanRideProperties checks larger random corpora: the invariants,
// the best total and oldest episode against an unpruned subset sum, and
// determinism under repetition and shuffling.
func TestPlanRideProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(27, 11))
	for i := range 200 {
		n := 50 + rng.IntN(1500)
		candidates := planRandomCorpus(rng, n, 1+rng.IntN(90))
		req := planRandomRequest(rng, n, PlannerMaxMinutes)
		p, err := PlanRide(req, candidates)
		if err != nil {
			t.Fatal(err)
		}
		planCheckInvariants(t, req, candidates, p)

		// Unpruned reachability over the recency prefixes.
		ranked := planRefSuitable(req, candidates)
		reach := make([]bool, req.Minutes+1)
		reach[0] = true
		firstReach := make([]int, req.Minutes+1) // shortest prefix reaching s, minus one
		for s := range firstReach {
			firstReach[s] = -1
		}
		for k, e := range ranked {
			m := e.Minutes(req.Lang)
			for s := req.Minutes; s >= m; s-- {
				if !reach[s] && reach[s-m] {
					reach[s], firstReach[s] = true, k
				}
			}
		}
		best := req.Minutes
		for !reach[best] {
			best--
		}
		if p.Minutes != best {
			t.Fatalf("case %d: plan fills %d min, %d reachable", i, p.Minutes, best)
		}
		if best > 0 && p.Episodes[len(p.Episodes)-1] != ranked[firstReach[best]] {
			t.Fatalf("case %d: oldest episode %d, want %d", i, p.Episodes[len(p.Episodes)-1].ID, ranked[firstReach[best]].ID)
		}

		again, _ := PlanRide(req, candidates)
		shuffled := slices.Clone(candidates)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		reordered, _ := PlanRide(req, shuffled)
		if !slices.Equal(again.Episodes, p.Episodes) || !slices.Equal(reordered.Episodes, p.Episodes) {
			t.Fatalf("case %d: not deterministic: %v, %v, shuffled %v", i, planIDs(p), planIDs(again), planIDs(reordered))
		}
	}
}

// TestPlanRideDoesNotModifyCandidates guards the caller's slice.
func TestPlanRideDoesNotModifyCandidates(t *testing.T) {
	t.Parallel()
	candidates := planRandomCorpus(rand.New(rand.NewPCG(1, 1)), 200, 20)
	before := slices.Clone(candidates)
	if _, err := PlanRide(PlanRequest{Lang: French, Minutes: 45}, candidates); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, candidates) {
		t.Fatal("candidates reordered")
	}
}

func BenchmarkPlanRide(b *testing.B) {
	rng := rand.New(rand.NewPCG(10_000, 45))
	candidates := planRandomCorpus(rng, 10_000, 60)
	for _, e := range candidates {
		e.Status = Published
	}
	req := PlanRequest{Lang: English, Minutes: 45, Now: planNow, Finished: map[int64]bool{1: true, 2: true, 3: true}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanRide(req, candidates); err != nil {
			b.Fatal(err)
		}
	}
}

// Parts of a series play in the series' order, in the places newest-first
// order gives them; other episodes keep theirs.
func TestPlanRideSeriesInOrder(t *testing.T) {
	t.Parallel()
	part := func(id int64, daysAgo, series, pos int) *Episode {
		e := planEp(id, Read, daysAgo, planEN(5))
		e.Series = &SeriesRef{Series: Series{ID: int64(series)}, Position: pos}
		return e
	}
	tests := []struct {
		name       string
		candidates []*Episode
		want       []int64
	}{
		{"parts published in order", []*Episode{part(1, 30, 7, 1), part(2, 20, 7, 2), part(3, 10, 7, 3), planEp(4, Read, 5, planEN(5))},
			[]int64{4, 1, 2, 3}},
		{"another episode between parts", []*Episode{part(1, 30, 7, 2), planEp(2, Read, 15, planEN(5)), part(3, 10, 7, 3)},
			[]int64{1, 2, 3}},
		{"parts published out of order", []*Episode{part(1, 10, 7, 1), part(2, 30, 7, 2)},
			[]int64{1, 2}},
		{"two series", []*Episode{part(1, 40, 7, 1), part(2, 35, 8, 2), part(3, 30, 7, 2), part(4, 25, 8, 1)},
			[]int64{4, 1, 2, 3}},
		{"same position: by id", []*Episode{part(5, 30, 7, 1), part(2, 10, 7, 1)},
			[]int64{2, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PlanRide(PlanRequest{Lang: English, Minutes: 60, Now: planNow}, tt.candidates)
			if err != nil {
				t.Fatal(err)
			}
			if got := planIDs(p); !slices.Equal(got, tt.want) {
				t.Errorf("plan %v, want %v", got, tt.want)
			}
		})
	}
}
