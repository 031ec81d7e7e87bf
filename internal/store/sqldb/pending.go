package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Pending changes of live episodes. A save of a published episode
// (SaveEpisode without SaveInfo.Publish) is written to episode_pending,
// whole, with its revision row; the tables that the public site, feeds,
// search and related lists read keep the live episode, and the content
// generation does not move, so no cached page changes. WorkingEpisode
// gives the editor the change; PublishPending writes it live (writeLive,
// as a save with Publish does) and DiscardPending drops it. An episode
// that leaves the site (unpublished, by hand or on schedule) takes its
// pending change along as its working copy (applyPending).

// pendingRow is a stored pending change.
type pendingRow struct {
	episode      *content.Episode
	liveRevision int
	revision     int
	substantive  bool
	userID       int64
	since, saved time.Time
}

// pendingOf returns the pending change of an episode, or nil.
func (s *DB) pendingOf(ctx context.Context, q querier, id int64) (*pendingRow, error) {
	var p pendingRow
	var data string
	var substantive int
	var user *int64
	var since, saved dbTime
	err := q.QueryRowContext(ctx, `SELECT live_revision, revision, substantive, data, user_id, created_at, updated_at
		FROM episode_pending WHERE episode_id = ?`, id).Scan(&p.liveRevision, &p.revision, &substantive, &data, &user, &since, &saved)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: pending change: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &p.episode); err != nil || p.episode == nil {
		return nil, fmt.Errorf("store: pending change of episode %d: %v", id, err)
	}
	p.substantive, p.since, p.saved = substantive != 0, since.T, saved.T
	if user != nil {
		p.userID = *user
	}
	return &p, nil
}

// savePending stores e, saved as revision rev over the live episode and
// the pending change prev (nil for none), as the episode's pending
// change. The slugs are checked against the other episodes as a live
// save's are.
func (s *DB) savePending(ctx context.Context, tx querier, e, live *content.Episode, prev *pendingRow, rev int, substantive bool, info content.SaveInfo) error {
	if err := s.checkEpisodeSlugs(ctx, tx, e); err != nil {
		return err
	}
	e.Revision, e.ModifiedAt = rev, live.ModifiedAt
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("store: pending change: %w", err)
	}
	var user any
	if info.UserID != 0 {
		user = info.UserID
	}
	now := s.t(info.Now)
	liveRev := rev - 1
	if prev != nil {
		liveRev, substantive = prev.liveRevision, substantive || prev.substantive
	}
	flag := 0
	if substantive {
		flag = 1
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO episode_pending (episode_id, live_revision, revision, substantive, data, user_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (episode_id) DO UPDATE SET revision = excluded.revision, substantive = excluded.substantive,
			data = excluded.data, user_id = excluded.user_id, updated_at = excluded.updated_at`,
		e.ID, liveRev, rev, flag, string(data), user, now, now)
	if err != nil {
		return fmt.Errorf("store: pending change: %w", err)
	}
	return nil
}

// WorkingEpisode implements store.Editing.
func (s *DB) WorkingEpisode(ctx context.Context, id int64) (*content.Episode, error) {
	live, err := s.EpisodeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.pendingOf(ctx, s.q, id)
	if err != nil || p == nil {
		return live, err
	}
	return working(live, p), nil
}

// working is the pending change p of live as its editor sees it: the
// change's content with the episode's identity, status and dates.
func working(live *content.Episode, p *pendingRow) *content.Episode {
	w := p.episode
	w.ID, w.Key, w.Status, w.OwnerID, w.Revision = live.ID, live.Key, live.Status, live.OwnerID, live.Revision
	w.PublishedAt, w.ModifiedAt, w.PublishAt, w.UnpublishAt = live.PublishedAt, live.ModifiedAt, live.PublishAt, live.UnpublishAt
	w.LegacyPaths = live.LegacyPaths
	w.Pending = &content.PendingChange{LiveRevision: p.liveRevision, UserID: p.userID, Since: p.since, SavedAt: p.saved}
	return w
}

// PublishPending implements store.Editing.
func (s *DB) PublishPending(ctx context.Context, id int64, revision int, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		live, p, err := s.lockPending(ctx, tx, id, revision)
		if err != nil {
			return err
		}
		if live.Status != content.Published {
			return fmt.Errorf("episode %d is %s: %w", id, live.Status, content.ErrConflict)
		}
		return s.applyPending(ctx, tx, live, p, now)
	})
	if err != nil {
		return fmt.Errorf("store: publish pending change: %w", err)
	}
	return nil
}

// DiscardPending implements store.Editing.
func (s *DB) DiscardPending(ctx context.Context, id int64, revision int, info content.SaveInfo) (int, error) {
	var rev int
	err := s.inTx(ctx, func(tx querier) error {
		live, _, err := s.lockPending(ctx, tx, id, revision)
		if err != nil {
			return err
		}
		if rev, err = s.nextRevision(ctx, tx, id, revision, info.Now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM episode_pending WHERE episode_id = ?`, id); err != nil {
			return err
		}
		info.Minor = false
		return s.addRevision(ctx, tx, live, rev, info, nil)
	})
	if err != nil {
		return 0, fmt.Errorf("store: discard pending change: %w", err)
	}
	return rev, nil
}

