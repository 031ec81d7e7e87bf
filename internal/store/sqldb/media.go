package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// ErrMediaExists is returned by CreateMedia for bytes or a path already in
// the library.
var ErrMediaExists = fmt.Errorf("this file is already in the media library: %w", content.ErrConflict)

const mediaColumns = `id, path, kind, mime, bytes, width, height, duration_ms, label, alt_en, alt_fr, sha256, uploaded_by, version, created_at, variants`

func scanMedia(sc interface{ Scan(...any) error }, m *content.Media) error {
	var at dbTime
	var ms int64
	var by sql.NullInt64
	var variants string
	if err := sc.Scan(&m.ID, &m.Path, &m.Kind, &m.MIME, &m.Bytes, &m.Width, &m.Height, &ms, &m.Label,
		&m.Alt.EN, &m.Alt.FR, &m.SHA256, &by, &m.Version, &at, &variants); err != nil {
		return err
	}
	m.Duration = time.Duration(ms) * time.Millisecond
	m.UploadedBy = by.Int64
	m.CreatedAt = at.T
	m.Variants = parseVariants(m.Path, variants)
	return nil
}

// The variants column lists an image's smaller copies (migration 0027):
// "<width>x<height><ext>" for each, narrowest first, separated by spaces
// ("160x90.jpg 320x180.jpg"); each copy is the file
// content.VariantPath(path, width, ext) of the media folder.

// formatVariants encodes the copies of the file stored under path for
// the variants column; a copy not named after path is an error.
func formatVariants(path string, vs []content.ImageVariant) (string, error) {
	var b strings.Builder
	for i, v := range vs {
		ext := variantExt(v.Path)
		if v.Width <= 0 || v.Height <= 0 || ext == "" || v.Path != content.VariantPath(path, v.Width, ext) ||
			(i > 0 && v.Width <= vs[i-1].Width) {
			return "", fmt.Errorf("store: %q (%d×%d) is not a copy of %s in order", v.Path, v.Width, v.Height, path)
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%dx%d%s", v.Width, v.Height, ext)
	}
	return b.String(), nil
}

// variantExt is the extension of a copy's name, ".jpg" or ".png", or "".
func variantExt(name string) string {
	for _, ext := range []string{".jpg", ".png"} {
		if strings.HasSuffix(name, ext) {
			return ext
		}
	}
	return ""
}

// parseVariants decodes the variants column of the file stored under
// path. Entries that do not read as written by formatVariants are left
// out: a page then shows fewer copies, never a broken one.
func parseVariants(path, s string) []content.ImageVariant {
	var out []content.ImageVariant
	for f := range strings.FieldsSeq(s) {
		ext := variantExt(f)
		w, h, ok := strings.Cut(strings.TrimSuffix(f, ext), "x")
		if ext == "" || !ok {
			continue
		}
		width, err1 := strconv.Atoi(w)
		height, err2 := strconv.Atoi(h)
		if err1 != nil || err2 != nil || width <= 0 || height <= 0 || (len(out) > 0 && width <= out[len(out)-1].Width) {
			continue
		}
		out = append(out, content.ImageVariant{Width: width, Height: height, Path: content.VariantPath(path, width, ext)})
	}
	return out
}

// CreateMedia implements store.Media.
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
	variants, err := formatVariants(m.Path, m.Variants)
	if err != nil {
		return 0, fmt.Errorf("store: create media: %w", err)
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO media (path, kind, mime, bytes, width, height, duration_ms, label,
		alt_en, alt_fr, sha256, uploaded_by, version, created_at, variants)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		m.Path, string(m.Kind), m.MIME, m.Bytes, m.Width, m.Height, m.Duration.Milliseconds(), m.Label,
		strings.TrimSpace(m.Alt.EN), strings.TrimSpace(m.Alt.FR), m.SHA256, by, s.t(at), variants).Scan(&id)
	if isNoRows(err) {
		return 0, fmt.Errorf("store: create media %s: %w", m.Path, ErrMediaExists)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create media: %w", err)
	}
	return id, nil
}

// MediaByID implements store.Media.
func (s *DB) MediaByID(ctx context.Context, id int64) (*content.Media, error) {
	return s.mediaWhere(ctx, `id = ?`, id)
}

// MediaByPath implements store.Media.
func (s *DB) MediaByPath(ctx context.Context, path string) (*content.Media, error) {
	return s.mediaWhere(ctx, `path = ?`, path)
}

// mediaVariantsBatch bounds the paths of one MediaVariants query (far
// more than a page shows; the databases' limits on parameters are higher).
const mediaVariantsBatch = 500

// MediaVariants implements store.MediaImages.
func (s *DB) MediaVariants(ctx context.Context, paths []string) (map[string]content.ImageSet, error) {
	paths = slices.Compact(slices.Sorted(slices.Values(paths)))
	if len(paths) > 0 && paths[0] == "" {
		paths = paths[1:]
	}
	if len(paths) == 0 {
		return nil, nil
	}
	out := make(map[string]content.ImageSet, len(paths))
	for batch := range slices.Chunk(paths, mediaVariantsBatch) {
		rows, err := s.q.QueryContext(ctx, `SELECT path, width, height, variants FROM media
			WHERE kind = 'image' AND path IN (`+placeholders(len(batch))+`)`, stringArgs(batch)...)
		if err != nil {
			return nil, fmt.Errorf("store: media variants: %w", err)
		}
		for rows.Next() {
			var im content.ImageSet
			var variants string
			if err := rows.Scan(&im.Path, &im.Width, &im.Height, &variants); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: media variants: %w", err)
			}
			im.Variants = parseVariants(im.Path, variants)
			out[im.Path] = im
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: media variants: %w", err)
		}
	}
	return out, nil
}

