package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// Site pages (store.SitePages, store.SitePageEditor): site_pages,
// site_page_versions and site_page_revisions (migration 0019).

// sitePageOrder sorts pages in the order of content.SitePageKeys.
func sitePageOrder(k content.SitePageKey) int { return slices.Index(content.SitePageKeys, k) }

// loadSitePages reads the pages where (a condition on site_pages p) holds,
// with their versions, in the order of content.SitePageKeys.
func (s *DB) loadSitePages(ctx context.Context, q querier, where string, args ...any) ([]*content.SitePage, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.key, p.status, p.revision, p.published_at, p.modified_at FROM site_pages p WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: site pages: %w", err)
	}
	byKey := map[content.SitePageKey]*content.SitePage{}
	var out []*content.SitePage
	for rows.Next() {
		p := &content.SitePage{Versions: map[content.Lang]*content.SitePageVersion{}}
		var key, status string
		var pub, mod dbTime
		if err := rows.Scan(&key, &status, &p.Revision, &pub, &mod); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: site pages: %w", err)
		}
		p.Key, p.Status, p.PublishedAt, p.ModifiedAt = content.SitePageKey(key), content.Status(status), pub.T, mod.T
		byKey[p.Key] = p
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: site pages: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	keys := make([]any, len(out))
	for i, p := range out {
		keys[i] = string(p.Key)
	}
	rows, err = q.QueryContext(ctx, `SELECT page_key, lang, title, slug, changed_rev, changed_at, aligned_rev, body_md, body_html
		FROM site_page_versions WHERE page_key IN (`+placeholders(len(keys))+`)`, keys...)
	if err != nil {
		return nil, fmt.Errorf("store: site page versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, lang string
		var changed dbTime
		v := &content.SitePageVersion{}
		if err := rows.Scan(&key, &lang, &v.Title, &v.Slug, &v.ChangedRev, &changed, &v.AlignedRev, &v.BodyMarkdown, &v.BodyHTML); err != nil {
			return nil, fmt.Errorf("store: site page versions: %w", err)
		}
		v.Lang, v.ChangedAt = content.Lang(lang), changed.T
		if p := byKey[content.SitePageKey(key)]; p != nil {
			p.Versions[v.Lang] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: site page versions: %w", err)
	}
	slices.SortFunc(out, func(a, b *content.SitePage) int { return sitePageOrder(a.Key) - sitePageOrder(b.Key) })
	return out, nil
}

func (s *DB) sitePageByKey(ctx context.Context, q querier, key content.SitePageKey) (*content.SitePage, error) {
	ps, err := s.loadSitePages(ctx, q, `p.key = ?`, string(key))
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, notFound("site page")
	}
	return ps[0], nil
}

