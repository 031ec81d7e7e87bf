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
)

// ErrStale is returned (wrapped) when an edit form's stamp no longer
// matches the stored item.
var ErrStale = fmt.Errorf("changed since the form was opened: %w", content.ErrConflict)

// TopicByID implements store.Taxonomy.
func (s *DB) TopicByID(ctx context.Context, id int64) (*content.Topic, error) {
	return s.topicByID(ctx, s.q, id)
}

func (s *DB) topicByID(ctx context.Context, q querier, id int64) (*content.Topic, error) {
	var t content.Topic
	err := q.QueryRowContext(ctx, `SELECT `+topicColumns+` FROM topics t WHERE t.id = ?`, id).Scan(topicDest(&t)...)
	if isNoRows(err) {
		return nil, notFound("topic")
	}
	if err != nil {
		return nil, fmt.Errorf("store: topic: %w", err)
	}
	return &t, nil
}

// AuthorByID implements store.Taxonomy.
func (s *DB) AuthorByID(ctx context.Context, id int64) (*content.Author, error) {
	return s.authorByID(ctx, s.q, id)
}

func (s *DB) authorByID(ctx context.Context, q querier, id int64) (*content.Author, error) {
	var a content.Author
	err := q.QueryRowContext(ctx, `SELECT `+authorColumns+` FROM authors a WHERE a.id = ?`, id).Scan(authorDest(&a)...)
	if isNoRows(err) {
		return nil, notFound("author")
	}
	if err != nil {
		return nil, fmt.Errorf("store: author: %w", err)
	}
	return &a, nil
}

// SeriesByID implements store.Taxonomy.
func (s *DB) SeriesByID(ctx context.Context, id int64) (*content.Series, error) {
	return s.seriesWhere(ctx, s.q, `s.id = ?`, id)
}

// CreateTopic implements store.Taxonomy.
func (s *DB) CreateTopic(ctx context.Context, t content.Topic, moves []store.Move, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.checkSlugs(ctx, tx, "topics", 0, t.Slugs); err != nil {
			return err
		}
		key, err := s.newKey(ctx, tx, "topics", t.Slugs.EN, "topic")
		if err != nil {
			return err
		}
		id, err = s.upsertReturningID(ctx, tx, `INSERT INTO topics (key, name_en, name_fr, slug_en, slug_fr, description_en, description_fr)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, key, t.Names.EN, t.Names.FR, t.Slugs.EN, t.Slugs.FR, t.Descriptions.EN, t.Descriptions.FR)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.afterTaxonomyChange(ctx, tx, nil, moves, now, store.TagTopic(id), store.TagLists)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create topic: %w", err)
	}
	return id, nil
}

// UpdateTopic implements store.Taxonomy.
func (s *DB) UpdateTopic(ctx context.Context, t content.Topic, stamp string, moves []store.Move, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.lockRow(ctx, tx, "topics", t.ID); err != nil {
			return err
		}
		old, err := s.topicByID(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		if content.TopicStamp(*old) != stamp {
			return ErrStale
		}
		if err := s.checkSlugs(ctx, tx, "topics", t.ID, t.Slugs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE topics SET name_en = ?, name_fr = ?, slug_en = ?, slug_fr = ?,
			description_en = ?, description_fr = ? WHERE id = ?`,
			t.Names.EN, t.Names.FR, t.Slugs.EN, t.Slugs.FR, t.Descriptions.EN, t.Descriptions.FR, t.ID); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		var reindex []int64
		if old.Names != t.Names { // topic names are indexed with each episode
			if reindex, err = s.ids(ctx, tx, `SELECT episode_id FROM episode_topics WHERE topic_id = ? ORDER BY episode_id`, t.ID); err != nil {
				return err
			}
		}
		return s.afterTaxonomyChange(ctx, tx, reindex, moves, now, store.TagTopic(t.ID), store.TagLists, store.TagEpisodes)
	})
	if err != nil {
		return fmt.Errorf("store: update topic: %w", err)
	}
	return nil
}

// DeleteTopic implements store.Taxonomy.
func (s *DB) DeleteTopic(ctx context.Context, id int64) error {
	return s.deleteUnused(ctx, "topics", id, `SELECT COUNT(*) FROM episode_topics WHERE topic_id = ?`, store.TagTopic)
}

