package admin

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
)

const signInURL = "/admin/sign-in"

// Route is one back-office route: its method and pattern, the action that
// guards it (empty for the sign-in and invitation routes, open to
// everyone), and the handler that answers it.
type Route struct {
	Method, Pattern string
	Action          content.Action
	serve           handler
}

// handler answers a route. actor is the signed-in staff member allowed to
// do the route's action, nil on an open route. An error it returns is
// answered by errorPage (errors.go); a handler that answered (a page, a
// form shown again, a redirect) returns nil.
type handler func(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User) error

// step is the handler of one workflow step (publish.go).
func step(name string) handler {
	return func(h *Handler, w http.ResponseWriter, r *http.Request, actor *content.User) error {
		return h.workflowStep(w, r, actor, name)
	}
}

// Routes is the back office's route table, the one list of its routes:
// New registers it, and the role-matrix test walks it.
func Routes() []Route {
	return []Route{
		{"GET", "/admin/sign-in", "", (*Handler).showSignIn},
		{"POST", "/admin/sign-in", "", (*Handler).signIn},
		{"POST", "/admin/sign-out", "", (*Handler).signOut},
		{"GET", "/admin/{$}", content.ActionViewDashboard, (*Handler).showDashboard},
		{"GET", "/admin/held/{token}", content.ActionViewDashboard, (*Handler).showHeld},
		{"POST", "/admin/keepalive", content.ActionViewDashboard, (*Handler).keepAlive},
		{"POST", "/admin/language", content.ActionEditOwnProfile, (*Handler).saveLanguage},
		{"GET", "/admin/users", content.ActionManageUsers, (*Handler).listUsers},
		{"POST", "/admin/users/{id}/role", content.ActionManageUsers, (*Handler).saveUserRole},
		{"POST", "/admin/users/{id}/status", content.ActionManageUsers, (*Handler).saveUserStatus},
		{"POST", "/admin/users/invite", content.ActionManageUsers, (*Handler).inviteUser},
		{"POST", "/admin/invitations/{id}/revoke", content.ActionManageUsers, (*Handler).revokeInvitation},
		{"GET", "/admin/invitations/{token}", "", (*Handler).showInvitation},
		{"POST", "/admin/invitations/{token}", "", (*Handler).acceptInvitation},
		{"GET", "/admin/audit", content.ActionReadAudit, (*Handler).showAudit},
		{"GET", "/admin/audit.csv", content.ActionReadAudit, (*Handler).exportAudit},
		{"GET", "/admin/banner", content.ActionManageBanner, (*Handler).showBanner},
		{"POST", "/admin/banner", content.ActionManageBanner, (*Handler).saveBanner},
		{"GET", "/admin/feedback", content.ActionReadFeedback, (*Handler).showFeedback},
		{"POST", "/admin/feedback/review", content.ActionReadFeedback, (*Handler).reviewFeedback},
		{"GET", "/admin/feedback.csv", content.ActionReadFeedback, (*Handler).exportFeedback},

		{"GET", "/admin/episodes/{id}/publish", content.ActionSubmitForReview, (*Handler).showPublish},
		{"POST", "/admin/episodes/{id}/submit", content.ActionSubmitForReview, step("submit")},
		{"POST", "/admin/episodes/{id}/draft", content.ActionSubmitForReview, step("draft")},
		{"POST", "/admin/episodes/{id}/publish", content.ActionPublishOwn, step("publish")},
		{"POST", "/admin/episodes/{id}/schedule", content.ActionPublishOwn, step("schedule")},
		{"POST", "/admin/episodes/{id}/cancel-schedule", content.ActionPublishOwn, step("cancel-schedule")},
		{"POST", "/admin/episodes/{id}/unpublish", content.ActionPublishOwn, step("unpublish")},
		{"POST", "/admin/episodes/{id}/cancel-unpublish", content.ActionPublishOwn, step("cancel-unpublish")},
		{"POST", "/admin/episodes/{id}/publish-one", content.ActionOneLanguageException, step("publish-one")},
		{"POST", "/admin/episodes/{id}/pending/publish", content.ActionPublishOwn, (*Handler).publishPending},
		{"POST", "/admin/episodes/{id}/pending/discard", content.ActionWriteDraft, (*Handler).discardPending},
		{"POST", "/admin/episodes/{id}/preview-links", content.ActionWriteDraft, (*Handler).createPreviewLink},
		{"POST", "/admin/episodes/{id}/notes", content.ActionSubmitForReview, (*Handler).addNote},
		{"GET", "/admin/episodes/{id}/translation.xlf", content.ActionWriteDraft, (*Handler).exportTranslation},
		{"POST", "/admin/episodes/{id}/translation", content.ActionWriteDraft, (*Handler).importTranslation},
		{"POST", "/admin/episodes/{id}/preview-links/{n}/revoke", content.ActionWriteDraft, (*Handler).revokePreviewLink},
		{"GET", "/admin/parity", content.ActionViewParity, (*Handler).showParity},
		{"GET", "/admin/parity.csv", content.ActionExportParity, (*Handler).exportParity},
		{"GET", "/admin/feeds", content.ActionViewParity, (*Handler).showFeedProblems},

		{"GET", "/admin/media", content.ActionUploadMedia, (*Handler).listMedia},
		{"POST", "/admin/media", content.ActionUploadMedia, (*Handler).uploadMedia},
		{"GET", "/admin/media/{media}", content.ActionUploadMedia, (*Handler).showMedia},
		{"POST", "/admin/media/{media}/alt", content.ActionUploadMedia, (*Handler).saveMediaAlt},   // and content.CanChangeMedia
		{"POST", "/admin/media/{media}/delete", content.ActionUploadMedia, (*Handler).deleteMedia}, // and content.CanChangeMedia

		{"GET", "/admin/topics", content.ActionManageTaxonomy, (*Handler).listTopics},
		{"GET", "/admin/topics/new", content.ActionManageTaxonomy, (*Handler).newTopic},
		{"POST", "/admin/topics", content.ActionManageTaxonomy, (*Handler).createTopic},
		{"GET", "/admin/topics/{topic}", content.ActionManageTaxonomy, (*Handler).editTopic},
		{"POST", "/admin/topics/{topic}", content.ActionManageTaxonomy, (*Handler).saveTopic},
		{"POST", "/admin/topics/{topic}/delete", content.ActionManageTaxonomy, (*Handler).deleteTopic},
		{"GET", "/admin/series", content.ActionManageTaxonomy, (*Handler).listSeries},
		{"GET", "/admin/series/new", content.ActionManageTaxonomy, (*Handler).newSeries},
		{"POST", "/admin/series", content.ActionManageTaxonomy, (*Handler).createSeries},
		{"GET", "/admin/series/{series}", content.ActionManageTaxonomy, (*Handler).editSeries},
		{"POST", "/admin/series/{series}", content.ActionManageTaxonomy, (*Handler).saveSeries},
		{"POST", "/admin/series/{series}/order", content.ActionManageTaxonomy, (*Handler).orderSeries},
		{"POST", "/admin/series/{series}/delete", content.ActionManageTaxonomy, (*Handler).deleteSeries},
		{"GET", "/admin/authors", content.ActionManageTaxonomy, (*Handler).listAuthors},
		{"GET", "/admin/authors/new", content.ActionManageTaxonomy, (*Handler).newAuthor},
		{"POST", "/admin/authors", content.ActionManageTaxonomy, (*Handler).createAuthor},
		{"GET", "/admin/authors/{author}", content.ActionManageTaxonomy, (*Handler).editAuthor},
		{"POST", "/admin/authors/{author}", content.ActionManageTaxonomy, (*Handler).saveAuthor},
		{"POST", "/admin/authors/{author}/delete", content.ActionManageTaxonomy, (*Handler).deleteAuthor},
		{"GET", "/admin/redirects", content.ActionManageRedirects, (*Handler).listRedirects},
		{"GET", "/admin/redirects.csv", content.ActionManageRedirects, (*Handler).exportRedirects},
		{"GET", "/admin/redirects/new", content.ActionManageRedirects, (*Handler).newRedirect},
		{"POST", "/admin/redirects", content.ActionManageRedirects, (*Handler).createRedirect},
		{"GET", "/admin/redirects/{redirect}", content.ActionManageRedirects, (*Handler).editRedirect},
		{"POST", "/admin/redirects/{redirect}", content.ActionManageRedirects, (*Handler).saveRedirect},
		{"POST", "/admin/redirects/delete", content.ActionManageRedirects, (*Handler).deleteRedirects},
		{"GET", "/admin/redirects/import", content.ActionManageRedirects, (*Handler).showRedirectImport},
		{"POST", "/admin/redirects/import", content.ActionManageRedirects, (*Handler).importRedirects},
		{"GET", "/admin/glossary", content.ActionManageGlossary, (*Handler).listGlossary},
		{"GET", "/admin/glossary/new", content.ActionManageGlossary, (*Handler).newGlossaryTerm},
		{"POST", "/admin/glossary/new", content.ActionManageGlossary, (*Handler).createGlossaryTerm},
		{"GET", "/admin/glossary/{term}", content.ActionManageGlossary, (*Handler).editGlossaryTerm},
		{"POST", "/admin/glossary/{term}", content.ActionManageGlossary, (*Handler).saveGlossaryTerm},
		{"POST", "/admin/glossary/{term}/delete", content.ActionManageGlossary, (*Handler).deleteGlossaryTerm},
		{"GET", "/admin/site-pages", content.ActionManageSitePages, (*Handler).listSitePages},
		{"GET", "/admin/site-pages/{key}", content.ActionManageSitePages, (*Handler).showSitePage},
		{"POST", "/admin/site-pages/{key}", content.ActionManageSitePages, (*Handler).saveSitePage},
		{"POST", "/admin/site-pages/{key}/publish", content.ActionManageSitePages, (*Handler).publishSitePage},
		{"POST", "/admin/site-pages/{key}/unpublish", content.ActionManageSitePages, (*Handler).unpublishSitePage},
		{"GET", "/admin/site-pages/{key}/revisions", content.ActionManageSitePages, (*Handler).showSitePageRevisions},
		{"GET", "/admin/site-pages/{key}/diff", content.ActionManageSitePages, (*Handler).showSitePageDiff},
		{"POST", "/admin/site-pages/{key}/revisions/{n}/restore", content.ActionManageSitePages, (*Handler).restoreSitePageRevision},
		{"GET", "/admin/settings", content.ActionManageSettings, (*Handler).showSettings},
		{"POST", "/admin/settings", content.ActionManageSettings, (*Handler).saveSettings},

		{"GET", "/admin/episodes", content.ActionWriteDraft, (*Handler).showEpisodes},
		{"GET", "/admin/episodes/new", content.ActionWriteDraft, (*Handler).showNewEpisode},
		{"POST", "/admin/episodes/new", content.ActionWriteDraft, (*Handler).createEpisode},
		{"GET", "/admin/episodes/{id}", content.ActionWriteDraft, (*Handler).showEpisode},
		{"POST", "/admin/episodes/{id}/autosave", content.ActionWriteDraft, (*Handler).autosaveEpisode},
		{"POST", "/admin/episodes/new/autosave", content.ActionWriteDraft, (*Handler).autosaveEpisode},
		{"POST", "/admin/episodes/{id}/autosave/discard", content.ActionWriteDraft, (*Handler).discardAutosave},
		{"POST", "/admin/episodes/new/autosave/discard", content.ActionWriteDraft, (*Handler).discardAutosave},
		{"POST", "/admin/episodes/{id}", content.ActionWriteDraft, (*Handler).saveEpisode},
		{"GET", "/admin/episodes/{id}/revisions", content.ActionWriteDraft, (*Handler).showRevisions},
		{"GET", "/admin/episodes/{id}/diff", content.ActionWriteDraft, (*Handler).showRevisionDiff},
		{"POST", "/admin/episodes/{id}/revisions/{n}/restore", content.ActionWriteDraft, (*Handler).restoreRevision},
	}
}

