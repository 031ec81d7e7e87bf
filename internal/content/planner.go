package content

import (
	"fmt"
	"slices"
	"time"
)

// Limits of the commute planner's time budget, in minutes.
const (
	PlannerMinMinutes = 1
	PlannerMaxMinutes = 240
)

// PlannerErrMinutes is the i18n catalogue key of the error returned when
// the time budget is outside PlannerMinMinutes..PlannerMaxMinutes.
const PlannerErrMinutes = "planner.error_minutes"

// PlanRequest is what a reader asks of the commute planner ("Fits my
// ride" / « Pour mon trajet »).
type PlanRequest struct {
	Lang     Lang
	Minutes  int            // the reader's time budget, 1..240
	Kinds    []Kind         // empty: all kinds
	TopicID  int64          // 0: any topic
	Finished map[int64]bool // episode ids the reader already finished (kept in their browser)
	Now      time.Time      // episodes not live at Now are skipped; zero: no check
}

// Plan is a sequence of episodes that fits a time budget.
type Plan struct {
	Episodes []*Episode // in the order to follow; never nil
	Minutes  int        // total
}

// PlanRide chooses from candidates a short sequence of episodes that fills
// req.Minutes as fully as possible without going over.
//
// A candidate is suitable when it is not nil, has a version in req.Lang
// whose duration (Episode.Minutes) is at least one minute, is of one of
// req.Kinds (any kind when empty), has the topic req.TopicID (any topic
// when 0), is not in req.Finished and, when req.Now is set, is live at
// req.Now. An episode id given twice is planned at most once.
//
// Recency rank orders suitable candidates newest first: PublishedAt
// descending, then ID descending (ids grow with creation). Among the
// subsets of suitable candidates whose total is at most the budget, the
// plan is the best by these rules, applied in order:
//
//  1. the largest total minutes;
//  2. the newest oldest episode: the plan's least recent episode is as
//     recent as possible, so one old episode is never pulled in when
//     newer ones fill the time as well;
//  3. the fewest episodes: a short sequence, fewer switches on a bus;
//  4. then, comparing the plans' episodes from the oldest down, the first
//     difference goes to the more recent one (colexicographic order of the
//     recency ranks).
//
// These rules form a total order, so the plan is unique and does not
// depend on the order of candidates. Episodes are listed newest first:
// the freshest content comes first, and a reader whose ride is cut short
// has seen the most recent episodes of the plan. Parts of one series are
// the exception: they play in the series' order, in the places that
// newest-first order gives them (part 1 before part 2, whatever their
// dates).
//
// Nothing fitting gives an empty plan, not an error. A budget outside
// PlannerMinMinutes..PlannerMaxMinutes gives an error wrapping a
// *ValidationError with field "minutes" and key PlannerErrMinutes.
//
// The search is an exact subset-sum dynamic programme over the budget.
// An optimal plan holds at most budget/d episodes lasting d minutes, and
// swapping one of them for a more recent unused one of the same duration
// would improve it, so only the budget/d most recent candidates of each
// duration d are kept: at most about budget×ln(budget) (≈1,400 for 240
// minutes), whatever the number of candidates. Time is
// O(len(candidates)×log + kept×budget), memory O(kept×budget) bytes.
func PlanRide(req PlanRequest, candidates []*Episode) (Plan, error) {
	if req.Minutes < PlannerMinMinutes || req.Minutes > PlannerMaxMinutes {
		return Plan{}, fmt.Errorf("content: plan ride: %d minutes: %w", req.Minutes,
			&ValidationError{Fields: map[string]string{"minutes": PlannerErrMinutes}})
	}
	budget := req.Minutes
	items := planSuitable(req, candidates)
	items = planKeepRecent(items, budget)
	chosen := planBestFill(items, budget)

	plan := Plan{Episodes: make([]*Episode, 0, len(chosen))}
	for _, i := range chosen {
		plan.Episodes = append(plan.Episodes, items[i].ep)
		plan.Minutes += items[i].minutes
	}
	planSeriesInOrder(plan.Episodes)
	return plan, nil
}

// planSeriesInOrder reorders the episodes of each series among the places
// they hold in eps, by their position in the series (then by id), and
// leaves every other episode where it is.
func planSeriesInOrder(eps []*Episode) {
	places := map[int64][]int{} // series id → indexes in eps
	var order []int64
	for i, e := range eps {
		if e.Series == nil || e.Series.Series.ID == 0 {
			continue
		}
		id := e.Series.Series.ID
		if places[id] == nil {
			order = append(order, id)
		}
		places[id] = append(places[id], i)
	}
	for _, id := range order {
		at := places[id]
		if len(at) < 2 {
			continue
		}
		parts := make([]*Episode, len(at))
		for k, i := range at {
			parts[k] = eps[i]
		}
		slices.SortStableFunc(parts, func(a, b *Episode) int {
			if a.Series.Position != b.Series.Position {
				return a.Series.Position - b.Series.Position
			}
			switch {
			case a.ID < b.ID:
				return -1
			case a.ID > b.ID:
				return 1
			}
			return 0
		})
		for k, i := range at {
			eps[i] = parts[k]
		}
	}
}

