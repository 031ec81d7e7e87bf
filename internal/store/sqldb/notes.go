package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/busrides/busrides/internal/content"
)

// AddEpisodeNote implements store.Workflow.
func (s *DB) AddEpisodeNote(ctx context.Context, n content.EpisodeNote) (int64, error) {
	var user any
	if n.UserID != 0 {
		user = n.UserID
	}
	id, err := s.upsertReturningID(ctx, s.q, `INSERT INTO episode_notes (episode_id, user_id, kind, body, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, n.EpisodeID, user, string(n.Kind), n.Body, s.t(n.CreatedAt))
	if err != nil {
		return 0, fmt.Errorf("store: add note: %w", err)
	}
	return id, nil
}

// EpisodeNotes implements store.Workflow.
func (s *DB) EpisodeNotes(ctx context.Context, episodeID int64) ([]content.EpisodeNote, error) {
	var out []content.EpisodeNote
	err := s.queryRows(ctx, `SELECT id, episode_id, user_id, kind, body, created_at FROM episode_notes
		WHERE episode_id = ? ORDER BY created_at, id`, []any{episodeID}, func(rows *sql.Rows) error {
		var n content.EpisodeNote
		var user sql.NullInt64
		var at dbTime
		if err := rows.Scan(&n.ID, &n.EpisodeID, &user, &n.Kind, &n.Body, &at); err != nil {
			return err
		}
		n.UserID, n.CreatedAt = user.Int64, at.T
		out = append(out, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	return out, nil
}
