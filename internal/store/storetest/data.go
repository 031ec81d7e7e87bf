package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

func testTimesUTC(t *testing.T, s store.Store) {
	ctx := t.Context()
	est := time.FixedZone("EST", -5*3600)
	jst := time.FixedZone("JST", 9*3600)
	pub := time.Date(2025, 1, 15, 8, 30, 45, 123456789, est) // 13:30:45.123456789Z
	mod := time.Date(2025, 2, 1, 23, 59, 59, 999999999, jst)
	mustImport(t, s, bundle(
		episode("t", pub, func(e *content.Episode) { e.ModifiedAt = mod }),
		// 10:00 in Toronto is after 14:00 in UTC: order must use instants.
		episode("toronto", time.Date(2025, 1, 10, 10, 0, 0, 0, est)),
		episode("utc", time.Date(2025, 1, 10, 14, 0, 0, 0, time.UTC)),
	))
	e := mustBySlug(t, s, en, "t-en")
	if e.PublishedAt.Location() != time.UTC || e.ModifiedAt.Location() != time.UTC {
		t.Errorf("times not in UTC: %v, %v", e.PublishedAt, e.ModifiedAt)
	}
	if !e.PublishedAt.Truncate(time.Second).Equal(pub.Truncate(time.Second)) {
		t.Errorf("PublishedAt = %v; want %v", e.PublishedAt, pub.UTC())
	}
	// Both databases keep microseconds, truncated.
	if got, want := e.PublishedAt.Format(time.RFC3339Nano), "2025-01-15T13:30:45.123456Z"; got != want {
		t.Errorf("PublishedAt = %s; want %s", got, want)
	}
	if got, want := e.ModifiedAt.Format(time.RFC3339Nano), "2025-02-01T14:59:59.999999Z"; got != want {
		t.Errorf("ModifiedAt = %s; want %s", got, want)
	}
	stored := e.PublishedAt
	wantList(t, s, store.EpisodeQuery{Lang: en, Now: stored.In(jst)}, 3, "t", "toronto", "utc")
	wantList(t, s, store.EpisodeQuery{Lang: en, Now: stored.Add(-time.Second).In(jst)}, 2, "toronto", "utc")
	if _, err := s.EpisodeBySlug(ctx, en, "t-en", stored.In(est)); err != nil {
		t.Errorf("EpisodeBySlug at its publication instant in EST: %v", err)
	}
	_, err := s.EpisodeBySlug(ctx, en, "t-en", stored.Add(-time.Millisecond).In(jst))
	wantNotFound(t, err, "EpisodeBySlug just before publication")
}

func testUnicode(t *testing.T, s store.Store) {
	ctx := t.Context()
	var blns []string
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/blns.json"), &blns); err != nil {
		t.Fatalf("blns.json: %v", err)
	}
	longest := ""
	for _, x := range blns {
		if len(x) > len(longest) && strings.ContainsFunc(x, func(r rune) bool { return r > 0xFFFF }) {
			longest = x
		}
	}
	french := "Ça coûte 5 $ — l’été à Montréal, « Québec » ; naïveté, cœur, ŒUVRE"
	emoji := "🚌💨 👩🏽‍💻 🇨🇦 ❤️"
	quotes := `"double" 'single' ‘curly’ “curly” ` + "`back`" + ` \back\slash\ 100%_done ?$1`
	build := func() content.Episode {
		e := episode("u", day(1), titled(french, emoji+" "+french))
		v := e.Versions[en]
		v.Summary, v.BodyHTML, v.BodyMarkdown = quotes, "<p>"+longest+"</p>", longest
		v.Transcript = strings.Join(blns, "\n")
		v.Image.Alt = emoji
		v.LearnMore = []content.Link{{Label: emoji + quotes, URL: "https://example.ca/é?q=“x”"}}
		e.Versions[fr].Summary = french
		return e
	}
	b := bundle(build())
	b.Topics[0].Names.FR = french
	b.Topics[0].Descriptions.EN = longest
	b.Authors[0].Name = "Éloïse O’Brien-Çelik 👩🏽‍💻"
	mustImport(t, s, b)

	slug := content.Slugify(french)
	got := mustBySlug(t, s, en, slug)
	want := build()
	for _, l := range content.Langs {
		want.Versions[l].EpisodeID = got.ID
		want.Versions[l].Slug = got.Versions[l].Slug
	}
	if d := cmp.Diff(want.Versions, got.Versions); d != "" {
		t.Errorf("unicode versions (-want +got):\n%s", d)
	}
	if got.Versions[fr].Slug != slug {
		t.Errorf("fr slug = %q; want %q", got.Versions[fr].Slug, slug)
	}
	if got.Topics != nil {
		t.Errorf("unexpected topics %v", got.Topics)
	}
	ts, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ts[0].Names.FR != french || ts[0].Descriptions.EN != longest {
		t.Errorf("topic text = %q / %q", ts[0].Names.FR, ts[0].Descriptions.EN)
	}
	as, err := s.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(as, func(a content.Author) bool { return a.Name == "Éloïse O’Brien-Çelik 👩🏽‍💻" }) {
		t.Errorf("author name not stored verbatim: %+v", as)
	}
	n := content.Notice{Enabled: true, Text: content.Bilingual{EN: longest, FR: french + emoji}}
	if err := s.SetNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	if gotN, err := s.Notice(ctx); err != nil || gotN != n {
		t.Errorf("Notice = %+v, %v", gotN, err)
	}
	// Every BLNS string as a feedback comment and path.
	for _, x := range blns {
		if _, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: fr, Path: "/fr/" + x, Answer: content.No, Comment: x}); err != nil {
			t.Fatalf("AddFeedback(%q): %v", x, err)
		}
	}
	fb, err := newestFeedback(ctx, s, len(blns)+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(fb) != len(blns) {
		t.Fatalf("newestFeedback: %d; want %d", len(fb), len(blns))
	}
	for i, f := range fb {
		x := blns[len(blns)-1-i]
		if f.Comment != x || f.Path != "/fr/"+x {
			t.Errorf("feedback %d = %q / %q; want %q", i, f.Comment, f.Path, x)
		}
	}
	for _, x := range []string{"été", french, emoji, longest} {
		_, err := s.EpisodeBySlug(ctx, fr, x, now)
		wantNotFound(t, err, fmt.Sprintf("EpisodeBySlug(%q)", x))
	}
}

