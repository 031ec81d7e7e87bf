package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/related"
	"github.com/busrides/busrides/internal/search/index"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
)

// relatedVersion is a version with a list, in the tests' from-scratch
// computation.
type relatedVersion struct {
	id        int64
	lang      content.Lang
	published time.Time
	topics    []int64
	terms     []string
}

type versionKey struct {
	id   int64
	lang content.Lang
}

// relatedState is what the tables say: the versions with a list and their
// features (for the from-scratch computation), and the stored lists.
type relatedState struct {
	versions map[versionKey]*relatedVersion
	stored   map[versionKey]related.List
	gen      int64
	rgen     int64
}

// readRelated reads the tables the lists derive from, and the lists.
func readRelated(t *testing.T, db *sql.DB) relatedState {
	t.Helper()
	ctx := t.Context()
	st := relatedState{versions: map[versionKey]*relatedVersion{}, stored: map[versionKey]related.List{}}
	each := func(q string, fn func(rows *sql.Rows) error) {
		t.Helper()
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	each(`SELECT generation, related_gen FROM content_state`, func(rows *sql.Rows) error { return rows.Scan(&st.gen, &st.rgen) })
	each(`SELECT e.id, v.lang, e.published_at FROM episodes e JOIN versions v ON v.episode_id = e.id
		WHERE e.status = 'published' AND e.published_at IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM language_exceptions x WHERE x.episode_id = e.id AND x.lang <> v.lang)`, func(rows *sql.Rows) error {
		v := &relatedVersion{}
		var pub any
		if err := rows.Scan(&v.id, &v.lang, &pub); err != nil {
			return err
		}
		switch p := pub.(type) {
		case time.Time:
			v.published = p
		case string:
			v.published, _ = time.Parse(time.RFC3339Nano, p)
		case []byte:
			v.published, _ = time.Parse(time.RFC3339Nano, string(p))
		default:
			return fmt.Errorf("published_at %T", pub)
		}
		st.versions[versionKey{v.id, v.lang}] = v
		return nil
	})
	topics := map[int64][]int64{}
	each(`SELECT episode_id, topic_id FROM episode_topics`, func(rows *sql.Rows) error {
		var e, tp int64
		err := rows.Scan(&e, &tp)
		topics[e] = append(topics[e], tp)
		return err
	})
	for _, v := range st.versions {
		v.topics = topics[v.id]
	}
	each(fmt.Sprintf(`SELECT episode_id, lang, term FROM search_postings WHERE weight >= %d`, index.WeightMeta), func(rows *sql.Rows) error {
		var k versionKey
		var term string
		if err := rows.Scan(&k.id, &k.lang, &term); err != nil {
			return err
		}
		if v := st.versions[k]; v != nil {
			v.terms = append(v.terms, term)
		}
		return nil
	})
	each(`SELECT l.episode_id, l.lang, l.more, l.n FROM related_lists l`, func(rows *sql.Rows) error {
		var k versionKey
		var more, n int
		if err := rows.Scan(&k.id, &k.lang, &more, &n); err != nil {
			return err
		}
		st.stored[k] = related.List{More: more != 0, Entries: make([]related.Entry, 0, n)}
		return nil
	})
	each(`SELECT episode_id, lang, related_id, shared_topics, shared_terms, related_published FROM related_episodes ORDER BY episode_id, lang, position`, func(rows *sql.Rows) error {
		var k versionKey
		var e related.Entry
		if err := rows.Scan(&k.id, &k.lang, &e.ID, &e.Topics, &e.Terms, &e.Published); err != nil {
			return err
		}
		l, ok := st.stored[k]
		if !ok {
			return fmt.Errorf("entries of %v without a list", k)
		}
		l.Entries = append(l.Entries, e)
		st.stored[k] = l
		return nil
	})
	return st
}

// scratch computes the candidates of x by the rule (internal/related),
// pair by pair; with live set, only those live at at.
func (st relatedState) scratch(k versionKey, live bool, at time.Time) []related.Entry {
	x := st.versions[k]
	var cands []related.Entry
	for ck, c := range st.versions {
		if ck.lang != k.lang || ck.id == k.id || (live && c.published.After(at)) {
			continue
		}
		e := related.Entry{ID: c.id, Published: c.published.UnixMicro()}
		for _, tp := range x.topics {
			if slices.Contains(c.topics, tp) {
				e.Topics++
			}
		}
		for _, term := range x.terms {
			if slices.Contains(c.terms, term) {
				e.Terms++
			}
		}
		if e.Topics > 0 {
			cands = append(cands, e)
		}
	}
	return cands
}

// check compares every stored list with the from-scratch computation: the
// versions with a page have a list, and each list is the first entries of
// the rule's (all of them when it says no more exist).
func (st relatedState) check(t *testing.T, what string) {
	t.Helper()
	for k := range st.versions {
		if _, ok := st.stored[k]; !ok {
			t.Errorf("%s: version %d (%s) has no list", what, k.id, k.lang)
		}
	}
	for k, l := range st.stored {
		if _, ok := st.versions[k]; !ok {
			t.Errorf("%s: version %d (%s) has a list and no page", what, k.id, k.lang)
			continue
		}
		want := related.Top(st.scratch(k, false, time.Time{}), related.Keep)
		n := len(l.Entries)
		ok := n <= len(want.Entries) && slices.Equal(l.Entries, want.Entries[:n]) && n >= min(related.Refill, len(want.Entries))
		if !l.More {
			ok = ok && want.Equal(l)
		}
		if !ok {
			t.Errorf("%s: list of %d (%s)\n got %+v\nwant %+v", what, k.id, k.lang, l, want)
		}
	}
}

// testRelatedFollowsChanges: random imports, edits, publications,
// unpublications, topic changes and one-language exceptions on a small
// generated corpus. After each, the stored related episodes are those a
// from-scratch computation gives, the changes followed in the writing
// transaction or (after a larger one) by CatchUpRelated; the page-change
// tags name every episode whose list changed, and no other episode than
// those the change itself touched; and RelatedEpisodes answers what the
// rule gives for the live episodes.
func testRelatedFollowsChanges(t *testing.T, s store.Store) {
	db := sqlOf(s)
	if db == nil {
		t.Skip("store does not expose SQL()")
	}
	ctx := t.Context()
	g := benchcorpus.New(11)
	r := rand.New(rand.NewPCG(5, 6))
	at := benchcorpus.Now
	next := 50
	mustImport(t, s, g.Bundle(0, next))
	st := readRelated(t, db)
	if st.rgen == st.gen {
		t.Fatalf("an import of %d episodes was followed in its transaction", next)
	}
	catchUp(t, s)
	st = readRelated(t, db)
	st.check(t, "first import, caught up")
	// Every list derived at once agrees, and changes nothing.
	if d, ok := s.(interface {
		DeriveRelated(ctx context.Context) (bool, error)
	}); ok {
		since := generation(t, s)
		if done, err := d.DeriveRelated(ctx); err != nil || !done {
			t.Fatalf("DeriveRelated = %v, %v", done, err)
		}
		if gen := generation(t, s); gen != since {
			t.Errorf("deriving unchanged lists moved the generation %d → %d", since, gen)
		}
		readRelated(t, db).check(t, "derived at once")
	}

	ids := func() []int64 {
		var out []int64
		for _, id := range keyIDs(t, db) {
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	topics := g.Topics()
	tids := topicIDs(t, s)
	randomTopics := func() []content.Topic {
		var ts []content.Topic
		for _, i := range r.Perm(6)[:1+r.IntN(2)] {
			ts = append(ts, topics[i])
		}
		return ts
	}
	steps := 60
	if testing.Short() {
		steps = 25
	}
	for step := range steps {
		all := ids()
		pick := all[r.IntN(len(all))]
		op := r.IntN(7)
		if op == 6 && mustByID(t, s, pick).Status == content.Published {
			// An exception is for an episode not published.
			mustChange(t, s, pick, content.OpUnpublish, now, nil)
		}
		before := readRelated(t, db)
		since := before.gen
		var touched []int64
		var what string
		switch op {
		case 0: // a re-import of a few episodes, new text, topics and dates
			what = "import"
			b := &content.Bundle{Topics: topics, Authors: g.Authors(), Series: g.Series()}
			for range 1 + r.IntN(3) {
				i := r.IntN(next)
				e := g.Episode(i, step+1)
				if r.IntN(2) == 0 {
					e.Topics = randomTopics()
				}
				if r.IntN(3) == 0 {
					e.PublishedAt = at.Add(time.Duration(r.IntN(200)-150) * time.Hour)
				}
				b.Episodes = append(b.Episodes, e)
				touched = append(touched, keyIDs(t, db)[e.Key])
			}
			mustImport(t, s, b)
		case 1: // a new episode
			what = "new episode"
			mustImport(t, s, &content.Bundle{Topics: topics, Authors: g.Authors(), Series: g.Series(), Episodes: []content.Episode{g.Episode(next, 0)}})
			next++
			touched = append(touched, keyIDs(t, db)[benchcorpus.Key(next-1)])
		case 2: // an edit of the text
			what = "title edit"
			e := reopen(t, s, pick)
			for _, v := range e.Versions {
				words := strings.Fields(v.Title)
				r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
				v.Title = strings.Join(words[:max(1, len(words)-1)], " ") + " " + benchcorpus.Vocabulary(string(v.Lang))[r.IntN(50)]
			}
			if _, err := s.SaveEpisode(ctx, e, content.SaveInfo{BaseRevision: e.Revision, Now: now}); err != nil {
				t.Fatalf("step %d: save: %v", step, err)
			}
			touched = append(touched, pick)
		case 3: // topics changed in the editor
			what = "topics edit"
			e := reopen(t, s, pick)
			e.Topics = nil
			for _, tp := range randomTopics() {
				e.Topics = append(e.Topics, content.Topic{ID: tids[tp.Key]})
			}
			if _, err := s.SaveEpisode(ctx, e, content.SaveInfo{BaseRevision: e.Revision, Now: now}); err != nil {
				t.Fatalf("step %d: save: %v", step, err)
			}
			touched = append(touched, pick)
		case 4, 5: // unpublished, or published again
			e := mustByID(t, s, pick)
			op := content.OpPublish
			if e.Status == content.Published {
				op = content.OpUnpublish
			}
			what = string(op)
			if err := change(t, s, pick, op, now, nil); err != nil {
				t.Fatalf("step %d: %s: %v", step, op, err)
			}
			touched = append(touched, pick)
		default: // published in one language under an exception
			e := mustByID(t, s, pick)
			what = "exception"
			lang := content.Langs[r.IntN(2)]
			if e.Version(lang) == nil {
				lang = lang.Other()
			}
			err := change(t, s, pick, content.OpPublishOne, now, func(c *store.StateChange) {
				c.Exception = &content.LanguageException{Lang: lang, Reason: "The translation is on its way, next week."}
			})
			if err != nil {
				t.Fatalf("step %d: exception: %v", step, err)
			}
			touched = append(touched, pick)
		}
		what = fmt.Sprintf("step %d (%s of %v)", step, what, touched)
		after := readRelated(t, db)
		if after.rgen != after.gen {
			t.Errorf("%s: the lists were left behind (%d, generation %d)", what, after.rgen, after.gen)
			catchUp(t, s)
			after = readRelated(t, db)
		}
		after.check(t, what)

		tags, _, complete, err := s.ChangesSince(ctx, since)
		if err != nil || !complete {
			t.Fatalf("%s: ChangesSince = %v, %v", what, complete, err)
		}
		pages := map[int64]bool{}
		for _, tag := range tags {
			var id int64
			if _, err := fmt.Sscanf(tag, "page:%d", &id); err == nil {
				pages[id] = true
			}
		}
		changed := map[int64]bool{}
		for k, l := range after.stored {
			if old, ok := before.stored[k]; !ok || !old.Equal(l) {
				changed[k.id] = true
			}
		}
		for k := range before.stored {
			if _, ok := after.stored[k]; !ok {
				changed[k.id] = true
			}
		}
		for id := range changed {
			if !pages[id] {
				t.Errorf("%s: the list of %d changed; no %s recorded", what, id, store.TagEpisodePage(id))
			}
		}
		for id := range pages {
			if !changed[id] && !slices.Contains(touched, id) {
				t.Errorf("%s: %s recorded; its list did not change", what, store.TagEpisodePage(id))
			}
		}
	}

	// Pages read the stored lists: the live ones, as the rule ranks them.
	st = readRelated(t, db)
	checked := 0
	for k := range st.versions {
		e, err := s.EpisodeByID(ctx, k.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{3, 10} {
			got, err := s.RelatedEpisodes(ctx, e, k.lang, at, limit)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			if len(e.Topics) > 0 {
				for _, c := range related.Top(st.scratch(k, true, at), limit).Entries {
					want = append(want, c.ID)
				}
			}
			var gotIDs []int64
			for _, x := range got {
				gotIDs = append(gotIDs, x.ID)
			}
			if !slices.Equal(gotIDs, want) {
				t.Errorf("RelatedEpisodes(%d, %s, %d) = %v; want %v", k.id, k.lang, limit, gotIDs, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no live version to read")
	}
}

// keyIDs maps the episodes' keys to their ids.
func keyIDs(t *testing.T, db *sql.DB) map[string]int64 {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT id, key FROM episodes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			t.Fatal(err)
		}
		out[key] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// catchUp brings the related episodes up to date, as a server does in the
// background.
func catchUp(t *testing.T, s store.Store) {
	t.Helper()
	done, err := s.CatchUpRelated(t.Context())
	if err != nil || !done {
		t.Fatalf("CatchUpRelated = %v, %v", done, err)
	}
}

// testRelatedCatchUp: while the lists are behind (a large import, by the
// command line or another server), pages compute their related episodes,
// so they show the same as once caught up; the catch-up records the page
// changes of the lists it changes, and a second server finds nothing left
// to do.
func testRelatedCatchUp(t *testing.T, s store.Store) {
	if sqlOf(s) == nil {
		t.Skip("store does not expose SQL()")
	}
	ctx := t.Context()
	g := benchcorpus.New(12)
	mustImport(t, s, g.Bundle(0, 60))
	if got, err := s.Generation(ctx); err != nil {
		t.Fatal(err)
	} else if done, err := s.CatchUpRelated(ctx); err != nil || !done {
		t.Fatalf("CatchUpRelated = %v, %v", done, err)
	} else if after := generation(t, s); after == got {
		t.Error("catching up stored lists and moved no generation (no page changes recorded)")
	}
	mustImport(t, s, g.Bundle(60, 120))
	select {
	case <-s.RelatedBehind():
		t.Fatal("told the lists were behind before any page asked")
	default:
	}
	type page struct {
		id   int64
		lang content.Lang
	}
	read := func() map[page][]string {
		out := map[page][]string{}
		for _, id := range keyIDs(t, sqlOf(s)) {
			e, err := s.EpisodeByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for lang := range e.Versions {
				rel, err := s.RelatedEpisodes(ctx, e, lang, benchcorpus.Now, 3)
				if err != nil {
					t.Fatal(err)
				}
				out[page{id, lang}] = keys(rel)
			}
		}
		return out
	}
	behind := read()
	select {
	case <-s.RelatedBehind():
	default:
		t.Error("pages found the lists behind and did not say so")
	}
	since := generation(t, s)
	catchUp(t, s)
	tags, _, _, err := s.ChangesSince(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(tags, func(tag string) bool { return strings.HasPrefix(tag, "page:") }) {
		t.Errorf("catching up recorded no page changes: %q", tags)
	}
	if diff := mapDiff(behind, read()); diff != "" {
		t.Errorf("related episodes while behind and once caught up differ:\n%s", diff)
	}
	g2 := generation(t, s)
	catchUp(t, s)
	if g3 := generation(t, s); g3 != g2 {
		t.Errorf("a second catch-up moved the generation %d → %d", g2, g3)
	}
}

func mapDiff[K comparable](a, b map[K][]string) string {
	var out []string
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			out = append(out, fmt.Sprintf("%v: %q / %q", k, v, b[k]))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, fmt.Sprintf("%v: only once caught up", k))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}
