package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

type format struct {
	name    string
	write   func(*Channel) ([]byte, error)
	typ     string // gofeed FeedType
	version string // gofeed FeedVersion
	lang    string // expected language for the fr fixture
	xml     bool
}

var formats = []format{
	{"rss", RSS, "rss", "2.0", "fr-ca", true},
	{"atom", Atom, "atom", "1.0", "fr-CA", true},
	{"json", JSONFeed, "json", "https://jsonfeed.org/version/1.1", "fr-CA", false},
	{"podcast", PodcastRSS, "rss", "2.0", "fr-ca", true},
}

func parse(t *testing.T, doc []byte) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(doc))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, doc)
	}
	return f
}

// TestFormatsParse parses every format with gofeed and checks the channel
// and each item against the input.
func TestFormatsParse(t *testing.T) {
	t.Parallel()
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ch := frChannel()
			doc, err := tc.write(ch)
			if err != nil {
				t.Fatal(err)
			}
			if tc.xml {
				wellFormed(t, doc)
			}
			f := parse(t, doc)
			if f.FeedType != tc.typ || f.FeedVersion != tc.version {
				t.Errorf("type/version = %s %s, want %s %s", f.FeedType, f.FeedVersion, tc.typ, tc.version)
			}
			if f.Title != ch.Title {
				t.Errorf("title = %q, want %q", f.Title, ch.Title)
			}
			if f.Description != ch.Description {
				t.Errorf("description = %q, want %q", f.Description, ch.Description)
			}
			if f.Language != tc.lang {
				t.Errorf("language = %q, want %q", f.Language, tc.lang)
			}
			if f.Link != ch.HomeURL {
				t.Errorf("link = %q, want %q", f.Link, ch.HomeURL)
			}
			if f.FeedLink != ch.SelfURL {
				t.Errorf("feed link = %q, want %q", f.FeedLink, ch.SelfURL)
			}
			if tc.name != "json" && (f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(ch.Updated)) {
				t.Errorf("updated = %v, want %v", f.UpdatedParsed, ch.Updated)
			}
			if len(f.Items) != len(ch.Items) {
				t.Fatalf("%d items, want %d", len(f.Items), len(ch.Items))
			}
			for i, got := range f.Items {
				checkItem(t, tc.name, got, &ch.Items[i])
			}
		})
	}
}

func checkItem(t *testing.T, format string, got *gofeed.Item, want *Item) {
	t.Helper()
	p := want.ID
	if got.GUID != want.ID {
		t.Errorf("%s: guid = %q", p, got.GUID)
	}
	if got.Title != want.Title {
		t.Errorf("%s: title = %q, want %q", p, got.Title, want.Title)
	}
	if got.Link != want.URL {
		t.Errorf("%s: link = %q, want %q", p, got.Link, want.URL)
	}
	if got.Description != want.Summary {
		t.Errorf("%s: description = %q, want %q", p, got.Description, want.Summary)
	}
	if got.PublishedParsed == nil || !got.PublishedParsed.Equal(want.Published) {
		t.Errorf("%s: published = %v, want %v", p, got.PublishedParsed, want.Published.UTC())
	}
	if format != "rss" && format != "podcast" {
		if got.UpdatedParsed == nil || !got.UpdatedParsed.Equal(want.modified()) {
			t.Errorf("%s: updated = %v, want %v", p, got.UpdatedParsed, want.modified())
		}
	}
	// content: RSS content:encoded and Atom content are absent without
	// ContentHTML; JSON falls back to content_text = the summary.
	wantContent := want.ContentHTML
	if format == "json" && wantContent == "" {
		wantContent = want.Summary
	}
	if got.Content != wantContent {
		t.Errorf("%s: content = %q, want %q", p, got.Content, wantContent)
	}
	// authors: gofeed keeps only the first RSS author; the dc:creator
	// elements hold them all.
	var authors []string
	if format == "rss" || format == "podcast" {
		if got.DublinCoreExt == nil {
			t.Fatalf("%s: no dc:creator", p)
		}
		authors = got.DublinCoreExt.Creator
	} else {
		for _, a := range got.Authors {
			authors = append(authors, a.Name)
		}
	}
	if !slices.Equal(authors, want.Authors) {
		t.Errorf("%s: authors = %q, want %q", p, authors, want.Authors)
	}
	if !slices.Equal(got.Categories, want.Categories) {
		t.Errorf("%s: categories = %q, want %q", p, got.Categories, want.Categories)
	}
	if want.Enclosure == nil {
		if len(got.Enclosures) != 0 {
			t.Errorf("%s: unexpected enclosures %v", p, got.Enclosures)
		}
	} else {
		e := want.Enclosure
		if len(got.Enclosures) != 1 {
			t.Fatalf("%s: %d enclosures, want 1", p, len(got.Enclosures))
		}
		g := got.Enclosures[0]
		if g.URL != e.URL || g.Length != fmt.Sprint(e.Length) || g.Type != e.Type {
			t.Errorf("%s: enclosure = %+v, want %+v", p, *g, *e)
		}
	}
	if format == "json" && want.Image != nil && (got.Image == nil || got.Image.URL != want.Image.URL) {
		t.Errorf("%s: image = %v, want %s", p, got.Image, want.Image.URL)
	}
}

