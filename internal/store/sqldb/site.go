package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/busrides/busrides/internal/content"
)

// Redirect implements store.Store.
func (s *DB) Redirect(ctx context.Context, path string) (int64, content.Lang, error) {
	var id int64
	var lang content.Lang
	err := s.q.QueryRowContext(ctx, `SELECT episode_id, lang FROM redirects WHERE path = ?`, NormalizePath(path)).Scan(&id, &lang)
	if isNoRows(err) {
		return 0, "", notFound("redirect")
	}
	if err != nil {
		return 0, "", fmt.Errorf("store: redirect: %w", err)
	}
	return id, lang, nil
}

// NormalizePath is the form in which redirect paths are stored and looked
// up: lowercase, one leading slash, no trailing slash.
func NormalizePath(p string) string {
	for len(p) > 1 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	return lowerASCII(p)
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

const (
	settingNoticeOn = "notice.enabled"
	settingNoticeEN = "notice.en"
	settingNoticeFR = "notice.fr"
)

// Notice implements store.Store.
func (s *DB) Notice(ctx context.Context) (content.Notice, error) {
	var n content.Notice
	rows, err := s.q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?, ?)`, settingNoticeOn, settingNoticeEN, settingNoticeFR)
	if err != nil {
		return n, fmt.Errorf("store: notice: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return n, fmt.Errorf("store: notice: %w", err)
		}
		switch k {
		case settingNoticeOn:
			n.Enabled = v == "true"
		case settingNoticeEN:
			n.Text.EN = v
		case settingNoticeFR:
			n.Text.FR = v
		}
	}
	return n, rows.Err()
}

// SetNotice implements store.Store.
func (s *DB) SetNotice(ctx context.Context, n content.Notice) error {
	on := "false"
	if n.Enabled {
		on = "true"
	}
	return s.inTx(ctx, func(tx querier) error {
		for _, kv := range [][2]string{{settingNoticeOn, on}, {settingNoticeEN, n.Text.EN}, {settingNoticeFR, n.Text.FR}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, kv[0], kv[1]); err != nil {
				return fmt.Errorf("store: set notice: %w", err)
			}
		}
		return s.bumpGeneration(ctx, tx)
	})
}

// AddFeedback implements store.Store.
func (s *DB) AddFeedback(ctx context.Context, f content.Feedback) (int64, error) {
	var episode any
	if f.EpisodeID != 0 {
		episode = f.EpisodeID
	}
	var id int64
	err := s.q.QueryRowContext(ctx, `INSERT INTO feedback (created_at, lang, path, episode_id, answer, comment, redacted)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.t(f.CreatedAt), string(f.Lang), f.Path, episode, string(f.Answer), f.Comment, f.Redacted).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add feedback: %w", err)
	}
	return id, nil
}

// FeedbackList implements store.Store: newest first.
func (s *DB) FeedbackList(ctx context.Context, limit int) ([]content.Feedback, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, created_at, lang, path, episode_id, answer, comment, redacted
		FROM feedback ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: feedback: %w", err)
	}
	defer rows.Close()
	var out []content.Feedback
	for rows.Next() {
		var f content.Feedback
		var at dbTime
		var ep sql.NullInt64
		if err := rows.Scan(&f.ID, &at, &f.Lang, &f.Path, &ep, &f.Answer, &f.Comment, &f.Redacted); err != nil {
			return nil, fmt.Errorf("store: feedback: %w", err)
		}
		f.CreatedAt, f.EpisodeID = at.T, ep.Int64
		out = append(out, f)
	}
	return out, rows.Err()
}
