package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// feedbackWhere is the WHERE clause (with its leading " WHERE ", or empty)
// and arguments selecting the rows of f.
func (s *DB) feedbackWhere(f store.FeedbackFilter) (string, []any) {
	var conds []string
	var args []any
	if f.EpisodeID != 0 {
		conds = append(conds, "episode_id = ?")
		args = append(args, f.EpisodeID)
	}
	if f.Lang != "" {
		conds = append(conds, "lang = ?")
		args = append(args, string(f.Lang))
	}
	if f.Answer != "" {
		conds = append(conds, "answer = ?")
		args = append(args, string(f.Answer))
	}
	if !f.From.IsZero() {
		conds = append(conds, "created_at >= ?")
		args = append(args, s.t(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "created_at < ?")
		args = append(args, s.t(f.To))
	}
	if f.Reviewed != nil {
		if *f.Reviewed {
			conds = append(conds, "reviewed_at IS NOT NULL")
		} else {
			conds = append(conds, "reviewed_at IS NULL")
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// FeedbackInbox implements store.FeedbackInbox.
func (s *DB) FeedbackInbox(ctx context.Context, f store.FeedbackFilter) ([]content.Feedback, int, error) {
	where, args := s.feedbackWhere(f)
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: feedback inbox: %w", err)
	}
	q := `SELECT id, created_at, lang, path, episode_id, answer, comment, redacted, reviewed_at, reviewed_by
		FROM feedback` + where + ` ORDER BY created_at DESC, id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: feedback inbox: %w", err)
	}
	defer rows.Close()
	var out []content.Feedback
	for rows.Next() {
		var fb content.Feedback
		var at, rat dbTime
		var ep, by sql.NullInt64
		if err := rows.Scan(&fb.ID, &at, &fb.Lang, &fb.Path, &ep, &fb.Answer, &fb.Comment, &fb.Redacted, &rat, &by); err != nil {
			return nil, 0, fmt.Errorf("store: feedback inbox: %w", err)
		}
		fb.CreatedAt, fb.EpisodeID = at.T, ep.Int64
		fb.ReviewedAt, fb.ReviewedBy, fb.Reviewed = rat.T, by.Int64, !rat.T.IsZero()
		out = append(out, fb)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: feedback inbox: %w", err)
	}
	return out, total, nil
}

// FeedbackCounts implements store.FeedbackInbox.
func (s *DB) FeedbackCounts(ctx context.Context, f store.FeedbackFilter) ([]store.FeedbackCount, error) {
	where, args := s.feedbackWhere(f)
	rows, err := s.q.QueryContext(ctx, `SELECT COALESCE(episode_id, 0),
		SUM(CASE WHEN answer = 'yes' THEN 1 ELSE 0 END), SUM(CASE WHEN answer = 'no' THEN 1 ELSE 0 END)
		FROM feedback`+where+` GROUP BY COALESCE(episode_id, 0)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: feedback counts: %w", err)
	}
	var out []store.FeedbackCount
	var ids []int64
	for rows.Next() {
		var c store.FeedbackCount
		if err := rows.Scan(&c.EpisodeID, &c.Yes, &c.No); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: feedback counts: %w", err)
		}
		if c.EpisodeID != 0 {
			ids = append(ids, c.EpisodeID)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: feedback counts: %w", err)
	}
	if len(ids) > 0 {
		titles, err := s.versionTitles(ctx, ids)
		if err != nil {
			return nil, err
		}
		for i := range out {
			t := titles[out[i].EpisodeID]
			switch {
			case f.Lang != "" && t[f.Lang] != "":
				out[i].Title = t[f.Lang]
			case t[content.English] != "":
				out[i].Title = t[content.English]
			default:
				out[i].Title = t[content.French]
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Yes+a.No != b.Yes+b.No {
			return a.Yes+a.No > b.Yes+b.No
		}
		if (a.EpisodeID == 0) != (b.EpisodeID == 0) {
			return b.EpisodeID == 0 // pages that are not episodes last
		}
		return a.EpisodeID < b.EpisodeID
	})
	return out, nil
}

// versionTitles returns the titles of the versions of the episodes ids.
func (s *DB) versionTitles(ctx context.Context, ids []int64) (map[int64]map[content.Lang]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT episode_id, lang, title FROM versions
		WHERE episode_id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: feedback counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[content.Lang]string{}
	for rows.Next() {
		var id int64
		var lang content.Lang
		var title string
		if err := rows.Scan(&id, &lang, &title); err != nil {
			return nil, fmt.Errorf("store: feedback counts: %w", err)
		}
		if out[id] == nil {
			out[id] = map[content.Lang]string{}
		}
		out[id][lang] = title
	}
	return out, rows.Err()
}

// MarkFeedbackReviewed implements store.FeedbackInbox.
func (s *DB) MarkFeedbackReviewed(ctx context.Context, ids []int64, by int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var who any
	if by != 0 {
		who = by
	}
	args := append([]any{s.t(at), who}, int64Args(ids)...)
	if _, err := s.q.ExecContext(ctx, `UPDATE feedback SET reviewed_at = ?, reviewed_by = ?
		WHERE reviewed_at IS NULL AND id IN (`+placeholders(len(ids))+`)`, args...); err != nil {
		return fmt.Errorf("store: mark feedback reviewed: %w", err)
	}
	return nil
}

// AddFeedback implements store.Feedback.
func (s *DB) AddFeedback(ctx context.Context, f content.Feedback) (int64, error) {
	var episode, key any
	if f.EpisodeID != 0 {
		episode = f.EpisodeID
	}
	if f.Key != "" {
		key = f.Key
	}
	var id int64
	err := s.q.QueryRowContext(ctx, `INSERT INTO feedback (created_at, lang, path, episode_id, answer, comment, redacted, token_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING RETURNING id`,
		s.t(f.CreatedAt), string(f.Lang), f.Path, episode, string(f.Answer), f.Comment, f.Redacted, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && f.Key != "" {
		// The same form posted again: the row it stored.
		err = s.q.QueryRowContext(ctx, `SELECT id FROM feedback WHERE token_hash = ?`, f.Key).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: add feedback: %w", err)
	}
	return id, nil
}

// AddFeedbackComment implements store.Feedback.
func (s *DB) AddFeedbackComment(ctx context.Context, key, comment string, redacted bool, since time.Time) error {
	if key == "" {
		return fmt.Errorf("store: add feedback comment: %w", content.ErrNotFound)
	}
	res, err := s.q.ExecContext(ctx, `UPDATE feedback SET comment = ?, redacted = ?
		WHERE token_hash = ? AND answer = 'no' AND comment = '' AND created_at >= ?`,
		comment, redacted, key, s.t(since))
	if err != nil {
		return fmt.Errorf("store: add feedback comment: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: add feedback comment: %w", err)
	} else if n == 1 {
		return nil
	}
	var stored string
	err = s.q.QueryRowContext(ctx, `SELECT comment FROM feedback
		WHERE token_hash = ? AND answer = 'no' AND created_at >= ?`, key, s.t(since)).Scan(&stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: add feedback comment: %w", content.ErrNotFound)
	case err != nil:
		return fmt.Errorf("store: add feedback comment: %w", err)
	case stored != comment:
		return fmt.Errorf("store: add feedback comment: %w", content.ErrConflict)
	}
	return nil // the same comment, posted again
}
