package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
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
	metas := make([]revisionMeta, len(revs))
	for i, rv := range revs {
		metas[i] = revisionMeta{Number: rv.Number, UserID: rv.UserID, At: rv.CreatedAt, Minor: rv.Minor, Langs: rv.Langs, Note: rv.Note}
	}
	h.fillRevisions(r, p, actor, &view, metas)
	// A published episode's live revision, and the pending ones after it.
	if e.Status == content.Published {
		live := e.Revision
		if e.Pending != nil {
			live = e.Pending.LiveRevision
		}
		for i := range view.Rows {
			view.Rows[i].Live = view.Rows[i].Number == live
			view.Rows[i].Pending = e.Pending != nil && view.Rows[i].Number > live
		}
	}
	return h.page(w, actor.Lang, "admin-revisions", status, view)
}

// revisionMeta is what a history row shows of a revision, an episode's or
// a site page's.
type revisionMeta struct {
	Number int
	UserID int64
	At     time.Time
	Minor  bool
	Langs  []content.Lang
	Note   string
}

// fillRevisions fills a history page (episodes and site pages share it)
// from its revisions, newest first: a row each with its diff and restore
// links under view.EditURL, the revision numbers to compare, the
// languages, and the flash after a restore (?restored=N) unless the page
// shows an error.
func (h *Handler) fillRevisions(r *http.Request, p *i18n.Printer, actor *content.User, view *RevisionsPage, revs []revisionMeta) {
	edit, base := view.EditURL, view.Base
	if n, err := strconv.Atoi(r.URL.Query().Get("restored")); err == nil && n > 0 && view.Error == "" {
		view.Flash = p.T("editing.restored", "n", n)
	}
	names := map[int64]string{}
	for _, rv := range revs {
		if _, ok := names[rv.UserID]; !ok {
			names[rv.UserID] = h.userName(r.Context(), p, rv.UserID)
		}
		row := RevisionRow{Number: rv.Number, At: h.when(p, rv.At), By: names[rv.UserID], Minor: rv.Minor}
		var langs []string
		for _, l := range rv.Langs {
			langs = append(langs, p.T("editing.lang_"+string(l)))
		}
		row.Langs = strings.Join(langs, ", ")
		switch {
		case strings.HasPrefix(rv.Note, "restore:"):
			row.Note = p.T("editing.note_restore", "n", strings.TrimPrefix(rv.Note, "restore:"))
		case strings.HasPrefix(rv.Note, "discard:"):
			row.Note = p.T("editing.note_discard", "n", strings.TrimPrefix(rv.Note, "discard:"))
		case rv.Note == "import":
			row.Note = p.T("editing.note_import")
		}
		// The diff opens on the language that changed (the interface's when
		// both or neither did).
		diffLang := actor.Lang
		if len(rv.Langs) == 1 {
			diffLang = rv.Langs[0]
		}
		row.DiffURL = edit + "/diff?from=" + strconv.Itoa(rv.Number-1) + "&to=" + strconv.Itoa(rv.Number) + "&lang=" + string(diffLang)
		if rv.Number != base {
			row.RestoreURL = edit + "/revisions/" + strconv.Itoa(rv.Number) + "/restore"
		}
		view.Rows = append(view.Rows, row)
		n := strconv.Itoa(rv.Number)
		view.Numbers = append(view.Numbers, Option{Value: n, Label: n, Selected: rv.Number == base})
		view.FromOpts = append(view.FromOpts, Option{Value: n, Label: n, Selected: rv.Number == base-1})
	}
	for _, l := range content.Langs {
		view.LangOpts = append(view.LangOpts, Option{Value: string(l), Label: p.T("editing.lang_" + string(l)), Selected: l == actor.Lang})
	}
}
