// Command loadbench measures the whole Busrides server under load on a
// generated corpus (internal/store/benchcorpus), against a bare net/http
// server that sends the same bytes.
//
// It loads N episodes into a SQLite file or a PostgreSQL database (or
// reuses a database that holds them), starts the real server as a child
// process (this program again, running what busrides serve runs) on a
// loopback port, and drives it with keep-alive clients at a fixed
// concurrency, one workload after another. After each workload it starts
// the baseline, another child that serves the bodies the server answered
// during that workload (same content type and encoding) with nothing but
// a map lookup, and replays the same requests. For each workload it
// prints the server's CPU time per request (from /proc/<pid>/stat), req/s,
// p50 and p99 latency, the ratio of the server's CPU per request to the
// baseline's, the page cache's hit rate, and the server's resident and
// private memory afterwards; and the server's start-up time.
//
//	loadbench -n 10000 -database /tmp/bench.db
//	loadbench -n 10000 -database 'postgres://postgres@127.0.0.1:5432/loadbench?sslmode=disable'
//	loadbench -n 50 -duration 1s -workloads cached,search-api -json
//
// Workloads: cached, uncached, listings-uncached, listings, feeds,
// search-html, search-api, zipf-crawl, change (docs/performance.md says
// what each does).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "time/tzdata" // America/Toronto for the server, as cmd/busrides

	"github.com/busrides/busrides/internal/store/benchcorpus"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// workloadNames are the workloads in the order they run.
var workloadNames = []string{"cached", "uncached", "listings-uncached", "listings", "feeds", "search-html", "search-api", "zipf-crawl", "change"}

// config is the command line.
type config struct {
	n             int
	database      string
	seed          uint64
	duration      time.Duration
	concurrency   int
	workloads     []string
	json          bool
	batch         int
	loader        string
	changeWindow  time.Duration
	baselinePages int
	gzip          bool
	sameHeaders   bool
	queries       int
	cpuprofile    string
	serverProfile string
	serverHeap    string
	workDir       string
	loadOnly      bool
}

func main() {
	if code, ran := childMain(); ran {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if err := bench(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "loadbench:", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.n, "n", 10000, "number of episodes in the corpus")
	fs.StringVar(&c.database, "database", "loadbench.db", "SQLite file, or postgres://… URL (the database must exist)")
	fs.Uint64Var(&c.seed, "seed", 1, "corpus and workload seed")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "time each workload runs (the baseline's run too)")
	fs.IntVar(&c.concurrency, "concurrency", 8, "concurrent keep-alive clients")
	names := fs.String("workloads", strings.Join(workloadNames, ","), "workloads to run, comma-separated: "+strings.Join(workloadNames, ", "))
	fs.BoolVar(&c.json, "json", false, "print the results as JSON on standard output (progress and the table go to standard error)")
	fs.IntVar(&c.batch, "batch", 1000, "episodes per transaction while loading")
	fs.StringVar(&c.loader, "loader", "bulk", "how to load the corpus: bulk (sqldb.BulkLoader) or import (ImportBundle per batch, as busrides import)")
	fs.DurationVar(&c.changeWindow, "change-window", 10*time.Second, "change: how long throughput is measured after the episode changes")
	fs.IntVar(&c.baselinePages, "baseline-pages", 2000, "most distinct pages of a workload the baseline serves (the first ones the workload requested)")
	fs.BoolVar(&c.gzip, "gzip", true, "clients send Accept-Encoding: gzip (the baseline then serves the same compressed bytes)")
	fs.BoolVar(&c.sameHeaders, "baseline-headers", true, "the baseline sends every header the server sent (security headers, ETag, Cache-Control…), so that both write the same bytes; false: only the body's type, encoding and length")
	fs.IntVar(&c.queries, "queries", 200, "search: generated queries per language")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of this process (loading the corpus, driving the load) to this file")
	fs.StringVar(&c.serverProfile, "server-cpuprofile", "", "write a CPU profile of the server, from its start to its end, to this file")
	fs.StringVar(&c.serverHeap, "server-memprofile", "", "write a heap profile of the server to this file every two seconds while it runs")
	fs.StringVar(&c.workDir, "workdir", "", "folder for the servers' logs, media folder and pages, kept afterwards (default: a temporary folder, removed)")
	fs.BoolVar(&c.loadOnly, "load-only", false, "load the corpus (or check it is there), print how long it took and stop")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "loadbench: unexpected argument %q\n", fs.Arg(0))
		return c, errors.New("usage")
	}
	for w := range strings.SplitSeq(*names, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		if !slices.Contains(workloadNames, w) {
			fmt.Fprintf(stderr, "loadbench: unknown workload %q (want some of %s)\n", w, strings.Join(workloadNames, ", "))
			return c, errors.New("usage")
		}
		c.workloads = append(c.workloads, w)
	}
	switch {
	case c.n < 1:
		fmt.Fprintln(stderr, "loadbench: -n must be at least 1")
		return c, errors.New("usage")
	case c.concurrency < 1:
		fmt.Fprintln(stderr, "loadbench: -concurrency must be at least 1")
		return c, errors.New("usage")
	case c.duration <= 0 || c.changeWindow <= 0:
		fmt.Fprintln(stderr, "loadbench: -duration and -change-window must be positive")
		return c, errors.New("usage")
	case c.batch < 1 || c.baselinePages < 1 || c.queries < 1:
		fmt.Fprintln(stderr, "loadbench: -batch, -baseline-pages and -queries must be at least 1")
		return c, errors.New("usage")
	}
	return c, nil
}

