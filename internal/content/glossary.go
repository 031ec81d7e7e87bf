package content

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Limits on a glossary entry, in characters.
const (
	MaxGlossaryTermRunes       = 120
	MaxGlossaryDefinitionRunes = 1000
)

// GlossaryErrTaken is the validation key of a term another entry already
// has in that language (compared without regard to case or spacing).
const GlossaryErrTaken = "admin.glossary_err_taken"

// GlossaryTerm is one entry of the editorial glossary: a term in both
// official languages and what it means, in plain text.
type GlossaryTerm struct {
	ID          int64
	Terms       Bilingual
	Definitions Bilingual // plain text; may be empty
	UpdatedAt   time.Time
}

// PrepareGlossaryTerm trims an entry typed in the back office and checks
// it. The error is a *ValidationError keyed by form field: term_en,
// term_fr, definition_en, definition_fr.
func PrepareGlossaryTerm(g *GlossaryTerm) error {
	f := fieldChecker{}
	f.line("term_en", &g.Terms.EN, true, MaxGlossaryTermRunes)
	f.line("term_fr", &g.Terms.FR, true, MaxGlossaryTermRunes)
	f.text("definition_en", &g.Definitions.EN, false, MaxGlossaryDefinitionRunes)
	f.text("definition_fr", &g.Definitions.FR, false, MaxGlossaryDefinitionRunes)
	return f.err()
}

// GlossaryKey is the form of a term two entries may not share: lower case,
// runs of spaces as one.
func GlossaryKey(term string) string {
	return strings.ToLower(strings.Join(strings.Fields(term), " "))
}

// GlossaryStamp is a token of an entry's stored state, as TopicStamp.
func GlossaryStamp(g GlossaryTerm) string {
	return stamp(g.Terms.EN, g.Terms.FR, g.Definitions.EN, g.Definitions.FR)
}

// SortGlossary orders terms alphabetically in lang, ignoring case and
// accents (« état » files with « etat », before « évaluation »); ties
// keep the order of ids.
func SortGlossary(terms []GlossaryTerm, lang Lang) {
	tag := language.English
	if lang == French {
		tag = language.French
	}
	c := collate.New(tag, collate.Loose)
	slices.SortStableFunc(terms, func(a, b GlossaryTerm) int {
		if n := c.CompareString(a.Terms.In(lang), b.Terms.In(lang)); n != 0 {
			return n
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}
