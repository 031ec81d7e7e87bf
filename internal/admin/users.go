package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
)

// listUsers answers GET /admin/users (administrators): staff, the
// invitation form and the invitations still pending.
func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request, actor *content.User) {
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
	h.renderUsers(w, r, actor, http.StatusOK, InviteForm{Role: content.RoleContributor, Lang: actor.Lang}, flash)
}

// renderUsers renders the staff page with the invitation form as given.
func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, actor *content.User, status int, form InviteForm, flash string) {
	users, err := h.st.Users(r.Context())
	if err != nil {
		h.fail(w, r, actor.Lang, err)
		return
	}
	pending, err := h.st.PendingInvitations(r.Context(), h.cfg.Now())
	if err != nil {
		h.fail(w, r, actor.Lang, err)
		return
	}
	p := h.printer(actor.Lang)
	view := UsersPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_users")), Roles: content.Roles[:], Invite: form, Pending: pending}
	view.Flash = flash
	for _, u := range users {
		view.Users = append(view.Users, UserRow{User: u, RoleKey: "admin.role_" + string(u.Role), StatusKey: "admin.status_" + string(u.Status), Self: u.ID == actor.ID})
	}
	h.page(w, r, actor.Lang, "admin-users", status, view)
}

// targetUser reads the {id} of a user route; administrators cannot change
// their own role or status here (no one locks themselves out).
func (h *Handler) targetUser(w http.ResponseWriter, r *http.Request, actor *content.User) (*content.User, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || r.ParseForm() != nil {
		http.Error(w, h.printer(actor.Lang).T("error.bad_request"), http.StatusBadRequest)
		return nil, false
	}
	u, err := h.st.UserByID(r.Context(), id)
	if err != nil {
		h.fail(w, r, actor.Lang, err)
		return nil, false
	}
	if u.ID == actor.ID {
		h.forbidden(w, r, actor.Lang)
		return nil, false
	}
	return u, true
}

// saveUserRole answers POST /admin/users/{id}/role.
func (h *Handler) saveUserRole(w http.ResponseWriter, r *http.Request, actor *content.User) {
	u, ok := h.targetUser(w, r, actor)
	if !ok {
		return
	}
	role, ok := content.ParseRole(r.PostForm.Get("role"))
	if !ok {
		http.Error(w, h.printer(actor.Lang).T("error.bad_request"), http.StatusBadRequest)
		return
	}
	if err := h.st.SetUserRole(r.Context(), u.ID, role); err != nil {
		h.fail(w, r, actor.Lang, err)
		return
	}
	h.audit(r.Context(), r, actor, "user.role", "user:"+itoa(u.ID), string(u.Role)+" → "+string(role))
	http.Redirect(w, r, "/admin/users?done=role", http.StatusSeeOther)
}

// saveUserStatus answers POST /admin/users/{id}/status: suspending ends the
// member's sessions at once; reactivating lets them sign in again.
func (h *Handler) saveUserStatus(w http.ResponseWriter, r *http.Request, actor *content.User) {
	u, ok := h.targetUser(w, r, actor)
	if !ok {
		return
	}
	status, ok := content.ParseUserStatus(r.PostForm.Get("status"))
	if !ok {
		http.Error(w, h.printer(actor.Lang).T("error.bad_request"), http.StatusBadRequest)
		return
	}
	if err := h.st.SetUserStatus(r.Context(), u.ID, status); err != nil {
		h.fail(w, r, actor.Lang, err)
		return
	}
	action := "user.reactivated"
	if status == content.UserSuspended {
		action = "user.suspended"
		if err := h.st.DeleteUserSessions(r.Context(), u.ID); err != nil {
			h.fail(w, r, actor.Lang, err)
			return
		}
	}
	h.audit(r.Context(), r, actor, action, "user:"+itoa(u.ID), "")
	http.Redirect(w, r, "/admin/users?done=status", http.StatusSeeOther)
}
