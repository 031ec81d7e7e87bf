package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/testutil"
)

// benchEpisodes is the corpus size of BenchmarkSearch: BUSRIDES_BENCH_N, or
// a small default so that `go test -run '^$' -bench Search ./internal/store/`
// stays quick. For latency percentiles at 10,000+ episodes, use
// cmd/searchbench.
func benchEpisodes(b *testing.B) int {
	if s := os.Getenv("BUSRIDES_BENCH_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("BUSRIDES_BENCH_N=%q: want a positive number", s)
		}
		return n
	}
	return 500
}

// loadCorpus opens a fresh database of the dialect and imports n generated
// episodes, 500 per transaction.
func loadCorpus(b *testing.B, d benchDialect, n int) *sqldb.DB {
	b.Helper()
	ctx := context.Background()
	s, err := d.open(ctx, d.target(b))
	if err != nil {
		b.Fatalf("%s: open: %v", d.name, err)
	}
	b.Cleanup(func() { s.Close() })
	g := benchcorpus.New(1)
	for from := 0; from < n; from += 500 {
		if _, err := s.ImportBundle(ctx, g.Bundle(from, min(from+500, n)), benchcorpus.Now); err != nil {
			b.Fatalf("%s: import: %v", d.name, err)
		}
	}
	if _, err := s.SQL().ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatalf("%s: analyze: %v", d.name, err)
	}
	return s
}

// benchDialect opens one kind of database for the benchmarks.
type benchDialect struct {
	name   string
	target func(b *testing.B) string
	open   func(ctx context.Context, target string) (*sqldb.DB, error)
}

var benchDialects = []benchDialect{
	{"sqlite", func(b *testing.B) string { return filepath.Join(b.TempDir(), "b.db") }, sqlite.Open},
	{"postgres", func(b *testing.B) string { return testutil.PostgresDSN(b) }, postgres.Open},
}

// BenchmarkSearch runs two-word queries from the corpus vocabulary (common
// and rare words) on each database, with filters off and on, and times the
// import of one changed episode (which re-indexes it). PostgreSQL runs when
// BUSRIDES_TEST_DATABASE_URL is set.
func BenchmarkSearch(b *testing.B) {
	n := benchEpisodes(b)
	for _, d := range benchDialects {
		b.Run(d.name, func(b *testing.B) {
			s := loadCorpus(b, d, n)
			ctx := context.Background()
			topics, err := s.Topics(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for _, lang := range content.Langs {
				var queries [][]string
				for _, q := range benchcorpus.Queries(string(lang), 200, 1) {
					queries = append(queries, search.ParseQuery(string(lang), q).Terms)
				}
				for _, filtered := range []bool{false, true} {
					name := string(lang) + "/filters=off"
					if filtered {
						name = string(lang) + "/filters=on"
					}
					b.Run(name, func(b *testing.B) {
						i := 0
						for b.Loop() {
							q := store.SearchQuery{Lang: lang, Now: benchcorpus.Now, Terms: queries[i%len(queries)], Limit: 20}
							if filtered {
								q.Kind = content.Kinds[i%3]
								q.TopicID = topics[i%len(topics)].ID
								q.MaxMinutes = 10
							}
							if _, err := s.Search(ctx, q); err != nil {
								b.Fatal(err)
							}
							i++
						}
					})
				}
			}
			b.Run("import-one-episode", func(b *testing.B) {
				g := benchcorpus.New(1)
				rev := 0
				for b.Loop() {
					rev++
					e := g.Episode(rev*7919%n, rev)
					if _, err := s.ImportBundle(ctx, &content.Bundle{Episodes: []content.Episode{e}}, benchcorpus.Now); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
