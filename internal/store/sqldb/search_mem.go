package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// The search index lives in SQL (search_postings, search_docs), written in
// the same transaction as the content. Searching it with SQL costs a few
// thousand B-tree lookups for a query of common words, so each server also
// keeps, in memory:
//
//   - the posting lists of the terms searched recently, each a sorted
//     array of episode ids with their weights, loaded whole from SQL on
//     first use (one index range) and bounded by memPostingBudget;
//   - per language, the narrow document rows every candidate needs
//     (kind, series, minutes, topics, publication, exception), loaded on
//     the first search in that language;
//   - the hits shown recently (what a result card shows and the snippet
//     text), for the current generation only, bounded by memHitBudget.
//
// Intersecting, filtering and ranking then run over arrays in Go; SQL
// loads only the page of hits. Results are the same on both databases
// because the arrays are copies of the same tables.
//
// Staying up to date: every transaction that changes what search finds
// records the changed versions in search_changes, stamped with the
// generation it commits (bumpGeneration). Before each search the server
// reads the generation (one row); when it has moved, it reads the
// versions changed since, patches its lists and documents from their
// current rows, and drops the hits (a hit shows topic, author and series
// names, which other changes touch). A change made through another server
// is seen the same way. After a large change (more than memMaxPatch generations or
// memMaxPatchVersions versions since the last sync) the copy is dropped
// and loads again on demand.

const (
	// DefaultSearchMemoryMB bounds the posting lists held in memory, in
	// MiB (postingBytes each): 128 MiB hold 26 million postings, the whole
	// index of about 55,000 episodes (10,000 episodes make 4.4 million).
	DefaultSearchMemoryMB = 128
	// postingBytes is what a posting costs in memory: a 32-bit episode id
	// and an 8-bit weight.
	postingBytes = 5
	// memMaxPatch is how many generations a copy may be behind and still
	// be patched; journalKeep (more) is how many generations of
	// search_changes are kept.
	memMaxPatch = 1000
	journalKeep = 2000
	// memMaxPatchVersions: past this many changed versions, reloading on
	// demand is cheaper than patching.
	memMaxPatchVersions = 500
	// memHitBudget bounds the bytes of the hits kept (the snippet text is
	// most of a hit: a few kilobytes).
	memHitBudget = 32 << 20
	// hitOverhead is what a hit costs besides its text, roughly.
	hitOverhead = 1 << 10
)

// memIndex is a server's in-memory copy of part of the search index.
type memIndex struct {
	mu     sync.RWMutex
	synced bool
	gen    int64  // generation the copy reflects, when synced
	epoch  uint64 // moves on every patch or reset: a load begun before is not kept
	lists  map[termKey]*postingList
	docs   map[content.Lang]*docTable
	size   int
	budget int
	tick   atomic.Uint64
	// maxGens and maxVersions are memMaxPatch and memMaxPatchVersions
	// (tests lower them); resets counts the times the copy was dropped.
	maxGens     int64
	maxVersions int
	resets      int

	hits     map[versionKey]*memHit
	hitBytes int
}

// memHit is a loaded search hit (without its score).
type memHit struct {
	hit  store.SearchHit
	used atomic.Uint64
}

func (h *memHit) cost() int { return len(h.hit.Text) + hitOverhead }

type termKey struct {
	lang content.Lang
	term string
}

// postingList holds a term's postings in one language, by ascending
// episode id. A list is never changed once shared: a patch replaces it.
type postingList struct {
	ids     []uint32 // episode ids (checked to fit when loaded)
	weights []uint8
	used    atomic.Uint64 // tick of the last search that used it
}

func (l *postingList) cost() int { return len(l.ids) + 1 }

// memDoc is what filtering and ordering need of a version.
type memDoc struct {
	kind      content.Kind
	seriesID  int64
	minutes   int
	topics    []int64
	published int64 // publication time in Unix nanoseconds; notShown unless the public may see the version
	ok        bool  // the row exists (docTable)
}

