package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/busrides/busrides/internal/content"
)

// AddEpisodeNote implements store.Workflow.
func (s *DB) AddEpisodeNote(ctx context.Context, n content.EpisodeNote, mail []content.Mail) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx querier) error {
		var err error
		if id, err = s.addNoteTx(ctx, tx, n); err != nil {
			return err
		}
		return s.queueMailTx(ctx, tx, mail)
	})
	if err != nil {
		return 0, fmt.Errorf("store: add note: %w", err)
	}
	return id, nil
}

// addNoteTx appends n to its episode's thread in tx.
func (s *DB) addNoteTx(ctx context.Context, tx querier, n content.EpisodeNote) (int64, error) {
	var user, to any
	if n.UserID != 0 {
		user = n.UserID
	}
	if n.ToUserID != 0 {
		to = n.ToUserID
	}
	id, err := s.upsertReturningID(ctx, tx, `INSERT INTO episode_notes (episode_id, user_id, to_user_id, kind, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, n.EpisodeID, user, to, string(n.Kind), n.Body, s.t(n.CreatedAt))
	if err != nil {
		return 0, fmt.Errorf("note: %w", err)
	}
	return id, nil
}

// EpisodeNotes implements store.Workflow.
func (s *DB) EpisodeNotes(ctx context.Context, episodeID int64) ([]content.EpisodeNote, error) {
	var out []content.EpisodeNote
	err := s.queryRows(ctx, `SELECT id, episode_id, user_id, to_user_id, kind, body, created_at FROM episode_notes
		WHERE episode_id = ? ORDER BY created_at, id`, []any{episodeID}, func(rows *sql.Rows) error {
		var n content.EpisodeNote
		var user, to sql.NullInt64
		var at dbTime
		if err := rows.Scan(&n.ID, &n.EpisodeID, &user, &to, &n.Kind, &n.Body, &at); err != nil {
			return err
		}
		n.UserID, n.ToUserID, n.CreatedAt = user.Int64, to.Int64, at.T
		out = append(out, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	return out, nil
}
