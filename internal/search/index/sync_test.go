package index

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
)

// checkAll compares the engine's answers to the reference for qs.
func checkAll(t *testing.T, step string, e *Engine, f *fakeSource, qs []Query) {
	t.Helper()
	for _, q := range qs {
		r, err := e.Search(t.Context(), f, q)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if diff := cmp.Diff(f.expect(q), got(r)); diff != "" {
			t.Fatalf("%s: Search(%s %q, kind %q, topic %d, offset %d) (-reference +got):\n%s", step, q.Lang, q.Terms, q.Kind, q.TopicID, q.Offset, diff)
		}
	}
}

func fixtureQueries() []Query {
	var qs []Query
	for _, terms := range [][]string{{"bike"}, {"winter"}, {"bike", "winter"}, {"velo"}, {"snow"}} {
		for _, lang := range content.Langs {
			qs = append(qs, Query{Lang: lang, Now: now, Terms: terms})
		}
	}
	return qs
}

// TestSyncPatchOrReset drives the two paths on which the copy is dropped
// instead of patched, with the bounds lowered: too many generations
// behind, and too many versions changed. Resets and the Source calls say
// which path a sync took; after each step every answer must be the
// reference's.
func TestSyncPatchOrReset(t *testing.T) {
	f := fixture()
	e := New(1 << 20)
	e.SetPatchLimits(3, 4)
	qs := fixtureQueries()
	checkAll(t, "first load", e, f, qs)
	if n := e.Resets(); n != 1 {
		t.Fatalf("resets after the first load: %d, want 1", n)
	}
	const (
		none = iota
		patch
		reset
	)
	step := func(name string, change func(), want int) {
		t.Helper()
		resets, postings, versions := e.Resets(), f.count("Postings"), f.count("VersionPostings")
		change()
		if err := e.Sync(t.Context(), f); err != nil {
			t.Fatal(err)
		}
		if got := e.Resets() - resets; got != map[bool]int{false: 0, true: 1}[want == reset] {
			t.Errorf("%s: %d resets, want %d", name, got, map[bool]int{false: 0, true: 1}[want == reset])
		}
		if patched := f.count("VersionPostings") > versions; patched != (want == patch) {
			t.Errorf("%s: versions read: %v, want %v", name, patched, want == patch)
		}
		checkAll(t, name, e, f, qs)
		// A patched copy keeps its lists; a reset one loads them again.
		if reloaded := f.count("Postings") > postings; reloaded != (want == reset) {
			t.Errorf("%s: lists loaded again: %v, want %v", name, reloaded, want == reset)
		}
	}
	en := func(id int64) Version { return Version{id, content.English} }
	pub := &Doc{Kind: content.Read, Minutes: 2, Topics: []int64{4}, Published: days(1)}

	step("one version changed", func() {
		f.put(en(3), map[string]int{"bike": 100, "snow": 30}, pub, "Snow bike")
		f.commit()
	}, patch)
	step("four versions in one generation (the bound)", func() {
		for id := int64(11); id <= 14; id++ {
			f.put(en(id), map[string]int{"bike": int(id), "winter": 10}, pub, "New")
		}
		f.commit()
	}, patch)
	step("five versions in one generation", func() {
		for id := int64(15); id <= 19; id++ {
			f.put(en(id), map[string]int{"bike": int(id)}, pub, "New")
		}
		f.commit()
	}, reset)
	step("one version changed six times in three generations counts once", func() {
		for rev := range 3 {
			f.put(en(1), map[string]int{"bike": 50 + rev}, pub, "Again")
			f.put(en(1), map[string]int{"bike": 60 + rev, "winter": 1}, pub, "Again")
			f.commit()
		}
	}, patch)
	step("four generations", func() {
		for rev := range 4 {
			f.put(en(2), map[string]int{"winter": 40 + rev}, pub, "Winter")
			f.commit()
		}
	}, reset)
	step("a version leaves the index, a French one changes", func() {
		f.put(en(9), nil, nil, "")
		f.put(Version{1, content.French}, map[string]int{"velo": 100, "snow": 10}, pub, "Neige")
		f.commit()
	}, patch)
	step("the generation goes back (a database restored)", func() {
		f.mu.Lock()
		f.gen -= 2
		f.mu.Unlock()
	}, reset)
	step("nothing changed", func() {}, none)
}

