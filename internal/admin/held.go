package admin

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// Forms sent after the session ended. A staff member whose session ended
// (idle for 30 minutes, or 12 hours old) while they typed loses nothing:
// serve hands their form to holdPost, which keeps it on the server for
// an hour (store.HoldPost), for them only, and sends them to sign in;
// once signed in (as the same person) they land on showHeld, which shows
// the form ready to send again to where it was going, and the handler
// there does what it always does: it saves, or answers a conflict with
// both versions, or shows what to correct. A form sent on is then
// forgotten (heldSent). Without JavaScript this is all there is; with
// it, the editor also keeps the session alive while someone types.

// holdPost keeps the form of a POST whose sender's session (u's) ended
// and redirects to the sign-in page, which names the held form. A file
// upload cannot be held: the sign-in page says to send the file again.
func (h *Handler) holdPost(w http.ResponseWriter, r *http.Request, u *content.User) error {
	lang := string(u.Lang)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		http.Redirect(w, r, signInURL+"?ended=upload&lang="+lang, http.StatusSeeOther)
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxEpisodeForm)
	if err := r.ParseForm(); err != nil {
		http.Redirect(w, r, signInURL+"?ended=1&lang="+lang, http.StatusSeeOther)
		return nil
	}
	form := r.PostForm
	form.Del("held")
	token, hash := auth.NewToken()
	target := r.URL.Path
	if q := withoutHeld(r.URL.Query()); len(q) > 0 {
		target += "?" + q.Encode()
	}
	if err := h.st.HoldPost(r.Context(), hash, u.ID, target, form.Encode(), h.cfg.Now()); err != nil {
		return inLang(u.Lang, err)
	}
	h.audit(r.Context(), r, u, "session.form_held", "user:"+itoa(u.ID), target)
	http.Redirect(w, r, signInURL+"?held="+url.QueryEscape(token)+"&lang="+lang, http.StatusSeeOther)
	return nil
}

// withoutHeld is a query without its held parameter.
func withoutHeld(q url.Values) url.Values {
	q.Del("held")
	return q
}

// HeldPage is the view of GET /admin/held/{token}: the held form, ready
// to be sent again to Action.
type HeldPage struct {
	Common
	Action string
	Fields []HeldField
}

// HeldField is one value of a held form (a field with several values
// has several).
type HeldField struct{ Name, Value string }

// showHeld answers GET /admin/held/{token}: the form the actor sent
// before signing in again, as hidden fields of a form that sends it on.
// A form no longer held (sent on, an hour old, or another person's)
// leads to the dashboard, which says so.
func (h *Handler) showHeld(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	token := r.PathValue("token")
	path, body, err := h.st.HeldPost(r.Context(), auth.HashToken(token), actor.ID, h.cfg.Now().Add(-store.HeldPostTTL))
	if errors.Is(err, content.ErrNotFound) {
		http.Redirect(w, r, "/admin/?held=gone", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	form, err := url.ParseQuery(body)
	if err != nil {
		return err
	}
	target, err := url.Parse(path)
	if err != nil {
		return err
	}
	q := target.Query()
	q.Set("held", token)
	target.RawQuery = q.Encode()
	p := h.printer(actor.Lang)
	view := HeldPage{Common: h.common(actor.Lang, actor, p.T("held.title")), Action: target.String()}
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range form[name] {
			view.Fields = append(view.Fields, HeldField{Name: name, Value: v})
		}
	}
	return h.page(w, actor.Lang, "admin-held", http.StatusOK, view)
}

// heldSent forgets the held form a POST sent on (its held parameter),
// once the handler has answered it without an error: saved, or shown
// again with what to correct or with a conflict, the text then in the
// page.
func (h *Handler) heldSent(r *http.Request, actor *content.User) {
	token := r.URL.Query().Get("held")
	if token == "" {
		return
	}
	if err := h.st.DropHeldPost(r.Context(), auth.HashToken(token), actor.ID); err != nil {
		h.log.WarnContext(r.Context(), "held form not dropped", "err", err)
	}
}
