// Package sqldb implements the store's interfaces (internal/store) over
// database/sql for both SQL dialects Busrides supports, one file per
// concern with the same names as in store/. Queries are written once in
// portable SQL with ? placeholders and run through querier, which rebinds
// them for the dialect; what else differs between SQLite and PostgreSQL
// (time encoding, migrations, locking) lives in a Dialect that the
// store/sqlite and store/postgres packages provide.
package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search/index"
)

// Dialect describes what differs between the supported databases.
type Dialect struct {
	Name string
	// Numbered placeholders ($1, $2…) instead of ?.
	NumberedPlaceholders bool
	// EncodeTime turns a time into the value the driver stores.
	EncodeTime func(time.Time) any
	// Migrations holds NNNN_name.sql files applied in order.
	Migrations fs.FS
	// MigrationLock is run first in the migration transaction ("" for none);
	// PostgreSQL takes an advisory lock so that servers starting together
	// migrate one at a time.
	MigrationLock string
	// ForeignKeysOff and ForeignKeysOn surround migrations that rebuild
	// tables (see rebuildDirective); "" where the database alters tables in
	// place.
	ForeignKeysOff, ForeignKeysOn string
	// SkipLocked ends a SELECT that claims rows for this transaction while
	// other servers claim others (" FOR UPDATE SKIP LOCKED" on PostgreSQL);
	// "" where a write transaction already excludes every other writer
	// (SQLite's immediate transactions).
	SkipLocked string
	// SeriesIndex follows "FROM listing_entries le" in the queries that
	// read a series' entries in its order (listings.go): SQLite's planner,
	// without statistics, may prefer the primary key and sort the whole
	// series, so it is told the index (" INDEXED BY
	// listing_entries_series"); "" where the planner finds it.
	SeriesIndex string
	// Checkpoint, when set, runs every CheckpointEvery in the background
	// while the store is open (SQLite: copy the write-ahead log into the
	// database file), so that a writer seldom does it while a user
	// waits. A failure is left to the next run.
	Checkpoint      string
	CheckpointEvery time.Duration
	// ChangeNotify, when set, runs in each transaction that moves the
	// content generation: PostgreSQL tells the other servers at commit
	// (NOTIFY), so that their page caches follow within milliseconds
	// rather than at their next poll.
	ChangeNotify string
	// IndexDefinition, when set, is a query with one argument, an index's
	// name, that returns the statement creating that index: the bulk
	// loader (bulk.go) drops an index while it fills an empty table and
	// builds it again with that statement.
	IndexDefinition string
	// ForeignKeyDefinitions, when set, is a query with one argument, a
	// table's name, that returns the name and definition of each of the
	// table's foreign keys (as ALTER TABLE … ADD CONSTRAINT takes them):
	// where a connection cannot turn foreign keys off (ForeignKeysOff),
	// the bulk loader drops them while it fills an empty table and adds
	// them back, which checks every row in one pass.
	ForeignKeyDefinitions string
}

// DB is a store.Store backed by a *sql.DB.
type DB struct {
	db *sql.DB
	// q runs queries on db (querier).
	q querier
	d Dialect
	// stmts holds the prepared statements of the queries run on db
	// outside transactions (stmts.go).
	stmts stmtCache
	// engine is this server's search engine: its in-memory copy of part
	// of the index, fed from the tables by searchSource (search_source.go).
	engine *index.Engine
	// hooks are called after a change commits (OnChange).
	hooksMu sync.Mutex
	hooks   []func(ctx context.Context)
	// stop ends the background work that New started; done is closed when
	// it has ended.
	stop context.CancelFunc
	done chan struct{}
	// relatedKick tells the background catch-up of related episodes that
	// a page found the lists behind (related.go).
	relatedKick chan struct{}
	// deriveChunk and derivePass size a derivation of every related list
	// (relatedDeriveChunk, relatedDerivePass; lowered by tests).
	deriveChunk, derivePass int
	// relatedTableLimit bounds what pages compute from the tables while
	// the related lists are behind (relatedTableLimit; lowered by tests).
	relatedTableLimit int
}

// New wraps an open database and brings its schema up to date.
func New(ctx context.Context, db *sql.DB, d Dialect) (*DB, error) {
	s := &DB{db: db, d: d, engine: index.New(index.DefaultMemoryMB << 20 / index.PostingBytes), relatedKick: make(chan struct{}, 1),
		deriveChunk: relatedDeriveChunk, derivePass: relatedDerivePass, relatedTableLimit: relatedTableLimit}
	s.q = s.on(db)
	s.q.stmts = &s.stmts
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	if d.Checkpoint != "" && d.CheckpointEvery > 0 {
		bg, stop := context.WithCancel(context.WithoutCancel(ctx))
		s.stop, s.done = stop, make(chan struct{})
		go s.checkpoints(bg)
	}
	return s, nil
}

