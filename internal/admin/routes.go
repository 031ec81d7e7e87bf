package admin

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
)

const signInURL = "/admin/sign-in"

// Route is one back-office route and the action that guards it (empty for
// the sign-in and invitation routes, open to everyone).
type Route struct {
	Method, Pattern string
	Action          content.Action
}

// Routes lists every back-office route: the route table, and the list the
// role-matrix test walks.
func Routes() []Route {
	return []Route{
		{"GET", "/admin/sign-in", ""},
		{"POST", "/admin/sign-in", ""},
		{"POST", "/admin/sign-out", ""},
		{"GET", "/admin/{$}", content.ActionViewDashboard},
		{"POST", "/admin/language", content.ActionEditOwnProfile},
		{"GET", "/admin/users", content.ActionManageUsers},
		{"POST", "/admin/users/{id}/role", content.ActionManageUsers},
		{"POST", "/admin/users/{id}/status", content.ActionManageUsers},
		{"POST", "/admin/users/invite", content.ActionManageUsers},
		{"POST", "/admin/invitations/{id}/revoke", content.ActionManageUsers},
		{"GET", "/admin/invitations/{token}", ""},
		{"POST", "/admin/invitations/{token}", ""},
		{"GET", "/admin/audit", content.ActionReadAudit},
		{"GET", "/admin/banner", content.ActionManageBanner},
		{"POST", "/admin/banner", content.ActionManageBanner},
		{"GET", "/admin/feedback", content.ActionReadFeedback},
		{"POST", "/admin/feedback/review", content.ActionReadFeedback},
		{"GET", "/admin/feedback.csv", content.ActionReadFeedback},
		{"GET", "/admin/episodes/{id}/publish", content.ActionSubmitForReview},
		{"POST", "/admin/episodes/{id}/submit", content.ActionSubmitForReview},
		{"POST", "/admin/episodes/{id}/draft", content.ActionSubmitForReview},
		{"POST", "/admin/episodes/{id}/publish", content.ActionPublishOwn},
		{"POST", "/admin/episodes/{id}/schedule", content.ActionPublishOwn},
		{"POST", "/admin/episodes/{id}/cancel-schedule", content.ActionPublishOwn},
		{"POST", "/admin/episodes/{id}/unpublish", content.ActionPublishOwn},
		{"POST", "/admin/episodes/{id}/cancel-unpublish", content.ActionPublishOwn},
		{"POST", "/admin/episodes/{id}/publish-one", content.ActionOneLanguageException},
		{"GET", "/admin/parity", content.ActionViewParity},
		{"GET", "/admin/parity.csv", content.ActionExportParity},
		{"GET", "/admin/media", content.ActionUploadMedia},
		{"POST", "/admin/media", content.ActionUploadMedia},
		{"GET", "/admin/media/{media}", content.ActionUploadMedia},
		{"POST", "/admin/media/{media}/alt", content.ActionUploadMedia},    // and content.CanChangeMedia
		{"POST", "/admin/media/{media}/delete", content.ActionUploadMedia}, // and content.CanChangeMedia
		{"GET", "/admin/topics", content.ActionManageTaxonomy},
		{"GET", "/admin/topics/new", content.ActionManageTaxonomy},
		{"POST", "/admin/topics", content.ActionManageTaxonomy},
		{"GET", "/admin/topics/{topic}", content.ActionManageTaxonomy},
		{"POST", "/admin/topics/{topic}", content.ActionManageTaxonomy},
		{"POST", "/admin/topics/{topic}/delete", content.ActionManageTaxonomy},
		{"GET", "/admin/series", content.ActionManageTaxonomy},
		{"GET", "/admin/series/new", content.ActionManageTaxonomy},
		{"POST", "/admin/series", content.ActionManageTaxonomy},
		{"GET", "/admin/series/{series}", content.ActionManageTaxonomy},
		{"POST", "/admin/series/{series}", content.ActionManageTaxonomy},
		{"POST", "/admin/series/{series}/order", content.ActionManageTaxonomy},
		{"POST", "/admin/series/{series}/delete", content.ActionManageTaxonomy},
		{"GET", "/admin/authors", content.ActionManageTaxonomy},
		{"GET", "/admin/authors/new", content.ActionManageTaxonomy},
		{"POST", "/admin/authors", content.ActionManageTaxonomy},
		{"GET", "/admin/authors/{author}", content.ActionManageTaxonomy},
		{"POST", "/admin/authors/{author}", content.ActionManageTaxonomy},
		{"POST", "/admin/authors/{author}/delete", content.ActionManageTaxonomy},
		{"GET", "/admin/redirects", content.ActionManageRedirects},
		{"GET", "/admin/redirects.csv", content.ActionManageRedirects},
		{"GET", "/admin/redirects/new", content.ActionManageRedirects},
		{"POST", "/admin/redirects", content.ActionManageRedirects},
		{"GET", "/admin/redirects/{redirect}", content.ActionManageRedirects},
		{"POST", "/admin/redirects/{redirect}", content.ActionManageRedirects},
		{"POST", "/admin/redirects/delete", content.ActionManageRedirects},
		{"GET", "/admin/redirects/import", content.ActionManageRedirects},
		{"POST", "/admin/redirects/import", content.ActionManageRedirects},
		{"GET", "/admin/glossary", content.ActionManageGlossary},
		{"GET", "/admin/glossary/new", content.ActionManageGlossary},
		{"POST", "/admin/glossary/new", content.ActionManageGlossary},
		{"GET", "/admin/glossary/{term}", content.ActionManageGlossary},
		{"POST", "/admin/glossary/{term}", content.ActionManageGlossary},
		{"POST", "/admin/glossary/{term}/delete", content.ActionManageGlossary},
		{"GET", "/admin/settings", content.ActionManageSettings},
		{"POST", "/admin/settings", content.ActionManageSettings},

		{"GET", "/admin/episodes", content.ActionWriteDraft},
		{"GET", "/admin/episodes/new", content.ActionWriteDraft},
		{"POST", "/admin/episodes/new", content.ActionWriteDraft},
		{"GET", "/admin/episodes/{id}", content.ActionWriteDraft},
		{"POST", "/admin/episodes/{id}", content.ActionWriteDraft},
		{"GET", "/admin/episodes/{id}/revisions", content.ActionWriteDraft},
		{"GET", "/admin/episodes/{id}/diff", content.ActionWriteDraft},
		{"POST", "/admin/episodes/{id}/revisions/{n}/restore", content.ActionWriteDraft},
	}
}

