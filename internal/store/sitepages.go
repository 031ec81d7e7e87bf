package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// SitePages reads the published site pages — About, Contact, Terms and
// conditions (sqldb/sitepages.go).
type SitePages interface {
	// SitePageLinks lists the published site pages' addresses, in the
	// order of content.SitePageKeys: what the footer links and the
	// sitemaps list.
	SitePageLinks(ctx context.Context) ([]content.SitePageLink, error)
	// SitePageBySlug returns the published site page whose slug in lang
	// is slug, with both its versions.
	SitePageBySlug(ctx context.Context, lang content.Lang, slug string) (*content.SitePage, error)
}

// SitePageEditor writes them: saves are revisions compared and swapped
// on the revision the editor started from, as episodes' are.
type SitePageEditor interface {
	// SitePageByKey returns a stored page whatever its status.
	SitePageByKey(ctx context.Context, key content.SitePageKey) (*content.SitePage, error)
	// AdminSitePages lists the stored pages, in the order of
	// content.SitePageKeys (pages never saved are missing).
	AdminSitePages(ctx context.Context) ([]*content.SitePage, error)
	// SaveSitePage stores p as a new revision and returns its number, in
	// one transaction. A page not stored yet needs info.BaseRevision 0 and
	// is created as a draft; otherwise info.BaseRevision must be the
	// page's latest revision, or the save is refused with an error
	// wrapping content.ErrConflict and nothing changes. The status and
	// publication date are kept (SetSitePageStatus changes them). HTML is
	// rendered by the caller. Invalid input and slugs another site page
	// uses are a *content.ValidationError. A slug change of a published
	// page redirects its old path to the new one.
	SaveSitePage(ctx context.Context, p *content.SitePage, info content.SaveInfo) (int, error)
	// SetSitePageStatus publishes (content.Published) or withdraws
	// (content.Draft) the page if it is still at revision, else
	// content.ErrConflict. A page is published in both languages or not
	// at all (a *content.ValidationError).
	SetSitePageStatus(ctx context.Context, key content.SitePageKey, status content.Status, revision int, now time.Time) error
	// SitePageRevisions lists a page's revisions, newest first.
	SitePageRevisions(ctx context.Context, key content.SitePageKey) ([]content.SitePageRevision, error)
	// SitePageRevision returns one revision of a page.
	SitePageRevision(ctx context.Context, key content.SitePageKey, number int) (*content.SitePageRevision, error)
}
