package sqldb

import (
	"testing"

	"github.com/busrides/busrides/internal/search/index"
)

// The engine's own tests (internal/search/index) cover matching, ranking,
// the memory bound and patching without a database; these check what
// sqldb adds.

func TestJournalOutlivesPatching(t *testing.T) {
	// A copy up to index.MaxPatchGenerations behind is patched from the
	// journal: the journal must still hold those generations.
	if journalKeep <= index.MaxPatchGenerations {
		t.Errorf("journalKeep %d: want more than index.MaxPatchGenerations (%d)", journalKeep, index.MaxPatchGenerations)
	}
}