func sqliPayloads(t *testing.T) []string {
	raw := string(testutil.ReadCorpus(t, "sqli/Generic_Fuzz.txt"))
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	if len(out) < 10 {
		t.Fatalf("Generic_Fuzz.txt: only %d payloads", len(out))
	}
	// Placeholders and statement breakers aimed at this store's own SQL.
	return append(out, "?", "$1", "?, ?); DROP TABLE episodes; --", "%' OR slug LIKE '%", "x' UNION SELECT key FROM topics --")
}

func testSQLInjection(t *testing.T, s store.Store) {
	ctx := t.Context()
	payloads := sqliPayloads(t)
	mustImport(t, s, bundle(episode("one", day(2), topics("ai")), episode("two", day(1), topics("ai"))))

	// Lookups: not found, never an error of another kind, never a leak.
	for _, p := range payloads {
		for _, l := range []content.Lang{en, fr, content.Lang(p)} {
			_, err := s.EpisodeBySlug(ctx, l, p, now)
			wantNotFound(t, err, fmt.Sprintf("EpisodeBySlug(%q, %q)", l, p))
			_, err = s.TopicBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("TopicBySlug(%q, %q)", l, p))
			_, err = s.AuthorBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("AuthorBySlug(%q, %q)", l, p))
			_, err = s.SeriesBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("SeriesBySlug(%q, %q)", l, p))
			_, err = s.SitePageBySlug(ctx, l, p)
			wantNotFound(t, err, fmt.Sprintf("SitePageBySlug(%q, %q)", l, p))
		}
		_, _, err := s.Redirect(ctx, p)
		wantNotFound(t, err, fmt.Sprintf("Redirect(%q)", p))
		_, _, err = s.Redirect(ctx, "/en/"+p)
		wantNotFound(t, err, fmt.Sprintf("Redirect(/en/%q)", p))
		wantList(t, s, store.EpisodeQuery{Lang: content.Lang(p)}, 0)
		wantList(t, s, store.EpisodeQuery{Lang: en, Kind: content.Kind(p)}, 0)
	}

	// Stored: the text comes back verbatim.
	b := bundle(episode("one", day(2), topics("ai")), episode("two", day(1), topics("ai")))
	for i, p := range payloads {
		tp := topic(fmt.Sprintf("t%d", i), p, p)
		tp.Slugs = content.Bilingual{EN: p, FR: p + " fr"}
		b.Topics = append(b.Topics, tp)
		b.Episodes = append(b.Episodes, episode(fmt.Sprintf("sqli-%d", i), day(3), titled(p, p), slugged(en, p),
			legacy("/en/"+p), topics(tp.Key), func(e *content.Episode) { e.Versions[en].Summary = p }))
	}
	mustImport(t, s, b)
	for i, p := range payloads {
		key := fmt.Sprintf("sqli-%d", i)
		e, err := s.EpisodeBySlug(ctx, en, p, now)
		if err != nil {
			t.Errorf("EpisodeBySlug(en, %q): %v", p, err)
			continue
		}
		if e.Key != key || e.Version(en).Title != p || e.Version(en).Slug != p || e.Version(en).Summary != p || e.Version(fr).Title != p {
			t.Errorf("episode stored with %q = %q %+v", p, e.Key, e.Version(en))
		}
		if fs := e.Version(fr).Slug; !content.ValidSlug(fs) {
			t.Errorf("derived fr slug %q from %q is not a valid slug", fs, p)
		}
		if id, lang, err := s.Redirect(ctx, "/en/"+p); err != nil || id != e.ID || lang != en {
			t.Errorf("Redirect(/en/%s) = %d, %q, %v; want %d", p, id, lang, err, e.ID)
		}
		tp, err := s.TopicBySlug(ctx, en, p)
		if err != nil || tp.Names.EN != p || tp.Key != fmt.Sprintf("t%d", i) {
			t.Errorf("TopicBySlug(en, %q) = %+v, %v", p, tp, err)
		} else {
			wantList(t, s, store.EpisodeQuery{Lang: en, TopicID: tp.ID}, 1, key)
		}
		if _, err := s.AddFeedback(ctx, content.Feedback{CreatedAt: now, Lang: en, Path: p, Answer: content.No, Comment: p}); err != nil {
			t.Errorf("AddFeedback(%q): %v", p, err)
		}
	}
	fb, err := newestFeedback(ctx, s, 1000)
	if err != nil || len(fb) != len(payloads) {
		t.Fatalf("newestFeedback = %d, %v; want %d", len(fb), err, len(payloads))
	}
	for i, f := range fb {
		if p := payloads[len(payloads)-1-i]; f.Comment != p || f.Path != p {
			t.Errorf("feedback = %q / %q; want %q", f.Comment, f.Path, p)
		}
	}
	// Nothing else moved.
	wantList(t, s, store.EpisodeQuery{Lang: en, Limit: 2}, 2+len(payloads), "two", "one")
	if ts, err := s.Topics(ctx); err != nil || len(ts) != 4+len(payloads) {
		t.Errorf("Topics = %d, %v; want %d", len(ts), err, 4+len(payloads))
	}
}
