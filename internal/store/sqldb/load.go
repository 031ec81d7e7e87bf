package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/busrides/busrides/internal/content"
)

func (s *DB) ids(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// loadWhat says how much of each episode loadEpisodesAs loads.
type loadWhat int

const (
	loadFull loadWhat = iota
	// loadCards leaves out what listing cards do not show: the versions'
	// bodies, transcripts, links, caption files and media sizes (the
	// large columns and those stored after them: on SQLite, reading a
	// column stored after a long body walks the body's overflow pages),
	// the authors, and the series but their ids (the position in the
	// series is kept).
	loadCards
)

// loadEpisodes loads complete episodes, in the order of ids.
func (s *DB) loadEpisodes(ctx context.Context, q querier, ids []int64) ([]*content.Episode, error) {
	return s.loadEpisodesAs(ctx, q, ids, loadFull)
}

// loadEpisodesAs loads episodes, in the order of ids, whole or as cards.
func (s *DB) loadEpisodesAs(ctx context.Context, q querier, ids []int64, load loadWhat) ([]*content.Episode, error) {
	return s.loadEpisodesFor(ctx, q, ids, load, false)
}

// loadEpisodesFor is loadEpisodesAs; public leaves out the version an
// Official Languages exception keeps off the public site (the exception is
// read with the episode's row, not by a query of its own).
func (s *DB) loadEpisodesFor(ctx context.Context, q querier, ids []int64, load loadWhat, public bool) ([]*content.Episode, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in := placeholders(len(ids))
	args := int64Args(ids)
	byID := make(map[int64]*content.Episode, len(ids))
	seriesOf := map[int64][]*content.Episode{}
	var only map[int64]content.Lang // the language an exception keeps alone

	// An episode's row; public loads read each version with it, in one
	// query (a public episode has a version), the others in two.
	episodeColumns := `e.id, e.key, e.kind, e.status, e.published_at, e.modified_at, e.series_id, e.series_position,
		e.owner_id, e.revision, e.publish_at, e.unpublish_at, e.reviewer_id,
		COALESCE((SELECT x.lang FROM language_exceptions x WHERE x.episode_id = e.id), '')`
	addEpisode := func(dest func(ep ...any) error) (*content.Episode, error) {
		e := &content.Episode{Versions: map[content.Lang]*content.Version{}}
		var pub, mod, publishAt, unpublishAt dbTime
		var seriesID, pos, owner, reviewer sql.NullInt64
		var exception content.Lang
		if err := dest(&e.ID, &e.Key, &e.Kind, &e.Status, &pub, &mod, &seriesID, &pos,
			&owner, &e.Revision, &publishAt, &unpublishAt, &reviewer, &exception); err != nil {
			return nil, fmt.Errorf("store: scan episode: %w", err)
		}
		if old := byID[e.ID]; old != nil {
			return old, nil // a further version's row
		}
		if public && exception != "" {
			if only == nil {
				only = map[int64]content.Lang{}
			}
			only[e.ID] = exception
		}
		e.PublishedAt, e.ModifiedAt = pub.T, mod.T
		e.OwnerID, e.PublishAt, e.UnpublishAt, e.ReviewerID = owner.Int64, publishAt.T, unpublishAt.T, reviewer.Int64
		if seriesID.Valid {
			e.Series = &content.SeriesRef{Position: int(pos.Int64)}
			seriesOf[seriesID.Int64] = append(seriesOf[seriesID.Int64], e)
		}
		byID[e.ID] = e
		return e, nil
	}
	versionColumns := `v.episode_id, v.lang, v.title, v.slug, v.summary, v.body_md, v.body_html, v.word_count,
		v.image_url, v.image_alt, v.image_caption, v.transcript_md, v.transcript_html, v.media_url, v.media_type, v.media_seconds,
		v.changed_rev, v.changed_at, v.aligned_rev, v.captions_en_url, v.captions_fr_url, v.media_bytes`
	if load == loadCards {
		versionColumns = `v.episode_id, v.lang, v.title, v.slug, v.summary, '', '', v.word_count,
		v.image_url, v.image_alt, v.image_caption, '', '', v.media_url, v.media_type, v.media_seconds,
		v.changed_rev, v.changed_at, v.aligned_rev, '', '', 0`
	}
	versionDest := func(v *content.Version, changedAt *dbTime) []any {
		return []any{&v.EpisodeID, &v.Lang, &v.Title, &v.Slug, &v.Summary, &v.BodyMarkdown, &v.BodyHTML, &v.WordCount,
			&v.Image.URL, &v.Image.Alt, &v.Image.Caption, &v.Transcript, &v.TranscriptHTML, &v.MediaURL, &v.MediaType, &v.MediaSeconds,
			&v.ChangedRev, changedAt, &v.AlignedRev, &v.Captions.EN, &v.Captions.FR, &v.MediaBytes}
	}

	if public {
		err := eachRow(ctx, q, `SELECT `+episodeColumns+`, `+versionColumns+`
			FROM episodes e JOIN versions v ON v.episode_id = e.id WHERE e.id IN (`+in+`)`, args, func(rows *sql.Rows) error {
			v := &content.Version{}
			var changedAt dbTime
			e, err := addEpisode(func(ep ...any) error { return rows.Scan(append(ep, versionDest(v, &changedAt)...)...) })
			if err != nil {
				return err
			}
			v.ChangedAt = changedAt.T
			e.Versions[v.Lang] = v
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: load episodes: %w", err)
		}
	} else {
		err := eachRow(ctx, q, `SELECT `+episodeColumns+` FROM episodes e WHERE e.id IN (`+in+`)`, args, func(rows *sql.Rows) error {
			_, err := addEpisode(func(ep ...any) error { return rows.Scan(ep...) })
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: load episodes: %w", err)
		}
		err = eachRow(ctx, q, `SELECT `+versionColumns+` FROM versions v WHERE v.episode_id IN (`+in+`)`, args, func(rows *sql.Rows) error {
			v := &content.Version{}
			var changedAt dbTime
			if err := rows.Scan(versionDest(v, &changedAt)...); err != nil {
				return fmt.Errorf("store: scan version: %w", err)
			}
			v.ChangedAt = changedAt.T
			if e := byID[v.EpisodeID]; e != nil {
				e.Versions[v.Lang] = v
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: load versions: %w", err)
		}
	}

	if load == loadFull {
		rows, err := q.QueryContext(ctx, `SELECT episode_id, lang, label, url FROM version_links
			WHERE episode_id IN (`+in+`) ORDER BY episode_id, lang, position`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: load links: %w", err)
		}
		for rows.Next() {
			var id int64
			var lang content.Lang
			var l content.Link
			if err := rows.Scan(&id, &lang, &l.Label, &l.URL); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan link: %w", err)
			}
			if v := byID[id].Version(lang); v != nil {
				v.LearnMore = append(v.LearnMore, l)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: load links: %w", err)
		}
	}

	for sid, eps := range seriesOf {
		for _, e := range eps {
			e.Series.Series = content.Series{ID: sid} // cards: the id alone
		}
	}
	if load == loadFull {
		if err := s.loadTopicsAuthorsSeries(ctx, q, ids, byID, seriesOf); err != nil {
			return nil, err
		}
	} else if err := s.loadTopics(ctx, q, in, args, byID); err != nil {
		return nil, err
	}

	for id, lang := range only {
		delete(byID[id].Versions, lang.Other())
	}
	out := make([]*content.Episode, 0, len(ids))
	for _, id := range ids {
		if e := byID[id]; e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// loadTopics loads the topics of the episodes byID (ids in, args) in
// their order.
func (s *DB) loadTopics(ctx context.Context, q querier, in string, args []any, byID map[int64]*content.Episode) error {
	rows, err := q.QueryContext(ctx, `SELECT et.episode_id, `+topicColumns+` FROM episode_topics et
		JOIN topics t ON t.id = et.topic_id WHERE et.episode_id IN (`+in+`) ORDER BY et.episode_id, et.position`, args...)
	if err != nil {
		return fmt.Errorf("store: load episode topics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t content.Topic
		if err := rows.Scan(append([]any{&id}, topicDest(&t)...)...); err != nil {
			return fmt.Errorf("store: scan episode topic: %w", err)
		}
		byID[id].Topics = append(byID[id].Topics, t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load episode topics: %w", err)
	}
	return nil
}

// loadTopicsAuthorsSeries loads, in one round trip, the topics and authors
// of the episodes byID, in their order, and the series of seriesOf (series
// id → its episodes among them): one UNION ALL whose rows say which they
// are (0 topic, 1 author, 2 series), the narrower padded with ”.
func (s *DB) loadTopicsAuthorsSeries(ctx context.Context, q querier, ids []int64, byID map[int64]*content.Episode, seriesOf map[int64][]*content.Episode) error {
	args := paddedIDs(ids)
	in := placeholders(len(args))
	err := eachRow(ctx, q, `SELECT 0, et.episode_id, et.position, `+topicColumns+`, '', '', ''
		FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id IN (`+in+`)
		UNION ALL SELECT 1, ea.episode_id, ea.position, `+authorColumns+`
		FROM episode_authors ea JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id IN (`+in+`)
		UNION ALL SELECT 2, s.id, 0, `+seriesColumns+`, ''
		FROM series s WHERE s.id IN (SELECT e.series_id FROM episodes e WHERE e.id IN (`+in+`))
		ORDER BY 1, 2, 3`, slices.Concat(args, args, args), func(rows *sql.Rows) error {
		var which, id, pos, nid int64
		var c [10]string
		if err := rows.Scan(&which, &id, &pos, &nid, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &c[9]); err != nil {
			return err
		}
		switch which {
		case 0:
			if e := byID[id]; e != nil {
				e.Topics = append(e.Topics, content.Topic{ID: nid, Key: c[0], Names: content.Bilingual{EN: c[1], FR: c[2]},
					Slugs: content.Bilingual{EN: c[3], FR: c[4]}, Descriptions: content.Bilingual{EN: c[5], FR: c[6]}})
			}
		case 1:
			if e := byID[id]; e != nil {
				e.Authors = append(e.Authors, content.Author{ID: nid, Key: c[0], Name: c[1], Slugs: content.Bilingual{EN: c[2], FR: c[3]},
					Roles: content.Bilingual{EN: c[4], FR: c[5]}, Bios: content.Bilingual{EN: c[6], FR: c[7]}, Photo: c[8], FrenchNoun: content.FrenchNoun(c[9])})
			}
		case 2:
			sr := content.Series{ID: nid, Key: c[0], Titles: content.Bilingual{EN: c[1], FR: c[2]}, Slugs: content.Bilingual{EN: c[3], FR: c[4]},
				Intros: content.Bilingual{EN: c[5], FR: c[6]}, IntrosHTML: content.Bilingual{EN: c[7], FR: c[8]}}
			for _, e := range seriesOf[nid] {
				e.Series.Series = sr
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: load episode topics, authors and series: %w", err)
	}
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

const topicColumns = `t.id, t.key, t.name_en, t.name_fr, t.slug_en, t.slug_fr, t.description_en, t.description_fr`

func topicDest(t *content.Topic) []any {
	return []any{&t.ID, &t.Key, &t.Names.EN, &t.Names.FR, &t.Slugs.EN, &t.Slugs.FR, &t.Descriptions.EN, &t.Descriptions.FR}
}

const authorColumns = `a.id, a.key, a.name, a.slug_en, a.slug_fr, a.role_en, a.role_fr, a.bio_en, a.bio_fr, a.photo_url, a.fr_noun`

func authorDest(a *content.Author) []any {
	return []any{&a.ID, &a.Key, &a.Name, &a.Slugs.EN, &a.Slugs.FR, &a.Roles.EN, &a.Roles.FR, &a.Bios.EN, &a.Bios.FR, &a.Photo, &a.FrenchNoun}
}

const seriesColumns = `s.id, s.key, s.title_en, s.title_fr, s.slug_en, s.slug_fr, s.intro_en, s.intro_fr, s.intro_html_en, s.intro_html_fr`

func seriesDest(s *content.Series) []any {
	return []any{&s.ID, &s.Key, &s.Titles.EN, &s.Titles.FR, &s.Slugs.EN, &s.Slugs.FR, &s.Intros.EN, &s.Intros.FR, &s.IntrosHTML.EN, &s.IntrosHTML.FR}
}

// slugColumn returns the slug column for lang; lang is one of two constants,
// so the result is safe to place in SQL text.
func slugColumn(alias string, lang content.Lang) string {
	if lang == content.French {
		return alias + ".slug_fr"
	}
	return alias + ".slug_en"
}
