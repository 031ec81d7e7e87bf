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
	return s.loadEpisodesFor(ctx, s.q, ids, load, true)
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
