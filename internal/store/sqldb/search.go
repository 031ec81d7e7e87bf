package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
	var meta []string
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT t.name_en, t.name_fr FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id = ?
		UNION ALL SELECT a.name, a.name FROM episode_authors ea JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id = ?`), id, id)
	if err != nil {
		return fmt.Errorf("index: names: %w", err)
	}
	for rows.Next() {
		var en, fr string
		if err := rows.Scan(&en, &fr); err != nil {
			rows.Close()
			return err
		}
		meta = append(meta, content.Bilingual{EN: en, FR: fr}.In(lang))
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
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO search_docs (episode_id, lang, body_text) VALUES (?, ?, ?)`), id, string(lang), text); err != nil {
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
}

// Search implements store.Store. Matching and scoring are plain SQL over
// the postings, identical on both databases; filtering, facet counts and
// ordering happen here in Go.
func (s *DB) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	res := store.SearchResult{TopicCounts: map[int64]int{}}
	if len(q.Terms) == 0 {
		return res, nil
	}
	terms := slices.Compact(slices.Sorted(slices.Values(q.Terms)))
	match := `FROM search_postings p WHERE p.lang = ? AND p.term IN (` + placeholders(len(terms)) + `)`
	args := append([]any{string(q.Lang)}, stringArgs(terms)...)

	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT p.episode_id, SUM(p.weight), e.kind, e.published_at, e.series_id, v.word_count, v.media_seconds
		FROM search_postings p
		JOIN episodes e ON e.id = p.episode_id
		JOIN versions v ON v.episode_id = p.episode_id AND v.lang = p.lang
		WHERE p.lang = ? AND p.term IN (`+placeholders(len(terms))+`) AND `+liveWhere+`
		GROUP BY p.episode_id, e.kind, e.published_at, e.series_id, v.word_count, v.media_seconds
		HAVING COUNT(*) = ?`), append(append(args, s.t(q.Now)), len(terms))...)
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		var series sql.NullInt64
		if err := rows.Scan(&c.id, &c.score, &c.kind, &c.published, &series, &c.words, &c.mediaSecs); err != nil {
			rows.Close()
			return res, fmt.Errorf("store: search: %w", err)
		}
		c.seriesID = series.Int64
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	if len(cands) == 0 {
		return res, nil
	}

	topicsOf := map[int64][]int64{}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT et.episode_id, et.topic_id FROM episode_topics et
		WHERE et.episode_id IN (SELECT p.episode_id `+match+` GROUP BY p.episode_id HAVING COUNT(*) = ?)`), append(args, len(terms))...)
	if err != nil {
		return res, fmt.Errorf("store: search topics: %w", err)
	}
	for rows.Next() {
		var e, t int64
		if err := rows.Scan(&e, &t); err != nil {
			rows.Close()
			return res, fmt.Errorf("store: search topics: %w", err)
		}
		topicsOf[e] = append(topicsOf[e], t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: search topics: %w", err)
	}

	kept := cands[:0]
	for _, c := range cands {
		if q.Kind != "" && c.kind != q.Kind || q.SeriesID != 0 && c.seriesID != q.SeriesID {
			continue
		}
		if q.MaxMinutes > 0 && minutes(c, q.Lang) > q.MaxMinutes {
			continue
		}
		for _, t := range topicsOf[c.id] {
			res.TopicCounts[t]++
		}
		if q.TopicID != 0 && !slices.Contains(topicsOf[c.id], q.TopicID) {
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

func stringArgs(ss []string) []any {
	a := make([]any, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return a
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
	const batch = 100
	for i := 0; i < len(ids); i += batch {
		chunk := ids[i:min(i+batch, len(ids))]
		err := s.inTx(ctx, func(tx *sql.Tx) error {
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
