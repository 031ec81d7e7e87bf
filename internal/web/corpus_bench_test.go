package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/urls"
)

// corpusEnv names a SQLite corpus file made by cmd/searchbench (for
// example `go run ./cmd/searchbench -n 10000 -database /tmp/corpus.db`)
// for BenchmarkCorpusPages; the benchmark skips when it is not set.
const corpusEnv = "BUSRIDES_BENCH_CORPUS"

// BenchmarkCorpusPages measures pages rebuilt on every request (NoCache) on
// a generated corpus: the home page, the largest topic, author and series,
// and an episode in the middle of the largest series, in English. Each
// reports the process's CPU time per request (cpu-ms/op: user and system,
// every thread, so the garbage collector's share too) beside the wall
// time. A corpus file is copied first: opening it applies any migration
// it lacks. The variable may also name a PostgreSQL database holding a
// corpus (opened in place, migrated if need be); cpu-ms/op then leaves
// out the database server's work, which the wall time includes.
//
//	BUSRIDES_BENCH_CORPUS=/tmp/corpus.db go test ./internal/web -run '^$' -bench CorpusPages -benchtime 300x -count 3
func BenchmarkCorpusPages(b *testing.B) {
	src := os.Getenv(corpusEnv)
	if src == "" {
		b.Skipf("%s not set: the path of a SQLite corpus made by cmd/searchbench", corpusEnv)
	}
	db := src
	if !strings.HasPrefix(src, "postgres://") && !strings.HasPrefix(src, "postgresql://") {
		db = filepath.Join(b.TempDir(), "corpus.db")
		copyFile(b, src, db)
	}
	ctx := context.Background()
	now := func() time.Time { return benchcorpus.Now }
	a, err := app.New(ctx, app.Config{Database: db, NoCache: true, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	h := a.Handler()
	for _, p := range corpusPages(b, a.Store, now()) {
		b.Run(p.name, func(b *testing.B) {
			get := func() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, rec.Code)
				}
			}
			get()
			cpu := processCPU()
			for b.Loop() {
				get()
			}
			b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

type corpusPage struct{ name, path string }

// corpusPages picks the pages to measure through the public catalogue, so
// that the choice does not depend on how the store answers.
func corpusPages(b *testing.B, st store.Store, now time.Time) []corpusPage {
	ctx := context.Background()
	lang := content.English
	total := func(q store.EpisodeQuery) int {
		q.Lang, q.Now, q.Limit = lang, now, 1
		res, err := st.Episodes(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		return res.Total
	}
	topics, err := st.Topics(ctx)
	if err != nil {
		b.Fatal(err)
	}
	authors, err := st.Authors(ctx)
	if err != nil {
		b.Fatal(err)
	}
	series, err := st.SeriesList(ctx)
	if err != nil || len(topics) == 0 || len(authors) == 0 || len(series) == 0 {
		b.Fatalf("the corpus needs topics, authors and series (%v)", err)
	}
	var topic content.Topic
	var author content.Author
	var sr content.Series
	nt, na, ns := -1, -1, -1
	for _, t := range topics {
		if n := total(store.EpisodeQuery{TopicID: t.ID}); n > nt {
			topic, nt = t, n
		}
	}
	for _, x := range authors {
		if n := total(store.EpisodeQuery{AuthorID: x.ID}); n > na {
			author, na = x, n
		}
	}
	for _, x := range series {
		if n := total(store.EpisodeQuery{SeriesID: x.ID}); n > ns {
			sr, ns = x, n
		}
	}
	res, err := st.Episodes(ctx, store.EpisodeQuery{Lang: lang, Now: now, SeriesID: sr.ID})
	if err != nil || len(res.Episodes) == 0 {
		b.Fatalf("series %q: %v", sr.Key, err)
	}
	mid := res.Episodes[len(res.Episodes)/2]
	b.Logf("%s: topic %q (%d episodes), author %q (%d), series %q (%d)", lang, topic.Key, nt, author.Key, na, sr.Key, ns)
	return []corpusPage{
		{"home", urls.Home(lang)},
		{"topic", urls.Topic(lang, topic.Slugs.In(lang))},
		{"author", urls.Author(lang, author.Slugs.In(lang))},
		{"series", urls.Series(lang, sr.Slugs.In(lang))},
		{"episode-in-series", urls.Episode(lang, mid.Version(lang).Slug)},
	}
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
