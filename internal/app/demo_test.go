package app_test

import (
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// The demo adds its site pages published in both languages, rendered and
// sanitised; loading it again leaves a page an editor changed or took off
// the site as it is.
func TestDemoSitePages(t *testing.T) {
	a, clock, _ := apptest.New(t, apptest.Options{})
	ctx := t.Context()
	for _, key := range content.SitePageKeys {
		p, err := a.Store.SitePageByKey(ctx, key)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if !p.Live() || p.Revision != 1 || p.Version(content.English) == nil || p.Version(content.French) == nil {
			t.Fatalf("%s: %+v", key, p)
		}
		for _, lang := range content.Langs {
			v := p.Version(lang)
			if !strings.HasPrefix(v.BodyHTML, "<p>") || strings.Contains(v.BodyHTML, "<script") || v.Title == "" {
				t.Errorf("%s %s: %q", key, lang, v.BodyHTML[:min(80, len(v.BodyHTML))])
			}
		}
	}
	terms, err := a.Store.SitePageByKey(ctx, content.SitePageTerms)
	if err != nil {
		t.Fatal(err)
	}
	if terms.Version(content.English).Slug != "terms" || terms.Version(content.French).Slug != "avis" || terms.Version(content.French).Title != "Avis" {
		t.Errorf("terms: %+v / %+v", terms.Version(content.English), terms.Version(content.French))
	}

	// An editor takes About off the site and rewrites Contact.
	about, _ := a.Store.SitePageByKey(ctx, content.SitePageAbout)
	if err := a.Store.SetSitePageStatus(ctx, content.SitePageAbout, content.Draft, about.Revision, clock.Now()); err != nil {
		t.Fatal(err)
	}
	contact, _ := a.Store.SitePageByKey(ctx, content.SitePageContact)
	contact.Versions[content.English].BodyMarkdown, contact.Versions[content.English].BodyHTML = "Call us.", "<p>Call us.</p>"
	if _, err := a.Store.SaveSitePage(ctx, contact, content.SaveInfo{BaseRevision: contact.Revision, Now: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.Store.SitePageByKey(ctx, content.SitePageAbout); p.Live() || p.Revision != about.Revision {
		t.Errorf("the demo put About back: %+v", p)
	}
	if p, _ := a.Store.SitePageByKey(ctx, content.SitePageContact); p.Version(content.English).BodyMarkdown != "Call us." || p.Revision != 2 {
		t.Errorf("the demo overwrote Contact: revision %d", p.Revision)
	}
}
