// Package postgres opens the Busrides store on PostgreSQL through pgx, for
// deployments with several stateless application servers.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

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
		// Delivered at commit, once per transaction and channel.
		ChangeNotify: `SELECT pg_notify('` + ChangesChannel + `', '')`,
	}
}

// ChangesChannel is the channel on which every transaction that moves
// the content generation notifies (Listen).
const ChangesChannel = "busrides_changes"

// Listen calls changed each time a transaction that moved the content
// generation commits on the database at dsn, from any server, until ctx
// ends. It holds one connection of its own; when the connection fails it
// connects again (waiting up to retryMax between attempts) and calls
// changed once, since notifications may have been missed meanwhile.
// Servers keep polling the generation too: Listen only makes them quick.
func Listen(ctx context.Context, dsn string, log *slog.Logger, changed func()) {
	wait := time.Second
	const retryMax = 30 * time.Second
	first := true
	for ctx.Err() == nil {
		err := listen(ctx, dsn, func() {
			wait = time.Second
			changed()
		}, !first)
		first = false
		if ctx.Err() != nil {
			return
		}
		log.Warn("postgres: change notifications interrupted; polling meanwhile", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, retryMax)
	}
}

// listen runs one connection's LISTEN loop until it fails or ctx ends.
func listen(ctx context.Context, dsn string, changed func(), again bool) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+ChangesChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if again {
		changed()
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait: %w", err)
		}
		changed()
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
