package admin

import (
	"net/http"
	"strconv"
	"strings"

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
	ctx := r.Context()
	revs, err := h.st.SitePageRevisions(ctx, sp.Key)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	name := sitePageName(p, sp.Key)
	edit := sitePageURL(sp.Key)
	view := RevisionsPage{Common: h.common(actor.Lang, actor, p.T("editing.history_title", "title", name)),
		Title: name, EditURL: edit, DiffAction: edit + "/diff", Base: sp.Revision, Error: msg}
	names := map[int64]string{}
	for _, rv := range revs {
		if _, ok := names[rv.UserID]; !ok {
			names[rv.UserID] = h.userName(ctx, p, rv.UserID)
		}
		row := RevisionRow{Number: rv.Number, At: h.when(p, rv.CreatedAt), By: names[rv.UserID], Minor: rv.Minor}
		var langs []string
		for _, l := range rv.Langs {
			langs = append(langs, p.T("editing.lang_"+string(l)))
		}
		row.Langs = strings.Join(langs, ", ")
		if n, ok := strings.CutPrefix(rv.Note, "restore:"); ok {
			row.Note = p.T("editing.note_restore", "n", n)
		}
		row.DiffURL = edit + "/diff?from=" + strconv.Itoa(rv.Number-1) + "&to=" + strconv.Itoa(rv.Number) + "&lang=" + string(actor.Lang)
		if rv.Number != sp.Revision {
			row.RestoreURL = edit + "/revisions/" + strconv.Itoa(rv.Number) + "/restore"
		}
		view.Rows = append(view.Rows, row)
		n := strconv.Itoa(rv.Number)
		view.Numbers = append(view.Numbers, Option{Value: n, Label: n, Selected: rv.Number == sp.Revision})
		view.FromOpts = append(view.FromOpts, Option{Value: n, Label: n, Selected: rv.Number == sp.Revision-1})
	}
	for _, l := range content.Langs {
		view.LangOpts = append(view.LangOpts, Option{Value: string(l), Label: p.T("editing.lang_" + string(l)), Selected: l == actor.Lang})
	}
	if msg == "" && r.URL.Query().Get("restored") != "" {
		if n, err := strconv.Atoi(r.URL.Query().Get("restored")); err == nil && n > 0 {
			view.Flash = p.T("editing.restored", "n", n)
		}
	}
	return h.page(w, actor.Lang, "admin-revisions", status, view)
}
