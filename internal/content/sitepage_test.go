package content

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

func sitePage(status Status) *SitePage {
	return &SitePage{Key: SitePageAbout, Status: status, Versions: map[Lang]*SitePageVersion{
		English: {Title: "About us", Slug: "about", BodyMarkdown: "We make *short* lessons."},
		French:  {Title: "À propos", Slug: "a-propos", BodyMarkdown: "Nous faisons de *courtes* leçons."},
	}}
}

// reservedWords stands for internal/urls.Reserved in these tests.
func reservedWords(lang Lang, slug string) bool {
	return (lang == English && slug == "topics") || (lang == French && slug == "sujets")
}

func TestParseSitePageKey(t *testing.T) {
	for _, k := range SitePageKeys {
		if got, ok := ParseSitePageKey(string(k)); !ok || got != k {
			t.Errorf("ParseSitePageKey(%q) = %q, %v", k, got, ok)
		}
	}
	for _, s := range []string{"", "About", "privacy", "../terms"} {
		if _, ok := ParseSitePageKey(s); ok {
			t.Errorf("ParseSitePageKey(%q) accepted", s)
		}
	}
}

func TestValidateSitePage(t *testing.T) {
	if err := ValidateSitePage(sitePage(Published), reservedWords); err != nil {
		t.Fatalf("a valid page: %v", err)
	}
	for _, tc := range []struct {
		name   string
		edit   func(p *SitePage)
		fields map[string]string
	}{
		{"unknown key", func(p *SitePage) { p.Key = "privacy" }, map[string]string{"key": SitePageErrUnknownPage}},
		{"status", func(p *SitePage) { p.Status = Review }, map[string]string{"status": SitePageErrStatus}},
		{"no language", func(p *SitePage) { p.Versions = nil; p.Status = Draft }, map[string]string{"versions": SitePageErrNoLanguage}},
		{"published in one language", func(p *SitePage) { delete(p.Versions, French) }, map[string]string{"versions": SitePageErrBothLangs}},
		{"title", func(p *SitePage) { p.Versions[French].Title = " " }, map[string]string{"fr.title": EditErrRequired}},
		{"title long", func(p *SitePage) { p.Versions[English].Title = strings.Repeat("é", MaxTitleRunes+1) }, map[string]string{"en.title": EditErrTooLong}},
		{"title control", func(p *SitePage) { p.Versions[English].Title = "a\nb" }, map[string]string{"en.title": EditErrControl}},
		{"slug empty", func(p *SitePage) { p.Versions[English].Slug = "" }, map[string]string{"en.slug": EditErrRequired}},
		{"slug bad", func(p *SitePage) { p.Versions[French].Slug = "à-propos" }, map[string]string{"fr.slug": EditErrSlug}},
		{"slug a path of the site", func(p *SitePage) { p.Versions[English].Slug = "topics" }, map[string]string{"en.slug": SitePageErrSlugPath}},
		// Reserved words are per language: "topics" is free under /fr/.
		{"slug reserved in French", func(p *SitePage) { p.Versions[French].Slug = "sujets"; p.Versions[English].Slug = "sujets" }, map[string]string{"fr.slug": SitePageErrSlugPath}},
		{"body", func(p *SitePage) { p.Versions[French].BodyMarkdown = "\n\t" }, map[string]string{"fr.body": EditErrRequired}},
		{"body long", func(p *SitePage) { p.Versions[English].BodyMarkdown = strings.Repeat("a", MaxMarkdownBytes+1) }, map[string]string{"en.body": EditErrTooLong}},
		{"body control", func(p *SitePage) { p.Versions[English].BodyMarkdown = "a\x00b" }, map[string]string{"en.body": EditErrControl}},
		{"body image without alt", func(p *SitePage) { p.Versions[English].BodyMarkdown = "See ![](/media/map.png)" }, map[string]string{"en.body": SitePageErrImageNoAlt}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := sitePage(Published)
			tc.edit(p)
			ve, ok := errors.AsType[*ValidationError](ValidateSitePage(p, reservedWords))
			if !ok {
				t.Fatalf("want a ValidationError")
			}
			if !maps.Equal(ve.Fields, tc.fields) {
				t.Errorf("fields %v, want %v", ve.Fields, tc.fields)
			}
		})
	}
	// A draft may wait for its other language.
	p := sitePage(Draft)
	delete(p.Versions, English)
	if err := ValidateSitePage(p, reservedWords); err != nil {
		t.Errorf("a French-only draft: %v", err)
	}
}

