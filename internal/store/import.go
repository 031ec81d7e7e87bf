package store

import (
	"context"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Importer stores content files' bundles (sqldb/import.go).
type Importer interface {
	// ImportBundle creates or updates the bundle's items by key in one
	// transaction: all of it is stored, or none of it. It writes the ids and
	// slugs it assigns into the bundle, so build a fresh bundle per import.
	ImportBundle(ctx context.Context, b *content.Bundle, now time.Time) (ImportResult, error)
}

// ImportResult counts what an import changed.
type ImportResult struct {
	Topics, Authors, Series int
	EpisodesCreated         int
	EpisodesUpdated         int
	Redirects               int
}

// ItemError names the bundle item an import failed on, so the importer can
// point at the file it came from.
type ItemError struct {
	Kind string // "topic", "author", "series", "episode"
	Key  string
	Err  error
}

func (e *ItemError) Error() string { return fmt.Sprintf("%s %q: %v", e.Kind, e.Key, e.Err) }
func (e *ItemError) Unwrap() error { return e.Err }
