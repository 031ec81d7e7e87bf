package sqldb

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/related"
	"github.com/busrides/busrides/internal/store"
)

// Related episodes are derived when content changes, not per request
// (the rule: internal/related). related_lists and related_episodes hold,
// for each version with a public page, its first related.Keep candidates
// with the keys they rank by; content_state.related_gen is the generation
// they are derived for.
//
// What changes a list is what the search index sees change: the versions
// recorded in search_changes (a text, topics, authors, status, date or
// exception). bumpGeneration, holding the content_state row that orders
// the writers, follows the transaction's own changes when the lists were
// up to date before it and it changed at most relatedInTxLimit versions
// (followChanges): for each changed version Y it derives Y's list from all
// its candidates, and updates only the lists X that hold Y (the index
// related_episodes_related) or that Y now enters (Y beats X's weakest
// stored entry, read with X's list state); the others cannot change. A
// larger change (an import, a rename, a reindex) leaves related_gen
// behind: CatchUpRelated, run by a server in the background, follows the
// journal from related_gen, or derives every list at once in memory
// (related.Derive) when the journal is long. Meanwhile pages compute their
// related episodes from the tables (relatedCandidates) when their topics
// are small enough, and otherwise show their stored list as it stands or,
// without one, the newest episodes of their topics (RelatedEpisodes).
//
// Several servers: followChanges runs under the content_state row lock,
// one transaction at a time; deriving every list is claimed in
// content_state (related_claim), checked by each transaction that writes
// its lists, and taken over when its holder has not written for
// relatedClaimTimeout.

const (
	// relatedInTxLimit is the most changed versions a transaction follows
	// itself; beyond, the background catch-up does.
	relatedInTxLimit = 40
	// relatedFollowLimit is the most changed versions the catch-up follows
	// one by one; beyond, it derives every list.
	relatedFollowLimit = 400
	// relatedDeriveChunk is how many episodes' lists one transaction of a
	// derivation writes.
	relatedDeriveChunk = 1000
	// relatedDerivePass is how many chunks' lists a derivation computes
	// at a time: it holds every version's features (topics and term
	// numbers) and the lists of one pass, not the whole library's lists.
	relatedDerivePass = 10
	// relatedClaimTimeout is how long a derivation may go without writing
	// before another server takes it over.
	relatedClaimTimeout = 10 * time.Minute
	// relatedTableLimit is the most episodes a version's topics may hold
	// for a page to compute its related episodes from the tables while
	// the lists are behind (RelatedEpisodes). At 100,000 episodes, a
	// version whose topics held 8,000 took 0.4 s in the sqlite3 shell.
	relatedTableLimit = 2000
)

// relatedKey is a version whose list changes.
type relatedKey struct {
	id   int64
	lang content.Lang
}

