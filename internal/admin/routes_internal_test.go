package admin

import "testing"

// TestRouteTable checks the one route table: each row has a handler, and
// no method and pattern is listed twice.
func TestRouteTable(t *testing.T) {
	seen := map[string]bool{}
	for _, rt := range Routes() {
		key := rt.Method + " " + rt.Pattern
		if rt.serve == nil {
			t.Errorf("route %s has no handler", key)
		}
		if seen[key] {
			t.Errorf("route %s is listed twice", key)
		}
		seen[key] = true
	}
	if len(seen) == 0 {
		t.Fatal("no routes")
	}
}
