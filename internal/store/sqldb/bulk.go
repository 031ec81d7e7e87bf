package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search/index"
	"github.com/busrides/busrides/internal/store"
)

// BulkLoader adds many new episodes to a database much faster than
// ImportBundle, for the generated corpora of the benchmarks (cmd/loadbench,
// cmd/searchbench). Once Finish has committed, the database holds what
// ImportBundle would have written for the same bundles in the same order
// (storetest.RunBulk compares the two table by table), except that the
// search journal's rows carry the generation of Finish.
//
// What differs is how:
//   - Add takes new episodes only: a key already stored fails the Add;
//   - each Add is one transaction of multi-row INSERTs, through statements
//     prepared once for it, and slugs are made unique against the slugs
//     held in memory instead of one query each;
//   - the search index is built once, by Finish: the postings of every
//     loaded version are kept in memory (8 bytes each) and written in the
//     order of their primary key, without a foreign key check per row
//     (SQLite: off on Finish's connection). When the index was empty to
//     begin with, its second index (by episode) is dropped first and built
//     again after, by one sort, instead of taking the postings one by one
//     at random places; on PostgreSQL its foreign key too, added back
//     after (one check of every row). Until Finish commits, the loaded
//     episodes are on the site but search does not find them.
//
// Loading a corpus into a database that servers are using is not its
// purpose: use ImportBundle for that.
type BulkLoader struct {
	s *DB
	// slugs are the slugs taken in each language: those stored when the
	// loader began, and those it has given.
	slugs map[content.Lang]map[string]bool
	// postings holds, by language and term, each loaded version's
	// posting as episode id << 16 | weight, for Finish.
	postings map[content.Lang]map[string]*[]uint64
	// words are the published versions' words for "Did you mean".
	words map[content.Lang]map[string]bool
	// loaded lists the loaded episodes' versions in both languages, for
	// the search journal.
	loaded []index.Version
	// emptyIndex: search_postings held nothing when the loader began.
	emptyIndex bool
	finished   bool
}

