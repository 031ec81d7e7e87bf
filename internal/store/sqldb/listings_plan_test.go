package sqldb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/testutil"
)

// TestListingPlans reads the plans of the listing queries: each page of a
// list comes from an index in the list's order, which the database reads
// from the newest (or, for a series, from its first part) and stops after
// the page, with no sort of every match. SQLite's plans are its own
// choice on a corpus without planner statistics, as a server has;
// PostgreSQL's are asked with sequential and bitmap scans off (on a small
// table it would rightly read everything), so that the test shows an
// index can give the order (and, without statistics, it may find an
// episode's entry in a series through the series' index).
func TestListingPlans(t *testing.T) {
	for _, d := range []struct {
		name   string
		target func(t *testing.T) string
		open   func(ctx context.Context, target string) (*sqldb.DB, error)
		d      sqldb.Dialect
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "b.db") }, sqlite.Open, sqlite.Dialect()},
		{"postgres", func(t *testing.T) string { return testutil.PostgresDSN(t) }, postgres.Open, postgres.Dialect()},
	} {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			s, err := d.open(ctx, d.target(t))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			g := benchcorpus.New(5)
			if _, err := s.ImportBundle(ctx, g.Bundle(0, 60), benchcorpus.Now); err != nil {
				t.Fatal(err)
			}
			conn, err := s.SQL().Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			explain := "EXPLAIN QUERY PLAN "
			if d.name == "postgres" {
				explain = "EXPLAIN "
				for _, set := range []string{"SET enable_seqscan = off", "SET enable_bitmapscan = off"} {
					if _, err := conn.ExecContext(ctx, set); err != nil {
						t.Fatal(err)
					}
				}
			}
			q := store.EpisodeQuery{Lang: content.French, Now: benchcorpus.Now, Limit: 12, Offset: 24}
			for _, c := range []struct {
				name  string
				mod   func(*store.EpisodeQuery)
				index string
			}{
				{"all", func(*store.EpisodeQuery) {}, "PRIMARY KEY"},
				{"kind and length", func(q *store.EpisodeQuery) { q.Kind, q.MaxMinutes = content.Listen, 10 }, "PRIMARY KEY"},
				{"topic", func(q *store.EpisodeQuery) { q.TopicID = 2 }, "PRIMARY KEY"},
				{"author", func(q *store.EpisodeQuery) { q.AuthorID = 3 }, "PRIMARY KEY"},
				{"series", func(q *store.EpisodeQuery) { q.SeriesID = 4 }, "listing_entries_series"},
			} {
				q := q
				c.mod(&q)
				query, args := sqldb.ListingPageQuery(s, q)
				if d.name == "postgres" {
					query = numbered(query)
				}
				plan := readPlan(t, conn, explain+query, args)
				index := c.index
				if d.name == "postgres" && index == "PRIMARY KEY" {
					index = "listing_entries_pkey"
				}
				if !strings.Contains(plan, index) || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
					t.Errorf("%s: the page is not read in order from %s:\n%s", c.name, index, plan)
				}
			}
			// A place in a series: the episode's own entry, then the
			// series' entries before it and next to it, in order.
			rebind := func(q string) string {
				if d.name == "postgres" {
					return numbered(q)
				}
				return q
			}
			head, headArgs := sqldb.SeriesHeadQuery(s, 4, 7, content.French, benchcorpus.Now)
			plan := readPlan(t, conn, explain+rebind(head), headArgs)
			if !strings.Contains(plan, "listing_entries_episode") && (d.name == "sqlite" || !strings.Contains(plan, "Index")) {
				t.Errorf("the episode's entry in its series is not found through its entries:\n%s", plan)
			}
			placeArgs := []any{int64(4), "fr", d.d.EncodeTime(benchcorpus.Now), 20, int64(20)}
			for _, q := range sqldb.SeriesPlaceQueries(s) {
				plan := readPlan(t, conn, explain+rebind(q), placeArgs)
				if !strings.Contains(plan, "listing_entries_series") || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
					t.Errorf("a series place is not read in order from the series index:\n%s\n%s", q, plan)
				}
			}
			// Together in one round trip, each part still reads the index.
			around := sqldb.SeriesAroundQuery(s)
			plan = readPlan(t, conn, explain+rebind(around), slices.Concat(placeArgs, placeArgs, placeArgs))
			if n := strings.Count(plan, "listing_entries_series"); n < 3 || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
				t.Errorf("the series place's query reads the series index %d times (want 3), or sorts:\n%s\n%s", n, around, plan)
			}
		})
	}
}

func readPlan(t *testing.T, conn *sql.Conn, query string, args []any) string {
	t.Helper()
	rows, err := conn.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch x := v.(type) {
			case string:
				b.WriteString(x + " ")
			case []byte:
				b.WriteString(string(x) + " ")
			}
		}
		b.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// numbered rewrites ? placeholders as $1, $2… for PostgreSQL.
func numbered(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
