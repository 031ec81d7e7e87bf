package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// showSitePageDiff answers GET /admin/site-pages/{key}/diff?from=&to=&lang=:
// what changed in one language between two revisions of a site page.
func (h *Handler) showSitePageDiff(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	key, err := sitePageKey(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, err1 := strconv.Atoi(q.Get("from"))
	to, err2 := strconv.Atoi(q.Get("to"))
	lang, ok := content.ParseLang(q.Get("lang"))
	if q.Get("lang") == "" {
		lang, ok = actor.Lang, true
	}
	if err1 != nil || err2 != nil || !ok || from < 0 || to < 1 {
		return errBadRequest
	}
	ctx := r.Context()
	p := h.printer(actor.Lang)
	labels := diffLabels(p)
	var fromText, fromAt string
	if from > 0 {
		rf, err := h.st.SitePageRevision(ctx, key, from)
		if err != nil {
			return err
		}
		fromText, fromAt = rf.Snapshot.Text(lang, labels), h.when(p, rf.CreatedAt)
	}
	rt, err := h.st.SitePageRevision(ctx, key, to)
	if err != nil {
		return err
	}
	edit := sitePageURL(key)
	view := RevisionDiffPage{Common: h.common(actor.Lang, actor, p.T("editing.diff_title", "from", from, "to", to)),
		Title: sitePageName(p, key), From: from, To: to, FromAt: fromAt, ToAt: h.when(p, rt.CreatedAt),
		Diff:       diffView(p, lang, fromText, rt.Snapshot.Text(lang, labels)),
		HistoryURL: edit + "/revisions"}
	oq := r.URL.Query()
	oq.Set("lang", string(lang.Other()))
	view.Other = edit + "/diff?" + oq.Encode()
	view.OtherLabel = p.T("editing.diff_in_" + string(lang.Other()))
	return h.page(w, actor.Lang, "admin-revision-diff", http.StatusOK, view)
}