// routes registers the route table, each route behind serve, then the
// redirect of /admin and the catch-all 404 page.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range Routes() {
		mux.HandleFunc(rt.Method+" "+rt.Pattern, h.serve(rt))
	}
	mux.HandleFunc("GET /admin", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/admin/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/admin/", h.notFound)
	return mux
}

// serve runs rt's handler. On a guarded route the request's session must
// belong to an active staff member allowed to do rt.Action: anonymous GETs
// go to the sign-in page; anything else refused gets 403. Errors are pages
// in the staff member's language, or the guest's.
func (h *Handler) serve(rt Route) http.HandlerFunc {
	if rt.Action == "" {
		return func(w http.ResponseWriter, r *http.Request) {
			if err := rt.serve(h, w, r, nil); err != nil {
				h.errorPage(w, r, h.guestLang(r), nil, err)
			}
		}
	}
	return func(w http.ResponseWriter, r *http.Request) {
		actor, expired, err := h.session(r)
		switch {
		case err != nil:
			h.errorPage(w, r, h.guestLang(r), nil, err)
			return
		case actor == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			http.Redirect(w, r, signInURL, http.StatusSeeOther)
			return
		case actor == nil && expired != nil && isBackground(r):
			// The page's script asked: it tells the person (js/admin.js).
			w.WriteHeader(http.StatusUnauthorized)
			return
		case actor == nil && expired != nil:
			// The sender's session ended: what they sent is held for
			// them while they sign in again (held.go).
			if err := h.holdPost(w, r, expired); err != nil {
				h.errorPage(w, r, expired.Lang, nil, err)
			}
			return
		case actor == nil:
			h.errorPage(w, r, h.guestLang(r), nil, errForbidden)
			return
		case !content.Can(actor, rt.Action):
			err = errForbidden
		default:
			err = rt.serve(h, w, r, actor)
			if err == nil && r.Method == http.MethodPost {
				h.heldSent(r, actor)
			}
		}
		if err != nil {
			h.errorPage(w, r, actor.Lang, actor, err)
		}
	}
}

