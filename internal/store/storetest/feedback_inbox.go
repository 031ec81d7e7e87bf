package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testFeedbackInbox covers the back office's feedback inbox: filters,
// pagination, counts per episode and marking rows reviewed.
func testFeedbackInbox(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("one", day(3), titled("One", "Un")), episode("two", day(2), only(fr), titled("", "Deux"))))
	one, two := mustBySlug(t, s, en, "one").ID, mustBySlug(t, s, fr, "deux").ID
	base := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	in := []content.Feedback{
		{CreatedAt: base, Lang: en, Path: "/en/one/", EpisodeID: one, Answer: content.Yes},                                  // 0
		{CreatedAt: base.Add(24 * time.Hour), Lang: en, Path: "/en/one/", EpisodeID: one, Answer: content.No, Comment: "a"}, // 1
		{CreatedAt: base.Add(48 * time.Hour), Lang: fr, Path: "/fr/un/", EpisodeID: one, Answer: content.No, Comment: "b"},  // 2
		{CreatedAt: base.Add(72 * time.Hour), Lang: fr, Path: "/fr/deux/", EpisodeID: two, Answer: content.Yes},             // 3
		{CreatedAt: base.Add(96 * time.Hour), Lang: en, Path: "/en/", Answer: content.No, Comment: "c"},                     // 4
	}
	ids := make([]int64, len(in))
	for i, f := range in {
		id, err := s.AddFeedback(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	yes, no := true, false
	check := func(name string, f store.FeedbackFilter, total int, want ...int) {
		t.Helper()
		got, n, err := s.FeedbackInbox(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var gotIDs, wantIDs []int64
		for _, g := range got {
			gotIDs = append(gotIDs, g.ID)
		}
		for _, i := range want {
			wantIDs = append(wantIDs, ids[i])
		}
		if n != total || !cmp.Equal(gotIDs, wantIDs) {
			t.Errorf("%s: ids %v (total %d); want %v (total %d)", name, gotIDs, n, wantIDs, total)
		}
	}
	check("all", store.FeedbackFilter{}, 5, 4, 3, 2, 1, 0)
	check("episode", store.FeedbackFilter{EpisodeID: one}, 3, 2, 1, 0)
	check("lang", store.FeedbackFilter{Lang: fr}, 2, 3, 2)
	check("answer", store.FeedbackFilter{Answer: content.No}, 3, 4, 2, 1)
	check("dates", store.FeedbackFilter{From: base.Add(24 * time.Hour), To: base.Add(72 * time.Hour)}, 2, 2, 1)
	check("combined", store.FeedbackFilter{EpisodeID: one, Lang: en, Answer: content.No}, 1, 1)
	check("page", store.FeedbackFilter{Limit: 2, Offset: 2}, 5, 2, 1)
	check("last page", store.FeedbackFilter{Limit: 2, Offset: 4}, 5, 0)
	check("unreviewed", store.FeedbackFilter{Reviewed: &no}, 5, 4, 3, 2, 1, 0)
	check("reviewed", store.FeedbackFilter{Reviewed: &yes}, 0)

	// Fields come back as stored.
	got, _, err := s.FeedbackInbox(ctx, store.FeedbackFilter{EpisodeID: one, Lang: fr})
	if err != nil || len(got) != 1 {
		t.Fatalf("one row: %+v, %v", got, err)
	}
	w := in[2]
	w.ID = ids[2]
	if d := cmp.Diff(w, got[0]); d != "" {
		t.Errorf("row (-want +got):\n%s", d)
	}

	// Counts per episode: most answers first, pages outside episodes last,
	// titles in the filter's language or English.
	counts, err := s.FeedbackCounts(ctx, store.FeedbackFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.FeedbackCount{{EpisodeID: one, Title: "One", Yes: 1, No: 2}, {EpisodeID: two, Title: "Deux", Yes: 1}, {No: 1}}
	if d := cmp.Diff(want, counts); d != "" {
		t.Errorf("FeedbackCounts (-want +got):\n%s", d)
	}
	counts, err = s.FeedbackCounts(ctx, store.FeedbackFilter{Lang: fr})
	if err != nil {
		t.Fatal(err)
	}
	want = []store.FeedbackCount{{EpisodeID: one, Title: "Un", No: 1}, {EpisodeID: two, Title: "Deux", Yes: 1}}
	if d := cmp.Diff(want, counts); d != "" {
		t.Errorf("FeedbackCounts(fr) (-want +got):\n%s", d)
	}
	if counts, err := s.FeedbackCounts(ctx, store.FeedbackFilter{Answer: content.Yes, EpisodeID: 999999}); err != nil || len(counts) != 0 {
		t.Errorf("FeedbackCounts(nothing) = %+v, %v", counts, err)
	}

	// Marking reviewed: the first review stays; unknown ids are ignored.
	staff := mustCreateUser(t, s, "reviewer@example.org", content.RoleEditor)
	other := mustCreateUser(t, s, "other@example.org", content.RoleEditor)
	at := time.Date(2025, 6, 1, 9, 30, 0, 0, time.FixedZone("EDT", -4*3600))
	if err := s.MarkFeedbackReviewed(ctx, []int64{ids[1], ids[4], 987654}, staff.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFeedbackReviewed(ctx, []int64{ids[1]}, other.ID, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFeedbackReviewed(ctx, nil, staff.ID, at); err != nil {
		t.Errorf("MarkFeedbackReviewed(nothing): %v", err)
	}
	check("reviewed after", store.FeedbackFilter{Reviewed: &yes}, 2, 4, 1)
	check("unreviewed after", store.FeedbackFilter{Reviewed: &no}, 3, 3, 2, 0)
	got, _, err = s.FeedbackInbox(ctx, store.FeedbackFilter{Reviewed: &yes})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range got {
		if !g.Reviewed || g.ReviewedBy != staff.ID || !g.ReviewedAt.Equal(at) || g.ReviewedAt.Location() != time.UTC {
			t.Errorf("reviewed row %d: %v by %d at %v; want by %d at %v UTC", g.ID, g.Reviewed, g.ReviewedBy, g.ReviewedAt, staff.ID, at.UTC())
		}
	}
}
