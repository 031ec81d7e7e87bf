package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
)

// showMedia answers GET /admin/media/{media} (every staff member): the
// file, where it is served, and — for its uploader and editors — the
// default alternative text form and the delete button.
func (h *Handler) showMedia(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	m, err := h.mediaItem(r)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := MediaItemPage{AltEN: m.Alt.EN, AltFR: m.Alt.FR, Version: m.Version, Errors: map[string]string{}}
	q := r.URL.Query()
	switch {
	case q.Get("uploaded") == "1":
		view.Flash = p.T("admin.media_uploaded")
	case q.Get("exists") == "1":
		view.Flash = p.T("admin.media_exists")
	case q.Get("saved") == "1":
		view.Flash = p.T("admin.media_alt_saved")
	}
	return h.renderMediaItem(w, r, actor, m, view, http.StatusOK)
}

func (h *Handler) renderMediaItem(w http.ResponseWriter, r *http.Request, actor *content.User, m *content.Media, view MediaItemPage, status int) error {
	p := h.printer(actor.Lang)
	emails, err := h.staffEmails(r)
	if err != nil {
		return err
	}
	flash := view.Flash
	view.Common = h.common(actor.Lang, actor, p.T("admin.media_item_title"))
	view.Flash = flash
	view.Item = mediaRow(*m, p, emails)
	view.CanChange = content.CanChangeMedia(actor, m.UploadedBy)
	uses, err := h.st.MediaUses(r.Context(), m.URL())
	if err != nil {
		return err
	}
	view.Uses = mediaUseRows(uses, p)
	return h.page(w, actor.Lang, "admin-media-item", status, view)
}

// mediaUseRows labels the uses of a file, each with the back-office page
// where it can be removed.
func mediaUseRows(uses []store.MediaUse, p *i18n.Printer) []MediaUseRow {
	out := make([]MediaUseRow, 0, len(uses))
	for _, u := range uses {
		if u.AuthorID != 0 {
			out = append(out, MediaUseRow{Label: p.T("admin.media_use_author", "name", u.Title), URL: "/admin/authors/" + strconv.FormatInt(u.AuthorID, 10)})
			continue
		}
		out = append(out, MediaUseRow{Label: p.T("admin.media_use_version", "title", u.Title, "lang", p.T("editing.lang_"+string(u.Lang))),
			URL: "/admin/episodes/" + strconv.FormatInt(u.EpisodeID, 10)})
	}
	return out
}

// saveMediaAlt answers POST /admin/media/{media}/alt: the default
// alternative text of a file in both languages (uploader or editors). A
// save based on an older version is refused as a conflict, with what was
// typed kept.
func (h *Handler) saveMediaAlt(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 32<<10)
	p := h.printer(actor.Lang)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	m, err := h.mediaItem(r)
	if err != nil {
		return err
	}
	if !content.CanChangeMedia(actor, m.UploadedBy) {
		return errForbidden
	}
	view := MediaItemPage{
		AltEN:  strings.TrimSpace(r.PostForm.Get("alt_en")),
		AltFR:  strings.TrimSpace(r.PostForm.Get("alt_fr")),
		Errors: map[string]string{},
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version <= 0 {
		return errBadRequest
	}
	view.Version = version
	altErrors(view.AltEN, view.AltFR, p, view.Errors)
	if len(view.Errors) > 0 {
		return h.renderMediaItem(w, r, actor, m, view, http.StatusUnprocessableEntity)
	}
	err = h.st.SetMediaAlt(r.Context(), m.ID, version, content.Bilingual{EN: view.AltEN, FR: view.AltFR})
	if errors.Is(err, content.ErrConflict) {
		// Someone saved in between: show what is saved now, keep what was
		// typed, and let a second save (on the new version) win.
		cur, err := h.st.MediaByID(r.Context(), m.ID)
		if err != nil {
			return err
		}
		view.Version = cur.Version
		view.Conflict = p.T("admin.media_conflict", "en", cur.Alt.EN, "fr", cur.Alt.FR)
		return h.renderMediaItem(w, r, actor, cur, view, http.StatusConflict)
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, actor, "media.alt", "media:"+strconv.FormatInt(m.ID, 10), "")
	http.Redirect(w, r, "/admin/media/"+strconv.FormatInt(m.ID, 10)+"?saved=1", http.StatusSeeOther)
	return nil
}

// MediaItemPage is the view of GET /admin/media/{media}.
type MediaItemPage struct {
	Common
	Item         MediaRow
	CanChange    bool
	Uses         []MediaUseRow // what shows the file; while any, it cannot be deleted
	InUse        string        // the error of a refused delete
	AltEN, AltFR string        // as typed
	Version      int
	Errors       map[string]string // field → message
	Conflict     string
}

// MediaUseRow is one use of a file on its page.
type MediaUseRow struct {
	Label string
	URL   string // back-office page of the episode or author
}