// CreateAuthor implements store.Taxonomy.
func (s *DB) CreateAuthor(ctx context.Context, a content.Author, moves []store.Move, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.checkSlugs(ctx, tx, "authors", 0, a.Slugs); err != nil {
			return err
		}
		key, err := s.newKey(ctx, tx, "authors", a.Slugs.EN, "author")
		if err != nil {
			return err
		}
		id, err = s.upsertReturningID(ctx, tx, `INSERT INTO authors (key, name, slug_en, slug_fr, role_en, role_fr, bio_en, bio_fr, photo_url, fr_noun)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			key, a.Name, a.Slugs.EN, a.Slugs.FR, a.Roles.EN, a.Roles.FR, a.Bios.EN, a.Bios.FR, a.Photo, string(a.FrenchNoun))
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.afterTaxonomyChange(ctx, tx, nil, moves, now, store.TagAuthor(id), store.TagLists)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create author: %w", err)
	}
	return id, nil
}

// UpdateAuthor implements store.Taxonomy.
func (s *DB) UpdateAuthor(ctx context.Context, a content.Author, stamp string, moves []store.Move, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.lockRow(ctx, tx, "authors", a.ID); err != nil {
			return err
		}
		old, err := s.authorByID(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if content.AuthorStamp(*old) != stamp {
			return ErrStale
		}
		if err := s.checkSlugs(ctx, tx, "authors", a.ID, a.Slugs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE authors SET name = ?, slug_en = ?, slug_fr = ?, role_en = ?, role_fr = ?,
			bio_en = ?, bio_fr = ?, photo_url = ?, fr_noun = ? WHERE id = ?`,
			a.Name, a.Slugs.EN, a.Slugs.FR, a.Roles.EN, a.Roles.FR, a.Bios.EN, a.Bios.FR, a.Photo, string(a.FrenchNoun), a.ID); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		var reindex []int64
		if old.Name != a.Name { // author names are indexed with each episode
			if reindex, err = s.ids(ctx, tx, `SELECT episode_id FROM episode_authors WHERE author_id = ? ORDER BY episode_id`, a.ID); err != nil {
				return err
			}
		}
		return s.afterTaxonomyChange(ctx, tx, reindex, moves, now, store.TagAuthor(a.ID), store.TagLists, store.TagEpisodes)
	})
	if err != nil {
		return fmt.Errorf("store: update author: %w", err)
	}
	return nil
}

// DeleteAuthor implements store.Taxonomy.
func (s *DB) DeleteAuthor(ctx context.Context, id int64) error {
	return s.deleteUnused(ctx, "authors", id, `SELECT COUNT(*) FROM episode_authors WHERE author_id = ?`, store.TagAuthor)
}

// CreateSeries implements store.Taxonomy.
func (s *DB) CreateSeries(ctx context.Context, sr content.Series, moves []store.Move, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.checkSlugs(ctx, tx, "series", 0, sr.Slugs); err != nil {
			return err
		}
		key, err := s.newKey(ctx, tx, "series", sr.Slugs.EN, "series")
		if err != nil {
			return err
		}
		id, err = s.upsertReturningID(ctx, tx, `INSERT INTO series (key, title_en, title_fr, slug_en, slug_fr, intro_en, intro_fr, intro_html_en, intro_html_fr)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			key, sr.Titles.EN, sr.Titles.FR, sr.Slugs.EN, sr.Slugs.FR, sr.Intros.EN, sr.Intros.FR, sr.IntrosHTML.EN, sr.IntrosHTML.FR)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.afterTaxonomyChange(ctx, tx, nil, moves, now, store.TagSeries(id), store.TagLists)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create series: %w", err)
	}
	return id, nil
}

// UpdateSeries implements store.Taxonomy. Series titles are not indexed for
// search, so no episode is re-indexed.
func (s *DB) UpdateSeries(ctx context.Context, sr content.Series, stamp string, moves []store.Move, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.lockRow(ctx, tx, "series", sr.ID); err != nil {
			return err
		}
		old, err := s.seriesWhere(ctx, tx, `s.id = ?`, sr.ID)
		if err != nil {
			return err
		}
		if content.SeriesStamp(*old) != stamp {
			return ErrStale
		}
		if err := s.checkSlugs(ctx, tx, "series", sr.ID, sr.Slugs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE series SET title_en = ?, title_fr = ?, slug_en = ?, slug_fr = ?,
			intro_en = ?, intro_fr = ?, intro_html_en = ?, intro_html_fr = ? WHERE id = ?`,
			sr.Titles.EN, sr.Titles.FR, sr.Slugs.EN, sr.Slugs.FR, sr.Intros.EN, sr.Intros.FR, sr.IntrosHTML.EN, sr.IntrosHTML.FR, sr.ID); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return s.afterTaxonomyChange(ctx, tx, nil, moves, now, store.TagSeries(sr.ID), store.TagLists, store.TagEpisodes)
	})
	if err != nil {
		return fmt.Errorf("store: update series: %w", err)
	}
	return nil
}

