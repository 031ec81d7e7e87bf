package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// bulkLoading is a store with a bulk loader (sqldb.DB).
type bulkLoading interface {
	store.Store
	NewBulkLoader(ctx context.Context) (*sqldb.BulkLoader, error)
}

// RunBulk checks the bulk loader of the benchmarks' corpora
// (sqldb.BulkLoader) against ImportBundle: the same bundles, loaded in the
// same order into two new databases, one with each, leave the same rows in
// every table and answer the same searches. open must return a new, empty,
// migrated store each time it is called.
//
// A table that an import writes and the bulk loader does not (derived data
// added to the import transaction, for instance) fails this test until
// the loader writes it too.
func RunBulk(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("SameAsImport", func(t *testing.T) {
		t.Parallel()
		ctx := t.Context()
		imported, bulk := open(t), open(t)
		t.Cleanup(func() {
			for _, s := range []store.Store{imported, bulk} {
				unstampedSearchChanges(t, s)
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			}
		})
		bl, ok := bulk.(bulkLoading)
		if !ok {
			t.Skipf("%T has no bulk loader", bulk)
		}
		for _, b := range bulkBundles() {
			mustImport(t, imported, b)
		}
		loader, err := bl.NewBulkLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got store.ImportResult
		for _, b := range bulkBundles() {
			res, err := loader.Add(ctx, b, now)
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			got.EpisodesCreated += res.EpisodesCreated
			got.Redirects += res.Redirects
		}
		if err := loader.Finish(ctx); err != nil {
			t.Fatalf("Finish: %v", err)
		}
		if want := (store.ImportResult{EpisodesCreated: 115, Redirects: 9}); got != want {
			t.Errorf("bulk load counted %+v, want %+v", got, want)
		}

		a, b := dumpTables(t, imported), dumpTables(t, bulk)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("tables after ImportBundle (-) and after the bulk load (+) differ:\n%s", diff)
		}
		if diff := cmp.Diff(schemaDefinitions(t, imported), schemaDefinitions(t, bulk)); diff != "" {
			t.Errorf("schema after ImportBundle (-) and after the bulk load (+) differ:\n%s", diff)
		}
		for _, q := range sharedQueries() {
			if diff := cmp.Diff(searchOutcome(t, imported, q), searchOutcome(t, bulk, q)); diff != "" {
				t.Errorf("search %q (%s) after ImportBundle (-) and after the bulk load (+):\n%s", q.Terms, q.Lang, diff)
			}
		}
		for _, s := range []store.Store{imported, bulk} {
			if g, err := s.Generation(ctx); err != nil || g <= 1 {
				t.Errorf("generation %d, %v after loading; want it moved", g, err)
			}
		}
	})

	t.Run("NewEpisodesOnly", func(t *testing.T) {
		t.Parallel()
		ctx := t.Context()
		s := open(t)
		t.Cleanup(func() {
			unstampedSearchChanges(t, s)
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
		bl, ok := s.(bulkLoading)
		if !ok {
			t.Skipf("%T has no bulk loader", s)
		}
		mustImport(t, s, bundle(episode("one", day(1))))
		loader, err := bl.NewBulkLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before := dumpTables(t, s)
		if _, err := loader.Add(ctx, bundle(episode("two", day(2)), episode("one", day(1))), now); err == nil {
			t.Fatal("Add of a stored episode succeeded")
		}
		if diff := cmp.Diff(before, dumpTables(t, s)); diff != "" {
			t.Errorf("a failed Add changed the database:\n%s", diff)
		}
		// A slug given in the bundle and already taken is refused as by
		// ImportBundle; one the failed Add would have taken is free.
		_, err = loader.Add(ctx, bundle(episode("three", day(3), slugged(en, "one-en"))), now)
		if !errors.Is(err, sqldb.ErrSlugTaken) {
			t.Errorf("Add with a taken slug: %v, want ErrSlugTaken", err)
		}
		if _, err := loader.Add(ctx, bundle(episode("four", day(4), titled("two en", "two fr"))), now); err != nil {
			t.Fatal(err)
		}
		if err := loader.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		if e := mustBySlug(t, s, en, "two-en"); e.Key != "four" {
			t.Errorf("two-en is %q's, want four's", e.Key)
		}
		res := runSearch(t, s, store.SearchQuery{Lang: en, Now: now, Terms: []string{"four"}})
		if res.Total != 1 {
			t.Errorf("search for four after Finish: %d hits, want 1", res.Total)
		}
	})
}

// bulkBundles are the bundles both loads take: generated episodes in two
// bundles, then hand-made ones with what the generator lacks (legacy
// paths, links, captions and images, given slugs, titles that collide, a
// draft, references to stored topics only).
func bulkBundles() []*content.Bundle {
	g := benchcorpus.New(5)
	out := []*content.Bundle{g.Bundle(0, 40), g.Bundle(40, 100)}
	var eps []content.Episode
	for i := range 15 {
		e := episode(fmt.Sprintf("hand-%02d", i), day(i+1), topics("ai", "privacy"), authors("babbage", "lovelace"))
		switch i % 5 {
		case 0:
			e.LegacyPaths = []string{fmt.Sprintf("/en/old-%d/", i), fmt.Sprintf("/FR/vieux-%d", i)}
			e.Versions[en].LearnMore = []content.Link{{Label: "More", URL: "https://example.gc.ca/more"}, {Label: "Even more", URL: "/en/topics/data"}}
		case 1:
			titled("Same title", "Même titre")(&e)
			kind(content.Watch)(&e)
			for _, v := range e.Versions {
				v.MediaURL, v.MediaType, v.MediaSeconds = "https://media.example/v.mp4", "video/mp4", 300
				v.Transcript, v.TranscriptHTML = "Said *here*", "<p>Said <em>here</em></p>"
				v.Captions = content.Bilingual{EN: "/media/en.vtt", FR: "/media/fr.vtt"}
			}
		case 2:
			only(en)(&e)
			inSeries("advanced", i)(&e)
			e.Versions[en].Image = content.Image{URL: "/media/x.png", Alt: "A bus", Caption: "The 95"}
		case 3:
			draft(&e)
			e.PublishedAt = time.Time{}
			e.Versions[en].Slug = fmt.Sprintf("given-%d", i)
		default:
			e.LegacyPaths = []string{fmt.Sprintf("/en/old-%d/", i-4)} // repeats an earlier path
			titled("Same title", "Même titre")(&e)
		}
		eps = append(eps, e)
	}
	hand := bundle(eps...)
	hand.Topics, hand.Authors, hand.Series = nil, nil, nil
	tp, au, se := taxonomy()
	return append(out, &content.Bundle{Topics: tp, Authors: au, Series: se}, hand)
}

// dumpTables returns every table's rows, each as text, sorted; tables the
// load changes in ways that may differ (the generation, the journal's
// generations) give what must match of them.
func dumpTables(t *testing.T, s store.Store) map[string][]string {
	t.Helper()
	db := sqlOf(s)
	out := map[string][]string{}
	for _, table := range tableNames(t, db) {
		switch table {
		case "content_state", "schema_migrations":
			continue
		case "search_changes":
			// Which versions were noted, not in how many transactions.
			out[table] = queryText(t, db, `SELECT DISTINCT episode_id, lang FROM search_changes`)
			continue
		case "page_changes":
			// A bulk load changes every page ("*"); an import names them.
			continue
		}
		out[table] = queryText(t, db, `SELECT * FROM `+table)
	}
	return out
}

// queryText runs q and returns its rows as text, sorted.
func queryText(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			switch x := v.(type) {
			case []byte:
				b.WriteString(string(x))
			case time.Time:
				b.WriteString(x.UTC().Format(time.RFC3339Nano))
			default:
				fmt.Fprint(&b, x)
			}
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// tableNames lists the database's tables (SQLite, else PostgreSQL's
// current schema).
func tableNames(t *testing.T, db *sql.DB) []string {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), `SELECT 1 FROM sqlite_master`); err == nil {
		return queryText(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`)
	}
	return queryText(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
}

// schemaDefinitions lists the database's tables, indexes and constraints
// with their definitions, without the schema's name.
func schemaDefinitions(t *testing.T, s store.Store) []string {
	t.Helper()
	db := sqlOf(s)
	var schema string
	if err := db.QueryRowContext(t.Context(), `SELECT current_schema()`).Scan(&schema); err != nil {
		return queryText(t, db, `SELECT type, name, COALESCE(sql, '') FROM sqlite_master`)
	}
	defs := append(queryText(t, db, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`),
		queryText(t, db, `SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
			JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()`)...)
	for i, d := range defs {
		defs[i] = strings.ReplaceAll(d, schema+".", "")
	}
	return defs
}
