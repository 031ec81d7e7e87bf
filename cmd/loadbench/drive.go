package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// newClient returns a keep-alive HTTP client for conns connections to one
// loopback server. It asks for gzip itself (see get) and so never
// decompresses: what is timed and counted is what the server sends.
func newClient(conns int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
		Timeout: time.Minute,
		// A redirect is an answer like any other.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// group is a set of workers that take their paths from one source.
type group struct {
	name    string
	workers int
	// next returns the next path to request (path and query), or false
	// when the source has no more.
	next func(r *rand.Rand) (string, bool)
	// crawler: its requests carry no cookie. Other groups are readers
	// whose browsers send back the language cookie the site set on
	// their first page (langCookie).
	crawler bool
}

// langCookie is the Cookie header a returning reader's browser sends with
// a request of path: the language the site remembered (busrides_lang,
// set by every page in the other language), here the path's own. "" for
// paths outside /en/ and /fr/.
func langCookie(path string) string {
	for _, lang := range []string{"en", "fr"} {
		if len(path) > 3 && path[1:3] == lang && path[0] == '/' && path[3] == '/' {
			return "busrides_lang=" + lang
		}
	}
	return ""
}

// stats is what one group's requests gave.
type stats struct {
	Requests int
	Errors   int // transport errors and 5xx answers
	Status   map[int]int
	Bytes    int64
	Hits     int // X-Cache: hit
	Misses   int // X-Cache: miss
	Gzipped  int // Content-Encoding: gzip
	lat      []time.Duration
	// ends are the times, since the start, at which requests ended.
	ends []time.Duration
}

func (s *stats) merge(o *stats) {
	s.Requests += o.Requests
	s.Errors += o.Errors
	s.Bytes += o.Bytes
	s.Hits += o.Hits
	s.Misses += o.Misses
	s.Gzipped += o.Gzipped
	if s.Status == nil {
		s.Status = map[int]int{}
	}
	for k, v := range o.Status {
		s.Status[k] += v
	}
	s.lat = append(s.lat, o.lat...)
	s.ends = append(s.ends, o.ends...)
}

// hitRate is the share of answers with X-Cache: hit among those with an
// X-Cache header, or -1 when none had one.
func (s *stats) hitRate() float64 {
	if s.Hits+s.Misses == 0 {
		return -1
	}
	return float64(s.Hits) / float64(s.Hits+s.Misses)
}

// percentile returns the nearest-rank percentile p (0–1) of the
// latencies.
func (s *stats) percentile(p float64) time.Duration {
	if len(s.lat) == 0 {
		return 0
	}
	l := slices.Clone(s.lat)
	slices.Sort(l)
	i := int(p*float64(len(l))+0.999999) - 1
	return l[max(0, min(i, len(l)-1))]
}

// recorder keeps, while a workload runs, the order of the paths it
// requested and the first answer to each of the first max paths: what the
// baseline then serves.
type recorder struct {
	max    int
	maxSeq int
	mu     sync.Mutex
	seq    []string
	pages  map[string]*page
	order  []string
}

func newRecorder(maxPages int) *recorder {
	return &recorder{max: maxPages, maxSeq: 1 << 20, pages: map[string]*page{}}
}

// wants records a request of path and reports whether its answer should
// be kept.
func (r *recorder) wants(path string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seq) < r.maxSeq {
		r.seq = append(r.seq, path)
	}
	_, have := r.pages[path]
	if have || len(r.pages) >= r.max {
		return false
	}
	r.pages[path] = nil // claimed: the answer follows
	r.order = append(r.order, path)
	return true
}

func (r *recorder) keep(p *page) {
	r.mu.Lock()
	r.pages[p.Path] = p
	r.mu.Unlock()
}

// replay returns the pages kept and the requests made of them, in order.
func (r *recorder) replay() ([]page, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var pages []page
	for _, path := range r.order {
		if p := r.pages[path]; p != nil {
			pages = append(pages, *p)
		}
	}
	var seq []string
	for _, path := range r.seq {
		if r.pages[path] != nil {
			seq = append(seq, path)
		}
	}
	return pages, seq
}

// driver sends requests to one server.
type driver struct {
	client *http.Client
	base   string
	gzip   bool
}

