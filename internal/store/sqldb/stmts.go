package sqldb

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache holds prepared statements by the text of their query, for the
// queries run on the database outside transactions (querier.QueryContext
// and QueryRowContext). SQLite's driver prepares every query it is given
// again, and parsing and planning an episode page's dozen queries cost
// about a sixth of building the page; a prepared statement is parsed
// once per connection. PostgreSQL's driver caches statements by itself,
// so there the cache only saves a round of its bookkeeping.
//
// The texts are the package's constant queries and those with a list of
// placeholders (IN (?, ?…)), one per list length; maxStmts bounds them.
// When it is reached the cache starts again, and a statement still in use
// is closed when its last user releases it: a query never finds its
// statement closed under it (database/sql itself keeps a closed
// statement's open rows working).
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*cachedStmt
}

type cachedStmt struct {
	st *sql.Stmt
	// users counts the calls between acquire and release; dropped is set
	// when the cache let the statement go.
	users   int
	dropped bool
}

// maxStmts bounds the statements kept: a few hundred queries of a few
// kilobytes each, per connection.
const maxStmts = 256

// acquire returns the prepared statement of query (written with ?
// placeholders), preparing it on q's database when it is not cached. The
// caller runs it and then calls release.
func (c *stmtCache) acquire(ctx context.Context, q querier, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if cs := c.m[query]; cs != nil {
		cs.users++
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()
	// Prepared without the lock: preparing may wait for a connection
	// that another query holds while it asks the cache for a statement.
	st, err := q.r.PrepareContext(ctx, rebind(query, q.numbered))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs := c.m[query]; cs != nil {
		// Another caller prepared it meanwhile.
		st.Close()
		cs.users++
		return cs, nil
	}
	if c.m == nil || len(c.m) >= maxStmts {
		for _, old := range c.m {
			old.dropped = true
			if old.users == 0 {
				old.st.Close()
			}
		}
		c.m = make(map[string]*cachedStmt)
	}
	cs := &cachedStmt{st: st, users: 1}
	c.m[query] = cs
	return cs, nil
}

// release ends a use of a statement that acquire returned.
func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.dropped && cs.users == 0 {
		cs.st.Close()
	}
}
