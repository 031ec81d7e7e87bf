package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Feedback stores what readers answer to "Did you find what you were
// looking for?" (sqldb/feedback.go).
type Feedback interface {
	// AddFeedback stores an answer and returns its id. An answer whose Key
	// names a stored row is that row: nothing more is stored, and its id
	// is returned (a form posted twice counts once).
	AddFeedback(ctx context.Context, f content.Feedback) (int64, error)
	// AddFeedbackComment adds a comment (already redacted) to the "No"
	// stored at or after since whose Key is key. content.ErrNotFound when
	// there is no such row; the same comment again changes nothing;
	// content.ErrConflict when the row holds another comment already.
	AddFeedbackComment(ctx context.Context, key, comment string, redacted bool, since time.Time) error
}

// FeedbackInbox is the back office's view of page feedback.
type FeedbackInbox interface {
	// FeedbackInbox returns one page of feedback matching f, newest first,
	// and how many rows match in all.
	FeedbackInbox(ctx context.Context, f FeedbackFilter) ([]content.Feedback, int, error)
	// FeedbackCounts counts yes and no answers per episode among the rows
	// matching f (its Limit and Offset are ignored), most answers first.
	// Rows about no episode are counted under EpisodeID 0.
	FeedbackCounts(ctx context.Context, f FeedbackFilter) ([]FeedbackCount, error)
	// MarkFeedbackReviewed marks rows reviewed by a staff member at a time.
	// Rows already reviewed keep their first review; unknown ids are ignored.
	MarkFeedbackReviewed(ctx context.Context, ids []int64, by int64, at time.Time) error
}

// FeedbackFilter selects feedback in the back office's inbox. Zero fields
// do not filter.
type FeedbackFilter struct {
	EpisodeID int64
	Lang      content.Lang
	Answer    content.Answer
	From, To  time.Time // CreatedAt in [From, To)
	Reviewed  *bool
	Limit     int // 0: no limit
	Offset    int
}

// FeedbackCount is how many readers answered yes and no about one episode.
type FeedbackCount struct {
	EpisodeID int64
	Title     string // the version's title in the rows' language, or in English
	Yes, No   int
}
