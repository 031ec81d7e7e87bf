package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for schema set-up
)

// PostgresURLEnv names the variable that points tests at a PostgreSQL
// server (CI sets it; locally the PostgreSQL tests skip without it).
const PostgresURLEnv = "BUSRIDES_TEST_DATABASE_URL"

// schemaTimeout bounds creating or dropping one test's schema. Dropping a
// schema with every table of the application takes a few hundred
// milliseconds, but many tests do it at once and the server may be busy
// with other runs; the bound only stops a hang.
const schemaTimeout = 2 * time.Minute

// PostgresDSN creates a fresh schema for one test on the server named by
// BUSRIDES_TEST_DATABASE_URL and returns a URL whose connections use it.
// The schema is dropped when the test ends. Without the variable the test
// is skipped.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		t.Skipf("%s is not set: skipping the PostgreSQL run", PostgresURLEnv)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), schemaTimeout)
	defer cancel()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), schemaTimeout)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("postgres: drop schema %s: %v", schema, err)
		}
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres: %s: %v", PostgresURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
