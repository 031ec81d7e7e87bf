package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// queueMailTx puts mail in the outbox in tx, due at once.
func (s *DB) queueMailTx(ctx context.Context, tx querier, mail []content.Mail) error {
	for _, m := range mail {
		at := s.t(m.CreatedAt)
		if _, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox (to_addr, lang, subject, body, created_at, next_try_at)
			VALUES (?, ?, ?, ?, ?, ?)`, m.To, string(m.Lang), m.Subject, m.Body, at, at); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
	}
	return nil
}

// ClaimMail implements store.Outbox. Each message is claimed by moving its
// next_try_at forward only if it is still the one read (a compare and
// swap), so two servers never hold one message at once.
func (s *DB) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]content.Mail, error) {
	type due struct {
		m    content.Mail
		next any
	}
	var found []due
	err := s.queryRows(ctx, `SELECT id, to_addr, lang, subject, body, created_at, attempts, next_try_at FROM mail_outbox
		WHERE sent_at IS NULL AND attempts < ? AND next_try_at <= ? ORDER BY next_try_at, id LIMIT ?`,
		[]any{content.MailMaxAttempts, s.t(now), limit}, func(rows *sql.Rows) error {
			var d due
			var created dbTime
			var next any
			if err := rows.Scan(&d.m.ID, &d.m.To, &d.m.Lang, &d.m.Subject, &d.m.Body, &created, &d.m.Attempts, &next); err != nil {
				return err
			}
			d.m.CreatedAt, d.next = created.T, next
			found = append(found, d)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: due mail: %w", err)
	}
	var out []content.Mail
	for _, d := range found {
		res, err := s.q.ExecContext(ctx, `UPDATE mail_outbox SET next_try_at = ? WHERE id = ? AND next_try_at = ? AND sent_at IS NULL`,
			s.t(now.Add(lease)), d.m.ID, d.next)
		if err != nil {
			return nil, fmt.Errorf("store: claim mail %d: %w", d.m.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, fmt.Errorf("store: claim mail %d: %w", d.m.ID, err)
		} else if n == 1 {
			out = append(out, d.m)
		}
	}
	return out, nil
}

// MailSent implements store.Outbox.
func (s *DB) MailSent(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.q.ExecContext(ctx, `UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`,
		s.t(at), id); err != nil {
		return fmt.Errorf("store: mail %d sent: %w", id, err)
	}
	return nil
}

// MailFailed implements store.Outbox.
func (s *DB) MailFailed(ctx context.Context, id int64, at time.Time, why string) error {
	var attempts int
	if err := s.q.QueryRowContext(ctx, `SELECT attempts FROM mail_outbox WHERE id = ?`, id).Scan(&attempts); err != nil {
		return fmt.Errorf("store: mail %d failed: %w", id, err)
	}
	attempts++
	if _, err := s.q.ExecContext(ctx, `UPDATE mail_outbox SET attempts = ?, next_try_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL`,
		attempts, s.t(at.Add(content.MailRetry(attempts))), truncate(why, 500), id); err != nil {
		return fmt.Errorf("store: mail %d failed: %w", id, err)
	}
	return nil
}

// OutboxMail implements store.Outbox.
func (s *DB) OutboxMail(ctx context.Context, limit int) ([]content.Mail, error) {
	var out []content.Mail
	err := s.queryRows(ctx, `SELECT id, to_addr, lang, subject, body, created_at, attempts, sent_at, last_error FROM mail_outbox
		ORDER BY created_at DESC, id DESC LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var m content.Mail
		var created, sent dbTime
		if err := rows.Scan(&m.ID, &m.To, &m.Lang, &m.Subject, &m.Body, &created, &m.Attempts, &sent, &m.LastError); err != nil {
			return err
		}
		m.CreatedAt, m.SentAt = created.T, sent.T
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	return out, nil
}
