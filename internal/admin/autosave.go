package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// Automatic saves of the episode editor. With JavaScript (js/admin.js),
// the editor sends what is typed a few seconds after each change and when
// the page is left, to POST …/autosave: one private draft per staff
// member and episode (store.Autosave), never a revision and never public.
// Reopening the editor offers to restore it (showEpisode, ?restore=autosave)
// or discard it; a save drops it. The same requests keep the session
// alive while someone types; other forms ping POST /admin/keepalive.

// isBackground reports whether a request is one the page's script sends
// by itself (an automatic save, a keep-alive): when the session has
// ended it is answered 401, not held for sign-in.
func isBackground(r *http.Request) bool {
	return strings.HasSuffix(r.URL.Path, "/autosave") || r.URL.Path == "/admin/keepalive"
}

// autosaveEpisode answers POST /admin/episodes/{id}/autosave and
// /admin/episodes/new/autosave: 204 once stored.
func (h *Handler) autosaveEpisode(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, err := h.autosaveTarget(r, actor)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxEpisodeForm)
	if err := r.ParseForm(); err != nil {
		return errBodyTooLarge
	}
	form := r.PostForm
	form.Del("do")
	base, _ := strconv.Atoi(form.Get("base_revision"))
	if err := h.st.Autosave(r.Context(), actor.ID, id, base, form.Encode(), h.cfg.Now()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// discardAutosave answers POST /admin/episodes/{id}/autosave/discard and
// /admin/episodes/new/autosave/discard: the automatic save is forgotten,
// and the editor opens as last saved.
func (h *Handler) discardAutosave(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, err := h.autosaveTarget(r, actor)
	if err != nil {
		return err
	}
	if err := h.st.DropAutosave(r.Context(), actor.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, editorURL(id), http.StatusSeeOther)
	return nil
}

// autosaveTarget is the episode an automatic save belongs to (0 for a
// new one), once actor may edit it.
func (h *Handler) autosaveTarget(r *http.Request, actor *content.User) (int64, error) {
	if r.PathValue("id") == "" {
		if !content.CanEditEpisode(actor, actor.ID, false) {
			return 0, errForbidden
		}
		return 0, nil
	}
	e, err := h.editableEpisode(r, actor)
	if err != nil {
		return 0, err
	}
	return e.ID, nil
}

// editorURL is the editor of episode id, or of a new one for 0.
func editorURL(id int64) string {
	if id == 0 {
		return "/admin/episodes/new"
	}
	return episodeURL(id)
}

// keepAlive answers POST /admin/keepalive, which the back office's script
// sends while someone types: serve has already moved the session's last
// use on.
func (h *Handler) keepAlive(w http.ResponseWriter, _ *http.Request, _ *content.User) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// AutosaveView offers an automatic save newer than the last save.
type AutosaveView struct {
	At            string
	RestoreURL    string
	DiscardAction string
	Restored      bool // the editor shows it now
}

// autosaveOffer fills view with actor's automatic save of episode id (0:
// new), if any; with restore, it returns the saved form to show instead
// of the stored episode (nil otherwise).
func (h *Handler) autosaveOffer(r *http.Request, actor *content.User, id int64, view *EpisodePage) (url.Values, error) {
	a, err := h.st.AutosaveOf(r.Context(), actor.ID, id)
	if errors.Is(err, content.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := h.printer(actor.Lang)
	at := h.when(p, a.SavedAt)
	view.Autosave = &AutosaveView{At: at, RestoreURL: editorURL(id) + "?restore=autosave", DiscardAction: editorURL(id) + "/autosave/discard"}
	if r.URL.Query().Get("restore") != "autosave" {
		return nil, nil
	}
	form, err := url.ParseQuery(a.Body)
	if err != nil {
		return nil, nil // not a form: offer it no more than it can give
	}
	view.Autosave.Restored = true
	view.Flash = p.T("autosave.restored", "when", at)
	return form, nil
}
