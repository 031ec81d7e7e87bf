package store

import (
	"context"

	"github.com/busrides/busrides/internal/content"
)

// MediaImages is what the public site needs of the media library: the
// sizes and smaller copies of the images its pages show (sqldb/media.go).
type MediaImages interface {
	// MediaVariants returns, in one query, the images of the library
	// stored under paths (names in the media folder, as Media.Path:
	// "uploads/2026/11/ab…cd.jpg", see content.MediaLibraryPath), keyed
	// by path; paths that are not images of the library are left out.
	// Pages look up all their images at once with it (a listing's cards
	// too), never one query per image.
	MediaVariants(ctx context.Context, paths []string) (map[string]content.ImageSet, error)
}

// Media describes the files of the media library (sqldb/media.go). The
// files themselves live in the media folder (internal/media.Library).
type Media interface {
	MediaImages
	// CreateMedia stores a row for a file already written (and its
	// smaller copies, m.Variants, each named content.VariantPath of
	// m.Path, else an error) and returns its id; m.ID and m.Version are
	// ignored, a zero m.CreatedAt means now. A row with the same SHA256
	// or Path is an error wrapping content.ErrConflict (use MediaBySHA256
	// to find it).
	CreateMedia(ctx context.Context, m content.Media) (int64, error)
	MediaByID(ctx context.Context, id int64) (*content.Media, error)
	MediaBySHA256(ctx context.Context, sha string) (*content.Media, error)
	// MediaByPath returns the file stored under path in the media folder
	// ("uploads/2026/11/ab…cd.mp3", see content.MediaLibraryPath), or
	// content.ErrNotFound.
	MediaByPath(ctx context.Context, path string) (*content.Media, error)
	// MediaList returns one page of the library matching q, newest first,
	// and how many rows match in all. Pickers (the episode editor) list
	// by kind with it.
	MediaList(ctx context.Context, q MediaQuery) ([]content.Media, int, error)
	// SetMediaAlt sets the default alternative text of a file if its
	// version is still version (else content.ErrConflict), and moves the
	// version on.
	SetMediaAlt(ctx context.Context, id int64, version int, alt content.Bilingual) error
	// MediaUses lists what refers to the file served at url (a media
	// item's URL, "/media/…") or to one of its smaller copies: versions,
	// published or not, whose image, media, body or transcript names it,
	// and authors whose photo it is.
	MediaUses(ctx context.Context, url string) ([]MediaUse, error)
	// DeleteMedia removes a row (the caller removes the file). While
	// MediaUses finds a use of the file, it removes nothing and returns
	// content.ErrConflict: a file in use is never deleted from under the
	// pages that show it.
	DeleteMedia(ctx context.Context, id int64) error
}

// MediaUse is one use of a media file: by an episode's version (EpisodeID,
// Lang, Title) or by an author's photo (AuthorID, Title the author's name).
type MediaUse struct {
	EpisodeID int64
	Lang      content.Lang
	AuthorID  int64
	Title     string
}

// MediaQuery selects files of the media library. Zero fields do not filter.
type MediaQuery struct {
	Kind       content.MediaKind
	UploadedBy int64
	Limit      int // 0: no limit
	Offset     int
}
