package sqldb

import (
	"context"
	"fmt"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

const (
	settingNoticeOn = "notice.enabled"
	settingNoticeEN = "notice.en"
	settingNoticeFR = "notice.fr"
)

// Notice implements store.Site.
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

// SetNotice implements store.SiteSettings.
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
		return s.bumpGeneration(ctx, tx, store.TagAll)
	})
}

const (
	settingTitleEN = "site.title.en"
	settingTitleFR = "site.title.fr"
)

// SiteTitle implements store.Site.
func (s *DB) SiteTitle(ctx context.Context) (content.Bilingual, error) {
	var b content.Bilingual
	rows, err := s.q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?)`, settingTitleEN, settingTitleFR)
	if err != nil {
		return b, fmt.Errorf("store: site title: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return b, fmt.Errorf("store: site title: %w", err)
		}
		if k == settingTitleFR {
			b.FR = v
		} else {
			b.EN = v
		}
	}
	return b, rows.Err()
}

// SetSiteTitle implements store.SiteSettings.
func (s *DB) SetSiteTitle(ctx context.Context, t content.Bilingual) error {
	return s.inTx(ctx, func(tx querier) error {
		for _, kv := range [][2]string{{settingTitleEN, t.EN}, {settingTitleFR, t.FR}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, kv[0], kv[1]); err != nil {
				return fmt.Errorf("store: set site title: %w", err)
			}
		}
		return s.bumpGeneration(ctx, tx, store.TagAll)
	})
}
