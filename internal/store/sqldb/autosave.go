package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/store"
)

// Autosave implements store.Editing.
func (s *DB) Autosave(ctx context.Context, userID, episodeID int64, base int, body string, now time.Time) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO autosaves (user_id, episode_id, base_revision, body, saved_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, episode_id) DO UPDATE SET base_revision = excluded.base_revision, body = excluded.body, saved_at = excluded.saved_at`,
		userID, episodeID, base, body, s.t(now))
	if err != nil {
		return fmt.Errorf("store: autosave: %w", err)
	}
	return nil
}

// AutosaveOf implements store.Editing.
func (s *DB) AutosaveOf(ctx context.Context, userID, episodeID int64) (store.Autosaved, error) {
	var a store.Autosaved
	var at dbTime
	err := s.q.QueryRowContext(ctx, `SELECT base_revision, body, saved_at FROM autosaves WHERE user_id = ? AND episode_id = ?`,
		userID, episodeID).Scan(&a.Base, &a.Body, &at)
	if isNoRows(err) {
		return a, notFound("autosave")
	}
	if err != nil {
		return a, fmt.Errorf("store: autosave: %w", err)
	}
	a.SavedAt = at.T
	return a, nil
}

// DropAutosave implements store.Editing.
func (s *DB) DropAutosave(ctx context.Context, userID, episodeID int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM autosaves WHERE user_id = ? AND episode_id = ?`, userID, episodeID); err != nil {
		return fmt.Errorf("store: drop autosave: %w", err)
	}
	return nil
}
