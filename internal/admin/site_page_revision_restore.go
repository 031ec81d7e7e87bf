package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// restoreSitePageRevision answers POST
// /admin/site-pages/{key}/revisions/{n}/restore: revision n's text is
// saved as a new revision on top of the revision the history page showed
// (base_revision), so that a restore over a newer save is a conflict too.
// A published page stays published: the restored text is live at once.
func (h *Handler) restoreSitePageRevision(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	key, err := sitePageKey(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || r.ParseForm() != nil {
		return errBadRequest
	}
	base, err := strconv.Atoi(r.PostForm.Get("base_revision"))
	if err != nil {
		return errBadRequest
	}
	ctx := r.Context()
	sp, err := h.st.SitePageByKey(ctx, key)
	if err != nil {
		return err
	}
	rev, err := h.st.SitePageRevision(ctx, key, n)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	back := rev.Snapshot.Page(key)
	var renderErr error
	for _, v := range back.Versions {
		if v.BodyHTML, err = h.cfg.Render.Render(v.BodyMarkdown, string(v.Lang)); err != nil {
			renderErr = err
		}
	}
	var saved int
	if renderErr == nil {
		saved, err = h.st.SaveSitePage(ctx, back, content.SaveInfo{UserID: actor.ID, BaseRevision: base, Note: "restore:" + strconv.Itoa(n), Now: h.cfg.Now()})
	}
	switch {
	case renderErr != nil:
		return h.sitePageRevisionsPage(w, r, actor, sp, http.StatusUnprocessableEntity, p.T("sitepages.restore_invalid", "n", n))
	case errors.Is(err, content.ErrConflict):
		return h.sitePageRevisionsPage(w, r, actor, sp, http.StatusConflict, p.T("sitepages.restore_conflict"))
	case err != nil:
		if _, ok := errors.AsType[*content.ValidationError](err); ok {
			return h.sitePageRevisionsPage(w, r, actor, sp, http.StatusUnprocessableEntity, p.T("sitepages.restore_invalid", "n", n))
		}
		return err
	}
	h.audit(ctx, r, actor, "site_page.restored", "site_page:"+string(key), fmt.Sprintf("revision %d as %d", n, saved))
	http.Redirect(w, r, sitePageURL(key)+"/revisions?restored="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