// TestSyncReadsOnlyTheGeneration: a sync with nothing new reads one
// value; one behind reads the journal once.
func TestSyncReadsOnlyTheGeneration(t *testing.T) {
	f := fixture()
	e := New(1 << 20)
	for range 3 {
		if err := e.Sync(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	if g, c := f.count("Generation"), f.count("Changes"); g != 3 || c != 0 {
		t.Errorf("three syncs with nothing new: %d generation reads, %d journal reads; want 3, 0", g, c)
	}
	f.commit() // a generation that changed nothing search finds
	if err := e.Sync(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	if c := f.count("Changes"); c != 1 {
		t.Errorf("journal read %d times, want 1", c)
	}
}

// TestSyncFailureRetries: a sync that fails half-way is done again by the
// next, which ends with the same copy.
func TestSyncFailureRetries(t *testing.T) {
	f := fixture()
	e := New(1 << 20)
	qs := fixtureQueries()
	checkAll(t, "first load", e, f, qs)
	f.put(Version{4, content.English}, map[string]int{"snow": 10}, &Doc{Kind: content.Read, Published: days(1)}, "Snow")
	f.put(Version{8, content.English}, nil, nil, "")
	f.commit()
	// The first version is patched, the second fails.
	f.failFrom("VersionPostings", 2)
	if err := e.Sync(t.Context(), f); !errors.Is(err, errFake) {
		t.Fatalf("sync while the source failed: error %v", err)
	}
	if n := f.count("VersionPostings"); n != 2 {
		t.Fatalf("%d versions read, want 2 (one patched, one failed)", n)
	}
	f.heal()
	checkAll(t, "after the failed sync", e, f, qs)
}

// TestLoadBegunBeforeAChangeIsNotKept: a posting list, the documents or a
// page of hits read before a change and offered to the copy after the
// change's sync are not kept (the search that read them still uses them:
// it began before the change).
func TestLoadBegunBeforeAChangeIsNotKept(t *testing.T) {
	en := Version{4, content.English}
	change := func(t *testing.T, f *fakeSource, e *Engine) func() {
		return func() {
			f.put(en, map[string]int{"bike": 90, "winter": 19}, &Doc{Kind: content.Listen, Minutes: 2, Published: days(1)}, "Changed")
			f.commit()
			if err := e.Sync(t.Context(), f); err != nil {
				t.Error(err)
			}
		}
	}
	q := Query{Lang: content.English, Now: now, Terms: []string{"bike"}, Limit: 3}
	t.Run("posting list", func(t *testing.T) {
		f, e := fixture(), New(1<<20)
		f.afterPostings = change(t, f, e)
		if _, err := e.Search(t.Context(), f, q); err != nil {
			t.Fatal(err)
		}
		e.mu.RLock()
		kept := e.lists[termKey{content.English, "bike"}] != nil
		e.mu.RUnlock()
		if kept {
			t.Error("a list read before the change was kept")
		}
		checkAll(t, "after the change", e, f, []Query{q})
		if n := f.count("Postings"); n != 2 {
			t.Errorf("list loaded %d times, want 2 (again after the change)", n)
		}
	})
	t.Run("documents", func(t *testing.T) {
		f, e := fixture(), New(1<<20)
		f.afterDocs = change(t, f, e)
		if _, err := e.Search(t.Context(), f, q); err != nil {
			t.Fatal(err)
		}
		checkAll(t, "after the change", e, f, []Query{q, {Lang: content.English, Now: now, Terms: []string{"bike"}, Kind: content.Listen}})
		if n := f.count("Docs(all)"); n != 2 {
			t.Errorf("documents loaded %d times, want 2 (again after the change)", n)
		}
	})
	t.Run("hits", func(t *testing.T) {
		f, e := fixture(), New(1<<20)
		f.afterHits = change(t, f, e)
		if _, err := e.Search(t.Context(), f, q); err != nil {
			t.Fatal(err)
		}
		r, err := e.Search(t.Context(), f, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range r.Hits {
			if h.Episode.ID == en.ID && h.Episode.Version(content.English).Title != "Changed" {
				t.Errorf("episode 4 shows %q, loaded before the change", h.Episode.Version(content.English).Title)
			}
		}
		if diff := cmp.Diff(f.expect(q), got(r)); diff != "" {
			t.Errorf("after the change (-reference +got):\n%s", diff)
		}
	})
}

// TestSyncDropsHits: a hit shows names that other changes touch, so any
// change drops every hit held.
func TestSyncDropsHits(t *testing.T) {
	f, e := fixture(), New(1<<20)
	q := Query{Lang: content.English, Now: now, Terms: []string{"winter"}}
	checkAll(t, "first", e, f, []Query{q})
	loaded := f.count("Hits(ids)")
	f.put(Version{1, content.French}, map[string]int{"velo": 100}, &Doc{Published: days(3)}, "Vélo")
	f.commit()
	checkAll(t, "after a French change", e, f, []Query{q})
	if n := f.count("Hits(ids)"); n != 2*loaded {
		t.Errorf("hits loaded for %d episodes, want %d (all again)", n, 2*loaded)
	}
}

// bigSource is a fake of n English versions with term "all" in each,
// "t<k>" in every k-th (k = 2…10), ids 1…n, all published.
func bigSource(n int) *fakeSource {
	f := newFakeSource()
	for id := int64(1); id <= int64(n); id++ {
		ps := map[string]int{"all": 10}
		for k := int64(2); k <= 10; k++ {
			if id%k == 0 {
				ps[fmt.Sprintf("t%d", k)] = int(10 + id%7)
			}
		}
		f.put(Version{id, content.English}, ps, &Doc{Kind: content.Read, Minutes: int(id % 9), Topics: []int64{id % 5}, Published: days(int(id % 30))}, fmt.Sprint(id))
	}
	f.commit()
	return f
}

// TestEvictionUnderSmallBudget: with room for a few lists, the least
// recently used are dropped and loaded again when searched, and results
// stay right.
func TestEvictionUnderSmallBudget(t *testing.T) {
	f := bigSource(600)
	// "t2" costs 301, "t3" 201, "t5" 121, "t10" 61: a budget of 450 holds
	// t3 and t5 and t10 (383), not t2 with t3.
	e := New(450)
	q := func(terms ...string) Query { return Query{Lang: content.English, Now: now, Terms: terms, Limit: 5} }
	loads := func() int { return f.count("Postings") }
	checkAll(t, "t3 t5", e, f, []Query{q("t3", "t5")})
	checkAll(t, "t10", e, f, []Query{q("t10")})
	if n := loads(); n != 3 {
		t.Fatalf("%d lists loaded, want 3", n)
	}
	checkAll(t, "t3 t5 t10 again", e, f, []Query{q("t3", "t5"), q("t10"), q("t5", "t10")})
	if n := loads(); n != 3 {
		t.Errorf("%d lists loaded, want still 3 (they fit)", n)
	}
	// t2 (301) takes the size to 684: eviction goes down to 337, dropping
	// the least recently used first (t3: 201, 483; then t5: 121, 362; then
	// t10: 61, 301).
	checkAll(t, "t2", e, f, []Query{q("t2")})
	e.mu.RLock()
	var held []string
	for k := range e.lists {
		held = append(held, k.term)
	}
	size := e.size
	e.mu.RUnlock()
	slices.Sort(held)
	if !slices.Equal(held, []string{"t2"}) || size != 301 {
		t.Errorf("held %v (size %d), want [t2] (301)", held, size)
	}
	checkAll(t, "t10 again", e, f, []Query{q("t10")})
	if n := loads(); n != 5 {
		t.Errorf("%d lists loaded, want 5 (t2, then t10 again)", n)
	}
	if size := e.size; size > e.budget {
		t.Errorf("size %d over budget %d", size, e.budget)
	}
}

// TestHitEvictionUnderSmallBudget: with room for a few hits, the least
// recently shown are dropped.
func TestHitEvictionUnderSmallBudget(t *testing.T) {
	f := bigSource(60)
	e := New(1 << 20)
	cost := len(hitText(Version{10, content.English})) + hitOverhead
	e.hitBudget = 4 * cost // 4 hits; eviction goes down to 3
	page := func(offset int) Query {
		return Query{Lang: content.English, Now: now, Terms: []string{"t10"}, ByDate: true, Limit: 2, Offset: offset}
	}
	checkAll(t, "page 1", e, f, []Query{page(0)}) // 2 hits
	checkAll(t, "page 2", e, f, []Query{page(2)}) // 4 hits
	checkAll(t, "page 1", e, f, []Query{page(0)}) // used again
	if n := f.count("Hits(ids)"); n != 4 {
		t.Fatalf("hits loaded for %d episodes, want 4", n)
	}
	// Page 3's first hit takes them to 5, over the budget: the least
	// recently used (page 2's) go, down to 3; its second makes 4 again.
	checkAll(t, "page 3", e, f, []Query{page(4)})
	e.mu.RLock()
	held, bytes := len(e.hits), e.hitBytes
	e.mu.RUnlock()
	if held != 4 || bytes != 4*cost {
		t.Errorf("%d hits held (%d bytes), want 4 (%d)", held, bytes, 4*cost)
	}
	checkAll(t, "page 1 and 3", e, f, []Query{page(0), page(4)})
	if n := f.count("Hits(ids)"); n != 6 {
		t.Errorf("hits loaded for %d episodes, want 6 (pages 1 and 3 kept)", n)
	}
	checkAll(t, "page 2", e, f, []Query{page(2)})
	if n := f.count("Hits(ids)"); n != 8 {
		t.Errorf("hits loaded for %d episodes, want 8 (page 2 dropped)", n)
	}
}

func TestWarm(t *testing.T) {
	f := newFakeSource()
	// Lists of 3,000, 2,000, 1,500 and 1,200 postings in English, 1,100
	// in French, and 900 (too short to load ahead).
	sizes := map[string]int{"a": 3000, "b": 2000, "c": 1500, "d": 1200, "short": 900}
	for id := 1; id <= 3000; id++ {
		ps := map[string]int{}
		for term, n := range sizes {
			if id <= n {
				ps[term] = 10
			}
		}
		f.put(Version{int64(id), content.English}, ps, &Doc{Published: days(1)}, "")
		if id <= 1100 {
			f.put(Version{int64(id), content.French}, map[string]int{"f": 10}, &Doc{Published: days(1)}, "")
		}
	}
	f.commit()
	for _, c := range []struct {
		budget int
		want   []string
	}{
		{1 << 20, []string{"a", "b", "c", "d", "f"}},
		{5000, []string{"a"}},         // 3/4 is 3,750: a, then b goes over
		{2000 * 4 / 3, []string(nil)}, // 1,333: a is over at once
	} {
		e := New(c.budget)
		if err := e.Warm(t.Context(), f); err != nil {
			t.Fatal(err)
		}
		var held []string
		for k := range e.lists {
			held = append(held, k.term)
		}
		slices.Sort(held)
		if !slices.Equal(held, c.want) {
			t.Errorf("budget %d: warmed %v, want %v", c.budget, held, c.want)
		}
		if e.docs[content.English] == nil || e.docs[content.French] == nil {
			t.Errorf("budget %d: documents not loaded in both languages", c.budget)
		}
	}
	// Searches after a warm-up load nothing more than the hits.
	e := New(1 << 20)
	if err := e.Warm(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	postings, docs := f.count("Postings"), f.count("Docs")
	checkAll(t, "after the warm-up", e, f, []Query{{Lang: content.English, Now: now, Terms: []string{"a", "d"}, Limit: 3}})
	if f.count("Postings") != postings || f.count("Docs") != docs {
		t.Error("a search after the warm-up loaded lists or documents")
	}
	f.failFrom("CommonTerms", 1)
	if err := New(1<<20).Warm(t.Context(), f); !errors.Is(err, errFake) {
		t.Errorf("warm-up while the source failed: error %v", err)
	}
}

// TestRandomChanges changes a random index step by step, syncing or not
// between changes, under a budget that holds a few lists, and compares
// every answer with the reference.
func TestRandomChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	terms := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	randomVersion := func() (map[string]int, *Doc) {
		ps := map[string]int{}
		for i, term := range terms {
			if r.IntN(i+2) == 0 {
				ps[term] = []int{10, 11, 20, 30, 100, 109}[r.IntN(6)]
			}
		}
		if r.IntN(8) == 0 {
			return nil, nil
		}
		d := &Doc{Kind: []content.Kind{content.Read, content.Listen, content.Watch}[r.IntN(3)], SeriesID: int64(r.IntN(3)),
			Minutes: r.IntN(20), Topics: []int64{int64(r.IntN(4)), int64(4 + r.IntN(4))}, Published: days(r.IntN(10) - 1), Hidden: r.IntN(10) == 0}
		if r.IntN(10) == 0 {
			d.Published = time.Time{} // not published
		}
		return ps, d
	}
	f := newFakeSource()
	for id := int64(1); id <= 150; id++ {
		for _, lang := range content.Langs {
			ps, d := randomVersion()
			f.put(Version{id, lang}, ps, d, "")
		}
	}
	f.commit()
	e := New(120)
	e.SetPatchLimits(4, 12)
	var qs []Query
	for range 40 {
		q := Query{Lang: content.Langs[r.IntN(2)], Now: now, Terms: []string{terms[r.IntN(len(terms))], terms[r.IntN(len(terms))]},
			ByDate: r.IntN(4) == 0, Limit: r.IntN(6), Offset: r.IntN(4)}
		switch r.IntN(5) {
		case 1:
			q.Kind = content.Listen
		case 2:
			q.TopicID = int64(r.IntN(8))
		case 3:
			q.SeriesID, q.MaxMinutes = 1, 10
		}
		qs = append(qs, q)
	}
	for step := range 60 {
		for range 1 + r.IntN(r.IntN(3)*6+1) {
			v := Version{int64(1 + r.IntN(170)), content.Langs[r.IntN(2)]}
			ps, d := randomVersion()
			f.put(v, ps, d, fmt.Sprint(step))
		}
		f.commit()
		if r.IntN(3) == 0 {
			f.commit()
		}
		if r.IntN(2) == 0 {
			if err := e.Sync(t.Context(), f); err != nil {
				t.Fatal(err)
			}
		}
		checkAll(t, fmt.Sprintf("step %d", step), e, f, qs[r.IntN(30):][:10])
		if e.size > e.budget {
			t.Fatalf("step %d: size %d over budget %d", step, e.size, e.budget)
		}
	}
	if e.Resets() < 2 || f.count("VersionPostings") == 0 {
		t.Errorf("%d resets, %d versions patched in 60 steps: want both paths taken", e.Resets(), f.count("VersionPostings"))
	}
}

// TestConcurrentSearchesAndChanges searches from several goroutines while
// another changes the index and syncs (under -race, this checks the
// locking), then compares every answer with the reference.
func TestConcurrentSearchesAndChanges(t *testing.T) {
	f := bigSource(300)
	e := New(400)
	e.hitBudget = 8 * hitOverhead
	var qs []Query
	for k := 2; k <= 10; k++ {
		qs = append(qs, Query{Lang: content.English, Now: now, Terms: []string{"all", fmt.Sprintf("t%d", k)}, Limit: 4, Offset: k % 3})
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 3 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if _, err := e.Search(t.Context(), f, qs[i%len(qs)]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for rev := range 40 {
		id := int64(1 + rev*7%300)
		f.put(Version{id, content.English}, map[string]int{"all": 100, "t2": 10 + rev, "t5": 20},
			&Doc{Kind: content.Read, Published: days(rev % 3)}, fmt.Sprint(rev))
		f.commit()
		if rev%4 == 0 {
			if err := e.Sync(t.Context(), f); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	checkAll(t, "after the changes", e, f, qs)
}
