package store

import (
	"context"

	"github.com/busrides/busrides/internal/content"
)

// Editing is the episode editor's storage: episodes of every status,
// saved as revisions compared and swapped on the revision the editor
// started from (sqldb/editing.go).
type Editing interface {
	// EpisodeByID returns an episode whatever its status.
	EpisodeByID(ctx context.Context, id int64) (*content.Episode, error)
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
	SaveEpisode(ctx context.Context, e *content.Episode, info content.SaveInfo) (int, error)
	// AdminEpisodes lists episodes of every status for the back office,
	// most recently saved first.
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
	Text        string       // in a title, either language, case-insensitive (ASCII)
	Limit       int          // 0: no limit
	Offset      int
}
