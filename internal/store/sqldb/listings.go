package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// The public listings (home, topic, author and series pages, feeds,
// sitemaps, the planner) read two tables derived from the episodes
// (migration 0017), so that a page costs the same whatever the size of
// the library:
//
//   - listing_entries has one row per published episode, language it is
//     shown in (it has that version, and no Official Languages exception
//     keeps the version out) and list it appears in: 'all' (scope_id 0),
//     each of its topics and authors, its series. Its primary key
//     (lang, scope, scope_id, published_at, episode_id) is each list in
//     date order, so "newest first, a page of 12" reads 12 index entries
//     and stops; a partial index keeps each series in its order.
//   - listing_counts holds how many entries each list has by kind and
//     length in minutes, so that a total is a sum over a few rows, never
//     a count over every matching episode.
//
// Both hold published episodes whatever their publication time: a list
// is read up to now, and a total subtracts the entries dated after now
// (episodes published ahead of time are few, read through the same key).
//
// relist brings both up to date for some episodes, in the writer's
// transaction: bumpGeneration calls it for every episode the transaction
// recorded in the search change journal, which every write that can
// change what the public sees records (saves, imports, workflow steps and
// the scheduler, exceptions, taxonomy renames, reindexing); a series
// reordering, which changes no search document, passes its episodes.

// Lists of listing_entries.scope.
const (
	scopeAll    = "all"
	scopeTopic  = "topic"
	scopeAuthor = "author"
	scopeSeries = "series"
)

// listing is the part of an EpisodeQuery the listing tables answer.
type listing struct {
	scope   string
	scopeID int64
	// where and args narrow the list (the entries are le); countable says
	// listing_counts can total it: no condition but kind and length.
	where     []string
	args      []any
	countable bool
}

// listingOf picks the list q reads: its series, topic or author, or
// everything; kind and length narrow it, and a second topic or author
// condition (no page asks for one) is checked per entry.
func listingOf(q store.EpisodeQuery) listing {
	l := listing{scope: scopeAll, countable: true}
	topic, author := q.TopicID, q.AuthorID
	switch {
	case q.SeriesID != 0:
		l.scope, l.scopeID = scopeSeries, q.SeriesID
	case topic != 0:
		l.scope, l.scopeID, topic = scopeTopic, topic, 0
	case author != 0:
		l.scope, l.scopeID, author = scopeAuthor, author, 0
	}
	l.where = []string{`le.lang = ?`, `le.scope = ?`, `le.scope_id = ?`}
	l.args = []any{string(q.Lang), l.scope, l.scopeID}
	if q.Kind != "" {
		l.where = append(l.where, `le.kind = ?`)
		l.args = append(l.args, string(q.Kind))
	}
	if q.MaxMinutes > 0 {
		l.where = append(l.where, `le.minutes <= ?`)
		l.args = append(l.args, q.MaxMinutes)
	}
	if topic != 0 {
		l.where = append(l.where, `EXISTS (SELECT 1 FROM episode_topics et WHERE et.episode_id = le.episode_id AND et.topic_id = ?)`)
		l.args = append(l.args, topic)
		l.countable = false
	}
	if author != 0 {
		l.where = append(l.where, `EXISTS (SELECT 1 FROM episode_authors ea WHERE ea.episode_id = le.episode_id AND ea.author_id = ?)`)
		l.args = append(l.args, author)
		l.countable = false
	}
	return l
}

// listingIDs returns one page of a list as episode ids: newest first, or
// a series in its order.
func (s *DB) listingIDs(ctx context.Context, l listing, now time.Time, limit, offset int) ([]int64, error) {
	query, args := s.listingPage(l, now, limit, offset)
	return s.ids(ctx, s.q, query, args...)
}