// routes is the back office's route table.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	actions := map[string]actorHandler{
		"GET /admin/{$}":                      h.showDashboard,
		"POST /admin/language":                h.saveLanguage,
		"GET /admin/users":                    h.listUsers,
		"POST /admin/users/{id}/role":         h.saveUserRole,
		"POST /admin/users/{id}/status":       h.saveUserStatus,
		"POST /admin/users/invite":            h.inviteUser,
		"POST /admin/invitations/{id}/revoke": h.revokeInvitation,
		"GET /admin/audit":                    h.showAudit,
		"GET /admin/banner":                   h.showBanner,
		"POST /admin/banner":                  h.saveBanner,
		"GET /admin/feedback":                 h.showFeedback,
		"POST /admin/feedback/review":         h.reviewFeedback,
		"GET /admin/feedback.csv":             h.exportFeedback,

		"GET /admin/episodes/{id}/publish":           h.showPublish,
		"POST /admin/episodes/{id}/submit":           h.workflowStep("submit"),
		"POST /admin/episodes/{id}/draft":            h.workflowStep("draft"),
		"POST /admin/episodes/{id}/publish":          h.workflowStep("publish"),
		"POST /admin/episodes/{id}/schedule":         h.workflowStep("schedule"),
		"POST /admin/episodes/{id}/cancel-schedule":  h.workflowStep("cancel-schedule"),
		"POST /admin/episodes/{id}/unpublish":        h.workflowStep("unpublish"),
		"POST /admin/episodes/{id}/cancel-unpublish": h.workflowStep("cancel-unpublish"),
		"POST /admin/episodes/{id}/publish-one":      h.workflowStep("publish-one"),
		"GET /admin/parity":                          h.showParity,
		"GET /admin/parity.csv":                      h.exportParity,

		"GET /admin/media":                 h.listMedia,
		"POST /admin/media":                h.uploadMedia,
		"GET /admin/media/{media}":         h.showMedia,
		"POST /admin/media/{media}/alt":    h.saveMediaAlt,
		"POST /admin/media/{media}/delete": h.deleteMedia,

		"GET /admin/topics":                               h.listTopics,
		"GET /admin/topics/new":                           h.newTopic,
		"POST /admin/topics":                              h.createTopic,
		"GET /admin/topics/{topic}":                       h.editTopic,
		"POST /admin/topics/{topic}":                      h.saveTopic,
		"POST /admin/topics/{topic}/delete":               h.deleteTopic,
		"GET /admin/series":                               h.listSeries,
		"GET /admin/series/new":                           h.newSeries,
		"POST /admin/series":                              h.createSeries,
		"GET /admin/series/{series}":                      h.editSeries,
		"POST /admin/series/{series}":                     h.saveSeries,
		"POST /admin/series/{series}/order":               h.orderSeries,
		"POST /admin/series/{series}/delete":              h.deleteSeries,
		"GET /admin/authors":                              h.listAuthors,
		"GET /admin/authors/new":                          h.newAuthor,
		"POST /admin/authors":                             h.createAuthor,
		"GET /admin/authors/{author}":                     h.editAuthor,
		"POST /admin/authors/{author}":                    h.saveAuthor,
		"POST /admin/authors/{author}/delete":             h.deleteAuthor,
		"GET /admin/redirects":                            h.listRedirects,
		"GET /admin/redirects.csv":                        h.exportRedirects,
		"GET /admin/redirects/new":                        h.newRedirect,
		"POST /admin/redirects":                           h.createRedirect,
		"GET /admin/redirects/{redirect}":                 h.editRedirect,
		"POST /admin/redirects/{redirect}":                h.saveRedirect,
		"POST /admin/redirects/delete":                    h.deleteRedirects,
		"GET /admin/redirects/import":                     h.showRedirectImport,
		"POST /admin/redirects/import":                    h.importRedirects,
		"GET /admin/glossary":                             h.listGlossary,
		"GET /admin/glossary/new":                         h.newGlossaryTerm,
		"POST /admin/glossary/new":                        h.createGlossaryTerm,
		"GET /admin/glossary/{term}":                      h.editGlossaryTerm,
		"POST /admin/glossary/{term}":                     h.saveGlossaryTerm,
		"POST /admin/glossary/{term}/delete":              h.deleteGlossaryTerm,
		"GET /admin/settings":                             h.showSettings,
		"POST /admin/settings":                            h.saveSettings,
		"GET /admin/episodes":                             h.showEpisodes,
		"GET /admin/episodes/new":                         h.showNewEpisode,
		"POST /admin/episodes/new":                        h.createEpisode,
		"GET /admin/episodes/{id}":                        h.showEpisode,
		"POST /admin/episodes/{id}":                       h.saveEpisode,
		"GET /admin/episodes/{id}/revisions":              h.showRevisions,
		"GET /admin/episodes/{id}/diff":                   h.showRevisionDiff,
		"POST /admin/episodes/{id}/revisions/{n}/restore": h.restoreRevision,
	}
	for _, rt := range Routes() {
		key := rt.Method + " " + rt.Pattern
		switch key {
		case "GET /admin/sign-in":
			mux.HandleFunc(key, h.showSignIn)
		case "POST /admin/sign-in":
			mux.HandleFunc(key, h.signIn)
		case "POST /admin/sign-out":
			mux.HandleFunc(key, h.signOut)
		case "GET /admin/invitations/{token}":
			mux.HandleFunc(key, h.showInvitation)
		case "POST /admin/invitations/{token}":
			mux.HandleFunc(key, h.acceptInvitation)
		default:
			fn := actions[key]
			if fn == nil {
				panic("admin: no handler for route " + key) // caught at start-up
			}
			mux.HandleFunc(key, h.require(rt.Action, fn))
		}
	}
	mux.HandleFunc("GET /admin", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/admin/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/admin/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not found", http.StatusNotFound)
	})
	return mux
}

