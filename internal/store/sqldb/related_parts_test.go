package sqldb_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// TestDeriveRelatedInParts derives every related list of a library in
// transactions of 4 episodes and passes of 3 transactions, so that the
// derivation crosses both bounds many times (and ends inside a pass): each
// version's stored list must give the episodes that the rule computed
// from the tables gives, as it did before any list was stored.
func TestDeriveRelatedInParts(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			s, err := d.open(ctx, d.target(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			sqldb.SetDeriveSizes(s, 4, 3)
			g := benchcorpus.New(21)
			// More than relatedInTxLimit versions: the import leaves the
			// lists behind, and pages compute them from the tables.
			if _, err := s.ImportBundle(ctx, g.Bundle(0, 53), benchcorpus.Now); err != nil {
				t.Fatal(err)
			}
			var ids []int64
			rows, err := s.SQL().QueryContext(ctx, `SELECT id FROM episodes ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
			read := func() map[string][]int64 {
				out := map[string][]int64{}
				for _, id := range ids {
					e, err := s.EpisodeByID(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					for lang := range e.Versions {
						rel, err := s.RelatedEpisodes(ctx, e, lang, benchcorpus.Now, 12)
						if err != nil {
							t.Fatal(err)
						}
						var rids []int64
						for _, r := range rel {
							rids = append(rids, r.ID)
						}
						out[e.Key+"/"+string(lang)] = rids
					}
				}
				return out
			}
			before := read()
			if done, err := s.DeriveRelated(ctx); err != nil || !done {
				t.Fatalf("DeriveRelated = %v, %v", done, err)
			}
			after := read()
			if len(after) != len(before) || len(after) < 60 {
				t.Fatalf("%d versions read after, %d before; want the same, at least 60", len(after), len(before))
			}
			n := 0
			for k, want := range before {
				if !slices.Equal(after[k], want) {
					t.Errorf("%s: related %v from the stored list, %v from the tables", k, after[k], want)
				}
				n += len(want)
			}
			if n == 0 {
				t.Fatal("no related episodes at all: the test shows nothing")
			}
			// Pages fall back on the tables for a version without a
			// stored list: the stored rows must be those one pass over
			// the whole library stores.
			stored := func() []string {
				var out []string
				rows, err := s.SQL().QueryContext(ctx, `SELECT l.episode_id, l.lang, l.more, COALESCE(r.position, -1), COALESCE(r.related_id, 0)
					FROM related_lists l LEFT JOIN related_episodes r ON r.episode_id = l.episode_id AND r.lang = l.lang
					ORDER BY l.episode_id, l.lang, r.position`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var id, more, pos, rid int64
					var lang string
					if err := rows.Scan(&id, &lang, &more, &pos, &rid); err != nil {
						t.Fatal(err)
					}
					out = append(out, fmt.Sprint(id, lang, more, pos, rid))
				}
				return out
			}
			inParts := stored()
			sqldb.SetDeriveSizes(s, 1000, 10)
			if done, err := s.DeriveRelated(ctx); err != nil || !done {
				t.Fatalf("DeriveRelated = %v, %v", done, err)
			}
			if whole := stored(); !slices.Equal(inParts, whole) {
				t.Errorf("stored in parts: %d rows; in one pass: %d rows\n%v\n%v", len(inParts), len(whole), inParts, whole)
			}
			if len(inParts) < len(before)/2 {
				t.Errorf("%d rows stored for %d versions", len(inParts), len(before))
			}
		})
	}
}
