package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Catalogue reads the live catalogue as the public site shows it:
// published episodes whose publication time has come, and the topics,
// authors and series they belong to (sqldb/catalogue.go).
type Catalogue interface {
	// Episodes lists live episodes that have a version in q.Lang, newest first.
	Episodes(ctx context.Context, q EpisodeQuery) (EpisodePage, error)
	// EpisodeBySlug returns a live episode by the slug of its version in lang,
	// with both versions, topics, authors and series.
	EpisodeBySlug(ctx context.Context, lang content.Lang, slug string, now time.Time) (*content.Episode, error)
	// PublicEpisodeByID returns a live episode as public pages show it:
	// without a version an Official Languages exception keeps out.
	// An episode that is not live is content.ErrNotFound.
	PublicEpisodeByID(ctx context.Context, id int64, now time.Time) (*content.Episode, error)
	// RelatedEpisodes returns live episodes in lang sharing a topic with ep,
	// most shared topics first, then most shared meaningful terms (title,
	// summary, topic and author names: internal/related), then newest;
	// never ep itself. They are loaded as listing cards (EpisodeQuery.Cards).
	RelatedEpisodes(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time, limit int) ([]*content.Episode, error)
	// SeriesPlace returns where the episode stands in the series among
	// the live episodes shown in lang (as Episodes lists them with
	// SeriesID): its position, the total, and the episodes just before
	// and after it.
	SeriesPlace(ctx context.Context, seriesID, episodeID int64, lang content.Lang, now time.Time) (SeriesPlace, error)
	// EpisodeLinks lists every live episode by id with the slug of each
	// version public pages show (empty for a language it is not shown
	// in) and its modification time: what a sitemap needs, in one query,
	// without the episodes' texts.
	EpisodeLinks(ctx context.Context, now time.Time) ([]EpisodeLink, error)
	Topics(ctx context.Context) ([]content.Topic, error)
	TopicBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Topic, error)
	Authors(ctx context.Context) ([]content.Author, error)
	AuthorBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Author, error)
	SeriesList(ctx context.Context) ([]content.Series, error)
	SeriesBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Series, error)
	// Generation is a counter bumped by every change that can alter a public
	// page, in the same transaction as the change. Page caches compare it to
	// know when to drop what they hold, across processes and servers.
	Generation(ctx context.Context) (int64, error)
}

// EpisodeLink is a live episode's public addresses (Catalogue.EpisodeLinks).
type EpisodeLink struct {
	ID         int64
	Slugs      content.Bilingual // empty in a language the episode is not shown in
	ModifiedAt time.Time
}

// EpisodeQuery selects live episodes for a listing page.
type EpisodeQuery struct {
	Lang     content.Lang
	Now      time.Time
	Kind     content.Kind // empty: all kinds
	TopicID  int64        // 0: all topics
	AuthorID int64        // 0: all authors
	SeriesID int64        // 0: all series; when set, ordered by position
	// MaxMinutes keeps episodes whose duration (as content.Episode.Minutes
	// computes it) is at most this; 0 keeps all.
	MaxMinutes int
	Limit      int
	Offset     int
	// Cards loads what a listing's cards show: the versions come without
	// their bodies, transcripts, "Learn more" links and caption files,
	// and the episodes without their authors and with their series by
	// id only (and the position in it).
	Cards bool
}

// EpisodePage is one page of a listing and the total number of matches.
type EpisodePage struct {
	Episodes []*content.Episode
	Total    int
}

// SeriesPlace is where an episode stands in its series, in one language.
type SeriesPlace struct {
	Position int // 1 for the first; 0 when the episode is not among them
	Total    int
	// Previous and Next are the neighbours in the series' order; nil at
	// either end.
	Previous, Next *SeriesNeighbour
}

// SeriesNeighbour names an episode next to another in its series: its
// version in the language asked.
type SeriesNeighbour struct {
	EpisodeID   int64
	Title, Slug string
}