// common fills the layout's view for lang and actor.
func (h *Handler) common(lang content.Lang, actor *content.User, title string) Common {
	p := h.printer(lang)
	c := Common{Lang: lang, Title: title, Actor: actor}
	if actor == nil {
		c.LangURL = signInURL + "?lang=" + string(lang.Other())
		return c
	}
	for _, n := range []struct {
		key, url string
		a        content.Action
	}{
		{"admin.nav_dashboard", "/admin/", content.ActionViewDashboard},
		{"admin.nav_episodes", "/admin/episodes", content.ActionWriteDraft},
		{"admin.nav_users", "/admin/users", content.ActionManageUsers},
		{"admin.nav_banner", "/admin/banner", content.ActionManageBanner},
		{"admin.nav_feedback", "/admin/feedback", content.ActionReadFeedback},
		{"admin.nav_parity", "/admin/parity", content.ActionViewParity},
		{"admin.nav_media", "/admin/media", content.ActionUploadMedia},
		{"admin.nav_topics", "/admin/topics", content.ActionManageTaxonomy},
		{"admin.nav_series", "/admin/series", content.ActionManageTaxonomy},
		{"admin.nav_authors", "/admin/authors", content.ActionManageTaxonomy},
		{"admin.nav_redirects", "/admin/redirects", content.ActionManageRedirects},
		{"admin.nav_glossary", "/admin/glossary", content.ActionManageGlossary},
		{"admin.nav_settings", "/admin/settings", content.ActionManageSettings},
		{"admin.nav_audit", "/admin/audit", content.ActionReadAudit},
	} {
		if content.Can(actor, n.a) {
			c.Nav = append(c.Nav, NavItem{Label: p.T(n.key), URL: n.url, Current: p.T(n.key) == title})
		}
	}
	return c
}
