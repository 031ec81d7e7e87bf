package sqldb_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// TestSearchCopyResets drives the two paths on which a server drops its
// copy of the search index instead of patching it: too many generations
// behind, and too many versions changed. The bounds are lowered so that a
// few imports cross them. After each step the server that did not write
// must answer exactly as a server that loads everything fresh, and its
// count of resets says which path it took.
func TestSearchCopyResets(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			target := d.target(t)
			open := func() *sqldb.DB {
				s, err := d.open(ctx, target)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			reader, writer := open(), open()
			g := benchcorpus.New(11)
			if _, err := writer.ImportBundle(ctx, g.Bundle(0, 12), benchcorpus.Now); err != nil {
				t.Fatal(err)
			}
			var qs []store.SearchQuery
			for _, lang := range content.Langs {
				voc := benchcorpus.Vocabulary(string(lang))
				for _, q := range append(benchcorpus.Queries(string(lang), 12, 5), voc[0], voc[1]+" "+voc[2]) {
					qs = append(qs, store.SearchQuery{Lang: lang, Now: benchcorpus.Now, Limit: 5, Terms: search.ParseQuery(string(lang), q).Terms})
				}
			}
			// check compares every answer of reader with a store opened
			// afresh on the same database, and the resets reader made.
			check := func(step string, wantResets int) {
				t.Helper()
				fresh, err := d.open(ctx, target)
				if err != nil {
					t.Fatal(err)
				}
				defer fresh.Close()
				changed := false
				for _, q := range qs {
					got, err := reader.Search(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					want, err := fresh.Search(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: %s %q (-fresh +reader):\n%s", step, q.Lang, q.Terms, diff)
					}
					changed = changed || want.Total > 0
				}
				if !changed {
					t.Errorf("%s: no query found anything", step)
				}
				if n := sqldb.SearchCopyResets(reader); n != wantResets {
					t.Errorf("%s: the reader's copy was reset %d times; want %d", step, n, wantResets)
				}
			}
			sqldb.SetPatchLimits(reader, 3, 4)
			check("first load", 1)

			// One episode, both versions: patched.
			mustImport(t, writer, g.Episode(2, 1))
			check("one episode changed", 1)

			// Three episodes in one import: one generation, six versions.
			mustImport(t, writer, g.Episode(3, 1), g.Episode(4, 1), g.Episode(5, 1))
			check("six versions changed", 2)

			// Four imports of one episode: four generations, two versions.
			sqldb.SetPatchLimits(reader, 3, 100)
			for rev := 2; rev < 6; rev++ {
				mustImport(t, writer, g.Episode(6, rev))
			}
			check("four generations", 3)

			// Three generations: patched again.
			for rev := 2; rev < 5; rev++ {
				mustImport(t, writer, g.Episode(7, rev))
			}
			check("three generations", 3)
		})
	}
}

func mustImport(t *testing.T, s *sqldb.DB, es ...content.Episode) {
	t.Helper()
	if _, err := s.ImportBundle(t.Context(), &content.Bundle{Episodes: es}, benchcorpus.Now); err != nil {
		t.Fatal(err)
	}
}
