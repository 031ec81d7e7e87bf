package admin

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
)

// showSitePageRevisions answers GET /admin/site-pages/{key}/revisions:
// the page's history, newest first, with diffs and restore buttons (the
// episodes' history page).
func (h *Handler) showSitePageRevisions(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	key, err := sitePageKey(r)
	if err != nil {
		return err
	}
	sp, err := h.st.SitePageByKey(r.Context(), key)
	if err != nil {
		return err
	}
	return h.sitePageRevisionsPage(w, r, actor, sp, http.StatusOK, "")
}

func (h *Handler) sitePageRevisionsPage(w http.ResponseWriter, r *http.Request, actor *content.User, sp *content.SitePage, status int, msg string) error {
	revs, err := h.st.SitePageRevisions(r.Context(), sp.Key)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	name := sitePageName(p, sp.Key)
	edit := sitePageURL(sp.Key)
	view := RevisionsPage{Common: h.common(actor.Lang, actor, p.T("editing.history_title", "title", name)),
		Title: name, EditURL: edit, DiffAction: edit + "/diff", Base: sp.Revision, Error: msg}
	metas := make([]revisionMeta, len(revs))
	for i, rv := range revs {
		metas[i] = revisionMeta{Number: rv.Number, UserID: rv.UserID, At: rv.CreatedAt, Minor: rv.Minor, Langs: rv.Langs, Note: rv.Note}
	}
	h.fillRevisions(r, p, actor, &view, metas)
	return h.page(w, actor.Lang, "admin-revisions", status, view)
}
