package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search/index"
	"github.com/busrides/busrides/internal/store"
)

// weightMeta is the weight of a term found in topic and author names
// (RelatedEpisodes reads it).
const weightMeta = index.WeightMeta

// indexVersion brings the search index rows of one episode version up to
// date, in the caller's transaction: what the index holds of it is
// computed by index.AnalyzeVersion, and only the postings that differ are
// written (index.DiffPostings): a small edit touches a few rows, not every
// term of the text.
func (s *DB) indexVersion(ctx context.Context, tx querier, id int64, lang content.Lang, v *content.Version) error {
	if err := s.noteSearchChange(ctx, tx, id, lang); err != nil {
		return err
	}
	var kind content.Kind
	var status content.Status
	var series sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT kind, status, series_id FROM episodes WHERE id = ?`, id).Scan(&kind, &status, &series); err != nil {
		return fmt.Errorf("index: episode: %w", err)
	}
	var names, topicIDs []string
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.name_en, t.name_fr FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id = ?
		UNION ALL SELECT 0, a.name, a.name FROM episode_authors ea JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id = ?`, id, id)
	if err != nil {
		return fmt.Errorf("index: names: %w", err)
	}
	for rows.Next() {
		var tid int64
		var en, fr string
		if err := rows.Scan(&tid, &en, &fr); err != nil {
			rows.Close()
			return err
		}
		names = append(names, content.Bilingual{EN: en, FR: fr}.In(lang))
		if tid != 0 {
			topicIDs = append(topicIDs, strconv.FormatInt(tid, 10))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	ix := index.AnalyzeVersion(lang, v, names)
	mins := minutes(kind, v.WordCount, v.MediaSeconds, lang)
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (episode_id, lang, kind, series_id, minutes, topic_ids) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET kind = excluded.kind, series_id = excluded.series_id, minutes = excluded.minutes,
		topic_ids = excluded.topic_ids`,
		id, string(lang), string(kind), series, mins, strings.Join(topicIDs, ",")); err != nil {
		return fmt.Errorf("index: doc: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_texts (episode_id, lang, body_text) VALUES (?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET body_text = excluded.body_text`, id, string(lang), ix.Text); err != nil {
		return fmt.Errorf("index: text: %w", err)
	}

	// The postings indexed before: those gone are deleted; only the new
	// ones and those whose weight changed are written. A posting left as
	// it was is not touched (on PostgreSQL, even an upsert that changes
	// nothing locks the row, which writes to its page).
	old, err := s.postingWeights(ctx, tx, id, lang)
	if err != nil {
		return err
	}
	gone, write := index.DiffPostings(old, ix.Postings)
	const batch = 200
	for i := 0; i < len(gone); i += batch {
		chunk := gone[i:min(i+batch, len(gone))]
		args := append([]any{string(lang), id}, stringArgs(chunk)...)
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_postings WHERE lang = ? AND episode_id = ? AND term IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
			return fmt.Errorf("index: postings: %w", err)
		}
	}
	for i := 0; i < len(write); i += batch {
		chunk := write[i:min(i+batch, len(write))]
		args := make([]any, 0, 4*len(chunk))
		for _, t := range chunk {
			args = append(args, string(lang), t, id, ix.Postings[t])
		}
		q := `INSERT INTO search_postings (lang, term, episode_id, weight) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ") +
			` ON CONFLICT (lang, term, episode_id) DO UPDATE SET weight = excluded.weight`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("index: postings: %w", err)
		}
	}
	// Only published episodes lend their words to "Did you mean": a draft's
	// vocabulary must not leak through suggestions (it reaches the index
	// when the draft is published, as that import indexes it again).
	if status != content.Published {
		return nil
	}
	for i := 0; i < len(ix.Words); i += batch {
		chunk := ix.Words[i:min(i+batch, len(ix.Words))]
		args := make([]any, 0, 2*len(chunk))
		for _, w := range chunk {
			args = append(args, string(lang), w)
		}
		q := `INSERT INTO search_words (lang, word) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)), ", ") + ` ON CONFLICT (lang, word) DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("index: words: %w", err)
		}
	}
	return nil
}

// versionPostingsWhere selects the postings of one version through the
// (episode_id, lang) index. Concatenating an empty string to lang keeps
// lang out of the choice of index: without planner statistics (a new
// database, or during a bulk import) SQLite otherwise walks the primary
// key's (lang) prefix, every posting of the language, to find one
// episode's.
const versionPostingsWhere = `FROM search_postings WHERE episode_id = ? AND lang || '' = ?`

// postingWeights returns the postings indexed for one version, in the
// caller's transaction: each term with its weight.
func (s *DB) postingWeights(ctx context.Context, tx querier, id int64, lang content.Lang) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT term, weight `+versionPostingsWhere, id, string(lang))
	if err != nil {
		return nil, fmt.Errorf("index: old postings: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var t string
		var w int
		if err := rows.Scan(&t, &w); err != nil {
			return nil, fmt.Errorf("index: old postings: %w", err)
		}
		out[t] = w
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("index: old postings: %w", err)
	}
	return out, nil
}