// lockPending checks, in tx, that the episode is at revision and has a
// pending change, and returns the live episode and the change. The
// revision is compared on the episode's row, which the update takes (and
// so orders against concurrent saves).
func (s *DB) lockPending(ctx context.Context, tx querier, id int64, revision int) (*content.Episode, *pendingRow, error) {
	res, err := tx.ExecContext(ctx, `UPDATE episodes SET revision = revision WHERE id = ? AND revision = ?`, id, revision)
	if err != nil {
		return nil, nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, nil, err
	} else if n == 0 {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM episodes WHERE id = ?`, id).Scan(&one); isNoRows(err) {
			return nil, nil, notFound("episode")
		}
		return nil, nil, fmt.Errorf("episode %d is no longer at revision %d: %w", id, revision, content.ErrConflict)
	}
	p, err := s.pendingOf(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return nil, nil, notFound("pending change")
	}
	eps, err := s.loadEpisodes(ctx, tx, []int64{id})
	if err != nil {
		return nil, nil, err
	}
	return eps[0], p, nil
}

// applyPending writes the pending change p of live to the public tables
// and drops it. Topics, authors and a series deleted since it was saved
// are left out.
func (s *DB) applyPending(ctx context.Context, tx querier, live *content.Episode, p *pendingRow, now time.Time) error {
	e := working(live, p)
	e.Pending = nil
	if err := s.dropDeleted(ctx, tx, e); err != nil {
		return err
	}
	if err := s.writeLive(ctx, tx, e, live, p.substantive, now.UTC()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM episode_pending WHERE episode_id = ?`, live.ID)
	return err
}

// dropDeleted leaves out of e the topics, authors and series that no
// longer exist.
func (s *DB) dropDeleted(ctx context.Context, tx querier, e *content.Episode) error {
	exists := func(table string, id int64) (bool, error) {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one)
		if isNoRows(err) {
			return false, nil
		}
		return err == nil, err
	}
	var err error
	goneFrom := func(table string) func(id int64) bool {
		return func(id int64) bool {
			ok, e := exists(table, id)
			if e != nil {
				err = e
			}
			return !ok
		}
	}
	gone := goneFrom("topics")
	e.Topics = slices.DeleteFunc(e.Topics, func(t content.Topic) bool { return gone(t.ID) })
	gone = goneFrom("authors")
	e.Authors = slices.DeleteFunc(e.Authors, func(a content.Author) bool { return gone(a.ID) })
	if e.Series != nil && goneFrom("series")(e.Series.Series.ID) {
		e.Series = nil
	}
	return err
}
