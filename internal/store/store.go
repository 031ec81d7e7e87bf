// Package store declares what Busrides asks of its database, one small
// interface per concern, each in a file named after it:
//
//	catalogue.go    Catalogue       live episodes, topics, authors, series (public site)
//	related.go      RelatedLists    related episodes derived as content changes
//	changes.go      Changes         what changed since a generation (page caches)
//	search.go       Search, Indexer full-text search and its index
//	redirects.go    Redirects       where old paths lead (public site)
//	                RedirectEditor  editors' redirects (back office)
//	site.go         Site            banner notice and site title (every page)
//	                SiteSettings    changing them
//	feedback.go     Feedback        readers' page feedback (public site)
//	                FeedbackInbox   reading it (back office)
//	glossary.go     Glossary        the glossary (public site)
//	                GlossaryEditor  managing it (back office)
//	sitepages.go    SitePages       About, Contact, Terms and conditions (public site)
//	                SitePageEditor  writing and publishing them (back office)
//	import.go       Importer        content bundles, all or nothing
//	editing.go      Editing         episodes of every status, revisions, pending changes,
//	                                automatic saves; PreviewLinks (Previews) preview links
//	workflow.go     Workflow        review, scheduling, publication, parity
//	taxonomy.go     Taxonomy        managing topics, series, authors
//	media.go        Media           the media library's rows
//	staff.go        Staff, Sessions staff accounts, sign-in sessions, throttling
//	invitations.go  Invitations     one-time invitation links
//	audit.go        Audit           the append-only audit log
//
// The same names run through the implementation (store/sqldb/<concern>.go)
// and the conformance suite (store/storetest/<concern>.go). Each consumer
// takes only the interfaces it uses: the public site (internal/web) none
// of the back office's. Two implementations satisfy them all — SQLite
// (store/sqlite, the default) and PostgreSQL (store/postgres).
//
// Methods that find one thing return content.ErrNotFound (wrapped) when
// there is none.
package store

// Store is every concern together: what the program wires (internal/app)
// and what the conformance suite tests.
type Store interface {
	Catalogue
	RelatedLists
	Changes
	Search
	Indexer
	Redirects
	RedirectEditor
	Site
	SiteSettings
	Feedback
	FeedbackInbox
	Glossary
	GlossaryEditor
	SitePages
	SitePageEditor
	Importer
	Editing
	PreviewLinks
	Workflow
	Outbox
	Taxonomy
	Media
	Staff
	Sessions
	Invitations
	Audit

	Close() error
}
