package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
)

// Field weights of the search index: a term counts for the best field it
// appears in, plus up to 9 for repetition, so a title match outranks any
// number of body matches.
const (
	weightTitle   = 100
	weightSummary = 30
	weightMeta    = 20 // topic and author names
	weightBody    = 10 // body and transcript
)

// minSuggestLen is the shortest word kept for suggestions (the typo rule
// applies to words of 5 letters or more).
const minSuggestLen = 5

// indexVersion replaces the search index rows of one episode version, in
// the caller's transaction.
func (s *DB) indexVersion(ctx context.Context, tx *sql.Tx, id int64, lang content.Lang, v *content.Version) error {
	if err := s.unindexVersion(ctx, tx, id, lang); err != nil {
		return err
	}
	var kind content.Kind
	var series sql.NullInt64
	if err := tx.QueryRowContext(ctx, s.rebind(`SELECT kind, series_id FROM episodes WHERE id = ?`), id).Scan(&kind, &series); err != nil {
		return fmt.Errorf("index: episode: %w", err)
	}
	var meta, topicIDs []string
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT t.id, t.name_en, t.name_fr FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id = ?
		UNION ALL SELECT 0, a.name, a.name FROM episode_authors ea JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id = ?`), id, id)
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
		meta = append(meta, content.Bilingual{EN: en, FR: fr}.In(lang))
		if tid != 0 {
			topicIDs = append(topicIDs, strconv.FormatInt(tid, 10))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	body := htmlText(v.BodyHTML)
	transcript := htmlText(v.TranscriptHTML)
	type posting struct{ weight, tf int }
	terms := map[string]*posting{}
	words := map[string]bool{}
	add := func(text string, weight int) {
		for _, t := range search.Analyze(string(lang), text) {
			p := terms[t.Text]
			if p == nil {
				p = &posting{}
				terms[t.Text] = p
			}
			p.weight = max(p.weight, weight)
			p.tf++
			if w := search.Fold(text[t.Start:t.End]); len(w) >= minSuggestLen {
				words[w] = true
			}
		}
	}
	add(v.Title, weightTitle)
	add(v.Summary, weightSummary)
	add(strings.Join(meta, "\n"), weightMeta)
	add(body, weightBody)
	add(transcript, weightBody)

	text := strings.TrimSpace(v.Summary + "\n" + body + "\n" + transcript)
	mins := minutes(candidate{kind: kind, words: v.WordCount, mediaSecs: v.MediaSeconds}, lang)
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO search_docs (episode_id, lang, kind, series_id, minutes, topic_ids, body_text) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		id, string(lang), string(kind), series, mins, strings.Join(topicIDs, ","), text); err != nil {
		return fmt.Errorf("index: doc: %w", err)
	}
	keys := make([]string, 0, len(terms))
	for t := range terms {
		keys = append(keys, t)
	}
	slices.Sort(keys)
	const batch = 200
	for i := 0; i < len(keys); i += batch {
		chunk := keys[i:min(i+batch, len(keys))]
		args := make([]any, 0, 4*len(chunk))
		for _, t := range chunk {
			p := terms[t]
			args = append(args, string(lang), t, id, p.weight+min(p.tf-1, 9))
		}
		q := `INSERT INTO search_postings (lang, term, episode_id, weight) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ")
		if _, err := tx.ExecContext(ctx, s.rebind(q), args...); err != nil {
			return fmt.Errorf("index: postings: %w", err)
		}
	}
	// Only published episodes lend their words to "Did you mean": a draft's
	// vocabulary must not leak through suggestions (it reaches the index
	// when the draft is published, as that import indexes it again).
	var status content.Status
	if err := tx.QueryRowContext(ctx, s.rebind(`SELECT status FROM episodes WHERE id = ?`), id).Scan(&status); err != nil {
		return fmt.Errorf("index: status: %w", err)
	}
	if status != content.Published {
		clear(words)
	}
	ws := make([]string, 0, len(words))
	for w := range words {
		ws = append(ws, w)
	}
	slices.Sort(ws)
	for i := 0; i < len(ws); i += batch {
		chunk := ws[i:min(i+batch, len(ws))]
		args := make([]any, 0, 2*len(chunk))
		for _, w := range chunk {
			args = append(args, string(lang), w)
		}
		q := `INSERT INTO search_words (lang, word) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)), ", ") + ` ON CONFLICT (lang, word) DO NOTHING`
		if _, err := tx.ExecContext(ctx, s.rebind(q), args...); err != nil {
			return fmt.Errorf("index: words: %w", err)
		}
	}
	return nil
}

func (s *DB) unindexVersion(ctx context.Context, tx *sql.Tx, id int64, lang content.Lang) error {
	if _, err := tx.ExecContext(ctx, s.rebind(`DELETE FROM search_postings WHERE episode_id = ? AND lang = ?`), id, string(lang)); err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`DELETE FROM search_docs WHERE episode_id = ? AND lang = ?`), id, string(lang)); err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	return nil
}

// htmlText is the text of sanitised HTML, one line per block.
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "footer", "br", "tr", "pre":
				b.WriteByte('\n')
			}
		}
	}
}

// candidate is a live version matching every term.
type candidate struct {
	id, seriesID     int64
	score            int
	kind             content.Kind
	published        dbTime
	words, mediaSecs int
	minutes          int
	topics           []int64
}

// MaxCandidates caps the matches a search ranks, filters and counts: when
// more live versions hold every term, only the MaxCandidates newest (by
// episode id, newest first) are considered, so the cost of a query of
// very common words stays bounded. Total is then at most MaxCandidates.
// Below the cap, results are exact. The cap is the same on every database,
// so results are too.
const MaxCandidates = 1000

// driverSample is how many postings of each term are counted to pick the
// rarest term, which drives the matching.
const driverSample = 2000

// Search implements store.Store. Matching and scoring are plain SQL over
// the postings, identical on both databases: the rarest term's postings,
// newest first, are joined to the other terms' postings by primary key,
// up to MaxCandidates live versions. Filtering, facet counts and ordering
// happen here in Go, over columns search_docs copies at index time.
func (s *DB) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	res := store.SearchResult{TopicCounts: map[int64]int{}}
	if len(q.Terms) == 0 {
		return res, nil
	}
	terms := slices.Compact(slices.Sorted(slices.Values(q.Terms)))

	// The driver is the term with the fewest postings (counted up to
	// driverSample; ties go to the first in sort order).
	driver, fewest := 0, -1
	for i, t := range terms {
		var n int
		if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM search_postings WHERE lang = ? AND term = ? LIMIT `+strconv.Itoa(driverSample)+`) x`),
			string(q.Lang), t).Scan(&n); err != nil {
			return res, fmt.Errorf("store: search: %w", err)
		}
		if fewest < 0 || n < fewest {
			driver, fewest = i, n
		}
		if n == 0 {
			return res, nil
		}
	}
	others := slices.Delete(slices.Clone(terms), driver, driver+1)
	sum := "p0.weight"
	from := "search_postings p0"
	var where []string
	args := []any{}
	for i, t := range others {
		p := "p" + strconv.Itoa(i+1)
		sum += " + " + p + ".weight"
		from += " CROSS JOIN search_postings " + p
		where = append(where, p+".lang = p0.lang AND "+p+".term = ? AND "+p+".episode_id = p0.episode_id")
		args = append(args, t)
	}
	args = append([]any{string(q.Lang), terms[driver]}, args...)
	args = append(args, s.t(q.Now))
	// CROSS JOIN keeps SQLite's join order: the driver's postings outside,
	// in primary-key order backwards, so the LIMIT stops the scan.
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT p0.episode_id, `+sum+`, d.kind, e.published_at, d.series_id, d.minutes, d.topic_ids
		FROM `+from+` CROSS JOIN episodes e CROSS JOIN search_docs d
		WHERE p0.lang = ? AND p0.term = ? AND `+strings.Join(append(where, ""), " AND ")+`e.id = p0.episode_id AND `+liveWhere+`
		AND d.episode_id = p0.episode_id AND d.lang = p0.lang
		ORDER BY p0.episode_id DESC
		LIMIT `+strconv.Itoa(MaxCandidates)), args...)
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		var series sql.NullInt64
		var topics string
		if err := rows.Scan(&c.id, &c.score, &c.kind, &c.published, &series, &c.minutes, &topics); err != nil {
			rows.Close()
			return res, fmt.Errorf("store: search: %w", err)
		}
		c.seriesID = series.Int64
		for t := range strings.SplitSeq(topics, ",") {
			if id, err := strconv.ParseInt(t, 10, 64); err == nil {
				c.topics = append(c.topics, id)
			}
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	if len(cands) == 0 {
		return res, nil
	}

	kept := cands[:0]
	for _, c := range cands {
		if q.Kind != "" && c.kind != q.Kind || q.SeriesID != 0 && c.seriesID != q.SeriesID {
			continue
		}
		if q.MaxMinutes > 0 && c.minutes > q.MaxMinutes {
			continue
		}
		for _, t := range c.topics {
			res.TopicCounts[t]++
		}
		if q.TopicID != 0 && !slices.Contains(c.topics, q.TopicID) {
			continue
		}
		kept = append(kept, c)
	}
	slices.SortFunc(kept, func(a, b candidate) int {
		if !q.ByDate && a.score != b.score {
			return b.score - a.score
		}
		if c := b.published.T.Compare(a.published.T); c != 0 {
			return c
		}
		return int(b.id - a.id)
	})
	res.Total = len(kept)
	if q.Offset >= len(kept) {
		return res, nil
	}
	page := kept[q.Offset:]
	if q.Limit > 0 && len(page) > q.Limit {
		page = page[:q.Limit]
	}
	ids := make([]int64, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	eps, err := s.loadEpisodes(ctx, s.db, ids)
	if err != nil {
		return res, err
	}
	texts := map[int64]string{}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT episode_id, body_text FROM search_docs WHERE lang = ? AND episode_id IN (`+placeholders(len(ids))+`)`),
		append([]any{string(q.Lang)}, int64Args(ids)...)...)
	if err != nil {
		return res, fmt.Errorf("store: search texts: %w", err)
	}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return res, err
		}
		texts[id] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	for i, ep := range eps {
		res.Hits = append(res.Hits, store.SearchHit{Episode: ep, Score: page[i].score, Text: texts[ep.ID]})
	}
	return res, nil
}

