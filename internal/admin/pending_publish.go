package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// The workflow page's flash after a pending change was published or
// discarded (?done=…; catalogue keys workflow.done_…).
const (
	donePublishChanges content.Op = "publish_changes"
	doneDiscardChanges content.Op = "discard_changes"
	donePreviewRevoked content.Op = "preview_revoked"
)

// pendingDiffURL compares the live revision with the pending one in lang.
func pendingDiffURL(id int64, live, pending int, lang content.Lang) string {
	return episodeURL(id) + "/diff?from=" + strconv.Itoa(live) + "&to=" + strconv.Itoa(pending) + "&lang=" + string(lang)
}

// publishPending answers POST /admin/episodes/{id}/pending/publish: the
// episode's pending change goes live, if the actor may publish the
// episode (403), the page showed the latest revision (409) and the
// change passes the pre-publish checklist (422, the page again).
func (h *Handler) publishPending(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, rev, err := h.pendingStep(w, r, actor)
	if err != nil {
		return err
	}
	if !content.CanPublishEpisode(actor, ep.OwnerID) {
		return errForbidden
	}
	if ep.Pending == nil || rev != ep.Revision || ep.Status != content.Published {
		return h.conflict(w, r, actor, ep)
	}
	ctx := r.Context()
	if !content.Publishable(h.checks(ctx, ep)) {
		view, err := h.publishView(ctx, actor, ep)
		if err != nil {
			return err
		}
		view.Errors["publish"] = h.printer(actor.Lang).T("workflow.blocked")
		return h.page(w, actor.Lang, "admin-publish", http.StatusUnprocessableEntity, view)
	}
	switch err := h.st.PublishPending(ctx, ep.ID, rev, h.cfg.Now()); {
	case errors.Is(err, content.ErrConflict), errors.Is(err, content.ErrNotFound):
		return h.conflict(w, r, actor, ep)
	case err != nil:
		return err
	}
	h.audit(ctx, r, actor, "episode.changes_published", "episode:"+strconv.FormatInt(ep.ID, 10),
		"revision "+strconv.Itoa(rev)+" over "+strconv.Itoa(ep.Pending.LiveRevision))
	http.Redirect(w, r, publishURL(ep.ID)+"?done="+string(donePublishChanges), http.StatusSeeOther)
	return nil
}

// pendingStep reads a pending-change form: the episode as its editor
// works on it and the revision the page showed.
func (h *Handler) pendingStep(w http.ResponseWriter, r *http.Request, actor *content.User) (*content.Episode, int, error) {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return nil, 0, err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		return nil, 0, errBadRequest
	}
	rev, err := strconv.Atoi(r.PostForm.Get("revision"))
	if err != nil {
		return nil, 0, errBadRequest
	}
	return ep, rev, nil
}
