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

// TestShared runs the two-server tests on two stores opened on one file.
func TestShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) {
		path := filepath.Join(t.TempDir(), "b.db")
		var out [2]store.Store
		for i := range out {
			s, err := sqlite.Open(t.Context(), path)
			if err != nil {
				t.Fatalf("sqlite.Open: %v", err)
			}
			out[i] = s
		}
		return out[0], out[1]
	})
}

// TestBulkLoad compares the benchmarks' bulk loader with ImportBundle.
func TestBulkLoad(t *testing.T) {
	storetest.RunBulk(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "b.db"))
		if err != nil {
			t.Fatalf("sqlite.Open: %v", err)
		}
		return s
	})
}