// RelatedEpisodes implements store.Catalogue: the stored list when the
// lists are up to date and it holds enough live entries, otherwise the
// candidates computed from the tables; loaded as cards.
//
// While the lists are behind, computing from the tables costs about a
// second at 100,000 episodes (every episode sharing a topic, and their
// shared terms). When the version's topics hold more than
// s.relatedTableLimit episodes, a page shows instead its stored list as
// it stands (the catch-up records a change of that page if the list
// changes), or, for a version that has none yet (after a bulk load), the
// newest live episodes of its topics (relatedStandIn), until the catch-up
// writes its list and records the page's change.
func (s *DB) RelatedEpisodes(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time, limit int) ([]*content.Episode, error) {
	if len(ep.Topics) == 0 || limit <= 0 {
		return nil, nil
	}
	st, err := s.storedRelated(ctx, ep.ID, lang, now, limit)
	if err != nil {
		return nil, fmt.Errorf("store: related episodes: %w", err)
	}
	ids := st.ids
	if !st.ok {
		large := false
		if st.behind {
			if large, err = s.relatedPoolLarge(ctx, ep, lang); err != nil {
				return nil, fmt.Errorf("store: related episodes: %w", err)
			}
		}
		switch {
		case large && st.listed && len(st.ids) > 0:
			// The stored list as it stands.
		case large:
			if ids, err = s.relatedStandIn(ctx, ep, lang, now, limit); err != nil {
				return nil, fmt.Errorf("store: related episodes: %w", err)
			}
		default:
			cands, err := s.relatedCandidates(ctx, s.q, ep.ID, lang, now, true)
			if err != nil {
				return nil, fmt.Errorf("store: related episodes: %w", err)
			}
			ids = ids[:0]
			for _, e := range related.Top(cands, limit).Entries {
				ids = append(ids, e.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.loadPublicAs(ctx, ids, loadCards)
}

// storedState is what storedRelated found of a version's stored list.
type storedState struct {
	// ids are the list's first live entries, at most limit.
	ids []int64
	// ok: the lists are up to date and ids can be shown as they are.
	ok bool
	// behind: the lists are behind the content (the background
	// catch-up has been told).
	behind bool
	// listed: the version has a stored list.
	listed bool
}

// storedRelated returns the first limit live entries of the stored list of
// (id, lang); ok is false when they cannot be trusted or do not suffice:
// the lists are behind (the background catch-up is told), the version has
// no list, or fewer than limit entries are live while more candidates
// exist.
func (s *DB) storedRelated(ctx context.Context, id int64, lang content.Lang, now time.Time, limit int) (storedState, error) {
	var st storedState
	var gen, rgen int64
	var more sql.NullInt64
	head := false
	// One round trip: the state of the lists and the version's list (-1
	// for none), then the list's first live entries. CROSS JOIN keeps
	// SQLite from walking every live episode (the episodes_live index) to
	// find the dozen listed.
	err := s.queryRows(ctx, `SELECT 0, c.generation, c.related_gen, COALESCE(l.more, -1) FROM content_state c
		LEFT JOIN related_lists l ON l.episode_id = ? AND l.lang = ? WHERE c.id = 1
		UNION ALL SELECT * FROM (SELECT 1, r.related_id, r.position, 0 FROM related_episodes r CROSS JOIN episodes e
		WHERE e.id = r.related_id AND r.episode_id = ? AND r.lang = ? AND `+liveWhere+` ORDER BY r.position LIMIT ?) listed
		ORDER BY 1, 3`,
		[]any{id, string(lang), id, string(lang), s.t(now), limit}, func(rows *sql.Rows) error {
			var which, a, b, c int64
			if err := rows.Scan(&which, &a, &b, &c); err != nil {
				return err
			}
			if which == 0 {
				head, gen, rgen = true, a, b
				more = sql.NullInt64{Int64: c, Valid: c >= 0}
			} else {
				st.ids = append(st.ids, a)
			}
			return nil
		})
	if err != nil {
		return st, err
	}
	if !head {
		return st, fmt.Errorf("related lists: %w", sql.ErrNoRows)
	}
	st.behind, st.listed = gen != rgen, more.Valid
	if st.behind {
		s.relatedBehind()
	}
	if !st.listed {
		st.ids = nil
		return st, nil
	}
	st.ok = !st.behind && (len(st.ids) >= limit || more.Int64 == 0)
	return st, nil
}

// relatedPoolLarge reports whether the topics of ep hold more than
// s.relatedTableLimit entries in lang (listing_counts, scheduled ones
// included): too many to compute its related episodes from the tables
// for a page.
func (s *DB) relatedPoolLarge(ctx context.Context, ep *content.Episode, lang content.Lang) (bool, error) {
	args := []any{string(lang), scopeTopic}
	for _, t := range ep.Topics {
		args = append(args, t.ID)
	}
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM listing_counts WHERE lang = ? AND scope = ? AND scope_id IN (`+
		placeholders(len(ep.Topics))+`)`, args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("related pool: %w", err)
	}
	return n > s.relatedTableLimit, nil
}

// relatedStandIn returns the newest live episodes in lang of ep's topics
// (each topic's list, merged), ep excepted: what a page shows while its
// related list is not derived yet and too costly to compute.
func (s *DB) relatedStandIn(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time, limit int) ([]int64, error) {
	type entry struct {
		id  int64
		pub time.Time
	}
	var all []entry
	for _, t := range ep.Topics {
		err := s.queryRows(ctx, `SELECT le.episode_id, le.published_at FROM listing_entries le
			WHERE le.lang = ? AND le.scope = ? AND le.scope_id = ? AND le.published_at <= ? AND le.episode_id <> ?
			ORDER BY le.published_at DESC, le.episode_id DESC LIMIT ?`,
			[]any{string(lang), scopeTopic, t.ID, s.t(now), ep.ID, limit}, func(rows *sql.Rows) error {
				var e entry
				var pub dbTime
				if err := rows.Scan(&e.id, &pub); err != nil {
					return err
				}
				e.pub = pub.T
				all = append(all, e)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("related stand-in: %w", err)
		}
	}
	slices.SortFunc(all, func(a, b entry) int {
		if c := b.pub.Compare(a.pub); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	ids := make([]int64, 0, limit)
	for _, e := range all {
		if len(ids) == limit {
			break
		}
		if !slices.Contains(ids, e.id) {
			ids = append(ids, e.id)
		}
	}
	return ids, nil
}

// relatedBehind tells the background catch-up, if one runs, that a page
// found the lists behind.
func (s *DB) relatedBehind() {
	select {
	case s.relatedKick <- struct{}{}:
	default:
	}
}

// RelatedBehind implements store.RelatedLists.
func (s *DB) RelatedBehind() <-chan struct{} { return s.relatedKick }

// relatedWhere is what makes the version v of episode e a candidate, and
// gives it a list: published (at any date) and shown.
const relatedWhere = `e.status = 'published' AND e.published_at IS NOT NULL AND ` + shownWhere

// relatedCandidates returns the candidates of version (id, lang) as its
// list ranks them (related.Entry), from the tables; with live, only those
// live at now.
func (s *DB) relatedCandidates(ctx context.Context, q querier, id int64, lang content.Lang, now time.Time, live bool) ([]related.Entry, error) {
	where := relatedWhere
	args := []any{string(lang), id}
	if live {
		where += ` AND e.published_at <= ?`
		args = append(args, s.t(now))
	}
	var cands []related.Entry
	rows, err := q.QueryContext(ctx, `SELECT e.id, COUNT(*), e.published_at FROM episode_topics y
		JOIN episode_topics et ON et.topic_id = y.topic_id AND et.episode_id <> y.episode_id
		JOIN episodes e ON e.id = et.episode_id
		JOIN versions v ON v.episode_id = e.id AND v.lang = ?
		WHERE y.episode_id = ? AND `+where+`
		GROUP BY e.id, e.published_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	for rows.Next() {
		var e related.Entry
		var pub dbTime
		if err := rows.Scan(&e.ID, &e.Topics, &pub); err != nil {
			rows.Close()
			return nil, fmt.Errorf("candidates: %w", err)
		}
		e.Published = pub.T.UnixMicro()
		cands = append(cands, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	if len(cands) == 0 {
		return nil, nil
	}
	terms, err := s.sharedTerms(ctx, q, id, lang)
	if err != nil {
		return nil, err
	}
	for i := range cands {
		cands[i].Terms = terms[cands[i].ID]
	}
	return cands, nil
}

// sharedTerms counts, for every other episode, the meaningful terms its
// version in lang shares with version (id, lang): postings of weight
// weightMeta (index.WeightMeta) or more on both sides.
func (s *DB) sharedTerms(ctx context.Context, q querier, id int64, lang content.Lang) (map[int64]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT p2.episode_id, COUNT(*) FROM search_postings p1
		JOIN search_postings p2 ON p2.lang = p1.lang AND p2.term = p1.term AND p2.weight >= ?
		WHERE p1.episode_id = ? AND p1.lang || '' = ? AND p1.weight >= ? AND p2.episode_id <> p1.episode_id
		GROUP BY p2.episode_id`, weightMeta, id, string(lang), weightMeta)
	if err != nil {
		return nil, fmt.Errorf("shared terms: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var eid int64
		var n int
		if err := rows.Scan(&eid, &n); err != nil {
			return nil, fmt.Errorf("shared terms: %w", err)
		}
		out[eid] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shared terms: %w", err)
	}
	return out, nil
}

// relatedVersion returns whether version (id, lang) has a list (and is a
// candidate of others), and its publication time in microseconds.
func (s *DB) relatedVersion(ctx context.Context, q querier, id int64, lang content.Lang) (bool, int64, error) {
	var pub dbTime
	err := q.QueryRowContext(ctx, `SELECT e.published_at FROM episodes e JOIN versions v ON v.episode_id = e.id AND v.lang = ?
		WHERE e.id = ? AND `+relatedWhere, string(lang), id).Scan(&pub)
	if isNoRows(err) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("related version: %w", err)
	}
	return true, pub.T.UnixMicro(), nil
}

// storedList reads the stored list of (id, lang); ok is false when the
// version has none.
func (s *DB) storedList(ctx context.Context, q querier, k relatedKey) (related.List, bool, error) {
	var l related.List
	var more int
	err := q.QueryRowContext(ctx, `SELECT more FROM related_lists WHERE episode_id = ? AND lang = ?`, k.id, string(k.lang)).Scan(&more)
	if isNoRows(err) {
		return l, false, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("stored list: %w", err)
	}
	l.More = more != 0
	rows, err := q.QueryContext(ctx, `SELECT related_id, shared_topics, shared_terms, related_published FROM related_episodes
		WHERE episode_id = ? AND lang = ? ORDER BY position`, k.id, string(k.lang))
	if err != nil {
		return l, false, fmt.Errorf("stored list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e related.Entry
		if err := rows.Scan(&e.ID, &e.Topics, &e.Terms, &e.Published); err != nil {
			return l, false, fmt.Errorf("stored list: %w", err)
		}
		l.Entries = append(l.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return l, false, fmt.Errorf("stored list: %w", err)
	}
	return l, true, nil
}

// writeList stores l as the list of k (has: whether k has a list at all),
// replacing the one it had.
func (s *DB) writeList(ctx context.Context, q querier, k relatedKey, l related.List, has bool) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM related_episodes WHERE episode_id = ? AND lang = ?`, k.id, string(k.lang)); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	if !has {
		if _, err := q.ExecContext(ctx, `DELETE FROM related_lists WHERE episode_id = ? AND lang = ?`, k.id, string(k.lang)); err != nil {
			return fmt.Errorf("write list: %w", err)
		}
		return nil
	}
	more := 0
	if l.More {
		more = 1
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO related_lists (episode_id, lang, n, more) VALUES (?, ?, ?, ?)
		ON CONFLICT (episode_id, lang) DO UPDATE SET n = excluded.n, more = excluded.more`, k.id, string(k.lang), len(l.Entries), more); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	if len(l.Entries) == 0 {
		return nil
	}
	args := make([]any, 0, 7*len(l.Entries))
	for i, e := range l.Entries {
		args = append(args, k.id, string(k.lang), i, e.ID, e.Topics, e.Terms, e.Published)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO related_episodes (episode_id, lang, position, related_id, shared_topics, shared_terms, related_published) VALUES `+
		strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?, ?, ?), `, len(l.Entries)), ", "), args...); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	return nil
}

// changedVersions returns the versions recorded in search_changes by the
// generations after from, up to to, or ok false when there are more than
// limit.
func (s *DB) changedVersions(ctx context.Context, q querier, from, to int64, limit int) ([]relatedKey, bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT episode_id, lang FROM search_changes WHERE gen > ? AND gen <= ? LIMIT ?`, from, to, limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("changed versions: %w", err)
	}
	defer rows.Close()
	var out []relatedKey
	for rows.Next() {
		var k relatedKey
		if err := rows.Scan(&k.id, &k.lang); err != nil {
			return nil, false, fmt.Errorf("changed versions: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("changed versions: %w", err)
	}
	if len(out) > limit {
		return nil, false, nil
	}
	slices.SortFunc(out, func(a, b relatedKey) int {
		if a.id != b.id {
			return int(min(max(a.id-b.id, -1), 1))
		}
		return strings.Compare(string(a.lang), string(b.lang))
	})
	return out, true, nil
}

// followRelated is called by bumpGeneration after it moved the generation
// to g, with the lists derived for rg: when they were up to date before
// this transaction (rg = g-1) and it changed few versions, it brings them
// up to g and returns the tags of the pages whose lists changed.
func (s *DB) followRelated(ctx context.Context, q querier, g, rg int64) ([]string, error) {
	if rg != g-1 {
		return nil, nil
	}
	keys, ok, err := s.changedVersions(ctx, q, g-1, g, relatedInTxLimit)
	if err != nil || !ok {
		return nil, err
	}
	tags, err := s.followChanges(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	if _, err := q.ExecContext(ctx, `UPDATE content_state SET related_gen = ? WHERE id = 1`, g); err != nil {
		return nil, fmt.Errorf("related generation: %w", err)
	}
	return tags, nil
}

// followChanges brings the lists up to date with the changed versions
// keys, every other version being as the lists were derived for, and
// returns the tags of the pages whose lists changed. It runs holding the
// content_state row.
func (s *DB) followChanges(ctx context.Context, q querier, keys []relatedKey) ([]string, error) {
	var tags []string
	for _, y := range keys {
		changed, err := s.followChange(ctx, q, y)
		if err != nil {
			return nil, fmt.Errorf("related episodes of %d (%s): %w", y.id, y.lang, err)
		}
		for _, id := range changed {
			tags = append(tags, store.TagEpisodePage(id))
		}
	}
	return tags, nil
}

// followChange updates the lists a change of version y can alter: its own
// and those of the versions X that list it or that it now enters. It
// returns the episodes whose lists changed.
func (s *DB) followChange(ctx context.Context, q querier, y relatedKey) ([]int64, error) {
	var changed []int64
	has, pub, err := s.relatedVersion(ctx, q, y.id, y.lang)
	if err != nil {
		return nil, err
	}
	var cands []related.Entry
	if has {
		if cands, err = s.relatedCandidates(ctx, q, y.id, y.lang, time.Time{}, false); err != nil {
			return nil, err
		}
	}
	old, had, err := s.storedList(ctx, q, y)
	if err != nil {
		return nil, err
	}
	if next := related.Top(cands, related.Keep); had != has || !next.Equal(old) {
		if err := s.writeList(ctx, q, y, next, has); err != nil {
			return nil, err
		}
		changed = append(changed, y.id)
	}

	// y as each candidate X ranks it: the scores are symmetric.
	asSeen := make(map[int64]related.Entry, len(cands))
	for _, c := range cands {
		asSeen[c.ID] = related.Entry{ID: y.id, Topics: c.Topics, Terms: c.Terms, Published: pub}
	}
	// The lists holding y, and those y may now enter: a candidate whose
	// list is short of related.Keep without more, or whose weakest entry y
	// beats.
	affected, err := s.ids(ctx, q, `SELECT episode_id FROM related_episodes WHERE related_id = ? AND lang = ?`, y.id, string(y.lang))
	if err != nil {
		return nil, err
	}
	if len(cands) > 0 {
		rows, err := q.QueryContext(ctx, `SELECT l.episode_id, l.more, r.related_id, r.shared_topics, r.shared_terms, r.related_published
			FROM related_lists l LEFT JOIN related_episodes r ON r.episode_id = l.episode_id AND r.lang = l.lang AND r.position = l.n - 1
			WHERE l.lang = ? AND l.episode_id IN (SELECT et.episode_id FROM episode_topics et JOIN episode_topics y ON y.topic_id = et.topic_id WHERE y.episode_id = ?)`,
			string(y.lang), y.id)
		if err != nil {
			return nil, fmt.Errorf("weakest entries: %w", err)
		}
		for rows.Next() {
			var x int64
			var more int
			var wid, wtopics, wterms, wpub sql.NullInt64
			if err := rows.Scan(&x, &more, &wid, &wtopics, &wterms, &wpub); err != nil {
				rows.Close()
				return nil, fmt.Errorf("weakest entries: %w", err)
			}
			e, ok := asSeen[x]
			if !ok {
				continue
			}
			weakest := related.Entry{ID: wid.Int64, Topics: int(wtopics.Int64), Terms: int(wterms.Int64), Published: wpub.Int64}
			if more == 0 || !wid.Valid || related.Compare(e, weakest) < 0 {
				affected = append(affected, x)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("weakest entries: %w", err)
		}
	}
	slices.Sort(affected)
	for _, x := range slices.Compact(affected) {
		if x == y.id {
			continue
		}
		k := relatedKey{x, y.lang}
		l, ok, err := s.storedList(ctx, q, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		e, cand := asSeen[x]
		if !cand {
			e = related.Entry{ID: y.id}
		}
		next, full := related.Update(l, e, cand)
		if full {
			all, err := s.relatedCandidates(ctx, q, x, y.lang, time.Time{}, false)
			if err != nil {
				return nil, err
			}
			next = related.Top(all, related.Keep)
		}
		if next.Equal(l) {
			continue
		}
		if err := s.writeList(ctx, q, k, next, true); err != nil {
			return nil, err
		}
		changed = append(changed, x)
	}
	return changed, nil
}

// CatchUpRelated implements store.RelatedLists.
func (s *DB) CatchUpRelated(ctx context.Context) (bool, error) {
	for {
		var gen, rgen int64
		if err := s.q.QueryRowContext(ctx, `SELECT generation, related_gen FROM content_state WHERE id = 1`).Scan(&gen, &rgen); err != nil {
			return false, fmt.Errorf("store: related catch-up: %w", err)
		}
		if gen == rgen {
			return true, nil
		}
		followed := false
		if rgen >= 0 && gen-rgen < journalKeep/2 {
			err := s.inTx(ctx, func(tx querier) error {
				// The row lock orders this with every writer.
				var g, rg int64
				if err := tx.QueryRowContext(ctx, `UPDATE content_state SET related_gen = related_gen WHERE id = 1 RETURNING generation, related_gen`).Scan(&g, &rg); err != nil {
					return err
				}
				if rg != rgen {
					followed = true // moved meanwhile: look again
					return nil
				}
				keys, ok, err := s.changedVersions(ctx, tx, rg, g, relatedFollowLimit)
				if err != nil || !ok {
					return err
				}
				tags, err := s.followChanges(ctx, tx, keys)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE content_state SET related_gen = ? WHERE id = 1`, g); err != nil {
					return err
				}
				followed = true
				if len(tags) == 0 {
					return nil
				}
				return s.bumpGeneration(ctx, tx, tags...)
			})
			if err != nil {
				return false, fmt.Errorf("store: related catch-up: %w", err)
			}
		}
		if followed {
			continue
		}
		done, err := s.deriveClaimed(ctx)
		if err != nil || !done {
			return done, err
		}
	}
}

// DeriveRelated derives every list at once, even when they are up to date
// (benchmarks, tests), then follows what changed meanwhile, as
// CatchUpRelated. It returns false when another server is deriving them.
func (s *DB) DeriveRelated(ctx context.Context) (bool, error) {
	done, err := s.deriveClaimed(ctx)
	if err != nil || !done {
		return done, err
	}
	return s.CatchUpRelated(ctx)
}

// deriveClaimed derives every list at once (related.Derive) and stores
// those that differ, a chunk of episodes per transaction, then marks the
// lists derived for the generation read before the features: what
// changed since is followed from the journal. It returns false without
// doing anything when another server is deriving them.
func (s *DB) deriveClaimed(ctx context.Context) (bool, error) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	claim := hex.EncodeToString(b[:])
	res, err := s.q.ExecContext(ctx, `UPDATE content_state SET related_claim = ?, related_claimed_at = ?
		WHERE id = 1 AND (related_claim IS NULL OR related_claimed_at < ?)`, claim, s.t(time.Now()), s.t(time.Now().Add(-relatedClaimTimeout)))
	if err != nil {
		return false, fmt.Errorf("store: derive related: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	release := func() {
		_, _ = s.q.ExecContext(context.WithoutCancel(ctx), `UPDATE content_state SET related_claim = NULL WHERE id = 1 AND related_claim = ?`, claim)
	}
	if err := s.deriveRelated(ctx, claim); err != nil {
		release()
		return false, fmt.Errorf("store: derive related: %w", err)
	}
	return true, nil
}

// errClaimLost ends a derivation whose claim another server took over.
var errClaimLost = fmt.Errorf("another server took over: %w", content.ErrConflict)

func (s *DB) deriveRelated(ctx context.Context, claim string) error {
	var gen int64
	if err := s.q.QueryRowContext(ctx, `SELECT generation FROM content_state WHERE id = 1`).Scan(&gen); err != nil {
		return err
	}
	feats, err := s.relatedFeatures(ctx)
	if err != nil {
		return err
	}
	var ids []int64
	for _, vs := range feats {
		for _, v := range vs {
			ids = append(ids, v.ID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	// Chunks of episode ids, from 0 to the end, so that stored lists of
	// versions that no longer have one are removed too; the lists are
	// derived a pass of chunks at a time.
	var lists map[relatedKey]related.List
	lo := int64(0)
	chunk, pass := s.deriveChunk, s.derivePass
	for i := 0; ; i += chunk {
		hi := int64(1<<62 - 1)
		if i+chunk < len(ids) {
			hi = ids[i+chunk-1]
		}
		if i%(chunk*pass) == 0 {
			passHi := int64(1<<62 - 1)
			if end := i + chunk*pass; end < len(ids) {
				passHi = ids[end-1]
			}
			lists = deriveRange(feats, lo, passHi)
		}
		err := s.inTx(ctx, func(tx querier) error {
			res, err := tx.ExecContext(ctx, `UPDATE content_state SET related_claimed_at = ? WHERE id = 1 AND related_claim = ?`, s.t(time.Now()), claim)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return cmpOr(err, errClaimLost)
			}
			stored, err := s.storedLists(ctx, tx, lo, hi)
			if err != nil {
				return err
			}
			var tags []string
			for k := range stored {
				if _, ok := lists[k]; !ok {
					if err := s.writeList(ctx, tx, k, related.List{}, false); err != nil {
						return err
					}
					tags = append(tags, store.TagEpisodePage(k.id))
				}
			}
			for k, l := range lists {
				if k.id < lo || k.id > hi {
					continue
				}
				if old, ok := stored[k]; ok && old.Equal(l) {
					continue
				}
				if err := s.writeList(ctx, tx, k, l, true); err != nil {
					return err
				}
				tags = append(tags, store.TagEpisodePage(k.id))
			}
			if len(tags) == 0 {
				return nil
			}
			return s.bumpGeneration(ctx, tx, tags...)
		})
		if err != nil {
			return err
		}
		if hi == 1<<62-1 {
			break
		}
		lo = hi + 1
	}
	err = s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE content_state SET related_gen = ?, related_claim = NULL WHERE id = 1 AND related_claim = ?`, gen, claim)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpOr(err, errClaimLost)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return nil
}

func cmpOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// storedLists reads the stored lists of the episodes lo to hi.
func (s *DB) storedLists(ctx context.Context, q querier, lo, hi int64) (map[relatedKey]related.List, error) {
	out := map[relatedKey]related.List{}
	rows, err := q.QueryContext(ctx, `SELECT l.episode_id, l.lang, l.more, r.related_id, r.shared_topics, r.shared_terms, r.related_published
		FROM related_lists l LEFT JOIN related_episodes r ON r.episode_id = l.episode_id AND r.lang = l.lang
		WHERE l.episode_id >= ? AND l.episode_id <= ? ORDER BY l.episode_id, l.lang, r.position`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("stored lists: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k relatedKey
		var more int
		var rid, topics, terms, pub sql.NullInt64
		if err := rows.Scan(&k.id, &k.lang, &more, &rid, &topics, &terms, &pub); err != nil {
			return nil, fmt.Errorf("stored lists: %w", err)
		}
		l := out[k]
		l.More = more != 0
		if rid.Valid {
			l.Entries = append(l.Entries, related.Entry{ID: rid.Int64, Topics: int(topics.Int64), Terms: int(terms.Int64), Published: pub.Int64})
		}
		out[k] = l
	}
	return out, rows.Err()
}

// relatedFeatures reads what every version's list is derived from, by
// language: the versions with a public page, their topics and terms.
func (s *DB) relatedFeatures(ctx context.Context) (map[content.Lang][]related.Version, error) {
	topics := map[int64][]int64{}
	err := s.queryRows(ctx, `SELECT episode_id, topic_id FROM episode_topics`, nil, func(rows *sql.Rows) error {
		var e, t int64
		if err := rows.Scan(&e, &t); err != nil {
			return err
		}
		topics[e] = append(topics[e], t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	for _, ts := range topics {
		slices.Sort(ts)
	}
	out := map[content.Lang][]related.Version{}
	for _, lang := range content.Langs {
		var vs []related.Version
		at := map[int64]int{}
		err := s.queryRows(ctx, `SELECT e.id, e.published_at FROM episodes e JOIN versions v ON v.episode_id = e.id AND v.lang = ?
			WHERE `+relatedWhere+` ORDER BY e.id`, []any{string(lang)}, func(rows *sql.Rows) error {
			var v related.Version
			var pub dbTime
			if err := rows.Scan(&v.ID, &pub); err != nil {
				return err
			}
			v.Published = pub.T.UnixMicro()
			v.Topics = slices.Compact(topics[v.ID])
			at[v.ID] = len(vs)
			vs = append(vs, v)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("versions: %w", err)
		}
		terms := map[string]uint32{}
		err = s.queryRows(ctx, `SELECT episode_id, term FROM search_postings WHERE lang = ? AND weight >= ?`,
			[]any{string(lang), weightMeta}, func(rows *sql.Rows) error {
				var id int64
				var term string
				if err := rows.Scan(&id, &term); err != nil {
					return err
				}
				i, ok := at[id]
				if !ok {
					return nil
				}
				n, ok := terms[term]
				if !ok {
					n = uint32(len(terms))
					terms[term] = n
				}
				vs[i].Terms = append(vs[i].Terms, n)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("terms: %w", err)
		}
		out[lang] = vs
	}
	return out, nil
}

// deriveRange derives the lists of the versions of episodes lo to hi,
// every version being a candidate.
func deriveRange(feats map[content.Lang][]related.Version, lo, hi int64) map[relatedKey]related.List {
	out := map[relatedKey]related.List{}
	for lang, vs := range feats {
		in := func(i int) bool { return vs[i].ID >= lo && vs[i].ID <= hi }
		for i, l := range related.DeriveWhere(vs, related.Keep, runtime.GOMAXPROCS(0), in) {
			if in(i) {
				out[relatedKey{vs[i].ID, lang}] = l
			}
		}
	}
	return out
}
