package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Taxonomy manages topics, series and authors in the back office
// (sqldb/taxonomy.go). Create and Update check slug uniqueness per
// language (a *content.ValidationError keyed slug_en or slug_fr), bump
// the generation, re-index the episodes whose indexed names changed, and
// apply moves (old public URL → new) as redirects, all in one
// transaction. Update refuses, with content.ErrConflict, a stamp
// (content.TopicStamp…) that is no longer the stored one. Delete refuses,
// with a *content.InUseError, an item that episodes use. Items are found
// by id (content.ErrNotFound). A Move with an empty From only marks To as
// a live page (a redirect from To is removed). The public site reads
// them through Catalogue.
type Taxonomy interface {
	TopicByID(ctx context.Context, id int64) (*content.Topic, error)
	CreateTopic(ctx context.Context, t content.Topic, moves []Move, now time.Time) (int64, error)
	UpdateTopic(ctx context.Context, t content.Topic, stamp string, moves []Move, now time.Time) error
	DeleteTopic(ctx context.Context, id int64) error
	AuthorByID(ctx context.Context, id int64) (*content.Author, error)
	CreateAuthor(ctx context.Context, a content.Author, moves []Move, now time.Time) (int64, error)
	UpdateAuthor(ctx context.Context, a content.Author, stamp string, moves []Move, now time.Time) error
	DeleteAuthor(ctx context.Context, id int64) error
	SeriesByID(ctx context.Context, id int64) (*content.Series, error)
	CreateSeries(ctx context.Context, s content.Series, moves []Move, now time.Time) (int64, error)
	UpdateSeries(ctx context.Context, s content.Series, stamp string, moves []Move, now time.Time) error
	DeleteSeries(ctx context.Context, id int64) error
	// SeriesEpisodes lists every episode of a series, whatever its status,
	// by position.
	SeriesEpisodes(ctx context.Context, seriesID int64) ([]SeriesEpisode, error)
	// ReorderSeries numbers the series' episodes 1, 2, 3… in the order of
	// ids, which must hold each of its episodes once (else content.ErrConflict).
	ReorderSeries(ctx context.Context, seriesID int64, ids []int64, now time.Time) error
	// TaxonomyUsage counts the episodes (any status) of each topic, author
	// and series.
	TaxonomyUsage(ctx context.Context) (Usage, error)
}

// Move is a public page that moved (a topic, series or author whose slug
// changed): From (the old path) now redirects to To.
type Move struct {
	From, To string
}

// SeriesEpisode is an episode of a series in the back office's ordering.
type SeriesEpisode struct {
	EpisodeID int64
	Position  int
	Status    content.Status
	Title     content.Bilingual
}

// Usage counts episodes per topic, author and series id.
type Usage struct {
	Topics, Authors, Series map[int64]int
}
