package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary be the server children of a run, as the
// command is (childMain).
func TestMain(m *testing.M) {
	if code, ran := childMain(); ran {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestSmoke runs every workload on a small corpus for half a second each
// and checks the report: every workload answered, without errors, and
// was compared with the baseline. It takes about 20 s, so -short skips it.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the smoke run takes about 20 s")
	}
	db := filepath.Join(t.TempDir(), "smoke.db")
	var out, errs bytes.Buffer
	code := run(t.Context(), []string{"-n", "50", "-database", db, "-duration", "500ms", "-change-window", "1s",
		"-concurrency", "4", "-queries", "20", "-json"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit status %d; standard error:\n%s", code, errs.String())
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, out.String())
	}
	if !rep.Corpus.Loaded || rep.Corpus.Episodes != 50 || rep.Corpus.Postings == 0 {
		t.Errorf("corpus %+v; want 50 episodes loaded, with postings", rep.Corpus)
	}
	if rep.StartupMS <= 0 {
		t.Errorf("start-up time %v", rep.StartupMS)
	}
	var names []string
	for _, r := range rep.Results {
		names = append(names, r.Workload)
		if r.Requests == 0 || r.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors", r.Workload, r.Requests, r.Errors)
		}
		if r.Baseline == nil || r.Baseline.Requests == 0 || r.Baseline.Pages == 0 {
			t.Errorf("%s: baseline %+v", r.Workload, r.Baseline)
		}
		if r.Memory.RSS <= 0 || r.Memory.Private <= 0 {
			t.Errorf("%s: memory %+v", r.Workload, r.Memory)
		}
		// The search page and API answer uncompressed.
		if r.GzipShare == 0 && !strings.HasPrefix(r.Workload, "search") {
			t.Errorf("%s: no answer was compressed", r.Workload)
		}
	}
	if !slices.Equal(names, workloadNames) {
		t.Errorf("workloads %q, want %q", names, workloadNames)
	}
	byName := map[string]result{}
	for _, r := range rep.Results {
		byName[r.Workload] = r
	}
	for _, name := range []string{"uncached", "listings-uncached"} {
		if r := byName[name]; r.HitRate != 0 {
			t.Errorf("%s: hit rate %v, want 0", name, r.HitRate)
		}
	}
	if r := byName["cached"]; r.HitRate != 1 {
		t.Errorf("cached: hit rate %v, want 1", r.HitRate)
	}
	if r := byName["change"]; r.Notes["visible_after_ms"] == nil {
		t.Errorf("change: notes %v", r.Notes)
	}

	// A second run reuses the corpus.
	out.Reset()
	errs.Reset()
	if code := run(t.Context(), []string{"-n", "50", "-database", db, "-load-only", "-json"}, &out, &errs); code != 0 {
		t.Fatalf("second run: exit status %d:\n%s", code, errs.String())
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Corpus.Loaded || rep.Corpus.Episodes != 50 {
		t.Errorf("second run: corpus %+v, %v; want 50 episodes, not loaded again", rep.Corpus, err)
	}
	// Another size is refused.
	if code := run(t.Context(), []string{"-n", "60", "-database", db, "-load-only"}, &out, &errs); code != 1 ||
		!strings.Contains(errs.String(), "holds 50 episodes") {
		t.Errorf("-n 60 on a database of 50: exit %d, %q", code, errs.String())
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-workloads", "cached,nope"},
		{"-n", "0"},
		{"-concurrency", "0"},
		{"-duration", "0s"},
		{"extra"},
	} {
		var errs bytes.Buffer
		if code := run(t.Context(), args, &bytes.Buffer{}, &errs); code != 2 {
			t.Errorf("%q: exit status %d, want 2 (%s)", args, code, errs.String())
		}
	}
	c, err := parseFlags([]string{"-workloads", " search-api , cached "}, &bytes.Buffer{})
	if err != nil || !slices.Equal(c.workloads, []string{"search-api", "cached"}) {
		t.Errorf("workloads %q, %v", c.workloads, err)
	}
}

