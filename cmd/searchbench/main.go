// Command searchbench loads a generated corpus of N bilingual episodes
// (internal/store/benchcorpus) into a SQLite file or a PostgreSQL database
// and measures Store.Search: p50/p95/p99 latency of many two-word queries,
// with filters off and on, and the time to import (and so re-index) one
// changed episode.
//
//	searchbench -n 10000 -database /tmp/bench.db
//	searchbench -n 10000 -database 'postgres://postgres@127.0.0.1:5432/searchbench?sslmode=disable'
//
// A database that already holds the corpus's first N episodes is not
// loaded again (use a fresh database for a different -n or -seed).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
)

func main() {
	n := flag.Int("n", 10000, "number of episodes")
	database := flag.String("database", "searchbench.db", "SQLite file, or postgres://… URL")
	seed := flag.Uint64("seed", 1, "corpus seed")
	batch := flag.Int("batch", 500, "episodes per import transaction while loading")
	queries := flag.Int("queries", 1000, "queries per language and filter setting")
	changes := flag.Int("changes", 50, "single-episode imports to time")
	changeGap := flag.Duration("change-gap", 0, "pause between two timed imports (0: back to back; editors save seconds apart)")
	cacheMB := flag.Int("sqlite-cache-mb", 0, "SQLite only: open with cache_size and mmap_size of this many MB instead of sqlite.Open's defaults (an experiment; the server uses sqlite.Open)")
	searchMem := flag.Int("search-memory-mb", sqldb.DefaultSearchMemoryMB, "posting lists kept in memory, in MiB (serve --search-memory-mb)")
	warm := flag.Bool("warm", true, "load ahead what a server loads when it starts (Store.WarmSearch) before timing searches; false: time searches on a cold copy")
	sqliteAnalyze := flag.Bool("sqlite-analyze", false, "SQLite: gather planner statistics (ANALYZE) before searching. serve never does, and with them SQLite prepares again each statement whose plan depends on a bound value; off, the run measures what a server sees (a file analysed before keeps its statistics: DROP TABLE sqlite_stat1, sqlite_stat4)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()

	var s *sqldb.DB
	var err error
	kind := "sqlite"
	if strings.HasPrefix(*database, "postgres://") || strings.HasPrefix(*database, "postgresql://") {
		kind = "postgres"
		s, err = postgres.Open(ctx, *database)
	} else if *cacheMB > 0 {
		s, err = openSQLiteCache(ctx, *database, *cacheMB)
	} else {
		s, err = sqlite.Open(ctx, *database)
	}
	if err != nil {
		fatal(err)
	}
	defer s.Close()
	g := benchcorpus.New(*seed)

	var have int
	if err := s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM episodes`).Scan(&have); err != nil {
		fatal(err)
	}
	switch {
	case have == *n:
		fmt.Printf("%s: %d episodes already loaded\n", kind, have)
	case have != 0:
		log.Fatalf("%s holds %d episodes, not %d: use a fresh database", *database, have, *n)
	default:
		start := time.Now()
		for from := 0; from < *n; from += *batch {
			to := min(from+*batch, *n)
			if _, err := s.ImportBundle(ctx, g.Bundle(from, to), benchcorpus.Now); err != nil {
				fatal(err)
			}
			if to%(10**batch) == 0 || to == *n {
				el := time.Since(start)
				fmt.Fprintf(os.Stderr, "loaded %d/%d in %s (%.0f episodes/s)\n", to, *n, el.Round(time.Second), float64(to)/el.Seconds())
			}
		}
		fmt.Printf("%s: loaded %d episodes in %s\n", kind, *n, time.Since(start).Round(time.Second))
	}
	// After a bulk load, on PostgreSQL: planner statistics and the
	// visibility map that index-only scans need (autovacuum would do the
	// same a little later).
	if stmt := map[string]string{"postgres": `VACUUM ANALYZE`, "sqlite": `ANALYZE`}[kind]; kind == "postgres" || *sqliteAnalyze {
		if _, err := s.SQL().ExecContext(ctx, stmt); err != nil {
			fatal(err)
		}
	}
	var versions, postings int
	_ = s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM versions`).Scan(&versions)
	_ = s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM search_postings`).Scan(&postings)
	fmt.Printf("%d versions, %d postings\n\n", versions, postings)

	topics, err := s.Topics(ctx)
	if err != nil {
		fatal(err)
	}
	series, err := s.SeriesList(ctx)
	if err != nil {
		fatal(err)
	}

	s.SetSearchMemory(*searchMem)
	if *warm {
		t := time.Now()
		if err := s.WarmSearch(ctx); err != nil {
			fatal(err)
		}
		fmt.Printf("warm-up (WarmSearch, as a server does when it starts): %s\n", time.Since(t).Round(time.Millisecond))
	}
	fmt.Printf("load average before searching: %s\n", loadAvg())
	fmt.Printf("%-8s %-4s %-8s %-6s %7s %8s %8s %8s %8s %9s %9s\n", "db", "lang", "filters", "pass", "queries", "p50", "p95", "p99", "max", "avg hits", "cpu/query")
	for _, lang := range content.Langs {
		qs := benchcorpus.Queries(string(lang), *queries, *seed)
		for _, pass := range []string{"first", "repeat"} {
			for _, filtered := range []bool{false, true} {
				r := rand.New(rand.NewPCG(*seed, 7))
				var lat []time.Duration
				hits := 0
				run := func(q string) {
					sq := store.SearchQuery{Lang: lang, Now: benchcorpus.Now, Terms: search.ParseQuery(string(lang), q).Terms, Limit: 20}
					if filtered {
						switch r.IntN(4) {
						case 0:
							sq.Kind = content.Kinds[r.IntN(3)]
						case 1:
							sq.TopicID = topics[r.IntN(len(topics))].ID
						case 2:
							sq.MaxMinutes = 3 + r.IntN(8)
							sq.ByDate = true
						default:
							sq.SeriesID = series[r.IntN(len(series))].ID
							sq.Kind = content.Kinds[r.IntN(3)]
						}
					}
					t := time.Now()
					res, err := s.Search(ctx, sq)
					d := time.Since(t)
					if err != nil {
						fatal(err)
					}
					lat = append(lat, d)
					hits += res.Total
				}
				lat, hits = nil, 0
				cpu0 := cpuTime()
				for _, q := range qs {
					run(q)
				}
				cpu := (cpuTime() - cpu0) / time.Duration(len(qs))
				f := "off"
				if filtered {
					f = "on"
				}
				p := percentiles(lat)
				fmt.Printf("%-8s %-4s %-8s %-6s %7d %8s %8s %8s %8s %9.0f %9s\n", kind, lang, f, pass, len(lat), ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]), float64(hits)/float64(len(lat)), ms(cpu))
			}
		}
	}

	// One changed episode: ImportBundle re-indexes both its versions.
	// After each, one search: it first brings this process's copy of the
	// index up to date (reads the changed versions, patches the lists).
	r := rand.New(rand.NewPCG(*seed, 9))
	after := store.SearchQuery{Lang: content.English, Now: benchcorpus.Now, Limit: 20,
		Terms: search.ParseQuery("en", strings.Join(benchcorpus.Vocabulary("en")[:2], " ")).Terms}
	var lat, editLat, searchLat, steadyLat []time.Duration
	for range *changes {
		t := time.Now()
		if _, err := s.Search(ctx, after); err != nil {
			fatal(err)
		}
		steadyLat = append(steadyLat, time.Since(t))
	}
	// Each run writes revisions no run wrote before: a revision the
	// database already holds would re-import the same text, which changes
	// no posting.
	rev0 := int(time.Now().UnixNano()>>10) & (1<<40 - 1)
	for c := range *changes {
		time.Sleep(*changeGap)
		e := g.Episode(r.IntN(*n), rev0+c)
		t := time.Now()
		if _, err := s.ImportBundle(ctx, &content.Bundle{Episodes: []content.Episode{e}}, benchcorpus.Now); err != nil {
			fatal(err)
		}
		lat = append(lat, time.Since(t))
		t = time.Now()
		if _, err := s.Search(ctx, after); err != nil {
			fatal(err)
		}
		searchLat = append(searchLat, time.Since(t))

		// A small edit of the same episode: one sentence added to the end
		// of each version's body (an editor's usual change).
		t = time.Now()
		if _, err := s.ImportBundle(ctx, &content.Bundle{Episodes: []content.Episode{smallEdit(e, rev0+c)}}, benchcorpus.Now); err != nil {
			fatal(err)
		}
		editLat = append(editLat, time.Since(t))
	}
	if len(lat) == 0 {
		return
	}
	p := percentiles(lat)
	fmt.Printf("\n%-8s import one changed episode (%d runs): p50 %s  p95 %s  p99 %s  max %s\n", kind, len(lat), ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]))
	p = percentiles(editLat)
	fmt.Printf("%-8s then a sentence added to it (%d runs):   p50 %s  p95 %s  p99 %s  max %s\n", kind, len(editLat), ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]))
	p = percentiles(steadyLat)
	fmt.Printf("%-8s search %q, no change before:             p50 %s  p95 %s  p99 %s  max %s\n", kind, after.Terms, ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]))
	p = percentiles(searchLat)
	fmt.Printf("%-8s the same right after each import (patches the copy first): p50 %s  p95 %s  p99 %s  max %s\n", kind, ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]))
}

// smallEdit returns e with a sentence added to the end of each version's
// body.
func smallEdit(e content.Episode, rev int) content.Episode {
	vs := map[content.Lang]*content.Version{}
	for lang, v := range e.Versions {
		c := *v
		line := fmt.Sprintf("Edited: one more clarification, in revision %d.", rev)
		if lang == content.French {
			line = fmt.Sprintf("Modifié : une précision de plus, dans la révision %d.", rev)
		}
		c.BodyMarkdown += "\n\n" + line
		c.BodyHTML += "<p>" + line + "</p>"
		c.WordCount = content.CountWords(c.BodyMarkdown)
		vs[lang] = &c
	}
	e.Versions = vs
	return e
}

// percentiles returns p50, p95, p99 and the maximum (nearest rank).
func percentiles(d []time.Duration) [4]time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	return [4]time.Duration{at(0.50), at(0.95), at(0.99), s[len(s)-1]}
}

// cpuTime is the CPU time (user and system) this process has used: on a
// shared machine, a measure of the work a query does that other programs
// do not inflate as they do wall time. For PostgreSQL it leaves out the
// server's share.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg is the system's load average (1, 5, 15 minutes), when known.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func fatal(err error) {
	pprof.StopCPUProfile()
	log.Fatal(err)
}

// openSQLiteCache opens the file as sqlite.Open does, plus a page cache and
// memory map of mb megabytes per connection.
func openSQLiteCache(ctx context.Context, path string, mb int) (*sqldb.DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)",
		fmt.Sprintf("cache_size(-%d)", mb*1024), fmt.Sprintf("mmap_size(%d)", mb<<20)} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	return sqldb.New(ctx, db, sqlite.Dialect())
}
