package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Workflow moves episodes through review, scheduling and publication, and
// reports translation parity (sqldb/workflow.go).
type Workflow interface {
	// ChangeEpisodeState applies one workflow step (content.Transitions) in
	// one transaction with its audit entry: all of it, or nothing. The step
	// is compared and swapped on the status and revision the caller saw:
	// another one (a concurrent change) is content.ErrConflict. Publishing
	// keeps the first publication date, reindexes the episode for search,
	// records or removes the one-language exception and bumps the content
	// generation. The caller has checked who may do it and the pre-publish
	// checks (content.CanDo, content.PrePublishChecks).
	ChangeEpisodeState(ctx context.Context, c StateChange) error
	// RunSchedule publishes the scheduled episodes whose PublishAt is at or
	// before now and unpublishes the published ones whose UnpublishAt is,
	// each in its own transaction with an audit entry by the system. Servers
	// sharing a database may call it at the same time: each episode is
	// acted on exactly once.
	RunSchedule(ctx context.Context, now time.Time) (ScheduleResult, error)
	// LanguageException returns an episode's one-language exception, or
	// content.ErrNotFound.
	LanguageException(ctx context.Context, episodeID int64) (*content.LanguageException, error)
	// ParityReport lists the episodes with a translation parity problem
	// (a missing language, a stale translation, a one-language exception)
	// that match f, and counts each problem before f.Problem applies.
	ParityReport(ctx context.Context, f ParityFilter) (ParityReport, error)
	// PublishedRecordings lists the recordings of the Listen and Watch
	// episodes live at now, per version as the public site shows them (a
	// language hidden by a one-language exception left out), newest
	// first: what the feeds carry, for the report of what they cannot
	// (content.FeedMedia).
	PublishedRecordings(ctx context.Context, now time.Time) ([]Recording, error)
	// AddEpisodeNote appends a note to an episode's thread and puts
	// mail, the notifications it sends, in the outbox, in one transaction.
	AddEpisodeNote(ctx context.Context, n content.EpisodeNote, mail []content.Mail) (int64, error)
	// EpisodeNotes returns an episode's thread, oldest first.
	EpisodeNotes(ctx context.Context, episodeID int64) ([]content.EpisodeNote, error)
}

// Recording is the recording of one live version of a Listen or Watch
// episode.
type Recording struct {
	EpisodeID   int64
	Kind        content.Kind
	PublishedAt time.Time
	// Version holds the language, title and slug, and the media fields
	// (MediaURL, MediaType, MediaSeconds, MediaBytes); nothing else.
	Version content.Version
}

// StateChange is one workflow step asked of the store.
type StateChange struct {
	EpisodeID int64
	Op        content.Op
	// The status and revision the step was decided on.
	From     content.Status
	Revision int
	// PublishAt for content.OpSchedule, UnpublishAt for
	// content.OpScheduleUnpub and content.OpPublish (zero: none).
	PublishAt, UnpublishAt time.Time
	// Exception for content.OpPublishOne: its EpisodeID and CreatedAt are
	// filled in by the store.
	Exception *content.LanguageException
	// ReviewerID for content.OpSubmit: the person asked to review (0:
	// whoever may publish it). Every other step clears it.
	ReviewerID int64
	// Note, if any, goes into the episode's thread (its EpisodeID is
	// filled in by the store) and Mail into the outbox, with the change.
	Note *content.EpisodeNote
	Mail []content.Mail
	Now  time.Time
	// Audit names the actor and address; the store sets the action
	// ("episode.published"…), target and detail.
	Audit content.AuditEntry
}

// ScheduleResult counts what a RunSchedule call did.
type ScheduleResult struct {
	Published, Unpublished []int64 // episode ids
}

// ParityProblem is a kind of translation parity problem.
type ParityProblem string

const (
	ParityMissing   ParityProblem = "missing"   // one language has no version
	ParityStale     ParityProblem = "stale"     // a version lags behind the other language
	ParityException ParityProblem = "exception" // published in one language under an exception
)

// ParityProblems lists the problems in display order.
var ParityProblems = [3]ParityProblem{ParityMissing, ParityStale, ParityException}

// ParityFilter selects rows of the parity report; zero fields do not filter.
type ParityFilter struct {
	TopicID int64
	Kind    content.Kind
	Status  content.Status
	Problem ParityProblem
}

// ParityReport is the parity dashboard's content.
type ParityReport struct {
	Rows   []ParityRow
	Counts map[ParityProblem]int // among the rows matching the filter but its Problem
}

// ParityRow is one episode with at least one parity problem.
type ParityRow struct {
	EpisodeID int64
	Key       string
	Kind      content.Kind
	Status    content.Status
	Titles    content.Bilingual // "" for a missing version
	Missing   []content.Lang    // languages without a version
	// Stale is the language whose version lags behind; StaleSince is when
	// the other language changed (its ChangedAt; zero if unknown).
	Stale      content.Lang
	StaleSince time.Time
	Exception  *content.LanguageException
}

// Has reports whether the row has problem p.
func (r ParityRow) Has(p ParityProblem) bool {
	switch p {
	case ParityMissing:
		return len(r.Missing) > 0
	case ParityStale:
		return r.Stale != ""
	case ParityException:
		return r.Exception != nil
	}
	return false
}
