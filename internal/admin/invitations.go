package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

// invitationPath is where an invitation's one-time link points.
const invitationPath = "/admin/invitations/"

// inviteUser answers POST /admin/users/invite (administrators): it stores
// an invitation and shows its one-time link, once. On a validation error
// the staff page comes back with the form as typed.
func (h *Handler) inviteUser(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	p := h.printer(actor.Lang)
	form := InviteForm{
		Email: strings.TrimSpace(r.PostForm.Get("email")),
		Name:  strings.TrimSpace(r.PostForm.Get("name")),
		Role:  content.Role(r.PostForm.Get("role")),
		Lang:  content.Lang(r.PostForm.Get("lang")),
	}
	now := h.cfg.Now()
	inv, err := content.NewInvitation(form.Email, form.Name, form.Role, form.Lang, actor.ID, now)
	token, hash := auth.NewToken()
	if err == nil {
		_, err = h.st.CreateInvitation(r.Context(), inv, hash)
	}
	var ve *content.ValidationError
	switch {
	case errors.As(err, &ve):
		form.Errors = map[string]string{}
		for f, key := range ve.Fields {
			form.Errors[f] = p.T(key)
		}
	case errors.Is(err, content.ErrConflict):
		form.Errors = map[string]string{"email": p.T("admin.invite_taken")}
	case err != nil:
		return err
	}
	if form.Errors != nil {
		return h.renderUsers(w, r, actor, http.StatusUnprocessableEntity, form, "")
	}
	h.audit(r.Context(), r, actor, "user.invited", "email:"+inv.Email, string(inv.Role))
	view := InvitedPage{
		Common:  h.common(actor.Lang, actor, p.T("admin.invite_sent_title")),
		Email:   inv.Email,
		RoleKey: "admin.role_" + string(inv.Role),
		Link:    h.absolute(r, invitationPath+token),
		Expires: inv.ExpiresAt,
	}
	return h.page(w, actor.Lang, "admin-invited", http.StatusOK, view)
}

// absolute makes an absolute URL of a path, on the configured public base
// URL or, without one, on the host the request came to.
func (h *Handler) absolute(r *http.Request, path string) string {
	if h.cfg.BaseURL != "" {
		return strings.TrimRight(h.cfg.BaseURL, "/") + path
	}
	u := url.URL{Scheme: "http", Host: r.Host, Path: path}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	return u.String()
}

// revokeInvitation answers POST /admin/invitations/{id}/revoke
// (administrators). Revoking what is gone already changes nothing.
func (h *Handler) revokeInvitation(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errBadRequest
	}
	if err := h.st.RevokeInvitation(r.Context(), id); err != nil {
		return err
	}
	h.audit(r.Context(), r, actor, "user.invitation_revoked", "invitation:"+itoa(id), "")
	http.Redirect(w, r, "/admin/users?done=revoked", http.StatusSeeOther)
	return nil
}

