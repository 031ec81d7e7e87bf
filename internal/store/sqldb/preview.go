package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// CreatePreviewLink implements store.PreviewLinks.
func (s *DB) CreatePreviewLink(ctx context.Context, tokenHash string, l content.PreviewLink) (int64, error) {
	if tokenHash == "" {
		return 0, fmt.Errorf("store: create preview link: no token hash")
	}
	var by any
	if l.CreatedBy != 0 {
		by = l.CreatedBy
	}
	id, err := s.upsertReturningID(ctx, s.q, `INSERT INTO preview_links (token_hash, episode_id, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, tokenHash, l.EpisodeID, by, s.t(l.CreatedAt), s.t(l.ExpiresAt))
	if err != nil {
		return 0, fmt.Errorf("store: create preview link: %w", err)
	}
	return id, nil
}

// PreviewLinksOf implements store.PreviewLinks.
func (s *DB) PreviewLinksOf(ctx context.Context, episodeID int64) ([]content.PreviewLink, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, episode_id, created_by, created_at, expires_at, revoked_at FROM preview_links
		WHERE episode_id = ? ORDER BY created_at DESC, id DESC`, episodeID)
	if err != nil {
		return nil, fmt.Errorf("store: preview links: %w", err)
	}
	defer rows.Close()
	var out []content.PreviewLink
	for rows.Next() {
		var l content.PreviewLink
		var by *int64
		var created, expires, revoked dbTime
		if err := rows.Scan(&l.ID, &l.EpisodeID, &by, &created, &expires, &revoked); err != nil {
			return nil, fmt.Errorf("store: preview links: %w", err)
		}
		if by != nil {
			l.CreatedBy = *by
		}
		l.CreatedAt, l.ExpiresAt, l.RevokedAt = created.T, expires.T, revoked.T
		out = append(out, l)
	}
	return out, rows.Err()
}

// RevokePreviewLink implements store.PreviewLinks.
func (s *DB) RevokePreviewLink(ctx context.Context, episodeID, id int64, now time.Time) error {
	res, err := s.q.ExecContext(ctx, `UPDATE preview_links SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND episode_id = ?`,
		s.t(now), id, episodeID)
	if err != nil {
		return fmt.Errorf("store: revoke preview link: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: revoke preview link: %w", err)
	} else if n == 0 {
		return notFound("preview link")
	}
	return nil
}

// PreviewEpisode implements store.Previews.
func (s *DB) PreviewEpisode(ctx context.Context, tokenHash string, now time.Time) (*content.Episode, error) {
	var id int64
	err := s.q.QueryRowContext(ctx, `SELECT episode_id FROM preview_links WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`,
		tokenHash, s.t(now)).Scan(&id)
	if isNoRows(err) {
		return nil, notFound("preview link")
	}
	if err != nil {
		return nil, fmt.Errorf("store: preview: %w", err)
	}
	return s.WorkingEpisode(ctx, id)
}
