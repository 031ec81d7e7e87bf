package postgres_test

import (
	"testing"

	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/storetest"
	"github.com/busrides/busrides/internal/testutil"
)

// TestConformance runs the store suite on PostgreSQL, each test in a fresh
// schema. It skips unless BUSRIDES_TEST_DATABASE_URL is set.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := postgres.Open(t.Context(), testutil.PostgresDSN(t))
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		return s
	})
}

// TestShared runs the two-server tests on two stores opened on one
// schema. It skips unless BUSRIDES_TEST_DATABASE_URL is set.
func TestShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) {
		dsn := testutil.PostgresDSN(t)
		var out [2]store.Store
		for i := range out {
			s, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				t.Fatalf("postgres.Open: %v", err)
			}
			out[i] = s
		}
		return out[0], out[1]
	})
}

// TestBulkLoad compares the benchmarks' bulk loader with ImportBundle. It
// skips unless BUSRIDES_TEST_DATABASE_URL is set.
func TestBulkLoad(t *testing.T) {
	storetest.RunBulk(t, func(t *testing.T) store.Store {
		s, err := postgres.Open(t.Context(), testutil.PostgresDSN(t))
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		return s
	})
}
