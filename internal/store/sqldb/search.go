package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

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

// indexVersion brings the search index rows of one episode version up to
// date, in the caller's transaction. Only the postings that differ are
// written: a small edit touches a few rows, not every term of the text.
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
	var meta, topicIDs []string
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
	mins := minutes(kind, v.WordCount, v.MediaSeconds, lang)
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (episode_id, lang, kind, series_id, minutes, topic_ids) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET kind = excluded.kind, series_id = excluded.series_id, minutes = excluded.minutes,
		topic_ids = excluded.topic_ids`,
		id, string(lang), string(kind), series, mins, strings.Join(topicIDs, ",")); err != nil {
		return fmt.Errorf("index: doc: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_texts (episode_id, lang, body_text) VALUES (?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET body_text = excluded.body_text`, id, string(lang), text); err != nil {
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
	var gone []string
	for t := range old {
		if terms[t] == nil {
			gone = append(gone, t)
		}
	}
	slices.Sort(gone)
	const batch = 200
	for i := 0; i < len(gone); i += batch {
		chunk := gone[i:min(i+batch, len(gone))]
		args := append([]any{string(lang), id}, stringArgs(chunk)...)
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_postings WHERE lang = ? AND episode_id = ? AND term IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
			return fmt.Errorf("index: postings: %w", err)
		}
	}
	var write []string
	for t, p := range terms {
		if w, ok := old[t]; !ok || w != p.weight+min(p.tf-1, 9) {
			write = append(write, t)
		}
	}
	slices.Sort(write)
	for i := 0; i < len(write); i += batch {
		chunk := write[i:min(i+batch, len(write))]
		args := make([]any, 0, 4*len(chunk))
		for _, t := range chunk {
			p := terms[t]
			args = append(args, string(lang), t, id, p.weight+min(p.tf-1, 9))
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

// candidate is a live version matching every term and the filters.
type candidate struct {
	id        int64
	score     int
	published int64 // Unix nanoseconds
}

// Search implements store.Search. The terms' posting lists and the
// language's document rows come from the server's in-memory copy of the
// index (search_mem.go), brought up to date first; matching, scoring,
// filters, topic counts and ordering run over them in Go, and SQL loads
// only the page's hits (loadHits). Every match is counted and ranked.
func (s *DB) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	res := store.SearchResult{TopicCounts: map[int64]int{}}
	if len(q.Terms) == 0 {
		return res, nil
	}
	terms := slices.Compact(slices.Sorted(slices.Values(q.Terms)))
	lists, docs, epoch, err := s.memLists(ctx, q.Lang, terms)
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	if docs == nil {
		return res, nil
	}
	var kept []candidate
	var counts []int
	now := unixNano(q.Now)
	s.mem.mu.RLock()
	intersect(lists, func(id int64, score int) {
		d := docs.get(id)
		if d == nil || !d.live(now) {
			return
		}
		if q.Kind != "" && d.kind != q.Kind || q.SeriesID != 0 && d.seriesID != q.SeriesID {
			return
		}
		if q.MaxMinutes > 0 && d.minutes > q.MaxMinutes {
			return
		}
		for _, t := range d.topics {
			// Topic ids are a short sequence: count in a slice, not a
			// map (a common query counts thousands of matches).
			if t >= 0 && t < 1<<16 {
				if int(t) >= len(counts) {
					counts = slices.Grow(counts, int(t)+1-len(counts))[:t+1]
				}
				counts[t]++
			} else {
				res.TopicCounts[t]++
			}
		}
		if q.TopicID != 0 && !slices.Contains(d.topics, q.TopicID) {
			return
		}
		kept = append(kept, candidate{id: id, score: score, published: d.published})
	})
	s.mem.mu.RUnlock()
	for t, n := range counts {
		if n > 0 {
			res.TopicCounts[int64(t)] = n
		}
	}

	res.Total = len(kept)
	if q.Offset >= len(kept) {
		return res, nil
	}
	n := len(kept)
	if q.Limit > 0 {
		n = min(n, q.Offset+q.Limit)
	}
	page := topCandidates(kept, n, q.ByDate)[q.Offset:]
	ids := make([]int64, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	hits, err := s.memHits(ctx, q.Lang, ids, epoch)
	if err != nil {
		return res, err
	}
	score := make(map[int64]int, len(page))
	for _, c := range page {
		score[c.id] = c.score
	}
	for i := range hits {
		hits[i].Score = score[hits[i].Episode.ID]
	}
	res.Hits = hits
	return res, nil
}

// before orders results: by score (unless byDate), then newest first,
// then by id, newest first.
func before(a, b candidate, byDate bool) bool {
	if !byDate && a.score != b.score {
		return a.score > b.score
	}
	if a.published != b.published {
		return a.published > b.published
	}
	return a.id > b.id
}

// topCandidates returns the first n of cs in result order, sorted. Only
// the first pages are read, so the first n are picked with a heap (n log n
// of a page, not of every match) when n is small against len(cs).
func topCandidates(cs []candidate, n int, byDate bool) []candidate {
	cmp := func(a, b candidate) int {
		if before(a, b, byDate) {
			return -1
		}
		if before(b, a, byDate) {
			return 1
		}
		return 0
	}
	if n*4 >= len(cs) {
		slices.SortFunc(cs, cmp)
		return cs[:n]
	}
	// h is a heap of the best n so far, the worst of them at the root.
	h := slices.Clone(cs[:n])
	worse := func(i, j int) bool { return before(h[j], h[i], byDate) }
	down := func(i int) {
		for {
			w := i
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < len(h) && worse(c, w) {
					w = c
				}
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, c := range cs[n:] {
		if before(c, h[0], byDate) {
			h[0] = c
			down(0)
		}
	}
	slices.SortFunc(h, cmp)
	return h
}

// hitVersionColumns are the versions columns a search result needs: not
// the bodies or transcripts, which are the bulk of a row.
const hitVersionColumns = `v.episode_id, v.lang, v.title, v.slug, v.summary, v.word_count, v.image_url, v.image_alt, v.image_caption, v.media_url, v.media_type, v.media_seconds`

// loadHits loads the episodes of a page of results, in the order of ids,
// with what a result shows: each version's title, slug, summary, image and
// length (no bodies, transcripts or links), topics, authors and series,
// and the plain text of the version in lang for the snippet.
func (s *DB) loadHits(ctx context.Context, lang content.Lang, ids []int64) ([]store.SearchHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := paddedIDs(ids)
	in := placeholders(len(args))
	byID := make(map[int64]*store.SearchHit, len(ids))
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
			h = &store.SearchHit{Episode: ep}
			byID[e.ID] = h
		}
		h.Episode.Versions[v.Lang] = v
		if v.Lang == lang {
			h.Text = text
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: search hits: %w", err)
	}

	// Topics and authors in one round trip.
	err = s.queryRows(ctx, `SELECT 0, et.episode_id, et.position, `+topicColumns+`, '', ''
		FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id IN (`+in+`)
		UNION ALL SELECT 1, ea.episode_id, ea.position, `+authorColumns+`
		FROM episode_authors ea JOIN authors a ON a.id = ea.author_id WHERE ea.episode_id IN (`+in+`)
		ORDER BY 1, 2, 3`, append(slices.Clone(args), args...), func(rows *sql.Rows) error {
		var which, id, pos, nid int64
		var c [9]string
		if err := rows.Scan(&which, &id, &pos, &nid, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8]); err != nil {
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
				Roles: content.Bilingual{EN: c[4], FR: c[5]}, Bios: content.Bilingual{EN: c[6], FR: c[7]}, Photo: c[8]})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: search hit topics: %w", err)
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
			return nil, fmt.Errorf("store: search hit series: %w", err)
		}
	}

	hits := make([]store.SearchHit, 0, len(ids))
	for _, id := range ids {
		if h := byID[id]; h != nil {
			hits = append(hits, *h)
		}
	}
	return hits, nil
}

// stmtCache holds the prepared statements of search, by SQL text: a
// search runs a handful of statements whose text depends only on the
// number of terms and the page size, and parsing them again each time (on
// SQLite, where the driver caches nothing) cost more than running some.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxStmts bounds the cache; the shapes of search statements are far
// fewer.
const maxStmts = 256

// stmt returns the prepared statement of a query written with ?
// placeholders.
func (s *DB) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c := &s.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[query]; st != nil {
		return st, nil
	}
	st, err := s.q.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil || len(c.m) >= maxStmts {
		for _, old := range c.m {
			old.Close()
		}
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

// queryRows runs a cached statement and calls fn for each row.
func (s *DB) queryRows(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
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
			// Servers bring their in-memory copies up to date.
			return s.bumpGeneration(ctx, tx)
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
