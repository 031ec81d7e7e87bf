package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/sqlite"
)

// TestBackgroundCheckpoint checks that an open store copies committed
// writes from the write-ahead log into the database file by itself, so
// that a later commit does not have to: after an import, the database file
// grows (its new pages are written there) while the store stays open and
// nothing else is written. It fails without the background checkpoint:
// the import stays below the 10,000 pages at which a commit checkpoints.
func TestBackgroundCheckpoint(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "b.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var limit int
	if err := s.SQL().QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&limit); err != nil || limit != 10000 {
		t.Fatalf("wal_autocheckpoint = %d, %v; want 10000", limit, err)
	}
	size := func(name string) int64 {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size(path)
	if _, err := s.ImportBundle(ctx, benchcorpus.New(1).Bundle(0, 20), benchcorpus.Now); err != nil {
		t.Fatal(err)
	}
	if size(path+"-wal") == 0 {
		t.Fatal("the import left nothing in the write-ahead log")
	}
	// The checkpoint runs each second; the bound only stops a hang, and is
	// generous for a loaded machine.
	const bound = 2 * time.Minute
	for deadline := time.Now().Add(bound); size(path) <= before; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes %v after the import: the log was not checkpointed", before, bound)
		}
	}
	// Close stops the background work and returns.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
