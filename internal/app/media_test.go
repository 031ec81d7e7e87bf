package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/app/apptest"
)

func TestDefaultMediaDir(t *testing.T) {
	t.Parallel()
	for dsn, want := range map[string]string{
		"busrides.db":                        "media",
		"/var/lib/busrides/site.db":          "/var/lib/busrides/media",
		"sqlite:data/b.db":                   filepath.Join("data", "media"),
		"postgres://u@h:5432/db":             "media",
		"postgresql://u@h/db?sslmode=verify": "media",
	} {
		if got := app.DefaultMediaDir(dsn); got != want {
			t.Errorf("DefaultMediaDir(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// TestMediaFolderCreated: without a media folder given, the app makes
// "media" beside the SQLite file.
func TestMediaFolderCreated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := app.New(ctx, app.Config{Database: filepath.Join(dir, "b.db"), NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.MediaDir() != filepath.Join(dir, "media") {
		t.Errorf("MediaDir %q", a.MediaDir())
	}
	if fi, err := os.Stat(filepath.Join(dir, "media")); err != nil || !fi.IsDir() {
		t.Errorf("media folder: %v", err)
	}
}

func TestServeMaxUploadFlag(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"0", "-1", "4096", "many"} {
		code, _, errOut := run(t, t.Context(), "serve", "--addr", "127.0.0.1:0", "--database", filepath.Join(t.TempDir(), "b.db"), "--max-upload-mb", v)
		if code != 2 || errOut == "" {
			t.Errorf("--max-upload-mb %s: code %d, stderr %q", v, code, errOut)
		}
		if v == "4096" && !strings.Contains(errOut, "between 1 and 2048") {
			t.Errorf("--max-upload-mb 4096: %q", errOut)
		}
	}
}

func TestServeSearchMemoryFlag(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"0", "-5", "70000", "lots"} {
		code, _, errOut := run(t, t.Context(), "serve", "--addr", "127.0.0.1:0", "--database", filepath.Join(t.TempDir(), "b.db"), "--search-memory-mb", v)
		if code != 2 || errOut == "" {
			t.Errorf("--search-memory-mb %s: code %d, stderr %q", v, code, errOut)
		}
		if v == "70000" && !strings.Contains(errOut, "between 1 and 65536") {
			t.Errorf("--search-memory-mb 70000: %q", errOut)
		}
	}
}

func TestServeCacheFlag(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"0", "-5", "70000", "lots"} {
		code, _, errOut := run(t, t.Context(), "serve", "--addr", "127.0.0.1:0", "--database", filepath.Join(t.TempDir(), "b.db"), "--cache-mb", v)
		if code != 2 || errOut == "" {
			t.Errorf("--cache-mb %s: code %d, stderr %q", v, code, errOut)
		}
		if v == "70000" && !strings.Contains(errOut, "between 1 and 65536") {
			t.Errorf("--cache-mb 70000: %q", errOut)
		}
	}
}

// The page cache's budget is Config.CacheMB, DefaultCacheMB when unset.
func TestCacheBudget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ mb, want int }{{0, app.DefaultCacheMB}, {3, 3}} {
		a, _, _ := apptest.New(t, apptest.Options{CacheMB: tc.mb})
		if got := a.Cache.Stats().MaxBytes; got != int64(tc.want)<<20 {
			t.Errorf("CacheMB %d: budget %d bytes, want %d MiB", tc.mb, got, tc.want)
		}
	}
}

// TestOpenLogged: the server says when it starts opening the database
// (where a schema upgrade runs) and when the database is ready, so that a
// long upgrade is not mistaken for a hang.
func TestOpenLogged(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := app.New(ctx, app.Config{Database: filepath.Join(t.TempDir(), "b.db"), NoCache: true,
		Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	log := buf.String()
	opening := strings.Index(log, `msg="opening the database`)
	ready := strings.Index(log, `msg="database ready" kind=sqlite took=`)
	if opening < 0 || ready < opening {
		t.Errorf("startup log lacks the database lines in order:\n%s", log)
	}
}