// listingPage is the query of one page of a list, and its arguments.
func (s *DB) listingPage(l listing, now time.Time, limit, offset int) (string, []any) {
	from, order := `listing_entries le`, `le.published_at DESC, le.episode_id DESC`
	if l.scope == scopeSeries {
		// The literal scope lets the partial index on series apply.
		from, order = `listing_entries le`+s.d.SeriesIndex, `le.series_position, le.episode_id`
		l.where = append(slices.Clip(l.where), `le.scope = 'series'`)
	}
	args := append(append([]any{}, l.args...), s.t(now), limit, offset)
	return `SELECT le.episode_id FROM ` + from + ` WHERE ` + strings.Join(l.where, " AND ") +
		` AND le.published_at <= ? ORDER BY ` + order + ` LIMIT ? OFFSET ?`, args
}

// EpisodeLinks implements store.Catalogue from the list of everything
// (scope 'all'), which holds each version a public page shows.
func (s *DB) EpisodeLinks(ctx context.Context, now time.Time) ([]store.EpisodeLink, error) {
	var out []store.EpisodeLink
	err := s.queryRows(ctx, `SELECT le.episode_id, le.lang, v.slug, e.modified_at
		FROM listing_entries le JOIN versions v ON v.episode_id = le.episode_id AND v.lang = le.lang
		JOIN episodes e ON e.id = le.episode_id
		WHERE le.scope = ? AND le.scope_id = 0 AND le.published_at <= ?
		ORDER BY le.episode_id, le.lang`, []any{scopeAll, s.t(now)}, func(rows *sql.Rows) error {
		var id int64
		var lang content.Lang
		var slug string
		var mod dbTime
		if err := rows.Scan(&id, &lang, &slug, &mod); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].ID != id {
			out = append(out, store.EpisodeLink{ID: id, ModifiedAt: mod.T})
		}
		out[len(out)-1].Slugs.Set(lang, slug)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: episode links: %w", err)
	}
	return out, nil
}

