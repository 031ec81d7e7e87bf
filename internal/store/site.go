package store

import (
	"context"

	"github.com/busrides/busrides/internal/content"
)

// Site reads the site-wide settings every page shows: the banner notice
// and the site's title (sqldb/site.go).
type Site interface {
	Notice(ctx context.Context) (content.Notice, error)
	// SiteTitle is the site's name in both languages; empty texts mean the
	// catalogue's default.
	SiteTitle(ctx context.Context) (content.Bilingual, error)
}

// SiteSettings changes them (the back office and the command line).
type SiteSettings interface {
	SetNotice(ctx context.Context, n content.Notice) error
	SetSiteTitle(ctx context.Context, t content.Bilingual) error
}
