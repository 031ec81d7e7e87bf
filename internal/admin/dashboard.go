package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// showDashboard answers GET /admin/: who is signed in and what they may do.
func (h *Handler) showDashboard(w http.ResponseWriter, r *http.Request, actor *content.User) {
	p := h.printer(actor.Lang)
	view := Dashboard{Common: h.common(actor.Lang, actor, p.T("admin.nav_dashboard")), RoleKey: "admin.role_" + string(actor.Role)}
	if r.URL.Query().Get("welcome") == "1" {
		view.Flash = p.T("admin.joined")
	}
	for _, a := range content.AllActions() {
		if content.Can(actor, a) {
			view.Can = append(view.Can, p.T("admin.action_"+strings.ReplaceAll(string(a), ".", "_")))
		}
	}
	h.page(w, r, actor.Lang, "admin-dashboard", http.StatusOK, view)
}

// saveLanguage answers POST /admin/language: the interface language of the
// signed-in staff member.
func (h *Handler) saveLanguage(w http.ResponseWriter, r *http.Request, actor *content.User) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, h.printer(actor.Lang).T("error.bad_request"), http.StatusBadRequest)
		return
	}
	lang, ok := content.ParseLang(r.PostForm.Get("lang"))
	if !ok {
		http.Error(w, h.printer(actor.Lang).T("error.bad_request"), http.StatusBadRequest)
		return
	}
	if err := h.st.SetUserLang(r.Context(), actor.ID, lang); err != nil {
		h.fail(w, r, actor.Lang, err)
		return
	}
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
