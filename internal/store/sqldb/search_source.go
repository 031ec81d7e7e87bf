package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search/index"
)

// The search index lives in SQL (search_postings, search_docs), written in
// the same transaction as the content. Each server searches a copy of the
// part it needs in memory: the engine of internal/search/index, which
// reads the tables through searchSource (below) and does the matching,
// ranking, caching and patching.
//
// Staying up to date: every transaction that changes what search finds
// records the changed versions in search_changes (noteSearchChange),
// stamped with the generation it commits (bumpGeneration,
// stampSearchChanges). Before each search the engine reads the
// generation; when it has moved, it reads the versions changed since and
// patches its copy from their current rows, or drops the copy after a
// large change. A change made through another server is seen the same
// way.

const (
	// DefaultSearchMemoryMB bounds the posting lists held in memory, in
	// MiB: 128 MiB hold the whole index of about 55,000 episodes.
	DefaultSearchMemoryMB = index.DefaultMemoryMB
	// journalKeep is how many generations of search_changes are kept:
	// more than the engine patches across (index.MaxPatchGenerations).
	journalKeep = 2000
)

// searchSource reads the index tables for the engine (index.Source).
type searchSource struct{ s *DB }

var _ index.Source = searchSource{}

func (s *DB) searchSource() searchSource { return searchSource{s} }

// Generation implements index.Source.
func (src searchSource) Generation(ctx context.Context) (int64, error) {
	var g int64
	if err := src.s.q.QueryRowContext(ctx, `SELECT generation FROM content_state WHERE id = 1`).Scan(&g); err != nil {
		return 0, fmt.Errorf("generation: %w", err)
	}
	return g, nil
}