// checkpoints runs the dialect's checkpoint every CheckpointEvery until
// ctx ends.
func (s *DB) checkpoints(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.d.CheckpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rows, err := s.q.QueryContext(ctx, s.d.Checkpoint)
			if err == nil {
				_ = rows.Close()
			}
		}
	}
}

// SQL returns the underlying database, for tests and health checks.
func (s *DB) SQL() *sql.DB { return s.db }

// Close stops the background work and closes the database.
func (s *DB) Close() error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	return s.db.Close()
}

// rebind rewrites ? placeholders to $n when numbered is set. The queries
// in this package never contain a literal question mark.
func rebind(q string, numbered bool) string {
	if !numbered || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (s *DB) t(t time.Time) any { return s.d.EncodeTime(t.UTC()) }

// runner is what *sql.DB, *sql.Conn and *sql.Tx share.
type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// querier runs queries written with ? placeholders on the database or on
// one of its transactions. It is the one place placeholders are rebound
// to the dialect's: no query in this package is rebound by hand.
type querier struct {
	r        runner
	numbered bool
	// changed, in a transaction, is set by bumpGeneration: the commit
	// calls the change hooks (OnChange).
	changed *bool
	// stmts, outside transactions, holds the queries' prepared
	// statements (stmts.go); nil in a transaction.
	stmts *stmtCache
}

func (s *DB) on(r runner) querier { return querier{r: r, numbered: s.d.NumberedPlaceholders} }

func (q querier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.r.ExecContext(ctx, rebind(query, q.numbered), args...)
}

func (q querier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if q.stmts != nil {
		st, err := q.stmts.acquire(ctx, q, query)
		if err != nil {
			return nil, err
		}
		defer q.stmts.release(st)
		return st.st.QueryContext(ctx, args...)
	}
	return q.r.QueryContext(ctx, rebind(query, q.numbered), args...)
}

func (q querier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if q.stmts != nil {
		st, err := q.stmts.acquire(ctx, q, query)
		if err == nil {
			defer q.stmts.release(st)
			return st.st.QueryRowContext(ctx, args...)
		}
		// The statement could not be prepared: running the query
		// unprepared gives its Row the same error.
	}
	return q.r.QueryRowContext(ctx, rebind(query, q.numbered), args...)
}

func (q querier) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return q.r.PrepareContext(ctx, rebind(query, q.numbered))
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *DB) inTx(ctx context.Context, fn func(tx querier) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	q := s.on(tx)
	var changed bool
	q.changed = &changed
	if err := fn(q); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if changed {
		s.changed(ctx)
	}
	return nil
}

// OnChange registers fn, called after each transaction of this process
// that moved the content generation has committed, before the write
// returns: a page cache in the same process drops what the change touched
// before the editor's response is sent. fn must be quick and must not
// write through the store.
func (s *DB) OnChange(fn func(ctx context.Context)) {
	s.hooksMu.Lock()
	s.hooks = append(s.hooks, fn)
	s.hooksMu.Unlock()
}

// changed calls the change hooks.
func (s *DB) changed(ctx context.Context) {
	s.hooksMu.Lock()
	hooks := s.hooks
	s.hooksMu.Unlock()
	for _, fn := range hooks {
		fn(context.WithoutCancel(ctx))
	}
}

// bumpGeneration moves the content generation, in the caller's
// transaction, brings the public listings of the episodes the transaction
// changed up to date (listings.go), stamps the transaction's search
// changes with it (search_source.go), brings the related episodes up to
// date with them when they are few (related.go), and records the tags of
// the pages the transaction changed (store/changes.go), with those whose
// related episodes changed. Call it last: the generation row orders the
// writers.
func (s *DB) bumpGeneration(ctx context.Context, q querier, tags ...string) error {
	return s.bumpGenerationRelisting(ctx, q, nil, tags...)
}

// bumpGenerationRelisting is bumpGeneration for a transaction that also
// changed how the episodes ids are listed without a search change (the
// order of a series).
func (s *DB) bumpGenerationRelisting(ctx context.Context, q querier, ids []int64, tags ...string) error {
	var g, rg int64
	if err := q.QueryRowContext(ctx, `UPDATE content_state SET generation = generation + 1 WHERE id = 1 RETURNING generation, related_gen`).Scan(&g, &rg); err != nil {
		return fmt.Errorf("bump generation: %w", err)
	}
	if q.changed != nil {
		*q.changed = true
	}
	if s.d.ChangeNotify != "" {
		if _, err := q.ExecContext(ctx, s.d.ChangeNotify); err != nil {
			return fmt.Errorf("notify change: %w", err)
		}
	}
	if err := s.relistNoted(ctx, q, ids); err != nil {
		return err
	}
	if err := s.stampSearchChanges(ctx, q, g); err != nil {
		return err
	}
	more, err := s.followRelated(ctx, q, g, rg)
	if err != nil {
		return err
	}
	if err := s.notePageChanges(ctx, q, append(tags, more...)); err != nil {
		return err
	}
	return s.stampPageChanges(ctx, q, g)
}