// minutes is the duration shown for a candidate, as content.Episode.Minutes.
func minutes(c candidate, lang content.Lang) int {
	if c.kind.HasMedia() {
		return content.MediaMinutes(c.mediaSecs)
	}
	return content.ReadingMinutes(c.words, lang)
}

// SearchWords implements store.Store.
func (s *DB) SearchWords(ctx context.Context, lang content.Lang) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT word FROM search_words WHERE lang = ?`), string(lang))
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

// Reindex implements store.Store: every episode's versions are indexed
// again, a batch of episodes per transaction.
func (s *DB) Reindex(ctx context.Context, progress func(done, total int)) error {
	ids, err := s.ids(ctx, s.db, `SELECT id FROM episodes ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	if len(ids) == 0 {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM search_words`); err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
	}
	const batch = 100
	for i := 0; i < len(ids); i += batch {
		chunk := ids[i:min(i+batch, len(ids))]
		err := s.inTx(ctx, func(tx *sql.Tx) error {
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
			for _, ep := range eps {
				for _, lang := range content.Langs {
					if v := ep.Version(lang); v != nil {
						if err := s.indexVersion(ctx, tx, ep.ID, lang, v); err != nil {
							return err
						}
					} else if err := s.unindexVersion(ctx, tx, ep.ID, lang); err != nil {
						return err
					}
				}
			}
			return nil
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
