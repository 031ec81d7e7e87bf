package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// publishSitePage answers POST /admin/site-pages/{key}/publish: the page
// as last saved goes live in both languages (it is published in both or
// not at all), if it is still at the revision the editor showed.
func (h *Handler) publishSitePage(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.setSitePageStatus(w, r, actor, content.Published)
}

// unpublishSitePage answers POST /admin/site-pages/{key}/unpublish: the
// page leaves the site (its address answers 404 and the footer stops
// linking it); it stays in the back office as a draft.
func (h *Handler) unpublishSitePage(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.setSitePageStatus(w, r, actor, content.Draft)
}

func (h *Handler) setSitePageStatus(w http.ResponseWriter, r *http.Request, actor *content.User, status content.Status) error {
	key, err := sitePageKey(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	rev, err := strconv.Atoi(r.PostForm.Get("revision"))
	if err != nil {
		return errBadRequest
	}
	stored, err := h.st.SitePageByKey(r.Context(), key)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	err = h.st.SetSitePageStatus(r.Context(), key, status, rev, h.cfg.Now())
	var alert string
	code := http.StatusConflict
	switch {
	case err == nil:
	case errors.Is(err, content.ErrConflict):
		alert = p.T("sitepages.status_conflict")
	default:
		if _, ok := errors.AsType[*content.ValidationError](err); !ok {
			return err
		}
		alert, code = p.T("sitepages.publish_both"), http.StatusUnprocessableEntity
	}
	if alert != "" {
		// The editor as the page is now, with why nothing changed.
		latest, err := h.st.SitePageByKey(r.Context(), key)
		if err != nil {
			return err
		}
		view := h.sitePageView(actor, key, latest, sitePageFormFrom(key, latest))
		view.Alert = alert
		return h.page(w, actor.Lang, "admin-site-page", code, view)
	}
	action, done := "site_page.published", "published"
	if status == content.Draft {
		action, done = "site_page.unpublished", "unpublished"
	}
	if stored.Status != status {
		h.audit(r.Context(), r, actor, action, "site_page:"+string(key), "revision "+strconv.Itoa(rev))
	}
	http.Redirect(w, r, sitePageURL(key)+"?done="+done, http.StatusSeeOther)
	return nil
}
