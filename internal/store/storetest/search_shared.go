package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
)

// RunShared runs the tests of two stores on one database, as two servers
// share one. open must return two stores opened on the same new, empty,
// migrated database; RunShared closes them when the test ends.
func RunShared(t *testing.T, open func(t *testing.T) (a, b store.Store)) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, a, b store.Store)
	}{
		{"SearchSeesEveryServersChanges", testSearchSharedChanges},
		{"SearchWhileAnotherServerWrites", testSearchSharedConcurrent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := open(t)
			t.Cleanup(func() {
				unstampedSearchChanges(t, a)
				for _, s := range []store.Store{a, b} {
					if err := s.Close(); err != nil {
						t.Errorf("close: %v", err)
					}
				}
			})
			tc.fn(t, a, b)
		})
	}
}

// sharedQueries are the searches compared with the reference: generated
// two-word queries in each language, with and without a kind filter.
func sharedQueries() []store.SearchQuery {
	var qs []store.SearchQuery
	for _, lang := range content.Langs {
		for i, q := range benchcorpus.Queries(string(lang), 16, 3) {
			sq := store.SearchQuery{Lang: lang, Now: benchcorpus.Now, Terms: search.ParseQuery(string(lang), q).Terms}
			if i%4 == 3 {
				sq.Kind = content.Read
			}
			qs = append(qs, sq)
		}
		// One common word alone, so that many versions match.
		qs = append(qs, store.SearchQuery{Lang: lang, Now: benchcorpus.Now, Terms: search.ParseQuery(string(lang), benchcorpus.Vocabulary(string(lang))[0]).Terms})
	}
	return qs
}

// outcome is what a search answers, in comparable form: every hit (no
// page limit) as "id:score:title" in order, the total and the topic
// counts.
type outcome struct {
	Hits   []string
	Total  int
	Topics map[int64]int
}

func searchOutcome(t *testing.T, s store.Store, q store.SearchQuery) outcome {
	t.Helper()
	res := runSearch(t, s, q)
	o := outcome{Total: res.Total, Topics: res.TopicCounts}
	for _, h := range res.Hits {
		title := ""
		if v := h.Episode.Version(q.Lang); v != nil {
			title = v.Title
		}
		o.Hits = append(o.Hits, fmt.Sprintf("%d:%d:%s", h.Episode.ID, h.Score, title))
	}
	return o
}

// referenceOutcome computes what q must answer straight from the index
// tables and the episodes, with none of the search code: the versions in
// q.Lang holding every term, live and not hidden by an exception,
// filtered by kind, by score, then newest, then highest id.
func referenceOutcome(t *testing.T, s store.Store, snap snapshot, q store.SearchQuery) outcome {
	t.Helper()
	ctx := t.Context()
	db := sqlOf(s)
	terms := slices.Compact(slices.Sorted(slices.Values(q.Terms)))
	// Analysed terms are [a-z0-9]+ and languages two letters, so they are
	// written into the statement (which then needs no placeholders, whose
	// syntax differs between the drivers).
	quoted := make([]string, len(terms))
	for i, term := range terms {
		if !isTerm(term) {
			t.Fatalf("term %q is not [a-z0-9]+", term)
		}
		quoted[i] = "'" + term + "'"
	}
	if q.Lang != content.English && q.Lang != content.French {
		t.Fatalf("language %q", q.Lang)
	}
	rows, err := db.QueryContext(ctx, `SELECT episode_id, SUM(weight), COUNT(*) FROM search_postings
		WHERE lang = '`+string(q.Lang)+`' AND term IN (`+strings.Join(quoted, ", ")+`) GROUP BY episode_id`)
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	score := map[int64]int{}
	for rows.Next() {
		var id int64
		var sum, n int
		if err := rows.Scan(&id, &sum, &n); err != nil {
			t.Fatal(err)
		}
		if n == len(terms) {
			score[id] = sum
		}
	}
	rows.Close()
	type hit struct {
		id, score int
		published time.Time
		title     string
	}
	var hits []hit
	o := outcome{Topics: map[int64]int{}}
	for id, sc := range score {
		e := snap.episodes[id]
		if e == nil {
			t.Fatalf("postings of episode %d, which does not exist", id)
		}
		if e.Status != content.Published || e.PublishedAt.IsZero() || e.PublishedAt.After(q.Now) || snap.hidden[id] == q.Lang {
			continue
		}
		if q.Kind != "" && e.Kind != q.Kind {
			continue
		}
		for _, tp := range e.Topics {
			o.Topics[tp.ID]++
		}
		hits = append(hits, hit{int(id), sc, e.PublishedAt, e.Version(q.Lang).Title})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if c := b.published.Compare(a.published); c != 0 {
			return c
		}
		return b.id - a.id
	})
	for _, h := range hits {
		o.Hits = append(o.Hits, fmt.Sprintf("%d:%d:%s", h.id, h.score, h.title))
	}
	o.Total = len(hits)
	return o
}

