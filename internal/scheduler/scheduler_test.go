package scheduler_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/scheduler"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/postgres"
	"github.com/busrides/busrides/internal/store/sqlite"
	"github.com/busrides/busrides/internal/testutil"
)

// fakeStore publishes its episodes when a run's time reaches theirs, as
// the real store does, and records every run.
type fakeStore struct {
	mu        sync.Mutex
	runs      []time.Time
	due       map[int64]time.Time
	published map[int64]time.Time
	fail      bool
}

func (f *fakeStore) RunSchedule(_ context.Context, now time.Time) (store.ScheduleResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs = append(f.runs, now)
	if f.fail {
		return store.ScheduleResult{}, errors.New("database unavailable")
	}
	var res store.ScheduleResult
	for id, at := range f.due {
		if _, done := f.published[id]; !done && !at.After(now) {
			f.published[id] = now
			res.Published = append(res.Published, id)
		}
	}
	return res, nil
}

func (f *fakeStore) snapshot() ([]time.Time, map[int64]time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := map[int64]time.Time{}
	for k, v := range f.published {
		p[k] = v
	}
	return slices.Clone(f.runs), p
}

// TestRunsEvery30Seconds: a run at start, then one every 30 seconds; each
// due episode is published within a minute of its time, never before; the
// loop stops with its context.
func TestRunsEvery30Seconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		f := &fakeStore{due: map[int64]time.Time{
			1: start.Add(-time.Hour),         // left over from before the start
			2: start.Add(45 * time.Second),   // between two runs
			3: start.Add(2 * time.Minute),    // exactly on a run
			4: start.Add(10*time.Minute + 1), // just after a run
		}, published: map[int64]time.Time{}}
		var logs bytes.Buffer
		s := &scheduler.Scheduler{Store: f, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()

		synctest.Wait()
		runs, pub := f.snapshot()
		if len(runs) != 1 || !runs[0].Equal(start) {
			t.Fatalf("runs at start: %v", runs)
		}
		if _, ok := pub[1]; !ok {
			t.Error("the episode due before the start was not published by the first run")
		}
		time.Sleep(29 * time.Second) // fake time inside the bubble
		synctest.Wait()
		if runs, _ := f.snapshot(); len(runs) != 1 {
			t.Fatalf("ran before 30 seconds: %v", runs)
		}
		time.Sleep(11*time.Minute - 29*time.Second)
		synctest.Wait()
		runs, pub = f.snapshot()
		if len(runs) != 23 { // 0, 30 s, …, 11 min
			t.Errorf("%d runs in 11 minutes, want 23", len(runs))
		}
		for id, due := range f.due {
			at, ok := pub[id]
			switch {
			case !ok:
				t.Errorf("episode %d (due %v) not published", id, due.Sub(start))
			case at.Before(due):
				t.Errorf("episode %d published %v early", id, due.Sub(at))
			case at.Sub(due) > time.Minute && id != 1:
				t.Errorf("episode %d published %v late", id, at.Sub(due))
			}
		}
		if !strings.Contains(logs.String(), "scheduler: episode published") {
			t.Errorf("no log line: %s", logs.String())
		}

		cancel()
		synctest.Wait()
		select {
		case <-done:
		default:
			t.Fatal("Run did not stop with its context")
		}
	})
}

// TestFailureIsRetried: a failed run is logged and the next tick tries again.
func TestFailureIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeStore{fail: true, due: map[int64]time.Time{7: time.Now()}, published: map[int64]time.Time{}}
		var logs bytes.Buffer
		s := &scheduler.Scheduler{Store: f, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go s.Run(ctx)
		synctest.Wait()
		if !strings.Contains(logs.String(), "database unavailable") {
			t.Errorf("the failure was not logged: %q", logs.String())
		}
		f.mu.Lock()
		f.fail = false
		f.mu.Unlock()
		time.Sleep(scheduler.Every)
		synctest.Wait()
		if _, pub := f.snapshot(); pub[7].IsZero() {
			t.Error("not published on the run after the failure")
		}
		cancel()
		synctest.Wait()
	})
}

// TestRestart: an episode that came due while no server ran (scheduled by
// a previous process, which then stopped) is published by a fresh
// scheduler's first run, on a database opened anew.
func TestRestart(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			open := func(ctx context.Context, dsn string) (store.Store, error) { return sqlite.Open(ctx, dsn) }
			dsn := filepath.Join(t.TempDir(), "b.db")
			if db == "postgres" {
				dsn = testutil.PostgresDSN(t)
				open = func(ctx context.Context, dsn string) (store.Store, error) { return postgres.Open(ctx, dsn) }
			}
			ctx := t.Context()
			due := time.Date(2026, 3, 8, 14, 0, 0, 0, time.UTC)

			// The previous process: schedules an episode, then stops.
			st, err := open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			ep := content.Episode{Key: "later", Kind: content.Read, Status: content.Draft, LegacyPaths: []string{"/id/later"},
				Versions: map[content.Lang]*content.Version{}}
			for _, l := range content.Langs {
				ep.Versions[l] = &content.Version{Lang: l, Title: "Later " + string(l), Summary: "S", BodyMarkdown: "B", BodyHTML: "<p>B</p>", WordCount: 1}
			}
			if _, err := st.ImportBundle(ctx, &content.Bundle{Episodes: []content.Episode{ep}}, due.Add(-48*time.Hour)); err != nil {
				t.Fatal(err)
			}
			id, _, err := st.Redirect(ctx, "/id/later")
			if err != nil {
				t.Fatal(err)
			}
			if err := st.ChangeEpisodeState(ctx, store.StateChange{EpisodeID: id, Op: content.OpSchedule, From: content.Draft,
				PublishAt: due, Now: due.Add(-24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}

			// The next process starts after the due time.
			st, err = open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			s := &scheduler.Scheduler{Store: st, Now: func() time.Time { return due.Add(3 * time.Hour) }}
			res := s.Tick(ctx)
			if !slices.Equal(res.Published, []int64{id}) {
				t.Fatalf("first run after the restart: %+v", res)
			}
			e, err := st.EpisodeByID(ctx, id)
			if err != nil || e.Status != content.Published {
				t.Fatalf("episode: %+v, %v", e, err)
			}
		})
	}
}
