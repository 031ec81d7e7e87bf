package sqldb

// SetPatchLimits lowers the bounds past which a server's copy of the
// search index is dropped instead of patched (more than gens generations
// behind, more than versions changed versions), so that a test reaches
// them with a few imports.
func SetPatchLimits(s *DB, gens int64, versions int) { s.engine.SetPatchLimits(gens, versions) }

// SearchCopyResets is how many times the server's copy was dropped
// (the first search's load counts as one).
func SearchCopyResets(s *DB) int { return s.engine.Resets() }
