package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/store/storetest"
)

// TestConformance runs the store suite on a real SQLite file in WAL mode.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "b.db"))
		if err != nil {
			t.Fatalf("sqlite.Open: %v", err)
		}
		var mode string
		if err := s.SQL().QueryRowContext(t.Context(), `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
		}
		return s
	})
}