// docTable holds a language's documents by episode id: in a slice indexed
// by id for the ids below denseIDs (episode ids are a sequence, so the
// slice is about as long as there are episodes, and a search's thousands
// of lookups read it in id order), in a map beyond.
type docTable struct {
	dense []memDoc
	far   map[int64]*memDoc
}

const denseIDs = 1 << 20

func (t *docTable) get(id int64) *memDoc {
	if id >= 0 && id < int64(len(t.dense)) {
		if d := &t.dense[id]; d.ok {
			return d
		}
		return nil
	}
	return t.far[id]
}

// set stores a copy of d as id's document; nil removes it.
func (t *docTable) set(id int64, d *memDoc) {
	if id >= 0 && id < denseIDs {
		if d == nil {
			if id < int64(len(t.dense)) {
				t.dense[id] = memDoc{}
			}
			return
		}
		if id >= int64(len(t.dense)) {
			t.dense = slices.Grow(t.dense, int(id)+1-len(t.dense))[:id+1]
		}
		t.dense[id] = *d
		t.dense[id].ok = true
		return
	}
	if d == nil {
		delete(t.far, id)
		return
	}
	if t.far == nil {
		t.far = map[int64]*memDoc{}
	}
	c := *d
	c.ok = true
	t.far[id] = &c
}

// notShown is memDoc.published for a version the public does not see at
// any time: its episode is not published, or a one-language exception
// hides it.
const notShown = math.MaxInt64

// live reports whether the public sees the version at now (Unix
// nanoseconds).
func (d *memDoc) live(now int64) bool { return d.published <= now }

func newMemIndex(budget int) *memIndex {
	return &memIndex{budget: budget, lists: map[termKey]*postingList{}, docs: map[content.Lang]*docTable{},
		hits: map[versionKey]*memHit{}, maxGens: memMaxPatch, maxVersions: memMaxPatchVersions}
}

// reset drops everything and marks the copy as reflecting gen.
func (m *memIndex) reset(gen int64) {
	m.lists = map[termKey]*postingList{}
	m.docs = map[content.Lang]*docTable{}
	m.size = 0
	m.dropHits()
	m.gen, m.synced = gen, true
	m.epoch++
	m.resets++
}

func (m *memIndex) dropHits() {
	m.hits = map[versionKey]*memHit{}
	m.hitBytes = 0
}

// insertHit keeps a loaded hit if nothing changed since its load began,
// then evicts the least recently used hits while over memHitBudget.
func (m *memIndex) insertHit(k versionKey, h *memHit, epoch uint64) {
	if m.epoch != epoch {
		return
	}
	if old := m.hits[k]; old != nil {
		m.hitBytes -= old.cost()
	}
	h.used.Store(m.tick.Add(1))
	m.hits[k] = h
	m.hitBytes += h.cost()
	if m.hitBytes <= memHitBudget {
		return
	}
	evictLRU(m.hits, func(h *memHit) uint64 { return h.used.Load() }, func(h *memHit) bool {
		if m.hitBytes <= memHitBudget*3/4 {
			return false
		}
		m.hitBytes -= h.cost()
		return true
	})
}

// insert keeps a loaded list if nothing changed since its load began (in
// epoch), then evicts the least recently used lists while over budget.
// It reports whether the list was kept.
func (m *memIndex) insert(k termKey, l *postingList, epoch uint64) bool {
	if m.epoch != epoch {
		return false
	}
	if old := m.lists[k]; old != nil {
		m.size -= old.cost()
	}
	l.used.Store(m.tick.Add(1))
	m.lists[k] = l
	m.size += l.cost()
	m.evict()
	return true
}

// evict drops the least recently used lists until the copy is within
// three quarters of its budget, when it is over.
func (m *memIndex) evict() {
	if m.size <= m.budget {
		return
	}
	evictLRU(m.lists, func(l *postingList) uint64 { return l.used.Load() }, func(l *postingList) bool {
		if m.size <= m.budget*3/4 {
			return false
		}
		m.size -= l.cost()
		return true
	})
}

