// Package sqlite opens the default Busrides store: an embedded SQLite
// database file (pure Go driver, no cgo) in WAL mode with foreign keys on.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/busrides/busrides/internal/store/sqldb"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is SQLite's description for sqldb.
func Dialect() sqldb.Dialect {
	m, _ := fs.Sub(migrations, "migrations")
	return sqldb.Dialect{
		Name:       "sqlite",
		EncodeTime: sqldb.SQLiteTime,
		Migrations: m,
		// SQLite cannot change a CHECK constraint in place: migrations
		// marked "-- migrate: rebuild" copy tables with foreign keys off.
		ForeignKeysOff: "PRAGMA foreign_keys = OFF",
		ForeignKeysOn:  "PRAGMA foreign_keys = ON",
		// Without planner statistics (a server never gathers them) SQLite
		// reads a series' page through the primary key and sorts the
		// whole series (sqldb.TestListingPlans).
		SeriesIndex: " INDEXED BY listing_entries_series",
		// A commit that finds more than wal_autocheckpoint pages in the
		// write-ahead log copies them into the database file and syncs it
		// before returning: tens of milliseconds, paid by the editor whose
		// save crossed the line. A checkpoint each second in the background
		// does that work instead, between saves; the larger
		// wal_autocheckpoint (Open) bounds the log if it falls behind.
		// PASSIVE never waits for readers or writers.
		Checkpoint:      "PRAGMA wal_checkpoint(PASSIVE)",
		CheckpointEvery: time.Second,
		IndexDefinition: `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`,
	}
}

// Open opens (creating if needed) the database file at path and migrates it.
func Open(ctx context.Context, path string) (*sqldb.DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: create folder for %s: %w", path, err)
		}
	}
	q := url.Values{}
	// No memory-mapped reads (mmap_size 0): each connection mapped up to
	// 256 MB of the file, and with 8 connections the server's resident
	// size reached 1.4 to 2.3 GB at 10,000 episodes, for no gain in CPU
	// per request since search reads its postings from its own copy in
	// memory (cmd/loadbench, the same corpus and run order: uncached
	// episode pages 1,884 µs without the map against 1,977 with it,
	// search API 2,227 against 2,268, resident size 254 to 442 MB against
	// 1.4 to 2.3 GB). Pages are read through the kernel's file cache; each
	// connection's own page cache stays at SQLite's 2 MB (32 MB each cost
	// about 230 MB of private memory with 8 connections, for no
	// measurable gain). A commit checkpoints the write-ahead log itself
	// only past 10,000 pages (40 MB; the default is 1,000): below, the
	// dialect's background checkpoint does it.
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)",
		"cache_size(-2000)", "mmap_size(0)", "wal_autocheckpoint(10000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s, err := sqldb.New(ctx, db, Dialect())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return s, nil
}

// ping opens a first connection. On a new file the connection switches
// the database to WAL mode, and when several processes do that at once
// SQLite answers SQLITE_BUSY at once instead of waiting its busy timeout:
// ping tries again, a little later each time, for about as long as that
// timeout.
func ping(ctx context.Context, db *sql.DB) error {
	wait := 5 * time.Millisecond
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := db.PingContext(ctx)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
}
