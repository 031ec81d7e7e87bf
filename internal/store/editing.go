package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Editing is the episode editor's storage: episodes of every status,
// saved as revisions compared and swapped on the revision the editor
// started from (sqldb/editing.go).
type Editing interface {
	// EpisodeByID returns an episode whatever its status.
	EpisodeByID(ctx context.Context, id int64) (*content.Episode, error)
	// EpisodeIDByKey returns the id of the episode with key (its stable
	// key: the command line names episodes by it), or content.ErrNotFound.
	EpisodeIDByKey(ctx context.Context, key string) (int64, error)
	// SaveEpisode stores an episode from the editor as a new revision and
	// returns its number, in one transaction. e.ID 0 creates a draft owned
	// by e.OwnerID (info.BaseRevision must be 0); otherwise info.BaseRevision
	// must be the episode's latest revision, or the save is refused with an
	// error wrapping content.ErrConflict and nothing changes. The status,
	// owner and publication times are not the editor's to change and are
	// kept. HTML must be rendered by the caller (as for ImportBundle).
	// Invalid input and slugs used by another episode are a
	// *content.ValidationError. A slug change of a published version adds a
	// redirect from its old path.
	//
	// A save of a published episode is a pending change (sqldb/pending.go):
	// the public site, feeds and search keep the live episode until
	// PublishPending, and WorkingEpisode gives the change. With
	// info.Publish it is written live at once, and replaces a pending
	// change.
	SaveEpisode(ctx context.Context, e *content.Episode, info content.SaveInfo) (int, error)
	// WorkingEpisode returns an episode as its editor works on it: while
	// a change of it is pending, the change, with Episode.Pending set;
	// otherwise what EpisodeByID returns.
	WorkingEpisode(ctx context.Context, id int64) (*content.Episode, error)
	// PublishPending puts the pending change of a published episode on
	// the public site, in one transaction. revision must be the
	// episode's latest (the change's) or the call is content.ErrConflict;
	// an episode without a pending change is content.ErrNotFound. Topics,
	// authors and a series deleted since the change was saved are left
	// out.
	PublishPending(ctx context.Context, id int64, revision int, now time.Time) error
	// DiscardPending drops the pending change of an episode, recording a
	// revision that holds the live episode again (its note is info.Note),
	// and returns its number. revision as for PublishPending.
	DiscardPending(ctx context.Context, id int64, revision int, info content.SaveInfo) (int, error)

	// Autosave keeps userID's automatic save of the editor of episode
	// episodeID (0: a new episode), the form URL-encoded, typed on
	// revision base; it replaces the previous one.
	Autosave(ctx context.Context, userID, episodeID int64, base int, body string, now time.Time) error
	// AutosaveOf returns userID's automatic save of episodeID, or
	// content.ErrNotFound.
	AutosaveOf(ctx context.Context, userID, episodeID int64) (Autosaved, error)
	// DropAutosave forgets it; a missing one is not an error.
	DropAutosave(ctx context.Context, userID, episodeID int64) error
	// AdminEpisodes lists episodes of every status for the back office,
	// most recently saved first, as live; an episode with a pending
	// change has Episode.Pending set (its live revision).
	AdminEpisodes(ctx context.Context, q AdminEpisodeQuery) (EpisodePage, error)
	// Revisions lists an episode's revisions, newest first.
	Revisions(ctx context.Context, episodeID int64) ([]content.Revision, error)
	// RevisionByNumber returns one revision of an episode.
	RevisionByNumber(ctx context.Context, episodeID int64, number int) (*content.Revision, error)
}

// AdminEpisodeQuery filters the back office's episode list. Zero fields do
// not filter.
type AdminEpisodeQuery struct {
	Status      content.Status
	Kind        content.Kind
	TopicID     int64
	OwnerID     int64
	MissingLang content.Lang // episodes without a version in this language
	Stale       bool         // episodes with a version behind the other language
	Pending     bool         // published episodes with a change not published
	// ChangesRequested: drafts whose thread ends with a request for
	// changes (sent back from review, not sent again).
	ChangesRequested bool
	// ReviewerID: episodes in review this person was asked to review.
	ReviewerID int64
	Text       string // in a title, either language, case-insensitive (ASCII)
	Limit      int    // 0: no limit
	Offset     int
}

// Autosaved is an automatic save of the episode editor.
type Autosaved struct {
	Base    int    // the revision it was typed on
	Body    string // the form, URL-encoded
	SavedAt time.Time
}

// Previews opens preview links: what the public site needs of them
// (sqldb/preview.go).
type Previews interface {
	// PreviewEpisode returns the episode of an active preview link (as
	// WorkingEpisode gives it), or content.ErrNotFound for an unknown,
	// expired or revoked one.
	PreviewEpisode(ctx context.Context, tokenHash string, now time.Time) (*content.Episode, error)
}

// PreviewLinks makes and revokes preview links (the back office).
type PreviewLinks interface {
	Previews
	// CreatePreviewLink stores a link by the hash of its token.
	CreatePreviewLink(ctx context.Context, tokenHash string, l content.PreviewLink) (int64, error)
	// PreviewLinksOf lists an episode's links, newest first.
	PreviewLinksOf(ctx context.Context, episodeID int64) ([]content.PreviewLink, error)
	// RevokePreviewLink ends a link of the episode at now; revoking one
	// revoked already keeps its first time. An unknown link (or another
	// episode's) is content.ErrNotFound.
	RevokePreviewLink(ctx context.Context, episodeID, id int64, now time.Time) error
}