// DeleteSeries implements store.Taxonomy.
func (s *DB) DeleteSeries(ctx context.Context, id int64) error {
	return s.deleteUnused(ctx, "series", id, `SELECT COUNT(*) FROM episodes WHERE series_id = ?`, store.TagSeries)
}

// SeriesEpisodes implements store.Taxonomy.
func (s *DB) SeriesEpisodes(ctx context.Context, seriesID int64) ([]store.SeriesEpisode, error) {
	return s.seriesEpisodes(ctx, s.q, seriesID)
}

func (s *DB) seriesEpisodes(ctx context.Context, q querier, seriesID int64) ([]store.SeriesEpisode, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.series_position, e.status, ven.title, vfr.title
		FROM episodes e
		LEFT JOIN versions ven ON ven.episode_id = e.id AND ven.lang = 'en'
		LEFT JOIN versions vfr ON vfr.episode_id = e.id AND vfr.lang = 'fr'
		WHERE e.series_id = ? ORDER BY e.series_position, e.id`, seriesID)
	if err != nil {
		return nil, fmt.Errorf("store: series episodes: %w", err)
	}
	defer rows.Close()
	var out []store.SeriesEpisode
	for rows.Next() {
		var e store.SeriesEpisode
		var pos sql.NullInt64
		var en, fr sql.NullString
		if err := rows.Scan(&e.EpisodeID, &pos, &e.Status, &en, &fr); err != nil {
			return nil, fmt.Errorf("store: series episodes: %w", err)
		}
		e.Position, e.Title = int(pos.Int64), content.Bilingual{EN: en.String, FR: fr.String}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: series episodes: %w", err)
	}
	// NULL positions sort first in SQLite and last in PostgreSQL: settle it here.
	slices.SortStableFunc(out, func(a, b store.SeriesEpisode) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return int(a.EpisodeID - b.EpisodeID)
	})
	return out, nil
}

// ReorderSeries implements store.Taxonomy.
func (s *DB) ReorderSeries(ctx context.Context, seriesID int64, ids []int64, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		if err := s.lockRow(ctx, tx, "series", seriesID); err != nil {
			return err
		}
		if _, err := s.seriesWhere(ctx, tx, `s.id = ?`, seriesID); err != nil {
			return err
		}
		cur, err := s.ids(ctx, tx, `SELECT id FROM episodes WHERE series_id = ? ORDER BY id`, seriesID)
		if err != nil {
			return err
		}
		want := slices.Clone(ids)
		slices.Sort(want)
		if !slices.Equal(cur, want) {
			return fmt.Errorf("the series' episodes changed: %w", content.ErrConflict)
		}
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE episodes SET series_position = ?, updated_at = ? WHERE id = ?`, i+1, s.t(now), id); err != nil {
				return err
			}
		}
		return s.bumpGenerationRelisting(ctx, tx, ids, store.TagSeriesList(seriesID))
	})
	if err != nil {
		return fmt.Errorf("store: reorder series: %w", err)
	}
	return nil
}

// TaxonomyUsage implements store.Taxonomy.
func (s *DB) TaxonomyUsage(ctx context.Context) (store.Usage, error) {
	u := store.Usage{Topics: map[int64]int{}, Authors: map[int64]int{}, Series: map[int64]int{}}
	for _, c := range []struct {
		q string
		m map[int64]int
	}{
		{`SELECT topic_id, COUNT(*) FROM episode_topics GROUP BY topic_id`, u.Topics},
		{`SELECT author_id, COUNT(*) FROM episode_authors GROUP BY author_id`, u.Authors},
		{`SELECT series_id, COUNT(*) FROM episodes WHERE series_id IS NOT NULL GROUP BY series_id`, u.Series},
	} {
		rows, err := s.q.QueryContext(ctx, c.q)
		if err != nil {
			return u, fmt.Errorf("store: taxonomy usage: %w", err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return u, fmt.Errorf("store: taxonomy usage: %w", err)
			}
			c.m[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return u, fmt.Errorf("store: taxonomy usage: %w", err)
		}
	}
	return u, nil
}

// checkSlugs reports slugs another row of table (topics, authors, series;
// a constant) already uses, as a validation error.
func (s *DB) checkSlugs(ctx context.Context, tx querier, table string, id int64, slugs content.Bilingual) error {
	fields := map[string]string{}
	for _, lang := range content.Langs {
		col := slugColumn(table, lang)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+col+` = ? AND id <> ?`, slugs.In(lang), id).Scan(&n); err != nil {
			return fmt.Errorf("check slug: %w", err)
		}
		if n > 0 {
			fields["slug_"+string(lang)] = content.TaxErrSlugTaken
		}
	}
	if len(fields) > 0 {
		return &content.ValidationError{Fields: fields}
	}
	return nil
}

