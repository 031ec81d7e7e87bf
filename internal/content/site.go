package content

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// Errors shared by every adapter. Storage wraps them with %w; callers use
// errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// ValidationError reports what is wrong with an input, field by field, as
// catalogue keys so each adapter can answer in the user's language.
type ValidationError struct {
	Fields map[string]string // field name → i18n key
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for f, k := range e.Fields {
		parts = append(parts, f+": "+k)
	}
	return "invalid input: " + strings.Join(parts, ", ")
}

// Notice is the site-wide banner shown on every public page.
type Notice struct {
	Enabled bool
	Text    Bilingual
}

// Answer is a reader's answer to "Did you find what you were looking for?".
type Answer string

const (
	Yes Answer = "yes"
	No  Answer = "no"
)

// MaxFeedbackRunes is the Canada.ca limit for a page feedback comment.
const MaxFeedbackRunes = 300

// Feedback is one stored answer from the page feedback form.
type Feedback struct {
	ID        int64
	CreatedAt time.Time
	Lang      Lang
	Path      string // page the answer is about
	EpisodeID int64  // 0 when the page is not an episode
	Answer    Answer
	Comment   string // already redacted
	Redacted  bool   // personal information was removed

	// Review state in the back office's feedback inbox.
	Reviewed   bool
	ReviewedAt time.Time // zero while unreviewed
	ReviewedBy int64     // staff member; 0 while unreviewed (or since deleted)
}

// Feedback validation keys (i18n catalogue keys).
const (
	FeedbackErrEmpty   = "feedback.error_empty"
	FeedbackErrTooLong = "feedback.error_too_long"
	FeedbackErrAnswer  = "feedback.error_answer"
)

// NewFeedback validates a submission and redacts personal information from
// the comment. The comment limit is counted in characters (runes) as typed,
// before redaction.
func NewFeedback(lang Lang, path string, episodeID int64, answer, comment string, now time.Time) (Feedback, error) {
	comment = strings.TrimSpace(stripControls(strings.ReplaceAll(comment, "\r\n", "\n")))
	f := Feedback{CreatedAt: now.UTC(), Lang: lang, Path: path, EpisodeID: episodeID}
	switch Answer(answer) {
	case Yes:
		f.Answer = Yes
		comment = "" // the "Yes" path asks for nothing more
	case No:
		f.Answer = No
	default:
		return f, &ValidationError{Fields: map[string]string{"answer": FeedbackErrAnswer}}
	}
	if n := len([]rune(comment)); n > MaxFeedbackRunes {
		return f, &ValidationError{Fields: map[string]string{"comment": FeedbackErrTooLong}}
	}
	if f.Answer == No && comment == "" {
		return f, &ValidationError{Fields: map[string]string{"comment": FeedbackErrEmpty}}
	}
	f.Comment, f.Redacted = RedactPII(comment)
	return f, nil
}

// Bundle is a set of content to import in one all-or-nothing operation.
// Items are matched to stored ones by Key; references between them (an
// episode's topics, authors and series) are by Key too.
type Bundle struct {
	Topics   []Topic
	Authors  []Author
	Series   []Series
	Episodes []Episode
}

// stripControls removes control characters other than newline and tab
// (a NUL, for one, cannot be stored in PostgreSQL text).
func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
}
