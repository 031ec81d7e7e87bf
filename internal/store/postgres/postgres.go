// Package postgres opens the Busrides store on PostgreSQL through pgx, for
// deployments with several stateless application servers.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/busrides/busrides/internal/store/sqldb"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is PostgreSQL's description for sqldb.
func Dialect() sqldb.Dialect {
	m, _ := fs.Sub(migrations, "migrations")
	return sqldb.Dialect{
		Name:                 "postgres",
		NumberedPlaceholders: true,
		EncodeTime:           func(t time.Time) any { return t.UTC() },
		Migrations:           m,
		// One server migrates at a time; the key is arbitrary but fixed.
		MigrationLock: `SELECT pg_advisory_xact_lock(4242001)`,
		// Several servers run the scheduler: each claims due episodes
		// without waiting for, or acting on, those another one holds.
		SkipLocked:      " FOR UPDATE SKIP LOCKED",
		IndexDefinition: `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?`,
		ForeignKeyDefinitions: `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
			WHERE conrelid = CAST(? AS regclass) AND contype = 'f' ORDER BY conname`,
	}
}

// Open connects to the database at dsn (postgres://…) and migrates it.
func Open(ctx context.Context, dsn string) (*sqldb.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: cannot reach the database: %w", err)
	}
	s, err := sqldb.New(ctx, db, Dialect())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}