// newKey is a free import key for a new row of table, from its English slug.
func (s *DB) newKey(ctx context.Context, tx querier, table, base, fallback string) (string, error) {
	var qerr error
	key := content.UniqueSlug(base, fallback, func(k string) bool {
		if qerr != nil {
			return false
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE key = ?`, k).Scan(&n); err != nil {
			qerr = fmt.Errorf("check key: %w", err)
			return false
		}
		return n > 0
	})
	return key, qerr
}

// deleteUnused deletes a row of table unless count (one id placeholder)
// finds episodes that use it.
func (s *DB) deleteUnused(ctx context.Context, table string, id int64, count string, tag func(int64) string) error {
	err := s.inTx(ctx, func(tx querier) error {
		var n int
		if err := tx.QueryRowContext(ctx, count, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &content.InUseError{Episodes: n}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return notFound(singular(table))
		}
		return s.bumpGeneration(ctx, tx, tag(id), store.TagLists)
	})
	if err != nil {
		return fmt.Errorf("store: delete %s: %w", singular(table), err)
	}
	return nil
}

// afterTaxonomyChange re-indexes episodes, records page moves as
// redirects and bumps the generation, in the caller's transaction.
func (s *DB) afterTaxonomyChange(ctx context.Context, tx querier, reindex []int64, moves []store.Move, now time.Time, tags ...string) error {
	if err := s.reindexEpisodes(ctx, tx, reindex); err != nil {
		return err
	}
	if err := s.applyMoves(ctx, tx, moves, now); err != nil {
		return err
	}
	return s.bumpGeneration(ctx, tx, tags...)
}

// reindexEpisodes indexes again every version of the episodes, in tx.
func (s *DB) reindexEpisodes(ctx context.Context, tx querier, ids []int64) error {
	const batch = 200
	for i := 0; i < len(ids); i += batch {
		eps, err := s.loadEpisodes(ctx, tx, ids[i:min(i+batch, len(ids))])
		if err != nil {
			return err
		}
		for _, ep := range eps {
			for _, lang := range content.Langs {
				if v := ep.Version(lang); v != nil {
					if err := s.indexVersion(ctx, tx, ep.ID, lang, v); err != nil {
						return fmt.Errorf("reindex episode %d: %w", ep.ID, err)
					}
				}
			}
		}
	}
	return nil
}

// applyMoves records moved pages: each To is live, so a redirect from it
// goes; each From redirects to its To; redirects that led to From lead to
// To instead, so that no chain forms.
func (s *DB) applyMoves(ctx context.Context, tx querier, moves []store.Move, now time.Time) error {
	for _, m := range moves {
		to := NormalizePath(m.To)
		if !content.ValidRedirectTarget(m.To) {
			return fmt.Errorf("move to %q: not an internal path", m.To)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM path_redirects WHERE path = ?`, to); err != nil {
			return fmt.Errorf("move: %w", err)
		}
		if m.From == "" || NormalizePath(m.From) == to {
			continue
		}
		from := NormalizePath(m.From)
		all, err := s.redirectRows(ctx, tx)
		if err != nil {
			return err
		}
		for _, r := range all {
			if content.RedirectTargetPath(r.Target) != from {
				continue
			}
			target := m.To
			if i := strings.IndexAny(r.Target, "?#"); i >= 0 {
				target += r.Target[i:]
			}
			if _, err := tx.ExecContext(ctx, `UPDATE path_redirects SET target = ?, updated_at = ? WHERE id = ?`, target, s.t(now), r.ID); err != nil {
				return fmt.Errorf("move: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO path_redirects (path, target, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (path) DO UPDATE SET target = excluded.target, origin = excluded.origin, updated_at = excluded.updated_at`,
			from, m.To, content.RedirectBySlug, s.t(now), s.t(now)); err != nil {
			return fmt.Errorf("move: %w", err)
		}
	}
	return nil
}

// lockRow takes the write lock on a row of table (a constant) before it is
// read and compared with an edit form's stamp, so that two saves of the
// same item cannot both pass the check (PostgreSQL locks the row; SQLite
// the database). A missing row is left to the read that follows.
func (s *DB) lockRow(ctx context.Context, tx querier, table string, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET id = id WHERE id = ?`, id); err != nil {
		return fmt.Errorf("lock %s: %w", singular(table), err)
	}
	return nil
}