// fillMediaType gives a Listen or Watch recording whose type was left
// empty the media library's type of the file when it is one of the
// library's, else the type its extension tells (content.FillMediaType).
func (s *DB) fillMediaType(ctx context.Context, q querier, k content.Kind, v *content.Version) error {
	if v == nil || v.MediaType != "" || !k.HasMedia() {
		return nil
	}
	var lib string
	if p, ok := content.MediaLibraryPath(v.MediaURL); ok {
		err := q.QueryRowContext(ctx, `SELECT mime FROM media WHERE path = ?`, p).Scan(&lib)
		if err != nil && !isNoRows(err) {
			return fmt.Errorf("media type of %s: %w", v.MediaURL, err)
		}
	}
	content.FillMediaType(k, v, lib)
	return nil
}

// MediaBySHA256 implements store.Media.
func (s *DB) MediaBySHA256(ctx context.Context, sha string) (*content.Media, error) {
	return s.mediaWhere(ctx, `sha256 = ?`, strings.ToLower(sha))
}

func (s *DB) mediaWhere(ctx context.Context, where string, arg any) (*content.Media, error) {
	var m content.Media
	err := scanMedia(s.q.QueryRowContext(ctx, `SELECT `+mediaColumns+` FROM media WHERE `+where, arg), &m)
	if isNoRows(err) {
		return nil, notFound("media")
	}
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	return &m, nil
}

// MediaList implements store.Media.
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
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM media`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: media list: %w", err)
	}
	query := `SELECT ` + mediaColumns + ` FROM media` + where + ` ORDER BY created_at DESC, id DESC`
	if q.Limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, q.Limit, max(q.Offset, 0))
	}
	rows, err := s.q.QueryContext(ctx, query, args...)
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

// SetMediaAlt implements store.Media.
func (s *DB) SetMediaAlt(ctx context.Context, id int64, version int, alt content.Bilingual) error {
	res, err := s.q.ExecContext(ctx, `UPDATE media SET alt_en = ?, alt_fr = ?, version = version + 1
		WHERE id = ? AND version = ?`, strings.TrimSpace(alt.EN), strings.TrimSpace(alt.FR), id, version)
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

// mediaUsesQuery finds the versions and authors that name a file (as a
// version's image, media, caption file in either language, or in its body
// or transcript): the pattern is the file's URL as a LIKE "contains"
// pattern, which also matches an absolute URL (https://host/media/…) and
// the file in a body's HTML.
const mediaUsesQuery = `SELECT v.episode_id, v.lang, 0, v.title FROM versions v
	WHERE v.image_url LIKE ? ESCAPE '\' OR v.media_url LIKE ? ESCAPE '\' OR v.body_html LIKE ? ESCAPE '\' OR v.transcript_html LIKE ? ESCAPE '\'
		OR v.captions_en_url LIKE ? ESCAPE '\' OR v.captions_fr_url LIKE ? ESCAPE '\'
	UNION ALL SELECT 0, '', a.id, a.name FROM authors a WHERE a.photo_url LIKE ? ESCAPE '\'
	ORDER BY 1, 2, 3`

// contentAddressed matches the end of an upload's URL: the SHA-256 of its
// bytes and its extension (media.StoredName).
var contentAddressed = regexp.MustCompile(`/[0-9a-f]{64}\.[a-z0-9]+$`)

// usedAs is what names the file at url where it is used: its URL, but
// without the extension for an upload, whose smaller copies share its
// name up to there ("…/<sha256>-320w.jpg", content.VariantPath), so that
// a use of a copy is a use of the file. Nothing else has a name that
// starts with the SHA-256 of the file's bytes.
func usedAs(url string) string {
	if contentAddressed.MatchString(url) {
		return strings.TrimSuffix(url, path.Ext(url))
	}
	return url
}

// MediaUses implements store.Media.
func (s *DB) MediaUses(ctx context.Context, url string) ([]store.MediaUse, error) {
	return s.mediaUses(ctx, s.q, url)
}

func (s *DB) mediaUses(ctx context.Context, q querier, url string) ([]store.MediaUse, error) {
	if strings.TrimSpace(url) == "" {
		return nil, nil
	}
	pat := "%" + likeEscape(usedAs(url)) + "%"
	rows, err := q.QueryContext(ctx, mediaUsesQuery, pat, pat, pat, pat, pat, pat, pat)
	if err != nil {
		return nil, fmt.Errorf("store: media uses: %w", err)
	}
	defer rows.Close()
	var out []store.MediaUse
	for rows.Next() {
		var u store.MediaUse
		var lang string
		if err := rows.Scan(&u.EpisodeID, &lang, &u.AuthorID, &u.Title); err != nil {
			return nil, fmt.Errorf("store: media uses: %w", err)
		}
		u.Lang = content.Lang(lang)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: media uses: %w", err)
	}
	return out, nil
}

// DeleteMedia implements store.Media. The check and the delete share one
// transaction (on SQLite, writers take turns, so no save can add a use in
// between).
func (s *DB) DeleteMedia(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx querier) error {
		var path string
		if err := tx.QueryRowContext(ctx, `SELECT path FROM media WHERE id = ?`, id).Scan(&path); errors.Is(err, sql.ErrNoRows) {
			return notFound("media")
		} else if err != nil {
			return fmt.Errorf("store: delete media: %w", err)
		}
		uses, err := s.mediaUses(ctx, tx, (&content.Media{Path: path}).URL())
		if err != nil {
			return err
		}
		if len(uses) > 0 {
			return fmt.Errorf("store: media %d is used %d times: %w", id, len(uses), content.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete media: %w", err)
		}
		return nil
	})
}