// TestAlternateLanguageLinks checks each format points at the other
// language's feed with its hreflang.
func TestAlternateLanguageLinks(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	rss, _ := RSS(ch)
	atom, _ := Atom(ch)
	js, _ := JSONFeed(ch)
	for _, tc := range []struct {
		name string
		doc  []byte
		want string
	}{
		{"rss", rss, `<atom:link href="` + enSelf + `" rel="alternate" hreflang="en-CA" type="application/rss+xml"/>`},
		{"rss self", rss, `<atom:link href="` + frSelf + `" rel="self" type="application/rss+xml"/>`},
		{"atom", atom, `<link rel="alternate" type="application/atom+xml" hreflang="en-CA" href="` + enSelf + `"/>`},
		{"atom self", atom, `<link rel="self" type="application/atom+xml" href="` + frSelf + `"/>`},
		{"atom home", atom, `<link rel="alternate" type="text/html" hreflang="fr-CA" href="` + frHome + `"/>`},
		{"atom lang", atom, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA">`},
		{"json", js, `"alternate_feed_url": "` + enSelf + `"`},
	} {
		if !bytes.Contains(tc.doc, []byte(tc.want)) {
			t.Errorf("%s: missing %s", tc.name, tc.want)
		}
	}
	// Without AltURL there is no alternate.
	ch.AltURL, ch.AltLang = "", ""
	rss, _ = RSS(ch)
	if bytes.Contains(rss, []byte(`rel="alternate"`)) {
		t.Error("rss: alternate link without AltURL")
	}
}

// TestDates checks the raw date strings parse with the formats' layouts
// and equal the input in UTC.
func TestDates(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	check := func(what, s, layout string, want time.Time) {
		t.Helper()
		got, err := time.Parse(layout, s)
		if err != nil {
			t.Errorf("%s %q: %v", what, s, err)
			return
		}
		if !got.Equal(want) {
			t.Errorf("%s = %q (%v), want %v in UTC", what, s, got, want.UTC())
		}
	}
	for _, write := range []func(*Channel) ([]byte, error){RSS, PodcastRSS} {
		doc, err := write(ch)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Channel struct {
				LastBuildDate string `xml:"lastBuildDate"`
				Items         []struct {
					PubDate string `xml:"pubDate"`
				} `xml:"item"`
			} `xml:"channel"`
		}
		if err := xml.Unmarshal(doc, &r); err != nil {
			t.Fatal(err)
		}
		check("lastBuildDate", r.Channel.LastBuildDate, time.RFC1123Z, ch.Updated)
		for i, it := range r.Channel.Items {
			check("pubDate", it.PubDate, time.RFC1123Z, ch.Items[i].Published)
			if !strings.HasSuffix(it.PubDate, " +0000") {
				t.Errorf("pubDate %q not in UTC", it.PubDate)
			}
		}
	}
	doc, _ := Atom(ch)
	var a struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Published string `xml:"published"`
			Updated   string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(doc, &a); err != nil {
		t.Fatal(err)
	}
	check("atom updated", a.Updated, time.RFC3339, ch.Updated)
	for i, e := range a.Entries {
		check("atom published", e.Published, time.RFC3339, ch.Items[i].Published)
		check("atom entry updated", e.Updated, time.RFC3339, ch.Items[i].modified())
		if !strings.HasSuffix(e.Published, "Z") {
			t.Errorf("atom published %q not in UTC", e.Published)
		}
	}
	doc, _ = JSONFeed(ch)
	var j struct {
		Items []struct {
			DatePublished string `json:"date_published"`
			DateModified  string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal(doc, &j); err != nil {
		t.Fatal(err)
	}
	for i, it := range j.Items {
		check("json date_published", it.DatePublished, time.RFC3339, ch.Items[i].Published)
		check("json date_modified", it.DateModified, time.RFC3339, ch.Items[i].modified())
		if !strings.HasSuffix(it.DatePublished, "Z") {
			t.Errorf("json date_published %q not in UTC", it.DatePublished)
		}
	}
}

// TestJSONFeedFields checks the JSON Feed 1.1 members gofeed does not map.
func TestJSONFeedFields(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	doc, err := JSONFeed(ch)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version  string `json:"version"`
		Language string `json:"language"`
		Items    []struct {
			Language    string `json:"language"`
			ContentText string `json:"content_text"`
			Attachments []struct {
				URL      string `json:"url"`
				MimeType string `json:"mime_type"`
				Size     int64  `json:"size_in_bytes"`
				Duration int    `json:"duration_in_seconds"`
			} `json:"attachments"`
		} `json:"items"`
	}
	if err := json.Unmarshal(doc, &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != "https://jsonfeed.org/version/1.1" || f.Language != "fr-CA" {
		t.Errorf("version %q language %q", f.Version, f.Language)
	}
	for i, it := range f.Items {
		in := ch.Items[i]
		if it.Language != "fr-CA" {
			t.Errorf("item %d language %q", i, it.Language)
		}
		if len(it.Attachments) != 1 || it.Attachments[0].Duration != in.Duration ||
			it.Attachments[0].Size != in.Enclosure.Length || it.Attachments[0].MimeType != in.Enclosure.Type {
			t.Errorf("item %d attachments %+v", i, it.Attachments)
		}
		if (in.ContentHTML == "") != (it.ContentText == in.Summary) {
			t.Errorf("item %d content_text %q", i, it.ContentText)
		}
	}
}

// TestDeterministic writes every document twice, and once more from a copy
// whose times are in another zone: the bytes must not change.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	shifted := frChannel()
	loc := time.FixedZone("X", 9*3600+1800)
	shifted.Updated = shifted.Updated.In(loc)
	for i := range shifted.Items {
		shifted.Items[i].Published = shifted.Items[i].Published.In(loc)
	}
	for _, tc := range formats {
		a, err1 := tc.write(frChannel())
		b, err2 := tc.write(frChannel())
		c, err3 := tc.write(shifted)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
			t.Errorf("%s: output not deterministic", tc.name)
		}
	}
	s1, _ := Sitemap(fixtureSitemap())
	s2, _ := Sitemap(fixtureSitemap())
	if !bytes.Equal(s1, s2) {
		t.Error("sitemap: output not deterministic")
	}
}

