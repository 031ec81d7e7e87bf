package importer_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata" // America/Toronto on machines without a zone database

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/demo"
	"github.com/busrides/busrides/internal/importer"
	"github.com/busrides/busrides/internal/render"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/sqldb"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/testutil"
)

var now = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func newImporter(t testing.TB) *importer.Importer {
	t.Helper()
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	return &importer.Importer{Render: render.New(), Location: loc}
}

func openStore(t testing.TB) *sqldb.DB {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// lines joins its arguments with "\n": the n-th argument is line n.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

const (
	topicFile  = "---\nname_en: Topic\nname_fr: Sujet\n---\n"
	authorFile = "---\nname: Ada Writer\nbio_en: Writes.\nbio_fr: Écrit.\n---\n"
	seriesFile = "---\ntitle_en: Series\ntitle_fr: Série\n---\n\n--- en\nIntro.\n\n--- fr\nIntroduction.\n"
)

// readEpisode is a valid Read episode; readFront/readEN are its parts.
var (
	readFront = []string{
		"---",                     // 1
		"kind: read",              // 2
		"published: 2020-10-15",   // 3
		"topic: t",                // 4
		"author: a",               // 5
		"---",                     // 6
		"",                        // 7
		"--- en",                  // 8
		"title: Hello",            // 9
		"summary: A short one.",   // 10
		"---",                     // 11
		"Body text, with a word.", // 12
	}
	listenEpisode = []string{
		"---",                         // 1
		"kind: listen",                // 2
		"published: 2020-10-15",       // 3
		"topic: t",                    // 4
		"author: a",                   // 5
		"---",                         // 6
		"",                            // 7
		"--- en",                      // 8
		"title: Hello",                // 9
		"summary: A short one.",       // 10
		"media: /media/x.mp3",         // 11
		"media_type: audio/mpeg",      // 12
		"media_duration: 1:30",        // 13
		"---",                         // 14
		"Show notes.",                 // 15
		"",                            // 16
		"--- en transcript",           // 17
		"Every word that was spoken.", // 18
	}
	// watchEpisode is a valid Watch episode: English, with its captions in
	// English and French.
	watchEpisode = []string{
		"---",                          // 1
		"kind: watch",                  // 2
		"published: 2020-10-15",        // 3
		"topic: t",                     // 4
		"author: a",                    // 5
		"---",                          // 6
		"",                             // 7
		"--- en",                       // 8
		"title: Hello",                 // 9
		"summary: A short one.",        // 10
		"media: /media/x.webm",         // 11
		"media_type: video/webm",       // 12
		"media_duration: 1:30",         // 13
		"captions_en: /media/x.en.vtt", // 14
		"captions_fr: https://cdn.example.ca/x.fr.vtt", // 15
		"---",                         // 16
		"Show notes.",                 // 17
		"",                            // 18
		"--- en transcript",           // 19
		"Every word that was spoken.", // 20
	}
)

// with returns ls with line n (1-based) replaced by repl (several lines
// allowed; none deletes it).
func with(ls []string, n int, repl ...string) []string {
	out := append([]string{}, ls[:n-1]...)
	out = append(out, repl...)
	return append(out, ls[n:]...)
}

// folder is a valid folder (topic t, author a, series s) plus files.
func folder(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{
		"topics/t.md":  {Data: []byte(topicFile)},
		"authors/a.md": {Data: []byte(authorFile)},
		"series/s.md":  {Data: []byte(seriesFile)},
	}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

func asErrors(t *testing.T, err error) importer.Errors {
	t.Helper()
	var errs importer.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v (%T) is not importer.Errors", err, err)
	}
	return errs
}

func TestValidFixturesParse(t *testing.T) {
	im := newImporter(t)
	for name, ep := range map[string][]string{"read": readFront, "listen": listenEpisode, "watch": watchEpisode} {
		b, _, err := im.Parse(folder(map[string]string{"episodes/ep.md": lines(ep...)}))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b.Episodes) != 1 || b.Episodes[0].Version(content.English) == nil {
			t.Fatalf("%s: bundle %+v", name, b)
		}
	}
}

// TestAuthorFrenchNounParsed: fr_noun reads each choice as its word, an
// absent field (or auteur) is the default, and an inline comment is no
// part of the value.
func TestAuthorFrenchNounParsed(t *testing.T) {
	im := newImporter(t)
	for line, want := range map[string]content.FrenchNoun{
		"":                               content.FrenchAuteur,
		"fr_noun: auteur":                content.FrenchAuteur,
		"fr_noun: auteure":               content.FrenchAuteure,
		"fr_noun: autrice   # l’autrice": content.FrenchAutrice,
		"fr_noun:    neutre":             content.FrenchNeutral,
	} {
		file := "---\nname: Ada Writer\nbio_en: Writes.\nbio_fr: Écrit.\n" + line + "\n---\n"
		b, _, err := im.Parse(fstest.MapFS{"authors/a.md": {Data: []byte(file)}})
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if len(b.Authors) != 1 || b.Authors[0].FrenchNoun != want {
			t.Errorf("%q: authors %+v; want fr_noun %q", line, b.Authors, want)
		}
	}
}