// evictLRU offers the entries of m to drop, least recently used first,
// deleting each it accepts, until it refuses one.
func evictLRU[K comparable, V any](m map[K]V, used func(V) uint64, drop func(V) bool) {
	type entry struct {
		k    K
		used uint64
	}
	all := make([]entry, 0, len(m))
	for k, v := range m {
		all = append(all, entry{k, used(v)})
	}
	slices.SortFunc(all, func(a, b entry) int { return cmp.Compare(a.used, b.used) })
	for _, e := range all {
		if !drop(m[e.k]) {
			return
		}
		delete(m, e.k)
	}
}

// patch brings the lists and documents of lang up to date for one
// version: its current postings (term → weight; none when it is out of
// the index) and its current document row (nil when none).
func (m *memIndex) patch(lang content.Lang, id uint32, postings map[string]uint8, doc *memDoc) {
	for k, l := range m.lists {
		if k.lang != lang {
			continue
		}
		w, in := postings[k.term]
		i, has := slices.BinarySearch(l.ids, id)
		if !in && !has || in && has && l.weights[i] == w {
			continue
		}
		n := &postingList{ids: slices.Clone(l.ids), weights: slices.Clone(l.weights)}
		switch {
		case in && has:
			n.weights[i] = w
		case in:
			n.ids = slices.Insert(n.ids, i, id)
			n.weights = slices.Insert(n.weights, i, w)
		default:
			n.ids = slices.Delete(n.ids, i, i+1)
			n.weights = slices.Delete(n.weights, i, i+1)
		}
		n.used.Store(l.used.Load())
		m.size += n.cost() - l.cost()
		m.lists[k] = n
	}
	if docs := m.docs[lang]; docs != nil {
		docs.set(int64(id), doc)
	}
}

// memSync brings the server's copy up to the database's generation and
// returns the copy's epoch.
func (s *DB) memSync(ctx context.Context) (uint64, error) {
	m := s.mem
	var g int64
	st, err := s.stmt(ctx, `SELECT generation FROM content_state WHERE id = 1`)
	if err != nil {
		return 0, err
	}
	if err := st.QueryRowContext(ctx).Scan(&g); err != nil {
		return 0, fmt.Errorf("generation: %w", err)
	}
	m.mu.RLock()
	ok, epoch := m.synced && m.gen == g, m.epoch
	m.mu.RUnlock()
	if ok {
		return epoch, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.synced && m.gen == g:
		return m.epoch, nil
	case !m.synced || g < m.gen || g-m.gen > m.maxGens:
		m.reset(g)
		return m.epoch, nil
	}
	changed, err := s.searchChanges(ctx, m.gen, g)
	if err != nil {
		return 0, err
	}
	if len(changed) > m.maxVersions {
		m.reset(g)
		return m.epoch, nil
	}
	for _, v := range changed {
		id, err := postingID(v.id)
		if err != nil {
			return 0, err
		}
		postings, err := s.versionPostings(ctx, v.id, v.lang)
		if err != nil {
			return 0, err
		}
		var doc *memDoc
		if m.docs[v.lang] != nil {
			docs, err := s.memDocs(ctx, v.lang, v.id)
			if err != nil {
				return 0, err
			}
			doc = docs.get(v.id)
		}
		m.patch(v.lang, id, postings, doc)
	}
	m.dropHits()
	m.gen = g
	m.epoch++
	return m.epoch, nil
}

type versionKey struct {
	id   int64
	lang content.Lang
}

