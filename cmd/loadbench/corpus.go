package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
)

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openStore opens the corpus database as the server does.
func openStore(ctx context.Context, dsn string) (*sqldb.DB, error) {
	if isPostgres(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// loadStats describes how the corpus was made ready.
type loadStats struct {
	Episodes  int     `json:"episodes"`
	Loaded    bool    `json:"loaded"` // false: the database already held the corpus
	Loader    string  `json:"loader,omitempty"`
	Seconds   float64 `json:"seconds,omitempty"`    // loading, search index included
	PerSecond float64 `json:"per_second,omitempty"` // episodes per second
	// VacuumSeconds is PostgreSQL's VACUUM ANALYZE after the load.
	VacuumSeconds float64 `json:"vacuum_seconds,omitempty"`
	Versions      int     `json:"versions"`
	Postings      int     `json:"postings"`
}

// ensureCorpus loads episodes 0…n-1 of the corpus with this seed, unless
// the database already holds n episodes. loader is "bulk"
// (sqldb.BulkLoader) or "import" (ImportBundle per batch, as an import
// does).
func ensureCorpus(ctx context.Context, s *sqldb.DB, pg bool, n int, seed uint64, batch int, loader string, progress io.Writer) (loadStats, error) {
	st := loadStats{Episodes: n}
	var have int
	if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM episodes`).Scan(&have); err != nil {
		return st, fmt.Errorf("count episodes: %w", err)
	}
	switch {
	case have == n:
	case have != 0:
		return st, fmt.Errorf("the database holds %d episodes, not %d: use a fresh database for another -n", have, n)
	default:
		st.Loaded, st.Loader = true, loader
		start := time.Now()
		if err := load(ctx, s, n, seed, batch, loader, progress); err != nil {
			return st, err
		}
		el := time.Since(start)
		st.Seconds, st.PerSecond = el.Seconds(), float64(n)/el.Seconds()
		if pg {
			// Planner statistics and the visibility map that index-only
			// scans need (autovacuum would do the same a little later).
			t := time.Now()
			if _, err := s.SQL().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
				return st, fmt.Errorf("vacuum: %w", err)
			}
			st.VacuumSeconds = time.Since(t).Seconds()
		}
	}
	if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM versions`).Scan(&st.Versions); err != nil {
		return st, fmt.Errorf("count versions: %w", err)
	}
	if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM search_postings`).Scan(&st.Postings); err != nil {
		return st, fmt.Errorf("count postings: %w", err)
	}
	return st, nil
}

// load writes the corpus: the next bundle is generated while one is
// written.
func load(ctx context.Context, s *sqldb.DB, n int, seed uint64, batch int, loader string, progress io.Writer) error {
	g := benchcorpus.New(seed)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type part struct {
		to int
		b  *content.Bundle
	}
	parts := make(chan part, 1)
	go func() {
		defer close(parts)
		for from := 0; from < n; from += batch {
			to := min(from+batch, n)
			select {
			case parts <- part{to, g.Bundle(from, to)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var add func(*content.Bundle) error
	finish := func() error { return nil }
	switch loader {
	case "bulk":
		bl, err := s.NewBulkLoader(ctx)
		if err != nil {
			return err
		}
		add = func(b *content.Bundle) error { _, err := bl.Add(ctx, b, benchcorpus.Now); return err }
		finish = func() error { return bl.Finish(ctx) }
	case "import":
		add = func(b *content.Bundle) error { _, err := s.ImportBundle(ctx, b, benchcorpus.Now); return err }
	default:
		return fmt.Errorf("unknown loader %q (bulk or import)", loader)
	}
	start := time.Now()
	every := max(batch, n/10)
	for p := range parts {
		if err := add(p.b); err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if p.to%every == 0 || p.to == n {
			el := time.Since(start)
			fmt.Fprintf(progress, "loaded %d/%d episodes in %s (%.0f/s)\n", p.to, n, el.Round(time.Second), float64(p.to)/el.Seconds())
		}
	}
	t := time.Now()
	if err := finish(); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	if loader == "bulk" {
		fmt.Fprintf(progress, "search index written in %s\n", time.Since(t).Round(time.Second))
	}
	return nil
}
