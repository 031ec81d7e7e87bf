package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// addSitePage stores a site page in both languages through the store
// (revision 1), published or not.
func (e *env) addSitePage(key content.SitePageKey, publish bool) *content.SitePage {
	e.t.Helper()
	slugs := map[content.SitePageKey][2]string{content.SitePageAbout: {"about", "a-propos"}, content.SitePageContact: {"contact", "contact"},
		content.SitePageTerms: {"terms", "avis"}}[key]
	p := &content.SitePage{Key: key, Versions: map[content.Lang]*content.SitePageVersion{
		content.English: {Title: "Page " + string(key), Slug: slugs[0], BodyMarkdown: "English text.", BodyHTML: "<p>English text.</p>"},
		content.French:  {Title: "Page « " + string(key) + " »", Slug: slugs[1], BodyMarkdown: "Texte français.", BodyHTML: "<p>Texte français.</p>"},
	}}
	if _, err := e.st.SaveSitePage(context.Background(), p, content.SaveInfo{Now: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
	if publish {
		if err := e.st.SetSitePageStatus(context.Background(), key, content.Published, 1, e.clock.Now()); err != nil {
			e.t.Fatal(err)
		}
	}
	return e.sitePage(key)
}

func (e *env) sitePage(key content.SitePageKey) *content.SitePage {
	e.t.Helper()
	p, err := e.st.SitePageByKey(context.Background(), key)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// sitePageForm is the editor's form holding p as stored.
func sitePageForm(p *content.SitePage) url.Values {
	f := url.Values{"base_revision": {strconv.Itoa(p.Revision)}, "do": {"save"}}
	for _, lang := range content.Langs {
		if v := p.Version(lang); v != nil {
			f.Set(string(lang)+".title", v.Title)
			f.Set(string(lang)+".slug", v.Slug)
			f.Set(string(lang)+".body", v.BodyMarkdown)
		}
	}
	return f
}

func sitePagePreviewForm(p *content.SitePage) url.Values {
	f := sitePageForm(p)
	f.Set("do", "preview")
	return f
}

// TestSitePageEditor walks an editor through the site pages: the list, a
// new page with both languages side by side, errors in their language
// with what they typed kept, publishing (both languages or none), a stale
// save refused as a conflict, a stale translation marked, the history,
// a diff and a restore, and taking the page off the site.
func TestSitePageEditor(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.session(ed)
		fr := printer(t, "fr")
		e.addSitePage(content.SitePageAbout, true)

		list := e.get("/admin/site-pages", c)
		if list.StatusCode != http.StatusOK || !strings.Contains(list.body, `href="/admin/site-pages/contact"`) ||
			!strings.Contains(text(list.body), fr.T("sitepages.status_missing")) || !strings.Contains(text(list.body), fr.T("sitepages.status_published")) ||
			!strings.Contains(list.body, `href="/fr/a-propos"`) {
			t.Fatalf("list: %d\n%s", list.StatusCode, list.body)
		}
		if r := e.get("/admin/site-pages/contact", c); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `name="fr.body"`) || !strings.Contains(r.body, `lang="fr-CA"`) {
			t.Fatalf("empty editor: %d", r.StatusCode)
		}
		if r := e.get("/admin/site-pages/privacy", c); r.StatusCode != http.StatusNotFound {
			t.Errorf("a page the site does not have: %d", r.StatusCode)
		}

		// A new page: the body is rendered and sanitised when saved.
		f := url.Values{"base_revision": {"0"}, "do": {"save"},
			"en.title": {"Contact us"}, "en.slug": {""}, "en.body": {"Write to us.\n\n<script>alert(1)</script> [x](javascript:alert(2))"},
			"fr.title": {"Contactez-nous"}, "fr.slug": {"Nous joindre"}, "fr.body": {"Écrivez-nous."}}
		r := e.post("/admin/site-pages/contact", c, f)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/site-pages/contact?saved=1" {
			t.Fatalf("create: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
		}
		contact := e.sitePage(content.SitePageContact)
		en := contact.Version(content.English)
		if contact.Status != content.Draft || en.Slug != "contact-us" || contact.Version(content.French).Slug != "nous-joindre" ||
			!strings.Contains(en.BodyHTML, "Write to us.") || strings.Contains(en.BodyHTML, "<script") || strings.Contains(en.BodyHTML, "javascript:") {
			t.Errorf("created: %+v, English %+v", contact, en)
		}
		if e.auditCount("site_page.created", "site_page:contact") != 1 {
			t.Error("no audit entry for the new page")
		}
		if r := e.get("/admin/site-pages/contact?saved=1", c); !strings.Contains(text(r.body), fr.T("editing.saved", "n", 1)) {
			t.Error("no saved message")
		}
		// A draft is not on the site.
		if r := e.get("/fr/nous-joindre", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("a draft on the site: %d", r.StatusCode)
		}

		// Errors, in the editor's language, next to the fields, with what
		// was typed kept; nothing saved.
		bad := sitePageForm(contact)
		bad.Set("en.title", "")
		bad.Set("fr.body", "Texte <gardé> tel quel")
		bad.Set("fr.slug", "sujets")
		r = e.post("/admin/site-pages/contact", c, bad)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T("editing.error_required")) ||
			!strings.Contains(text(r.body), fr.T("sitepages.error_slug_reserved")) || !strings.Contains(r.body, `id="f-en-title-error"`) ||
			!strings.Contains(r.body, "Texte &lt;gardé&gt; tel quel") || !strings.Contains(r.body, `href="#f-fr-slug"`) {
			t.Errorf("invalid save: %d\n%s", r.StatusCode, r.body)
		}
		taken := sitePageForm(contact)
		taken.Set("fr.slug", "a-propos") // the About page's
		if r := e.post("/admin/site-pages/contact", c, taken); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T("sitepages.error_slug_taken")) {
			t.Errorf("a slug another page has: %d", r.StatusCode)
		}
		if got := e.sitePage(content.SitePageContact); got.Revision != 1 {
			t.Errorf("refused saves changed the page: revision %d", got.Revision)
		}

		// A preview shows the rendered body and saves nothing.
		pv := sitePagePreviewForm(contact)
		pv.Set("en.body", "Some **bold** words.")
		if r := e.post("/admin/site-pages/contact", c, pv); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "<strong>bold</strong>") ||
			e.sitePage(content.SitePageContact).Revision != 1 {
			t.Errorf("preview: %d", r.StatusCode)
		}

		// Publishing needs both languages.
		one := sitePageForm(contact)
		one.Set("fr.title", "")
		one.Set("fr.slug", "")
		one.Set("fr.body", "")
		if r := e.post("/admin/site-pages/contact", c, one); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("an English-only draft: %d\n%s", r.StatusCode, r.body)
		}
		contact = e.sitePage(content.SitePageContact)
		r = e.post("/admin/site-pages/contact/publish", c, url.Values{"revision": {strconv.Itoa(contact.Revision)}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T("sitepages.publish_both")) || e.sitePage(content.SitePageContact).Live() {
			t.Errorf("publishing one language: %d", r.StatusCode)
		}
		both := sitePageForm(contact)
		both.Set("fr.title", "Contactez-nous")
		both.Set("fr.body", "Écrivez-nous.")
		if r := e.post("/admin/site-pages/contact", c, both); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("both languages again: %d\n%s", r.StatusCode, r.body)
		}
		contact = e.sitePage(content.SitePageContact)
		if r := e.post("/admin/site-pages/contact/publish", c, url.Values{"revision": {strconv.Itoa(contact.Revision - 1)}}); r.StatusCode != http.StatusConflict ||
			!strings.Contains(text(r.body), fr.T("sitepages.status_conflict")) {
			t.Errorf("publishing from an old revision: %d", r.StatusCode)
		}
		r = e.post("/admin/site-pages/contact/publish", c, url.Values{"revision": {strconv.Itoa(contact.Revision)}})
		if r.StatusCode != http.StatusSeeOther || !e.sitePage(content.SitePageContact).Live() || e.auditCount("site_page.published", "site_page:contact") != 1 {
			t.Fatalf("publish: %d %s", r.StatusCode, r.body)
		}
		if r := e.get("/fr/contactez-nous", nil); r.StatusCode != http.StatusOK || !strings.Contains(text(r.body), "Écrivez-nous.") {
			t.Errorf("the published page: %d", r.StatusCode)
		}

		// Two editors open revision N; the second save is refused and
		// keeps what was typed.
		contact = e.sitePage(content.SitePageContact)
		first, second := sitePageForm(contact), sitePageForm(contact)
		first.Set("en.body", "Write to us by email.")
		second.Set("en.body", "Second editor's text.")
		if r := e.post("/admin/site-pages/contact", c, first); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.StatusCode)
		}
		r = e.post("/admin/site-pages/contact", c, second)
		if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.body), fr.T("sitepages.conflict_title")) ||
			!strings.Contains(text(r.body), "Second editor's text.") || !strings.Contains(r.body, `name="base_revision" value="`+strconv.Itoa(contact.Revision+1)+`"`) {
			t.Errorf("stale save: %d\n%s", r.StatusCode, r.body)
		}
		if got := e.sitePage(content.SitePageContact); got.Version(content.English).BodyMarkdown != "Write to us by email." || e.auditCount("site_page.conflict", "site_page:contact") != 1 {
			t.Errorf("after the conflict: %q", got.Version(content.English).BodyMarkdown)
		}

		// The English text changed substantively: French needs an update.
		if r := e.get("/admin/site-pages/contact", c); !strings.Contains(r.body, `<p class="stale-mark">`) {
			t.Error("the editor does not mark French as needing an update")
		}
		if r := e.get("/admin/site-pages", c); !strings.Contains(text(r.body), fr.T("editing.stale")+" ("+fr.T("editing.lang_fr")+")") {
			t.Error("the list does not mark French as needing an update")
		}
		caught := sitePageForm(e.sitePage(content.SitePageContact))
		caught.Set("fr.body", "Écrivez-nous par courriel.")
		caught.Set("aligned_fr", "on")
		if r := e.post("/admin/site-pages/contact", c, caught); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("catching up: %d", r.StatusCode)
		}
		if p := e.sitePage(content.SitePageContact); p.Stale(content.French) || p.Stale(content.English) {
			t.Error("still stale after catching up")
		}

		// History, a diff, and a restore of revision 1.
		contact = e.sitePage(content.SitePageContact)
		hist := e.get("/admin/site-pages/contact/revisions", c)
		if hist.StatusCode != http.StatusOK || !strings.Contains(hist.body, `action="/admin/site-pages/contact/diff"`) ||
			!strings.Contains(hist.body, `action="/admin/site-pages/contact/revisions/1/restore"`) {
			t.Fatalf("history: %d\n%s", hist.StatusCode, hist.body)
		}
		if r := e.get("/admin/site-pages/contact/diff?from=1&to="+strconv.Itoa(contact.Revision)+"&lang=en", c); r.StatusCode != http.StatusOK ||
			!strings.Contains(r.body, "<ins>") {
			t.Errorf("diff: %d", r.StatusCode)
		}
		if r := e.post("/admin/site-pages/contact/revisions/1/restore", c, url.Values{"base_revision": {strconv.Itoa(contact.Revision - 1)}}); r.StatusCode != http.StatusConflict {
			t.Errorf("restore over a newer save: %d", r.StatusCode)
		}
		r = e.post("/admin/site-pages/contact/revisions/1/restore", c, url.Values{"base_revision": {strconv.Itoa(contact.Revision)}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("restore: %d\n%s", r.StatusCode, r.body)
		}
		restored := e.sitePage(content.SitePageContact)
		if restored.Revision != contact.Revision+1 || restored.Version(content.French).Slug != "nous-joindre" || !restored.Live() ||
			!strings.Contains(restored.Version(content.English).BodyHTML, "Write to us.") {
			t.Errorf("restored: %+v", restored)
		}
		// Its old address (nous-joindre was replaced and is back) answers.
		if r := e.get("/fr/nous-joindre", nil); r.StatusCode != http.StatusOK {
			t.Errorf("the restored address: %d", r.StatusCode)
		}
		if r := e.get("/fr/contactez-nous", nil); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/fr/nous-joindre" {
			t.Errorf("the address it had: %d → %q", r.StatusCode, r.Header.Get("Location"))
		}

		// Taken off the site.
		r = e.post("/admin/site-pages/contact/unpublish", c, url.Values{"revision": {strconv.Itoa(restored.Revision)}})
		if r.StatusCode != http.StatusSeeOther || e.sitePage(content.SitePageContact).Live() || e.auditCount("site_page.unpublished", "site_page:contact") != 1 {
			t.Errorf("unpublish: %d", r.StatusCode)
		}
		if r := e.get("/fr/nous-joindre", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("an unpublished page: %d", r.StatusCode)
		}
	})
}