// SitePageLinks implements store.SitePages.
func (s *DB) SitePageLinks(ctx context.Context) ([]content.SitePageLink, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT v.page_key, v.lang, v.slug FROM site_page_versions v
		JOIN site_pages p ON p.key = v.page_key WHERE p.status = ?`, string(content.Published))
	if err != nil {
		return nil, fmt.Errorf("store: site page links: %w", err)
	}
	defer rows.Close()
	var out []content.SitePageLink
	for rows.Next() {
		var key, lang, slug string
		if err := rows.Scan(&key, &lang, &slug); err != nil {
			return nil, fmt.Errorf("store: site page links: %w", err)
		}
		i := slices.IndexFunc(out, func(l content.SitePageLink) bool { return string(l.Key) == key })
		if i < 0 {
			out = append(out, content.SitePageLink{Key: content.SitePageKey(key)})
			i = len(out) - 1
		}
		out[i].Slugs.Set(content.Lang(lang), slug)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: site page links: %w", err)
	}
	slices.SortFunc(out, func(a, b content.SitePageLink) int { return sitePageOrder(a.Key) - sitePageOrder(b.Key) })
	return out, nil
}

// SitePageBySlug implements store.SitePages.
func (s *DB) SitePageBySlug(ctx context.Context, lang content.Lang, slug string) (*content.SitePage, error) {
	ps, err := s.loadSitePages(ctx, s.q, `p.status = ? AND EXISTS (SELECT 1 FROM site_page_versions v
		WHERE v.page_key = p.key AND v.lang = ? AND v.slug = ?)`, string(content.Published), string(lang), slug)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, notFound("site page")
	}
	return ps[0], nil
}

// SitePageByKey implements store.SitePageEditor.
func (s *DB) SitePageByKey(ctx context.Context, key content.SitePageKey) (*content.SitePage, error) {
	return s.sitePageByKey(ctx, s.q, key)
}

// AdminSitePages implements store.SitePageEditor.
func (s *DB) AdminSitePages(ctx context.Context) ([]*content.SitePage, error) {
	return s.loadSitePages(ctx, s.q, `1 = 1`)
}

// SaveSitePage implements store.SitePageEditor: one transaction that
// compares and swaps the revision number, writes the versions with their
// parity marks, redirects the old addresses of a published page whose
// slug changed, adds the revision row and bumps the generation with the
// tags of the pages that show the page. Any error leaves the database as
// it was.
func (s *DB) SaveSitePage(ctx context.Context, p *content.SitePage, info content.SaveInfo) (int, error) {
	if _, ok := content.ParseSitePageKey(string(p.Key)); !ok {
		return 0, &content.ValidationError{Fields: map[string]string{"key": content.SitePageErrUnknownPage}}
	}
	now := info.Now.UTC()
	var rev int
	err := s.inTx(ctx, func(tx querier) error {
		var prev *content.SitePage
		if info.BaseRevision == 0 {
			// A new page: the insert claims the key; a page saved in the
			// meantime by someone else makes it a conflict.
			res, err := tx.ExecContext(ctx, `INSERT INTO site_pages (key, status, revision, published_at, modified_at, created_at, updated_at)
				VALUES (?, ?, 1, NULL, ?, ?, ?) ON CONFLICT (key) DO NOTHING`, string(p.Key), string(content.Draft), s.t(now), s.t(now), s.t(now))
			if err != nil {
				return fmt.Errorf("store: create site page: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("store: create site page: %w", err)
			} else if n == 0 {
				return fmt.Errorf("store: site page %s exists: %w", p.Key, content.ErrConflict)
			}
			rev, p.Status, p.PublishedAt = 1, content.Draft, time.Time{}
		} else {
			// The compare-and-swap: only a save from the latest revision
			// moves it on.
			res, err := tx.ExecContext(ctx, `UPDATE site_pages SET revision = revision + 1, updated_at = ? WHERE key = ? AND revision = ?`,
				s.t(now), string(p.Key), info.BaseRevision)
			if err != nil {
				return fmt.Errorf("store: save site page: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("store: save site page: %w", err)
			} else if n == 0 {
				var cur int
				err := tx.QueryRowContext(ctx, `SELECT revision FROM site_pages WHERE key = ?`, string(p.Key)).Scan(&cur)
				if isNoRows(err) {
					return notFound("site page to save")
				}
				if err != nil {
					return fmt.Errorf("store: save site page: %w", err)
				}
				return fmt.Errorf("store: site page %s was saved as revision %d since revision %d: %w", p.Key, cur, info.BaseRevision, content.ErrConflict)
			}
			if prev, err = s.sitePageByKey(ctx, tx, p.Key); err != nil {
				return err
			}
			rev, p.Status, p.PublishedAt = prev.Revision, prev.Status, prev.PublishedAt
		}
		if err := content.ValidateSitePage(p, urls.Reserved); err != nil {
			return err
		}
		changed := content.ApplySitePageParity(prev, p, rev, info)
		switch {
		case prev == nil || (len(changed) > 0 && !info.Minor):
			p.ModifiedAt = now
		default:
			p.ModifiedAt = prev.ModifiedAt
		}
		if _, err := tx.ExecContext(ctx, `UPDATE site_pages SET modified_at = ? WHERE key = ?`, s.t(p.ModifiedAt), string(p.Key)); err != nil {
			return fmt.Errorf("store: save site page: %w", err)
		}
		if err := s.checkSitePageSlugs(ctx, tx, p); err != nil {
			return err
		}
		var moves []store.Move
		for _, lang := range content.Langs {
			v, old := p.Version(lang), prev.Version(lang)
			if err := s.saveSitePageVersion(ctx, tx, p.Key, lang, v, old); err != nil {
				return err
			}
			if prev.Live() && v != nil && old != nil && v.Slug != old.Slug {
				moves = append(moves, store.Move{From: urls.SitePage(lang, old.Slug), To: urls.SitePage(lang, v.Slug)})
			}
		}
		if err := s.applyMoves(ctx, tx, moves, now); err != nil {
			return err
		}
		if err := s.addSitePageRevision(ctx, tx, p, rev, info, changed); err != nil {
			return err
		}
		p.Revision = rev
		return s.bumpGeneration(ctx, tx, store.SitePageTags(prev, p)...)
	})
	if err != nil {
		return 0, err
	}
	return rev, nil
}

// checkSitePageSlugs refuses slugs another site page has in the same
// language, as a validation error on the slug field.
func (s *DB) checkSitePageSlugs(ctx context.Context, tx querier, p *content.SitePage) error {
	bad := map[string]string{}
	for _, lang := range content.Langs {
		v := p.Version(lang)
		if v == nil {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM site_page_versions WHERE lang = ? AND slug = ? AND page_key <> ?`,
			string(lang), v.Slug, string(p.Key)).Scan(&n); err != nil {
			return fmt.Errorf("store: check site page slug: %w", err)
		}
		if n > 0 {
			bad[content.VersionField(lang, "slug")] = content.SitePageErrSlugTaken
		}
	}
	if len(bad) > 0 {
		return &content.ValidationError{Fields: bad}
	}
	return nil
}

