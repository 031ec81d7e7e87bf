package store_test

import (
	"context"
	"database/sql"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
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
	// Numbers go up from 1; one may be missing while branches that each
	// took a number come together (sqldb.DB.migrate).
	for i, v := range lite {
		if v < 1 || (i > 0 && v <= lite[i-1]) {
			t.Errorf("migration versions %v do not go up from 1", lite)
			break
		}
	}
}

// highest is the newest migration version of a dialect.
func highest(t *testing.T, fsys fs.FS) int {
	t.Helper()
	vs := versions(t, fsys)
	if len(vs) == 0 {
		t.Fatal("no migrations")
	}
	return vs[len(vs)-1]
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
				if want, top := len(versions(t, d.d.Migrations)), highest(t, d.d.Migrations); n != want || max != top {
					t.Errorf("schema_migrations: %d rows, max %d; want %d, max %d", n, max, want, top)
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
			known := strconv.Itoa(highest(t, d.d.Migrations))
			if msg := err.Error(); !strings.Contains(msg, "9999") || !strings.Contains(msg, "newer than this program knows ("+known+")") {
				t.Errorf("error %q does not explain the version mismatch", msg)
			}
		})
	}
}

// TestMigrationNumbersMayLeaveAGap applies migrations whose numbers skip
// one (work on parallel branches, each with its own number, not all merged
// yet), once; a database that has the missing one is refused: this
// program does not know what it changed.
func TestMigrationNumbersMayLeaveAGap(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			gap := upTo(t, d.d, 1)
			gap.Migrations.(fstest.MapFS)["0003_later.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE gap_later (id INTEGER PRIMARY KEY)`)}
			for range 2 { // the second time there is nothing to do
				s, err := openWith(t, d, target, gap)
				if err != nil {
					t.Fatal(err)
				}
				var n, max int
				if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
					t.Fatal(err)
				}
				if n != 2 || max != 3 {
					t.Errorf("schema_migrations: %d rows, max %d; want 2, max 3", n, max)
				}
				if _, err := s.SQL().ExecContext(ctx, `SELECT COUNT(*) FROM gap_later`); err != nil {
					t.Errorf("the later migration's table: %v", err)
				}
				s.Close()
			}
			s, err := openWith(t, d, target, gap)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SQL().ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (2)`); err != nil {
				t.Fatal(err)
			}
			s.Close()
			s, err = openWith(t, d, target, gap)
			if err == nil {
				s.Close()
				t.Fatal("a database with a schema version this program does not know was opened")
			}
			if msg := err.Error(); !strings.Contains(msg, "schema version 2 is unknown") {
				t.Errorf("error %q does not name the unknown version", msg)
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

// upTo returns the dialect with only its first n migrations.
func upTo(t *testing.T, d sqldb.Dialect, n int) sqldb.Dialect {
	t.Helper()
	names, err := fs.Glob(d.Migrations, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	m := fstest.MapFS{}
	for _, name := range names[:n] {
		b, err := fs.ReadFile(d.Migrations, name)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	d.Migrations = m
	return d
}

// openAt opens the database at target for dialect d with only its first n
// migrations applied, as an older busrides left it.
func openAt(t *testing.T, d dialect, target string, n int) *sqldb.DB {
	t.Helper()
	old, err := openWith(t, d, target, upTo(t, d.d, n))
	if err != nil {
		t.Fatal(err)
	}
	return old
}

// openWith opens the database at target with the migrations of dd.
func openWith(t *testing.T, d dialect, target string, dd sqldb.Dialect) (*sqldb.DB, error) {
	t.Helper()
	driver, dsn := "pgx", target
	if d.name == "sqlite" {
		// The store's background work (checkpoints) shares the file: a
		// statement waits for its lock as the server's do, instead of
		// failing at once with SQLITE_BUSY on a busy machine.
		driver, dsn = "sqlite", "file:"+target+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqldb.New(t.Context(), raw, dd)
	if err != nil {
		raw.Close()
		return nil, err
	}
	return s, nil
}

// writtenLater lists the migrations that add tables the store writes on
// every change of content (the public listings, derived from the
// episodes in the same transaction), with those tables.
var writtenLater = []struct {
	migration string
	tables    []string
}{
	{"0017_listings.sql", []string{"listing_counts", "listing_entries"}},
}

// addLaterColumns adds to a database left at an older schema the columns
// that later migrations add to its tables, declared as the latest schema
// declares them, and the tables of writtenLater, so that the current
// store code can write and read it; it returns a function that drops them
// again, leaving the older schema for the upgrade under test.
func addLaterColumns(t *testing.T, d dialect, old *sqldb.DB) (drop func()) {
	t.Helper()
	ctx := t.Context()
	var tables []string
	for _, w := range writtenLater {
		src, err := fs.ReadFile(d.d.Migrations, w.migration)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.SQL().ExecContext(ctx, string(src)); err != nil {
			t.Fatalf("%s: %v", w.migration, err)
		}
		tables = append(tables, w.tables...)
	}
	dropColumns := addLaterColumnsOnly(t, d, old)
	return func() {
		t.Helper()
		dropColumns()
		for _, table := range tables {
			if _, err := old.SQL().ExecContext(ctx, "DROP TABLE "+table); err != nil {
				t.Fatalf("drop %s: %v", table, err)
			}
		}
	}
}

func addLaterColumnsOnly(t *testing.T, d dialect, old *sqldb.DB) (drop func()) {
	t.Helper()
	ctx := t.Context()
	latest, err := d.open(ctx, d.target(t))
	if err != nil {
		t.Fatal(err)
	}
	want := columnDefs(t, d, latest.SQL())
	latest.Close()
	have := columnDefs(t, d, old.SQL())
	var added [][2]string // table, column
	var tables []string   // later tables, made for the time of the test
	for _, table := range slices.Sorted(maps.Keys(want)) {
		if have[table] == nil {
			// A later table the current code writes as it writes the
			// others (a journal): made bare, dropped before the upgrade
			// creates it.
			var cols []string
			for _, col := range slices.Sorted(maps.Keys(want[table])) {
				cols = append(cols, col+" "+want[table][col])
			}
			if _, err := old.SQL().ExecContext(ctx, "CREATE TABLE "+table+" ("+strings.Join(cols, ", ")+")"); err != nil {
				t.Fatalf("create %s: %v", table, err)
			}
			tables = append(tables, table)
			continue
		}
		for _, col := range slices.Sorted(maps.Keys(want[table])) {
			if _, ok := have[table][col]; ok {
				continue
			}
			if _, err := old.SQL().ExecContext(ctx, "ALTER TABLE "+table+" ADD COLUMN "+col+" "+want[table][col]); err != nil {
				t.Fatalf("add %s.%s: %v", table, col, err)
			}
			added = append(added, [2]string{table, col})
		}
	}
	return func() {
		t.Helper()
		for _, table := range tables {
			if _, err := old.SQL().ExecContext(ctx, "DROP TABLE "+table); err != nil {
				t.Fatalf("drop %s: %v", table, err)
			}
		}
		for _, tc := range added {
			if _, err := old.SQL().ExecContext(ctx, "ALTER TABLE "+tc[0]+" DROP COLUMN "+tc[1]); err != nil {
				t.Fatalf("drop %s.%s: %v", tc[0], tc[1], err)
			}
		}
	}
}

// columnDefs maps each table to its columns' declarations (type, NOT NULL
// and default), as ALTER TABLE … ADD COLUMN takes them.
func columnDefs(t *testing.T, d dialect, db *sql.DB) map[string]map[string]string {
	t.Helper()
	q := `SELECT m.name, p.name, p.type, p."notnull" = 1, p.dflt_value FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if d.name == "postgres" {
		q = `SELECT table_name, column_name, data_type, is_nullable = 'NO', column_default FROM information_schema.columns
			WHERE table_schema = current_schema()`
	}
	rows, err := db.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var table, col, typ string
		var notNull bool
		var def sql.NullString
		if err := rows.Scan(&table, &col, &typ, &notNull, &def); err != nil {
			t.Fatal(err)
		}
		decl := typ
		if def.Valid {
			decl += " DEFAULT " + def.String
			if notNull { // SQLite adds a NOT NULL column only with a default
				decl += " NOT NULL"
			}
		}
		if out[table] == nil {
			out[table] = map[string]string{}
		}
		out[table][col] = decl
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEditorialMigrationKeepsContent upgrades a database holding content
// at schema version 4 to the latest: the rebuild of episodes (SQLite cannot
// widen a CHECK in place) must not cascade into the tables that reference
// it, and those references must follow the rebuilt table.
func TestEditorialMigrationKeepsContent(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			old := openAt(t, d, target, 4)
			now := d.d.EncodeTime(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO topics (id, key, name_en, name_fr, slug_en, slug_fr) VALUES (7, 'ai', 'AI', 'IA', 'ai', 'ia')`, nil},
				{`INSERT INTO episodes (id, key, kind, status, published_at, modified_at, created_at, updated_at) VALUES (3, 'ep', 'read', 'published', ?, ?, ?, ?)`, []any{now, now, now, now}},
				{`INSERT INTO versions (episode_id, lang, title, slug) VALUES (3, 'en', 'Hello', 'hello'), (3, 'fr', 'Bonjour', 'bonjour')`, nil},
				{`INSERT INTO episode_topics (episode_id, topic_id, position) VALUES (3, 7, 0)`, nil},
				{`INSERT INTO redirects (path, episode_id, lang) VALUES ('/en/ep-3-en', 3, 'en')`, nil},
			} {
				if _, err := old.SQL().ExecContext(ctx, numbered(q.sql, d.d.NumberedPlaceholders), q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			old.Close()

			s, err := d.open(ctx, target)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			defer s.Close()
			ep, err := s.EpisodeByID(ctx, 3)
			if err != nil {
				t.Fatalf("episode after upgrade: %v", err)
			}
			if ep.Status != content.Published || len(ep.Versions) != 2 || len(ep.Topics) != 1 || ep.Version(content.French).Title != "Bonjour" {
				t.Errorf("episode after upgrade = %+v (status %s, %d versions, %d topics)", ep, ep.Status, len(ep.Versions), len(ep.Topics))
			}
			if id, _, err := s.Redirect(ctx, "/en/ep-3-en/"); err != nil || id != 3 {
				t.Errorf("redirect after upgrade = %d, %v", id, err)
			}
			// The references follow the rebuilt table: deleting the episode
			// still cascades.
			if _, err := s.SQL().ExecContext(ctx, `DELETE FROM episodes WHERE id = 3`); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := s.SQL().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM versions) + (SELECT COUNT(*) FROM episode_topics) + (SELECT COUNT(*) FROM redirects)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d rows still reference the deleted episode", n)
			}
			if d.name == "sqlite" {
				var fk int
				if err := s.SQL().QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
					t.Errorf("foreign_keys after the migration = %d, %v; want 1", fk, err)
				}
			}
		})
	}
}

// numbered rewrites ? placeholders to $1, $2… when the dialect numbers them.
func numbered(q string, on bool) string {
	if !on {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestLargeColumnsMigrationKeepsContent upgrades a database holding
// episodes at schema version 11 to the latest. On SQLite, migration 12
// rebuilds versions (bodies last) and search_texts (a rowid table): every
// episode must read back the same, links must still point at their
// versions, search must find the same hits, and deleting an episode must
// still cascade into the rebuilt tables.
func TestLargeColumnsMigrationKeepsContent(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			old := openAt(t, d, target, 11)
			dropLater := addLaterColumns(t, d, old)
			b := benchcorpus.New(3).Bundle(0, 6)
			// Links are kept in their own table, which references versions.
			for i := range b.Episodes {
				for _, v := range b.Episodes[i].Versions {
					v.LearnMore = []content.Link{{Label: "Guide " + v.Title, URL: "https://example.org/" + v.Slug}}
				}
			}
			if _, err := old.ImportBundle(ctx, b, benchcorpus.Now); err != nil {
				t.Fatal(err)
			}
			ids := episodeIDs(t, old.SQL())
			q := store.SearchQuery{Lang: content.English, Now: benchcorpus.Now, Limit: 20,
				Terms: search.ParseQuery("en", b.Episodes[0].Versions[content.English].Title).Terms}
			wantHits, err := old.Search(ctx, q)
			if err != nil || wantHits.Total == 0 {
				t.Fatalf("search before the upgrade: %d hits, %v", wantHits.Total, err)
			}
			want := map[int64]*content.Episode{}
			for _, id := range ids {
				if want[id], err = old.EpisodeByID(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			dropLater()
			old.Close()

			s, err := d.open(ctx, target)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			defer s.Close()
			for _, id := range ids {
				got, err := s.EpisodeByID(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want[id], got); diff != "" {
					t.Errorf("episode %d after the upgrade (-before +after):\n%s", id, diff)
				}
				if len(got.Version(content.French).LearnMore) != 1 || got.Version(content.English).BodyHTML == "" {
					t.Errorf("episode %d after the upgrade lost its links or body", id)
				}
			}
			gotHits, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantHits, gotHits); diff != "" {
				t.Errorf("search after the upgrade (-before +after):\n%s", diff)
			}
			if d.name == "sqlite" {
				// The bodies come after the small columns.
				var small, large int
				if err := s.SQL().QueryRowContext(ctx, `SELECT (SELECT cid FROM pragma_table_info('versions') WHERE name = 'media_seconds'),
					(SELECT MIN(cid) FROM pragma_table_info('versions') WHERE name IN ('body_md', 'body_html', 'transcript_md', 'transcript_html'))`).Scan(&small, &large); err != nil {
					t.Fatal(err)
				}
				if large < small {
					t.Errorf("versions: a body column (%d) comes before media_seconds (%d)", large, small)
				}
				// A version's postings, with their weights, come from one index.
				var plan strings.Builder
				rows, err := s.SQL().QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT term, weight FROM search_postings WHERE episode_id = 1 AND lang || '' = 'en'`)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						t.Fatal(err)
					}
					plan.WriteString(detail + "\n")
				}
				rows.Close()
				if !strings.Contains(plan.String(), "COVERING INDEX search_postings_episode") {
					t.Errorf("a version's postings are not read from one index:\n%s", plan.String())
				}
			}
			if _, err := s.SQL().ExecContext(ctx, numbered(`DELETE FROM episodes WHERE id = ?`, d.d.NumberedPlaceholders), ids[0]); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := s.SQL().QueryRowContext(ctx, numbered(`SELECT (SELECT COUNT(*) FROM versions WHERE episode_id = ?) + (SELECT COUNT(*) FROM version_links WHERE episode_id = ?)
				+ (SELECT COUNT(*) FROM search_texts WHERE episode_id = ?)`, d.d.NumberedPlaceholders), ids[0], ids[0], ids[0]).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d rows still reference the deleted episode", n)
			}
		})
	}
}

func episodeIDs(t *testing.T, db *sql.DB) []int64 {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT id FROM episodes ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatal("no episodes")
	}
	return ids
}
