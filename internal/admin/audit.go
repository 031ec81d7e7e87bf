package admin

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
)

// showAudit answers GET /admin/audit (administrators): the newest entries
// of the append-only audit log.
func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	entries, err := h.st.AuditLog(r.Context(), 200)
	if err != nil {
		return err
	}
	users, err := h.st.Users(r.Context())
	if err != nil {
		return err
	}
	emails := map[int64]string{}
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	p := h.printer(actor.Lang)
	view := AuditPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_audit"))}
	for _, e := range entries {
		who := emails[e.ActorID]
		if e.ActorID == 0 {
			who = p.T("admin.audit_system")
		}
		view.Entries = append(view.Entries, AuditRow{At: e.At, Actor: who, Action: e.Action, Target: e.Target, Detail: e.Detail, IP: e.IP})
	}
	return h.page(w, actor.Lang, "admin-audit", http.StatusOK, view)
}