// migrate applies the dialect's migrations that the database lacks, each in
// its own transaction, and refuses a database newer than this program.
func (s *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(s.d.Migrations, "*.sql")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	sort.Strings(names)
	type step struct {
		version int
		name    string
	}
	// Versions go up; a number may be missing while work on parallel
	// branches, each given its own number, comes together (each step is
	// applied on its own, whatever the database has).
	steps := make([]step, 0, len(names))
	known := map[int]bool{}
	for _, n := range names {
		v, err := strconv.Atoi(strings.SplitN(path.Base(n), "_", 2)[0])
		if err != nil || v < 1 || (len(steps) > 0 && v <= steps[len(steps)-1].version) {
			return fmt.Errorf("migrations: %s: want a version number above the previous one's", n)
		}
		steps = append(steps, step{v, n})
		known[v] = true
	}
	for _, st := range steps {
		if err := s.migrateStep(ctx, st.version, st.name); err != nil {
			return fmt.Errorf("migrate %s: %w", st.name, err)
		}
	}
	applied, err := s.ids(ctx, s.q, `SELECT version FROM schema_migrations ORDER BY version DESC`)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	highest := 0
	if len(steps) > 0 {
		highest = steps[len(steps)-1].version
	}
	for _, v := range applied {
		if !known[int(v)] {
			if int(v) > highest {
				return fmt.Errorf("database schema version %d is newer than this program knows (%d): upgrade busrides", v, highest)
			}
			return fmt.Errorf("database schema version %d is unknown to this program (it knows up to %d): upgrade busrides", v, highest)
		}
	}
	return nil
}

// rebuildDirective, on a migration's first line, marks a migration that
// rebuilds tables (SQLite cannot alter a CHECK constraint in place). On
// dialects with ForeignKeysOff set, it runs on one connection with foreign
// keys off, so that dropping the old table cascades nothing, and commits
// only if foreign_key_check then finds no broken reference.
const rebuildDirective = "-- migrate: rebuild"

// migrateStep applies one migration in its own transaction unless the
// database already has it.
func (s *DB) migrateStep(ctx context.Context, version int, name string) error {
	src, err := fs.ReadFile(s.d.Migrations, name)
	if err != nil {
		return err
	}
	rebuild := strings.HasPrefix(string(src), rebuildDirective) && s.d.ForeignKeysOff != ""
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if rebuild {
		// Outside any transaction: SQLite ignores this pragma inside one.
		if _, err := conn.ExecContext(ctx, s.d.ForeignKeysOff); err != nil {
			return fmt.Errorf("foreign keys off: %w", err)
		}
		defer func() {
			// A connection left with foreign keys off must not go back to the pool.
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), s.d.ForeignKeysOn); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	rawTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer rawTx.Rollback()
	tx := s.on(rawTx)
	if s.d.MigrationLock != "" {
		if _, err := tx.ExecContext(ctx, s.d.MigrationLock); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
	}
	// Created under the lock: on PostgreSQL, CREATE TABLE IF NOT EXISTS run
	// by servers starting together fails in all but one (duplicate key in
	// pg_type).
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create table schema_migrations: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(src)); err != nil {
		return err
	}
	if rebuild {
		rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		broken := rows.Next()
		rows.Close()
		if broken {
			return errors.New("foreign key check: the rebuilt tables break a reference")
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
		return err
	}
	if err := rawTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// dbTime scans a time stored either as text (SQLite) or natively (PostgreSQL).
type dbTime struct {
	T time.Time
}

func (d *dbTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		d.T = time.Time{}
	case time.Time:
		d.T = x.UTC()
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	default:
		return fmt.Errorf("time: cannot scan %T", v)
	}
	return nil
}

func (d *dbTime) parse(s string) error {
	if s == "" {
		d.T = time.Time{}
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time: %w", err)
	}
	d.T = t.UTC()
	return nil
}

// SQLiteTime is the text form SQLite stores: UTC, fixed width, sortable.
func SQLiteTime(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func int64Args(ids []int64) []any {
	a := make([]any, len(ids))
	for i, id := range ids {
		a[i] = id
	}
	return a
}

func notFound(what string) error {
	return fmt.Errorf("store: %s: %w", what, content.ErrNotFound)
}
