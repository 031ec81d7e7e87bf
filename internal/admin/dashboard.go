package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// showDashboard answers GET /admin/: who is signed in and what they may do.
func (h *Handler) showDashboard(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	view := Dashboard{Common: h.common(actor.Lang, actor, p.T("admin.nav_dashboard")), RoleKey: "admin.role_" + string(actor.Role)}
	if r.URL.Query().Get("welcome") == "1" {
		view.Flash = p.T("admin.joined", "site", p.T("site.name"))
	}
	if r.URL.Query().Get("held") == "gone" {
		view.Flash = p.T("held.gone")
	}
	// Changes of live episodes waiting to be published: every one for
	// those who publish any episode, their own for the others.
	view.Pending = -1
	if content.Can(actor, content.ActionWriteDraft) {
		q := store.AdminEpisodeQuery{Pending: true, Limit: 1}
		if !content.Can(actor, content.ActionPublishAny) {
			q.OwnerID = actor.ID
		}
		res, err := h.st.AdminEpisodes(r.Context(), q)
		if err != nil {
			return err
		}
		view.Pending = res.Total
	}
	// The review loop: what waits for the actor's review, their drafts,
	// and their drafts sent back with changes requested.
	if content.Can(actor, content.ActionWriteDraft) {
		type queue struct {
			key string
			q   store.AdminEpisodeQuery
			url string
		}
		var queues []queue
		switch {
		case content.Can(actor, content.ActionPublishAny):
			queues = append(queues, queue{"notes.queue_review", store.AdminEpisodeQuery{Status: content.Review}, "/admin/episodes?status=review"})
		case content.Can(actor, content.ActionPublishOwn):
			queues = append(queues, queue{"notes.queue_review", store.AdminEpisodeQuery{Status: content.Review, OwnerID: actor.ID}, "/admin/episodes?status=review&mine=on"})
		}
		if content.CanBeReviewer(actor) {
			queues = append(queues, queue{"notes.queue_asked", store.AdminEpisodeQuery{ReviewerID: actor.ID}, "/admin/episodes?asked=on"})
		}
		queues = append(queues,
			queue{"notes.queue_drafts", store.AdminEpisodeQuery{Status: content.Draft, OwnerID: actor.ID}, "/admin/episodes?status=draft&mine=on"},
			queue{"notes.queue_changes", store.AdminEpisodeQuery{ChangesRequested: true, OwnerID: actor.ID}, "/admin/episodes?changes=on&mine=on"})
		for _, qu := range queues {
			qu.q.Limit = 1
			res, err := h.st.AdminEpisodes(r.Context(), qu.q)
			if err != nil {
				return err
			}
			view.Queues = append(view.Queues, QueueView{Label: p.T(qu.key, "n", res.Total), URL: qu.url, Count: res.Total})
		}
	}
	for _, a := range content.AllActions() {
		if content.Can(actor, a) {
			view.Can = append(view.Can, p.T("admin.action_"+strings.ReplaceAll(string(a), ".", "_")))
		}
	}
	return h.page(w, actor.Lang, "admin-dashboard", http.StatusOK, view)
}

// saveLanguage answers POST /admin/language: the interface language of the
// signed-in staff member.
func (h *Handler) saveLanguage(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	lang, ok := content.ParseLang(r.PostForm.Get("lang"))
	if !ok {
		return errBadRequest
	}
	if err := h.st.SetUserLang(r.Context(), actor.ID, lang); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