func stringArgs(ss []string) []any {
	a := make([]any, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return a
}

func (s *DB) unindexVersion(ctx context.Context, tx querier, id int64, lang content.Lang) error {
	if err := s.noteSearchChange(ctx, tx, id, lang); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE `+versionPostingsWhere, id, string(lang)); err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	for _, table := range []string{"search_docs", "search_texts"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE episode_id = ? AND lang = ?`, id, string(lang)); err != nil {
			return fmt.Errorf("unindex: %w", err)
		}
	}
	return nil
}

// Search implements store.Search: the server's in-memory copy of the
// index (index.Engine, reading the tables through searchSource) is brought
// up to date and searched; SQL loads only the posting lists and documents
// the copy lacks and the page's hits.
func (s *DB) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	r, err := s.engine.Search(ctx, s.searchSource(), index.Query{
		Lang: q.Lang, Now: q.Now, Terms: q.Terms,
		Kind: q.Kind, TopicID: q.TopicID, SeriesID: q.SeriesID, MaxMinutes: q.MaxMinutes,
		ByDate: q.ByDate, Limit: q.Limit, Offset: q.Offset,
	})
	if err != nil {
		return store.SearchResult{TopicCounts: map[int64]int{}}, fmt.Errorf("store: search: %w", err)
	}
	res := store.SearchResult{Total: r.Total, TopicCounts: r.TopicCounts}
	if r.Hits != nil {
		res.Hits = make([]store.SearchHit, len(r.Hits))
		for i, h := range r.Hits {
			res.Hits[i] = store.SearchHit{Episode: h.Episode, Score: h.Score, Text: h.Text}
		}
	}
	return res, nil
}

// hitVersionColumns are the versions columns a search result needs: not
// the bodies or transcripts, which are the bulk of a row.
const hitVersionColumns = `v.episode_id, v.lang, v.title, v.slug, v.summary, v.word_count, v.image_url, v.image_alt, v.image_caption, v.media_url, v.media_type, v.media_seconds`

