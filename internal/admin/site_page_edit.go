package admin

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/render"
	"github.com/busrides/busrides/internal/urls"
)

// maxSitePageForm bounds one posted site page: two bodies at the
// renderer's limit, and the rest.
const maxSitePageForm = 2*render.MaxSize + 64<<10

// sitePageFields are the fields of each language column, in screen order.
var sitePageFields = []struct {
	Name, Label, Hint, Input string
	Rows                     int
}{
	{"title", "editing.title", "", "text", 0},
	{"slug", "editing.slug", "sitepages.slug_hint", "text", 0},
	{"body", "editing.body", "editing.markdown_hint", "markdown", 24},
}

// sitePageForm is the editor's form: the page as typed, and what the
// screen shows again.
type sitePageForm struct {
	Page    *content.SitePage
	Values  map[string]string // "en.title"… as typed
	Base    int
	Minor   bool
	Aligned map[content.Lang]bool
	Errors  map[string]string // field → catalogue key
}

// sitePageKey reads the {key} of a site page route (content.ErrNotFound
// for a page the site does not have).
func sitePageKey(r *http.Request) (content.SitePageKey, error) {
	k, ok := content.ParseSitePageKey(r.PathValue("key"))
	if !ok {
		return "", content.ErrNotFound
	}
	return k, nil
}

// storedSitePage returns the page as saved, nil when it never was.
func (h *Handler) storedSitePage(r *http.Request, key content.SitePageKey) (*content.SitePage, error) {
	sp, err := h.st.SitePageByKey(r.Context(), key)
	if errors.Is(err, content.ErrNotFound) {
		return nil, nil
	}
	return sp, err
}

// sitePageFormFrom fills the form with a stored page (nil: empty).
func sitePageFormFrom(key content.SitePageKey, sp *content.SitePage) *sitePageForm {
	f := &sitePageForm{Page: sp, Values: map[string]string{}, Aligned: map[content.Lang]bool{}, Errors: map[string]string{}}
	if sp == nil {
		f.Page = &content.SitePage{Key: key, Status: content.Draft}
		return f
	}
	f.Base = sp.Revision
	for _, lang := range content.Langs {
		if v := sp.Version(lang); v != nil {
			f.Values[content.VersionField(lang, "title")] = v.Title
			f.Values[content.VersionField(lang, "slug")] = v.Slug
			f.Values[content.VersionField(lang, "body")] = v.BodyMarkdown
		}
	}
	return f
}

// parseSitePageForm reads a posted editor over stored (nil for a page
// never saved), tidies and checks it (content.PrepareSitePage) and
// renders its bodies.
func (h *Handler) parseSitePageForm(r *http.Request, key content.SitePageKey, stored *content.SitePage) *sitePageForm {
	pf := r.PostForm
	f := &sitePageForm{Values: map[string]string{}, Aligned: map[content.Lang]bool{}, Errors: map[string]string{}, Minor: pf.Get("minor") != ""}
	f.Base, _ = strconv.Atoi(pf.Get("base_revision"))
	p := &content.SitePage{Key: key, Status: content.Draft, Versions: map[content.Lang]*content.SitePageVersion{}}
	if stored != nil {
		p.Status = stored.Status // a published page keeps both languages
	}
	for _, lang := range content.Langs {
		for _, fd := range sitePageFields {
			name := content.VersionField(lang, fd.Name)
			f.Values[name] = pf.Get(name)
		}
		f.Aligned[lang] = pf.Get("aligned_"+string(lang)) != ""
		p.Versions[lang] = &content.SitePageVersion{Lang: lang, Title: pf.Get(content.VersionField(lang, "title")),
			Slug: pf.Get(content.VersionField(lang, "slug")), BodyMarkdown: pf.Get(content.VersionField(lang, "body"))}
	}
	if err := content.PrepareSitePage(p, urls.Reserved); err != nil {
		f.addErrors(err)
	}
	for _, lang := range content.Langs {
		v := p.Version(lang)
		if v == nil {
			continue
		}
		html, err := h.cfg.Render.Render(v.BodyMarkdown, string(lang))
		if err != nil {
			if _, bad := f.Errors[content.VersionField(lang, "body")]; !bad {
				f.Errors[content.VersionField(lang, "body")] = "editing.error_markdown"
			}
		}
		v.BodyHTML = html
	}
	f.Page = p
	return f
}