func TestCaptionsParsed(t *testing.T) {
	im := newImporter(t)
	for _, tc := range []struct {
		name string
		ep   []string
		want content.Bilingual
	}{
		{"both languages", watchEpisode, content.Bilingual{EN: "/media/x.en.vtt", FR: "https://cdn.example.ca/x.fr.vtt"}},
		{"own language only", with(watchEpisode, 15), content.Bilingual{EN: "/media/x.en.vtt"}},
	} {
		b, _, err := im.Parse(folder(map[string]string{"episodes/ep.md": lines(tc.ep...)}))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := b.Episodes[0].Version(content.English).Captions; got != tc.want {
			t.Errorf("%s: captions %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestMediaFieldsParsed: external recordings with their size, sizes
// grouped by spaces, types left to the extension or the library.
func TestMediaFieldsParsed(t *testing.T) {
	im := newImporter(t)
	for _, tc := range []struct {
		name       string
		ep         []string
		url, typ   string
		bytes      int64
		storedType string // after the import: filled by the library or the extension
	}{
		{"site file", listenEpisode, "/media/x.mp3", "audio/mpeg", 0, "audio/mpeg"},
		{"site file, type left empty", with(listenEpisode, 12), "/media/x.mp3", "", 0, "audio/mpeg"},
		{"https with its size", with(listenEpisode, 11, "media: https://cdn.example.ca/ep/1.mp3?sig=a", "media_bytes: 48213004"),
			"https://cdn.example.ca/ep/1.mp3?sig=a", "audio/mpeg", 48213004, "audio/mpeg"},
		{"https, size in groups, type left empty", with(with(listenEpisode, 12), 11, "media: https://cdn.example.ca/ep/1.m4a", "media_bytes: 48 213 004"),
			"https://cdn.example.ca/ep/1.m4a", "", 48213004, "audio/mp4"},
		{"https without extension, with its type", with(listenEpisode, 11, "media: https://cdn.example.ca/stream", "media_bytes: 7"),
			"https://cdn.example.ca/stream", "audio/mpeg", 7, "audio/mpeg"},
		{"video type left empty", with(watchEpisode, 12), "/media/x.webm", "", 0, "video/webm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := folder(map[string]string{"episodes/ep.md": lines(tc.ep...)})
			b, _, err := im.Parse(fsys)
			if err != nil {
				t.Fatal(err)
			}
			v := b.Episodes[0].Version(content.English)
			if v.MediaURL != tc.url || v.MediaType != tc.typ || v.MediaBytes != tc.bytes {
				t.Errorf("media %q %q %d, want %q %q %d", v.MediaURL, v.MediaType, v.MediaBytes, tc.url, tc.typ, tc.bytes)
			}
			st := openStore(t)
			if _, err := im.Import(context.Background(), st, fsys, now); err != nil {
				t.Fatal(err)
			}
			got, err := st.EpisodeBySlug(context.Background(), content.English, "hello", now)
			if err != nil {
				t.Fatal(err)
			}
			if gv := got.Version(content.English); gv.MediaType != tc.storedType || gv.MediaBytes != tc.bytes {
				t.Errorf("stored type %q, size %d; want %q, %d", gv.MediaType, gv.MediaBytes, tc.storedType, tc.bytes)
			}
		})
	}
}

// TestHostileMediaFields puts strings of the shared security corpus in
// media, media_type and media_bytes: each is refused with its file and
// line, or read into something feeds can carry (an https address or a
// path on this site, a type suited to the episode).
func TestHostileMediaFields(t *testing.T) {
	im := newImporter(t)
	var payloads []string
	for _, rel := range []string{"xss/xss-merged.txt", "traversal/deep_traversal.txt", "unicode/blns.txt"} {
		all := strings.Split(string(testutil.ReadCorpus(t, rel)), "\n")
		for i := 0; i < len(all); i += max(1, len(all)/40) {
			if l := strings.TrimRight(all[i], "\r"); strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "#") {
				payloads = append(payloads, l)
			}
		}
	}
	if len(payloads) < 60 {
		t.Fatalf("only %d payloads", len(payloads))
	}
	for _, p := range payloads {
		for _, tc := range []struct {
			field string
			line  int
			ep    []string
		}{
			{"media", 11, with(listenEpisode, 11, "media: "+p, "media_bytes: 10")},
			{"media", 11, with(listenEpisode, 11, "media: /media/"+p)},
			{"media_type", 12, with(listenEpisode, 12, "media_type: "+p)},
			{"media_bytes", 14, with(listenEpisode, 13, "media_duration: 1:30", "media_bytes: "+p)},
		} {
			b, _, err := im.Parse(folder(map[string]string{"episodes/ep.md": lines(tc.ep...)}))
			if err != nil {
				for _, e := range asErrors(t, err) {
					if e.File != "episodes/ep.md" || e.Line < 1 || e.Line > len(tc.ep) {
						t.Errorf("%s %q: error without its file and line: %v", tc.field, p, e)
					}
				}
				continue
			}
			v := b.Episodes[0].Version(content.English)
			if !content.ValidURL(v.MediaURL) || strings.HasPrefix(strings.ToLower(v.MediaURL), "http:") {
				t.Errorf("%s %q: accepted the address %q", tc.field, p, v.MediaURL)
			}
			if v.MediaType != "" && !strings.HasPrefix(v.MediaType, "audio/") || strings.ContainsAny(v.MediaType, " <>\"'") {
				t.Errorf("%s %q: accepted the type %q", tc.field, p, v.MediaType)
			}
			if v.MediaBytes < 0 || v.MediaBytes > content.MaxMediaBytes {
				t.Errorf("%s %q: accepted the size %d", tc.field, p, v.MediaBytes)
			}
		}
	}
}

func TestDemoContent(t *testing.T) {
	ctx := context.Background()
	im := newImporter(t)
	b, src, err := im.Parse(demo.Content())
	if err != nil {
		t.Fatalf("demo content does not parse:\n%v", err)
	}
	files, err := fs.ReadDir(demo.Content(), "episodes")
	if err != nil {
		t.Fatal(err)
	}
	nEpisodes := len(files)
	if len(b.Topics) != 4 || len(b.Authors) != 3 || len(b.Series) != 2 || len(b.Episodes) != nEpisodes {
		t.Fatalf("bundle has %d topics, %d authors, %d series, %d episodes; want 4, 3, 2, %d",
			len(b.Topics), len(b.Authors), len(b.Series), len(b.Episodes), nEpisodes)
	}
	if src["episode/digital-nations-2020"] != "episodes/digital-nations-2020.md" {
		t.Errorf("source map: %v", src)
	}

	st := openStore(t)
	res, err := im.Import(ctx, st, demo.Content(), now)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Topics != 4 || res.Authors != 3 || res.Series != 2 || res.EpisodesCreated != nEpisodes || res.EpisodesUpdated != 0 {
		t.Errorf("first import: %+v", res)
	}
	if res.Redirects < 2 {
		t.Errorf("redirects = %d, want at least the two of digital-nations-2020", res.Redirects)
	}
	topics, err := st.Topics(ctx)
	if err != nil || len(topics) != 4 {
		t.Fatalf("Topics() = %d, %v", len(topics), err)
	}
	authors, err := st.Authors(ctx)
	if err != nil || len(authors) != 3 {
		t.Fatalf("Authors() = %d, %v", len(authors), err)
	}
	// The demo shows the choice of French noun: Amélie is « l'auteure »,
	// the others keep the default.
	for _, a := range authors {
		want := content.FrenchAuteur
		if a.Key == "amelie-gagnon" {
			want = content.FrenchAuteure
		}
		if a.FrenchNoun != want {
			t.Errorf("demo author %s: fr_noun %q, want %q", a.Key, a.FrenchNoun, want)
		}
	}
	series, err := st.SeriesList(ctx)
	if err != nil || len(series) != 2 {
		t.Fatalf("SeriesList() = %d, %v", len(series), err)
	}

	eps := storedEpisodes(t, st, nEpisodes)
	if len(eps) != nEpisodes {
		t.Fatalf("stored %d episodes, want %d", len(eps), nEpisodes)
	}

	dn := eps["digital-nations-2020"]
	if dn == nil {
		t.Fatal("digital-nations-2020 not stored")
	}
	en, fr := dn.Version(content.English), dn.Version(content.French)
	if en == nil || fr == nil {
		t.Fatalf("digital-nations-2020 versions: %v", dn.Versions)
	}
	if en.Title != "Digital Nations 2020" || fr.Title != "Sommet des Nations numériques en 2020" {
		t.Errorf("titles %q / %q", en.Title, fr.Title)
	}
	if en.Slug != "digital-nations-2020" || fr.Slug != "sommet-des-nations-numeriques-en-2020" {
		t.Errorf("slugs %q / %q", en.Slug, fr.Slug)
	}
	if dn.Kind != content.Read || dn.Status != content.Published {
		t.Errorf("kind %q status %q", dn.Kind, dn.Status)
	}
	if want := time.Date(2020, 10, 15, 13, 0, 0, 0, time.UTC); !dn.PublishedAt.Equal(want) {
		t.Errorf("published %v, want %v (09:00 America/Toronto)", dn.PublishedAt.UTC(), want)
	}
	if len(dn.Topics) != 1 || dn.Topics[0].Key != "digital-government" {
		t.Errorf("topics %+v", dn.Topics)
	}
	if len(dn.Authors) != 1 || dn.Authors[0].Key != "mark-levene" {
		t.Errorf("authors %+v", dn.Authors)
	}
	for _, v := range []*content.Version{en, fr} {
		if len(v.LearnMore) != 3 {
			t.Errorf("%s: %d learn_more links, want 3", v.Lang, len(v.LearnMore))
		}
		for _, want := range []string{"<figure", "<figcaption", "<blockquote", "pull-quote"} {
			if !strings.Contains(v.BodyHTML, want) {
				t.Errorf("%s body lacks %q", v.Lang, want)
			}
		}
		if v.WordCount == 0 {
			t.Errorf("%s: word count 0", v.Lang)
		}
	}
	if en.LearnMore[0] != (content.Link{Label: "Digital Nations", URL: "https://www.leadingdigitalgovs.org/"}) {
		t.Errorf("first learn_more %+v", en.LearnMore[0])
	}

	var noFrench, drafts, listens int
	for key, e := range eps {
		if e.Status == content.Published && e.Version(content.French) == nil {
			noFrench++
		}
		if e.Status == content.Draft {
			drafts++
			if key != "generative-ai-at-work" {
				t.Errorf("unexpected draft %s", key)
			}
		}
		if e.Kind == content.Listen {
			listens++
			for _, lang := range content.Langs {
				v := e.Version(lang)
				if v == nil {
					continue
				}
				if v.MediaSeconds <= 0 || v.TranscriptHTML == "" || v.MediaURL == "" || !strings.HasPrefix(v.MediaType, "audio/") {
					t.Errorf("%s %s: media %q %q %ds, transcript %d bytes", key, lang, v.MediaURL, v.MediaType, v.MediaSeconds, len(v.TranscriptHTML))
				}
			}
			if e.Version(content.English) == nil || e.Version(content.French) == nil {
				t.Errorf("listen episode %s lacks a language", key)
			}
		}
	}
	if noFrench != 1 {
		t.Errorf("%d published episodes lack French, want exactly 1", noFrench)
	}
	if drafts != 1 {
		t.Errorf("%d drafts, want 1", drafts)
	}
	if listens == 0 {
		t.Error("no listen episode in the demo")
	}
	// Every video has captions in both official languages, timed to it:
	// files of the demo media, never the other version's own captions.
	watches := 0
	for key, e := range eps {
		if e.Kind != content.Watch {
			continue
		}
		watches++
		seen := map[string]string{}
		for _, lang := range content.Langs {
			v := e.Version(lang)
			if v == nil {
				t.Errorf("watch episode %s lacks a language", key)
				continue
			}
			for _, cl := range content.Langs {
				u := v.Captions.In(cl)
				name, ok := strings.CutPrefix(u, "/media/")
				if !ok || !strings.HasSuffix(name, "."+string(cl)+".vtt") {
					t.Errorf("%s %s: captions in %s %q, want a /media/….%s.vtt file", key, lang, cl, u, cl)
					continue
				}
				if b, err := fs.ReadFile(demo.Media(), name); err != nil || !strings.HasPrefix(string(b), "WEBVTT") {
					t.Errorf("%s %s: captions file %s: %v", key, lang, u, err)
				}
				if other, dup := seen[u]; dup {
					t.Errorf("%s: %s captions %s also caption the %s video", key, lang, u, other)
				}
				seen[u] = string(lang)
			}
		}
	}
	if watches == 0 {
		t.Error("no watch episode in the demo")
	}
	// The draft is not public.
	page, err := st.Episodes(ctx, store.EpisodeQuery{Lang: content.English, Now: now, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != nEpisodes-1 {
		t.Errorf("%d live English episodes, want %d", page.Total, nEpisodes-1)
	}

	// A second import updates the same episodes and keeps their slugs.
	res2, err := im.Import(ctx, st, demo.Content(), now.Add(time.Hour))
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	if res2.EpisodesCreated != 0 || res2.EpisodesUpdated != nEpisodes {
		t.Errorf("second import: %+v", res2)
	}
	eps2 := storedEpisodes(t, st, nEpisodes)
	if len(eps2) != nEpisodes {
		t.Fatalf("after second import: %d episodes", len(eps2))
	}
	for key, e := range eps {
		for _, lang := range content.Langs {
			v1, v2 := e.Version(lang), eps2[key].Version(lang)
			if (v1 == nil) != (v2 == nil) || v1 != nil && v1.Slug != v2.Slug {
				t.Errorf("%s %s: slug changed on re-import (%v → %v)", key, lang, v1, v2)
			}
		}
	}
}

// storedEpisodes loads every stored episode, drafts included, by key.
func storedEpisodes(t *testing.T, st store.Store, n int) map[string]*content.Episode {
	t.Helper()
	out := map[string]*content.Episode{}
	for id := int64(1); id <= int64(4*n+10); id++ {
		e, err := st.EpisodeByID(context.Background(), id)
		if errors.Is(err, content.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out[e.Key] = e
	}
	return out
}

func TestParseErrors(t *testing.T) {
	const ep = "episodes/ep.md"
	read := func(n int, repl ...string) map[string]string {
		return map[string]string{ep: lines(with(readFront, n, repl...)...)}
	}
	listen := func(n int, repl ...string) map[string]string {
		return map[string]string{ep: lines(with(listenEpisode, n, repl...)...)}
	}
	watch := func(n int, repl ...string) map[string]string {
		return map[string]string{ep: lines(with(watchEpisode, n, repl...)...)}
	}
	big := strings.Repeat("word ", (importer.MaxFileBytes/5)+10)
	tests := []struct {
		name  string
		files map[string]string
		file  string
		line  int
		msg   string
	}{
		{"missing front matter", map[string]string{ep: "kind: read\n"}, ep, 1, "front matter"},
		{"blank first line", map[string]string{ep: "\n" + lines(readFront...)}, ep, 1, "front matter"},
		{"unclosed front matter", map[string]string{ep: "---\nkind: read\ntopic: t\n"}, ep, 1, "never closed"},
		{"line without colon", read(3, "published: 2020-10-15", "oops"), ep, 4, "name: value"},
		{"field name with space", read(3, "published: 2020-10-15", "published on: 2020-10-15"), ep, 4, "name: value"},
		{"unknown field", read(3, "published: 2020-10-15", "colour: red"), ep, 4, `unknown field "colour"`},
		{"unknown version field", read(10, "summary: A short one.", "subtitle: x"), ep, 11, `unknown field "subtitle"`},
		{"repeated field", read(3, "published: 2020-10-15", "kind: read"), ep, 4, "more than once"},
		{"repeated version field", read(10, "summary: A short one.", "title: Again"), ep, 11, "more than once"},
		{"bad kind", read(2, "kind: podcast"), ep, 2, "kind"},
		{"missing kind", read(2), ep, 1, `"kind" is required`},
		{"bad status", read(3, "published: 2020-10-15", "status: live"), ep, 4, "status"},
		{"missing published", read(3), ep, 1, `"published" is required`},
		{"bad date", read(3, "published: 15/10/2020"), ep, 3, "date"},
		{"bad modified date", read(3, "published: 2020-10-15", "modified: soon"), ep, 4, "date"},
		{"modified before published", read(3, "published: 2020-10-15", "modified: 2020-10-01"), ep, 4, "before published"},
		{"no topic", read(4), ep, 1, "topic"},
		{"no author", read(5), ep, 1, "author"},
		{"topic twice", read(4, "topic: t", "topic: t"), ep, 5, "twice"},
		{"series without position", read(5, "author: a", "series: s"), ep, 6, "series_position is required"},
		{"position without series", read(5, "author: a", "series_position: 2"), ep, 6, "without series"},
		{"non-numeric position", read(5, "author: a", "series: s", "series_position: third"), ep, 7, "whole number"},
		{"zero position", read(5, "author: a", "series: s", "series_position: 0"), ep, 7, "whole number"},
		{"bad legacy_url", read(5, "author: a", "legacy_url: https://old.example/ep-1"), ep, 6, "legacy_url"},
		{"text before first section", read(7, "stray text"), ep, 7, "outside a language section"},
		{"unclosed version header", map[string]string{ep: lines(readFront[:10]...) + "Body without a closing line.\n"}, ep, 8, "never closed"},
		{"duplicate section", map[string]string{ep: lines(append(append([]string{}, readFront...), "", "--- en", "title: B", "summary: S.", "---", "Body.")...)}, ep, 14, "twice"},
		{"missing title", read(9), ep, 8, `"title" is required`},
		{"empty title", read(9, "title:"), ep, 9, `"title" is required`},
		{"missing summary", read(10), ep, 8, `"summary" is required`},
		{"invalid explicit slug", read(10, "summary: A short one.", "slug: Hello World"), ep, 11, "slug"},
		{"image without image_alt", read(10, "summary: A short one.", "image: /media/x.png"), ep, 11, "image_alt"},
		{"learn_more without bar", read(10, "summary: A short one.", "learn_more: https://example.org/"), ep, 11, "Label | URL"},
		{"learn_more javascript", read(10, "summary: A short one.", "learn_more: Click | javascript:alert(1)"), ep, 11, "learn_more"},
		{"learn_more JavaScript upper case", read(10, "summary: A short one.", "learn_more: Click | JavaScript:alert(1)"), ep, 11, "learn_more"},
		{"learn_more protocol-relative", read(10, "summary: A short one.", "learn_more: Click | //evil.example/"), ep, 11, "learn_more"},
		{"image javascript", read(10, "summary: A short one.", "image: javascript:alert(1)", "image_alt: An image."), ep, 11, "image"},
		{"image data URL", read(10, "summary: A short one.", "image: data:image/png;base64,AAAA", "image_alt: An image."), ep, 11, "image"},
		{"image backslash path", read(10, "summary: A short one.", `image: /\evil.example/x.png`, "image_alt: An image."), ep, 11, "backslash"},
		{"media javascript", listen(11, "media: javascript:alert(1)"), ep, 11, "media"},
		{"watch without captions", watch(14), ep, 8, "need captions"},
		{"watch with only the other language's captions", map[string]string{ep: lines(with(with(watchEpisode, 15), 14, "captions_fr: /media/x.fr.vtt")...)}, ep, 8, "captions_en"},
		{"captions javascript", watch(14, "captions_en: javascript:alert(1)"), ep, 14, "captions_en"},
		{"captions JavaScript upper case", watch(15, "captions_fr: JavaScript:alert(1)"), ep, 15, "captions_fr"},
		{"captions data URL", watch(15, "captions_fr: data:text/vtt,WEBVTT"), ep, 15, "captions_fr"},
		{"captions http", watch(14, "captions_en: http://cdn.example.ca/x.en.vtt"), ep, 14, "/media/ or an https URL"},
		{"captions protocol-relative", watch(14, "captions_en: //evil.example/x.vtt"), ep, 14, "captions_en"},
		{"captions site page", watch(14, "captions_en: /en/episodes/hello/transcript.vtt"), ep, 14, "captions_en"},
		{"captions backslash path", watch(14, `captions_en: /media\x.vtt`), ep, 14, "captions_en"},
		{"captions twice", watch(15, "captions_en: /media/y.en.vtt"), ep, 15, "more than once"},
		{"captions on a listen episode", listen(13, "media_duration: 1:30", "captions_en: /media/x.en.vtt"), ep, 14, "no captions"},
		{"captions on a read episode", read(10, "summary: A short one.", "captions_fr: /media/x.fr.vtt"), ep, 11, "no captions"},
		{"unknown captions language", watch(15, "captions_de: /media/x.de.vtt"), ep, 15, `unknown field "captions_de"`},
		{"listen without media", listen(11), ep, 8, "need media"},
		{"media http", listen(11, "media: http://cdn.example.ca/x.mp3", "media_bytes: 10"), ep, 11, "https only"},
		{"media HTTP upper case", listen(11, "media: HTTP://cdn.example.ca/x.mp3", "media_bytes: 10"), ep, 11, "https only"},
		{"external media without media_bytes", listen(11, "media: https://cdn.example.ca/x.mp3"), ep, 11, "media_bytes"},
		{"media with a space", listen(11, "media: /media/a b.mp3"), ep, 11, "without spaces"},
		{"media data URL", listen(11, "media: data:audio/mpeg;base64,SUQz"), ep, 11, "media"},
		{"media protocol-relative", listen(11, "media: //evil.example/a.mp3", "media_bytes: 10"), ep, 11, "media"},
		{"media backslash", listen(11, `media: /media\x.mp3`), ep, 11, "backslash"},
		{"media type not told", map[string]string{ep: lines(with(with(listenEpisode, 12), 11, "media: https://cdn.example.ca/stream", "media_bytes: 10")...)}, ep, 11, "media_type"},
		{"media type not told by a site page", map[string]string{ep: lines(with(with(listenEpisode, 12), 11, "media: /en/episodes/x")...)}, ep, 11, "media_type"},
		{"media_bytes negative", listen(13, "media_duration: 1:30", "media_bytes: -5"), ep, 14, "media_bytes"},
		{"media_bytes huge", listen(13, "media_duration: 1:30", "media_bytes: 99999999999999999999"), ep, 14, "media_bytes"},
		{"media_bytes over the limit", listen(13, "media_duration: 1:30", "media_bytes: 1099511627777"), ep, 14, "media_bytes"},
		{"media_bytes with a unit", listen(13, "media_duration: 1:30", "media_bytes: 12 MB"), ep, 14, "media_bytes"},
		{"media_bytes decimal", listen(13, "media_duration: 1:30", "media_bytes: 1.5"), ep, 14, "media_bytes"},
		{"media_bytes twice", listen(13, "media_duration: 1:30", "media_bytes: 1", "media_bytes: 2"), ep, 15, "more than once"},
		{"media_bytes on a read episode", read(10, "summary: A short one.", "media_bytes: 10"), ep, 11, "no media"},
		{"listen without media_duration", listen(13), ep, 8, "need media"},
		{"bad media_duration", listen(13, "media_duration: ninety"), ep, 13, "media_duration"},
		{"media_type not audio", listen(12, "media_type: video/mp4"), ep, 12, "media_type"},
		{"media_type with markup", listen(12, `media_type: audio/mpeg"><script>alert(1)</script>`), ep, 12, "media_type"},
		{"media_type without subtype", listen(12, "media_type: audio/"), ep, 12, "media_type"},
		{"missing transcript", map[string]string{ep: lines(listenEpisode[:15]...)}, ep, 8, "transcript"},
		{"empty transcript", listen(18, ""), ep, 8, "transcript"},
		{"transcript without its section", map[string]string{ep: lines(with(listenEpisode, 17, "--- fr transcript")...)}, ep, 8, "transcript"},
		{"transcript on a read episode", map[string]string{ep: lines(append(append([]string{}, readFront...), "", "--- en transcript", "Words.")...)}, ep, 14, "no transcript"},
		{"media on a read episode", read(10, "summary: A short one.", "media_type: audio/mpeg"), ep, 11, "no media"},
		{"empty body", read(12, ""), ep, 8, "no body"},
		{"no sections", map[string]string{ep: lines(readFront[:6]...)}, ep, 1, "at least one language section"},
		{"image without alt in body", read(12,
			"First paragraph.",
			"",
			"Second paragraph.",
			"",
			"![](/media/x.png)",
		), ep, 16, "alternative text"},
		{"image without alt after comments and blank lines", read(10,
			"summary: A short one.",
			"# a comment in the header",
			"",
			"---",
			"",
			"",
			"Intro.",
			"",
			"![ ](/media/x.png \"Caption\")",
		), ep, 18, "alternative text"},
		{"image without alt in transcript", listen(18, "Words.", "", "![](/media/x.png)"), ep, 20, "alternative text"},
		{"file name not a key", map[string]string{"episodes/Bad_Name.md": lines(readFront...)}, "episodes/Bad_Name.md", 1, "file name"},
		{"topic file name not a key", map[string]string{"topics/Big Topic.md": topicFile}, "topics/Big Topic.md", 1, "file name"},
		{"non-UTF-8", map[string]string{ep: lines(readFront[:11]...) + "Body \xff\xfe text.\n"}, ep, 12, "UTF-8"},
		{"non-UTF-8 on line 1", map[string]string{ep: "\xff---\n"}, ep, 1, "UTF-8"},
		{"file too large", map[string]string{ep: lines(readFront...) + big}, ep, 1, "larger than"},
		{"two topics with the same slug", map[string]string{"topics/u.md": "---\nname_en: Topic\nname_fr: Autre sujet\n---\n"}, "topics/u.md", 2, `en slug "topic" is also used by topics/t.md`},
		{"two topics with the same explicit slug", map[string]string{"topics/u.md": "---\nname_en: Other\nname_fr: Autre\nslug_fr: sujet\n---\n"}, "topics/u.md", 4, `fr slug "sujet"`},
		{"two episodes with the same explicit slug", map[string]string{
			"episodes/a.md": lines(with(readFront, 10, "summary: S.", "slug: same")...),
			"episodes/b.md": lines(with(readFront, 9, "title: Other", "slug: same")...),
		}, "episodes/b.md", 10, `en slug "same"`},
		{"topic without name", map[string]string{"topics/u.md": "---\nname_fr: Autre\n---\n"}, "topics/u.md", 1, `"name_en" is required`},
		{"topic with a section", map[string]string{"topics/u.md": "---\nname_en: U\nname_fr: U\n---\n\n--- en\nText.\n"}, "topics/u.md", 6, "no language sections"},
		{"author without bio", map[string]string{"authors/b.md": "---\nname: Bo\nbio_en: Hi.\n---\n"}, "authors/b.md", 1, `"bio_fr" is required`},
		{"author with an unknown French noun", map[string]string{"authors/b.md": "---\nname: Bo\nbio_en: Hi.\nbio_fr: Salut.\nfr_noun: feminine\n---\n"}, "authors/b.md", 5, `fr_noun "feminine" must be auteur, auteure, autrice or neutre`},
		{"author with a capitalised French noun", map[string]string{"authors/b.md": "---\nname: Bo\nfr_noun: Autrice\nbio_en: Hi.\nbio_fr: Salut.\n---\n"}, "authors/b.md", 3, `fr_noun "Autrice"`},
		{"author with two French nouns", map[string]string{"authors/b.md": "---\nname: Bo\nbio_en: Hi.\nbio_fr: Salut.\nfr_noun: auteure\nfr_noun: autrice\n---\n"}, "authors/b.md", 6, `"fr_noun" appears more than once`},
		{"series without French intro", map[string]string{"series/r.md": "---\ntitle_en: R\ntitle_fr: R\n---\n\n--- en\nIntro.\n"}, "series/r.md", 1, "introduction"},
	}
	im := newImporter(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _, err := im.Parse(folder(tc.files))
			if err == nil {
				t.Fatalf("no error; bundle %+v", b)
			}
			if b != nil {
				t.Errorf("bundle returned with an error")
			}
			errs := asErrors(t, err)
			// Cases that report a second, genuine error besides the first.
			n := map[string]int{"transcript without its section": 2}[tc.name]
			if n = max(n, 1); len(errs) != n {
				t.Errorf("%d errors, want %d:\n%v", len(errs), n, errs)
			}
			e := errs[0]
			if e.File != tc.file || e.Line != tc.line || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got %s:%d: %s\nwant %s:%d: …%s…", e.File, e.Line, e.Msg, tc.file, tc.line, tc.msg)
			}
			if !strings.HasPrefix(e.Error(), e.File+":") {
				t.Errorf("Error() = %q", e.Error())
			}
		})
	}
}

func TestStoreTimeErrors(t *testing.T) {
	const ep = "episodes/ep.md"
	tests := []struct {
		name string
		file string
		msg  string
	}{
		{"unknown topic", lines(with(readFront, 4, "topic: nope")...), `unknown topic "nope"`},
		{"unknown author", lines(with(readFront, 5, "author: nobody")...), `unknown author "nobody"`},
		{"unknown series", lines(with(readFront, 5, "author: a", "series: nope", "series_position: 1")...), `unknown series "nope"`},
	}
	im := newImporter(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := folder(map[string]string{ep: tc.file})
			if _, _, err := im.Parse(fsys); err != nil {
				t.Fatalf("parse: %v", err)
			}
			st := openStore(t)
			_, err := im.Import(context.Background(), st, fsys, now)
			if err == nil {
				t.Fatal("no error")
			}
			errs := asErrors(t, err)
			if len(errs) != 1 || errs[0].File != ep || errs[0].Line < 1 || !strings.Contains(errs[0].Msg, tc.msg) {
				t.Fatalf("errors:\n%v\nwant %s: …%s…", errs, ep, tc.msg)
			}
			assertEmpty(t, st)
		})
	}
}

