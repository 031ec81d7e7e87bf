package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
)

const pathRedirectColumns = `id, path, target, origin, created_at, updated_at`

func scanPathRedirect(sc interface{ Scan(...any) error }) (content.PathRedirect, error) {
	var r content.PathRedirect
	var c, u dbTime
	err := sc.Scan(&r.ID, &r.Path, &r.Target, &r.Origin, &c, &u)
	r.CreatedAt, r.UpdatedAt = c.T, u.T
	return r, err
}

// likePattern is a LIKE pattern for "contains q", with \ as the escape.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}

// PathRedirects implements store.RedirectEditor.
func (s *DB) PathRedirects(ctx context.Context, q string, limit, offset int) ([]content.PathRedirect, int, error) {
	where, args := "", []any{}
	if q = strings.TrimSpace(q); q != "" {
		where = ` WHERE path LIKE ? ESCAPE '\' OR LOWER(target) LIKE ? ESCAPE '\'`
		args = append(args, likePattern(q), likePattern(q))
	}
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM path_redirects`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: redirects: %w", err)
	}
	page := ""
	if limit > 0 {
		page = ` LIMIT ? OFFSET ?`
		args = append(args, limit, max(offset, 0))
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+pathRedirectColumns+` FROM path_redirects`+where+` ORDER BY path`+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: redirects: %w", err)
	}
	defer rows.Close()
	var out []content.PathRedirect
	for rows.Next() {
		r, err := scanPathRedirect(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: redirects: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: redirects: %w", err)
	}
	return out, total, nil
}

// PathRedirectByID implements store.RedirectEditor.
func (s *DB) PathRedirectByID(ctx context.Context, id int64) (*content.PathRedirect, error) {
	r, err := scanPathRedirect(s.q.QueryRowContext(ctx, `SELECT `+pathRedirectColumns+` FROM path_redirects WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("redirect")
	}
	if err != nil {
		return nil, fmt.Errorf("store: redirect: %w", err)
	}
	return &r, nil
}

// PathRedirectTarget implements store.Redirects.
func (s *DB) PathRedirectTarget(ctx context.Context, path string) (string, error) {
	var target string
	err := s.q.QueryRowContext(ctx, `SELECT target FROM path_redirects WHERE path = ?`, NormalizePath(path)).Scan(&target)
	if isNoRows(err) {
		return "", notFound("redirect")
	}
	if err != nil {
		return "", fmt.Errorf("store: redirect: %w", err)
	}
	return target, nil
}

// redirectRows reads every redirect (for loop and chain checks).
func (s *DB) redirectRows(ctx context.Context, q querier) ([]content.PathRedirect, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+pathRedirectColumns+` FROM path_redirects ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("redirects: %w", err)
	}
	defer rows.Close()
	var out []content.PathRedirect
	for rows.Next() {
		r, err := scanPathRedirect(rows)
		if err != nil {
			return nil, fmt.Errorf("redirects: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// checkRedirects validates rows to be saved against each other and against
// the stored redirects (the rows replace stored ones with the same id or
// path) and returns errors by index in rows.
func (s *DB) checkRedirects(ctx context.Context, tx querier, rows []content.PathRedirect) (content.RowErrors, error) {
	var errs content.RowErrors
	// Each row alone, and paths that redirect to an episode.
	seen := map[string]int{}
	for i := range rows {
		r := &rows[i]
		p, key := content.CleanRedirectPath(r.Path)
		if key != "" {
			errs = append(errs, content.RowError{Row: i, Field: "path", Key: key})
			continue
		}
		r.Path = p
		t, key := content.CleanRedirectTarget(r.Target)
		if key != "" {
			errs = append(errs, content.RowError{Row: i, Field: "target", Key: key})
			continue
		}
		r.Target = t
		if _, dup := seen[p]; dup {
			errs = append(errs, content.RowError{Row: i, Field: "path", Key: content.RedirectErrDuplicate})
			continue
		}
		seen[p] = i
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM redirects WHERE path = ?`, p).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			errs = append(errs, content.RowError{Row: i, Field: "path", Key: content.RedirectErrPathEpisode})
		}
	}
	if len(errs) > 0 {
		return errs, nil
	}
	// The whole set as it would be stored: loops and chains.
	stored, err := s.redirectRows(ctx, tx)
	if err != nil {
		return nil, err
	}
	replaced := map[int64]bool{}
	for _, r := range rows {
		if r.ID != 0 {
			replaced[r.ID] = true
		}
	}
	set := append([]content.PathRedirect(nil), rows...)
	changed := make([]int, len(rows))
	for i := range rows {
		changed[i] = i
	}
	for _, r := range stored {
		if _, ok := seen[r.Path]; ok || replaced[r.ID] {
			continue
		}
		set = append(set, r)
	}
	return content.CheckRedirectSet(set, changed), nil
}

