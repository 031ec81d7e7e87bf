package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Redirects finds where old paths lead (sqldb/redirects.go): the public
// site asks before it answers 404.
type Redirects interface {
	// Redirect returns the episode an old path (such as /en/ep-41-en/) now
	// lives at, and the language of that path.
	Redirect(ctx context.Context, path string) (episodeID int64, lang content.Lang, err error)
	// PathRedirectTarget returns where an old path now leads.
	PathRedirectTarget(ctx context.Context, path string) (string, error)
}

// RedirectEditor manages the editors' redirects in the back office
// (sqldb/redirects.go). Paths are normalised
// (content.NormalizeRedirectPath); targets are checked with
// content.ValidRedirectTarget. Saving refuses loops and chains among all
// redirects, and paths that already redirect to an episode.
type RedirectEditor interface {
	// PathRedirects returns one page of redirects whose path or target
	// contains q (any case), by path, and how many match.
	PathRedirects(ctx context.Context, q string, limit, offset int) ([]content.PathRedirect, int, error)
	PathRedirectByID(ctx context.Context, id int64) (*content.PathRedirect, error)
	// SavePathRedirect creates (r.ID 0) or updates a redirect and returns
	// its id; errors are a *content.ValidationError keyed path or target,
	// content.ErrConflict for a stale stamp, content.ErrNotFound.
	SavePathRedirect(ctx context.Context, r content.PathRedirect, stamp string, now time.Time) (int64, error)
	DeletePathRedirects(ctx context.Context, ids []int64) (int, error)
	// ImportPathRedirects stores all rows or none: rows whose path exists
	// replace its target. Errors are content.RowErrors by row index.
	ImportPathRedirects(ctx context.Context, rows []content.PathRedirect, now time.Time) (int, error)
}