// loadHits loads the episodes of a page of results, in the order of ids,
// with what a result shows: each version's title, slug, summary, image and
// length (no bodies, transcripts or links), topics, authors and series,
// and the plain text of the version in lang for the snippet.
func (s *DB) loadHits(ctx context.Context, lang content.Lang, ids []int64) ([]index.Hit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := paddedIDs(ids)
	in := placeholders(len(args))
	byID := make(map[int64]*index.Hit, len(ids))
	var seriesIDs []int64
	seriesOf := map[int64][]*content.Episode{}

	// Episodes with their versions, one row per version; the version in
	// the search language brings its plain text.
	err := s.queryRows(ctx, `SELECT e.id, e.key, e.kind, e.status, e.published_at, e.modified_at, e.series_id, e.series_position,
		`+hitVersionColumns+`, COALESCE(d.body_text, '')
		FROM episodes e JOIN versions v ON v.episode_id = e.id
		LEFT JOIN search_texts d ON d.episode_id = v.episode_id AND d.lang = v.lang AND d.lang = ?
		WHERE e.id IN (`+in+`) AND `+shownWhere, append([]any{string(lang)}, args...), func(rows *sql.Rows) error {
		var (
			e           content.Episode
			pub, mod    dbTime
			series, pos sql.NullInt64
			text        string
		)
		v := &content.Version{}
		if err := rows.Scan(&e.ID, &e.Key, &e.Kind, &e.Status, &pub, &mod, &series, &pos,
			&v.EpisodeID, &v.Lang, &v.Title, &v.Slug, &v.Summary, &v.WordCount, &v.Image.URL, &v.Image.Alt, &v.Image.Caption,
			&v.MediaURL, &v.MediaType, &v.MediaSeconds, &text); err != nil {
			return err
		}
		h := byID[e.ID]
		if h == nil {
			ep := &e
			ep.PublishedAt, ep.ModifiedAt = pub.T, mod.T
			ep.Versions = map[content.Lang]*content.Version{}
			if series.Valid {
				ep.Series = &content.SeriesRef{Position: int(pos.Int64)}
				if len(seriesOf[series.Int64]) == 0 {
					seriesIDs = append(seriesIDs, series.Int64)
				}
				seriesOf[series.Int64] = append(seriesOf[series.Int64], ep)
			}
			h = &index.Hit{Episode: ep}
			byID[e.ID] = h
		}
		h.Episode.Versions[v.Lang] = v
		if v.Lang == lang {
			h.Text = text
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search hits: %w", err)
	}

	// Topics and authors in one round trip.
	err = s.queryRows(ctx, `SELECT 0, et.episode_id, et.position, `+topicColumns+`, '', '', ''
		FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id IN (`+in+`)
		UNION ALL SELECT 1, ea.episode_id, ea.position, `+authorColumns+`
		FROM episode_authors ea JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id IN (`+in+`)
		ORDER BY 1, 2, 3`, append(slices.Clone(args), args...), func(rows *sql.Rows) error {
		var which, id, pos, nid int64
		var c [10]string
		if err := rows.Scan(&which, &id, &pos, &nid, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &c[9]); err != nil {
			return err
		}
		h := byID[id]
		if h == nil {
			return nil
		}
		if which == 0 {
			h.Episode.Topics = append(h.Episode.Topics, content.Topic{ID: nid, Key: c[0], Names: content.Bilingual{EN: c[1], FR: c[2]},
				Slugs: content.Bilingual{EN: c[3], FR: c[4]}, Descriptions: content.Bilingual{EN: c[5], FR: c[6]}})
		} else {
			h.Episode.Authors = append(h.Episode.Authors, content.Author{ID: nid, Key: c[0], Name: c[1], Slugs: content.Bilingual{EN: c[2], FR: c[3]},
				Roles: content.Bilingual{EN: c[4], FR: c[5]}, Bios: content.Bilingual{EN: c[6], FR: c[7]}, Photo: c[8], FrenchNoun: content.FrenchNoun(c[9])})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search hit topics: %w", err)
	}

	if len(seriesIDs) > 0 {
		sargs := paddedIDs(seriesIDs)
		err = s.queryRows(ctx, `SELECT `+seriesColumns+` FROM series s WHERE s.id IN (`+placeholders(len(sargs))+`)`, sargs, func(rows *sql.Rows) error {
			var sr content.Series
			if err := rows.Scan(seriesDest(&sr)...); err != nil {
				return err
			}
			for _, e := range seriesOf[sr.ID] {
				e.Series.Series = sr
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("search hit series: %w", err)
		}
	}

	hits := make([]index.Hit, 0, len(ids))
	for _, id := range ids {
		if h := byID[id]; h != nil {
			hits = append(hits, *h)
		}
	}
	return hits, nil
}

// queryRows runs a query on the database (through its prepared
// statements, stmts.go) and calls fn for each row.
func (s *DB) queryRows(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	return eachRow(ctx, s.q, query, args, fn)
}

// paddedIDs returns ids as arguments, padded with -1 (no row has that id)
// to a length of 8, 16, 32…, so that IN lists come in few shapes and their
// statements are prepared once.
func paddedIDs(ids []int64) []any {
	n := 8
	for n < len(ids) {
		n *= 2
	}
	a := make([]any, n)
	for i := range a {
		if i < len(ids) {
			a[i] = ids[i]
		} else {
			a[i] = int64(-1)
		}
	}
	return a
}

// minutes is the duration shown for a version, as content.Episode.Minutes.
func minutes(kind content.Kind, words, mediaSecs int, lang content.Lang) int {
	if kind.HasMedia() {
		return content.MediaMinutes(mediaSecs)
	}
	return content.ReadingMinutes(words, lang)
}

// SearchWords implements store.Search.
func (s *DB) SearchWords(ctx context.Context, lang content.Lang) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT word FROM search_words WHERE lang = ?`, string(lang))
	if err != nil {
		return nil, fmt.Errorf("store: search words: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Reindex implements store.Indexer: every episode's versions are indexed
// again, a batch of episodes per transaction.
func (s *DB) Reindex(ctx context.Context, progress func(done, total int)) error {
	ids, err := s.ids(ctx, s.q, `SELECT id FROM episodes ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	if len(ids) == 0 {
		if _, err := s.q.ExecContext(ctx, `DELETE FROM search_words`); err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
	}
	const batch = 100
	for i := 0; i < len(ids); i += batch {
		chunk := ids[i:min(i+batch, len(ids))]
		err := s.inTx(ctx, func(tx querier) error {
			if i == 0 {
				// The word list is rebuilt too, dropping the words of
				// texts that changed since they were indexed.
				if _, err := tx.ExecContext(ctx, `DELETE FROM search_words`); err != nil {
					return err
				}
			}
			eps, err := s.loadEpisodes(ctx, tx, chunk)
			if err != nil {
				return err
			}
			// A version hidden by a one-language exception stays out of
			// the index, as publishing left it.
			hidden := map[int64]content.Lang{}
			rows, err := tx.QueryContext(ctx, `SELECT episode_id, lang FROM language_exceptions WHERE episode_id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var shown content.Lang
				if err := rows.Scan(&id, &shown); err != nil {
					rows.Close()
					return err
				}
				hidden[id] = shown.Other()
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, ep := range eps {
				for _, lang := range content.Langs {
					if v := ep.Version(lang); v != nil && hidden[ep.ID] != lang {
						if err := s.indexVersion(ctx, tx, ep.ID, lang, v); err != nil {
							return err
						}
					} else if err := s.unindexVersion(ctx, tx, ep.ID, lang); err != nil {
						return err
					}
				}
			}
			// Servers bring their in-memory copies up to date; search
			// results may change.
			return s.bumpGeneration(ctx, tx, store.TagEpisodes)
		})
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		if progress != nil {
			progress(i+len(chunk), len(ids))
		}
	}
	return nil
}