func TestZipf(t *testing.T) {
	z := newZipf(1000, 1)
	r := rand.New(rand.NewPCG(1, 2))
	counts := make([]int, 1000)
	const draws = 200000
	for range draws {
		counts[z.draw(r)]++
	}
	// P(rank 1) = 1/H(1000) ≈ 0.1336, P(rank 2) half of it.
	if p := float64(counts[0]) / draws; p < 0.12 || p > 0.15 {
		t.Errorf("rank 1 drawn %.3f of the time, want about 0.134", p)
	}
	if ratio := float64(counts[0]) / float64(counts[1]); ratio < 1.8 || ratio > 2.2 {
		t.Errorf("rank 1 / rank 2 = %.2f, want about 2", ratio)
	}
	if counts[999] == 0 {
		t.Errorf("the last rank was never drawn")
	}
}

func TestSitemapLocs(t *testing.T) {
	index, locs, err := sitemapLocs([]byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
		<sitemap><loc>http://x/sitemaps/1.xml</loc></sitemap><sitemap><loc>http://x/sitemaps/2.xml</loc></sitemap></sitemapindex>`))
	if err != nil || !index || !slices.Equal(locs, []string{"http://x/sitemaps/1.xml", "http://x/sitemaps/2.xml"}) {
		t.Errorf("index: %v %q %v", index, locs, err)
	}
	index, locs, err = sitemapLocs([]byte(`<urlset xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>http://x/en/</loc>
		<xhtml:link rel="alternate" hreflang="fr-CA" href="http://x/fr/"/></url><url><loc> http://x/fr/ </loc></url></urlset>`))
	if err != nil || index || !slices.Equal(locs, []string{"http://x/en/", "http://x/fr/"}) {
		t.Errorf("urlset: %v %q %v", index, locs, err)
	}
}

func TestClassify(t *testing.T) {
	s := classify([]string{"/en/", "/fr/", "/en/episodes/a", "/fr/episodes/b", "/en/topics", "/en/topics/data", "/fr/sujets/donnees",
		"/en/series/s1", "/en/authors/ada", "/en/privacy"})
	if !slices.Equal(s.episodes, []string{"/en/episodes/a", "/fr/episodes/b"}) {
		t.Errorf("episodes %q", s.episodes)
	}
	for _, want := range []string{"/en/", "/en/?page=2", "/en/topics", "/en/topics/data", "/fr/sujets/donnees", "/en/series/s1", "/en/authors/ada"} {
		if !slices.Contains(s.listings, want) {
			t.Errorf("listings lack %s: %q", want, s.listings)
		}
	}
	if slices.Contains(s.listings, "/en/privacy") {
		t.Errorf("privacy is not a listing")
	}
	for _, want := range []string{"/en/feeds/episodes.xml", "/en/feeds/topics/data.json", "/fr/fils/sujets/donnees.atom", "/en/feeds/series/s1.xml", "/fr/balado.xml"} {
		if !slices.Contains(s.feeds, want) {
			t.Errorf("feeds lack %s: %q", want, s.feeds)
		}
	}
}

func TestProc(t *testing.T) {
	pid := os.Getpid()
	start, err := cpuTime(pid)
	if err != nil {
		t.Fatal(err)
	}
	// Use some CPU: the counter is in 10 ms ticks.
	for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
	}
	if now, err := cpuTime(pid); err != nil || now < start {
		t.Errorf("cpu time %v then %v, %v", start, now, err)
	}
	m, err := memoryOf(pid)
	if err != nil || m.RSS <= 0 || m.Private <= 0 || m.Private > m.RSS {
		t.Errorf("memory %+v, %v", m, err)
	}
}

func TestRecorder(t *testing.T) {
	r := newRecorder(2)
	for _, p := range []string{"/a", "/b", "/a", "/c", "/b"} {
		if r.wants(p) {
			r.keep(&page{Path: p, Status: 200, Body: []byte(p)})
		}
	}
	pages, seq := r.replay()
	if len(pages) != 2 || pages[0].Path != "/a" || pages[1].Path != "/b" {
		t.Errorf("pages %+v", pages)
	}
	if !slices.Equal(seq, []string{"/a", "/b", "/a", "/b"}) {
		t.Errorf("sequence %q", seq)
	}
}

func TestLangCookie(t *testing.T) {
	for path, want := range map[string]string{
		"/en/episodes/a":  "busrides_lang=en",
		"/fr/":            "busrides_lang=fr",
		"/fr":             "",
		"/en":             "",
		"/sitemap.xml":    "",
		"/english/x":      "",
		"/api/v1/search?": "",
		"":                "",
	} {
		if got := langCookie(path); got != want {
			t.Errorf("langCookie(%q) = %q; want %q", path, got, want)
		}
	}
}
