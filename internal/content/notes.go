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
	// ToUserID is whom the note was addressed to: the reviewer asked, or
	// the owner asked for changes; 0 for a note to the thread.
	ToUserID  int64
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

// CanBeReviewer reports whether u may be asked to review someone else's
// episode: an active author, editor or administrator (contributors do
// not review).
func CanBeReviewer(u *User) bool { return Can(u, ActionPublishOwn) }

// CanReview reports whether actor is the reviewer asked for ep while it is
// in review: the reviewer may open and edit it, write in its thread and
// send it back with changes requested, whatever their role would allow on
// someone else's episode; publishing stays with those who may publish it.
func CanReview(actor *User, ep *Episode) bool {
	return ep != nil && ep.Status == Review && ep.ReviewerID != 0 && actor != nil &&
		ep.ReviewerID == actor.ID && CanBeReviewer(actor)
}
