package web

import "testing"

// TestLoggedProblemsBounded: a problem is new once; the set never holds
// more than its bound, forgetting the oldest first.
func TestLoggedProblemsBounded(t *testing.T) {
	t.Parallel()
	l := newLoggedProblems(3)
	k := func(id int64) problemKey { return problemKey{id, "en", "check.feed_media_bytes"} }
	for id := range int64(3) {
		if !l.first(k(id)) {
			t.Fatalf("problem %d: not new the first time", id)
		}
		if l.first(k(id)) {
			t.Fatalf("problem %d: new again", id)
		}
	}
	if !l.first(problemKey{0, "fr", "check.feed_media_bytes"}) || !l.first(problemKey{0, "en", "check.feed_media_http"}) {
		t.Error("another language or reason of a known episode is a new problem")
	}
	// Two more went in: 0 and 1 (the oldest) are forgotten, 2 is kept.
	if len(l.seen) != 3 || len(l.order) != 3 {
		t.Fatalf("%d remembered, %d in order; want the bound, 3", len(l.seen), len(l.order))
	}
	if l.first(k(2)) {
		t.Error("the newest of the first three was forgotten")
	}
	if !l.first(k(0)) {
		t.Error("the oldest was not forgotten")
	}
	for id := range int64(1000) {
		l.first(k(id + 10))
	}
	if len(l.seen) != 3 {
		t.Errorf("%d remembered after many, want 3", len(l.seen))
	}
}
