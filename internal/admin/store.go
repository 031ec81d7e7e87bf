package admin

import "github.com/busrides/busrides/internal/store"

// Store is what the back office uses of storage: every editorial concern,
// and of the public ones only the catalogue's lists (topics, authors and
// series for filters and pickers), the site settings, and the glossary.
// It neither searches nor imports. Site pages it reads through their
// editor (any status), not the public site's SitePages.
type Store interface {
	store.Catalogue
	store.Editing
	store.PreviewLinks
	store.Workflow
	store.Taxonomy
	store.Media
	store.RedirectEditor
	store.Site
	store.SiteSettings
	store.FeedbackInbox
	store.Glossary
	store.GlossaryEditor
	store.SitePageEditor
	store.Staff
	store.Sessions
	store.Invitations
	store.Audit
}
