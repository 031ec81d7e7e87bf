package web

import (
	"context"
	"sync"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
)

// feedChannel is a feed being built, with what it cannot carry of each
// episode's recording (content.FeedMedia), by episode id.
type feedChannel struct {
	*feed.Channel
	media map[int64][]content.Check
}

// maxLoggedProblems bounds how many feed problems a server remembers having
// logged; beyond, the oldest is forgotten (and logged again if it shows
// again).
const maxLoggedProblems = 4096

// problemKey is one problem of one episode's version in feeds.
type problemKey struct {
	episode int64
	lang    content.Lang
	reason  string
}

// loggedProblems remembers the feed problems already logged, so that each
// is logged once, not on every feed built: a bounded set, oldest out first.
type loggedProblems struct {
	mu    sync.Mutex
	max   int
	seen  map[problemKey]bool
	order []problemKey // a ring of the keys in seen, oldest at next
	next  int
}

func newLoggedProblems(max int) *loggedProblems {
	return &loggedProblems{max: max, seen: map[problemKey]bool{}}
}

// first reports whether k is new, and remembers it.
func (l *loggedProblems) first(k problemKey) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[k] {
		return false
	}
	if len(l.order) < l.max {
		l.order = append(l.order, k)
	} else {
		delete(l.seen, l.order[l.next])
		l.order[l.next] = k
		l.next = (l.next + 1) % l.max
	}
	l.seen[k] = true
	return true
}

// logMediaProblems logs, once per episode, language and reason, why feeds
// cannot carry an episode's recording as it is: episode feeds carry the
// episode without it, podcasts leave the episode out (the reason says
// which). The back office lists the same problems.
func (h *Handler) logMediaProblems(ctx context.Context, fc *feedChannel) {
	en := h.printer(content.English)
	for id, checks := range fc.media {
		for _, c := range checks {
			if h.logged.first(problemKey{id, c.Lang, c.Key}) {
				h.log.WarnContext(ctx, "feeds cannot carry an episode's recording as it is",
					"episode_id", id, "lang", string(c.Lang), "reason", c.Key, "detail", en.T(c.Key, "arg", c.Arg))
			}
		}
	}
}

// logPruned logs, once per episode, language and reason, what Prune did
// to an item.
func (h *Handler) logPruned(ctx context.Context, lang content.Lang, probs []feed.Problem) {
	for _, p := range probs {
		if !h.logged.first(problemKey{p.Ref, lang, p.Reason}) {
			continue
		}
		msg := "feeds carry an episode without part of it"
		if p.LeftOut {
			msg = "a feed leaves an episode out"
		}
		h.log.WarnContext(ctx, msg, "episode_id", p.Ref, "lang", string(lang), "reason", p.Reason)
	}
}
