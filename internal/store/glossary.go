package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Glossary reads the editorial glossary (sqldb/glossary.go).
type Glossary interface {
	// GlossaryTerms lists every entry in alphabetical order of its term in
	// lang, ignoring case and accents (content.SortGlossary).
	GlossaryTerms(ctx context.Context, lang content.Lang) ([]content.GlossaryTerm, error)
}

// GlossaryEditor manages it. Terms are unique in each language without
// regard to case or spacing (content.GlossaryKey): a
// *content.ValidationError keyed term_en or term_fr. Every change bumps
// the generation.
type GlossaryEditor interface {
	GlossaryTermByID(ctx context.Context, id int64) (*content.GlossaryTerm, error)
	CreateGlossaryTerm(ctx context.Context, g content.GlossaryTerm, now time.Time) (int64, error)
	// UpdateGlossaryTerm saves g if the stored entry still has stamp
	// (content.GlossaryStamp), else content.ErrConflict.
	UpdateGlossaryTerm(ctx context.Context, g content.GlossaryTerm, stamp string, now time.Time) error
	DeleteGlossaryTerm(ctx context.Context, id int64) error
}