// get requests path and reads the whole answer.
func (d *driver) get(ctx context.Context, path string, cookie bool, rec *recorder, st *stats) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+path, nil)
	if err != nil {
		return err
	}
	if d.gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	if c := langCookie(path); cookie && c != "" {
		req.Header.Set("Cookie", c)
	}
	keep := rec.wants(path)
	res, err := d.client.Do(req)
	if err != nil {
		st.Errors++
		return err
	}
	var n int64
	var body []byte
	if keep {
		body, err = io.ReadAll(res.Body)
		n = int64(len(body))
	} else {
		n, err = io.Copy(io.Discard, res.Body)
	}
	res.Body.Close()
	if err != nil {
		st.Errors++
		return err
	}
	st.Requests++
	st.Bytes += n
	if st.Status == nil {
		st.Status = map[int]int{}
	}
	st.Status[res.StatusCode]++
	if res.StatusCode >= 500 {
		st.Errors++
	}
	switch res.Header.Get("X-Cache") {
	case "hit":
		st.Hits++
	case "miss":
		st.Misses++
	}
	if res.Header.Get("Content-Encoding") == "gzip" {
		st.Gzipped++
	}
	if keep {
		hdr := res.Header.Clone()
		hdr.Del("Date")
		hdr.Del("Content-Length")
		rec.keep(&page{Path: path, ContentType: res.Header.Get("Content-Type"), ContentEncoding: res.Header.Get("Content-Encoding"),
			Status: res.StatusCode, Body: bytes.Clone(body), Header: hdr})
	}
	return nil
}

// run drives the groups' workers for d (a worker whose source runs out
// stops earlier) and returns each group's stats, and the time from the
// start to the end of the last request.
func (d *driver) run(ctx context.Context, groups []group, dur time.Duration, seed uint64, rec *recorder) ([]stats, time.Duration) {
	out := make([]stats, len(groups))
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(dur)
	var seq atomic.Uint64
	for gi, g := range groups {
		for range g.workers {
			r := rand.New(rand.NewPCG(seed, seq.Add(1)))
			wg.Go(func() {
				var st stats
				for time.Now().Before(deadline) && ctx.Err() == nil {
					path, ok := g.next(r)
					if !ok {
						break
					}
					t := time.Now()
					if err := d.get(ctx, path, !g.crawler, rec, &st); err != nil {
						if ctx.Err() != nil {
							break
						}
						continue
					}
					end := time.Now()
					st.lat = append(st.lat, end.Sub(t))
					st.ends = append(st.ends, end.Sub(start))
				}
				mu.Lock()
				out[gi].merge(&st)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	return out, time.Since(start)
}

// fetch requests each path once, conns at a time (to warm a cache; not
// timed), and returns the paths answered 200 and the stats.
func (d *driver) fetch(ctx context.Context, paths []string, conns int) ([]string, stats) {
	rec := newRecorder(len(paths))
	var next atomic.Int64
	g := group{name: "warm", workers: conns, next: func(*rand.Rand) (string, bool) {
		i := next.Add(1) - 1
		if i >= int64(len(paths)) {
			return "", false
		}
		return paths[i], true
	}}
	st, _ := d.run(ctx, []group{g}, 24*time.Hour, 1, rec)
	var ok []string
	for _, p := range paths {
		if pg := rec.pages[p]; pg != nil && pg.Status == http.StatusOK {
			ok = append(ok, p)
		}
	}
	return ok, st[0]
}

// zipf draws ranks 0…n-1 with probability proportional to 1/(rank+1)^s,
// for any s ≥ 0 (math/rand's Zipf needs s > 1).
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) *zipf {
	z := &zipf{cdf: make([]float64, n)}
	sum := 0.0
	for k := range n {
		sum += 1 / math.Pow(float64(k+1), s)
		z.cdf[k] = sum
	}
	return z
}

func (z *zipf) draw(r *rand.Rand) int {
	if len(z.cdf) == 0 {
		return 0
	}
	u := r.Float64() * z.cdf[len(z.cdf)-1]
	i, _ := slices.BinarySearch(z.cdf, u)
	return min(i, len(z.cdf)-1)
}

// String describes the stats briefly (for errors).
func (s *stats) String() string {
	return fmt.Sprintf("%d requests, %d errors, status %v", s.Requests, s.Errors, s.Status)
}
