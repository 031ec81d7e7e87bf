package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// ErrMediaExists is returned by CreateMedia for bytes or a path already in
// the library.
var ErrMediaExists = fmt.Errorf("this file is already in the media library: %w", content.ErrConflict)

const mediaColumns = `id, path, kind, mime, bytes, width, height, duration_ms, label, alt_en, alt_fr, sha256, uploaded_by, version, created_at`

func scanMedia(sc interface{ Scan(...any) error }, m *content.Media) error {
	var at dbTime
	var ms int64
	var by sql.NullInt64
	if err := sc.Scan(&m.ID, &m.Path, &m.Kind, &m.MIME, &m.Bytes, &m.Width, &m.Height, &ms, &m.Label,
		&m.Alt.EN, &m.Alt.FR, &m.SHA256, &by, &m.Version, &at); err != nil {
		return err
	}
	m.Duration = time.Duration(ms) * time.Millisecond
	m.UploadedBy = by.Int64
	m.CreatedAt = at.T
	return nil
}

// CreateMedia implements store.Store.
func (s *DB) CreateMedia(ctx context.Context, m content.Media) (int64, error) {
	if _, ok := content.ParseMediaKind(string(m.Kind)); !ok {
		return 0, fmt.Errorf("store: create media: unknown kind %q", m.Kind)
	}
	if m.Path == "" || m.SHA256 == "" || m.MIME == "" || m.Bytes < 0 {
		return 0, fmt.Errorf("store: create media: path, SHA-256, type and size are required")
	}
	at := m.CreatedAt
	if at.IsZero() {
		at = time.Now()
	}
	var by any
	if m.UploadedBy > 0 {
		by = m.UploadedBy
	}
	var id int64
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO media (path, kind, mime, bytes, width, height, duration_ms, label,
		alt_en, alt_fr, sha256, uploaded_by, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING RETURNING id`),
		m.Path, string(m.Kind), m.MIME, m.Bytes, m.Width, m.Height, m.Duration.Milliseconds(), m.Label,
		strings.TrimSpace(m.Alt.EN), strings.TrimSpace(m.Alt.FR), m.SHA256, by, s.t(at)).Scan(&id)
	if isNoRows(err) {
		return 0, fmt.Errorf("store: create media %s: %w", m.Path, ErrMediaExists)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create media: %w", err)
	}
	return id, nil
}

// MediaByID implements store.Store.
func (s *DB) MediaByID(ctx context.Context, id int64) (*content.Media, error) {
	return s.mediaWhere(ctx, `id = ?`, id)
}

// MediaBySHA256 implements store.Store.
func (s *DB) MediaBySHA256(ctx context.Context, sha string) (*content.Media, error) {
	return s.mediaWhere(ctx, `sha256 = ?`, strings.ToLower(sha))
}

func (s *DB) mediaWhere(ctx context.Context, where string, arg any) (*content.Media, error) {
	var m content.Media
	err := scanMedia(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+mediaColumns+` FROM media WHERE `+where), arg), &m)
	if isNoRows(err) {
		return nil, notFound("media")
	}
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	return &m, nil
}

// MediaList implements store.Store.
func (s *DB) MediaList(ctx context.Context, q store.MediaQuery) ([]content.Media, int, error) {
	var conds []string
	var args []any
	if q.Kind != "" {
		conds = append(conds, "kind = ?")
		args = append(args, string(q.Kind))
	}
	if q.UploadedBy != 0 {
		conds = append(conds, "uploaded_by = ?")
		args = append(args, q.UploadedBy)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM media`+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: media list: %w", err)
	}
	query := `SELECT ` + mediaColumns + ` FROM media` + where + ` ORDER BY created_at DESC, id DESC`
	if q.Limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, q.Limit, max(q.Offset, 0))
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: media list: %w", err)
	}
	defer rows.Close()
	var out []content.Media
	for rows.Next() {
		var m content.Media
		if err := scanMedia(rows, &m); err != nil {
			return nil, 0, fmt.Errorf("store: media list: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: media list: %w", err)
	}
	return out, total, nil
}

// SetMediaAlt implements store.Store.
func (s *DB) SetMediaAlt(ctx context.Context, id int64, version int, alt content.Bilingual) error {
	res, err := s.db.ExecContext(ctx, s.rebind(`UPDATE media SET alt_en = ?, alt_fr = ?, version = version + 1
		WHERE id = ? AND version = ?`), strings.TrimSpace(alt.EN), strings.TrimSpace(alt.FR), id, version)
	if err != nil {
		return fmt.Errorf("store: set media alt: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: set media alt: %w", err)
	} else if n == 1 {
		return nil
	}
	if _, err := s.MediaByID(ctx, id); err != nil {
		return err
	}
	return fmt.Errorf("store: media %d changed since version %d: %w", id, version, content.ErrConflict)
}

// DeleteMedia implements store.Store.
func (s *DB) DeleteMedia(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM media WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: delete media: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: delete media: %w", err)
	} else if n == 0 {
		return notFound("media")
	}
	return nil
}
