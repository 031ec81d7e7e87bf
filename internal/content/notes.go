package content

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EpisodeNote is one message of an episode's internal thread, between
// the people who write, review and publish it.
type EpisodeNote struct {
	ID        int64
	EpisodeID int64
	UserID    int64 // 0: a deleted account
	Kind      NoteKind
	Body      string
	CreatedAt time.Time
}

// NoteKind says what a note came with.
type NoteKind string

const (
	NoteComment          NoteKind = "note"              // a note, on its own
	NoteSubmitted        NoteKind = "submitted"         // sent for review (the body may be empty)
	NoteChangesRequested NoteKind = "changes_requested" // sent back to draft from review, saying what to change
)

// MaxNote is the longest note, in characters.
const MaxNote = 4000

// Note validation keys (i18n catalogue keys).
const (
	NoteErrEmpty   = "notes.error_empty"
	NoteErrTooLong = "notes.error_long"
)

// CheckNote trims a note's text and reports what is wrong with it ("" when
// nothing): a note on its own or a request for changes says something.
func CheckNote(kind NoteKind, body string) (string, string) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch {
	case utf8.RuneCountInString(body) > MaxNote:
		return body, NoteErrTooLong
	case body == "" && kind != NoteSubmitted:
		return body, NoteErrEmpty
	}
	return body, ""
}