// NewBulkLoader starts a bulk load into s (see BulkLoader).
func (s *DB) NewBulkLoader(ctx context.Context) (*BulkLoader, error) {
	l := &BulkLoader{
		s:        s,
		slugs:    map[content.Lang]map[string]bool{content.English: {}, content.French: {}},
		postings: map[content.Lang]map[string]*[]uint64{content.English: {}, content.French: {}},
		words:    map[content.Lang]map[string]bool{content.English: {}, content.French: {}},
	}
	rows, err := s.q.QueryContext(ctx, `SELECT lang, slug FROM versions`)
	if err != nil {
		return nil, fmt.Errorf("bulk load: slugs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lang content.Lang
		var slug string
		if err := rows.Scan(&lang, &slug); err != nil {
			return nil, fmt.Errorf("bulk load: slugs: %w", err)
		}
		if l.slugs[lang] != nil {
			l.slugs[lang][slug] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bulk load: slugs: %w", err)
	}
	var any int
	err = s.q.QueryRowContext(ctx, `SELECT 1 FROM search_postings LIMIT 1`).Scan(&any)
	switch {
	case isNoRows(err):
		l.emptyIndex = true
	case err != nil:
		return nil, fmt.Errorf("bulk load: postings: %w", err)
	}
	return l, nil
}

// bulkEpisode is an episode of an Add with its references resolved.
type bulkEpisode struct {
	e                   *content.Episode
	seriesID, seriesPos any
	published, modified any
	topicIDs, authorIDs []int64
	// names are the topic and author names the search index holds of
	// each version (as indexVersion reads them).
	names map[content.Lang][]string
}

// bulkVersion is a version of an Add and what the search index holds of
// it.
type bulkVersion struct {
	ep   *bulkEpisode
	lang content.Lang
	v    *content.Version
	ix   index.Indexed
}

// Add stores the bundle's topics, authors and series (created or updated
// by key, as ImportBundle does) and its episodes, which must be new, in one
// transaction. It writes the ids and slugs it assigns into the bundle.
func (l *BulkLoader) Add(ctx context.Context, b *content.Bundle, now time.Time) (store.ImportResult, error) {
	if l.finished {
		return store.ImportResult{}, errors.New("bulk load: Add after Finish")
	}
	s := l.s
	var res store.ImportResult
	var versions []*bulkVersion
	var added map[content.Lang]map[string]bool
	err := s.inTx(ctx, func(tx querier) error {
		res = store.ImportResult{}
		added = map[content.Lang]map[string]bool{content.English: {}, content.French: {}}
		refs, err := s.importTaxonomy(ctx, tx, b, &res)
		if err != nil {
			return err
		}
		eps, err := l.resolve(ctx, tx, b, refs, now)
		if err != nil {
			return err
		}
		versions = nil
		for _, ep := range eps {
			for _, lang := range content.Langs {
				if v := ep.e.Version(lang); v != nil {
					versions = append(versions, &bulkVersion{ep: ep, lang: lang, v: v})
				}
			}
		}
		// The search analysis runs beside the writes.
		analysed := analyse(versions)
		defer analysed()

		// Slugs, as importVersion gives them to new versions.
		for _, bv := range versions {
			taken := func(slug string) bool { return l.slugs[bv.lang][slug] || added[bv.lang][slug] }
			if bv.v.Slug != "" {
				if taken(bv.v.Slug) {
					return &store.ItemError{Kind: "episode", Key: bv.ep.e.Key, Err: fmt.Errorf("%s version: %q: %w", bv.lang, bv.v.Slug, ErrSlugTaken)}
				}
			} else {
				bv.v.Slug = content.UniqueSlug(content.Slugify(bv.v.Title), bv.ep.e.Key, taken)
			}
			added[bv.lang][bv.v.Slug] = true
		}

		w := &bulkWriter{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
		defer w.close()
		if err := l.writeEpisodes(w, eps, now); err != nil {
			return err
		}
		var rows []any
		for _, bv := range versions {
			v := bv.v
			v.EpisodeID = bv.ep.e.ID
			rows = append(rows, v.EpisodeID, string(bv.lang), v.Title, v.Slug, v.Summary, v.BodyMarkdown, v.BodyHTML, v.WordCount,
				v.Image.URL, v.Image.Alt, v.Image.Caption, v.Transcript, v.TranscriptHTML, v.MediaURL, v.MediaType, v.MediaSeconds,
				v.Captions.EN, v.Captions.FR)
		}
		if err := w.insert(`INSERT INTO versions (episode_id, lang, title, slug, summary, body_md, body_html, word_count,
			image_url, image_alt, image_caption, transcript_md, transcript_html, media_url, media_type, media_seconds,
			captions_en_url, captions_fr_url) VALUES `, "", 18, rows); err != nil {
			return fmt.Errorf("bulk load: versions: %w", err)
		}
		rows = rows[:0]
		for _, bv := range versions {
			for i, link := range bv.v.LearnMore {
				rows = append(rows, bv.ep.e.ID, string(bv.lang), i, link.Label, link.URL)
			}
		}
		if err := w.insert(`INSERT INTO version_links (episode_id, lang, position, label, url) VALUES `, "", 5, rows); err != nil {
			return fmt.Errorf("bulk load: links: %w", err)
		}
		rows = rows[:0]
		for _, ep := range eps {
			for i, tid := range ep.topicIDs {
				rows = append(rows, ep.e.ID, tid, i)
			}
		}
		if err := w.insert(`INSERT INTO episode_topics (episode_id, topic_id, position) VALUES `, "", 3, rows); err != nil {
			return fmt.Errorf("bulk load: topics: %w", err)
		}
		rows = rows[:0]
		for _, ep := range eps {
			for i, aid := range ep.authorIDs {
				rows = append(rows, ep.e.ID, aid, i)
			}
		}
		if err := w.insert(`INSERT INTO episode_authors (episode_id, author_id, position) VALUES `, "", 3, rows); err != nil {
			return fmt.Errorf("bulk load: authors: %w", err)
		}
		for _, ep := range eps {
			for _, p := range ep.e.LegacyPaths {
				// As importEpisode: one upsert each, in order (a later path
				// may repeat an earlier one).
				np := NormalizePath(p)
				lang := content.English
				if strings.HasPrefix(np, "/fr/") {
					lang = content.French
				}
				if err := w.exec(`INSERT INTO redirects (path, episode_id, lang) VALUES (?, ?, ?)
					ON CONFLICT (path) DO UPDATE SET episode_id = excluded.episode_id, lang = excluded.lang`, np, ep.e.ID, string(lang)); err != nil {
					return &store.ItemError{Kind: "episode", Key: ep.e.Key, Err: fmt.Errorf("legacy url %q: %w", p, err)}
				}
				res.Redirects++
			}
		}

		// What search filters on and shows of each version; the postings
		// wait for Finish.
		analysed()
		rows = rows[:0]
		for _, bv := range versions {
			ids := make([]string, len(bv.ep.topicIDs))
			for i, tid := range slices.Sorted(slices.Values(bv.ep.topicIDs)) {
				ids[i] = strconv.FormatInt(tid, 10)
			}
			rows = append(rows, bv.ep.e.ID, string(bv.lang), string(bv.ep.e.Kind), bv.ep.seriesID,
				minutes(bv.ep.e.Kind, bv.v.WordCount, bv.v.MediaSeconds, bv.lang), strings.Join(ids, ","))
		}
		if err := w.insert(`INSERT INTO search_docs (episode_id, lang, kind, series_id, minutes, topic_ids) VALUES `, "", 6, rows); err != nil {
			return fmt.Errorf("bulk load: search documents: %w", err)
		}
		rows = rows[:0]
		for _, bv := range versions {
			rows = append(rows, bv.ep.e.ID, string(bv.lang), bv.ix.Text)
		}
		if err := w.insert(`INSERT INTO search_texts (episode_id, lang, body_text) VALUES `, "", 3, rows); err != nil {
			return fmt.Errorf("bulk load: search texts: %w", err)
		}
		res.EpisodesCreated = len(eps)
		return s.bumpGeneration(ctx, tx, store.TagAll) // a bulk load changes every page
	})
	if err != nil {
		return store.ImportResult{}, err
	}
	// Committed: the slugs are taken, and the index has its postings.
	for lang, m := range added {
		maps.Copy(l.slugs[lang], m)
	}
	for i := range b.Episodes {
		// Both languages, as importEpisode indexes or unindexes each.
		for _, lang := range content.Langs {
			l.loaded = append(l.loaded, index.Version{ID: b.Episodes[i].ID, Lang: lang})
		}
	}
	for _, bv := range versions {
		id := bv.ep.e.ID
		if id >= 1<<47 {
			return res, fmt.Errorf("bulk load: episode id %d too large", id)
		}
		terms := l.postings[bv.lang]
		for t, wt := range bv.ix.Postings {
			if wt < 0 || wt >= 1<<16 {
				return res, fmt.Errorf("bulk load: posting weight %d out of range", wt)
			}
			ps := terms[t]
			if ps == nil {
				ps = new([]uint64)
				terms[t] = ps
			}
			*ps = append(*ps, uint64(id)<<16|uint64(wt))
		}
		if bv.ep.e.Status == content.Published {
			for _, word := range bv.ix.Words {
				l.words[bv.lang][word] = true
			}
		}
	}
	return res, nil
}

// resolve finds the ids an Add's episodes refer to, and the topic and
// author names the search index holds of them.
func (l *BulkLoader) resolve(ctx context.Context, tx querier, b *content.Bundle, refs *refResolver, now time.Time) ([]*bulkEpisode, error) {
	topicNames := map[int64]content.Bilingual{}
	authorNames := map[int64]string{}
	rows, err := tx.QueryContext(ctx, `SELECT 0, id, name_en, name_fr FROM topics UNION ALL SELECT 1, id, name, name FROM authors`)
	if err != nil {
		return nil, fmt.Errorf("bulk load: names: %w", err)
	}
	for rows.Next() {
		var which, id int64
		var en, fr string
		if err := rows.Scan(&which, &id, &en, &fr); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bulk load: names: %w", err)
		}
		if which == 0 {
			topicNames[id] = content.Bilingual{EN: en, FR: fr}
		} else {
			authorNames[id] = en
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bulk load: names: %w", err)
	}

	eps := make([]*bulkEpisode, len(b.Episodes))
	for i := range b.Episodes {
		e := &b.Episodes[i]
		ep := &bulkEpisode{e: e, names: map[content.Lang][]string{}}
		fail := func(err error) error { return &store.ItemError{Kind: "episode", Key: e.Key, Err: err} }
		if e.Series != nil {
			id, err := refs.id(ctx, "series", e.Series.Series.Key, refs.series)
			if err != nil {
				return nil, fail(err)
			}
			ep.seriesID, ep.seriesPos = id, e.Series.Position
		}
		if !e.PublishedAt.IsZero() {
			ep.published = l.s.t(e.PublishedAt)
		}
		modified := e.ModifiedAt
		if modified.IsZero() {
			modified = e.PublishedAt
		}
		if modified.IsZero() {
			modified = now
		}
		ep.modified = l.s.t(modified)
		for _, t := range e.Topics {
			id, err := refs.id(ctx, "topics", t.Key, refs.topics)
			if err != nil {
				return nil, fail(err)
			}
			ep.topicIDs = append(ep.topicIDs, id)
		}
		for _, a := range e.Authors {
			id, err := refs.id(ctx, "authors", a.Key, refs.authors)
			if err != nil {
				return nil, fail(err)
			}
			ep.authorIDs = append(ep.authorIDs, id)
		}
		for _, lang := range content.Langs {
			var names []string
			for _, id := range ep.topicIDs {
				names = append(names, topicNames[id].In(lang))
			}
			for _, id := range ep.authorIDs {
				names = append(names, authorNames[id])
			}
			ep.names[lang] = names
		}
		eps[i] = ep
	}
	return eps, nil
}

// writeEpisodes inserts the episodes' rows and sets their ids.
func (l *BulkLoader) writeEpisodes(w *bulkWriter, eps []*bulkEpisode, now time.Time) error {
	const cols = 9
	byKey := make(map[string]*bulkEpisode, len(eps))
	for from := 0; from < len(eps); from += bulkRows(cols) {
		chunk := eps[from:min(from+bulkRows(cols), len(eps))]
		args := make([]any, 0, cols*len(chunk))
		for _, ep := range chunk {
			e := ep.e
			args = append(args, e.Key, string(e.Kind), string(e.Status), ep.published, ep.modified, ep.seriesID, ep.seriesPos, l.s.t(now), l.s.t(now))
			byKey[e.Key] = ep
		}
		st, err := w.stmt(`INSERT INTO episodes (key, kind, status, published_at, modified_at, series_id, series_position, created_at, updated_at) VALUES ` +
			valueRows(cols, len(chunk)) + ` RETURNING id, key`)
		if err != nil {
			return fmt.Errorf("bulk load: episodes: %w", err)
		}
		rows, err := st.QueryContext(w.ctx, args...)
		if err != nil {
			return fmt.Errorf("bulk load: episodes %q to %q (the bulk loader only adds new episodes): %w", chunk[0].e.Key, chunk[len(chunk)-1].e.Key, err)
		}
		n := 0
		for rows.Next() {
			var id int64
			var key string
			if err := rows.Scan(&id, &key); err != nil {
				rows.Close()
				return fmt.Errorf("bulk load: episodes: %w", err)
			}
			if ep := byKey[key]; ep != nil {
				ep.e.ID = id
				n++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("bulk load: episodes: %w", err)
		}
		if n != len(chunk) {
			return fmt.Errorf("bulk load: episodes: %d ids for %d rows (a key repeated in the bundle?)", n, len(chunk))
		}
	}
	return nil
}

// analyse runs index.AnalyzeVersion on the versions in the background,
// one goroutine per processor, and returns the function that waits for it.
func analyse(versions []*bulkVersion) (wait func()) {
	var wg sync.WaitGroup
	next := make(chan *bulkVersion)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for bv := range next {
				bv.ix = index.AnalyzeVersion(bv.lang, bv.v, bv.ep.names[bv.lang])
			}
		})
	}
	go func() {
		for _, bv := range versions {
			next <- bv
		}
		close(next)
	}()
	return wg.Wait
}

// postingsIndex is the index of search_postings that Finish drops and
// builds again when it fills an empty index.
const postingsIndex = "search_postings_episode"

// Finish writes the search index of every version added, in one
// transaction, and ends the load.
func (l *BulkLoader) Finish(ctx context.Context) error {
	if l.finished {
		return errors.New("bulk load: Finish called twice")
	}
	s := l.s
	err := l.finishTx(ctx, func(tx querier) error {
		w := &bulkWriter{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
		defer w.close()
		var rebuild string
		var keys [][2]string // foreign keys dropped: name, definition
		if l.emptyIndex && len(l.loaded) > 0 {
			var err error
			if rebuild, keys, err = l.dropForFill(ctx, tx); err != nil {
				return err
			}
		}
		// The postings in the order of the primary key: (lang, term,
		// episode id). Each chunk's arguments are built as it is written.
		const cols = 4
		per := bulkRows(cols)
		args := make([]any, 0, cols*per)
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			err := w.insert(`INSERT INTO search_postings (lang, term, episode_id, weight) VALUES `, "", cols, args)
			args = args[:0]
			return err
		}
		for _, lang := range content.Langs {
			var langArg any = string(lang)
			for _, term := range slices.Sorted(maps.Keys(l.postings[lang])) {
				ps := *l.postings[lang][term]
				slices.Sort(ps)
				var termArg any = term
				for _, p := range ps {
					args = append(args, langArg, termArg, int64(p>>16), int64(p&0xffff))
					if len(args) == cols*per {
						if err := flush(); err != nil {
							return fmt.Errorf("bulk load: postings: %w", err)
						}
					}
				}
			}
		}
		if err := flush(); err != nil {
			return fmt.Errorf("bulk load: postings: %w", err)
		}
		if rebuild != "" {
			if _, err := tx.ExecContext(ctx, rebuild); err != nil {
				return fmt.Errorf("bulk load: build index: %w", err)
			}
		}
		for _, k := range keys {
			// Checks every posting's episode, in one pass.
			if _, err := tx.ExecContext(ctx, `ALTER TABLE search_postings ADD CONSTRAINT `+k[0]+` `+k[1]); err != nil {
				return fmt.Errorf("bulk load: foreign key %s: %w", k[0], err)
			}
		}
		var rows []any
		for _, lang := range content.Langs {
			for _, word := range slices.Sorted(maps.Keys(l.words[lang])) {
				rows = append(rows, string(lang), word)
			}
		}
		if err := w.insert(`INSERT INTO search_words (lang, word) VALUES `, ` ON CONFLICT (lang, word) DO NOTHING`, 2, rows); err != nil {
			return fmt.Errorf("bulk load: words: %w", err)
		}
		// The journal, as indexVersion notes each version; the generation
		// bump stamps it.
		rows = rows[:0]
		for _, v := range l.loaded {
			rows = append(rows, v.ID, string(v.Lang))
		}
		if err := w.insert(`INSERT INTO search_changes (episode_id, lang) VALUES `, "", 2, rows); err != nil {
			return fmt.Errorf("bulk load: search changes: %w", err)
		}
		return s.bumpGeneration(ctx, tx, store.TagAll) // a bulk load changes every page
	})
	if err != nil {
		return err
	}
	l.finished = true
	l.postings, l.words, l.loaded = nil, nil, nil
	return nil
}

// dropForFill drops, in the caller's transaction, what makes filling the
// empty search_postings slow: its by-episode index (built again by the
// statement returned) and, where a connection cannot turn foreign keys off
// (PostgreSQL: a check per row), its foreign keys (added back, which
// checks every row at once).
func (l *BulkLoader) dropForFill(ctx context.Context, tx querier) (rebuild string, keys [][2]string, err error) {
	d := l.s.d
	if d.IndexDefinition != "" {
		if err := tx.QueryRowContext(ctx, d.IndexDefinition, postingsIndex).Scan(&rebuild); err != nil && !isNoRows(err) {
			return "", nil, fmt.Errorf("bulk load: index definition: %w", err)
		}
		if rebuild != "" {
			if _, err := tx.ExecContext(ctx, `DROP INDEX `+postingsIndex); err != nil {
				return "", nil, fmt.Errorf("bulk load: drop index: %w", err)
			}
		}
	}
	if d.ForeignKeysOff != "" || d.ForeignKeyDefinitions == "" {
		return rebuild, nil, nil
	}
	rows, err := tx.QueryContext(ctx, d.ForeignKeyDefinitions, "search_postings")
	if err != nil {
		return "", nil, fmt.Errorf("bulk load: foreign keys: %w", err)
	}
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return "", nil, fmt.Errorf("bulk load: foreign keys: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", nil, fmt.Errorf("bulk load: foreign keys: %w", err)
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE search_postings DROP CONSTRAINT `+k[0]); err != nil {
			return "", nil, fmt.Errorf("bulk load: drop foreign key %s: %w", k[0], err)
		}
	}
	return rebuild, keys, nil
}

// finishTx runs fn in a transaction on one connection, with foreign keys
// off where a connection can turn them off (SQLite, as the migrations that
// rebuild tables do): each posting would otherwise look its episode up,
// and with the page cache full of the new postings, read the episode's
// pages again each time. Every posting's episode is one that an Add
// inserted and committed.
func (l *BulkLoader) finishTx(ctx context.Context, fn func(tx querier) error) error {
	s := l.s
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if s.d.ForeignKeysOff != "" {
		// Outside any transaction: SQLite ignores this pragma inside one.
		if _, err := conn.ExecContext(ctx, s.d.ForeignKeysOff); err != nil {
			return fmt.Errorf("bulk load: foreign keys off: %w", err)
		}
		defer func() {
			// A connection left with foreign keys off must not go back to the pool.
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), s.d.ForeignKeysOn); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(s.on(tx)); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// bulkWriter runs a transaction's statements, each prepared once.
type bulkWriter struct {
	ctx   context.Context
	tx    querier
	stmts map[string]*sql.Stmt
}

// maxBulkArgs bounds the arguments of one statement: under SQLite's limit
// (32,766) and PostgreSQL's (65,535), and large enough that a statement's
// overhead is shared by many rows.
const maxBulkArgs = 4000

// bulkRows is how many rows of cols values one statement writes.
func bulkRows(cols int) int { return max(1, min(500, maxBulkArgs/cols)) }

// valueRows is "(?, ?), (?, ?)" for n rows of cols values.
func valueRows(cols, n int) string {
	row := "(" + placeholders(cols) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

func (w *bulkWriter) stmt(query string) (*sql.Stmt, error) {
	if st := w.stmts[query]; st != nil {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *bulkWriter) exec(query string, args ...any) error {
	st, err := w.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(w.ctx, args...)
	return err
}

// insert writes rows (cols values each, one after the other in args) with
// multi-row INSERTs: head is "INSERT INTO t (…) VALUES ", tail what follows
// the rows.
func (w *bulkWriter) insert(head, tail string, cols int, args []any) error {
	per := bulkRows(cols)
	for from := 0; from < len(args); from += cols * per {
		chunk := args[from:min(from+cols*per, len(args))]
		if err := w.exec(head+valueRows(cols, len(chunk)/cols)+tail, chunk...); err != nil {
			return err
		}
	}
	return nil
}

func (w *bulkWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}
