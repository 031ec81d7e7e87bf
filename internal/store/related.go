package store

import "context"

// RelatedLists keeps the related episodes of every version derived as
// content changes, so that a page reads them instead of computing them
// (sqldb/related.go; the rule is internal/related). A transaction that
// changes a few versions updates the lists itself. After a larger change
// (an import, a rename, a reindex), or on a database that never had them,
// the lists are behind: pages compute their related episodes meanwhile,
// and a server catches up in the background.
type RelatedLists interface {
	// CatchUpRelated brings the lists up to the current generation, from
	// the journal of changes or, after a large change, by deriving every
	// list at once. done is false when another server is deriving them.
	CatchUpRelated(ctx context.Context) (done bool, err error)
	// RelatedBehind receives when a page found the lists behind (a change
	// made by the command line or another server).
	RelatedBehind() <-chan struct{}
}
