package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// AddAudit implements store.Audit.
func (s *DB) AddAudit(ctx context.Context, e content.AuditEntry) error {
	if e.Action == "" {
		return fmt.Errorf("store: add audit: no action")
	}
	at := e.At
	if at.IsZero() {
		at = time.Now()
	}
	var actor any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)`,
		s.t(at), actor, e.Action, e.Target, e.Detail, e.IP)
	if err != nil {
		return fmt.Errorf("store: add audit: %w", err)
	}
	return nil
}

// AuditLog implements store.Audit.
func (s *DB) AuditLog(ctx context.Context, limit int) ([]content.AuditEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, at, actor_id, action, target, detail, ip
		FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	var out []content.AuditEntry
	for rows.Next() {
		var e content.AuditEntry
		var at dbTime
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &actor, &e.Action, &e.Target, &e.Detail, &e.IP); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		e.At, e.ActorID = at.T, actor.Int64
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return out, nil
}

// addAuditTx appends an audit entry in the caller's transaction.
func (s *DB) addAuditTx(ctx context.Context, q querier, e content.AuditEntry) error {
	var actor any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)`,
		s.t(e.At), actor, e.Action, e.Target, e.Detail, e.IP)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}
