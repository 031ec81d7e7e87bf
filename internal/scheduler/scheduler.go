// Package scheduler publishes and unpublishes episodes at the times the
// back office scheduled. All its state is in the database (the episodes'
// status, publish_at and unpublish_at), so a restarted server catches up on
// its first run, and several servers may run it on one PostgreSQL database:
// the store acts on each episode exactly once (store.Workflow.RunSchedule).
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/busrides/busrides/internal/store"
)

// Every is how often the scheduler runs: a scheduled time is acted on
// within a minute (at most 30 seconds late, plus the run itself).
const Every = 30 * time.Second

// Runner is the part of the store the scheduler uses.
type Runner interface {
	RunSchedule(ctx context.Context, now time.Time) (store.ScheduleResult, error)
}

// Scheduler runs the schedule periodically.
type Scheduler struct {
	Store  Runner
	Now    func() time.Time // default time.Now
	Every  time.Duration    // default Every
	Logger *slog.Logger     // default: discard
}

// Run runs the schedule at once (catching up on what came due while no
// server ran), then every s.Every, until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	every := s.Every
	if every <= 0 {
		every = Every
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick runs the schedule once and logs what it did. A failure is logged
// and retried at the next tick.
func (s *Scheduler) Tick(ctx context.Context) store.ScheduleResult {
	now, log := time.Now, s.Logger
	if s.Now != nil {
		now = s.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	at := now()
	res, err := s.Store.RunSchedule(ctx, at)
	if err != nil {
		if ctx.Err() == nil {
			log.ErrorContext(ctx, "scheduler: run failed", "at", at, "err", err)
		}
	}
	for _, id := range res.Published {
		log.InfoContext(ctx, "scheduler: episode published", "episode", id, "at", at)
	}
	for _, id := range res.Unpublished {
		log.InfoContext(ctx, "scheduler: episode unpublished", "episode", id, "at", at)
	}
	return res
}