// SavePathRedirect implements store.RedirectEditor.
func (s *DB) SavePathRedirect(ctx context.Context, r content.PathRedirect, stamp string, now time.Time) (int64, error) {
	id := r.ID
	err := s.inTx(ctx, func(tx querier) error {
		if r.ID != 0 {
			if err := s.lockRow(ctx, tx, "path_redirects", r.ID); err != nil {
				return err
			}
			old, err := scanPathRedirect(tx.QueryRowContext(ctx, `SELECT `+pathRedirectColumns+` FROM path_redirects WHERE id = ?`, r.ID))
			if isNoRows(err) {
				return notFound("redirect")
			}
			if err != nil {
				return err
			}
			if old.Stamp() != stamp {
				return ErrStale
			}
		}
		rows := []content.PathRedirect{r}
		errs, err := s.checkRedirects(ctx, tx, rows)
		if err != nil {
			return err
		}
		r = rows[0]
		// Another redirect already starts at this path.
		if len(errs) == 0 {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM path_redirects WHERE path = ?`, r.Path).Scan(&other)
			if err != nil && !isNoRows(err) {
				return err
			}
			if err == nil && other != r.ID {
				errs = append(errs, content.RowError{Field: "path", Key: content.RedirectErrPathTaken})
			}
		}
		if len(errs) > 0 {
			fields := map[string]string{}
			for _, e := range errs {
				fields[e.Field] = e.Key
			}
			return &content.ValidationError{Fields: fields}
		}
		if r.ID == 0 {
			var err error
			id, err = s.upsertReturningID(ctx, tx, `INSERT INTO path_redirects (path, target, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				r.Path, r.Target, content.RedirectByEditor, s.t(now), s.t(now))
			if err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE path_redirects SET path = ?, target = ?, origin = ?, updated_at = ? WHERE id = ?`,
			r.Path, r.Target, content.RedirectByEditor, s.t(now), r.ID); err != nil {
			return err
		}
		// A redirect answers only paths without a page (a 404), and no
		// cache holds those: no page changes.
		return s.bumpGeneration(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("store: save redirect: %w", err)
	}
	return id, nil
}

// DeletePathRedirects implements store.RedirectEditor.
func (s *DB) DeletePathRedirects(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int64
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM path_redirects WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		// A redirect answers only paths without a page (a 404), and no
		// cache holds those: no page changes.
		return s.bumpGeneration(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("store: delete redirects: %w", err)
	}
	return int(n), nil
}

// ImportPathRedirects implements store.RedirectEditor.
func (s *DB) ImportPathRedirects(ctx context.Context, rows []content.PathRedirect, now time.Time) (int, error) {
	err := s.inTx(ctx, func(tx querier) error {
		rows = append([]content.PathRedirect(nil), rows...)
		for i := range rows {
			rows[i].ID = 0
		}
		errs, err := s.checkRedirects(ctx, tx, rows)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO path_redirects (path, target, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (path) DO UPDATE SET target = excluded.target, origin = excluded.origin, updated_at = excluded.updated_at`,
				r.Path, r.Target, content.RedirectByEditor, s.t(now), s.t(now)); err != nil {
				return err
			}
		}
		// A redirect answers only paths without a page (a 404), and no
		// cache holds those: no page changes.
		return s.bumpGeneration(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("store: import redirects: %w", err)
	}
	return len(rows), nil
}

// Redirect implements store.Redirects.
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
