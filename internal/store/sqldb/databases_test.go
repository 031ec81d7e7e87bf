package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/testutil"
)

// database is one of the databases the tests of this package run on: a
// new target (a file, or a fresh PostgreSQL schema, skipped without
// BUSRIDES_TEST_DATABASE_URL) and how to open it.
type database struct {
	name   string
	target func(t *testing.T) string
	open   func(ctx context.Context, target string) (*sqldb.DB, error)
}

var databases = []database{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "b.db") }, sqlite.Open},
	{"postgres", func(t *testing.T) string { return testutil.PostgresDSN(t) }, postgres.Open},
}