// report is the whole run's results (-json prints it).
type report struct {
	Database     string    `json:"database"` // sqlite or postgres
	Corpus       loadStats `json:"corpus"`
	Seed         uint64    `json:"seed"`
	Concurrency  int       `json:"concurrency"`
	DurationSecs float64   `json:"duration_seconds"`
	Gzip         bool      `json:"gzip"`
	CPUs         int       `json:"cpus"`
	LoadBefore   string    `json:"load_average_before"`
	LoadAfter    string    `json:"load_average_after"`
	// StartupMS is the time from starting the server to its first 200 on
	// /healthz; SettledMS when it then stopped using CPU (loading its
	// search index in the background), WarmupCPUMS the CPU it used
	// meanwhile.
	StartupMS     float64  `json:"startup_ms"`
	SettledMS     float64  `json:"settled_ms"`
	WarmupCPUMS   float64  `json:"warmup_cpu_ms"`
	WarmupDBCPUMS float64  `json:"warmup_db_cpu_ms,omitempty"`
	MemoryStarted memory   `json:"memory_started"`
	Results       []result `json:"results"`
}

// result is one workload's figures.
type result struct {
	Workload  string  `json:"workload"`
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"req_per_second"`
	P50MS     float64 `json:"p50_ms"`
	P99MS     float64 `json:"p99_ms"`
	// CPUPerRequest is the server process's CPU time per request, in µs;
	// DBCPUPerRequest PostgreSQL's backends' (when they run on this
	// machine).
	CPUPerRequest   float64 `json:"cpu_us_per_request"`
	DBCPUPerRequest float64 `json:"db_cpu_us_per_request,omitempty"`
	BytesPerAnswer  float64 `json:"bytes_per_answer"`
	GzipShare       float64 `json:"gzip_share"`
	// HitRate is the share of X-Cache: hit among answers with X-Cache
	// (-1: none had it).
	HitRate  float64         `json:"hit_rate"`
	Memory   memory          `json:"memory_after"`
	Baseline *baselineResult `json:"baseline,omitempty"`
	// Ratio is CPUPerRequest over the baseline's.
	Ratio float64        `json:"cpu_ratio,omitempty"`
	Notes map[string]any `json:"notes,omitempty"`
}

// baselineResult is the baseline's run for a workload.
type baselineResult struct {
	Pages         int     `json:"pages"`
	Requests      int     `json:"requests"`
	PerSecond     float64 `json:"req_per_second"`
	P50MS         float64 `json:"p50_ms"`
	P99MS         float64 `json:"p99_ms"`
	CPUPerRequest float64 `json:"cpu_us_per_request"`
	Memory        memory  `json:"memory_after"`
}

func bench(ctx context.Context, cfg config, stdout, stderr io.Writer) (err error) {
	if cfg.cpuprofile != "" {
		f, err := os.Create(cfg.cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
	}
	pg := isPostgres(cfg.database)
	rep := report{Database: "sqlite", Seed: cfg.seed, Concurrency: cfg.concurrency, DurationSecs: cfg.duration.Seconds(),
		Gzip: cfg.gzip, CPUs: runtime.NumCPU(), LoadBefore: loadAvg()}
	if pg {
		rep.Database = "postgres"
	}
	st, err := openStore(ctx, cfg.database)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(stderr, "%s: making ready %d episodes (seed %d)\n", rep.Database, cfg.n, cfg.seed)
	rep.Corpus, err = ensureCorpus(ctx, st, pg, cfg.n, cfg.seed, cfg.batch, cfg.loader, stderr)
	if err != nil {
		return err
	}
	if rep.Corpus.Loaded {
		fmt.Fprintf(stderr, "%s: loaded %d episodes in %.1f s (%.0f episodes/s, loader %s)\n", rep.Database, cfg.n, rep.Corpus.Seconds, rep.Corpus.PerSecond, cfg.loader)
	}
	if cfg.loadOnly {
		if cfg.json {
			return writeJSON(stdout, rep)
		}
		fmt.Fprintf(stdout, "%s: %d episodes, %d versions, %d postings\n", rep.Database, cfg.n, rep.Corpus.Versions, rep.Corpus.Postings)
		return nil
	}

	dir := cfg.workDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "loadbench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b := &benchRun{cfg: cfg, store: st, gen: benchcorpus.New(cfg.seed), dir: dir, log: stderr, visited: map[string]bool{}, pg: pg}
	if err := b.start(ctx, &rep); err != nil {
		return err
	}
	defer func() {
		if serr := b.server.stop(); err == nil && serr != nil {
			err = fmt.Errorf("server: %w", serr)
		}
	}()
	for _, w := range cfg.workloads {
		fmt.Fprintf(stderr, "%s: %s…\n", rep.Database, w)
		res, err := b.workload(ctx, w)
		if err != nil {
			return fmt.Errorf("%s: %w\nthe server's last log lines:\n%s", w, err, tail(b.server.log, 10))
		}
		rep.Results = append(rep.Results, res)
	}
	rep.LoadAfter = loadAvg()
	if cfg.json {
		printReport(stderr, rep)
		return writeJSON(stdout, rep)
	}
	printReport(stdout, rep)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printReport writes the results as a table.
func printReport(w io.Writer, r report) {
	fmt.Fprintf(w, "loadbench: %s, %d episodes (%d versions, %d postings), seed %d; %d clients, %s per workload, gzip %v; %d CPUs\n",
		r.Database, r.Corpus.Episodes, r.Corpus.Versions, r.Corpus.Postings, r.Seed, r.Concurrency, time.Duration(r.DurationSecs*float64(time.Second)), r.Gzip, r.CPUs)
	if r.Corpus.Loaded {
		fmt.Fprintf(w, "corpus loaded in %.1f s (%.0f episodes/s, %s loader)\n", r.Corpus.Seconds, r.Corpus.PerSecond, r.Corpus.Loader)
	}
	fmt.Fprintf(w, "load average before %s, after %s\n", r.LoadBefore, r.LoadAfter)
	warm := fmt.Sprintf("%.0f ms CPU", r.WarmupCPUMS)
	if r.Database == "postgres" {
		warm += fmt.Sprintf(" + %.0f ms in the database", r.WarmupDBCPUMS)
	}
	fmt.Fprintf(w, "server start-up: %.0f ms to /healthz; settled after %.0f ms more (%s: search warm-up); RSS %s, private %s, anonymous %s\n\n",
		r.StartupMS, r.SettledMS, warm, mb(r.MemoryStarted.RSS), mb(r.MemoryStarted.Private), mb(r.MemoryStarted.Anonymous))
	fmt.Fprintf(w, "%-17s %7s %8s %8s %8s %9s %9s %7s %6s %8s %8s %8s %8s %9s\n",
		"workload", "reqs", "req/s", "p50", "p99", "cpu µs/r", "base µs/r", "ratio", "hit%", "KB/resp", "RSS", "private", "anon", "base req/s")
	for _, x := range r.Results {
		hit := "-"
		if x.HitRate >= 0 {
			hit = fmt.Sprintf("%.1f", 100*x.HitRate)
		}
		base, ratio, baseRate := "-", "-", "-"
		if x.Baseline != nil {
			base = fmt.Sprintf("%.0f", x.Baseline.CPUPerRequest)
			baseRate = fmt.Sprintf("%.0f", x.Baseline.PerSecond)
			if x.Ratio > 0 {
				ratio = fmt.Sprintf("%.1f×", x.Ratio)
			}
		}
		cpu := fmt.Sprintf("%.0f", x.CPUPerRequest)
		if x.DBCPUPerRequest > 0 {
			cpu += fmt.Sprintf("+%.0f", x.DBCPUPerRequest)
		}
		fmt.Fprintf(w, "%-17s %7d %8.0f %8s %8s %9s %9s %7s %6s %8.1f %8s %8s %8s %9s\n",
			x.Workload, x.Requests, x.PerSecond, msText(x.P50MS), msText(x.P99MS), cpu, base, ratio, hit,
			x.BytesPerAnswer/1024, mb(x.Memory.RSS), mb(x.Memory.Private), mb(x.Memory.Anonymous), baseRate)
	}
	for _, x := range r.Results {
		if x.Errors > 0 {
			fmt.Fprintf(w, "\n%s: %d errors", x.Workload, x.Errors)
		}
	}
	fmt.Fprintln(w)
	for _, x := range r.Results {
		if len(x.Notes) == 0 {
			continue
		}
		keys := make([]string, 0, len(x.Notes))
		for k := range x.Notes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%v", k, x.Notes[k]))
		}
		fmt.Fprintf(w, "%s: %s\n", x.Workload, strings.Join(parts, " "))
	}
	if r.Database == "postgres" {
		fmt.Fprintln(w, "cpu µs/r on PostgreSQL: the server's + the database backends' (both on this machine); the ratio is the server's alone")
	}
}

func mb(b int64) string { return fmt.Sprintf("%.0fMB", float64(b)/(1<<20)) }

func msText(ms float64) string {
	if ms < 10 {
		return fmt.Sprintf("%.2fms", ms)
	}
	return fmt.Sprintf("%.0fms", ms)
}

// benchRun is a run's state: the server, its site, what was requested.
type benchRun struct {
	cfg     config
	store   *sqldb.DB
	gen     *benchcorpus.Generator
	dir     string
	log     io.Writer
	pg      bool
	server  *child
	srv     *driver
	site    site
	visited map[string]bool
	pgCPU   cpuGroup
}

// start starts the server and reads its sitemap.
func (b *benchRun) start(ctx context.Context, rep *report) error {
	media := filepath.Join(b.dir, "media")
	files, err := b.mediaFiles(ctx, media)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.log, "%d recordings in the media folder (sparse files)\n", files)
	args := []string{"--database", b.cfg.database, "--media", media}
	c, err := startChild(ctx, b.dir, "serve", args, b.cfg.serverProfile, b.cfg.serverHeap)
	if err != nil {
		return err
	}
	b.server = c
	rep.StartupMS = ms(c.Startup)
	waited, used, dbUsed, err := c.settle(2*time.Minute, func() []int { return b.pgBackends(ctx) })
	if err != nil {
		return err
	}
	rep.SettledMS, rep.WarmupCPUMS, rep.WarmupDBCPUMS = ms(waited), ms(used), ms(dbUsed)
	if rep.MemoryStarted, err = memoryOf(c.pid()); err != nil {
		return err
	}
	fmt.Fprintf(b.log, "server up in %s, settled %s later\n", c.Startup.Round(time.Millisecond), waited.Round(time.Millisecond))
	b.srv = &driver{client: newClient(b.cfg.concurrency + 2), base: c.base, gzip: b.cfg.gzip}
	paths, err := readSitemap(ctx, b.srv.client, c.base)
	if err != nil {
		return err
	}
	b.site = classify(paths)
	if len(b.site.episodes) == 0 {
		return errors.New("the sitemap lists no episode")
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// mediaFiles creates, in the server's media folder, the corpus's
// recordings as sparse files of their size (benchcorpus.MediaSize): feeds
// and podcasts state each file's size, and leave out or refuse a
// recording whose size they cannot read.
func (b *benchRun) mediaFiles(ctx context.Context, dir string) (int, error) {
	rows, err := b.store.SQL().QueryContext(ctx, `SELECT media_url, media_type, media_seconds FROM versions WHERE media_url LIKE '`+benchcorpus.MediaPrefix+`%'`)
	if err != nil {
		return 0, fmt.Errorf("media files: %w", err)
	}
	defer rows.Close()
	n := 0
	made := map[string]bool{}
	for rows.Next() {
		var u, typ string
		var secs int
		if err := rows.Scan(&u, &typ, &secs); err != nil {
			return n, fmt.Errorf("media files: %w", err)
		}
		name := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(u, "/media/")))
		if !strings.HasPrefix(name, dir+string(filepath.Separator)) {
			return n, fmt.Errorf("media files: %q leaves the folder", u)
		}
		if d := filepath.Dir(name); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return n, fmt.Errorf("media files: %w", err)
			}
			made[d] = true
		}
		f, err := os.Create(name)
		if err != nil {
			return n, fmt.Errorf("media files: %w", err)
		}
		err = f.Truncate(benchcorpus.MediaSize(typ, secs))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return n, fmt.Errorf("media files: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("media files: %w", err)
	}
	return n, nil
}
