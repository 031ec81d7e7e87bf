package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html/template"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store/benchcorpus"
)

// cachedPages is how many episode pages the cached workload spreads its
// requests over: the most read (a quarter of them on a small site, so
// that uncached has the others).
const cachedPages = 200

// workload runs one workload on the server, then the baseline on the same
// bytes.
func (b *benchRun) workload(ctx context.Context, name string) (result, error) {
	switch name {
	case "cached":
		// The most read pages of the Zipf mix (readers).
		paths := b.ranked()
		return b.steady(ctx, name, paths[:min(cachedPages, max(1, len(paths)/4))], true)
	case "uncached":
		return b.once(ctx, name, shuffled(b.site.episodes, b.cfg.seed+1))
	case "listings-uncached":
		return b.once(ctx, name, shuffled(b.site.listings, b.cfg.seed+3))
	case "listings":
		return b.steady(ctx, name, b.site.listings, true)
	case "feeds":
		return b.steady(ctx, name, b.site.feeds, true)
	case "search-html":
		pages, _ := searchPaths(b.cfg.queries, b.cfg.seed)
		return b.steady(ctx, name, pages, true)
	case "search-api":
		_, api := searchPaths(b.cfg.queries, b.cfg.seed)
		return b.steady(ctx, name, api, true)
	case "zipf-crawl":
		return b.zipfCrawl(ctx)
	case "change":
		return b.change(ctx)
	}
	return result{}, fmt.Errorf("unknown workload %q", name)
}

// uniform draws its paths uniformly from paths.
func uniform(paths []string) func(*rand.Rand) (string, bool) {
	return func(r *rand.Rand) (string, bool) { return paths[r.IntN(len(paths))], true }
}

// steady requests paths chosen uniformly at random for the duration,
// after requesting each once when warm.
func (b *benchRun) steady(ctx context.Context, name string, paths []string, warm bool) (result, error) {
	if len(paths) == 0 {
		return result{}, fmt.Errorf("no paths")
	}
	dropped := 0
	var warmStatus map[int]int
	if warm {
		ok, st := b.srv.fetch(ctx, paths, b.cfg.concurrency)
		b.markVisited(paths)
		if len(ok) == 0 {
			return result{}, fmt.Errorf("warming: %s", st.String())
		}
		// Paths that do not answer 200 are left out, and counted: listing
		// pages past the last of a small corpus (404), and whatever fails.
		dropped, warmStatus = len(paths)-len(ok), st.Status
		paths = ok
	}
	g := group{name: name, workers: b.cfg.concurrency, next: uniform(paths)}
	res, err := b.measured(ctx, name, []group{g}, b.cfg.duration, nil)
	if err == nil {
		res.Notes = map[string]any{"paths": len(paths)}
		if dropped > 0 {
			res.Notes["paths_left_out"] = dropped
			res.Notes["warm_status"] = warmStatus
		}
	}
	return res, err
}

