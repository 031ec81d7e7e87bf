package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// restoreRevision answers POST /admin/episodes/{id}/revisions/{n}/restore:
// first (without confirm=yes) a page that says what restoring does and
// asks to confirm; then the snapshot of revision n is saved as a new
// revision, on top of the revision the history page showed
// (base_revision), so that a restore over a newer save is a conflict too.
// For a published episode the restore is a pending change, as any save.
// Nothing is deleted from the history.
func (h *Handler) restoreRevision(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	e, err := h.editableEpisode(r, actor)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
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
	rev, err := h.st.RevisionByNumber(ctx, e.ID, n)
	if err != nil {
		return err
	}
	if base != e.Revision {
		// The history page was stale: nothing to confirm.
		return h.revisionsPage(w, r, actor, e, http.StatusConflict, p.T("editing.restore_conflict"))
	}
	if r.PostForm.Get("confirm") != "yes" {
		view := RestoreConfirmPage{Common: h.common(actor.Lang, actor, p.T("editing.restore_confirm_title", "n", n)),
			Title: episodeTitle(e, actor.Lang), Number: n, Base: base, Action: r.URL.Path, HistoryURL: episodeURL(e.ID) + "/revisions",
			DiffURL: episodeURL(e.ID) + "/diff?from=" + strconv.Itoa(e.Revision) + "&to=" + strconv.Itoa(n) + "&lang=" + string(actor.Lang),
			Live:    e.Status == content.Published}
		if view.LiveRevision = e.Revision; e.Pending != nil {
			view.LiveRevision = e.Pending.LiveRevision
		}
		return h.page(w, actor.Lang, "admin-restore-confirm", http.StatusOK, view)
	}
	tx, err := h.taxonomy(ctx)
	if err != nil {
		return err
	}
	back := rev.Snapshot.Episode()
	back.ID = e.ID
	// Topics, authors and series deleted since are left out.
	back.Topics = slices.DeleteFunc(back.Topics, func(t content.Topic) bool {
		return !slices.ContainsFunc(tx.topics, func(x content.Topic) bool { return x.ID == t.ID })
	})
	back.Authors = slices.DeleteFunc(back.Authors, func(a content.Author) bool {
		return !slices.ContainsFunc(tx.authors, func(x content.Author) bool { return x.ID == a.ID })
	})
	if back.Series != nil && !slices.ContainsFunc(tx.series, func(x content.Series) bool { return x.ID == back.Series.Series.ID }) {
		back.Series = nil
	}
	errs := map[string]string{}
	h.renderVersions(back, errs)
	if len(errs) == 0 {
		_, err = h.st.SaveEpisode(ctx, back, content.SaveInfo{UserID: actor.ID, BaseRevision: base, Note: "restore:" + strconv.Itoa(n), Now: h.cfg.Now()})
	}
	var ve *content.ValidationError
	switch {
	case len(errs) > 0, errors.As(err, &ve):
		return h.revisionsPage(w, r, actor, e, http.StatusUnprocessableEntity, p.T("editing.restore_invalid", "n", n))
	case errors.Is(err, content.ErrConflict):
		return h.revisionsPage(w, r, actor, e, http.StatusConflict, p.T("editing.restore_conflict"))
	case err != nil:
		return err
	}
	h.audit(ctx, r, actor, "episode.restored", "episode:"+strconv.FormatInt(e.ID, 10), fmt.Sprintf("revision %d as %d", n, back.Revision))
	http.Redirect(w, r, episodeURL(e.ID)+"/revisions?restored="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