func assertEmpty(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	topics, err := st.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(topics) != 0 {
		t.Errorf("store holds %d topics after a failed import", len(topics))
	}
	authors, err := st.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(authors) != 0 {
		t.Errorf("store holds %d authors after a failed import", len(authors))
	}
	for _, lang := range content.Langs {
		page, err := st.Episodes(ctx, store.EpisodeQuery{Lang: lang, Now: now, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 0 || len(page.Episodes) != 0 {
			t.Errorf("store holds %d %s episodes after a failed import", page.Total, lang)
		}
	}
	if e, err := st.EpisodeByID(ctx, 1); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("EpisodeByID(1) = %v, %v after a failed import", e, err)
	}
}

// demoPlus is the demo content with extra files.
func demoPlus(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(demo.Content(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(demo.Content(), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

func TestAllOrNothing(t *testing.T) {
	demoEpisode := func(lines ...string) string {
		return strings.Join(append([]string{
			"---", "kind: read", "published: 2021-01-01", "topic: leadership", "author: mark-levene"}, lines...), "\n")
	}
	tests := []struct {
		name  string
		files map[string]string
		file  string
	}{
		{"parse error in one file", map[string]string{
			"episodes/zz-broken.md": demoEpisode("kind: read", "---", "", "--- en", "title: T", "summary: S.", "---", "Body."),
		}, "episodes/zz-broken.md"},
		{"parse error in the first file", map[string]string{
			"episodes/aa-broken.md": demoEpisode("---", "", "--- en", "title: T", "---", "Body."),
		}, "episodes/aa-broken.md"},
		{"unknown author at store time", map[string]string{
			"episodes/zz-unknown-author.md": demoEpisode("author: nobody", "---", "", "--- en", "title: T", "summary: S.", "---", "Body."),
		}, "episodes/zz-unknown-author.md"},
	}
	im := newImporter(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := demoPlus(t, tc.files)
			st := openStore(t)
			_, err := im.Import(context.Background(), st, fsys, now)
			if err == nil {
				t.Fatal("import succeeded")
			}
			errs := asErrors(t, err)
			if len(errs) != 1 || errs[0].File != tc.file {
				t.Errorf("errors:\n%v\nwant one in %s", errs, tc.file)
			}
			assertEmpty(t, st)
		})
	}
}

func TestFailedReimportKeepsPreviousContent(t *testing.T) {
	ctx := context.Background()
	im := newImporter(t)
	st := openStore(t)
	if _, err := im.Import(ctx, st, demo.Content(), now); err != nil {
		t.Fatal(err)
	}
	before, err := st.Episodes(ctx, store.EpisodeQuery{Lang: content.English, Now: now, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	// Changing the slug of a published version is refused by the store,
	// after the topics and other episodes of the bundle were written.
	fsys := demoPlus(t, nil)
	f := fsys["episodes/writing-for-the-people-you-serve.md"]
	f.Data = []byte(strings.Replace(string(f.Data), "title: Writing for the People You Serve\n",
		"title: Writing for the People You Serve\nslug: a-new-slug\n", 1))
	fsys["topics/new-topic.md"] = &fstest.MapFile{Data: []byte("---\nname_en: New\nname_fr: Nouveau\n---\n")}
	_, err = im.Import(ctx, st, fsys, now)
	errs := asErrors(t, err)
	if len(errs) != 1 || errs[0].File != "episodes/writing-for-the-people-you-serve.md" {
		t.Fatalf("errors: %v", errs)
	}
	topics, err := st.Topics(ctx)
	if err != nil || len(topics) != 4 {
		t.Errorf("after failed re-import: %d topics (%v), want 4", len(topics), err)
	}
	after, err := st.Episodes(ctx, store.EpisodeQuery{Lang: content.English, Now: now, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total {
		t.Errorf("episodes %d → %d", before.Total, after.Total)
	}
}

func TestSeveralErrorsInFileOrder(t *testing.T) {
	fsys := folder(map[string]string{
		// episodes are read after topics: their errors come last.
		// An unknown field is found after a bad date but is on an
		// earlier line: errors are sorted by line within a file.
		"episodes/a.md": lines(with(with(readFront, 3, "published: someday"), 2, "colour: red", "kind: read")...),
		"episodes/b.md": lines(with(readFront, 10, "summary: S.", "image: javascript:x", "image_alt: A.")...),
		"topics/z.md":   "---\nname_en: Z\nname_fr: Z\ncolour: red\n---\n",
		"authors/b.md":  "---\nname: Bo\n---\n",
	})
	_, _, err := newImporter(t).Parse(fsys)
	errs := asErrors(t, err)
	type at struct {
		file string
		line int
	}
	want := []at{
		{"topics/z.md", 4},
		{"authors/b.md", 1}, {"authors/b.md", 1},
		{"episodes/a.md", 2}, {"episodes/a.md", 4},
		{"episodes/b.md", 11},
	}
	var got []at
	for _, e := range errs {
		got = append(got, at{e.File, e.Line})
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(got), len(want), errs)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("error %d at %v, want %v\n%v", i, got[i], want[i], errs)
		}
	}
	if n := strings.Count(errs.Error(), "\n"); n != len(want)-1 {
		t.Errorf("Error() has %d lines:\n%s", n+1, errs.Error())
	}
}

func TestInlineComments(t *testing.T) {
	ep := lines(
		"---",
		"# a whole-line comment",
		"kind: read   # a comment",
		"published: 2020-10-15\t# a tab is no comment start? it is not two spaces",
		"topic: t  #comment",
		"author: a",
		"---",
		"",
		"--- en",
		"title: C# basics",
		"summary: Learn C#, then F#.  # trailing comment",
		"learn_more: Anchors | https://example.org/page#section",
		"---",
		"# A heading, not a comment",
		"",
		"Body.",
	)
	// The tab line is not a comment: the date is then invalid.
	_, _, err := newImporter(t).Parse(folder(map[string]string{"episodes/ep.md": ep}))
	errs := asErrors(t, err)
	if len(errs) != 1 || errs[0].Line != 4 {
		t.Fatalf("errors: %v", errs)
	}

	ep = strings.Replace(ep, "\t# a tab is no comment start? it is not two spaces", "", 1)
	b, _, err := newImporter(t).Parse(folder(map[string]string{"episodes/ep.md": ep}))
	if err != nil {
		t.Fatal(err)
	}
	e := b.Episodes[0]
	v := e.Version(content.English)
	if e.Kind != content.Read || e.Topics[0].Key != "t" {
		t.Errorf("kind %q topics %+v", e.Kind, e.Topics)
	}
	if v.Title != "C# basics" {
		t.Errorf("title %q", v.Title)
	}
	if v.Summary != "Learn C#, then F#." {
		t.Errorf("summary %q", v.Summary)
	}
	if v.LearnMore[0].URL != "https://example.org/page#section" {
		t.Errorf("learn_more %+v", v.LearnMore)
	}
	if !strings.Contains(v.BodyHTML, "<h1") || !strings.Contains(v.BodyMarkdown, "# A heading") {
		t.Errorf("body heading lost: %q", v.BodyHTML)
	}
}

func TestLineEndingsAndBOM(t *testing.T) {
	im := newImporter(t)
	variants := map[string]func(string) string{
		"LF":       func(s string) string { return s },
		"CRLF":     func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"BOM":      func(s string) string { return "\uFEFF" + s },
		"BOM+CRLF": func(s string) string { return "\uFEFF" + strings.ReplaceAll(s, "\n", "\r\n") },
	}
	var want *content.Bundle
	for _, name := range []string{"LF", "CRLF", "BOM", "BOM+CRLF"} {
		conv := variants[name]
		fsys := fstest.MapFS{
			"topics/t.md":    {Data: []byte(conv(topicFile))},
			"authors/a.md":   {Data: []byte(conv(authorFile))},
			"series/s.md":    {Data: []byte(conv(seriesFile))},
			"episodes/ep.md": {Data: []byte(conv(lines(listenEpisode...) + "\nSecond line.\n"))},
		}
		b, _, err := im.Parse(fsys)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want == nil {
			want = b
			continue
		}
		if !bundlesEqual(want, b) {
			t.Errorf("%s parses differently from LF:\n%+v\n%+v", name, b.Episodes[0].Versions["en"], want.Episodes[0].Versions["en"])
		}
	}
	// Errors keep their line numbers with CRLF too.
	_, _, err := im.Parse(folder(map[string]string{"episodes/ep.md": strings.ReplaceAll(lines(with(readFront, 3, "published: nope")...), "\n", "\r\n")}))
	if errs := asErrors(t, err); len(errs) != 1 || errs[0].Line != 3 {
		t.Errorf("CRLF errors: %v", errs)
	}
}

func bundlesEqual(a, b *content.Bundle) bool {
	if len(a.Topics) != len(b.Topics) || len(a.Authors) != len(b.Authors) || len(a.Series) != len(b.Series) || len(a.Episodes) != len(b.Episodes) {
		return false
	}
	for i := range a.Topics {
		if a.Topics[i] != b.Topics[i] {
			return false
		}
	}
	for i := range a.Series {
		if a.Series[i] != b.Series[i] {
			return false
		}
	}
	for i := range a.Authors {
		if a.Authors[i] != b.Authors[i] {
			return false
		}
	}
	for i := range a.Episodes {
		ea, eb := a.Episodes[i], b.Episodes[i]
		if ea.Key != eb.Key || ea.Kind != eb.Kind || !ea.PublishedAt.Equal(eb.PublishedAt) || len(ea.Versions) != len(eb.Versions) {
			return false
		}
		for lang, va := range ea.Versions {
			vb := eb.Versions[lang]
			if vb == nil || va.Title != vb.Title || va.Summary != vb.Summary || va.BodyMarkdown != vb.BodyMarkdown ||
				va.BodyHTML != vb.BodyHTML || va.Transcript != vb.Transcript || va.TranscriptHTML != vb.TranscriptHTML ||
				va.MediaURL != vb.MediaURL || va.MediaSeconds != vb.MediaSeconds || va.WordCount != vb.WordCount {
				return false
			}
		}
	}
	return true
}

func TestBodyIsSanitised(t *testing.T) {
	ctx := context.Background()
	im := newImporter(t)
	st := openStore(t)
	ep := lines(with(readFront, 12,
		"<script>alert(1)</script>",
		"",
		"A [x](javascript:alert(1)) link and <img src=x onerror=alert(1)> an image.",
		"",
		"[y](JaVaScRiPt:alert(2)) <a href=\"javascript:alert(3)\" onclick=\"alert(4)\">z</a>",
	)...)
	if _, err := im.Import(ctx, st, folder(map[string]string{"episodes/ep.md": ep}), now); err != nil {
		t.Fatal(err)
	}
	page, err := st.Episodes(ctx, store.EpisodeQuery{Lang: content.English, Now: now, Limit: 10})
	if err != nil || len(page.Episodes) != 1 {
		t.Fatalf("episodes: %d, %v", len(page.Episodes), err)
	}
	html := strings.ToLower(page.Episodes[0].Version(content.English).BodyHTML)
	if html == "" {
		t.Fatal("empty BodyHTML")
	}
	for _, bad := range []string{"<script", "javascript:", "onerror", "onclick"} {
		if strings.Contains(html, bad) {
			t.Errorf("BodyHTML contains %q:\n%s", bad, html)
		}
	}
}

func TestImportNothing(t *testing.T) {
	im := newImporter(t)
	_, _, err := im.Parse(fstest.MapFS{"README.md": {Data: []byte("hi")}})
	if err == nil {
		t.Fatal("an empty folder imports")
	}
	var errs importer.Errors
	if errors.As(err, &errs) {
		t.Errorf("an empty folder is not a file error: %v", err)
	}
}

func TestDatesAndDefaults(t *testing.T) {
	im := newImporter(t)
	fsys := folder(map[string]string{
		"episodes/a.md": lines(with(readFront, 3, "published: 2020-07-01T10:30:00-04:00", "modified: 2020-07-02")...),
		"episodes/b.md": lines(with(readFront, 3, "status: draft")...),
	})
	b, _, err := im.Parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	a, d := b.Episodes[0], b.Episodes[1]
	if want := time.Date(2020, 7, 1, 14, 30, 0, 0, time.UTC); !a.PublishedAt.Equal(want) {
		t.Errorf("RFC 3339 published %v", a.PublishedAt)
	}
	if want := time.Date(2020, 7, 2, 13, 0, 0, 0, time.UTC); !a.ModifiedAt.Equal(want) {
		t.Errorf("modified %v (09:00 EDT is 13:00 UTC)", a.ModifiedAt)
	}
	if d.Status != content.Draft || !d.PublishedAt.IsZero() {
		t.Errorf("draft without date: %q %v", d.Status, d.PublishedAt)
	}
	// Winter: 09:00 EST is 14:00 UTC.
	b, _, err = im.Parse(folder(map[string]string{"episodes/c.md": lines(with(readFront, 3, "published: 2021-01-20")...)}))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2021, 1, 20, 14, 0, 0, 0, time.UTC); !b.Episodes[0].PublishedAt.Equal(want) {
		t.Errorf("winter date %v", b.Episodes[0].PublishedAt)
	}
}