// notFound answers any other path under /admin/: 404, in the layout, for
// staff and guests alike.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	actor, err := h.actor(r)
	switch {
	case err != nil:
		h.errorPage(w, r, h.guestLang(r), nil, err)
	case actor == nil:
		h.errorPage(w, r, h.guestLang(r), nil, content.ErrNotFound)
	default:
		h.errorPage(w, r, actor.Lang, actor, content.ErrNotFound)
	}
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
		{"admin.nav_feeds", "/admin/feeds", content.ActionViewParity},
		{"admin.nav_media", "/admin/media", content.ActionUploadMedia},
		{"admin.nav_topics", "/admin/topics", content.ActionManageTaxonomy},
		{"admin.nav_series", "/admin/series", content.ActionManageTaxonomy},
		{"admin.nav_authors", "/admin/authors", content.ActionManageTaxonomy},
		{"admin.nav_redirects", "/admin/redirects", content.ActionManageRedirects},
		{"admin.nav_glossary", "/admin/glossary", content.ActionManageGlossary},
		{"admin.nav_site_pages", "/admin/site-pages", content.ActionManageSitePages},
		{"admin.nav_settings", "/admin/settings", content.ActionManageSettings},
		{"admin.nav_audit", "/admin/audit", content.ActionReadAudit},
	} {
		if content.Can(actor, n.a) {
			c.Nav = append(c.Nav, NavItem{Label: p.T(n.key), URL: n.url, Current: p.T(n.key) == title})
		}
	}
	return c
}