// listingTotal counts the entries of a list published by now: the sum
// kept in listing_counts less the entries dated after now, or, for a list
// with another condition, a count of its entries.
func (s *DB) listingTotal(ctx context.Context, l listing, now time.Time) (int, error) {
	query, args := s.listingTotalQuery(l, now)
	var n int
	err := s.q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// listingTotalQuery is listingTotal's query and its arguments.
func (s *DB) listingTotalQuery(l listing, now time.Time) (string, []any) {
	args := append(append([]any{}, l.args...), s.t(now))
	if !l.countable {
		return `SELECT COUNT(*) FROM listing_entries le WHERE ` + strings.Join(l.where, " AND ") + ` AND le.published_at <= ?`, args
	}
	// A countable list's conditions name only columns both tables have
	// (lang, scope, scope_id, kind, minutes).
	where := strings.Join(l.where, " AND ")
	return `SELECT (SELECT COALESCE(SUM(c.n), 0) FROM listing_counts c WHERE ` + strings.ReplaceAll(where, "le.", "c.") + `)
		- (SELECT COUNT(*) FROM listing_entries le WHERE ` + where + ` AND le.published_at > ?)`, append(append([]any{}, l.args...), args...)
}

// SeriesPlace implements store.Catalogue with a few lookups in the
// series' entries, whatever the series' length, in two round trips.
func (s *DB) SeriesPlace(ctx context.Context, seriesID, episodeID int64, lang content.Lang, now time.Time) (store.SeriesPlace, error) {
	var place store.SeriesPlace
	var entry sql.NullInt64
	var published dbTime
	query, args := s.seriesHead(seriesID, episodeID, lang, now)
	if err := s.q.QueryRowContext(ctx, query, args...).Scan(&place.Total, &entry, &published); err != nil {
		return place, fmt.Errorf("store: series place: %w", err)
	}
	if !entry.Valid || published.T.After(now) {
		return place, nil // not among the series' live episodes in lang
	}
	place5 := []any{seriesID, string(lang), s.t(now), entry.Int64, episodeID}
	err := s.queryRows(ctx, s.seriesAround(), slices.Concat(place5, place5, place5), func(rows *sql.Rows) error {
		var which int
		var n store.SeriesNeighbour
		if err := rows.Scan(&which, &n.EpisodeID, &n.Title, &n.Slug); err != nil {
			return err
		}
		switch which {
		case 0: // the count of entries before
			place.Position = int(n.EpisodeID) + 1
		case 1:
			place.Previous = &n
		case 2:
			place.Next = &n
		}
		return nil
	})
	if err != nil {
		return place, fmt.Errorf("store: series place: %w", err)
	}
	return place, nil
}

// seriesHead reads, in one round trip, the number of a series' live
// episodes in lang and the episode's entry in it (found through the
// episode's entries): its place in the series' order and its publication
// time, NULL when it has none.
func (s *DB) seriesHead(seriesID, episodeID int64, lang content.Lang, now time.Time) (string, []any) {
	total, args := s.listingTotalQuery(listingOf(store.EpisodeQuery{Lang: lang, SeriesID: seriesID}), now)
	return `SELECT (` + total + `), me.series_position, me.published_at FROM (SELECT 1 AS one) x
		LEFT JOIN listing_entries me ON me.episode_id = ? AND me.lang = ? AND me.scope = 'series' AND me.scope_id = ?`,
		append(args, episodeID, string(lang), seriesID)
}

// inSeries selects the entries of a series (scope_id ?) in a language
// (lang ?) published by a time (?), through the series index.
const inSeries = `le.scope = 'series' AND le.scope_id = ? AND le.lang = ? AND le.published_at <= ?`

// seriesAround reads, in one round trip, what surrounds a place in a
// series (series_position ?, episode_id ?, after the arguments of
// inSeries; the five given three times): a row (0, the count of entries
// before it, ”, ”), and the entries just before (1, …) and just after
// (2, …) with their versions' titles and slugs, when there are.
func (s *DB) seriesAround() string {
	return s.seriesBefore() + `
		UNION ALL SELECT * FROM (` + s.seriesNeighbour(false) + `) prev
		UNION ALL SELECT * FROM (` + s.seriesNeighbour(true) + `) next`
}

// seriesBefore counts the entries of a series before a place in it, as
// the row (0, count, ”, ”) of seriesAround; its arguments are those of
// inSeries and the place.
func (s *DB) seriesBefore() string {
	return `SELECT 0, COUNT(*), '', '' FROM listing_entries le` + s.d.SeriesIndex + ` WHERE ` + inSeries + `
		AND (le.series_position, le.episode_id) < (?, ?)`
}

// seriesNeighbour finds the entry of a series just before a place in it,
// or just after (1 or 2, then its id), with its version's title and slug;
// its arguments are those of inSeries and the place.
func (s *DB) seriesNeighbour(after bool) string {
	which, cmp, order := "1", "<", "DESC"
	if after {
		which, cmp, order = "2", ">", "ASC"
	}
	return `SELECT ` + which + `, le.episode_id, v.title, v.slug FROM listing_entries le` + s.d.SeriesIndex + `
		JOIN versions v ON v.episode_id = le.episode_id AND v.lang = le.lang
		WHERE ` + inSeries + ` AND (le.series_position, le.episode_id) ` + cmp + ` (?, ?)
		ORDER BY le.series_position ` + order + `, le.episode_id ` + order + ` LIMIT 1`
}

// listingEntry is one row of listing_entries.
type listingEntry struct {
	entryKey
	published time.Time
	kind      content.Kind
	minutes   int
	position  int
}

// entryKey names an entry: an episode in a language in a list.
type entryKey struct {
	episodeID int64
	lang      content.Lang
	scope     string
	scopeID   int64
}

// countKey names a row of listing_counts.
type countKey struct {
	lang    content.Lang
	scope   string
	scopeID int64
	kind    content.Kind
	minutes int
}

func (e listingEntry) count() countKey {
	return countKey{e.lang, e.scope, e.scopeID, e.kind, e.minutes}
}

func (e listingEntry) same(o listingEntry) bool {
	return e.entryKey == o.entryKey && e.published.Equal(o.published) && e.kind == o.kind &&
		e.minutes == o.minutes && e.position == o.position
}

// relistNoted relists the episodes the transaction recorded as changed in
// the search change journal (not yet stamped with a generation).
func (s *DB) relistNoted(ctx context.Context, tx querier, more []int64) error {
	ids, err := s.ids(ctx, tx, `SELECT DISTINCT episode_id FROM search_changes WHERE gen IS NULL`)
	if err != nil {
		return fmt.Errorf("listings: changed episodes: %w", err)
	}
	return s.relist(ctx, tx, append(ids, more...))
}

// relistBatch bounds the episodes one round of relist reads.
const relistBatch = 500

// relist brings the listing entries and counts of the episodes ids up to
// date with the episodes, in tx: what they hold is compared with what the
// episodes now give, and only the difference is written.
func (s *DB) relist(ctx context.Context, tx querier, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	deltas := map[countKey]int{}
	for i := 0; i < len(ids); i += relistBatch {
		chunk := ids[i:min(i+relistBatch, len(ids))]
		old, err := s.storedEntries(ctx, tx, chunk)
		if err != nil {
			return err
		}
		cur, err := s.currentEntries(ctx, tx, chunk)
		if err != nil {
			return err
		}
		var gone, added []listingEntry
		for k, o := range old {
			if c, ok := cur[k]; !ok || !c.same(o) {
				gone = append(gone, o)
				deltas[o.count()]--
			}
		}
		for k, c := range cur {
			if o, ok := old[k]; !ok || !o.same(c) {
				added = append(added, c)
				deltas[c.count()]++
			}
		}
		for _, o := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM listing_entries WHERE episode_id = ? AND lang = ? AND scope = ? AND scope_id = ?`,
				o.episodeID, string(o.lang), o.scope, o.scopeID); err != nil {
				return fmt.Errorf("listings: remove entry: %w", err)
			}
		}
		if err := s.insertEntries(ctx, tx, added); err != nil {
			return err
		}
	}
	return s.applyCounts(ctx, tx, deltas)
}

// storedEntries reads the listing entries of the episodes ids.
func (s *DB) storedEntries(ctx context.Context, tx querier, ids []int64) (map[entryKey]listingEntry, error) {
	out := map[entryKey]listingEntry{}
	err := eachRow(ctx, tx, `SELECT episode_id, lang, scope, scope_id, published_at, kind, minutes, series_position
		FROM listing_entries WHERE episode_id IN (`+placeholders(len(ids))+`)`, int64Args(ids), func(rows *sql.Rows) error {
		var e listingEntry
		var published dbTime
		if err := rows.Scan(&e.episodeID, &e.lang, &e.scope, &e.scopeID, &published, &e.kind, &e.minutes, &e.position); err != nil {
			return err
		}
		e.published = published.T
		out[e.entryKey] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listings: stored entries: %w", err)
	}
	return out, nil
}

// currentEntries derives from the episodes ids the entries they should
// have: one per language shown and list, for published episodes.
func (s *DB) currentEntries(ctx context.Context, tx querier, ids []int64) (map[entryKey]listingEntry, error) {
	in, args := placeholders(len(ids)), int64Args(ids)
	type shown struct {
		listingEntry
		series int64
	}
	var versions []shown
	err := eachRow(ctx, tx, `SELECT e.id, v.lang, e.published_at, e.kind, v.word_count, v.media_seconds,
		COALESCE(e.series_id, 0), COALESCE(e.series_position, 0)
		FROM episodes e JOIN versions v ON v.episode_id = e.id
		WHERE e.id IN (`+in+`) AND e.status = 'published' AND e.published_at IS NOT NULL AND `+shownWhere, args, func(rows *sql.Rows) error {
		var v shown
		var published dbTime
		var words, secs int
		if err := rows.Scan(&v.episodeID, &v.lang, &published, &v.kind, &words, &secs, &v.series, &v.position); err != nil {
			return err
		}
		v.published = published.T
		v.minutes = minutes(v.kind, words, secs, v.lang)
		versions = append(versions, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listings: episodes: %w", err)
	}
	out := map[entryKey]listingEntry{}
	if len(versions) == 0 {
		return out, nil
	}
	lists := map[int64][]entryKey{} // episode → its topics and authors
	err = eachRow(ctx, tx, `SELECT episode_id, 'topic', topic_id FROM episode_topics WHERE episode_id IN (`+in+`)
		UNION ALL SELECT episode_id, 'author', author_id FROM episode_authors WHERE episode_id IN (`+in+`)`,
		append(args, args...), func(rows *sql.Rows) error {
			var k entryKey
			if err := rows.Scan(&k.episodeID, &k.scope, &k.scopeID); err != nil {
				return err
			}
			lists[k.episodeID] = append(lists[k.episodeID], k)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("listings: topics and authors: %w", err)
	}
	for _, v := range versions {
		add := func(scope string, id int64, position int) {
			e := v.listingEntry
			e.scope, e.scopeID, e.position = scope, id, position
			out[e.entryKey] = e
		}
		add(scopeAll, 0, 0)
		for _, k := range lists[v.episodeID] {
			add(k.scope, k.scopeID, 0)
		}
		if v.series != 0 {
			add(scopeSeries, v.series, v.position)
		}
	}
	return out, nil
}

// insertEntries writes new listing entries, many to a statement.
func (s *DB) insertEntries(ctx context.Context, tx querier, entries []listingEntry) error {
	const batch = 100
	for i := 0; i < len(entries); i += batch {
		chunk := entries[i:min(i+batch, len(entries))]
		args := make([]any, 0, 8*len(chunk))
		for _, e := range chunk {
			args = append(args, string(e.lang), e.scope, e.scopeID, s.t(e.published), e.episodeID, string(e.kind), e.minutes, e.position)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO listing_entries (lang, scope, scope_id, published_at, episode_id, kind, minutes, series_position)
			VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(chunk)), ", "), args...); err != nil {
			return fmt.Errorf("listings: add entries: %w", err)
		}
	}
	return nil
}

// applyCounts adds deltas to listing_counts, in the order of their keys
// (so that concurrent writers on PostgreSQL lock rows in one order), many
// to a statement, and drops the rows that reach zero.
func (s *DB) applyCounts(ctx context.Context, tx querier, deltas map[countKey]int) error {
	keys := make([]countKey, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.lang, b.lang), cmp.Compare(a.scope, b.scope), cmp.Compare(a.scopeID, b.scopeID),
			cmp.Compare(a.kind, b.kind), cmp.Compare(a.minutes, b.minutes))
	})
	const batch = 100
	for i := 0; i < len(keys); i += batch {
		chunk := keys[i:min(i+batch, len(keys))]
		args := make([]any, 0, 6*len(chunk))
		var fell []any
		for _, k := range chunk {
			key := []any{string(k.lang), k.scope, k.scopeID, string(k.kind), k.minutes}
			args = append(append(args, key...), deltas[k])
			if deltas[k] < 0 {
				fell = append(fell, key...)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO listing_counts (lang, scope, scope_id, kind, minutes, n) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", len(chunk)), ", ")+`
			ON CONFLICT (lang, scope, scope_id, kind, minutes) DO UPDATE SET n = listing_counts.n + excluded.n`, args...); err != nil {
			return fmt.Errorf("listings: count: %w", err)
		}
		// One statement per key: a list of row values would scan the
		// table on SQLite.
		for j := 0; j < len(fell); j += 5 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM listing_counts WHERE lang = ? AND scope = ? AND scope_id = ? AND kind = ? AND minutes = ? AND n = 0`,
				fell[j:j+5]...); err != nil {
				return fmt.Errorf("listings: count: %w", err)
			}
		}
	}
	return nil
}

// eachRow runs a query on q and calls fn for each row.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