func TestPrepareSitePage(t *testing.T) {
	p := &SitePage{Key: SitePageTerms, Status: Draft, Versions: map[Lang]*SitePageVersion{
		English: {Title: "  Terms and conditions ", Slug: "", BodyMarkdown: "Line one\r\nLine two\r\n"},
		French:  {Title: "Avis", Slug: " Avis Légal ", BodyMarkdown: "Texte"},
	}}
	if err := PrepareSitePage(p, reservedWords); err != nil {
		t.Fatal(err)
	}
	en, fr := p.Versions[English], p.Versions[French]
	if en.Title != "Terms and conditions" || en.Slug != "terms-and-conditions" || en.BodyMarkdown != "Line one\nLine two" {
		t.Errorf("English: %+v", en)
	}
	if fr.Slug != "avis-legal" || fr.Lang != French {
		t.Errorf("French: %+v", fr)
	}
	// A column left empty is no version; a draft may be in one language.
	p = &SitePage{Key: SitePageContact, Status: Draft, Versions: map[Lang]*SitePageVersion{
		English: {Title: "Contact us", BodyMarkdown: "Write to us."},
		French:  {Title: " ", Slug: "", BodyMarkdown: "\r\n"},
	}}
	if err := PrepareSitePage(p, reservedWords); err != nil {
		t.Fatal(err)
	}
	if p.Version(French) != nil || p.Version(English).Slug != "contact-us" {
		t.Errorf("versions after prepare: %+v", p.Versions)
	}
	// A slug that slugifies to nothing is kept as typed, and refused.
	p = &SitePage{Key: SitePageContact, Status: Draft, Versions: map[Lang]*SitePageVersion{
		English: {Title: "Contact", Slug: "---", BodyMarkdown: "x"},
	}}
	ve, ok := errors.AsType[*ValidationError](PrepareSitePage(p, reservedWords))
	if !ok || ve.Fields["en.slug"] != EditErrSlug || p.Versions[English].Slug != "---" {
		t.Errorf("slug of hyphens: %v, %q", ve, p.Versions[English].Slug)
	}
}

// The parity rules are ApplyParity's: a substantive change in one
// language makes the other stale until it is brought in line; a minor
// edit does not; both changed together are in line.
func TestApplySitePageParity(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	p1 := sitePage(Draft)
	if changed := ApplySitePageParity(nil, p1, 1, SaveInfo{Now: t0}); len(changed) != 2 {
		t.Fatalf("new page: changed %v", changed)
	}
	if p1.Stale(English) || p1.Stale(French) || p1.Versions[English].ChangedRev != 1 || !p1.Versions[French].ChangedAt.Equal(t0) {
		t.Fatalf("new page marks: %+v %+v", p1.Versions[English], p1.Versions[French])
	}

	clone := func(p *SitePage) *SitePage {
		c := *p
		c.Versions = map[Lang]*SitePageVersion{}
		for l, v := range p.Versions {
			vv := *v
			c.Versions[l] = &vv
		}
		return &c
	}
	p2 := clone(p1)
	p2.Versions[English].BodyMarkdown = "We make short lessons for public servants."
	changed := ApplySitePageParity(p1, p2, 2, SaveInfo{Now: t0.Add(time.Hour)})
	if len(changed) != 1 || changed[0] != English || !p2.Stale(French) || p2.Stale(English) {
		t.Fatalf("English changed: changed %v, stale fr %v", changed, p2.Stale(French))
	}

	// A slug change is not text: nothing changes.
	p3 := clone(p2)
	p3.Versions[French].Slug = "a-propos-de-nous"
	if changed := ApplySitePageParity(p2, p3, 3, SaveInfo{Now: t0}); len(changed) != 0 || !p3.Stale(French) {
		t.Fatalf("slug change: changed %v, stale %v", changed, p3.Stale(French))
	}

	// The translator catches French up and ticks "brought in line".
	p4 := clone(p3)
	p4.Versions[French].BodyMarkdown = "Nous faisons de courtes leçons pour les fonctionnaires."
	ApplySitePageParity(p3, p4, 4, SaveInfo{Now: t0, Aligned: map[Lang]bool{French: true}})
	if p4.Stale(French) || p4.Stale(English) {
		t.Fatalf("after catching up: stale en %v, fr %v", p4.Stale(English), p4.Stale(French))
	}

	// A minor edit does not make the other language stale.
	p5 := clone(p4)
	p5.Versions[English].Title = "About Busrides"
	if changed := ApplySitePageParity(p4, p5, 5, SaveInfo{Now: t0, Minor: true}); len(changed) != 1 || p5.Stale(French) {
		t.Fatalf("minor edit: changed %v, stale fr %v", changed, p5.Stale(French))
	}
}

func TestSitePageSnapshot(t *testing.T) {
	p := sitePage(Published)
	s := SnapshotOfSitePage(p)
	data, err := MarshalSitePageSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalSitePageSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	q := back.Page(SitePageAbout)
	for _, lang := range Langs {
		a, b := p.Version(lang), q.Version(lang)
		if b == nil || a.Title != b.Title || a.Slug != b.Slug || a.BodyMarkdown != b.BodyMarkdown || b.Lang != lang {
			t.Errorf("%s: %+v, want %+v", lang, b, a)
		}
	}
	text := back.Text(French, DiffLabels{Title: "Titre", Slug: "Adresse", Body: "Corps", Colon: " : "})
	if want := "Titre : À propos\nAdresse : a-propos\n\nCorps :\nNous faisons de *courtes* leçons.\n"; text != want {
		t.Errorf("Text:\n%q\nwant\n%q", text, want)
	}
	if back.Text(English, DiffLabels{}) == "" || (SitePageSnapshot{}).Text(English, DiffLabels{}) != "" {
		t.Error("Text of a missing version should be empty, of a present one not")
	}
	if _, err := UnmarshalSitePageSnapshot("{"); err == nil {
		t.Error("a broken snapshot was read")
	}
}