// linkInvitation looks up the invitation of a link: nil when the link is
// unknown or withdrawn; pending is false also when it was used or expired.
// The page says the same for each, in the invitation's language if known.
func (h *Handler) linkInvitation(r *http.Request) (inv *content.Invitation, pending bool, err error) {
	token := r.PathValue("token")
	if token == "" || len(token) > 100 {
		return nil, false, nil
	}
	inv, err = h.st.InvitationByToken(r.Context(), auth.HashToken(token))
	if errors.Is(err, content.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return inv, inv.Pending(h.cfg.Now()), nil
}

// invitationLang is the page's language: ?lang, else the invitation's.
func (h *Handler) invitationLang(r *http.Request, inv *content.Invitation) content.Lang {
	if l, ok := content.ParseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	if inv != nil {
		return inv.Lang
	}
	return h.guestLang(r)
}

// showInvitation answers GET /admin/invitations/{token}: the invited person
// chooses a name and a password.
func (h *Handler) showInvitation(w http.ResponseWriter, r *http.Request, _ *content.User) error {
	inv, pending, err := h.linkInvitation(r)
	if err != nil {
		return err
	}
	lang := h.invitationLang(r, inv)
	if !pending {
		return h.invitationGone(w, r, lang)
	}
	return h.page(w, lang, "admin-invitation", http.StatusOK, h.invitationView(r, lang, inv, inv.Name))
}

func (h *Handler) invitationView(r *http.Request, lang content.Lang, inv *content.Invitation, name string) InvitationPage {
	p := h.printer(lang)
	c := h.common(lang, nil, p.T("admin.invitation_title", "site", p.T("site.name")))
	c.LangURL = r.URL.Path + "?lang=" + string(lang.Other())
	return InvitationPage{Common: c, Action: r.URL.Path, Email: inv.Email, RoleKey: "admin.role_" + string(inv.Role), Name: name, MinChars: auth.MinPasswordChars}
}

func (h *Handler) invitationGone(w http.ResponseWriter, r *http.Request, lang content.Lang) error {
	p := h.printer(lang)
	c := h.common(lang, nil, p.T("admin.invitation_gone_title"))
	return h.page(w, lang, "admin-message", http.StatusNotFound, Message{Common: c, Text: p.T("admin.invitation_gone"),
		Back: Link{Label: p.T("admin.error_back_signin"), URL: signInURL}})
}

// acceptInvitation answers POST /admin/invitations/{token}: it creates the
// staff member and signs them in. The password is checked against the
// policy and typed twice; the link works once.
func (h *Handler) acceptInvitation(w http.ResponseWriter, r *http.Request, _ *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxSignInBody)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	inv, pending, err := h.linkInvitation(r)
	if err != nil {
		return err
	}
	lang := h.invitationLang(r, inv)
	if l, ok := content.ParseLang(r.PostForm.Get("lang")); ok {
		lang = l
	}
	if !pending {
		return h.invitationGone(w, r, lang)
	}
	p := h.printer(lang)
	pw, again := r.PostForm.Get("password"), r.PostForm.Get("confirm")
	view := h.invitationView(r, lang, inv, strings.TrimSpace(r.PostForm.Get("name")))
	view.Errors = map[string]string{}
	if _, ok := content.CleanName(view.Name); !ok {
		view.Errors["name"] = p.T(content.StaffErrName)
	}
	switch err := auth.CheckPassword(pw); {
	case errors.Is(err, auth.ErrPasswordTooShort):
		view.Errors["password"] = p.T("admin.password_too_short", "n", auth.MinPasswordChars)
	case errors.Is(err, auth.ErrPasswordTooLong):
		view.Errors["password"] = p.T("admin.password_too_long", "n", auth.MaxPasswordBytes)
	case err != nil:
		view.Errors["password"] = p.T("admin.password_invalid")
	case pw != again:
		view.Errors["confirm"] = p.T("admin.password_mismatch")
	}
	if len(view.Errors) > 0 {
		return h.page(w, lang, "admin-invitation", http.StatusUnprocessableEntity, view)
	}
	hash, err := h.cfg.Hasher.Hash(pw)
	if err != nil {
		return inLang(lang, err)
	}
	now := h.cfg.Now()
	user, err := h.st.AcceptInvitation(r.Context(), auth.HashToken(r.PathValue("token")), view.Name, hash, now)
	switch {
	case errors.Is(err, content.ErrNotFound):
		return h.invitationGone(w, r, lang)
	case errors.Is(err, content.ErrConflict):
		view.Errors["name"] = p.T("admin.invite_taken")
		return h.page(w, lang, "admin-invitation", http.StatusConflict, view)
	case err != nil:
		return inLang(lang, err)
	}
	h.audit(r.Context(), r, user, "user.joined", "user:"+itoa(user.ID), string(user.Role)+", invitation:"+itoa(inv.ID))
	if err := h.startSession(w, r, user, now); err != nil {
		return inLang(lang, err)
	}
	http.Redirect(w, r, "/admin/?welcome=1", http.StatusSeeOther)
	return nil
}

// InviteForm is the invitation form on the staff page, as typed.
type InviteForm struct {
	Email, Name string
	Role        content.Role
	Lang        content.Lang
	Errors      map[string]string // field → message
}

// InvitedPage shows a new invitation's one-time link.
type InvitedPage struct {
	Common
	Email   string
	RoleKey string
	Link    string
	Expires time.Time
}

// InvitationPage is the view of GET/POST /admin/invitations/{token}.
type InvitationPage struct {
	Common
	Action   string
	Email    string
	RoleKey  string
	Name     string
	MinChars int
	Errors   map[string]string
}
