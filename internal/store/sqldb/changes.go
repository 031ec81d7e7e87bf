package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/busrides/busrides/internal/store"
)

// Page changes journal (store.Changes): every transaction that bumps the
// content generation records the tags of what it changed (see the tags in
// store/changes.go) in page_changes with gen NULL; bumpGeneration stamps
// them with the new generation, as it stamps search_changes. Page caches
// read the tags of the generations they have not seen and drop only the
// pages that carry them.

// pageJournalKeep is how many generations of page_changes are kept; a
// cache further behind drops every page.
const pageJournalKeep = 2000

// notePageChanges records, in the caller's transaction, the tags of the
// pages the transaction changes. Call it before bumpGeneration.
func (s *DB) notePageChanges(ctx context.Context, tx querier, tags []string) error {
	slices.Sort(tags)
	tags = slices.Compact(tags)
	for chunk := range slices.Chunk(tags, 200) {
		q := `INSERT INTO page_changes (gen, tag) VALUES ` + strings.TrimSuffix(strings.Repeat(`(NULL, ?), `, len(chunk)), ", ")
		args := make([]any, len(chunk))
		for i, t := range chunk {
			args[i] = t
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("note page changes: %w", err)
		}
	}
	return nil
}

// stampPageChanges gives the transaction's unstamped page changes its new
// generation g, and now and then drops records older than pageJournalKeep
// generations.
func (s *DB) stampPageChanges(ctx context.Context, q querier, g int64) error {
	if _, err := q.ExecContext(ctx, `UPDATE page_changes SET gen = ? WHERE gen IS NULL`, g); err != nil {
		return fmt.Errorf("stamp page changes: %w", err)
	}
	if g%100 == 0 {
		if _, err := q.ExecContext(ctx, `DELETE FROM page_changes WHERE gen <= ?`, g-pageJournalKeep); err != nil {
			return fmt.Errorf("prune page changes: %w", err)
		}
	}
	return nil
}

// ChangesSince implements store.Changes. It reads outside a transaction
// (on SQLite a transaction would wait for the writer): the generation
// first, then the tags stamped up to it, all committed with it since each
// writer stamps and bumps in one transaction, one writer at a time.
func (s *DB) ChangesSince(ctx context.Context, since int64) ([]string, int64, bool, error) {
	var gen int64
	if err := s.q.QueryRowContext(ctx, `SELECT generation FROM content_state WHERE id = 1`).Scan(&gen); err != nil {
		return nil, 0, false, fmt.Errorf("store: page changes: %w", err)
	}
	if gen == since {
		return nil, gen, true, nil
	}
	if since > gen || since < gen-pageJournalKeep {
		// From the future (another database) or pruned: the journal keeps
		// pageJournalKeep generations or more.
		return nil, gen, false, nil
	}
	rows, err := s.q.QueryContext(ctx, `SELECT DISTINCT tag FROM page_changes WHERE gen > ? AND gen <= ?`, since, gen)
	if err != nil {
		return nil, 0, false, fmt.Errorf("store: page changes since %d: %w", since, err)
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, 0, false, fmt.Errorf("store: page changes since %d: %w", since, err)
		}
		if t == store.TagAll {
			return nil, gen, false, nil
		}
		tags = append(tags, t)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, fmt.Errorf("store: page changes since %d: %w", since, err)
	}
	return tags, gen, true, nil
}
