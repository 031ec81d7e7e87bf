package storetest

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// unstampedSearchChanges fails the test when a committed transaction
// recorded search changes without bumping the generation after them:
// other servers would not see those changes (sqldb/search_source.go).
func unstampedSearchChanges(t *testing.T, s store.Store) {
	t.Helper()
	db := sqlOf(s)
	if db == nil {
		return
	}
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM search_changes WHERE gen IS NULL`).Scan(&n); err != nil {
		t.Errorf("search changes: %v", err)
	} else if n != 0 {
		t.Errorf("%d search changes left without a generation: a transaction indexed without bumping the generation after", n)
	}
}

func mustImport(t *testing.T, s store.Store, b *content.Bundle) store.ImportResult {
	t.Helper()
	res, err := s.ImportBundle(t.Context(), b, now)
	if err != nil {
		t.Fatalf("ImportBundle: %v", err)
	}
	return res
}

func mustBySlug(t *testing.T, s store.Store, lang content.Lang, slug string) *content.Episode {
	t.Helper()
	e, err := s.EpisodeBySlug(t.Context(), lang, slug, now)
	if err != nil {
		t.Fatalf("EpisodeBySlug(%s, %q): %v", lang, slug, err)
	}
	return e
}

func mustByID(t *testing.T, s store.Store, id int64) *content.Episode {
	t.Helper()
	e, err := s.EpisodeByID(t.Context(), id)
	if err != nil {
		t.Fatalf("EpisodeByID(%d): %v", id, err)
	}
	return e
}

// idOf finds an episode whatever its status through a legacy path
// "/id/<key>" that the test gave it.
func idOf(t *testing.T, s store.Store, key string) int64 {
	t.Helper()
	id, _, err := s.Redirect(t.Context(), "/id/"+key)
	if err != nil {
		t.Fatalf("Redirect(/id/%s): %v", key, err)
	}
	return id
}

func withID(key string) opt { return legacy("/id/" + key) }

func mustList(t *testing.T, s store.Store, q store.EpisodeQuery) store.EpisodePage {
	t.Helper()
	if q.Now.IsZero() {
		q.Now = now
	}
	p, err := s.Episodes(t.Context(), q)
	if err != nil {
		t.Fatalf("Episodes(%+v): %v", q, err)
	}
	return p
}

// wantList checks the keys (in order) and total of a listing.
func wantList(t *testing.T, s store.Store, q store.EpisodeQuery, total int, want ...string) {
	t.Helper()
	p := mustList(t, s, q)
	if got := keys(p.Episodes); !slices.Equal(got, want) || p.Total != total {
		t.Errorf("Episodes(lang=%s kind=%q topic=%d author=%d series=%d limit=%d offset=%d now=%s) = %q total %d; want %q total %d",
			q.Lang, q.Kind, q.TopicID, q.AuthorID, q.SeriesID, q.Limit, q.Offset, q.Now.Format(time.RFC3339), got, p.Total, want, total)
	}
}

func wantNotFound(t *testing.T, err error, what string) {
	t.Helper()
	if !errors.Is(err, content.ErrNotFound) {
		t.Errorf("%s: err = %v; want content.ErrNotFound", what, err)
	}
}

func wantItemError(t *testing.T, err error, kind, key string) *store.ItemError {
	t.Helper()
	var ie *store.ItemError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v (%T); want *store.ItemError", err, err)
	}
	if ie.Kind != kind || ie.Key != key {
		t.Errorf("ItemError = %s %q; want %s %q (%v)", ie.Kind, ie.Key, kind, key, err)
	}
	return ie
}

func generation(t *testing.T, s store.Store) int64 {
	t.Helper()
	g, err := s.Generation(t.Context())
	if err != nil {
		t.Fatalf("Generation: %v", err)
	}
	return g
}

func topicIDs(t *testing.T, s store.Store) map[string]int64 {
	t.Helper()
	ts, err := s.Topics(t.Context())
	if err != nil {
		t.Fatalf("Topics: %v", err)
	}
	m := map[string]int64{}
	for _, x := range ts {
		m[x.Key] = x.ID
	}
	return m
}

func authorIDs(t *testing.T, s store.Store) map[string]int64 {
	t.Helper()
	as, err := s.Authors(t.Context())
	if err != nil {
		t.Fatalf("Authors: %v", err)
	}
	m := map[string]int64{}
	for _, x := range as {
		m[x.Key] = x.ID
	}
	return m
}

func seriesIDs(t *testing.T, s store.Store) map[string]int64 {
	t.Helper()
	ss, err := s.SeriesList(t.Context())
	if err != nil {
		t.Fatalf("SeriesList: %v", err)
	}
	m := map[string]int64{}
	for _, x := range ss {
		m[x.Key] = x.ID
	}
	return m
}

func slugOf(t *testing.T, e *content.Episode, lang content.Lang) string {
	t.Helper()
	v := e.Version(lang)
	if v == nil {
		t.Fatalf("episode %q has no %s version", e.Key, lang)
	}
	return v.Slug
}

func topicKeys(ts []content.Topic) []string {
	out := make([]string, len(ts))
	for i, x := range ts {
		out[i] = x.Key
	}
	return out
}

func authorKeys(as []content.Author) []string {
	out := make([]string, len(as))
	for i, x := range as {
		out[i] = x.Key
	}
	return out
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// sqlOf returns the database behind s when the implementation exposes it.
func sqlOf(s store.Store) *sql.DB {
	if x, ok := s.(interface{ SQL() *sql.DB }); ok {
		return x.SQL()
	}
	return nil
}

// newestFeedback returns up to limit feedback rows, newest first.
func newestFeedback(ctx context.Context, s store.FeedbackInbox, limit int) ([]content.Feedback, error) {
	list, _, err := s.FeedbackInbox(ctx, store.FeedbackFilter{Limit: limit})
	return list, err
}
