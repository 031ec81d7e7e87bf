package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// testAuditQuery: the audit log's filters (by person or the system, by
// action or family of actions, by target, by time), its pages and count,
// and the list of actions.
func testAuditQuery(t *testing.T, s store.Store) {
	ctx := t.Context()
	ann := mustCreateUser(t, s, "audit-ann@example.ca", content.RoleEditor)
	t0 := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	add := func(min int, actor int64, action, target string) {
		if err := s.AddAudit(ctx, content.AuditEntry{At: t0.Add(time.Duration(min) * time.Minute), ActorID: actor, Action: action, Target: target, IP: "192.0.2.9"}); err != nil {
			t.Fatal(err)
		}
	}
	add(0, ann.ID, "episode.saved", "episode:1")
	add(1, ann.ID, "episode.published", "episode:1")
	add(2, 0, "episode.published", "episode:2")
	add(3, ann.ID, "signin", "user:1")
	add(4, ann.ID, "episodex.other", "episode:1") // "episode." must not match it
	add(5, ann.ID, "episode_saved", "episode:1")  // nor "_" as a wildcard
	actions := func(q store.AuditQuery) ([]string, int) {
		t.Helper()
		es, total, err := s.AuditEntries(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Action)
		}
		return out, total
	}
	for _, tc := range []struct {
		name  string
		q     store.AuditQuery
		want  []string
		total int
	}{
		{"all", store.AuditQuery{}, []string{"episode_saved", "episodex.other", "signin", "episode.published", "episode.published", "episode.saved"}, 6},
		{"by ann", store.AuditQuery{ActorID: ann.ID, Action: "episode.published"}, []string{"episode.published"}, 1},
		{"by the system", store.AuditQuery{System: true}, []string{"episode.published"}, 1},
		{"a family", store.AuditQuery{Action: "episode."}, []string{"episode.published", "episode.published", "episode.saved"}, 3},
		{"a target", store.AuditQuery{Target: "episode:1", Action: "episode."}, []string{"episode.published", "episode.saved"}, 2},
		{"a time range", store.AuditQuery{From: t0.Add(time.Minute), To: t0.Add(3 * time.Minute)}, []string{"episode.published", "episode.published"}, 2},
		{"a page", store.AuditQuery{Limit: 2, Offset: 1}, []string{"episodex.other", "signin"}, 6},
	} {
		got, total := actions(tc.q)
		if !slices.Equal(got, tc.want) || total != tc.total {
			t.Errorf("%s: %q (%d in all); want %q (%d)", tc.name, got, total, tc.want, tc.total)
		}
	}
	all, err := s.AuditActions(ctx)
	if err != nil || !slices.IsSorted(all) || !slices.Contains(all, "episode.saved") || !slices.Contains(all, "signin") {
		t.Errorf("AuditActions = %q, %v", all, err)
	}
}
