package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
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

// AuditEntries implements store.Audit.
func (s *DB) AuditEntries(ctx context.Context, q store.AuditQuery) ([]content.AuditEntry, int, error) {
	var where []string
	var args []any
	switch {
	case q.System:
		where = append(where, `actor_id IS NULL`)
	case q.ActorID != 0:
		where, args = append(where, `actor_id = ?`), append(args, q.ActorID)
	}
	if a := q.Action; a != "" {
		if strings.HasSuffix(a, ".") {
			where, args = append(where, `action LIKE ? ESCAPE '\'`), append(args, likeEscape(a)+"%")
		} else {
			where, args = append(where, `action = ?`), append(args, a)
		}
	}
	if q.Target != "" {
		where, args = append(where, `target = ?`), append(args, q.Target)
	}
	if !q.From.IsZero() {
		where, args = append(where, `at >= ?`), append(args, s.t(q.From))
	}
	if !q.To.IsZero() {
		where, args = append(where, `at < ?`), append(args, s.t(q.To))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: audit entries: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = total
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, at, actor_id, action, target, detail, ip FROM audit_log`+cond+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit entries: %w", err)
	}
	defer rows.Close()
	var out []content.AuditEntry
	for rows.Next() {
		var e content.AuditEntry
		var at dbTime
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &actor, &e.Action, &e.Target, &e.Detail, &e.IP); err != nil {
			return nil, 0, fmt.Errorf("store: audit entries: %w", err)
		}
		e.At, e.ActorID = at.T, actor.Int64
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// AuditActions implements store.Audit.
func (s *DB) AuditActions(ctx context.Context) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT DISTINCT action FROM audit_log ORDER BY action`)
	if err != nil {
		return nil, fmt.Errorf("store: audit actions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("store: audit actions: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