// once requests the paths that no workload requested before, in the
// order given, each once: every one is a miss of the page cache (the
// server runs with its cache on). "uncached" gives every episode page in
// a random order, "listings-uncached" the listings' pages (home pages and
// their next pages, indexes, topics, series, authors). It ends early when
// none is left.
func (b *benchRun) once(ctx context.Context, name string, paths []string) (result, error) {
	var fresh []string
	for _, p := range paths {
		if !b.visited[p] {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		return result{}, fmt.Errorf("every page was requested before")
	}
	var next atomic.Int64
	g := group{name: name, workers: b.cfg.concurrency, next: func(*rand.Rand) (string, bool) {
		i := next.Add(1) - 1
		if i >= int64(len(fresh)) {
			return "", false
		}
		return fresh[i], true
	}}
	res, err := b.measured(ctx, name, []group{g}, b.cfg.duration, nil)
	if err == nil {
		res.Notes = map[string]any{"pages_left": max(0, len(fresh)-int(next.Load()))}
		b.markVisited(fresh[:min(len(fresh), int(next.Load()))])
	}
	return res, err
}

// ranked is every episode page by popularity: a random order.
func (b *benchRun) ranked() []string { return shuffled(b.site.episodes, b.cfg.seed+2) }

// readers are the clients of the Zipf mix: episode pages by popularity
// rank (ranked), the rank drawn from Zipf(s=1).
func (b *benchRun) readers() (group, []string) {
	ranked := b.ranked()
	z := newZipf(len(ranked), 1)
	return group{name: "readers", workers: b.cfg.concurrency, next: func(r *rand.Rand) (string, bool) {
		return ranked[z.draw(r)], true
	}}, ranked
}

// zipfCrawl runs the readers alone for half the duration (for their hit
// rate without a crawler), then with one crawler client that walks every
// sitemap path in order, over and over, for the duration (measured).
func (b *benchRun) zipfCrawl(ctx context.Context) (result, error) {
	readers, _ := b.readers()
	alone, _ := b.srv.run(ctx, []group{readers}, max(b.cfg.duration/2, time.Second), b.cfg.seed, nil)
	var pos atomic.Int64
	all := b.site.all
	crawler := group{name: "crawler", workers: 1, crawler: true, next: func(*rand.Rand) (string, bool) {
		return all[(pos.Add(1)-1)%int64(len(all))], true
	}}
	var parts []stats
	res, err := b.measured(ctx, "zipf-crawl", []group{readers, crawler}, b.cfg.duration, &parts)
	if err != nil {
		return res, err
	}
	r, c := parts[0], parts[1]
	// Latency and hit rate are the readers'.
	res.P50MS, res.P99MS = ms(r.percentile(0.50)), ms(r.percentile(0.99))
	res.HitRate = r.hitRate()
	res.Notes = map[string]any{
		"readers_alone_hit_rate": round3(alone[0].hitRate()),
		"readers_req_per_second": round1(float64(r.Requests) / res.Seconds),
		"crawler_req_per_second": round1(float64(c.Requests) / res.Seconds),
		"crawler_pages":          c.Requests,
		"crawler_hit_rate":       round3(c.hitRate()),
		"sitemap_paths":          len(all),
	}
	return res, nil
}

// change runs the readers for the duration, changes the most read
// episode through the store (as an import by another process would),
// and measures the readers over the change window after it. A probe
// requests the changed page until it shows the new title.
func (b *benchRun) change(ctx context.Context) (result, error) {
	readers, ranked := b.readers()
	before, beforeTime := b.srv.run(ctx, []group{readers}, b.cfg.duration, b.cfg.seed, nil)
	path := ranked[0]
	title, err := b.changeEpisode(ctx, path)
	if err != nil {
		return result{}, err
	}
	probe := make(chan probeResult, 1)
	pctx, cancel := context.WithCancel(ctx)
	go func() { probe <- b.probe(pctx, path, title) }()
	var parts []stats
	res, err := b.measured(ctx, "change", []group{readers}, b.cfg.changeWindow, &parts)
	cancel()
	p := <-probe
	if err != nil {
		return res, err
	}
	perSecond := make([]int, int(b.cfg.changeWindow/time.Second)+1)
	for _, e := range parts[0].ends {
		if i := int(e / time.Second); i < len(perSecond) {
			perSecond[i]++
		}
	}
	res.Notes = map[string]any{
		"before_req_per_second": round1(float64(before[0].Requests) / beforeTime.Seconds()),
		"before_hit_rate":       round3(before[0].hitRate()),
		"per_second_after":      perSecond,
		"changed_page":          path,
		"probe_requests":        p.requests,
	}
	if p.seen > 0 {
		res.Notes["visible_after_ms"] = round1(ms(p.seen))
	} else {
		res.Notes["visible_after_ms"] = "not within the window"
	}
	return res, nil
}

// changeEpisode imports a new revision of the episode whose page is path
// and returns the new title of that page's version.
func (b *benchRun) changeEpisode(ctx context.Context, path string) (string, error) {
	lang := content.English
	if strings.HasPrefix(path, "/fr/") {
		lang = content.French
	}
	slug := path[strings.LastIndexByte(path, '/')+1:]
	q := `SELECT e.key FROM versions v JOIN episodes e ON e.id = v.episode_id WHERE v.lang = ? AND v.slug = ?`
	if b.pg {
		q = `SELECT e.key FROM versions v JOIN episodes e ON e.id = v.episode_id WHERE v.lang = $1 AND v.slug = $2`
	}
	var key string
	if err := b.store.SQL().QueryRowContext(ctx, q, string(lang), slug).Scan(&key); err != nil {
		return "", fmt.Errorf("episode of %s: %w", path, err)
	}
	i, err := strconv.Atoi(strings.TrimPrefix(key, "ep-"))
	if err != nil {
		return "", fmt.Errorf("episode of %s: key %q is not the corpus's", path, key)
	}
	// A revision no run wrote before.
	rev := int(time.Now().UnixNano()>>10) & (1<<40 - 1)
	e := b.gen.Episode(i, rev)
	if _, err := b.store.ImportBundle(ctx, &content.Bundle{Episodes: []content.Episode{e}}, benchcorpus.Now); err != nil {
		return "", fmt.Errorf("change %s: %w", key, err)
	}
	v := e.Version(lang)
	if v == nil {
		return "", fmt.Errorf("change %s: no %s version", key, lang)
	}
	return v.Title, nil
}

type probeResult struct {
	seen     time.Duration // 0: not seen
	requests int
}

// probe requests path every 20 ms until its page holds title.
func (b *benchRun) probe(ctx context.Context, path, title string) probeResult {
	start := time.Now()
	want := []byte(template.HTMLEscapeString(title))
	var out probeResult
	for ctx.Err() == nil {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.srv.base+path, nil)
		if err != nil {
			return out
		}
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := b.srv.client.Do(req)
		if err == nil {
			body, _ := readBody(res)
			out.requests++
			if bytes.Contains(body, want) {
				out.seen = time.Since(start)
				return out
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
	return out
}

// readBody reads and closes an answer's body, gunzipped.
func readBody(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			return nil, err
		}
		r = zr
	}
	return io.ReadAll(r)
}

// measured runs groups on the server for d and then the baseline on the
// bytes the server answered, and returns the figures (all groups
// together; parts, when given, receives each group's stats).
func (b *benchRun) measured(ctx context.Context, name string, groups []group, d time.Duration, parts *[]stats) (result, error) {
	rec := newRecorder(b.cfg.baselinePages)
	pid := b.server.pid()
	b.pgCPU.update(b.pgBackends(ctx))
	cpu0, err := cpuTime(pid)
	if err != nil {
		return result{}, err
	}
	sts, elapsed := b.srv.run(ctx, groups, d, b.cfg.seed, rec)
	cpu1, err := cpuTime(pid)
	if err != nil {
		return result{}, err
	}
	dbCPU := b.pgCPU.update(b.pgBackends(ctx))
	if parts != nil {
		*parts = sts
	}
	var all stats
	for i := range sts {
		all.merge(&sts[i])
	}
	for _, p := range rec.order {
		b.visited[p] = true
	}
	for _, p := range rec.seq {
		b.visited[p] = true
	}
	if all.Requests == 0 {
		return result{}, fmt.Errorf("no request answered: %s", all.String())
	}
	res := result{
		Workload:       name,
		Requests:       all.Requests,
		Errors:         all.Errors,
		Seconds:        elapsed.Seconds(),
		PerSecond:      float64(all.Requests) / elapsed.Seconds(),
		P50MS:          ms(all.percentile(0.50)),
		P99MS:          ms(all.percentile(0.99)),
		CPUPerRequest:  us(cpu1-cpu0) / float64(all.Requests),
		BytesPerAnswer: float64(all.Bytes) / float64(all.Requests),
		GzipShare:      float64(all.Gzipped) / float64(all.Requests),
		HitRate:        all.hitRate(),
	}
	if b.pg {
		res.DBCPUPerRequest = us(dbCPU) / float64(all.Requests)
	}
	if res.Memory, err = memoryOf(pid); err != nil {
		return result{}, err
	}
	workers := 0
	for _, g := range groups {
		workers += g.workers
	}
	base, err := b.baseline(ctx, rec, workers, d)
	if err != nil {
		return result{}, fmt.Errorf("baseline: %w", err)
	}
	res.Baseline = base
	if base != nil && base.CPUPerRequest > 0 {
		res.Ratio = res.CPUPerRequest / base.CPUPerRequest
	}
	return res, nil
}

// baseline serves the pages rec kept with the bare net/http child and
// replays the requests made of them, with the same number of clients, for
// d.
func (b *benchRun) baseline(ctx context.Context, rec *recorder, workers int, d time.Duration) (*baselineResult, error) {
	pages, seq := rec.replay()
	if len(seq) == 0 {
		return nil, nil
	}
	file := b.dir + "/pages.gob"
	if err := writePages(file, pages); err != nil {
		return nil, err
	}
	args := []string{"--pages", file}
	if b.cfg.sameHeaders {
		args = append(args, "--headers")
	}
	c, err := startChild(ctx, b.dir, "baseline", args, "", "")
	if err != nil {
		return nil, err
	}
	defer c.stop()
	drv := &driver{client: newClient(workers), base: c.base, gzip: b.cfg.gzip}
	var next atomic.Int64
	g := group{name: "baseline", workers: workers, next: func(*rand.Rand) (string, bool) {
		return seq[(next.Add(1)-1)%int64(len(seq))], true
	}}
	cpu0, err := cpuTime(c.pid())
	if err != nil {
		return nil, err
	}
	sts, elapsed := drv.run(ctx, []group{g}, d, b.cfg.seed, nil)
	cpu1, err := cpuTime(c.pid())
	if err != nil {
		return nil, err
	}
	st := sts[0]
	if st.Requests == 0 {
		return nil, fmt.Errorf("no request answered: %s", st.String())
	}
	if st.Errors > 0 || st.Status[http.StatusMisdirectedRequest] > 0 {
		return nil, fmt.Errorf("the baseline failed requests: %s", st.String())
	}
	mem, err := memoryOf(c.pid())
	if err != nil {
		return nil, err
	}
	return &baselineResult{
		Pages:         len(pages),
		Requests:      st.Requests,
		PerSecond:     float64(st.Requests) / elapsed.Seconds(),
		P50MS:         ms(st.percentile(0.50)),
		P99MS:         ms(st.percentile(0.99)),
		CPUPerRequest: us(cpu1-cpu0) / float64(st.Requests),
		Memory:        mem,
	}, nil
}

// markVisited records paths as requested.
func (b *benchRun) markVisited(paths []string) {
	for _, p := range paths {
		b.visited[p] = true
	}
}

// pgBackends lists the PostgreSQL backends connected to the corpus
// database, this program's own connection excepted, when the server runs
// on this machine (nil otherwise).
func (b *benchRun) pgBackends(ctx context.Context) []int {
	if !b.pg {
		return nil
	}
	rows, err := b.store.SQL().QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var pids []int
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
func round3(f float64) float64 {
	if f < 0 {
		return f
	}
	return float64(int64(f*1000+0.5)) / 1000
}