// snapshot is every episode, by id, and the language each one-language
// exception hides.
type snapshot struct {
	episodes map[int64]*content.Episode
	hidden   map[int64]content.Lang
	byKey    map[string]int64
}

func takeSnapshot(t *testing.T, s store.Store) snapshot {
	t.Helper()
	ctx := t.Context()
	db := sqlOf(s)
	snap := snapshot{episodes: map[int64]*content.Episode{}, hidden: map[int64]content.Lang{}, byKey: map[string]int64{}}
	rows, err := db.QueryContext(ctx, `SELECT id FROM episodes`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		e := mustByID(t, s, id)
		snap.episodes[id], snap.byKey[e.Key] = e, id
	}
	rows, err = db.QueryContext(ctx, `SELECT episode_id, lang FROM language_exceptions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var shown content.Lang
		if err := rows.Scan(&id, &shown); err != nil {
			t.Fatal(err)
		}
		snap.hidden[id] = shown.Other()
	}
	return snap
}

// checkShared compares a's answers with the reference and returns them.
func checkShared(t *testing.T, step string, a store.Store, qs []store.SearchQuery) []outcome {
	t.Helper()
	snap := takeSnapshot(t, a)
	out := make([]outcome, len(qs))
	for i, q := range qs {
		got, want := searchOutcome(t, a, q), referenceOutcome(t, a, snap, q)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: Search(%s %q, kind %q) differs from the index tables (-want +got):\n%s", step, q.Lang, q.Terms, q.Kind, diff)
		}
		out[i] = got
	}
	return out
}

func testSearchSharedChanges(t *testing.T, a, b store.Store) {
	if sqlOf(a) == nil {
		t.Skip("store does not expose SQL()")
	}
	ctx := t.Context()
	g := benchcorpus.New(5)
	qs := sharedQueries()
	mustImport(t, b, shortBundle(g, 0, 24))
	prev := checkShared(t, "after the first import", a, qs)
	if n := len(prev[len(prev)-1].Hits); n < 10 {
		t.Fatalf("a common word finds %d versions: the corpus is too small to test anything", n)
	}
	snap := takeSnapshot(t, a)
	ids := map[int]int64{}
	for i := range 24 {
		ids[i] = snap.byKey[benchcorpus.Key(i)]
	}
	live := func(i int) bool {
		e := mustByID(t, a, ids[i])
		return e.Status == content.Published && !e.PublishedAt.After(benchcorpus.Now) && e.Version(content.French) != nil
	}

	steps := []struct {
		name string
		fn   func(t *testing.T)
	}{
		{"the other server imports new texts", func(t *testing.T) {
			b2 := &content.Bundle{}
			for i := range 6 {
				b2.Episodes = append(b2.Episodes, short(g.Episode(i, 1)))
			}
			mustImport(t, b, b2)
		}},
		{"the other server unpublishes", func(t *testing.T) {
			n := 0
			for i := 6; i < 24 && n < 2; i++ {
				if live(i) {
					mustChange(t, b, ids[i], content.OpUnpublish, benchcorpus.Now, nil)
					n++
				}
			}
		}},
		{"the other server publishes one language alone", func(t *testing.T) {
			for i := 6; i < 24; i++ {
				if e := mustByID(t, b, ids[i]); e.Status == content.Unpublished {
					mustChange(t, b, ids[i], content.OpPublishOne, benchcorpus.Now, func(c *store.StateChange) {
						c.Exception = &content.LanguageException{Lang: content.French, Reason: "The English text is being revised by legal services."}
					})
					return
				}
			}
			t.Fatal("no unpublished episode")
		}},
		{"this server imports new texts", func(t *testing.T) {
			b2 := &content.Bundle{}
			for i := 10; i < 14; i++ {
				b2.Episodes = append(b2.Episodes, short(g.Episode(i, 2)))
			}
			mustImport(t, a, b2)
		}},
		{"the other server rebuilds the index", func(t *testing.T) {
			if err := b.Reindex(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for i, st := range steps {
		st.fn(t)
		// Every other step, the copy is brought up to date between
		// searches (as serve does each second), not by the search.
		if syncer, ok := a.(interface{ SyncSearch(context.Context) error }); ok && i%2 == 1 {
			if err := syncer.SyncSearch(ctx); err != nil {
				t.Fatalf("SyncSearch: %v", err)
			}
		}
		now := checkShared(t, "after "+st.name, a, qs)
		if st.name != "the other server rebuilds the index" && cmp.Equal(now, prev) {
			t.Fatalf("after %s: no search answers differently, so the step tested nothing", st.name)
		}
		prev = now
	}
}

// testSearchSharedConcurrent searches on one server while the other
// imports changes, then compares with the reference (under -race, this
// also checks the in-memory copy's locking).
func testSearchSharedConcurrent(t *testing.T, a, b store.Store) {
	if sqlOf(a) == nil {
		t.Skip("store does not expose SQL()")
	}
	g := benchcorpus.New(6)
	qs := sharedQueries()
	mustImport(t, b, shortBundle(g, 0, 20))
	checkShared(t, "after the first import", a, qs)

	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 2 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				q := qs[i%len(qs)]
				q.Limit = 5
				if _, err := a.Search(t.Context(), q); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for rev := 1; rev <= 6; rev++ {
		mustImport(t, b, &content.Bundle{Episodes: []content.Episode{short(g.Episode(rev, rev)), short(g.Episode(rev+10, rev))}})
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Search while the other server wrote: %v", err)
	}
	checkShared(t, "after the concurrent imports", a, qs)
}

// short keeps the first two paragraphs of an episode's bodies and
// transcripts: enough words for queries to match, fewer to analyse (the
// race detector makes analysis slow).
func short(e content.Episode) content.Episode {
	cut := func(html string) string {
		end := 0
		for range 2 {
			i := strings.Index(html[end:], "</p>")
			if i < 0 {
				return html
			}
			end += i + len("</p>")
		}
		return html[:end]
	}
	vs := map[content.Lang]*content.Version{}
	for lang, v := range e.Versions {
		c := *v
		c.BodyHTML, c.TranscriptHTML = cut(c.BodyHTML), cut(c.TranscriptHTML)
		c.BodyMarkdown, c.Transcript = "", ""
		vs[lang] = &c
	}
	e.Versions = vs
	return e
}

// shortBundle is g.Bundle(from, to) with short episodes.
func shortBundle(g *benchcorpus.Generator, from, to int) *content.Bundle {
	b := g.Bundle(from, to)
	for i := range b.Episodes {
		b.Episodes[i] = short(b.Episodes[i])
	}
	return b
}