// addErrors records a validation error's fields and reports whether err
// was one.
func (f *sitePageForm) addErrors(err error) bool {
	ve, ok := errors.AsType[*content.ValidationError](err)
	if !ok {
		return false
	}
	for k, v := range ve.Fields {
		f.Errors[k] = v
	}
	return true
}

// showSitePage answers GET /admin/site-pages/{key}: the editor, with the
// page as last saved (empty for a page not written yet).
func (h *Handler) showSitePage(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	key, err := sitePageKey(r)
	if err != nil {
		return err
	}
	stored, err := h.storedSitePage(r, key)
	if err != nil {
		return err
	}
	view := h.sitePageView(actor, key, stored, sitePageFormFrom(key, stored))
	p := h.printer(actor.Lang)
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("saved")); err == nil && n > 0 {
		view.Flash = p.T("editing.saved", "n", n)
	}
	switch q.Get("done") {
	case "published":
		view.Flash = p.T("sitepages.published")
	case "unpublished":
		view.Flash = p.T("sitepages.unpublished")
	}
	return h.page(w, actor.Lang, "admin-site-page", http.StatusOK, view)
}

// saveSitePage answers POST /admin/site-pages/{key}: preview (do=preview,
// saves nothing), or save a new revision on top of the one the form was
// opened at. A page never saved is created as a draft.
func (h *Handler) saveSitePage(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	key, err := sitePageKey(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSitePageForm)
	if err := r.ParseForm(); err != nil {
		return errBodyTooLarge
	}
	stored, err := h.storedSitePage(r, key)
	if err != nil {
		return err
	}
	f := h.parseSitePageForm(r, key, stored)
	if r.PostForm.Get("do") == "preview" {
		status := http.StatusOK
		if len(f.Errors) > 0 {
			status = http.StatusUnprocessableEntity
		}
		view := h.sitePageView(actor, key, stored, f)
		view.Preview = true
		for i := range view.Columns {
			if v := f.Page.Version(view.Columns[i].Lang); v != nil {
				view.Columns[i].HasPreview = true
				view.Columns[i].PreviewHTML = template.HTML(v.BodyHTML) // sanitised by internal/render
			}
		}
		return h.page(w, actor.Lang, "admin-site-page", status, view)
	}
	if len(f.Errors) > 0 {
		return h.page(w, actor.Lang, "admin-site-page", http.StatusUnprocessableEntity, h.sitePageView(actor, key, stored, f))
	}
	info := content.SaveInfo{UserID: actor.ID, BaseRevision: f.Base, Minor: f.Minor, Aligned: f.Aligned, Now: h.cfg.Now()}
	rev, err := h.st.SaveSitePage(r.Context(), f.Page, info)
	switch {
	case err == nil:
	case f.addErrors(err):
		return h.page(w, actor.Lang, "admin-site-page", http.StatusUnprocessableEntity, h.sitePageView(actor, key, stored, f))
	case errors.Is(err, content.ErrConflict):
		return h.sitePageConflict(w, r, actor, key, f)
	default:
		return err
	}
	action := "site_page.saved"
	if stored == nil {
		action = "site_page.created"
	}
	detail := fmt.Sprintf("revision %d", rev)
	if f.Minor {
		detail += ", minor"
	}
	h.audit(r.Context(), r, actor, action, "site_page:"+string(key), detail)
	http.Redirect(w, r, sitePageURL(key)+"?saved="+strconv.Itoa(rev), http.StatusSeeOther)
	return nil
}