// Site pages are the business of editors and administrators: authors and
// contributors can neither see the editor nor change a page, and the
// back office's menu offers it only to those who may use it.
func TestSitePageLeastPrivilege(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		about := e.addSitePage(content.SitePageAbout, true)
		for _, role := range content.Roles {
			u := e.addUser(string(role)+"@example.org", role, content.English, content.UserActive)
			c := e.session(u)
			allowed := role == content.RoleEditor || role == content.RoleAdministrator
			f := sitePageForm(about)
			f.Set("en.title", "Changed by "+string(role))
			save := e.post("/admin/site-pages/about", c, f)
			withdraw := e.post("/admin/site-pages/about/unpublish", c, url.Values{"revision": {strconv.Itoa(about.Revision)}})
			menu := strings.Contains(e.get("/admin/", c).body, `href="/admin/site-pages"`)
			if allowed {
				if menu != true || save.StatusCode != http.StatusSeeOther {
					t.Errorf("%s: menu %v, save %d", role, menu, save.StatusCode)
				}
				// Put it back for the next role.
				about = e.sitePage(content.SitePageAbout)
				if !about.Live() {
					if err := e.st.SetSitePageStatus(context.Background(), about.Key, content.Published, about.Revision, e.clock.Now()); err != nil {
						t.Fatal(err)
					}
				}
				continue
			}
			if menu || save.StatusCode != http.StatusForbidden || withdraw.StatusCode != http.StatusForbidden {
				t.Errorf("%s: menu %v, save %d, unpublish %d; want no menu and 403", role, menu, save.StatusCode, withdraw.StatusCode)
			}
			if p := e.sitePage(content.SitePageAbout); p.Revision != about.Revision || !p.Live() {
				t.Errorf("%s changed the page: revision %d, live %v", role, p.Revision, p.Live())
			}
		}
	})
}

// A cross-origin post cannot save or withdraw a site page, even with an
// editor's session (http.CrossOriginProtection).
func TestSitePageCrossOrigin(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		about := e.addSitePage(content.SitePageAbout, true)
		c := e.session(e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive))
		f := sitePageForm(about)
		f.Set("en.title", "Defaced")
		cross := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
		for path, form := range map[string]url.Values{
			"/admin/site-pages/about":           f,
			"/admin/site-pages/about/unpublish": {"revision": {strconv.Itoa(about.Revision)}},
		} {
			if r := e.do(req{method: "POST", path: path, form: form, cookie: c, header: cross}); r.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin POST %s: %d, want 403", path, r.StatusCode)
			}
		}
		if p := e.sitePage(content.SitePageAbout); p.Revision != about.Revision || !p.Live() || p.Version(content.English).Title == "Defaced" {
			t.Errorf("a cross-origin post changed the page: %+v", p)
		}
	})
}
