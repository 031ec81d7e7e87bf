package sqldb_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// TestRelatedStandInWhileBehind: with every topic "too large to compute
// from the tables", a page whose list is not derived yet (after an import
// that leaves the lists behind) shows the newest live episodes of its
// topics, as the topic listings give them; once the lists are derived, it
// shows its stored list; after another such import, an episode that has
// a list keeps showing it as it stands, and the catch-up records a change
// of every page whose list it changes.
func TestRelatedStandInWhileBehind(t *testing.T) {
	const limit = 3
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			s, err := d.open(ctx, d.target(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			sqldb.SetRelatedTableLimit(s, 0)
			g := benchcorpus.New(33)
			// More versions than one transaction follows itself: the
			// import leaves the lists behind.
			if _, err := s.ImportBundle(ctx, g.Bundle(0, 45), benchcorpus.Now); err != nil {
				t.Fatal(err)
			}
			type version struct {
				id   int64
				lang content.Lang
			}
			read := func() (map[version][]int64, map[version]*content.Episode) {
				out, eps := map[version][]int64{}, map[version]*content.Episode{}
				for _, lang := range []content.Lang{content.English, content.French} {
					page, err := s.Episodes(ctx, store.EpisodeQuery{Lang: lang, Now: benchcorpus.Now, Limit: 1000})
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range page.Episodes {
						rel, err := s.RelatedEpisodes(ctx, e, lang, benchcorpus.Now, limit)
						if err != nil {
							t.Fatal(err)
						}
						var ids []int64
						for _, r := range rel {
							ids = append(ids, r.ID)
						}
						out[version{e.ID, lang}], eps[version{e.ID, lang}] = ids, e
					}
				}
				return out, eps
			}
			// newest is what the stand-in should give: the topics'
			// listings merged, newest first.
			newest := func(e *content.Episode, lang content.Lang) []int64 {
				var all []*content.Episode
				for _, tp := range e.Topics {
					page, err := s.Episodes(ctx, store.EpisodeQuery{Lang: lang, Now: benchcorpus.Now, TopicID: tp.ID, Limit: 1000})
					if err != nil {
						t.Fatal(err)
					}
					all = append(all, page.Episodes...)
				}
				slices.SortFunc(all, func(a, b *content.Episode) int {
					if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
						return c
					}
					return cmp.Compare(b.ID, a.ID)
				})
				var ids []int64
				for _, o := range all {
					if o.ID != e.ID && !slices.Contains(ids, o.ID) && len(ids) < limit {
						ids = append(ids, o.ID)
					}
				}
				return ids
			}
			behind, eps := read()
			if len(behind) < 60 {
				t.Fatalf("%d live versions; want at least 60", len(behind))
			}
			for v, got := range behind {
				if want := newest(eps[v], v.lang); !slices.Equal(got, want) {
					t.Errorf("%d/%s while its list is not derived: related %v; want the newest of its topics %v", v.id, v.lang, got, want)
				}
			}
			if done, err := s.DeriveRelated(ctx); err != nil || !done {
				t.Fatalf("DeriveRelated = %v, %v", done, err)
			}
			derived, _ := read()
			same := 0
			for v, got := range derived {
				if slices.Equal(got, behind[v]) {
					same++
				}
			}
			if same == len(derived) {
				t.Fatal("the derived lists are the stand-in's in every version: the test cannot tell them apart")
			}

			// A second import: the first episodes keep their stored
			// lists while the lists are behind.
			if _, err := s.ImportBundle(ctx, g.Bundle(45, 90), benchcorpus.Now); err != nil {
				t.Fatal(err)
			}
			behind2, eps2 := read()
			for v, got := range behind2 {
				want, listed := derived[v]
				if !listed {
					want = newest(eps2[v], v.lang)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%d/%s while behind (listed %v): related %v; want %v", v.id, v.lang, listed, got, want)
				}
			}
			since, err := s.Generation(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if done, err := s.DeriveRelated(ctx); err != nil || !done {
				t.Fatalf("DeriveRelated = %v, %v", done, err)
			}
			tags, _, _, err := s.ChangesSince(ctx, since)
			if err != nil {
				t.Fatal(err)
			}
			after, _ := read()
			changed := 0
			for v, got := range after {
				if slices.Equal(got, behind2[v]) {
					continue
				}
				changed++
				if !slices.Contains(tags, store.TagEpisodePage(v.id)) {
					t.Errorf("%d/%s: related %v while behind, %v once derived, and no change of its page recorded", v.id, v.lang, behind2[v], got)
				}
			}
			if changed == 0 {
				t.Error("no page's related episodes changed with the second import's derivation: the test shows nothing")
			}
		})
	}
}
