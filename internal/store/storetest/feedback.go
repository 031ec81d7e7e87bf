package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/google/go-cmp/cmp"
)

func testFeedback(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("one", day(1))))
	one := mustBySlug(t, s, en, "one-en").ID
	edt := time.FixedZone("EDT", -4*3600)
	at := time.Date(2025, 5, 30, 14, 15, 16, 987654321, edt)
	in := []content.Feedback{
		{CreatedAt: at, Lang: en, Path: "/en/one-en/", EpisodeID: one, Answer: content.Yes},
		{CreatedAt: at.Add(time.Minute), Lang: fr, Path: "/fr/", Answer: content.No, Comment: "C’était « trop long » 🙃 [courriel supprimé]", Redacted: true},
		{CreatedAt: at.Add(2 * time.Minute), Lang: en, Path: "/en/topics/", Answer: content.No, Comment: "Could not find it"},
	}
	var ids []int64
	for _, f := range in {
		id, err := s.AddFeedback(ctx, f)
		if err != nil {
			t.Fatalf("AddFeedback: %v", err)
		}
		if id <= 0 || (len(ids) > 0 && id <= ids[len(ids)-1]) {
			t.Errorf("AddFeedback id %d after %v", id, ids)
		}
		ids = append(ids, id)
	}
	got, err := newestFeedback(ctx, s, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("newestFeedback returned %d; want 3", len(got))
	}
	for i, g := range got {
		w := in[2-i]
		w.ID = ids[2-i]
		if g.CreatedAt.Location() != time.UTC || !g.CreatedAt.Truncate(time.Second).Equal(w.CreatedAt.Truncate(time.Second)) {
			t.Errorf("feedback %d CreatedAt = %v; want %v in UTC", w.ID, g.CreatedAt, w.CreatedAt.UTC())
		}
		g.CreatedAt = w.CreatedAt
		if g != w {
			t.Errorf("feedback %d = %+v; want %+v", w.ID, g, w)
		}
	}
	if got, err := newestFeedback(ctx, s, 2); err != nil || len(got) != 2 || got[0].ID != ids[2] || got[1].ID != ids[1] {
		t.Errorf("newestFeedback(2) = %+v, %v; want the two newest", got, err)
	}
	if db := sqlOf(s); db != nil {
		var nulls, zeros int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE episode_id IS NULL`).Scan(&nulls); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE episode_id = 0`).Scan(&zeros); err != nil {
			t.Fatal(err)
		}
		if nulls != 2 || zeros != 0 {
			t.Errorf("episode_id: %d NULL and %d zero; want 2 NULL", nulls, zeros)
		}
	}
}

func testConcurrentFeedback(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("one", day(1))))
	one := mustBySlug(t, s, en, "one-en").ID
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each+16)
	ids := make(chan int64, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				f := content.Feedback{CreatedAt: now, Lang: en, Path: "/en/one-en/", Answer: content.No, Comment: fmt.Sprintf("w%d-%d", w, i)}
				if i%2 == 0 {
					f.EpisodeID = one
				}
				id, err := s.AddFeedback(ctx, f)
				if err != nil {
					errs <- err
					return
				}
				ids <- id
			}
		})
	}
	// Readers at the same time.
	for range 2 {
		wg.Go(func() {
			for range 10 {
				if _, err := s.Episodes(ctx, store.EpisodeQuery{Lang: en, Now: now}); err != nil {
					errs <- err
					return
				}
				if _, err := newestFeedback(ctx, s, 5); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Errorf("concurrent: %v", err)
	}
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %d returned twice", id)
		}
		seen[id] = true
	}
	fb, err := newestFeedback(ctx, s, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(fb) != workers*each || len(seen) != workers*each {
		t.Fatalf("stored %d feedback, %d ids; want %d", len(fb), len(seen), workers*each)
	}
	comments := map[string]bool{}
	for _, f := range fb {
		comments[f.Comment] = true
		if !seen[f.ID] {
			t.Errorf("stored id %d was not returned by AddFeedback", f.ID)
		}
	}
	for w := range workers {
		for i := range each {
			if c := fmt.Sprintf("w%d-%d", w, i); !comments[c] {
				t.Errorf("comment %q missing", c)
			}
		}
	}
}

// testFeedbackComment covers the answer stored at once and the comment
// that may follow: a form posted twice stores one row, the comment goes to
// the row its key names, once, within the window.
func testFeedbackComment(t *testing.T, s store.Store) {
	ctx := t.Context()
	key := content.FeedbackKey("abcdefghijklmnopqrstuv")
	no := content.Feedback{CreatedAt: now, Lang: fr, Path: "/fr/sujets", Answer: content.No, Key: key}
	id, err := s.AddFeedback(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	// The same form again (a double click, a retry): the same row.
	again := no
	again.CreatedAt = now.Add(time.Second)
	if id2, err := s.AddFeedback(ctx, again); err != nil || id2 != id {
		t.Fatalf("AddFeedback again = %d, %v; want the first row %d", id2, err, id)
	}
	// Rows without a key never collide.
	for range 2 {
		if _, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: en, Path: "/en/", Answer: content.No}); err != nil {
			t.Fatal(err)
		}
	}
	yesKey := content.FeedbackKey("yes-abcdefghijklmnopqrstuv")
	if _, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: en, Path: "/en/", Answer: content.Yes, Key: yesKey}); err != nil {
		t.Fatal(err)
	}
	since := now.Add(-content.FeedbackCommentWindow)
	for _, tc := range []struct {
		name    string
		key     string
		comment string
		since   time.Time
		want    error
	}{
		{"unknown key", content.FeedbackKey("unknown-abcdefghijklmnop"), "x", since, content.ErrNotFound},
		{"empty key", "", "x", since, content.ErrNotFound},
		{"a yes takes no comment", yesKey, "x", since, content.ErrNotFound},
		{"too late", key, "x", now.Add(time.Minute), content.ErrNotFound},
		{"the comment", key, "Il manque ###", since, nil},
		{"the same comment again", key, "Il manque ###", since, nil},
		{"another comment", key, "autre chose", since, content.ErrConflict},
	} {
		err := s.AddFeedbackComment(ctx, tc.key, tc.comment, tc.comment != "x" && tc.comment != "autre chose", tc.since)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: AddFeedbackComment = %v, want %v", tc.name, err, tc.want)
		}
	}
	rows, err := newestFeedback(ctx, s, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4 (the form posted twice counts once)", len(rows))
	}
	for _, r := range rows {
		if r.ID == id {
			if r.Comment != "Il manque ###" || !r.Redacted || r.Answer != content.No || r.Path != "/fr/sujets" || r.Lang != fr {
				t.Errorf("row with the comment: %+v", r)
			}
		} else if r.Comment != "" {
			t.Errorf("row %d got a comment: %+v", r.ID, r)
		}
	}
}

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
