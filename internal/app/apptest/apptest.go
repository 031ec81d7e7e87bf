// Package apptest builds a real Busrides App for tests: a SQLite file in
// t.TempDir() (or a fresh PostgreSQL schema) with the demo content loaded.
package apptest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/mail"
	"github.com/busrides/busrides/internal/testutil"
)

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// SetupTimeout bounds building one app: opening the database, migrating
// it and importing the demo content. That takes a second or two, and
// several under -race on a busy 2-core machine with tests in parallel; the
// bound only stops a hang, well before go test's -timeout.
const SetupTimeout = 3 * time.Minute

// CheapPasswordCosts are argon2id costs that keep tests fast (the
// production costs take 64 MiB and tens of milliseconds a hash, far more
// under -race).
func CheapPasswordCosts() auth.Params {
	return auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Options change the app a test gets.
type Options struct {
	Postgres bool // use a fresh PostgreSQL schema (skips without BUSRIDES_TEST_DATABASE_URL)
	NoDemo   bool
	NoCache  bool
	Clock    *Clock // default: a clock at 2026-11-27 12:00 UTC
	BaseURL  string // default: http://busrides.test
	// MaxUploadMB bounds media uploads (default: the app's default).
	MaxUploadMB int
	// Logger receives the app's log (default: none).
	Logger *slog.Logger
	// CacheMB bounds the page cache (default: the app's default).
	CacheMB int
	// SMTP turns e-mail notifications on, sent to this server (a
	// mailtest.Server's URL); "" leaves them off.
	SMTP string
}

// Start is a running app and an httptest server in front of it.
type Start struct {
	App    *app.App
	Server *httptest.Server
	Clock  *Clock
	DSN    string
	// MediaDir is the app's media folder (in t.TempDir()).
	MediaDir string
}

// New builds the app (not serving).
func New(t testing.TB, o Options) (*app.App, *Clock, string) {
	t.Helper()
	if o.Clock == nil {
		o.Clock = NewClock(time.Date(2026, time.November, 27, 12, 0, 0, 0, time.UTC))
	}
	if o.BaseURL == "" {
		o.BaseURL = "http://busrides.test"
	}
	tmp := t.TempDir()
	dsn := filepath.Join(tmp, "busrides.db")
	ctx, cancel := context.WithTimeout(context.Background(), SetupTimeout)
	defer cancel()
	prepared := false
	if o.Postgres {
		dsn = testutil.PostgresDSN(t)
	} else {
		// A copy of a database migrated (and holding the demo) once for
		// this test binary.
		data, err := sqliteTemplate(ctx, !o.NoDemo, o.Clock.Now())
		if err != nil {
			t.Fatalf("app: prepared database: %v", err)
		}
		if err := os.WriteFile(dsn, data, 0o600); err != nil {
			t.Fatal(err)
		}
		prepared = true
	}
	var smtp *mail.Config
	if o.SMTP != "" {
		c, err := mail.ParseURL(o.SMTP, "busrides@busrides.test")
		if err != nil {
			t.Fatal(err)
		}
		smtp = &c
	}
	a, err := app.New(ctx, app.Config{
		Database:     dsn,
		BaseURL:      o.BaseURL,
		Demo:         !o.NoDemo,
		DemoImported: prepared,
		Now:          o.Clock.Now,
		NoCache:      o.NoCache,
		SyncEvery:    time.Hour, // tests call SyncCache when they need it
		// Beside the SQLite file (the default), and in the temporary
		// folder for PostgreSQL too.
		MediaDir:    filepath.Join(tmp, "media"),
		MaxUploadMB: o.MaxUploadMB,
		Logger:      o.Logger,
		CacheMB:     o.CacheMB,
		SMTP:        smtp,
		// Passwords set through the back office and the dummy hash of
		// unknown accounts: cheap costs, so that sign-in tests do not
		// spend their time in argon2id (64 MiB per hash by default).
		PasswordCosts: CheapPasswordCosts(),
	})
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a, o.Clock, dsn
}

// Serve builds the app and serves it with httptest.
func Serve(t testing.TB, o Options) *Start {
	t.Helper()
	a, clock, dsn := New(t, o)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &Start{App: a, Server: srv, Clock: clock, DSN: dsn, MediaDir: MediaDir(a)}
}

// MediaDir is the media folder of an app built by New.
func MediaDir(a *app.App) string { return a.MediaDir() }

// templates holds, for the test binary, SQLite databases already migrated
// (and holding the demo content, when asked), by what they were made
// with. Copying one costs a file write instead of the migrations and the
// demo import: 1.75 s an app under -race here, against 0.7 s for the
// migrations alone.
var templates struct {
	mu sync.Mutex
	m  map[templateKey]*templateDB
}

type templateKey struct {
	demo bool
	now  time.Time // the import's time, which revisions record
}

type templateDB struct {
	once sync.Once
	data []byte
	err  error
}

// sqliteTemplate returns the bytes of a SQLite database made by the app at
// now: migrated, and with the demo content imported when demo is set.
func sqliteTemplate(ctx context.Context, demo bool, now time.Time) ([]byte, error) {
	k := templateKey{demo, now}
	templates.mu.Lock()
	if templates.m == nil {
		templates.m = map[templateKey]*templateDB{}
	}
	tp := templates.m[k]
	if tp == nil {
		tp = &templateDB{}
		templates.m[k] = tp
	}
	templates.mu.Unlock()
	tp.once.Do(func() { tp.data, tp.err = makeTemplate(ctx, demo, now) })
	return tp.data, tp.err
}

func makeTemplate(ctx context.Context, demo bool, now time.Time) ([]byte, error) {
	dir, err := os.MkdirTemp("", "busrides-apptest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "template.db")
	a, err := app.New(ctx, app.Config{
		Database:      file,
		Demo:          demo,
		Now:           func() time.Time { return now },
		SyncEvery:     time.Hour,
		MediaDir:      filepath.Join(dir, "media"),
		PasswordCosts: CheapPasswordCosts(),
	})
	if err != nil {
		return nil, err
	}
	if err := a.Close(); err != nil {
		return nil, err
	}
	// Closing the last connection copies the write-ahead log into the
	// file and removes it; a log left behind would hold committed rows.
	if fi, err := os.Stat(file + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("the prepared database %s kept a write-ahead log of %d bytes", file, fi.Size())
	}
	return os.ReadFile(file)
}

// Uncached builds a second app on s's database with its page cache off,
// answering as s's app would (same clock, base URL and media): what a page
// is now, to compare with what s's cache serves.
func Uncached(t testing.TB, s *Start) http.Handler {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), SetupTimeout)
	defer cancel()
	a, err := app.New(ctx, app.Config{
		Database:      s.DSN,
		BaseURL:       s.App.BaseURL(),
		Demo:          true,
		DemoImported:  true,
		Now:           s.Clock.Now,
		NoCache:       true,
		SyncEvery:     time.Hour,
		MediaDir:      s.MediaDir,
		PasswordCosts: CheapPasswordCosts(),
	})
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a.Handler()
}