// Changes implements index.Source: the versions changed by the generations
// after from, up to to.
func (src searchSource) Changes(ctx context.Context, from, to int64) ([]index.Version, error) {
	var out []index.Version
	err := src.s.queryRows(ctx, `SELECT episode_id, lang FROM search_changes WHERE gen > ? AND gen <= ?`, []any{from, to}, func(rows *sql.Rows) error {
		var v index.Version
		if err := rows.Scan(&v.ID, &v.Lang); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search changes: %w", err)
	}
	return out, nil
}

// VersionPostings implements index.Source.
func (src searchSource) VersionPostings(ctx context.Context, v index.Version) (map[string]int, error) {
	out := map[string]int{}
	err := src.s.queryRows(ctx, `SELECT term, weight `+versionPostingsWhere, []any{v.ID, string(v.Lang)}, func(rows *sql.Rows) error {
		var t string
		var w int
		if err := rows.Scan(&t, &w); err != nil {
			return err
		}
		out[t] = w
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("version postings: %w", err)
	}
	return out, nil
}

// Postings implements index.Source: a term's whole posting list, one
// index range.
func (src searchSource) Postings(ctx context.Context, lang content.Lang, term string) ([]index.Posting, error) {
	var out []index.Posting
	err := src.s.queryRows(ctx, `SELECT episode_id, weight FROM search_postings WHERE lang = ? AND term = ? ORDER BY episode_id`, []any{string(lang), term}, func(rows *sql.Rows) error {
		var p index.Posting
		if err := rows.Scan(&p.ID, &p.Weight); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	return out, nil
}

// docsQuery reads versions' document rows with their episode's
// publication and exception.
const docsQuery = `SELECT d.episode_id, d.kind, d.series_id, d.minutes, d.topic_ids,
	CASE WHEN e.status = 'published' THEN e.published_at END,
	CASE WHEN EXISTS (SELECT 1 FROM language_exceptions x WHERE x.episode_id = e.id AND x.lang <> d.lang) THEN 1 ELSE 0 END
	FROM search_docs d JOIN episodes e ON e.id = d.episode_id WHERE d.lang = ?`

// Docs implements index.Source.
func (src searchSource) Docs(ctx context.Context, lang content.Lang, ids ...int64) ([]index.Doc, error) {
	q, args := docsQuery, []any{string(lang)}
	if len(ids) > 0 {
		q += ` AND d.episode_id IN (` + placeholders(len(ids)) + `)`
		args = append(args, int64Args(ids)...)
	}
	var out []index.Doc
	err := src.s.queryRows(ctx, q, args, func(rows *sql.Rows) error {
		var (
			d      index.Doc
			series sql.NullInt64
			topics string
			pub    dbTime
			hidden int
		)
		if err := rows.Scan(&d.ID, &d.Kind, &series, &d.Minutes, &topics, &pub, &hidden); err != nil {
			return err
		}
		d.SeriesID, d.Published, d.Hidden = series.Int64, pub.T, hidden != 0
		for t := range strings.SplitSeq(topics, ",") {
			if tid, err := strconv.ParseInt(t, 10, 64); err == nil {
				d.Topics = append(d.Topics, tid)
			}
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search documents: %w", err)
	}
	return out, nil
}

// Hits implements index.Source (loadHits).
func (src searchSource) Hits(ctx context.Context, lang content.Lang, ids []int64) ([]index.Hit, error) {
	return src.s.loadHits(ctx, lang, ids)
}

// CommonTerms implements index.Source.
func (src searchSource) CommonTerms(ctx context.Context, least int) ([]index.TermCount, error) {
	var out []index.TermCount
	err := src.s.queryRows(ctx, `SELECT lang, term, COUNT(*) FROM search_postings GROUP BY lang, term HAVING COUNT(*) >= `+strconv.Itoa(least),
		nil, func(rows *sql.Rows) error {
			var c index.TermCount
			if err := rows.Scan(&c.Lang, &c.Term, &c.N); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("search warm-up: %w", err)
	}
	return out, nil
}

// SyncSearch brings this server's copy of the index up to date now, so
// that the next search does not have to (serve calls it each time it
// checks the content generation).
func (s *DB) SyncSearch(ctx context.Context) error {
	if err := s.engine.Sync(ctx, s.searchSource()); err != nil {
		return fmt.Errorf("store: search sync: %w", err)
	}
	return nil
}

// SetSearchMemory bounds the posting lists this server keeps in memory to
// about mb MiB (at least 1). Lists over the new bound are dropped at the
// next load.
func (s *DB) SetSearchMemory(mb int) { s.engine.SetMemoryMB(mb) }

// WarmSearch loads ahead what searches need and is slow to load on
// demand, so that searches after a server starts do not wait for it:
// each language's documents, then the longest posting lists (the most
// common terms), longest first, up to three quarters of the postings
// budget (index.Engine.Warm).
func (s *DB) WarmSearch(ctx context.Context) error {
	if err := s.engine.Warm(ctx, s.searchSource()); err != nil {
		return fmt.Errorf("store: search warm-up: %w", err)
	}
	return nil
}

// noteSearchChange records, in the caller's transaction, that what search
// finds of one version may have changed; the transaction's generation bump
// stamps the record.
func (s *DB) noteSearchChange(ctx context.Context, tx querier, id int64, lang content.Lang) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_changes (gen, episode_id, lang) VALUES (NULL, ?, ?)`, id, string(lang)); err != nil {
		return fmt.Errorf("note search change: %w", err)
	}
	return nil
}

// stampSearchChanges gives the transaction's unstamped search changes its
// new generation g, and now and then drops records older than journalKeep
// generations.
func (s *DB) stampSearchChanges(ctx context.Context, q querier, g int64) error {
	if _, err := q.ExecContext(ctx, `UPDATE search_changes SET gen = ? WHERE gen IS NULL`, g); err != nil {
		return fmt.Errorf("stamp search changes: %w", err)
	}
	if g%100 == 0 {
		if _, err := q.ExecContext(ctx, `DELETE FROM search_changes WHERE gen <= ?`, g-journalKeep); err != nil {
			return fmt.Errorf("prune search changes: %w", err)
		}
	}
	return nil
}
