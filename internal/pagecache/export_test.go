package pagecache

import "fmt"

// Check verifies the cache's internal bookkeeping: the queues, the key map,
// the byte counts, the tag index and the ghost list agree, and the cache is
// within its budget.
func (c *Cache) Check() error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	seen := map[*entry]bool{}
	for _, q := range []*queue{&c.small, &c.main} {
		n, bytes := 0, int64(0)
		var prev *entry
		for e := q.head; e != nil; e = e.next {
			if e.prev != prev {
				return fmt.Errorf("%s: broken link", e.key)
			}
			if e.inMain != (q == &c.main) {
				return fmt.Errorf("%s: in the wrong queue", e.key)
			}
			if seen[e] || c.entries[e.key] != e {
				return fmt.Errorf("%s: twice, or not in the key map", e.key)
			}
			seen[e] = true
			n++
			bytes += e.size
			prev = e
		}
		if q.tail != prev || q.n != n || q.bytes != bytes {
			return fmt.Errorf("queue counts %d/%d bytes %d/%d", q.n, n, q.bytes, bytes)
		}
	}
	if len(seen) != len(c.entries) {
		return fmt.Errorf("%d entries in queues, %d in the key map", len(seen), len(c.entries))
	}
	if b := c.small.bytes + c.main.bytes; b > c.max {
		return fmt.Errorf("%d bytes over the budget of %d", b, c.max)
	}
	refs := 0
	for e := range seen {
		for _, t := range e.tags {
			if _, ok := c.tags[t][e]; !ok {
				return fmt.Errorf("%s: tag %s not indexed", e.key, t)
			}
		}
		refs += len(e.tags)
	}
	indexed := 0
	for t, set := range c.tags {
		if len(set) == 0 {
			return fmt.Errorf("tag %s: empty set kept", t)
		}
		for e := range set {
			if !seen[e] {
				return fmt.Errorf("tag %s: a dropped entry is indexed", t)
			}
		}
		indexed += len(set)
	}
	if indexed != refs {
		return fmt.Errorf("tag index holds %d references, entries carry %d", indexed, refs)
	}
	if live := len(c.ghost.ring) - c.ghost.start; live > c.ghost.maxN || len(c.ghost.ids) > live {
		return fmt.Errorf("ghost: %d records (bound %d), %d keys", live, c.ghost.maxN, len(c.ghost.ids))
	}
	if len(c.invalidated) > maxInvalidatedTags {
		return fmt.Errorf("%d invalidated tags remembered", len(c.invalidated))
	}
	return nil
}

// TagCount is the number of tags in the tag index.
func (c *Cache) TagCount() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.tags)
}

// Remembered is the number of invalidated tags remembered, and of ghost keys.
func (c *Cache) Remembered() (tags, ghosts int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.invalidated), len(c.ghost.ids)
}

const (
	EntryOverhead      = entryOverhead
	TagOverhead        = tagOverhead
	MaxInvalidatedTags = maxInvalidatedTags
)
