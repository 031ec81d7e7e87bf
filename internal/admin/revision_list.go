package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// showRevisions answers GET /admin/episodes/{id}/revisions: the history of
// an episode, newest first, with diffs and restore buttons.
func (h *Handler) showRevisions(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	e, err := h.editableEpisode(r, actor)
	if err != nil {
		return err
	}
	return h.revisionsPage(w, r, actor, e, http.StatusOK, "")
}

func (h *Handler) revisionsPage(w http.ResponseWriter, r *http.Request, actor *content.User, e *content.Episode, status int, msg string) error {
	ctx := r.Context()
	revs, err := h.st.Revisions(ctx, e.ID)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	title := episodeTitle(e, actor.Lang)
	view := RevisionsPage{Common: h.common(actor.Lang, actor, p.T("editing.history_title", "title", title)),
		ID: e.ID, Title: title, EditURL: episodeURL(e.ID), DiffAction: episodeURL(e.ID) + "/diff", Base: e.Revision, Error: msg}
	if n, err := strconv.Atoi(r.URL.Query().Get("restored")); err == nil && n > 0 && msg == "" {
		view.Flash = p.T("editing.restored", "n", n)
	}
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
		switch {
		case strings.HasPrefix(rv.Note, "restore:"):
			row.Note = p.T("editing.note_restore", "n", strings.TrimPrefix(rv.Note, "restore:"))
		case rv.Note == "import":
			row.Note = p.T("editing.note_import")
		}
		from := rv.Number - 1
		row.DiffURL = episodeURL(e.ID) + "/diff?from=" + strconv.Itoa(from) + "&to=" + strconv.Itoa(rv.Number) + "&lang=" + string(actor.Lang)
		if rv.Number != e.Revision {
			row.RestoreURL = episodeURL(e.ID) + "/revisions/" + strconv.Itoa(rv.Number) + "/restore"
		}
		view.Rows = append(view.Rows, row)
		n := strconv.Itoa(rv.Number)
		view.Numbers = append(view.Numbers, Option{Value: n, Label: n, Selected: rv.Number == e.Revision})
		view.FromOpts = append(view.FromOpts, Option{Value: n, Label: n, Selected: rv.Number == e.Revision-1})
	}
	for _, l := range content.Langs {
		view.LangOpts = append(view.LangOpts, Option{Value: string(l), Label: p.T("editing.lang_" + string(l)), Selected: l == actor.Lang})
	}
	return h.page(w, actor.Lang, "admin-revisions", status, view)
}
