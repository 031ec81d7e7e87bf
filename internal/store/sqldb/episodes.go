package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

const liveWhere = `e.status = 'published' AND e.published_at IS NOT NULL AND e.published_at <= ?`

// shownWhere keeps the version v (joined on the episode e) out of public
// pages while its episode is published in the other language only, under an
// Official Languages exception (content.LanguageException).
const shownWhere = `NOT EXISTS (SELECT 1 FROM language_exceptions x WHERE x.episode_id = e.id AND x.lang <> v.lang)`

// Episodes implements store.Store.
func (s *DB) Episodes(ctx context.Context, q store.EpisodeQuery) (store.EpisodePage, error) {
	where := []string{liveWhere, shownWhere}
	args := []any{string(q.Lang), s.t(q.Now)}
	if q.Kind != "" {
		where = append(where, `e.kind = ?`)
		args = append(args, string(q.Kind))
	}
	if q.TopicID != 0 {
		where = append(where, `EXISTS (SELECT 1 FROM episode_topics et WHERE et.episode_id = e.id AND et.topic_id = ?)`)
		args = append(args, q.TopicID)
	}
	if q.AuthorID != 0 {
		where = append(where, `EXISTS (SELECT 1 FROM episode_authors ea WHERE ea.episode_id = e.id AND ea.author_id = ?)`)
		args = append(args, q.AuthorID)
	}
	if q.MaxMinutes > 0 {
		// The same arithmetic as content.ReadingMinutes (rounded up) and
		// content.MediaMinutes (rounded to the nearest minute).
		wpm := content.WordsPerMinute(q.Lang)
		where = append(where, `(CASE WHEN e.kind = 'read' THEN (v.word_count + ?) / ? ELSE (v.media_seconds + 30) / 60 END) <= ?`)
		args = append(args, wpm-1, wpm, q.MaxMinutes)
	}
	order := `e.published_at DESC, e.id DESC`
	if q.SeriesID != 0 {
		where = append(where, `e.series_id = ?`)
		args = append(args, q.SeriesID)
		order = `e.series_position, e.id`
	}
	from := ` FROM episodes e JOIN versions v ON v.episode_id = e.id AND v.lang = ? WHERE ` + strings.Join(where, " AND ")

	var page store.EpisodePage
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("store: count episodes: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1000
	}
	ids, err := s.ids(ctx, s.q, `SELECT e.id`+from+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, q.Offset)...)
	if err != nil {
		return page, fmt.Errorf("store: list episodes: %w", err)
	}
	page.Episodes, err = s.loadPublic(ctx, ids)
	if err != nil {
		return page, err
	}
	return page, nil
}

// EpisodeBySlug implements store.Store.
func (s *DB) EpisodeBySlug(ctx context.Context, lang content.Lang, slug string, now time.Time) (*content.Episode, error) {
	ids, err := s.ids(ctx, s.q, `SELECT e.id FROM episodes e JOIN versions v ON v.episode_id = e.id
		WHERE v.lang = ? AND v.slug = ? AND `+liveWhere+` AND `+shownWhere, string(lang), slug, s.t(now))
	if err != nil {
		return nil, fmt.Errorf("store: episode by slug: %w", err)
	}
	if len(ids) == 0 {
		return nil, notFound("episode by slug")
	}
	eps, err := s.loadPublic(ctx, ids)
	if err != nil {
		return nil, err
	}
	return eps[0], nil
}

// EpisodeByID implements store.Store.
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

