package content

import (
	"crypto/sha256"
	"encoding/hex"
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
	// Key names the row for the comment that may follow a "No"
	// (FeedbackKey of the reader's form token); "" for none. Written,
	// never read back.
	Key string

	// Review state in the back office's feedback inbox.
	Reviewed   bool
	ReviewedAt time.Time // zero while unreviewed
	ReviewedBy int64     // staff member; 0 while unreviewed (or since deleted)
}

// Feedback validation keys (i18n catalogue keys).
const (
	FeedbackErrTooLong = "feedback.error_too_long"
	FeedbackErrAnswer  = "feedback.error_answer"
)

// FeedbackCommentWindow is how long after a "No" its comment may follow.
const FeedbackCommentWindow = 24 * time.Hour

// NewFeedback validates a submission and redacts personal information from
// the comment. A "No" counts without a comment (the comment is a second,
// optional step); "Yes" keeps none. The comment limit is counted in
// characters (runes) as typed, before redaction.
func NewFeedback(lang Lang, path string, episodeID int64, answer, comment string, now time.Time) (Feedback, error) {
	f := Feedback{CreatedAt: now.UTC(), Lang: lang, Path: path, EpisodeID: episodeID}
	switch Answer(answer) {
	case Yes:
		f.Answer = Yes
		return f, nil // the "Yes" path asks for nothing more
	case No:
		f.Answer = No
	default:
		return f, &ValidationError{Fields: map[string]string{"answer": FeedbackErrAnswer}}
	}
	var err error
	f.Comment, f.Redacted, err = FeedbackComment(comment)
	return f, err
}

// FeedbackComment validates the comment of a "No" and redacts personal
// information from it: "" when there is none (or only spaces), an error
// past MaxFeedbackRunes characters as typed.
func FeedbackComment(comment string) (text string, redacted bool, err error) {
	comment = strings.TrimSpace(stripControls(strings.ReplaceAll(comment, "\r\n", "\n")))
	if n := len([]rune(comment)); n > MaxFeedbackRunes {
		return "", false, &ValidationError{Fields: map[string]string{"comment": FeedbackErrTooLong}}
	}
	text, redacted = RedactPII(comment)
	return text, redacted, nil
}

// ValidFeedbackToken reports whether s can be a feedback form's token:
// 22 to 64 characters of the URL-safe base64 alphabet (at least 128
// random bits; the server's and the page script's both are).
func ValidFeedbackToken(s string) bool {
	if len(s) < 22 || len(s) > 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// FeedbackKey is what is stored of a feedback form's token (Feedback.Key):
// its SHA-256 in hex, so that the stored rows do not hold the tokens.
func FeedbackKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
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