// TestValidateRejects checks every writer refuses invalid channels, with
// relative URLs in particular.
func TestValidateRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mutate func(*Channel)
		want   string
	}{
		{"relative home", func(c *Channel) { c.HomeURL = "/fr/baladodiffusion" }, "HomeURL"},
		{"relative self", func(c *Channel) { c.SelfURL = "balado.xml" }, "SelfURL"},
		{"relative alt", func(c *Channel) { c.AltURL = "//busrides.example/en" }, "AltURL"},
		{"alt lang", func(c *Channel) { c.AltLang = "fr" }, "AltLang"},
		{"relative item", func(c *Channel) { c.Items[0].URL = "/fr/episodes/x" }, "item 0: URL"},
		{"javascript item", func(c *Channel) { c.Items[1].URL = "javascript:alert(1)" }, "item 1: URL"},
		{"relative enclosure", func(c *Channel) { c.Items[0].Enclosure.URL = "ep.mp3" }, "Enclosure.URL"},
		{"relative image", func(c *Channel) { c.Items[0].Image.URL = "ep.jpg" }, "Image.URL"},
		{"relative transcript", func(c *Channel) { c.Items[0].Transcripts[0].URL = "t.vtt" }, "Transcripts[0].URL"},
		{"no id", func(c *Channel) { c.Items[1].ID = "" }, "item 1: ID is empty"},
		{"dup id", func(c *Channel) { c.Items[1].ID = c.Items[0].ID }, "duplicates item 0"},
		{"no title", func(c *Channel) { c.Title = " " }, "channel Title"},
		{"lang", func(c *Channel) { c.Lang = "en-CA" }, "channel Lang"},
		{"no date", func(c *Channel) { c.Items[0].Published = time.Time{} }, "Published is zero"},
		{"no length", func(c *Channel) { c.Items[1].Enclosure.Length = 0 }, "Enclosure.Length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, f := range formats {
				ch := frChannel()
				tc.mutate(ch)
				_, err := f.write(ch)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: err = %v, want it to mention %q", f.name, err, tc.want)
				}
			}
		})
	}
	if err := frChannel().Validate(); err != nil {
		t.Errorf("fixture invalid: %v", err)
	}
	if err := (*Channel)(nil).Validate(); err == nil {
		t.Error("nil channel validated")
	}
}

// TestAtomNeedsAuthor: RFC 4287 needs an author on the feed or every entry.
func TestAtomNeedsAuthor(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	ch.Author = ""
	if _, err := Atom(ch); err != nil {
		t.Errorf("entries all have authors: %v", err)
	}
	ch.Items[1].Authors = nil
	if _, err := Atom(ch); err == nil {
		t.Error("no author anywhere for entry 1, want error")
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	for _, f := range formats {
		doc, err := f.write(ch)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, f.name, doc)
	}
	doc, err := Sitemap(fixtureSitemap())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sitemap", doc)
}
