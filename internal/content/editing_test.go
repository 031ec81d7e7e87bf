package content

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func editable() *Episode {
	e := &Episode{Kind: Listen, Versions: map[Lang]*Version{}}
	for _, l := range Langs {
		e.Versions[l] = &Version{Lang: l, Title: "Title " + string(l), Slug: "title-" + string(l), Summary: "Summary", BodyMarkdown: "Body"}
	}
	return e
}

func TestValidateEdit(t *testing.T) {
	if err := ValidateEdit(editable()); err != nil {
		t.Fatalf("a valid draft: %v", err)
	}
	// A Listen draft without media or transcript can be saved.
	for _, tc := range []struct {
		name  string
		edit  func(e *Episode)
		field string
		key   string
	}{
		{"kind", func(e *Episode) { e.Kind = "podcast" }, "kind", EditErrKind},
		{"no language", func(e *Episode) { e.Versions = nil }, "versions", EditErrNoLanguage},
		{"title", func(e *Episode) { e.Versions[French].Title = "  " }, "fr.title", EditErrRequired},
		{"title long", func(e *Episode) { e.Versions[English].Title = strings.Repeat("é", MaxTitleRunes+1) }, "en.title", EditErrTooLong},
		{"title control", func(e *Episode) { e.Versions[English].Title = "a\x00b" }, "en.title", EditErrControl},
		{"slug empty", func(e *Episode) { e.Versions[English].Slug = "" }, "en.slug", EditErrRequired},
		{"slug bad", func(e *Episode) { e.Versions[English].Slug = "Été" }, "en.slug", EditErrSlug},
		{"summary", func(e *Episode) { e.Versions[English].Summary = "" }, "en.summary", EditErrRequired},
		{"body", func(e *Episode) { e.Versions[French].BodyMarkdown = "\n" }, "fr.body", EditErrRequired},
		{"body long", func(e *Episode) { e.Versions[French].BodyMarkdown = strings.Repeat("a", MaxMarkdownBytes+1) }, "fr.body", EditErrTooLong},
		{"image url", func(e *Episode) { e.Versions[English].Image = Image{URL: "javascript:alert(1)", Alt: "x"} }, "en.image_url", EditErrURL},
		{"image alt", func(e *Episode) { e.Versions[English].Image = Image{URL: "/media/a.png"} }, "en.image_alt", EditErrAlt},
		{"link half", func(e *Episode) { e.Versions[English].LearnMore = []Link{{Label: "x"}} }, "en.learn_more", EditErrLink},
		{"link url", func(e *Episode) { e.Versions[English].LearnMore = []Link{{Label: "x", URL: "data:text/html,hi"}} }, "en.learn_more", EditErrURL},
		{"media url", func(e *Episode) { e.Versions[English].MediaURL = "//evil.example/a.mp3" }, "en.media_url", EditErrURL},
		{"media type", func(e *Episode) { e.Versions[English].MediaType = "video/mp4" }, "en.media_type", EditErrMediaType},
		{"seconds", func(e *Episode) { e.Versions[English].MediaSeconds = -1 }, "en.media_seconds", EditErrSeconds},
		{"bytes negative", func(e *Episode) { e.Versions[English].MediaBytes = -1 }, "en.media_bytes", EditErrMediaBytes},
		{"bytes huge", func(e *Episode) { e.Versions[French].MediaBytes = MaxMediaBytes + 1 }, "fr.media_bytes", EditErrMediaBytes},
		{"captions script", func(e *Episode) { e.Versions[English].Captions.EN = "javascript:alert(1)" }, "en.captions_en", EditErrCaptions},
		{"captions data", func(e *Episode) { e.Versions[French].Captions.FR = "data:text/vtt,WEBVTT" }, "fr.captions_fr", EditErrCaptions},
		{"captions http", func(e *Episode) { e.Versions[English].Captions.FR = "http://example.org/a.vtt" }, "en.captions_fr", EditErrCaptions},
		{"captions other path", func(e *Episode) {
			e.Versions[French].Captions.EN = "/fr/episodes/x/transcription.vtt"
		}, "fr.captions_en", EditErrCaptions},
		{"captions other host", func(e *Episode) { e.Versions[English].Captions.EN = "//evil.example/a.vtt" }, "en.captions_en", EditErrCaptions},
		{"position", func(e *Episode) { e.Series = &SeriesRef{Position: 0} }, "series_position", EditErrPosition},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := editable()
			tc.edit(e)
			err := ValidateEdit(e)
			ve, ok := errors.AsType[*ValidationError](err)
			if !ok {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			if got := ve.Fields[tc.field]; got != tc.key {
				t.Errorf("field %s: %q, want %q (all: %v)", tc.field, got, tc.key, ve.Fields)
			}
		})
	}
	// One language alone is storable.
	e := editable()
	delete(e.Versions, French)
	if err := ValidateEdit(e); err != nil {
		t.Errorf("English only: %v", err)
	}
}

func TestValidURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/a?b=c": true, "http://x.ca": true, "/media/a.mp3": true,
		"": false, "//evil.example": false, "javascript:alert(1)": false, "https://": false,
		"https://a b.ca": false, "https://user:pw@x.ca": false, `https://x.ca/"onmouseover=`: false,
		"ftp://x.ca": false, "/a\\b": false, "mailto:a@b.ca": false,
	} {
		if got := ValidURL(s); got != want {
			t.Errorf("ValidURL(%q) = %t, want %t", s, got, want)
		}
	}
}

func TestValidCaptionsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"/media/talk.en.vtt": true, "/media/uploads/2026/11/ab.vtt": true, "https://cdn.example.ca/c/talk.fr.vtt": true,
		"": false, "/media/": false, "/media/../admin": false, "/media/a/../../x.vtt": false, "/en/episodes/x/transcript.vtt": false,
		"/mediax/a.vtt": false, "http://cdn.example.ca/a.vtt": false, "javascript:alert(1)": false, "JaVaScRiPt:alert(1)": false,
		"data:text/vtt,WEBVTT": false, "//evil.example/a.vtt": false, "vbscript:x": false, `/media/a.vtt"onerror=x`: false,
		"https://": false, "https://user:pw@x.ca/a.vtt": false, "/media/a b.vtt": false, "https:/x.ca/a.vtt": false,
	} {
		if got := ValidCaptionsURL(s); got != want {
			t.Errorf("ValidCaptionsURL(%q) = %t, want %t", s, got, want)
		}
	}
}

