package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
	"github.com/busrides/busrides/internal/urls"
)

// backendsWith is backends with options made for each backend.
func backendsWith(t *testing.T, opts func(pg bool) apptest.Options, body func(t *testing.T, s *apptest.Start, pg bool)) {
	t.Helper()
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			if pg && os.Getenv(testutil.PostgresURLEnv) == "" {
				t.Skipf("%s not set", testutil.PostgresURLEnv)
			}
			o := opts(pg)
			o.Postgres = pg
			body(t, apptest.Serve(t, o), pg)
		})
	}
}

// logRecord is one captured log line: its message and attributes.
type logRecord struct {
	msg   string
	attrs map[string]string
}

// logCapture is a slog.Handler keeping every record, for tests.
type logCapture struct {
	mu      sync.Mutex
	records []logRecord
}

func (c *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (c *logCapture) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *logCapture) WithGroup(string) slog.Handler            { return c }
func (c *logCapture) Handle(_ context.Context, r slog.Record) error {
	rec := logRecord{msg: r.Message, attrs: map[string]string{}}
	r.Attrs(func(a slog.Attr) bool {
		rec.attrs[a.Key] = a.Value.String()
		return true
	})
	c.mu.Lock()
	c.records = append(c.records, rec)
	c.mu.Unlock()
	return nil
}

// feedProblems are the captured records naming an episode, by episode id,
// language and reason.
func (c *logCapture) feedProblems() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for _, r := range c.records {
		if id := r.attrs["episode_id"]; id != "" {
			out[id+"/"+r.attrs["lang"]+"/"+r.attrs["reason"]]++
		}
	}
	return out
}

// mediaCase is a Listen or Watch episode whose recording is written as
// given in both languages, and what feeds must make of it.
type mediaCase struct {
	name    string
	kind    content.Kind
	url     string
	typ     string
	bytes   int64
	seconds int
	// rawType, when set, is written over the stored type afterwards, as
	// an older program or a hand edit of the database could leave it (the
	// store fills an empty type on import).
	rawType *string
	// What the episode feeds carry: an enclosure at encURL (absolute) of
	// encLength bytes and type encType, or none when encURL is "".
	encURL    string
	encLength int64
	encType   string
	podcast   bool     // in the podcast of its kind
	reasons   []string // the problems logged, once each per language
}

// demoMP3 is a recording of the demo media, and its size.
const demoMP3 = "/media/inclusive-meetings-en.mp3"