func (s *DB) saveSitePageVersion(ctx context.Context, tx querier, key content.SitePageKey, lang content.Lang, v, old *content.SitePageVersion) error {
	if v == nil {
		if old != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM site_page_versions WHERE page_key = ? AND lang = ?`, string(key), string(lang)); err != nil {
				return fmt.Errorf("store: delete site page version: %w", err)
			}
		}
		return nil
	}
	v.Lang = lang
	var changedAt any
	if !v.ChangedAt.IsZero() {
		changedAt = s.t(v.ChangedAt)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_page_versions (page_key, lang, title, slug, changed_rev, changed_at, aligned_rev, body_md, body_html)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (page_key, lang) DO UPDATE SET title = excluded.title, slug = excluded.slug, changed_rev = excluded.changed_rev,
			changed_at = excluded.changed_at, aligned_rev = excluded.aligned_rev, body_md = excluded.body_md, body_html = excluded.body_html`,
		string(key), string(lang), v.Title, v.Slug, v.ChangedRev, changedAt, v.AlignedRev, v.BodyMarkdown, v.BodyHTML); err != nil {
		return fmt.Errorf("store: save site page version: %w", err)
	}
	return nil
}

func (s *DB) addSitePageRevision(ctx context.Context, tx querier, p *content.SitePage, rev int, info content.SaveInfo, changed []content.Lang) error {
	snap, err := content.MarshalSitePageSnapshot(content.SnapshotOfSitePage(p))
	if err != nil {
		return err
	}
	user, minor, langs, note := revisionRow(info, changed)
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_page_revisions (page_key, number, created_at, user_id, minor, langs, note, snapshot)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(p.Key), rev, s.t(info.Now), user, minor, langs, note, snap); err != nil {
		return fmt.Errorf("store: add site page revision: %w", err)
	}
	return nil
}

