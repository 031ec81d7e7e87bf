package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// discardPending answers POST /admin/episodes/{id}/pending/discard: the
// episode's pending change is dropped (a revision records the live
// episode again), if the actor may edit or publish the episode (403) and
// the page showed the latest revision (409). The public site is not
// touched.
func (h *Handler) discardPending(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, rev, err := h.pendingStep(w, r, actor)
	if err != nil {
		return err
	}
	if !editable(actor, ep) && !content.CanPublishEpisode(actor, ep.OwnerID) {
		return errForbidden
	}
	if ep.Pending == nil || rev != ep.Revision {
		return h.conflict(w, r, actor, ep)
	}
	ctx := r.Context()
	n, err := h.st.DiscardPending(ctx, ep.ID, rev, content.SaveInfo{UserID: actor.ID, Note: "discard:" + strconv.Itoa(rev), Now: h.cfg.Now()})
	switch {
	case errors.Is(err, content.ErrConflict), errors.Is(err, content.ErrNotFound):
		return h.conflict(w, r, actor, ep)
	case err != nil:
		return err
	}
	h.audit(ctx, r, actor, "episode.changes_discarded", "episode:"+strconv.FormatInt(ep.ID, 10),
		"revision "+strconv.Itoa(rev)+" as "+strconv.Itoa(n))
	http.Redirect(w, r, publishURL(ep.ID)+"?done="+string(doneDiscardChanges), http.StatusSeeOther)
	return nil
}