func demoMP3Size(t *testing.T) int64 {
	t.Helper()
	info, err := os.Stat("../demo/media/inclusive-meetings-en.mp3")
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

func mediaCases(t *testing.T) []mediaCase {
	size := demoMP3Size(t)
	empty := ""
	site := feedBase + demoMP3
	return []mediaCase{
		{name: "https with its size", url: "https://cdn.example.ca/audio/ep1.mp3", typ: "audio/mpeg", bytes: 48213004,
			encURL: "https://cdn.example.ca/audio/ep1.mp3", encLength: 48213004, encType: "audio/mpeg", podcast: true},
		{name: "https with its size, type left to the extension", url: "https://cdn.example.ca/audio/ep2.m4a?sig=a&b=2", bytes: 1234,
			encURL: "https://cdn.example.ca/audio/ep2.m4a?sig=a&b=2", encLength: 1234, encType: "audio/mp4", podcast: true},
		{name: "https, upper case", url: "HTTPS://CDN.example.ca/A.MP3", bytes: 10,
			encURL: "https://CDN.example.ca/A.MP3", encLength: 10, encType: "audio/mpeg", podcast: true},
		{name: "https at the largest size", url: "https://cdn.example.ca/huge.mp3", typ: "audio/mpeg", bytes: content.MaxMediaBytes,
			encURL: "https://cdn.example.ca/huge.mp3", encLength: content.MaxMediaBytes, encType: "audio/mpeg", podcast: true},
		{name: "https without its size", url: "https://cdn.example.ca/audio/ep3.mp3", typ: "audio/mpeg",
			reasons: []string{content.FeedMediaBytes}},
		{name: "https with a negative size", url: "https://cdn.example.ca/neg.mp3", typ: "audio/mpeg", bytes: -1,
			reasons: []string{content.FeedMediaBytes}},
		{name: "https with a huge size", url: "https://cdn.example.ca/huger.mp3", typ: "audio/mpeg", bytes: math.MaxInt64,
			reasons: []string{content.FeedMediaBytes}},
		{name: "http", url: "http://cdn.example.ca/audio/ep4.mp3", typ: "audio/mpeg", bytes: 1000,
			reasons: []string{content.FeedMediaHTTP}},
		{name: "site file, empty type stored", url: demoMP3, typ: "audio/mpeg", rawType: &empty,
			encURL: site, encLength: size, encType: "audio/mpeg", podcast: true},
		{name: "site file, bogus type", url: demoMP3, typ: "text/html",
			encURL: site, encLength: size, encType: "audio/mpeg", podcast: true},
		{name: "site file, hostile type", url: demoMP3, typ: `audio/mpeg"><script>alert(1)</script>`,
			encURL: site, encLength: size, encType: "audio/mpeg", podcast: true},
		{name: "site file, half a type", url: demoMP3, typ: "audio/",
			encURL: site, encLength: size, encType: "audio/mpeg", podcast: true},
		{name: "site file missing", url: "/media/no-such-file.mp3", typ: "audio/mpeg",
			reasons: []string{content.FeedMediaFile}},
		{name: "traversal", url: "/media/../../../etc/passwd", typ: "audio/mpeg",
			reasons: []string{content.FeedMediaFile}},
		{name: "spaces around", url: " " + demoMP3 + " ", typ: "audio/mpeg",
			reasons: []string{content.FeedMediaAddress}},
		{name: "space inside", url: "/media/inclusive meetings.mp3", typ: "audio/mpeg",
			reasons: []string{content.FeedMediaAddress}},
		{name: "javascript", url: "javascript:alert(document.domain)//.mp3", typ: "audio/mpeg", bytes: 10,
			reasons: []string{content.FeedMediaAddress}},
		{name: "data", url: "data:audio/mpeg;base64,SUQz", typ: "audio/mpeg", bytes: 10,
			reasons: []string{content.FeedMediaAddress}},
		{name: "scheme-relative", url: "//evil.example/a.mp3", typ: "audio/mpeg", bytes: 10,
			reasons: []string{content.FeedMediaAddress}},
		{name: "no type, no extension", url: "https://cdn.example.ca/stream", bytes: 500,
			reasons: []string{content.FeedMediaType}},
		{name: "no media", url: "",
			reasons: []string{content.FeedNoMedia}},
		{name: "no length", url: demoMP3, typ: "audio/mpeg", seconds: -1,
			encURL: site, encLength: size, encType: "audio/mpeg", reasons: []string{content.FeedDuration}},
		{name: "watch with an audio file", kind: content.Watch, url: demoMP3, typ: "audio/mpeg",
			reasons: []string{content.FeedMediaType}},
		{name: "watch from https with its size", kind: content.Watch, url: "https://cdn.example.ca/v.webm", bytes: 777,
			encURL: "https://cdn.example.ca/v.webm", encLength: 777, encType: "video/webm", podcast: true},
	}
}

// corpusMediaCases are recordings named and typed by the shared security
// corpus: XSS payloads as addresses and as types, traversal strings in the
// media folder. What feeds make of them is checked by property (see
// TestFeedsHostileMedia), not case by case.
func corpusMediaCases(t *testing.T) []mediaCase {
	var out []mediaCase
	for i, p := range corpusLines(t, "xss/xss-merged.txt", 8) {
		out = append(out, mediaCase{name: fmt.Sprint("xss address ", i), url: p, typ: "audio/mpeg", bytes: 10})
	}
	for i, p := range corpusLines(t, "xss/xss-merged.txt", 4) {
		out = append(out, mediaCase{name: fmt.Sprint("xss type ", i), url: demoMP3, typ: p})
	}
	for i, p := range corpusLines(t, "traversal/deep_traversal.txt", 4) {
		out = append(out, mediaCase{name: fmt.Sprint("traversal ", i), url: "/media/" + p, typ: "audio/mpeg"})
	}
	for i, p := range corpusLines(t, "unicode/blns.txt", 4) {
		out = append(out, mediaCase{name: fmt.Sprint("naughty ", i), url: "https://cdn.example.ca/" + p + ".mp3", bytes: 99})
	}
	return out
}

// importMediaCases stores one published episode per case, newest first
// (newer than the demo's), through the store: the store takes what the
// content-file importer and the editor would refuse, as older data may
// hold it. It returns the episodes' ids.
func importMediaCases(t *testing.T, s *apptest.Start, cases []mediaCase) []int64 {
	t.Helper()
	ctx := context.Background()
	base := time.Date(2026, time.November, 20, 12, 0, 0, 0, time.UTC)
	b := &content.Bundle{Topics: []content.Topic{{Key: "empty-topic", Names: content.Bilingual{EN: "Empty topic", FR: "Sujet vide"},
		Slugs: content.Bilingual{EN: "empty-topic", FR: "sujet-vide"}}}}
	for i, c := range cases {
		k := c.kind
		if k == "" {
			k = content.Listen
		}
		secs := c.seconds
		if secs == 0 {
			secs = 20
		}
		e := content.Episode{Key: fmt.Sprintf("hostile-media-%03d", i), Kind: k, Status: content.Published,
			PublishedAt: base.Add(-time.Duration(i) * time.Hour), Versions: map[content.Lang]*content.Version{},
			Topics: []content.Topic{{Key: "leadership"}}, Authors: []content.Author{{Key: "amelie-gagnon"}},
			Series: &content.SeriesRef{Series: content.Series{Key: "leading-hybrid-teams"}, Position: 100 + i}}
		for _, lang := range content.Langs {
			e.Versions[lang] = &content.Version{Lang: lang, Title: fmt.Sprintf("Hostile media %03d %s", i, lang),
				Summary: c.name, BodyMarkdown: "Notes.", BodyHTML: "<p>Notes.</p>", WordCount: 1,
				Transcript: "Words.", TranscriptHTML: "<p>Words.</p>",
				MediaURL: c.url, MediaType: c.typ, MediaSeconds: max(secs, 0), MediaBytes: c.bytes}
		}
		b.Episodes = append(b.Episodes, e)
	}
	if _, err := s.App.Store.ImportBundle(ctx, b, s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	db := s.App.Store.(interface{ SQL() *sql.DB }).SQL()
	ids := make([]int64, len(cases))
	for i, c := range cases {
		var err error
		if ids[i], err = idByKey(ctx, db, fmt.Sprintf("hostile-media-%03d", i)); err != nil {
			t.Fatal(err)
		}
		if c.rawType != nil {
			if _, err := db.ExecContext(ctx, "UPDATE versions SET media_type = '"+*c.rawType+"' WHERE episode_id = "+strconv.FormatInt(ids[i], 10)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.App.SyncCache(ctx); err != nil {
		t.Fatal(err)
	}
	return ids
}

func idByKey(ctx context.Context, db *sql.DB, key string) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, "SELECT id FROM episodes WHERE key = '"+key+"'").Scan(&id)
	return id, err
}

// TestFeedsHostileMedia stores episodes whose recordings are odd or
// hostile (absolute http and https addresses, empty and bogus types,
// negative and huge sizes, spaces, javascript: and data: addresses,
// traversal, entries of the security corpus) and fetches every feed:
// episodes (RSS, Atom, JSON Feed) in each language, each topic's, series'
// and kind's, and both podcasts. Each answers 200 and parses; episode
// feeds keep every episode, with an enclosure only where the recording can
// be carried as it is; podcasts carry exactly those episodes; every
// problem is logged once per episode, language and reason, however many
// times the feeds are built.
func TestFeedsHostileMedia(t *testing.T) {
	t.Parallel()
	// Each backend logs to its own capture.
	captures := map[bool]*logCapture{false: {}, true: {}}
	logger := func(pg bool) *slog.Logger { return slog.New(captures[pg]) }
	// NoCache: every request builds its feed again, as a busy server
	// does over many content changes.
	backendsWith(t, func(pg bool) apptest.Options { return apptest.Options{NoCache: true, Logger: logger(pg)} }, func(t *testing.T, s *apptest.Start, pg bool) {
		logs := captures[pg]
		cases := mediaCases(t)
		corpus := corpusMediaCases(t)
		ids := importMediaCases(t, s, append(slices.Clone(cases), corpus...))
		byID := map[int64]mediaCase{}
		for i, c := range cases {
			byID[ids[i]] = c
		}
		// The ids this test stored; the demo's episodes are checked by
		// TestFeedsEveryURL.
		corpusIDs := map[int64]bool{}
		for _, id := range ids[len(cases):] {
			corpusIDs[id] = true
		}
		itemEpisode := func(guid string) int64 {
			for id := range byID {
				for _, lang := range content.Langs {
					if guid == feed.ItemID("busrides.test", id, string(lang)) {
						return id
					}
				}
			}
			for id := range corpusIDs {
				for _, lang := range content.Langs {
					if guid == feed.ItemID("busrides.test", id, string(lang)) {
						return id
					}
				}
			}
			return 0
		}
		fx := newFeedFetcher(s)
		// checkEnclosures checks an item's enclosures against its case, or
		// by property for the corpus's.
		checkEnclosures := func(t *testing.T, where string, id int64, encs []*gofeedEnclosure) {
			t.Helper()
			if c, ok := byID[id]; ok {
				switch {
				case c.encURL == "" && len(encs) != 0:
					t.Errorf("%s (%s): enclosures %+v, want none", where, c.name, encs[0])
				case c.encURL != "" && len(encs) != 1:
					t.Errorf("%s (%s): %d enclosures, want one", where, c.name, len(encs))
				case c.encURL != "":
					if e := encs[0]; e.URL != c.encURL || e.Length != strconv.FormatInt(c.encLength, 10) || e.Type != c.encType {
						t.Errorf("%s (%s): enclosure %+v, want %s (%d bytes, %s)", where, c.name, *e, c.encURL, c.encLength, c.encType)
					}
				}
				return
			}
			if !corpusIDs[id] {
				return
			}
			for _, e := range encs {
				// The corpus's only carriable recordings are https URLs
				// with a declared size (99 bytes), or the demo file.
				switch {
				case e.URL == feedBase+demoMP3 && e.Type == "audio/mpeg" && e.Length == strconv.FormatInt(demoMP3Size(t), 10):
				case strings.HasPrefix(strings.ToLower(e.URL), "https://") && e.Length == "99" && e.Type == "audio/mpeg":
				default:
					t.Errorf("%s: corpus episode %d carries enclosure %+v", where, id, *e)
				}
			}
		}

		for round := range 2 {
			for _, fc := range feedCases(t, s) {
				for _, format := range urls.FeedFormats {
					for _, lang := range content.Langs {
						path := fc.url(lang, format)
						r := get(t, s, path)
						if r.StatusCode != 200 {
							t.Errorf("round %d: GET %s: status %d, want 200\n%.300s", round, path, r.StatusCode, r.Body)
							continue
						}
						f := parseFeedBody(t, path, r.Body)
						q := fc.q
						q.Lang = lang
						want := liveEpisodes(t, s, q)
						if fc.name == "topic-empty-topic" {
							if len(f.Items) != 0 {
								t.Errorf("%s: %d items in a topic without episodes", path, len(f.Items))
							}
							continue
						}
						if len(want) > 50 {
							want = want[:50]
						}
						if len(f.Items) != len(want) {
							t.Errorf("%s: %d items, want every live episode (%d): none is left out", path, len(f.Items), len(want))
							continue
						}
						if round > 0 {
							continue
						}
						for i, it := range f.Items {
							if it.GUID != feed.ItemID("busrides.test", want[i].ID, string(lang)) {
								t.Errorf("%s: item %d is %q, want episode %d", path, i, it.GUID, want[i].ID)
								continue
							}
							checkEnclosures(t, fmt.Sprintf("%s item %d", path, i), want[i].ID, enclosuresOf(it.Enclosures))
						}
					}
				}
			}
			for _, kind := range []content.Kind{content.Listen, content.Watch} {
				for _, lang := range content.Langs {
					path := urls.Podcast(lang, kind)
					r := get(t, s, path)
					if r.StatusCode != 200 {
						t.Errorf("round %d: GET %s: status %d, want 200\n%.300s", round, path, r.StatusCode, r.Body)
						continue
					}
					f := parseFeedBody(t, path, r.Body)
					if round > 0 {
						continue
					}
					got := map[int64]bool{}
					for i, it := range f.Items {
						id := itemEpisode(it.GUID)
						got[id] = true
						where := fmt.Sprintf("%s item %d", path, i)
						if len(it.Enclosures) != 1 {
							t.Errorf("%s: %d enclosures", where, len(it.Enclosures))
							continue
						}
						checkEnclosures(t, where, id, enclosuresOf(it.Enclosures))
						if e := it.Enclosures[0]; strings.HasPrefix(e.URL, feedBase+"/") {
							fx.fetchOK(t, e.URL)
						}
					}
					for id, c := range byID {
						k := c.kind
						if k == "" {
							k = content.Listen
						}
						if k == kind && got[id] != c.podcast {
							t.Errorf("%s: episode %d (%s) carried %t, want %t", path, id, c.name, got[id], c.podcast)
						}
					}
					// The demo's episodes of this kind are all still there.
					guids := map[string]bool{}
					for _, it := range f.Items {
						guids[it.GUID] = true
					}
					for _, ep := range liveEpisodes(t, s, store.EpisodeQuery{Lang: lang, Kind: kind}) {
						if !strings.HasPrefix(ep.Key, "hostile-media-") && !guids[feed.ItemID("busrides.test", ep.ID, string(lang))] {
							t.Errorf("%s: the demo episode %s is left out", path, ep.Key)
						}
					}
				}
			}
		}

		// Each problem is logged once per episode, language and reason,
		// over every feed and both rounds; a recording feeds carry is not
		// logged.
		problems := logs.feedProblems()
		for key, n := range problems {
			if n != 1 {
				t.Errorf("problem %s logged %d times, want once", key, n)
			}
		}
		for id, c := range byID {
			for _, lang := range content.Langs {
				for _, reason := range c.reasons {
					if key := fmt.Sprintf("%d/%s/%s", id, lang, reason); problems[key] != 1 {
						t.Errorf("%s (%s): logged %d times, want once", key, c.name, problems[key])
					}
				}
				for key := range problems {
					if strings.HasPrefix(key, fmt.Sprintf("%d/%s/", id, lang)) && !slices.ContainsFunc(c.reasons, func(r string) bool {
						return strings.HasSuffix(key, "/"+r)
					}) {
						t.Errorf("%s (%s): logged, want only %v", key, c.name, c.reasons)
					}
				}
			}
		}
	})
}

// gofeedEnclosure is the part of an enclosure the tests compare.
type gofeedEnclosure struct{ URL, Length, Type string }

func enclosuresOf(encs []*gofeed.Enclosure) []*gofeedEnclosure {
	var out []*gofeedEnclosure
	for _, e := range encs {
		out = append(out, &gofeedEnclosure{e.URL, e.Length, e.Type})
	}
	return out
}
