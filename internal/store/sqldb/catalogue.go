package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// Generation implements store.Catalogue.
func (s *DB) Generation(ctx context.Context) (int64, error) {
	var g int64
	if err := s.q.QueryRowContext(ctx, `SELECT generation FROM content_state WHERE id = 1`).Scan(&g); err != nil {
		return 0, fmt.Errorf("store: generation: %w", err)
	}
	return g, nil
}

const liveWhere = `e.status = 'published' AND e.published_at IS NOT NULL AND e.published_at <= ?`

// shownWhere keeps the version v (joined on the episode e) out of public
// pages while its episode is published in the other language only, under an
// Official Languages exception (content.LanguageException).
const shownWhere = `NOT EXISTS (SELECT 1 FROM language_exceptions x WHERE x.episode_id = e.id AND x.lang <> v.lang)`

// Episodes implements store.Catalogue from the listing tables
// (listings.go): a page reads its own entries of one list through an
// index, and the total is a sum over a few counted rows.
func (s *DB) Episodes(ctx context.Context, q store.EpisodeQuery) (store.EpisodePage, error) {
	var page store.EpisodePage
	limit := q.Limit
	if limit <= 0 {
		limit = 1000
	}
	l := listingOf(q)
	ids, err := s.listingIDs(ctx, l, q.Now, limit, q.Offset)
	if err != nil {
		return page, fmt.Errorf("store: list episodes: %w", err)
	}
	if q.Offset == 0 && len(ids) < limit {
		page.Total = len(ids) // the whole list is on this page
	} else if page.Total, err = s.listingTotal(ctx, l, q.Now); err != nil {
		return page, fmt.Errorf("store: count episodes: %w", err)
	}
	load := loadFull
	if q.Cards {
		load = loadCards
	}
	page.Episodes, err = s.loadPublicAs(ctx, ids, load)
	if err != nil {
		return page, err
	}
	return page, nil
}

// EpisodeBySlug implements store.Catalogue.
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

// RelatedEpisodes implements store.Catalogue. Candidates share at least one
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

// PublicEpisodeByID implements store.Catalogue.
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
	return s.loadPublicAs(ctx, ids, loadFull)
}

// loadPublicAs is loadPublic loading as much of each episode as load says.
func (s *DB) loadPublicAs(ctx context.Context, ids []int64, load loadWhat) ([]*content.Episode, error) {
	eps, err := s.loadEpisodesAs(ctx, s.q, ids, load)
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

// Topics implements store.Catalogue.
func (s *DB) Topics(ctx context.Context) ([]content.Topic, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+topicColumns+` FROM topics t`)
	if err != nil {
		return nil, fmt.Errorf("store: topics: %w", err)
	}
	defer rows.Close()
	var out []content.Topic
	for rows.Next() {
		var t content.Topic
		if err := rows.Scan(topicDest(&t)...); err != nil {
			return nil, fmt.Errorf("store: topics: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: topics: %w", err)
	}
	// Sorted here, not in SQL, so both databases agree whatever their collation.
	slices.SortFunc(out, func(a, b content.Topic) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// TopicBySlug implements store.Catalogue.
func (s *DB) TopicBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Topic, error) {
	var t content.Topic
	err := s.q.QueryRowContext(ctx, `SELECT `+topicColumns+` FROM topics t WHERE `+slugColumn("t", lang)+` = ?`, slug).Scan(topicDest(&t)...)
	if isNoRows(err) {
		return nil, notFound("topic by slug")
	}
	if err != nil {
		return nil, fmt.Errorf("store: topic by slug: %w", err)
	}
	return &t, nil
}

// Authors implements store.Catalogue.
func (s *DB) Authors(ctx context.Context) ([]content.Author, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+authorColumns+` FROM authors a`)
	if err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	defer rows.Close()
	var out []content.Author
	for rows.Next() {
		var a content.Author
		if err := rows.Scan(authorDest(&a)...); err != nil {
			return nil, fmt.Errorf("store: authors: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	slices.SortFunc(out, func(a, b content.Author) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// AuthorBySlug implements store.Catalogue.
func (s *DB) AuthorBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Author, error) {
	var a content.Author
	err := s.q.QueryRowContext(ctx, `SELECT `+authorColumns+` FROM authors a WHERE `+slugColumn("a", lang)+` = ?`, slug).Scan(authorDest(&a)...)
	if isNoRows(err) {
		return nil, notFound("author by slug")
	}
	if err != nil {
		return nil, fmt.Errorf("store: author by slug: %w", err)
	}
	return &a, nil
}

// SeriesList implements store.Catalogue.
func (s *DB) SeriesList(ctx context.Context) ([]content.Series, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+seriesColumns+` FROM series s`)
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	defer rows.Close()
	var out []content.Series
	for rows.Next() {
		var sr content.Series
		if err := rows.Scan(seriesDest(&sr)...); err != nil {
			return nil, fmt.Errorf("store: series: %w", err)
		}
		out = append(out, sr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	slices.SortFunc(out, func(a, b content.Series) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// SeriesBySlug implements store.Catalogue.
func (s *DB) SeriesBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Series, error) {
	return s.seriesWhere(ctx, s.q, slugColumn("s", lang)+` = ?`, slug)
}

func (s *DB) seriesWhere(ctx context.Context, q querier, where string, arg any) (*content.Series, error) {
	var sr content.Series
	err := q.QueryRowContext(ctx, `SELECT `+seriesColumns+` FROM series s WHERE `+where, arg).Scan(seriesDest(&sr)...)
	if isNoRows(err) {
		return nil, notFound("series")
	}
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	return &sr, nil
}
