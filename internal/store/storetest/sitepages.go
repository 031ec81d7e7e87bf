package storetest

import (
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// newSitePage is a site page as the editor sends it: both languages,
// HTML rendered by the caller.
func newSitePage(key content.SitePageKey, slugEN, slugFR string) *content.SitePage {
	return &content.SitePage{Key: key, Versions: map[content.Lang]*content.SitePageVersion{
		en: {Title: "Page " + string(key), Slug: slugEN, BodyMarkdown: "About *" + string(key) + "*.", BodyHTML: "<p>About <em>" + string(key) + "</em>.</p>"},
		fr: {Title: "Page « " + string(key) + " »", Slug: slugFR, BodyMarkdown: "Au sujet de *" + string(key) + "*.", BodyHTML: "<p>Au sujet de <em>" + string(key) + "</em>.</p>"},
	}}
}

// sitePageTagsSince returns the tags recorded since generation g, sorted,
// failing unless the journal is complete.
func sitePageTagsSince(t *testing.T, s store.Store, g int64) []string {
	t.Helper()
	tags, _, complete, err := s.ChangesSince(t.Context(), g)
	if err != nil || !complete {
		t.Fatalf("ChangesSince(%d) = %q, %v, %v", g, tags, complete, err)
	}
	slices.Sort(tags)
	return tags
}

func mustSitePage(t *testing.T, s store.Store, key content.SitePageKey) *content.SitePage {
	t.Helper()
	p, err := s.SitePageByKey(t.Context(), key)
	if err != nil {
		t.Fatalf("SitePageByKey(%s): %v", key, err)
	}
	return p
}

// testSitePages: pages are created as drafts, saved as revisions compared
// and swapped (a stale save is a conflict that writes nothing), published
// in both languages only, found by slug once published, with parity marks,
// redirects for moved addresses and the page-change tags of exactly the
// pages that show them.
func testSitePages(t *testing.T, s store.Store) {
	ctx := t.Context()
	about := content.SitePageAbout
	if links, err := s.SitePageLinks(ctx); err != nil || len(links) != 0 {
		t.Fatalf("SitePageLinks on an empty store = %v, %v", links, err)
	}
	_, err := s.SitePageByKey(ctx, about)
	wantNotFound(t, err, "SitePageByKey before any save")
	_, err = s.SitePageBySlug(ctx, en, "about")
	wantNotFound(t, err, "SitePageBySlug before any save")

	// A save from revision 1 of a page never stored: nothing to save over.
	_, err = s.SaveSitePage(ctx, newSitePage(about, "about", "a-propos"), content.SaveInfo{BaseRevision: 1, Now: now})
	wantNotFound(t, err, "save of a missing page from revision 1")

	// Created as a draft: on no public page.
	g := generation(t, s)
	rev, err := s.SaveSitePage(ctx, newSitePage(about, "about", "a-propos"), content.SaveInfo{UserID: 0, Now: now})
	if err != nil || rev != 1 {
		t.Fatalf("create: %d, %v", rev, err)
	}
	p := mustSitePage(t, s, about)
	if p.Status != content.Draft || p.Revision != 1 || !p.ModifiedAt.Equal(now) || !p.PublishedAt.IsZero() {
		t.Errorf("new page: %+v", p)
	}
	if v := p.Version(fr); v == nil || v.Title != "Page « about »" || v.Slug != "a-propos" || v.BodyHTML != "<p>Au sujet de <em>about</em>.</p>" || v.ChangedRev != 1 || v.AlignedRev != 1 {
		t.Errorf("French version: %+v", v)
	}
	if generation(t, s) <= g {
		t.Error("creating a page did not bump the generation")
	}
	if tags := sitePageTagsSince(t, s, g); len(tags) != 0 {
		t.Errorf("a draft touched %q", tags)
	}
	_, err = s.SitePageBySlug(ctx, en, "about")
	wantNotFound(t, err, "a draft by slug")
	if links, _ := s.SitePageLinks(ctx); len(links) != 0 {
		t.Errorf("a draft is linked: %v", links)
	}

	// A second "new" page with the same key is a conflict.
	if _, err := s.SaveSitePage(ctx, newSitePage(about, "about", "a-propos"), content.SaveInfo{Now: now}); !errors.Is(err, content.ErrConflict) {
		t.Errorf("creating an existing page: %v; want ErrConflict", err)
	}

	t.Run("StaleSaveIsAConflict", func(t *testing.T) {
		mine := newSitePage(about, "about", "a-propos")
		mine.Versions[en].Title = "Mine"
		theirs := newSitePage(about, "about", "a-propos")
		theirs.Versions[en].Title = "Theirs"
		if _, err := s.SaveSitePage(ctx, theirs, content.SaveInfo{BaseRevision: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		g := generation(t, s)
		_, err := s.SaveSitePage(ctx, mine, content.SaveInfo{BaseRevision: 1, Now: now})
		if !errors.Is(err, content.ErrConflict) {
			t.Fatalf("stale save: %v; want ErrConflict", err)
		}
		p := mustSitePage(t, s, about)
		if p.Revision != 2 || p.Version(en).Title != "Theirs" || generation(t, s) != g {
			t.Errorf("after a refused save: revision %d, title %q, generation %d → %d", p.Revision, p.Version(en).Title, g, generation(t, s))
		}
		if revs, err := s.SitePageRevisions(ctx, about); err != nil || len(revs) != 2 {
			t.Errorf("revisions after a refused save: %d, %v", len(revs), err)
		}
	})

	t.Run("ConcurrentSaves", func(t *testing.T) {
		base := mustSitePage(t, s, about).Revision
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				p := newSitePage(about, "about", "a-propos")
				p.Versions[en].Title = "Writer " + string(rune('A'+i))
				_, errs[i] = s.SaveSitePage(ctx, p, content.SaveInfo{BaseRevision: base, Now: now})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, content.ErrConflict):
				t.Errorf("concurrent save: %v", err)
			}
		}
		if ok != 1 || mustSitePage(t, s, about).Revision != base+1 {
			t.Errorf("%d of %d concurrent saves from one revision succeeded; want 1", ok, len(errs))
		}
	})

	t.Run("Validation", func(t *testing.T) {
		g := generation(t, s)
		cur := mustSitePage(t, s, about).Revision
		contact := newSitePage(content.SitePageContact, "about", "contact")
		if _, err := s.SaveSitePage(ctx, contact, content.SaveInfo{Now: now}); !maps.Equal(fieldErr(err), map[string]string{"en.slug": content.SitePageErrSlugTaken}) {
			t.Errorf("slug of another page: %v", err)
		}
		reserved := newSitePage(content.SitePageContact, "contact", "sujets")
		if _, err := s.SaveSitePage(ctx, reserved, content.SaveInfo{Now: now}); !maps.Equal(fieldErr(err), map[string]string{"fr.slug": content.SitePageErrSlugPath}) {
			t.Errorf("slug of a site path: %v", err)
		}
		unknown := newSitePage("privacy", "privacy-notice", "avis-de-confidentialite")
		if _, err := s.SaveSitePage(ctx, unknown, content.SaveInfo{Now: now}); !maps.Equal(fieldErr(err), map[string]string{"key": content.SitePageErrUnknownPage}) {
			t.Errorf("unknown key: %v", err)
		}
		empty := newSitePage(about, "about", "a-propos")
		empty.Versions[fr].BodyMarkdown = ""
		if _, err := s.SaveSitePage(ctx, empty, content.SaveInfo{BaseRevision: cur, Now: now}); !maps.Equal(fieldErr(err), map[string]string{"fr.body": content.EditErrRequired}) {
			t.Errorf("empty body: %v", err)
		}
		if _, err := s.SitePageByKey(ctx, content.SitePageContact); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("a refused new page was stored: %v", err)
		}
		if p := mustSitePage(t, s, about); p.Revision != cur || generation(t, s) != g {
			t.Errorf("a refused save changed the page: revision %d → %d", cur, p.Revision)
		}
	})

	// Publishing: from the revision the editor saw, in both languages.
	cur := mustSitePage(t, s, about)
	if err := s.SetSitePageStatus(ctx, about, content.Published, cur.Revision-1, now); !errors.Is(err, content.ErrConflict) {
		t.Errorf("publish from an old revision: %v; want ErrConflict", err)
	}
	g = generation(t, s)
	published := now.Add(time.Hour)
	if err := s.SetSitePageStatus(ctx, about, content.Published, cur.Revision, published); err != nil {
		t.Fatal(err)
	}
	p = mustSitePage(t, s, about)
	if p.Status != content.Published || !p.PublishedAt.Equal(published) || !p.ModifiedAt.Equal(published) || p.Revision != cur.Revision {
		t.Errorf("published page: %+v", p)
	}
	if got, want := sitePageTagsSince(t, s, g), []string{store.TagSitePageLinks, store.TagSitePage(about)}; !slices.Equal(got, want) {
		t.Errorf("publishing: tags %q, want %q", got, want)
	}
	if links, err := s.SitePageLinks(ctx); err != nil || len(links) != 1 || links[0] != (content.SitePageLink{Key: about, Slugs: content.Bilingual{EN: "about", FR: "a-propos"}}) {
		t.Errorf("SitePageLinks = %+v, %v", links, err)
	}
	for lang, slug := range map[content.Lang]string{en: "about", fr: "a-propos"} {
		got, err := s.SitePageBySlug(ctx, lang, slug)
		if err != nil || got.Key != about || got.Version(en) == nil || got.Version(fr) == nil {
			t.Errorf("SitePageBySlug(%s, %s) = %+v, %v", lang, slug, got, err)
		}
	}
	_, err = s.SitePageBySlug(ctx, fr, "about") // the English slug under French
	wantNotFound(t, err, "English slug in French")
	g = generation(t, s)
	if err := s.SetSitePageStatus(ctx, about, content.Published, cur.Revision, published); err != nil || generation(t, s) != g {
		t.Errorf("publishing a published page: %v, generation %d → %d", err, g, generation(t, s))
	}

	// A one-language draft cannot be published.
	terms := newSitePage(content.SitePageTerms, "terms", "avis")
	delete(terms.Versions, fr)
	if _, err := s.SaveSitePage(ctx, terms, content.SaveInfo{Now: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSitePageStatus(ctx, content.SitePageTerms, content.Published, 1, now); !maps.Equal(fieldErr(err), map[string]string{"versions": content.SitePageErrBothLangs}) {
		t.Errorf("publishing in one language: %v", err)
	}
	if mustSitePage(t, s, content.SitePageTerms).Status != content.Draft {
		t.Error("a one-language page was published")
	}
	if err := s.SetSitePageStatus(ctx, content.SitePageTerms, content.Review, 1, now); !maps.Equal(fieldErr(err), map[string]string{"status": content.SitePageErrStatus}) {
		t.Errorf("status review: %v", err)
	}
	err = s.SetSitePageStatus(ctx, content.SitePageContact, content.Published, 1, now)
	wantNotFound(t, err, "publishing a missing page")

	// A new body on a live page: its pages change, not those linking it;
	// the other language needs an update.
	g = generation(t, s)
	edit := mustSitePage(t, s, about)
	edit.Versions[en].BodyMarkdown, edit.Versions[en].BodyHTML = "We make short lessons.", "<p>We make short lessons.</p>"
	later := now.Add(2 * time.Hour)
	rev, err = s.SaveSitePage(ctx, edit, content.SaveInfo{UserID: 0, BaseRevision: edit.Revision, Now: later})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sitePageTagsSince(t, s, g), []string{store.TagSitePage(about)}; !slices.Equal(got, want) {
		t.Errorf("body of a live page: tags %q, want %q", got, want)
	}
	p = mustSitePage(t, s, about)
	if p.Status != content.Published || !p.PublishedAt.Equal(published) || !p.ModifiedAt.Equal(later) || !p.Stale(fr) || p.Stale(en) {
		t.Errorf("after an English change: %+v, stale fr %v", p, p.Stale(fr))
	}
	// A live page keeps both languages.
	one := mustSitePage(t, s, about)
	delete(one.Versions, fr)
	if _, err := s.SaveSitePage(ctx, one, content.SaveInfo{BaseRevision: one.Revision, Now: later}); !maps.Equal(fieldErr(err), map[string]string{"versions": content.SitePageErrBothLangs}) {
		t.Errorf("removing a language of a live page: %v", err)
	}

	// A new address: the pages linking it change, and the old path leads
	// to the new one.
	g = generation(t, s)
	move := mustSitePage(t, s, about)
	move.Versions[en].Slug = "about-us"
	if _, err := s.SaveSitePage(ctx, move, content.SaveInfo{BaseRevision: move.Revision, Now: later}); err != nil {
		t.Fatal(err)
	}
	if got, want := sitePageTagsSince(t, s, g), []string{store.TagSitePageLinks, store.TagSitePage(about)}; !slices.Equal(got, want) {
		t.Errorf("new address: tags %q, want %q", got, want)
	}
	if target, err := s.PathRedirectTarget(ctx, "/en/about"); err != nil || target != "/en/about-us" {
		t.Errorf("old address redirects to %q, %v", target, err)
	}
	if _, err := s.PathRedirectTarget(ctx, "/fr/a-propos"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("an unchanged address redirects: %v", err)
	}

	t.Run("Revisions", func(t *testing.T) {
		revs, err := s.SitePageRevisions(ctx, about)
		if err != nil {
			t.Fatal(err)
		}
		var numbers []int
		for _, r := range revs {
			numbers = append(numbers, r.Number)
		}
		last := mustSitePage(t, s, about).Revision
		if len(revs) != last || numbers[0] != last || numbers[len(numbers)-1] != 1 {
			t.Fatalf("revision numbers %v; want %d down to 1", numbers, last)
		}
		r, err := s.SitePageRevision(ctx, about, rev)
		if err != nil {
			t.Fatal(err)
		}
		if r.Key != about || !slices.Equal(r.Langs, []content.Lang{en}) || r.Minor || !r.CreatedAt.Equal(later) ||
			r.Snapshot.Versions[en].Body != "We make short lessons." || r.Snapshot.Versions[fr] == nil {
			t.Errorf("revision %d: %+v", rev, r)
		}
		_, err = s.SitePageRevision(ctx, about, 999)
		wantNotFound(t, err, "a missing revision")
	})

	t.Run("AdminList", func(t *testing.T) {
		if _, err := s.SaveSitePage(ctx, newSitePage(content.SitePageContact, "contact", "contact"), content.SaveInfo{Now: now}); err != nil {
			t.Fatal(err)
		}
		ps, err := s.AdminSitePages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var keys []content.SitePageKey
		for _, p := range ps {
			keys = append(keys, p.Key)
		}
		if want := []content.SitePageKey{about, content.SitePageContact, content.SitePageTerms}; !slices.Equal(keys, want) {
			t.Errorf("AdminSitePages keys %v, want %v", keys, want)
		}
	})

	// Withdrawn: off the site, and off the pages that linked it.
	g = generation(t, s)
	p = mustSitePage(t, s, about)
	if err := s.SetSitePageStatus(ctx, about, content.Draft, p.Revision, later); err != nil {
		t.Fatal(err)
	}
	if got, want := sitePageTagsSince(t, s, g), []string{store.TagSitePageLinks, store.TagSitePage(about)}; !slices.Equal(got, want) {
		t.Errorf("withdrawing: tags %q, want %q", got, want)
	}
	_, err = s.SitePageBySlug(ctx, en, "about-us")
	wantNotFound(t, err, "a withdrawn page by slug")
	if links, _ := s.SitePageLinks(ctx); len(links) != 0 {
		t.Errorf("a withdrawn page is linked: %v", links)
	}
	if p := mustSitePage(t, s, about); !p.PublishedAt.Equal(published) {
		t.Errorf("withdrawing forgot the first publication: %v", p.PublishedAt)
	}
}