// planItem is a suitable candidate with its duration in the request's
// language.
type planItem struct {
	ep      *Episode
	minutes int
}

// planSuitable filters candidates (see PlanRide) and drops those longer than
// the budget.
func planSuitable(req PlanRequest, candidates []*Episode) []planItem {
	var kinds [len(Kinds)]bool
	anyKind := len(req.Kinds) == 0
	for _, k := range req.Kinds {
		if i := slices.Index(Kinds[:], k); i >= 0 {
			kinds[i] = true
		}
	}
	items := make([]planItem, 0, len(candidates))
	for _, e := range candidates {
		if e == nil || req.Finished[e.ID] {
			continue
		}
		if !anyKind {
			if i := slices.Index(Kinds[:], e.Kind); i < 0 || !kinds[i] {
				continue
			}
		}
		if req.TopicID != 0 && !slices.ContainsFunc(e.Topics, func(t Topic) bool { return t.ID == req.TopicID }) {
			continue
		}
		if !req.Now.IsZero() && !e.IsLive(req.Now) {
			continue
		}
		m := e.Minutes(req.Lang) // 0 when there is no version in req.Lang
		if m < 1 || m > req.Minutes {
			continue
		}
		items = append(items, planItem{ep: e, minutes: m})
	}
	return items
}

// planKeepRecent sorts items by recency rank, newest first, removes
// repeated episode ids and keeps, for each duration d, the budget/d most
// recent items lasting d minutes. The order of the result is the recency
// rank used by planBestFill.
func planKeepRecent(items []planItem, budget int) []planItem {
	slices.SortFunc(items, func(a, b planItem) int {
		if c := b.ep.PublishedAt.Compare(a.ep.PublishedAt); c != 0 {
			return c
		}
		if a.ep.ID != b.ep.ID {
			if a.ep.ID > b.ep.ID {
				return -1
			}
			return 1
		}
		return a.minutes - b.minutes // same id twice: keep the shorter
	})
	perDuration := make([]int, budget+1)
	seen := make(map[int64]bool)
	kept := items[:0]
	for _, it := range items {
		if perDuration[it.minutes] >= budget/it.minutes || seen[it.ep.ID] {
			continue
		}
		perDuration[it.minutes]++
		seen[it.ep.ID] = true
		kept = append(kept, it)
	}
	return kept
}

// planUnreachable marks a sum that no subset reaches in the count table.
const planUnreachable = 255

// planBestFill returns the indexes, ascending, of the best subset of items
// (sorted by recency rank) under the rules of PlanRide.
//
// count[k][s] is the least number of items among the k most recent that
// sum to exactly s minutes, or planUnreachable. Counts never exceed the budget
// (every item lasts a minute or more), so they fit a byte.
func planBestFill(items []planItem, budget int) []int {
	n, width := len(items), budget+1
	count := make([]uint8, (n+1)*width)
	for s := 1; s < width; s++ {
		count[s] = planUnreachable
	}
	for k, it := range items {
		prev, next := count[k*width:(k+1)*width], count[(k+1)*width:(k+2)*width]
		copy(next, prev)
		for s := it.minutes; s < width; s++ {
			if c := prev[s-it.minutes]; c != planUnreachable && c+1 < next[s] {
				next[s] = c + 1
			}
		}
	}
	row := func(k int) []uint8 { return count[k*width : (k+1)*width] }

	// Rule 1: the largest reachable total.
	total := budget
	for total > 0 && row(n)[total] == planUnreachable {
		total--
	}
	if total == 0 {
		return nil
	}
	// Rule 2: the oldest item is the newest k that reaches total with the
	// k+1 most recent items; k is then in every such subset.
	oldest := 0
	for row(oldest + 1)[total] == planUnreachable {
		oldest++
	}
	chosen := []int{oldest}
	// Rules 3 and 4: fill the rest with the fewest items from the more
	// recent ones, choosing each next-oldest item as recent as possible
	// while the remaining sum stays reachable with one item fewer.
	rest, limit := total-items[oldest].minutes, oldest
	want := int(row(oldest)[rest])
	for rest > 0 {
		j := 0
		for ; j < limit; j++ {
			m := items[j].minutes
			if m <= rest && int(row(j)[rest-m]) == want-1 {
				break
			}
		}
		// j < limit: row(limit)[rest] == want guarantees such a j exists.
		chosen = append(chosen, j)
		rest, limit, want = rest-items[j].minutes, j, want-1
	}
	slices.Reverse(chosen)
	return chosen
}
