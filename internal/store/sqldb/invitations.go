package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
)

const invitationColumns = `id, email, name, role, lang, invited_by, created_at, expires_at, accepted_at, user_id`

func scanInvitation(sc interface{ Scan(...any) error }) (content.Invitation, error) {
	var inv content.Invitation
	var by, user sql.NullInt64
	var created, expires, accepted dbTime
	err := sc.Scan(&inv.ID, &inv.Email, &inv.Name, &inv.Role, &inv.Lang, &by, &created, &expires, &accepted, &user)
	inv.InvitedBy, inv.UserID = by.Int64, user.Int64
	inv.CreatedAt, inv.ExpiresAt, inv.AcceptedAt = created.T, expires.T, accepted.T
	return inv, err
}

// CreateInvitation implements store.Invitations.
func (s *DB) CreateInvitation(ctx context.Context, inv content.Invitation, tokenHash string) (int64, error) {
	v, err := content.NewInvitation(inv.Email, inv.Name, inv.Role, inv.Lang, inv.InvitedBy, inv.CreatedAt)
	if err != nil {
		return 0, fmt.Errorf("store: create invitation: %w", err)
	}
	if !inv.ExpiresAt.IsZero() {
		v.ExpiresAt = inv.ExpiresAt
	}
	if tokenHash == "" {
		return 0, fmt.Errorf("store: create invitation: no token hash")
	}
	var id int64
	err = s.inTx(ctx, func(tx querier) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = ?`, v.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("invite %s: %w", v.Email, ErrEmailTaken)
		}
		// Only the newest link for an address works.
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE email = ? AND accepted_at IS NULL`, v.Email); err != nil {
			return err
		}
		var by any
		if v.InvitedBy != 0 {
			by = v.InvitedBy
		}
		return tx.QueryRowContext(ctx, `INSERT INTO invitations (token_hash, email, name, role, lang, invited_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tokenHash, v.Email, v.Name, string(v.Role), string(v.Lang), by, s.t(v.CreatedAt), s.t(v.ExpiresAt)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create invitation: %w", err)
	}
	return id, nil
}

// InvitationByToken implements store.Invitations.
func (s *DB) InvitationByToken(ctx context.Context, tokenHash string) (*content.Invitation, error) {
	inv, err := scanInvitation(s.q.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE token_hash = ?`, tokenHash))
	if isNoRows(err) {
		return nil, notFound("invitation")
	}
	if err != nil {
		return nil, fmt.Errorf("store: invitation: %w", err)
	}
	return &inv, nil
}

// PendingInvitations implements store.Invitations.
func (s *DB) PendingInvitations(ctx context.Context, now time.Time) ([]content.Invitation, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE accepted_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC`, s.t(now))
	if err != nil {
		return nil, fmt.Errorf("store: invitations: %w", err)
	}
	defer rows.Close()
	var out []content.Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("store: invitations: %w", err)
		}
		out = append(out, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: invitations: %w", err)
	}
	return out, nil
}

// AcceptInvitation implements store.Invitations. The invitation is claimed with
// a conditional UPDATE first, so two people racing with the same link
// create one account.
func (s *DB) AcceptInvitation(ctx context.Context, tokenHash, name, passwordHash string, now time.Time) (*content.User, error) {
	clean, ok := content.CleanName(name)
	if !ok {
		return nil, fmt.Errorf("store: accept invitation: %w", &content.ValidationError{Fields: map[string]string{"name": content.StaffErrName}})
	}
	if passwordHash == "" {
		return nil, fmt.Errorf("store: accept invitation: no password hash")
	}
	var u content.User
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = ?
			WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?`, s.t(now), tokenHash, s.t(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("invitation")
		}
		inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE token_hash = ?`, tokenHash))
		if err != nil {
			return err
		}
		if clean == "" {
			clean = inv.Name
		}
		u = content.User{Email: inv.Email, Name: clean, Role: inv.Role, Lang: inv.Lang, Status: content.UserActive, CreatedAt: now}
		err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, lang, status, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id`,
			u.Email, u.Name, string(u.Role), string(u.Lang), string(u.Status), passwordHash, s.t(now), s.t(now)).Scan(&u.ID)
		if isNoRows(err) {
			return ErrEmailTaken
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE invitations SET user_id = ? WHERE id = ?`, u.ID, inv.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, nil
}

// RevokeInvitation implements store.Invitations.
func (s *DB) RevokeInvitation(ctx context.Context, id int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM invitations WHERE id = ? AND accepted_at IS NULL`, id); err != nil {
		return fmt.Errorf("store: revoke invitation: %w", err)
	}
	return nil
}
