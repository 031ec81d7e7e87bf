package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite"
)

func openPlain(t *testing.T) querier {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	t.Cleanup(func() { db.Close() })
	return querier{r: db, stmts: &stmtCache{}}
}

// A statement in use when the cache starts again stays usable until its
// user releases it, and is closed then; one not in use is closed at once.
func TestStmtCacheDropsOnlyUnusedStatements(t *testing.T) {
	ctx := context.Background()
	q := openPlain(t)
	held, err := q.stmts.acquire(ctx, q, "SELECT ? + 1")
	if err != nil {
		t.Fatal(err)
	}
	idle, err := q.stmts.acquire(ctx, q, "SELECT ? + 2")
	if err != nil {
		t.Fatal(err)
	}
	q.stmts.release(idle)
	for i := 0; len(q.stmts.m) < maxStmts; i++ {
		var n int
		if err := q.QueryRowContext(ctx, fmt.Sprintf("SELECT ? + %d", 100+i), 1).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	// One more query starts the cache again.
	var n int
	if err := q.QueryRowContext(ctx, "SELECT ? + 3", 1).Scan(&n); err != nil || n != 4 {
		t.Fatalf("query after the cache started again = %d, %v", n, err)
	}
	if len(q.stmts.m) != 1 || !held.dropped || !idle.dropped {
		t.Fatalf("cache holds %d statements, held dropped %v, idle dropped %v; want 1, true, true", len(q.stmts.m), held.dropped, idle.dropped)
	}
	if err := idle.st.QueryRowContext(ctx, 1).Scan(&n); err == nil {
		t.Error("a dropped statement that no one used was not closed")
	}
	if err := held.st.QueryRowContext(ctx, 41).Scan(&n); err != nil || n != 42 {
		t.Fatalf("statement in use when dropped = %d, %v; want 42", n, err)
	}
	q.stmts.release(held)
	if err := held.st.QueryRowContext(ctx, 1).Scan(&n); err == nil {
		t.Error("a dropped statement was not closed when its last user released it")
	}
}

// Many goroutines asking for more distinct statements than the cache
// keeps, with rows open while they ask again, never see a closed
// statement or a wrong answer (run with -race).
func TestStmtCacheConcurrentChurn(t *testing.T) {
	ctx := context.Background()
	q := openPlain(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g*97 + i*31) % (maxStmts + 60)
				rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT ? + %d UNION ALL SELECT ? + %d", k, k), i, i+1)
				if err != nil {
					errs <- err
					return
				}
				var got []int
				for rows.Next() {
					var n int
					if err := rows.Scan(&n); err != nil {
						errs <- err
						rows.Close()
						return
					}
					got = append(got, n)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					errs <- err
					return
				}
				if len(got) != 2 || got[0] != i+k || got[1] != i+1+k {
					errs <- fmt.Errorf("query %d: got %v, want [%d %d]", k, got, i+k, i+1+k)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