// RelatedEpisodes implements store.Store. Candidates share at least one
// topic with ep; they rank by the number of shared topics, then by how much
// of ep's title, summary, topic and author terms they share (weighted as the
// search index weighs fields), then by recency.
func (s *DB) RelatedEpisodes(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time, limit int) ([]*content.Episode, error) {
	if len(ep.Topics) == 0 || limit <= 0 {
		return nil, nil
	}
	topicIDs := make([]int64, len(ep.Topics))
	for i, t := range ep.Topics {
		topicIDs[i] = t.ID
	}
	args := []any{string(lang)}
	args = append(args, int64Args(topicIDs)...)
	args = append(args, ep.ID, s.t(now))
	rows, err := s.q.QueryContext(ctx, `SELECT e.id, COUNT(*), e.published_at FROM episodes e
		JOIN versions v ON v.episode_id = e.id AND v.lang = ?
		JOIN episode_topics et ON et.episode_id = e.id
		WHERE et.topic_id IN (`+placeholders(len(topicIDs))+`) AND e.id <> ? AND `+liveWhere+` AND `+shownWhere+`
		GROUP BY e.id, e.published_at
		ORDER BY COUNT(*) DESC, e.published_at DESC, e.id DESC
		LIMIT 200`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: related episodes: %w", err)
	}
	type rel struct {
		id           int64
		topics, text int
		published    dbTime
	}
	var cands []rel
	for rows.Next() {
		var r rel
		if err := rows.Scan(&r.id, &r.topics, &r.published); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: related episodes: %w", err)
		}
		cands = append(cands, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: related episodes: %w", err)
	}
	if len(cands) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	text := map[int64]int{}
	rows, err = s.q.QueryContext(ctx, `SELECT p2.episode_id, SUM(CASE WHEN p1.weight < p2.weight THEN p1.weight ELSE p2.weight END)
		FROM search_postings p1
		JOIN search_postings p2 ON p2.lang = p1.lang AND p2.term = p1.term
		WHERE p1.episode_id = ? AND p1.lang = ? AND p1.weight >= ? AND p2.episode_id IN (`+placeholders(len(ids))+`)
		GROUP BY p2.episode_id`, append([]any{ep.ID, string(lang), weightMeta}, int64Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: related by text: %w", err)
	}
	for rows.Next() {
		var id int64
		var score int
		if err := rows.Scan(&id, &score); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: related by text: %w", err)
		}
		text[id] = score
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: related by text: %w", err)
	}
	for i := range cands {
		cands[i].text = text[cands[i].id]
	}
	slices.SortFunc(cands, func(a, b rel) int {
		return cmp.Or(cmp.Compare(b.topics, a.topics), cmp.Compare(b.text, a.text),
			b.published.T.Compare(a.published.T), cmp.Compare(b.id, a.id))
	})
	ids = ids[:0]
	for _, c := range cands[:min(limit, len(cands))] {
		ids = append(ids, c.id)
	}
	return s.loadPublic(ctx, ids)
}

