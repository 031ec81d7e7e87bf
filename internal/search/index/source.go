package index

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Source is the index an Engine copies from: the tables of a database, in
// a server. Every method reads what is committed when it runs. The Engine
// calls a Source from several goroutines at once, and calls Changes,
// VersionPostings and Docs while it holds its own lock: a Source must not
// call the Engine.
type Source interface {
	// Generation returns the content generation: a counter that every
	// change to what search finds moves, one transaction at a time, in
	// commit order.
	Generation(ctx context.Context) (int64, error)
	// Changes lists the versions changed by the generations after from, up
	// to to (a version may come more than once).
	Changes(ctx context.Context, from, to int64) ([]Version, error)
	// Postings returns the posting list of term in lang, by ascending
	// episode id (none when no version holds the term).
	Postings(ctx context.Context, lang content.Lang, term string) ([]Posting, error)
	// VersionPostings returns the postings of one version, term → weight
	// (none when the version is out of the index).
	VersionPostings(ctx context.Context, v Version) (map[string]int, error)
	// Docs returns the document rows of lang: all of them when ids is
	// empty, else those of the episodes ids that have one.
	Docs(ctx context.Context, lang content.Lang, ids ...int64) ([]Doc, error)
	// Hits loads what a result shows of the episodes ids, with the plain
	// text of their versions in lang, in any order; an episode not found
	// is left out. Score is not set.
	Hits(ctx context.Context, lang content.Lang, ids []int64) ([]Hit, error)
	// CommonTerms lists the terms, in each language, of at least least
	// postings, with their number of postings.
	CommonTerms(ctx context.Context, least int) ([]TermCount, error)
}

// Version names an episode's version in one language.
type Version struct {
	ID   int64 // episode id
	Lang content.Lang
}

// Posting is one version holding a term: its episode id and the term's
// weight in it.
type Posting struct {
	ID     int64
	Weight int
}

// Doc is what filtering and ordering need of a version.
type Doc struct {
	ID       int64 // episode id
	Kind     content.Kind
	SeriesID int64 // 0: none
	Minutes  int
	Topics   []int64
	// Published is when the episode was published; zero when it is not.
	Published time.Time
	// Hidden: a one-language exception keeps this version from the public.
	Hidden bool
}

// TermCount is a term of a language with its number of postings.
type TermCount struct {
	Lang content.Lang
	Term string
	N    int
}

// Query is a search over one language.
type Query struct {
	Lang       content.Lang
	Now        time.Time // versions published after Now are not found
	Terms      []string  // analysed terms (internal/search); all must match
	Kind       content.Kind
	TopicID    int64
	SeriesID   int64
	MaxMinutes int  // 0: any length
	ByDate     bool // newest first instead of by relevance
	Limit      int  // 0: every hit from Offset on
	Offset     int
}

// Result is one page of hits, the number of hits, and how many hits each
// topic has (before the topic filter, after the others).
type Result struct {
	Hits        []Hit
	Total       int
	TopicCounts map[int64]int
}

// Hit is an episode found by a search, with the plain text of its version
// for the snippet, and its score (the sum of the query terms' weights).
type Hit struct {
	Episode *content.Episode
	Score   int
	Text    string
}
