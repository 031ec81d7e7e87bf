package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// SaveEpisode implements store.Editing: one transaction that compares and
// swaps the revision number, then writes either a pending change of a
// published episode (pending.go) or the episode, its versions, links,
// topics, authors and series, the search index, redirects for changed
// slugs of a published episode, the parity marks and the content
// generation (writeLive); and the revision row. Any error leaves the
// database as it was.
func (s *DB) SaveEpisode(ctx context.Context, e *content.Episode, info content.SaveInfo) (int, error) {
	if err := content.ValidateEdit(e); err != nil {
		return 0, err
	}
	now := info.Now.UTC()
	var rev int
	err := s.inTx(ctx, func(tx querier) error {
		var live, working *content.Episode
		var pend *pendingRow
		if e.ID == 0 {
			if info.BaseRevision != 0 {
				return fmt.Errorf("store: save new episode from revision %d: %w", info.BaseRevision, content.ErrConflict)
			}
			key, err := s.newEpisodeKey(ctx, tx, e)
			if err != nil {
				return err
			}
			var owner any
			if e.OwnerID != 0 {
				owner = e.OwnerID
			}
			id, err := s.upsertReturningID(ctx, tx, `INSERT INTO episodes (key, kind, status, modified_at,
				created_at, updated_at, owner_id, revision) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
				key, string(e.Kind), string(content.Draft), s.t(now), s.t(now), s.t(now), owner)
			if err != nil {
				return fmt.Errorf("store: create episode: %w", err)
			}
			e.ID, e.Key, e.Status, rev = id, key, content.Draft, 1
		} else {
			var err error
			if rev, err = s.nextRevision(ctx, tx, e.ID, info.BaseRevision, now); err != nil {
				return err
			}
			eps, err := s.loadEpisodes(ctx, tx, []int64{e.ID})
			if err != nil {
				return err
			}
			live, working = eps[0], eps[0]
			if pend, err = s.pendingOf(ctx, tx, e.ID); err != nil {
				return err
			}
			if pend != nil {
				working = pend.episode
			}
			e.Key, e.Status, e.OwnerID = live.Key, live.Status, live.OwnerID
			e.PublishedAt, e.PublishAt, e.UnpublishAt = live.PublishedAt, live.PublishAt, live.UnpublishAt
		}
		changed := content.ApplyParity(working, e, rev, info)
		substantive := len(changed) > 0 && !info.Minor
		if live != nil && live.Status == content.Published && !info.Publish {
			if err := s.savePending(ctx, tx, e, live, pend, rev, substantive, info); err != nil {
				return err
			}
		} else {
			if err := s.writeLive(ctx, tx, e, live, substantive, now); err != nil {
				return err
			}
			if pend != nil {
				if _, err := tx.ExecContext(ctx, `DELETE FROM episode_pending WHERE episode_id = ?`, e.ID); err != nil {
					return fmt.Errorf("store: drop pending change: %w", err)
				}
			}
		}
		if err := s.addRevision(ctx, tx, e, rev, info, changed); err != nil {
			return err
		}
		e.Revision = rev
		return nil
	})
	if err != nil {
		return 0, err
	}
	return rev, nil
}

// nextRevision moves an episode's revision on from base, the
// compare-and-swap of every save: only a save from the latest revision
// moves it. Concurrent saves from the same revision queue on the row; all
// but the first find it moved (content.ErrConflict).
func (s *DB) nextRevision(ctx context.Context, tx querier, id int64, base int, now time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE episodes SET revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?`,
		s.t(now), id, base)
	if err != nil {
		return 0, fmt.Errorf("store: save episode: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, fmt.Errorf("store: save episode: %w", err)
	} else if n == 0 {
		var cur int
		err := tx.QueryRowContext(ctx, `SELECT revision FROM episodes WHERE id = ?`, id).Scan(&cur)
		if isNoRows(err) {
			return 0, notFound("episode to save")
		}
		if err != nil {
			return 0, fmt.Errorf("store: save episode: %w", err)
		}
		return 0, fmt.Errorf("store: episode %d was saved as revision %d since revision %d: %w", id, cur, base, content.ErrConflict)
	}
	return base + 1, nil
}

// writeLive writes e over live (nil for a new episode) in the tables the
// public site reads: kind and series, "Date modified" when the change is
// substantive, versions (with a redirect from a published version's old
// slug), links, topics, authors, the search index, and the content
// generation with the pages the change touches.
func (s *DB) writeLive(ctx context.Context, tx querier, e, live *content.Episode, substantive bool, now time.Time) error {
	var seriesID, seriesPos any
	if e.Series != nil {
		seriesID, seriesPos = e.Series.Series.ID, e.Series.Position
	}
	set, args := `kind = ?, series_id = ?, series_position = ?`, []any{string(e.Kind), seriesID, seriesPos}
	if substantive {
		set += `, modified_at = ?`
		args = append(args, s.t(now))
		e.ModifiedAt = now
	} else if live != nil {
		e.ModifiedAt = live.ModifiedAt
	}
	if _, err := tx.ExecContext(ctx, `UPDATE episodes SET `+set+` WHERE id = ?`, append(args, e.ID)...); err != nil {
		return fmt.Errorf("store: save episode: %w", err)
	}
	if err := s.checkEpisodeSlugs(ctx, tx, e); err != nil {
		return err
	}
	published := live != nil && live.Status == content.Published
	for _, lang := range content.Langs {
		if err := s.saveVersion(ctx, tx, e, live.Version(lang), lang, published); err != nil {
			return fmt.Errorf("store: save %s version: %w", lang, err)
		}
	}
	if err := s.saveLinks(ctx, tx, e); err != nil {
		return err
	}
	for _, lang := range content.Langs {
		var err error
		if v := e.Version(lang); v != nil {
			err = s.indexVersion(ctx, tx, e.ID, lang, v)
		} else {
			err = s.unindexVersion(ctx, tx, e.ID, lang)
		}
		if err != nil {
			return err
		}
	}
	return s.bumpGeneration(ctx, tx, store.EpisodeTags(live, e)...)
}

// newEpisodeKey derives a unique import key from the first title.
func (s *DB) newEpisodeKey(ctx context.Context, tx querier, e *content.Episode) (string, error) {
	base := ""
	for _, lang := range content.Langs {
		if v := e.Version(lang); v != nil && base == "" {
			base = v.Slug
		}
	}
	var qerr error
	taken := func(k string) bool {
		if qerr != nil {
			return false
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM episodes WHERE key = ?`, k).Scan(&n); err != nil {
			qerr = fmt.Errorf("store: episode key: %w", err)
			return false
		}
		return n > 0
	}
	key := content.UniqueSlug(base, "episode", taken)
	return key, qerr
}

// checkEpisodeSlugs refuses slugs used by another episode in the same language,
// as a validation error on the slug field.
func (s *DB) checkEpisodeSlugs(ctx context.Context, tx querier, e *content.Episode) error {
	bad := map[string]string{}
	for _, lang := range content.Langs {
		v := e.Version(lang)
		if v == nil {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM versions WHERE lang = ? AND slug = ? AND episode_id <> ?`,
			string(lang), v.Slug, e.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: check slug: %w", err)
		}
		if n > 0 {
			bad[content.VersionField(lang, "slug")] = content.EditErrSlugTaken
		}
	}
	if len(bad) > 0 {
		return &content.ValidationError{Fields: bad}
	}
	return nil
}

func (s *DB) saveVersion(ctx context.Context, tx querier, e *content.Episode, old *content.Version, lang content.Lang, published bool) error {
	v := e.Version(lang)
	if v == nil {
		if old != nil {
			_, err := tx.ExecContext(ctx, `DELETE FROM versions WHERE episode_id = ? AND lang = ?`, e.ID, string(lang))
			return err
		}
		return nil
	}
	v.EpisodeID, v.Lang = e.ID, lang
	var changedAt any
	if !v.ChangedAt.IsZero() {
		changedAt = s.t(v.ChangedAt)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO versions (episode_id, lang, title, slug, summary, body_md, body_html, word_count,
			image_url, image_alt, image_caption, transcript_md, transcript_html, media_url, media_type, media_seconds,
			changed_rev, changed_at, aligned_rev, captions_en_url, captions_fr_url, media_bytes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET title = excluded.title, slug = excluded.slug, summary = excluded.summary,
			body_md = excluded.body_md, body_html = excluded.body_html, word_count = excluded.word_count,
			image_url = excluded.image_url, image_alt = excluded.image_alt, image_caption = excluded.image_caption,
			transcript_md = excluded.transcript_md, transcript_html = excluded.transcript_html,
			media_url = excluded.media_url, media_type = excluded.media_type, media_seconds = excluded.media_seconds,
			changed_rev = excluded.changed_rev, changed_at = excluded.changed_at, aligned_rev = excluded.aligned_rev,
			captions_en_url = excluded.captions_en_url, captions_fr_url = excluded.captions_fr_url, media_bytes = excluded.media_bytes`,
		e.ID, string(lang), v.Title, v.Slug, v.Summary, v.BodyMarkdown, v.BodyHTML, v.WordCount,
		v.Image.URL, v.Image.Alt, v.Image.Caption, v.Transcript, v.TranscriptHTML, v.MediaURL, v.MediaType, v.MediaSeconds,
		v.ChangedRev, changedAt, v.AlignedRev, v.Captions.EN, v.Captions.FR, v.MediaBytes)
	if err != nil {
		return err
	}
	// The new address is live: no redirect may shadow it.
	if _, err := tx.ExecContext(ctx, `DELETE FROM redirects WHERE path = ?`, NormalizePath(urls.Episode(lang, v.Slug))); err != nil {
		return err
	}
	if published && old != nil && old.Slug != v.Slug {
		_, err := tx.ExecContext(ctx, `INSERT INTO redirects (path, episode_id, lang) VALUES (?, ?, ?)
			ON CONFLICT (path) DO UPDATE SET episode_id = excluded.episode_id, lang = excluded.lang`,
			NormalizePath(urls.Episode(lang, old.Slug)), e.ID, string(lang))
		if err != nil {
			return fmt.Errorf("redirect: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM version_links WHERE episode_id = ? AND lang = ?`, e.ID, string(lang)); err != nil {
		return err
	}
	for i, l := range v.LearnMore {
		if _, err := tx.ExecContext(ctx, `INSERT INTO version_links (episode_id, lang, position, label, url) VALUES (?, ?, ?, ?, ?)`,
			e.ID, string(lang), i, l.Label, l.URL); err != nil {
			return err
		}
	}
	return nil
}

// saveLinks replaces the episode's topics and authors (by id, in order).
func (s *DB) saveLinks(ctx context.Context, tx querier, e *content.Episode) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM episode_topics WHERE episode_id = ?`, e.ID); err != nil {
		return fmt.Errorf("store: save topics: %w", err)
	}
	seen := map[int64]bool{}
	for i, t := range e.Topics {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO episode_topics (episode_id, topic_id, position) VALUES (?, ?, ?)`, e.ID, t.ID, i); err != nil {
			return fmt.Errorf("store: save topic %d: %w", t.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM episode_authors WHERE episode_id = ?`, e.ID); err != nil {
		return fmt.Errorf("store: save authors: %w", err)
	}
	clear(seen)
	for i, a := range e.Authors {
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO episode_authors (episode_id, author_id, position) VALUES (?, ?, ?)`, e.ID, a.ID, i); err != nil {
			return fmt.Errorf("store: save author %d: %w", a.ID, err)
		}
	}
	return nil
}

// revisionRow is a revision row's columns from its save: the staff
// member (NULL for none), minor as 0 or 1, the changed languages joined by
// commas, and the note cut to content.MaxRevisionNote runes. Episodes'
// and site pages' revisions share them.
func revisionRow(info content.SaveInfo, changed []content.Lang) (user any, minor int, langs, note string) {
	names := make([]string, len(changed))
	for i, l := range changed {
		names[i] = string(l)
	}
	if info.UserID != 0 {
		user = info.UserID
	}
	if info.Minor {
		minor = 1
	}
	note = info.Note
	if len([]rune(note)) > content.MaxRevisionNote {
		note = string([]rune(note)[:content.MaxRevisionNote])
	}
	return user, minor, strings.Join(names, ","), note
}

func (s *DB) addRevision(ctx context.Context, tx querier, e *content.Episode, rev int, info content.SaveInfo, changed []content.Lang) error {
	snap, err := content.MarshalSnapshot(content.SnapshotOf(e))
	if err != nil {
		return err
	}
	user, minor, langs, note := revisionRow(info, changed)
	_, err = tx.ExecContext(ctx, `INSERT INTO revisions (episode_id, number, created_at, user_id, minor, langs, note, snapshot)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, rev, s.t(info.Now), user, minor, langs, note, snap)
	if err != nil {
		return fmt.Errorf("store: add revision: %w", err)
	}
	return nil
}

const revisionColumns = `episode_id, number, created_at, user_id, minor, langs, note, snapshot`

func scanRevision(sc interface{ Scan(...any) error }) (content.Revision, error) {
	var r content.Revision
	var at dbTime
	var user sql.NullInt64
	var minor int
	var langs, snap string
	if err := sc.Scan(&r.EpisodeID, &r.Number, &at, &user, &minor, &langs, &r.Note, &snap); err != nil {
		return r, err
	}
	r.CreatedAt, r.UserID, r.Minor = at.T, user.Int64, minor != 0
	for _, l := range strings.Split(langs, ",") {
		if lang, ok := content.ParseLang(l); ok {
			r.Langs = append(r.Langs, lang)
		}
	}
	var err error
	r.Snapshot, err = content.UnmarshalSnapshot(snap)
	return r, err
}

// Revisions implements store.Editing: newest first.
func (s *DB) Revisions(ctx context.Context, episodeID int64) ([]content.Revision, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+revisionColumns+` FROM revisions WHERE episode_id = ? ORDER BY number DESC`, episodeID)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	defer rows.Close()
	var out []content.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan revision: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RevisionByNumber implements store.Editing.
func (s *DB) RevisionByNumber(ctx context.Context, episodeID int64, number int) (*content.Revision, error) {
	r, err := scanRevision(s.q.QueryRowContext(ctx, `SELECT `+revisionColumns+` FROM revisions WHERE episode_id = ? AND number = ?`, episodeID, number))
	if isNoRows(err) {
		return nil, notFound("revision")
	}
	if err != nil {
		return nil, fmt.Errorf("store: revision: %w", err)
	}
	return &r, nil
}

// staleWhere holds for episodes with a version behind the other language.
const staleWhere = `EXISTS (SELECT 1 FROM versions sv JOIN versions so ON so.episode_id = sv.episode_id AND so.lang <> sv.lang
	WHERE sv.episode_id = e.id AND so.changed_rev > sv.aligned_rev)`

// AdminEpisodes implements store.Editing: episodes of every status, most
// recently saved first.
func (s *DB) AdminEpisodes(ctx context.Context, q store.AdminEpisodeQuery) (store.EpisodePage, error) {
	where := []string{"1 = 1"}
	var args []any
	if q.Status != "" {
		where = append(where, `e.status = ?`)
		args = append(args, string(q.Status))
	}
	if q.Kind != "" {
		where = append(where, `e.kind = ?`)
		args = append(args, string(q.Kind))
	}
	if q.TopicID != 0 {
		where = append(where, `EXISTS (SELECT 1 FROM episode_topics et WHERE et.episode_id = e.id AND et.topic_id = ?)`)
		args = append(args, q.TopicID)
	}
	if q.MissingLang != "" {
		where = append(where, `NOT EXISTS (SELECT 1 FROM versions mv WHERE mv.episode_id = e.id AND mv.lang = ?)`)
		args = append(args, string(q.MissingLang))
	}
	if q.Stale {
		where = append(where, staleWhere)
	}
	if q.Pending {
		where = append(where, `EXISTS (SELECT 1 FROM episode_pending pe WHERE pe.episode_id = e.id)`)
	}
	if q.ChangesRequested {
		where = append(where, `e.status = 'draft' AND (SELECT n.kind FROM episode_notes n WHERE n.episode_id = e.id
			ORDER BY n.created_at DESC, n.id DESC LIMIT 1) = 'changes_requested'`)
	}
	if q.ReviewerID != 0 {
		where = append(where, `e.status = 'review' AND e.reviewer_id = ?`)
		args = append(args, q.ReviewerID)
	}
	if q.OwnerID != 0 {
		where = append(where, `e.owner_id = ?`)
		args = append(args, q.OwnerID)
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		where = append(where, `EXISTS (SELECT 1 FROM versions tv WHERE tv.episode_id = e.id AND LOWER(tv.title) LIKE ? ESCAPE '\')`)
		args = append(args, "%"+likeEscape(strings.ToLower(t))+"%")
	}
	from := ` FROM episodes e WHERE ` + strings.Join(where, " AND ")
	var page store.EpisodePage
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("store: count admin episodes: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1000
	}
	ids, err := s.ids(ctx, s.q, `SELECT e.id`+from+` ORDER BY e.updated_at DESC, e.id DESC LIMIT ? OFFSET ?`, append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return page, fmt.Errorf("store: admin episodes: %w", err)
	}
	if page.Episodes, err = s.loadEpisodes(ctx, s.q, ids); err != nil || len(ids) == 0 {
		return page, err
	}
	// Which of them have a pending change.
	byID := make(map[int64]*content.Episode, len(page.Episodes))
	for _, e := range page.Episodes {
		byID[e.ID] = e
	}
	err = s.queryRows(ctx, `SELECT episode_id, live_revision, user_id, created_at, updated_at FROM episode_pending WHERE episode_id IN (`+placeholders(len(ids))+`)`,
		int64Args(ids), func(rows *sql.Rows) error {
			var id int64
			var pc content.PendingChange
			var user sql.NullInt64
			var since, saved dbTime
			if err := rows.Scan(&id, &pc.LiveRevision, &user, &since, &saved); err != nil {
				return err
			}
			pc.UserID, pc.Since, pc.SavedAt = user.Int64, since.T, saved.T
			if e := byID[id]; e != nil {
				e.Pending = &pc
			}
			return nil
		})
	if err != nil {
		return page, fmt.Errorf("store: admin episodes: %w", err)
	}
	return page, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// EpisodeIDByKey implements store.Editing.
func (s *DB) EpisodeIDByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.q.QueryRowContext(ctx, `SELECT id FROM episodes WHERE key = ?`, key).Scan(&id)
	if isNoRows(err) {
		return 0, notFound("episode by key")
	}
	if err != nil {
		return 0, fmt.Errorf("store: episode by key: %w", err)
	}
	return id, nil
}

// EpisodeByID implements store.Editing.
func (s *DB) EpisodeByID(ctx context.Context, id int64) (*content.Episode, error) {
	eps, err := s.loadEpisodes(ctx, s.q, []int64{id})
	if err != nil {
		return nil, err
	}
	if len(eps) == 0 {
		return nil, notFound("episode by id")
	}
	return eps[0], nil
}
