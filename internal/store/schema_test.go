package store_test

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/testutil"
)

// dialect opens one kind of database for the schema tests.
type dialect struct {
	name string
	// target returns where a fresh database lives (skipping if it cannot).
	target func(t *testing.T) string
	open   func(ctx context.Context, target string) (*sqldb.DB, error)
	d      sqldb.Dialect
}

var dialects = []dialect{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "b.db") }, sqlite.Open, sqlite.Dialect()},
	{"postgres", func(t *testing.T) string { return testutil.PostgresDSN(t) }, postgres.Open, postgres.Dialect()},
}

func versions(t *testing.T, fsys fs.FS) []int {
	t.Helper()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, n := range names {
		v, err := strconv.Atoi(strings.SplitN(n, "_", 2)[0])
		if err != nil {
			t.Fatalf("migration %s: no version number", n)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func TestMigrationVersionsMatch(t *testing.T) {
	lite, pg := versions(t, sqlite.Dialect().Migrations), versions(t, postgres.Dialect().Migrations)
	if len(lite) == 0 {
		t.Fatal("no SQLite migrations embedded")
	}
	if !slices.Equal(lite, pg) {
		t.Errorf("migration versions differ: sqlite %v, postgres %v", lite, pg)
	}
	for i, v := range lite {
		if v != i+1 {
			t.Errorf("migration versions %v are not 1…n", lite)
			break
		}
	}
}

// fingerprint maps each table to its sorted column names.
type fingerprint map[string][]string

func sqliteFingerprint(t *testing.T, db *sql.DB) fingerprint {
	t.Helper()
	ctx := t.Context()
	rows, err := db.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	return scanFingerprint(t, rows)
}

func postgresFingerprint(t *testing.T, db *sql.DB) fingerprint {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	return scanFingerprint(t, rows)
}

func scanFingerprint(t *testing.T, rows *sql.Rows) fingerprint {
	t.Helper()
	defer rows.Close()
	fp := fingerprint{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		fp[table] = append(fp[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, cols := range fp {
		slices.Sort(cols)
	}
	return fp
}

func TestSchemaFingerprint(t *testing.T) {
	lite, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	want := sqliteFingerprint(t, lite.SQL())
	for _, table := range []string{"episodes", "versions", "feedback", "content_state", "schema_migrations"} {
		if len(want[table]) == 0 {
			t.Errorf("SQLite schema has no table %q: %v", table, want)
		}
	}
	if !slices.Contains(want["versions"], "slug") || !slices.Contains(want["feedback"], "redacted") {
		t.Errorf("SQLite fingerprint misses columns: %v", want)
	}

	pg, err := postgres.Open(t.Context(), testutil.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if d := cmp.Diff(want, postgresFingerprint(t, pg.SQL())); d != "" {
		t.Errorf("schema fingerprints differ (-sqlite +postgres):\n%s", d)
	}
}

func TestReopenIsNoop(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			s, err := d.open(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			b := &content.Bundle{Topics: []content.Topic{{Key: "ai", Names: content.Bilingual{EN: "AI", FR: "IA"}, Slugs: content.Bilingual{EN: "ai", FR: "ia"}}}}
			if _, err := s.ImportBundle(ctx, b, now); err != nil {
				t.Fatal(err)
			}
			gen, err := s.Generation(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()

			for range 2 {
				s, err = d.open(ctx, target)
				if err != nil {
					t.Fatalf("reopen: %v", err)
				}
				var n, max int
				if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
					t.Fatal(err)
				}
				if want := len(versions(t, d.d.Migrations)); n != want || max != want {
					t.Errorf("schema_migrations: %d rows, max %d; want %d", n, max, want)
				}
				if g, err := s.Generation(ctx); err != nil || g != gen {
					t.Errorf("generation after reopen = %d, %v; want %d (content_state re-seeded?)", g, err, gen)
				}
				if ts, err := s.Topics(ctx); err != nil || len(ts) != 1 || ts[0].Names.FR != "IA" {
					t.Errorf("topics after reopen = %+v, %v", ts, err)
				}
				s.Close()
			}
		})
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			s, err := d.open(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SQL().ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (9999)`); err != nil {
				t.Fatal(err)
			}
			s.Close()
			s, err = d.open(ctx, target)
			if err == nil {
				s.Close()
				t.Fatal("a database with schema version 9999 was opened")
			}
			known := strconv.Itoa(len(versions(t, d.d.Migrations)))
			if msg := err.Error(); !strings.Contains(msg, "9999") || !strings.Contains(msg, "newer than this program knows ("+known+")") {
				t.Errorf("error %q does not explain the version mismatch", msg)
			}
		})
	}
}

// TestConcurrentOpen starts several servers on one new database at once:
// each must come up, and the migrations must run once.
func TestConcurrentOpen(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			const n = 6
			var wg sync.WaitGroup
			errs := make([]error, n)
			dbs := make([]*sqldb.DB, n)
			for i := range n {
				wg.Go(func() { dbs[i], errs[i] = d.open(ctx, target) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("open %d: %v", i, err)
				} else {
					defer dbs[i].Close()
				}
			}
			for _, s := range dbs {
				if s == nil {
					continue
				}
				var rows int
				if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
					t.Fatal(err)
				}
				if want := len(versions(t, d.d.Migrations)); rows != want {
					t.Errorf("schema_migrations has %d rows; want %d", rows, want)
				}
				if g, err := s.Generation(ctx); err != nil || g != 1 {
					t.Errorf("generation = %d, %v; want 1", g, err)
				}
				break
			}
		})
	}
}
