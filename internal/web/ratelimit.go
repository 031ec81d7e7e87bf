package web

import (
	"sync"
	"time"
)

// rateLimiter allows each client a number of actions per window (a sliding
// log per client address). It is per server: with several servers a client
// gets that many per server, which still bounds abuse.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	seen   map[string][]time.Time
	sweep  time.Time
}

func newRateLimiter(limit int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, now: now, seen: map[string][]time.Time{}}
}

// allow records an action by client and reports whether it is within the limit.
func (l *rateLimiter) allow(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cutoff := now.Add(-l.window)
	if now.Sub(l.sweep) > l.window {
		for k, ts := range l.seen {
			if len(ts) == 0 || ts[len(ts)-1].Before(cutoff) {
				delete(l.seen, k)
			}
		}
		l.sweep = now
	}
	ts := l.seen[client]
	i := 0
	for i < len(ts) && ts[i].Before(cutoff) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.limit {
		l.seen[client] = ts
		return false
	}
	l.seen[client] = append(ts, now)
	return true
}