// searchChanges lists the versions changed by the generations after from,
// up to to, once each.
func (s *DB) searchChanges(ctx context.Context, from, to int64) ([]versionKey, error) {
	var out []versionKey
	seen := map[versionKey]bool{}
	err := s.queryRows(ctx, `SELECT episode_id, lang FROM search_changes WHERE gen > ? AND gen <= ?`, []any{from, to}, func(rows *sql.Rows) error {
		var v versionKey
		if err := rows.Scan(&v.id, &v.lang); err != nil {
			return err
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search changes: %w", err)
	}
	return out, nil
}

// versionPostings returns the current postings of one version.
func (s *DB) versionPostings(ctx context.Context, id int64, lang content.Lang) (map[string]uint8, error) {
	out := map[string]uint8{}
	err := s.queryRows(ctx, `SELECT term, weight `+versionPostingsWhere, []any{id, string(lang)}, func(rows *sql.Rows) error {
		var t string
		var w int
		if err := rows.Scan(&t, &w); err != nil {
			return err
		}
		out[t] = postingWeight(w)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("version postings: %w", err)
	}
	return out, nil
}

// memDocsQuery reads a version's document row with its episode's
// publication and exception.
const memDocsQuery = `SELECT d.episode_id, d.kind, d.series_id, d.minutes, d.topic_ids,
	CASE WHEN e.status = 'published' THEN e.published_at END,
	CASE WHEN EXISTS (SELECT 1 FROM language_exceptions x WHERE x.episode_id = e.id AND x.lang <> d.lang) THEN 1 ELSE 0 END
	FROM search_docs d JOIN episodes e ON e.id = d.episode_id WHERE d.lang = ?`

// memDocs loads the document rows of lang: all of them, or those of the
// episodes ids.
func (s *DB) memDocs(ctx context.Context, lang content.Lang, ids ...int64) (*docTable, error) {
	q, args := memDocsQuery, []any{string(lang)}
	if len(ids) > 0 {
		q += ` AND d.episode_id IN (` + placeholders(len(ids)) + `)`
		args = append(args, int64Args(ids)...)
	}
	docs := &docTable{}
	err := s.queryRows(ctx, q, args, func(rows *sql.Rows) error {
		var (
			id     int64
			d      memDoc
			series sql.NullInt64
			topics string
			pub    dbTime
			hidden int
		)
		if err := rows.Scan(&id, &d.kind, &series, &d.minutes, &topics, &pub, &hidden); err != nil {
			return err
		}
		d.seriesID, d.published = series.Int64, notShown
		if !pub.T.IsZero() && hidden == 0 {
			d.published = unixNano(pub.T)
		}
		for t := range strings.SplitSeq(topics, ",") {
			if tid, err := strconv.ParseInt(t, 10, 64); err == nil {
				d.topics = append(d.topics, tid)
			}
		}
		docs.set(id, &d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search documents: %w", err)
	}
	return docs, nil
}

// warmMinPostings is the shortest posting list WarmSearch loads ahead:
// shorter lists load on demand in well under a millisecond.
const warmMinPostings = 1000

// SyncSearch brings this server's copy of the index up to date now, so
// that the next search does not have to (serve calls it each time it
// checks the content generation).
func (s *DB) SyncSearch(ctx context.Context) error {
	_, err := s.memSync(ctx)
	return err
}

// SetSearchMemory bounds the posting lists this server keeps in memory to
// about mb MiB (at least 1). Lists over the new bound are dropped at the
// next load.
func (s *DB) SetSearchMemory(mb int) {
	s.mem.mu.Lock()
	defer s.mem.mu.Unlock()
	s.mem.budget = max(mb, 1) << 20 / postingBytes
}

// WarmSearch loads ahead what searches need and is slow to load on
// demand, so that searches after a server starts do not wait for it:
// each language's documents, then the longest posting lists (the most
// common terms), longest first, up to three quarters of the postings
// budget. Lists
// changed meanwhile are left to load on demand.
func (s *DB) WarmSearch(ctx context.Context) error {
	for _, lang := range content.Langs {
		epoch, err := s.memSync(ctx)
		if err != nil {
			return err
		}
		if _, err := s.loadDocs(ctx, lang, epoch); err != nil {
			return err
		}
	}
	type common struct {
		key termKey
		n   int
	}
	var terms []common
	err := s.queryRows(ctx, `SELECT lang, term, COUNT(*) FROM search_postings GROUP BY lang, term HAVING COUNT(*) >= `+strconv.Itoa(warmMinPostings),
		nil, func(rows *sql.Rows) error {
			var c common
			if err := rows.Scan(&c.key.lang, &c.key.term, &c.n); err != nil {
				return err
			}
			terms = append(terms, c)
			return nil
		})
	if err != nil {
		return fmt.Errorf("search warm-up: %w", err)
	}
	slices.SortFunc(terms, func(a, b common) int { return cmp.Compare(b.n, a.n) })
	loaded := 0
	for _, c := range terms {
		if loaded+c.n > s.mem.budget*3/4 {
			break
		}
		epoch, err := s.memSync(ctx)
		if err != nil {
			return err
		}
		s.mem.mu.RLock()
		have := s.mem.lists[c.key] != nil
		s.mem.mu.RUnlock()
		if have {
			continue
		}
		l, err := s.loadPostings(ctx, c.key.lang, c.key.term)
		if err != nil {
			return err
		}
		s.mem.mu.Lock()
		s.mem.insert(c.key, l, epoch)
		s.mem.mu.Unlock()
		loaded += len(l.ids)
	}
	return nil
}

// memHits returns the hits of ids in lang, in the order of ids: those
// kept in memory, and the others loaded (loadHits) and kept. Each hit's
// Episode is a copy, down to its versions map, so that a caller changing
// it does not change the next search's.
func (s *DB) memHits(ctx context.Context, lang content.Lang, ids []int64, epoch uint64) ([]store.SearchHit, error) {
	m := s.mem
	found := make(map[int64]*store.SearchHit, len(ids))
	var missing []int64
	tick := m.tick.Add(1)
	m.mu.RLock()
	for _, id := range ids {
		if h := m.hits[versionKey{id, lang}]; h != nil {
			h.used.Store(tick)
			found[id] = &h.hit
		} else {
			missing = append(missing, id)
		}
	}
	m.mu.RUnlock()
	if len(missing) > 0 {
		loaded, err := s.loadHits(ctx, lang, missing)
		if err != nil {
			return nil, err
		}
		m.mu.Lock()
		for i := range loaded {
			h := &memHit{hit: loaded[i]}
			m.insertHit(versionKey{h.hit.Episode.ID, lang}, h, epoch)
			found[h.hit.Episode.ID] = &h.hit
		}
		m.mu.Unlock()
	}
	out := make([]store.SearchHit, 0, len(ids))
	for _, id := range ids {
		h := found[id]
		if h == nil {
			continue
		}
		e := *h.Episode
		e.Versions = maps.Clone(e.Versions)
		out = append(out, store.SearchHit{Episode: &e, Text: h.Text})
	}
	return out, nil
}

// memLists returns the posting lists of terms in lang, loading those the
// copy lacks, and the documents of lang (nil when a term has no postings:
// there are no hits). The caller reads docs under s.mem.mu.RLock, as a
// sync patches them in place.
func (s *DB) memLists(ctx context.Context, lang content.Lang, terms []string) ([]*postingList, *docTable, uint64, error) {
	m := s.mem
	epoch, err := s.memSync(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	lists := make([]*postingList, len(terms))
	tick := m.tick.Add(1)
	m.mu.RLock()
	for i, t := range terms {
		if l := m.lists[termKey{lang, t}]; l != nil {
			l.used.Store(tick)
			lists[i] = l
		}
	}
	docs := m.docs[lang]
	m.mu.RUnlock()
	for i, t := range terms {
		if lists[i] == nil {
			l, err := s.loadPostings(ctx, lang, t)
			if err != nil {
				return nil, nil, 0, err
			}
			m.mu.Lock()
			m.insert(termKey{lang, t}, l, epoch)
			m.mu.Unlock()
			lists[i] = l
		}
		if len(lists[i].ids) == 0 {
			return lists, nil, epoch, nil
		}
	}
	if docs == nil {
		if docs, err = s.loadDocs(ctx, lang, epoch); err != nil {
			return nil, nil, 0, err
		}
	}
	return lists, docs, epoch, nil
}

// loadDocs loads the documents of lang and keeps them, unless a change
// arrived since epoch (the caller still uses what was loaded) or another
// search kept them first.
func (s *DB) loadDocs(ctx context.Context, lang content.Lang, epoch uint64) (*docTable, error) {
	docs, err := s.memDocs(ctx, lang)
	if err != nil {
		return nil, err
	}
	m := s.mem
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.epoch == epoch && m.docs[lang] == nil {
		m.docs[lang] = docs
	}
	return docs, nil
}

// loadPostings reads a term's whole posting list: one index range.
func (s *DB) loadPostings(ctx context.Context, lang content.Lang, term string) (*postingList, error) {
	l := &postingList{}
	err := s.queryRows(ctx, `SELECT episode_id, weight FROM search_postings WHERE lang = ? AND term = ? ORDER BY episode_id`, []any{string(lang), term}, func(rows *sql.Rows) error {
		var id int64
		var w int
		if err := rows.Scan(&id, &w); err != nil {
			return err
		}
		id32, err := postingID(id)
		if err != nil {
			return err
		}
		l.ids = append(l.ids, id32)
		l.weights = append(l.weights, postingWeight(w))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	return l, nil
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

// postingID is an episode id as the lists in memory hold it.
func postingID(id int64) (uint32, error) {
	if id < 0 || id > math.MaxUint32 {
		return 0, fmt.Errorf("episode id %d does not fit the search index in memory (32 bits)", id)
	}
	return uint32(id), nil
}

// postingWeight is a weight as the lists in memory hold it (index weights
// are at most weightTitle+9).
func postingWeight(w int) uint8 { return uint8(min(max(w, 0), math.MaxUint8)) }

// unixNano is t in Unix nanoseconds, clamped to what int64 holds (a
// date past 2262 is "never", one before 1678 "always").
func unixNano(t time.Time) int64 {
	switch {
	case t.Year() >= 2262:
		return notShown - 1
	case t.Year() < 1678:
		return math.MinInt64
	}
	return t.UnixNano()
}

// seek returns the first index i ≥ from with ids[i] ≥ id (len(ids) when
// none), galloping: cheap both when the next match is near (lists of
// similar length) and when it is far (a short list against a long one).
func seek(ids []uint32, from int, id uint32) int {
	if from >= len(ids) || ids[from] >= id {
		return from
	}
	lo, step := from, 1 // ids[lo] < id
	hi := lo + step
	for hi < len(ids) && ids[hi] < id {
		lo = hi
		step <<= 1
		hi = lo + step
	}
	hi = min(hi, len(ids))
	i, _ := slices.BinarySearch(ids[lo+1:hi], id)
	return lo + 1 + i
}

// intersect calls fn with every episode id present in all lists (by
// ascending id) and the sum of its weights; lists must not be empty.
func intersect(lists []*postingList, fn func(id int64, score int)) {
	lists = slices.Clone(lists)
	slices.SortFunc(lists, func(a, b *postingList) int { return len(a.ids) - len(b.ids) })
	base, rest := lists[0], lists[1:]
	at := make([]int, len(rest))
next:
	for i, id := range base.ids {
		score := int(base.weights[i])
		for j, l := range rest {
			k := seek(l.ids, at[j], id)
			at[j] = k
			if k == len(l.ids) {
				return
			}
			if l.ids[k] != id {
				continue next
			}
			score += int(l.weights[k])
		}
		fn(int64(id), score)
	}
}