// sitePageConflict answers a save from an old revision: nothing was
// written. The editor comes back with what was typed, now based on the
// newest revision, with the other editor's version shown against it.
func (h *Handler) sitePageConflict(w http.ResponseWriter, r *http.Request, actor *content.User, key content.SitePageKey, f *sitePageForm) error {
	ctx := r.Context()
	latest, err := h.st.SitePageByKey(ctx, key)
	if err != nil {
		return err
	}
	rev, err := h.st.SitePageRevision(ctx, key, latest.Revision)
	if errors.Is(err, content.ErrNotFound) {
		rev, err = &content.SitePageRevision{Number: latest.Revision, Snapshot: content.SnapshotOfSitePage(latest), CreatedAt: latest.ModifiedAt}, nil
	}
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	cv := h.conflictView(ctx, p, rev.Number, rev.UserID, rev.CreatedAt, sitePageURL(key), rev.Snapshot, content.SnapshotOfSitePage(f.Page))
	f.Base = latest.Revision
	view := h.sitePageView(actor, key, latest, f)
	view.Conflict = cv
	err = h.page(w, actor.Lang, "admin-site-page", http.StatusConflict, view)
	h.audit(ctx, r, actor, "site_page.conflict", "site_page:"+string(key), fmt.Sprintf("revision %d is newer", latest.Revision))
	return err
}

// sitePageView builds the editor's view; stored is nil for a page never
// saved.
func (h *Handler) sitePageView(actor *content.User, key content.SitePageKey, stored *content.SitePage, f *sitePageForm) SitePageEditPage {
	p := h.printer(actor.Lang)
	name := sitePageName(p, key)
	v := SitePageEditPage{Key: key, Name: name, New: stored == nil, Action: sitePageURL(key), Base: f.Base, Minor: f.Minor,
		Errors: map[string]string{}, StatusLabel: p.T("sitepages.status_missing")}
	v.Common = h.common(actor.Lang, actor, p.T("sitepages.edit_title", "name", name))
	if stored != nil {
		v.Published = stored.Live()
		v.StatusLabel = p.T("sitepages.status_" + string(stored.Status))
		v.PublishURL, v.UnpublishURL = sitePageURL(key)+"/publish", sitePageURL(key)+"/unpublish"
		v.RevisionsURL = sitePageURL(key) + "/revisions"
		if stored.Live() {
			for _, lang := range content.Langs {
				if sv := stored.Version(lang); sv != nil {
					v.Public = append(v.Public, Link{Label: p.T("admin.tax_view_" + string(lang)), URL: urls.SitePage(lang, sv.Slug), Lang: lang.Tag()})
				}
			}
		}
	}
	for k, key := range f.Errors {
		v.Errors[k] = p.T(key)
	}
	add := func(field, id, label string) {
		if msg, ok := v.Errors[field]; ok {
			v.Summary = append(v.Summary, ErrorLink{Href: "#" + id, Text: label + p.T("editing.colon") + msg})
		}
	}
	add("versions", "f-en-title", p.T("editing.versions"))
	for _, lang := range content.Langs {
		col := LangColumn{Lang: lang, Tag: lang.Tag(), Legend: p.T("editing.version_" + string(lang)),
			Aligned: f.Aligned[lang], AlignedID: "f-" + string(lang) + "-aligned", Stale: stored.Stale(lang)}
		langName := p.T("editing.lang_" + string(lang))
		for _, fd := range sitePageFields {
			name := content.VersionField(lang, fd.Name)
			fv := FieldView{ID: "f-" + string(lang) + "-" + fd.Name, Name: name, Label: p.T(fd.Label), Input: fd.Input, Rows: fd.Rows,
				Value: f.Values[name], Error: v.Errors[name]}
			if fd.Hint != "" {
				fv.Hint = p.T(fd.Hint)
			}
			col.Fields = append(col.Fields, fv)
			add(name, fv.ID, fv.Label+" ("+langName+")")
		}
		v.Columns = append(v.Columns, col)
	}
	return v
}
