package sqldb

import (
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// SetPatchLimits lowers the bounds past which a server's copy of the
// search index is dropped instead of patched (more than gens generations
// behind, more than versions changed versions), so that a test reaches
// them with a few imports.
func SetPatchLimits(s *DB, gens int64, versions int) { s.engine.SetPatchLimits(gens, versions) }

// SetDeriveSizes lowers how many episodes' lists one transaction of a
// derivation of every list writes (chunk) and how many chunks it derives
// at a time (pass), so that a small library crosses both.
func SetDeriveSizes(s *DB, chunk, pass int) { s.deriveChunk, s.derivePass = chunk, pass }

// SearchCopyResets is how many times the server's copy was dropped
// (the first search's load counts as one).
func SearchCopyResets(s *DB) int { return s.engine.Resets() }

// ListingPageQuery is the query Episodes runs for one page of q, with its
// arguments, written with ? placeholders.
func ListingPageQuery(s *DB, q store.EpisodeQuery) (string, []any) {
	return s.listingPage(listingOf(q), q.Now, q.Limit, q.Offset)
}

// SeriesHeadQuery is the query of SeriesPlace that counts the series'
// live episodes and finds the episode's own entry, written with ?
// placeholders, with its arguments.
func SeriesHeadQuery(s *DB, seriesID, episodeID int64, lang content.Lang, now time.Time) (string, []any) {
	return s.seriesHead(seriesID, episodeID, lang, now)
}

// SeriesPlaceQueries are the queries of SeriesPlace that read the series
// in its order (before a place, the neighbours), written with ?
// placeholders; their arguments are the series' id, the language, the
// time, and the place (series_position, episode_id).
func SeriesPlaceQueries(s *DB) []string {
	return []string{s.seriesBefore(), s.seriesNeighbour(false), s.seriesNeighbour(true)}
}

// SeriesAroundQuery is the one query SeriesPlace runs of those of
// SeriesPlaceQueries together; its arguments are theirs, three times.
func SeriesAroundQuery(s *DB) string { return s.seriesAround() }

// SetRelatedTableLimit sets the most episodes a version's topics may hold
// for a page to compute its related episodes while the lists are behind.
func SetRelatedTableLimit(s *DB, n int) { s.relatedTableLimit = n }
