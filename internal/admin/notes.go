package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// addNote answers POST /admin/episodes/{id}/notes: a note in the
// episode's internal thread, by whoever may see its workflow page; an
// empty or too long note is refused (422, the page again).
func (h *Handler) addNote(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBodyTooLarge
	}
	body, key := content.CheckNote(content.NoteComment, r.PostForm.Get("note"))
	if key != "" {
		view, err := h.publishView(r.Context(), actor, ep)
		if err != nil {
			return err
		}
		if view.PreviewLinks, err = h.previewLinksView(r, actor, ep, ""); err != nil {
			return err
		}
		view.Errors["note"] = h.printer(actor.Lang).T(key, "max", content.MaxNote)
		return h.page(w, actor.Lang, "admin-publish", http.StatusUnprocessableEntity, view)
	}
	now := h.cfg.Now()
	mail, err := h.notifications(r, actor, ep, mailNote, 0, body)
	if err != nil {
		return err
	}
	id, err := h.st.AddEpisodeNote(r.Context(), content.EpisodeNote{EpisodeID: ep.ID, UserID: actor.ID, Kind: content.NoteComment, Body: body, CreatedAt: now}, mail)
	if err != nil {
		return err
	}
	h.mailed(mail)
	h.audit(r.Context(), r, actor, "episode.note", "episode:"+strconv.FormatInt(ep.ID, 10), "note "+strconv.FormatInt(id, 10))
	http.Redirect(w, r, publishURL(ep.ID)+"#notes", http.StatusSeeOther)
	return nil
}