func TestParseMediaSeconds(t *testing.T) {
	for s, want := range map[string]int{"": 0, "754": 754, "12:34": 754, "1:02:03": 3723, " 90 ": 90} {
		if got, ok := ParseMediaSeconds(s); !ok || got != want {
			t.Errorf("ParseMediaSeconds(%q) = %d, %t; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"-1", "1.5", "abc", "99999999", "1:99", "25:00:00"} {
		if _, ok := ParseMediaSeconds(s); ok {
			t.Errorf("ParseMediaSeconds(%q) accepted", s)
		}
	}
}

func TestParseMediaBytes(t *testing.T) {
	for s, want := range map[string]int64{
		"": 0, "0": 0, "48213004": 48213004, " 48 213 004 ": 48213004, "48\u00a0213\u00a0004": 48213004,
		"48\u202f213\u202f004": 48213004, "1099511627776": MaxMediaBytes,
	} {
		if got, ok := ParseMediaBytes(s); !ok || got != want {
			t.Errorf("ParseMediaBytes(%q) = %d, %t; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"-1", "+5", "1.5", "1,5", "12 MB", "0x10", "1e6", "1099511627777", "99999999999999999999", "٣", "１２"} {
		if n, ok := ParseMediaBytes(s); ok {
			t.Errorf("ParseMediaBytes(%q) = %d, accepted", s, n)
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	e := editable()
	e.Topics = []Topic{{ID: 3}, {ID: 1}}
	e.Authors = []Author{{ID: 2}}
	e.Series = &SeriesRef{Series: Series{ID: 5}, Position: 2}
	e.Versions[English].LearnMore = []Link{{Label: "More", URL: "https://x.ca"}}
	e.Versions[French].MediaSeconds = 61
	e.Versions[French].MediaURL, e.Versions[French].MediaBytes = "https://cdn.example/a-fr.mp3", 48213004
	e.Versions[French].Captions = Bilingual{EN: "/media/a-fr.en.vtt", FR: "https://cdn.example/a-fr.fr.vtt"}
	s := SnapshotOf(e)
	data, err := MarshalSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Episode()
	if got.Kind != Listen || len(got.Topics) != 2 || got.Topics[0].ID != 3 || got.Series.Series.ID != 5 || got.Series.Position != 2 ||
		got.Version(English).LearnMore[0].URL != "https://x.ca" || got.Version(French).MediaSeconds != 61 ||
		got.Version(French).MediaBytes != 48213004 || got.Version(French).Title != "Title fr" ||
		got.Version(French).Captions != (Bilingual{EN: "/media/a-fr.en.vtt", FR: "https://cdn.example/a-fr.fr.vtt"}) {
		t.Errorf("round trip lost fields: %+v", got)
	}
	labels := DiffLabels{Title: "Title", Body: "Body"}
	if txt := back.Text(English, labels); !strings.Contains(txt, "Title: Title en\n") || !strings.HasSuffix(txt, "Body:\nBody\n") {
		t.Errorf("Text: %q", txt)
	}
	labels.CaptionsEN, labels.CaptionsFR, labels.Media = "Captions EN", "Captions FR", "Media"
	if txt := back.Text(French, labels); !strings.Contains(txt, "Media: https://cdn.example/a-fr.mp3 01:01 48213004 B\n") {
		t.Errorf("Text lacks the media's size: %q", txt)
	}
	if txt := back.Text(French, labels); !strings.Contains(txt, "Captions EN: /media/a-fr.en.vtt\nCaptions FR: https://cdn.example/a-fr.fr.vtt\n") {
		t.Errorf("Text lacks the caption files: %q", txt)
	}
}

func TestApplyParity(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	save := func(prev, next *Episode, rev int, info SaveInfo) []Lang {
		info.Now = now.Add(time.Duration(rev) * time.Hour)
		return ApplyParity(prev, next, rev, info)
	}
	clone := func(e *Episode) *Episode {
		c := *e
		c.Versions = map[Lang]*Version{}
		for l, v := range e.Versions {
			vv := *v
			c.Versions[l] = &vv
		}
		return &c
	}
	// Revision 1: created in both languages — in line.
	e1 := editable()
	if ch := save(nil, e1, 1, SaveInfo{}); len(ch) != 2 {
		t.Fatalf("changed %v", ch)
	}
	if e1.Stale(English) || e1.Stale(French) || e1.Versions[English].ChangedRev != 1 || e1.Versions[French].AlignedRev != 1 {
		t.Fatalf("new episode: %+v %+v", e1.Versions[English], e1.Versions[French])
	}
	// Revision 2: English changes substantively — French is stale.
	e2 := clone(e1)
	e2.Versions[English].BodyMarkdown = "New body"
	save(e1, e2, 2, SaveInfo{})
	if !e2.Stale(French) || e2.Stale(English) || e2.Versions[English].ChangedRev != 2 || !e2.Versions[English].ChangedAt.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("after an English change: fr stale %t en stale %t", e2.Stale(French), e2.Stale(English))
	}
	// Revision 2b: the translator edits the stale French without ticking
	// "brought in line": English does not become stale, French stays so.
	e2b := clone(e2)
	e2b.Versions[French].BodyMarkdown = "Corps en cours de traduction"
	save(e2, e2b, 3, SaveInfo{})
	if e2b.Stale(English) || !e2b.Stale(French) {
		t.Fatalf("after editing the stale French: en stale %t, fr stale %t; want false, true", e2b.Stale(English), e2b.Stale(French))
	}
	// ...and ticking it on the next save clears it, in one save.
	e2c := clone(e2b)
	save(e2b, e2c, 4, SaveInfo{Aligned: map[Lang]bool{French: true}})
	if e2c.Stale(English) || e2c.Stale(French) {
		t.Fatalf("after ticking French in line: en stale %t, fr stale %t", e2c.Stale(English), e2c.Stale(French))
	}
	// Revision 3: a minor English edit changes no marks.
	e3 := clone(e2)
	e3.Versions[English].Title = "Typo fixed"
	if ch := save(e2, e3, 3, SaveInfo{Minor: true}); len(ch) != 1 || ch[0] != English {
		t.Fatalf("minor: changed %v", ch)
	}
	if e3.Versions[English].ChangedRev != 2 {
		t.Errorf("minor edit moved ChangedRev to %d", e3.Versions[English].ChangedRev)
	}
	// Revision 4: French ticked "brought in line" with a minor edit.
	e4 := clone(e3)
	e4.Versions[French].BodyMarkdown = "Nouveau corps"
	save(e3, e4, 4, SaveInfo{Minor: true, Aligned: map[Lang]bool{French: true}})
	if e4.Stale(French) || e4.Stale(English) || e4.Versions[French].AlignedRev != 2 {
		t.Fatalf("after bringing French in line: %+v", e4.Versions[French])
	}
	// Revision 4b: the translator catches French up without ticking minor
	// but ticking "brought in line": neither language is stale after it.
	e4b := clone(e3)
	e4b.Versions[French].BodyMarkdown = "Nouveau corps rattrapé"
	save(e3, e4b, 4, SaveInfo{Aligned: map[Lang]bool{French: true}})
	if e4b.Stale(French) || e4b.Stale(English) || e4b.Versions[French].ChangedRev != 4 {
		t.Fatalf("after catching French up: en %+v fr %+v", e4b.Versions[English], e4b.Versions[French])
	}
	// ...and a later English change makes French stale again.
	e4c := clone(e4b)
	e4c.Versions[English].BodyMarkdown = "Another change"
	save(e4b, e4c, 5, SaveInfo{})
	if !e4c.Stale(French) || e4c.Stale(English) {
		t.Fatal("English change after the catch-up did not make French stale")
	}
	// Revision 5: both change substantively in one save — in line.
	e5 := clone(e4)
	e5.Versions[English].Summary = "S2"
	e5.Versions[French].Summary = "R2"
	save(e4, e5, 5, SaveInfo{})
	if e5.Stale(French) || e5.Stale(English) {
		t.Fatal("both changed together yet stale")
	}
	// Revision 6: a French change not ticked minor makes English stale;
	// a slug change alone is not a text change.
	e6 := clone(e5)
	e6.Versions[French].Summary = "R3"
	e6.Versions[English].Slug = "other-slug"
	if ch := save(e5, e6, 6, SaveInfo{}); len(ch) != 1 || ch[0] != French {
		t.Fatalf("changed %v", ch)
	}
	if !e6.Stale(English) || e6.Stale(French) {
		t.Fatal("French change did not make English stale")
	}
	// A translation added later is in line and makes nothing stale.
	a := editable()
	delete(a.Versions, French)
	save(nil, a, 1, SaveInfo{})
	b := clone(a)
	b.Versions[French] = &Version{Lang: French, Title: "T", Slug: "t", Summary: "S", BodyMarkdown: "B"}
	save(a, b, 2, SaveInfo{})
	if b.Stale(English) || b.Stale(French) {
		t.Errorf("added translation: en %+v fr %+v", b.Versions[English], b.Versions[French])
	}
}
