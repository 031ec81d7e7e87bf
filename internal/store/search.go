package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Search finds live episodes by their words (sqldb/search.go; the
// engine is internal/search/index).
type Search interface {
	// Search finds live versions in q.Lang holding every term of q.Terms.
	Search(ctx context.Context, q SearchQuery) (SearchResult, error)
	// SearchWords lists the indexed words of a language (unstemmed, as
	// written: lowercase with their accents, search.Lower), for "Did you
	// mean" suggestions. A database indexed before holds them folded
	// until `busrides reindex`.
	SearchWords(ctx context.Context, lang content.Lang) ([]string, error)
}

// Indexer rebuilds the search index.
type Indexer interface {
	// Reindex rebuilds the search index of every episode, reporting progress.
	Reindex(ctx context.Context, progress func(done, total int)) error
}

// SearchQuery is a full-text search over one language.
type SearchQuery struct {
	Lang       content.Lang
	Now        time.Time
	Terms      []string // analysed terms (internal/search); all must match
	Kind       content.Kind
	TopicID    int64
	SeriesID   int64
	MaxMinutes int  // 0: any length
	ByDate     bool // newest first instead of by relevance
	Limit      int
	Offset     int
}

// SearchResult is one page of hits, the number of hits, and how many hits
// each topic has (before the topic filter, after the others).
type SearchResult struct {
	Hits        []SearchHit
	Total       int
	TopicCounts map[int64]int
}

// SearchHit is an episode found by a search, with the plain text of its
// version for the snippet.
// Episode holds what a result shows (kind, dates, series, topics, authors;
// each version's title, slug, summary, image, length), not bodies,
// transcripts or links: load the episode for those.
type SearchHit struct {
	Episode *content.Episode
	Score   int
	Text    string
}