// PublicEpisodeByID implements store.Store.
func (s *DB) PublicEpisodeByID(ctx context.Context, id int64, now time.Time) (*content.Episode, error) {
	ids, err := s.ids(ctx, s.q, `SELECT e.id FROM episodes e WHERE e.id = ? AND `+liveWhere, id, s.t(now))
	if err != nil {
		return nil, fmt.Errorf("store: public episode: %w", err)
	}
	if len(ids) == 0 {
		return nil, notFound("episode")
	}
	eps, err := s.loadPublic(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(eps) == 0 {
		return nil, notFound("episode")
	}
	return eps[0], nil
}

// loadPublic loads episodes for public pages: the version an Official
// Languages exception keeps out is left out, so that no page (language
// toggle, hreflang, sitemap, feed) links to it.
func (s *DB) loadPublic(ctx context.Context, ids []int64) ([]*content.Episode, error) {
	eps, err := s.loadEpisodes(ctx, s.q, ids)
	if err != nil || len(eps) == 0 {
		return eps, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT episode_id, lang FROM language_exceptions WHERE episode_id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: load exceptions: %w", err)
	}
	defer rows.Close()
	shown := map[int64]content.Lang{}
	for rows.Next() {
		var id int64
		var lang content.Lang
		if err := rows.Scan(&id, &lang); err != nil {
			return nil, fmt.Errorf("store: load exceptions: %w", err)
		}
		shown[id] = lang
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load exceptions: %w", err)
	}
	for _, e := range eps {
		if lang, ok := shown[e.ID]; ok {
			delete(e.Versions, lang.Other())
		}
	}
	return eps, nil
}

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

// loadEpisodes loads complete episodes, in the order of ids.
func (s *DB) loadEpisodes(ctx context.Context, q querier, ids []int64) ([]*content.Episode, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in := placeholders(len(ids))
	args := int64Args(ids)
	byID := make(map[int64]*content.Episode, len(ids))
	seriesOf := map[int64][]*content.Episode{}

	rows, err := q.QueryContext(ctx, `SELECT id, key, kind, status, published_at, modified_at, series_id, series_position,
		owner_id, revision, publish_at, unpublish_at
		FROM episodes WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: load episodes: %w", err)
	}
	for rows.Next() {
		e := &content.Episode{Versions: map[content.Lang]*content.Version{}}
		var pub, mod, publishAt, unpublishAt dbTime
		var seriesID, pos, owner sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Key, &e.Kind, &e.Status, &pub, &mod, &seriesID, &pos,
			&owner, &e.Revision, &publishAt, &unpublishAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan episode: %w", err)
		}
		e.PublishedAt, e.ModifiedAt = pub.T, mod.T
		e.OwnerID, e.PublishAt, e.UnpublishAt = owner.Int64, publishAt.T, unpublishAt.T
		if seriesID.Valid {
			e.Series = &content.SeriesRef{Position: int(pos.Int64)}
			seriesOf[seriesID.Int64] = append(seriesOf[seriesID.Int64], e)
		}
		byID[e.ID] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load episodes: %w", err)
	}

	rows, err = q.QueryContext(ctx, `SELECT episode_id, lang, title, slug, summary, body_md, body_html, word_count,
		image_url, image_alt, image_caption, transcript_md, transcript_html, media_url, media_type, media_seconds,
		changed_rev, changed_at, aligned_rev
		FROM versions WHERE episode_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: load versions: %w", err)
	}
	for rows.Next() {
		v := &content.Version{}
		var changedAt dbTime
		if err := rows.Scan(&v.EpisodeID, &v.Lang, &v.Title, &v.Slug, &v.Summary, &v.BodyMarkdown, &v.BodyHTML, &v.WordCount,
			&v.Image.URL, &v.Image.Alt, &v.Image.Caption, &v.Transcript, &v.TranscriptHTML, &v.MediaURL, &v.MediaType, &v.MediaSeconds,
			&v.ChangedRev, &changedAt, &v.AlignedRev); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan version: %w", err)
		}
		v.ChangedAt = changedAt.T
		if e := byID[v.EpisodeID]; e != nil {
			e.Versions[v.Lang] = v
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load versions: %w", err)
	}

	rows, err = q.QueryContext(ctx, `SELECT episode_id, lang, label, url FROM version_links
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

	rows, err = q.QueryContext(ctx, `SELECT et.episode_id, `+topicColumns+` FROM episode_topics et
		JOIN topics t ON t.id = et.topic_id WHERE et.episode_id IN (`+in+`) ORDER BY et.episode_id, et.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: load episode topics: %w", err)
	}
	for rows.Next() {
		var id int64
		var t content.Topic
		if err := rows.Scan(append([]any{&id}, topicDest(&t)...)...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan episode topic: %w", err)
		}
		byID[id].Topics = append(byID[id].Topics, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load episode topics: %w", err)
	}

	rows, err = q.QueryContext(ctx, `SELECT ea.episode_id, `+authorColumns+` FROM episode_authors ea
		JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id IN (`+in+`) ORDER BY ea.episode_id, ea.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: load episode authors: %w", err)
	}
	for rows.Next() {
		var id int64
		var a content.Author
		if err := rows.Scan(append([]any{&id}, authorDest(&a)...)...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan episode author: %w", err)
		}
		byID[id].Authors = append(byID[id].Authors, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load episode authors: %w", err)
	}

	for sid, eps := range seriesOf {
		sr, err := s.seriesWhere(ctx, q, `s.id = ?`, sid)
		if err != nil {
			return nil, fmt.Errorf("store: load episode series: %w", err)
		}
		for _, e := range eps {
			e.Series.Series = *sr
		}
	}

	out := make([]*content.Episode, 0, len(ids))
	for _, id := range ids {
		if e := byID[id]; e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
