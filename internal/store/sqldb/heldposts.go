package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// EndSession implements store.Sessions, in one transaction.
func (s *DB) EndSession(ctx context.Context, tokenHash string, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM ended_sessions WHERE ended_at < ? OR token_hash = ?`,
			s.t(now.Add(-store.EndedSessionTTL)), tokenHash); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ended_sessions (token_hash, user_id, ended_at)
			SELECT token_hash, user_id, ? FROM sessions WHERE token_hash = ?`, s.t(now), tokenHash); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: end session: %w", err)
	}
	return nil
}

// EndedSessionUser implements store.Sessions.
func (s *DB) EndedSessionUser(ctx context.Context, tokenHash string, since time.Time) (*content.User, error) {
	var id int64
	err := s.q.QueryRowContext(ctx, `SELECT user_id FROM ended_sessions WHERE token_hash = ? AND ended_at >= ?`, tokenHash, s.t(since)).Scan(&id)
	if isNoRows(err) {
		return nil, notFound("ended session")
	}
	if err != nil {
		return nil, fmt.Errorf("store: ended session: %w", err)
	}
	return s.UserByID(ctx, id)
}

// HoldPost implements store.Sessions: one transaction that drops the
// forms held too long, stores this one and keeps the user's newest
// store.MaxHeldPosts.
func (s *DB) HoldPost(ctx context.Context, tokenHash string, userID int64, path, body string, now time.Time) error {
	if tokenHash == "" {
		return fmt.Errorf("store: hold post: no token hash")
	}
	err := s.inTx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM held_posts WHERE created_at < ?`, s.t(now.Add(-store.HeldPostTTL))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO held_posts (token_hash, user_id, path, body, created_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash, userID, path, body, s.t(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM held_posts WHERE user_id = ? AND token_hash NOT IN
			(SELECT token_hash FROM held_posts WHERE user_id = ? ORDER BY created_at DESC, token_hash LIMIT ?)`,
			userID, userID, store.MaxHeldPosts)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: hold post: %w", err)
	}
	return nil
}

// HeldPost implements store.Sessions.
func (s *DB) HeldPost(ctx context.Context, tokenHash string, userID int64, since time.Time) (string, string, error) {
	var path, body string
	err := s.q.QueryRowContext(ctx, `SELECT path, body FROM held_posts WHERE token_hash = ? AND user_id = ? AND created_at >= ?`,
		tokenHash, userID, s.t(since)).Scan(&path, &body)
	if isNoRows(err) {
		return "", "", notFound("held post")
	}
	if err != nil {
		return "", "", fmt.Errorf("store: held post: %w", err)
	}
	return path, body, nil
}

// DropHeldPost implements store.Sessions.
func (s *DB) DropHeldPost(ctx context.Context, tokenHash string, userID int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM held_posts WHERE token_hash = ? AND user_id = ?`, tokenHash, userID); err != nil {
		return fmt.Errorf("store: drop held post: %w", err)
	}
	return nil
}