// SetSitePageStatus implements store.SitePageEditor. The first
// publication dates the page (published_at) and is its first "Date
// modified", as for episodes.
func (s *DB) SetSitePageStatus(ctx context.Context, key content.SitePageKey, status content.Status, revision int, now time.Time) error {
	if status != content.Published && status != content.Draft {
		return &content.ValidationError{Fields: map[string]string{"status": content.SitePageErrStatus}}
	}
	now = now.UTC()
	err := s.inTx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `UPDATE site_pages SET updated_at = updated_at WHERE key = ?`, string(key)); err != nil {
			return fmt.Errorf("lock site page: %w", err)
		}
		prev, err := s.sitePageByKey(ctx, tx, key)
		if err != nil {
			return err
		}
		if prev.Revision != revision {
			return fmt.Errorf("site page %s is at revision %d, not %d: %w", key, prev.Revision, revision, content.ErrConflict)
		}
		if prev.Status == status {
			return nil
		}
		next := *prev
		next.Status = status
		if err := content.ValidateSitePage(&next, urls.Reserved); err != nil {
			return err
		}
		if status == content.Published {
			_, err = tx.ExecContext(ctx, `UPDATE site_pages SET status = ?, updated_at = ?,
				modified_at = CASE WHEN published_at IS NULL THEN ? ELSE modified_at END,
				published_at = COALESCE(published_at, ?) WHERE key = ?`, string(status), s.t(now), s.t(now), s.t(now), string(key))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE site_pages SET status = ?, updated_at = ? WHERE key = ?`, string(status), s.t(now), string(key))
		}
		if err != nil {
			return fmt.Errorf("set status: %w", err)
		}
		return s.bumpGeneration(ctx, tx, store.SitePageTags(prev, &next)...)
	})
	if err != nil {
		return fmt.Errorf("store: site page %s status: %w", key, err)
	}
	return nil
}

const sitePageRevisionColumns = `page_key, number, created_at, user_id, minor, langs, note, snapshot`

func scanSitePageRevision(sc interface{ Scan(...any) error }) (content.SitePageRevision, error) {
	var r content.SitePageRevision
	var key, langs, snap string
	var at dbTime
	var user sql.NullInt64
	var minor int
	if err := sc.Scan(&key, &r.Number, &at, &user, &minor, &langs, &r.Note, &snap); err != nil {
		return r, err
	}
	r.Key, r.CreatedAt, r.UserID, r.Minor = content.SitePageKey(key), at.T, user.Int64, minor != 0
	for _, l := range strings.Split(langs, ",") {
		if lang, ok := content.ParseLang(l); ok {
			r.Langs = append(r.Langs, lang)
		}
	}
	var err error
	r.Snapshot, err = content.UnmarshalSitePageSnapshot(snap)
	return r, err
}

// SitePageRevisions implements store.SitePageEditor: newest first.
func (s *DB) SitePageRevisions(ctx context.Context, key content.SitePageKey) ([]content.SitePageRevision, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+sitePageRevisionColumns+` FROM site_page_revisions WHERE page_key = ? ORDER BY number DESC`, string(key))
	if err != nil {
		return nil, fmt.Errorf("store: site page revisions: %w", err)
	}
	defer rows.Close()
	var out []content.SitePageRevision
	for rows.Next() {
		r, err := scanSitePageRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("store: site page revisions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SitePageRevision implements store.SitePageEditor.
func (s *DB) SitePageRevision(ctx context.Context, key content.SitePageKey, number int) (*content.SitePageRevision, error) {
	r, err := scanSitePageRevision(s.q.QueryRowContext(ctx, `SELECT `+sitePageRevisionColumns+` FROM site_page_revisions WHERE page_key = ? AND number = ?`,
		string(key), number))
	if isNoRows(err) {
		return nil, notFound("site page revision")
	}
	if err != nil {
		return nil, fmt.Errorf("store: site page revision: %w", err)
	}
	return &r, nil
}
