package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// listUsers answers GET /admin/users (administrators): staff, the
// invitation form and the invitations still pending.
func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	flash := ""
	switch r.URL.Query().Get("done") {
	case "role":
		flash = p.T("admin.role_changed")
	case "status":
		flash = p.T("admin.status_changed")
	case "revoked":
		flash = p.T("admin.invite_revoked")
	}
	return h.renderUsers(w, r, actor, http.StatusOK, InviteForm{Role: content.RoleContributor, Lang: actor.Lang}, flash)
}

// renderUsers renders the staff page with the invitation form as given.
func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, actor *content.User, status int, form InviteForm, flash string) error {
	users, err := h.st.Users(r.Context())
	if err != nil {
		return err
	}
	pending, err := h.st.PendingInvitations(r.Context(), h.cfg.Now())
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := UsersPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_users")), Roles: content.Roles[:], Invite: form, Pending: pending}
	view.Flash = flash
	for _, u := range users {
		view.Users = append(view.Users, UserRow{User: u, RoleKey: "admin.role_" + string(u.Role), StatusKey: "admin.status_" + string(u.Status), Self: u.ID == actor.ID})
	}
	return h.page(w, actor.Lang, "admin-users", status, view)
}

// targetUser reads the {id} of a user route; administrators cannot change
// their own role or status here (no one locks themselves out).
func (h *Handler) targetUser(w http.ResponseWriter, r *http.Request, actor *content.User) (*content.User, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || r.ParseForm() != nil {
		return nil, errBadRequest
	}
	u, err := h.st.UserByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if u.ID == actor.ID {
		return nil, errForbidden
	}
	return u, nil
}

// saveUserRole answers POST /admin/users/{id}/role.
func (h *Handler) saveUserRole(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	u, err := h.targetUser(w, r, actor)
	if err != nil {
		return err
	}
	role, ok := content.ParseRole(r.PostForm.Get("role"))
	if !ok {
		return errBadRequest
	}
	if err := h.st.SetUserRole(r.Context(), u.ID, role); err != nil {
		return err
	}
	h.audit(r.Context(), r, actor, "user.role", "user:"+itoa(u.ID), string(u.Role)+" → "+string(role))
	http.Redirect(w, r, "/admin/users?done=role", http.StatusSeeOther)
	return nil
}

// saveUserStatus answers POST /admin/users/{id}/status: suspending ends the
// member's sessions at once; reactivating lets them sign in again.
func (h *Handler) saveUserStatus(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	u, err := h.targetUser(w, r, actor)
	if err != nil {
		return err
	}
	status, ok := content.ParseUserStatus(r.PostForm.Get("status"))
	if !ok {
		return errBadRequest
	}
	if err := h.st.SetUserStatus(r.Context(), u.ID, status); err != nil {
		return err
	}
	action := "user.reactivated"
	if status == content.UserSuspended {
		action = "user.suspended"
		if err := h.st.DeleteUserSessions(r.Context(), u.ID); err != nil {
			return err
		}
	}
	h.audit(r.Context(), r, actor, action, "user:"+itoa(u.ID), "")
	http.Redirect(w, r, "/admin/users?done=status", http.StatusSeeOther)
	return nil
}
