package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// ErrStateConflict is returned (wrapped) when an episode is no longer in
// the status or revision a workflow step was decided on.
var ErrStateConflict = fmt.Errorf("the episode changed since the page was shown: %w", content.ErrConflict)

// auditActions names the audit entry of each workflow step.
var auditActions = map[content.Op]string{
	content.OpSubmit:           "episode.submitted",
	content.OpBackToDraft:      "episode.back_to_draft",
	content.OpPublish:          "episode.published",
	content.OpPublishOne:       "episode.published_one_language",
	content.OpSchedule:         "episode.scheduled",
	content.OpCancelSchedule:   "episode.schedule_canceled",
	content.OpUnpublish:        "episode.unpublished",
	content.OpScheduleUnpub:    "episode.unpublish_scheduled",
	content.OpCancelUnpublish:  "episode.unpublish_canceled",
	content.OpScheduledPublish: "episode.published",
	content.OpScheduledUnpub:   "episode.unpublished",
}

// ChangeEpisodeState implements store.Workflow.
func (s *DB) ChangeEpisodeState(ctx context.Context, c store.StateChange) error {
	err := s.inTx(ctx, func(tx querier) error { return s.changeState(ctx, tx, c) })
	if err != nil {
		return fmt.Errorf("store: %s episode %d: %w", c.Op, c.EpisodeID, err)
	}
	return nil
}

// changeState applies c in tx: the compare-and-swap update, its effects
// (search index, exception, generation) and the audit entry.
func (s *DB) changeState(ctx context.Context, tx querier, c store.StateChange) error {
	t, ok := content.TransitionFor(c.Op)
	if !ok {
		return fmt.Errorf("unknown workflow step %q", c.Op)
	}
	if !slices.Contains(t.From, c.From) {
		return ErrStateConflict
	}
	now := s.t(c.Now)
	var set string
	var args []any
	detail := ""
	switch t.To {
	case content.Published:
		switch c.Op {
		case content.OpScheduleUnpub:
			if c.UnpublishAt.IsZero() {
				return errors.New("no unpublication time")
			}
			set, args = `unpublish_at = ?`, []any{s.t(c.UnpublishAt)}
			detail = c.UnpublishAt.UTC().Format(time.RFC3339)
		case content.OpCancelUnpublish:
			set = `unpublish_at = NULL`
		default:
			// The first publication date is kept; it is also the first
			// "date modified" (as the importer does without one).
			set = `status = 'published', published_at = COALESCE(published_at, ?),
				modified_at = CASE WHEN published_at IS NULL THEN ? ELSE modified_at END, publish_at = NULL`
			args = []any{now, now}
			if !c.UnpublishAt.IsZero() {
				set += `, unpublish_at = ?`
				args = append(args, s.t(c.UnpublishAt))
			}
		}
	case content.Scheduled:
		if c.PublishAt.IsZero() {
			return errors.New("no publication time")
		}
		set, args = `status = 'scheduled', publish_at = ?`, []any{s.t(c.PublishAt)}
		detail = c.PublishAt.UTC().Format(time.RFC3339)
	case content.Unpublished:
		set = `status = 'unpublished', unpublish_at = NULL`
	case content.Draft, content.Review:
		set, args = `status = ?, publish_at = NULL`, []any{string(t.To)}
	default:
		return fmt.Errorf("no rule for status %q", t.To)
	}
	// The reviewer asked is the episode's while it is in review only.
	var reviewer any
	if t.To == content.Review && c.ReviewerID != 0 {
		reviewer = c.ReviewerID
	}
	args = append(args, reviewer, now, c.EpisodeID, string(c.From), c.Revision)
	res, err := tx.ExecContext(ctx, `UPDATE episodes SET `+set+`, reviewer_id = ?, updated_at = ? WHERE id = ? AND status = ? AND revision = ?`, args...)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM episodes WHERE id = ?`, c.EpisodeID).Scan(&one)
		if isNoRows(err) {
			return notFound("episode")
		}
		if err != nil {
			return err
		}
		return ErrStateConflict
	}

	if c.From == content.Published && t.To != content.Published {
		// Off the site, a pending change becomes the working copy.
		if p, err := s.pendingOf(ctx, tx, c.EpisodeID); err != nil {
			return err
		} else if p != nil {
			eps, err := s.loadEpisodes(ctx, tx, []int64{c.EpisodeID})
			if err != nil {
				return err
			}
			if err := s.applyPending(ctx, tx, eps[0], p, c.Now); err != nil {
				return err
			}
		}
	}
	public := c.From == content.Published || t.To == content.Published
	if t.To == content.Published && c.Op != content.OpScheduleUnpub && c.Op != content.OpCancelUnpublish {
		d, err := s.publishEffects(ctx, tx, c)
		if err != nil {
			return err
		}
		detail = d
	}
	if public {
		// Whether search shows the episode may have changed with its
		// status (servers' in-memory search copies read this).
		for _, lang := range content.Langs {
			if err := s.noteSearchChange(ctx, tx, c.EpisodeID, lang); err != nil {
				return err
			}
		}
		// The episode enters or leaves public pages, or moves in them: its
		// pages and every list it belongs to change.
		eps, err := s.loadEpisodes(ctx, tx, []int64{c.EpisodeID})
		if err != nil {
			return err
		}
		if err := s.bumpGeneration(ctx, tx, store.EpisodeListTags(eps...)...); err != nil {
			return err
		}
	}
	if c.Note != nil {
		n := *c.Note
		n.EpisodeID = c.EpisodeID
		if _, err := s.addNoteTx(ctx, tx, n); err != nil {
			return err
		}
	}
	if err := s.queueMailTx(ctx, tx, c.Mail); err != nil {
		return err
	}
	if c.ReviewerID != 0 && t.To == content.Review {
		detail = strings.TrimSpace(detail + " reviewer=user:" + strconv.FormatInt(c.ReviewerID, 10))
	}
	a := c.Audit
	a.Action, a.Target, a.Detail = auditActions[c.Op], "episode:"+strconv.FormatInt(c.EpisodeID, 10), detail
	if c.Op == content.OpScheduledPublish || c.Op == content.OpScheduledUnpub {
		a.Detail = strings.TrimSpace("scheduled " + a.Detail)
	}
	if a.At.IsZero() {
		a.At = c.Now
	}
	return s.addAuditTx(ctx, tx, a)
}

// publishEffects records or removes the one-language exception and indexes
// the versions the public may now see. It returns the audit detail.
func (s *DB) publishEffects(ctx context.Context, tx querier, c store.StateChange) (string, error) {
	eps, err := s.loadEpisodes(ctx, tx, []int64{c.EpisodeID})
	if err != nil {
		return "", err
	}
	if len(eps) == 0 {
		return "", notFound("episode")
	}
	ep := eps[0]
	detail := ""
	var hidden content.Lang
	switch {
	case c.Op == content.OpPublishOne:
		x := c.Exception
		if x == nil || ep.Version(x.Lang) == nil {
			return "", errors.New("a one-language publication needs an exception for a language the episode has")
		}
		var user any
		if x.UserID != 0 {
			user = x.UserID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO language_exceptions (episode_id, lang, reason, user_id, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (episode_id) DO UPDATE SET lang = excluded.lang, reason = excluded.reason, user_id = excluded.user_id, created_at = excluded.created_at`,
			c.EpisodeID, string(x.Lang), x.Reason, user, s.t(c.Now)); err != nil {
			return "", fmt.Errorf("exception: %w", err)
		}
		hidden = x.Lang.Other()
		detail = "lang=" + string(x.Lang) + "; reason=" + x.Reason
	case ep.Version(content.English) != nil && ep.Version(content.French) != nil:
		// Published with both languages: the exception has ended.
		res, err := tx.ExecContext(ctx, `DELETE FROM language_exceptions WHERE episode_id = ?`, c.EpisodeID)
		if err != nil {
			return "", fmt.Errorf("exception: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			detail = "exception ended"
		}
	default:
		// One version only and no new exception (a scheduled episode whose
		// other version was removed meanwhile): an existing exception stays.
		var lang content.Lang
		err := tx.QueryRowContext(ctx, `SELECT lang FROM language_exceptions WHERE episode_id = ?`, c.EpisodeID).Scan(&lang)
		if err != nil && !isNoRows(err) {
			return "", err
		}
		if err == nil {
			hidden = lang.Other()
		}
	}
	// Search sees what the public sees; indexVersion also lends a published
	// episode's words to "Did you mean".
	for _, lang := range content.Langs {
		if v := ep.Version(lang); v != nil && lang != hidden {
			err = s.indexVersion(ctx, tx, ep.ID, lang, v)
		} else {
			err = s.unindexVersion(ctx, tx, ep.ID, lang)
		}
		if err != nil {
			return "", err
		}
	}
	return detail, nil
}

// maxSchedulePerRun bounds the episodes one RunSchedule call acts on; the
// next call (30 seconds later) continues.
const maxSchedulePerRun = 500

// RunSchedule implements store.Workflow. Each due episode is claimed and
// changed in its own transaction: on PostgreSQL the claim is SELECT … FOR
// UPDATE SKIP LOCKED, so concurrent servers take different episodes and
// one that is already published no longer matches; on SQLite the immediate
// write transaction serialises callers.
func (s *DB) RunSchedule(ctx context.Context, now time.Time) (store.ScheduleResult, error) {
	var res store.ScheduleResult
	steps := []struct {
		op    content.Op
		from  content.Status
		where string
		out   *[]int64
	}{
		{content.OpScheduledPublish, content.Scheduled, `status = 'scheduled' AND publish_at IS NOT NULL AND publish_at <= ? ORDER BY publish_at, id`, &res.Published},
		{content.OpScheduledUnpub, content.Published, `status = 'published' AND unpublish_at IS NOT NULL AND unpublish_at <= ? ORDER BY unpublish_at, id`, &res.Unpublished},
	}
	for _, st := range steps {
		for range maxSchedulePerRun {
			var id int64
			err := s.inTx(ctx, func(tx querier) error {
				id = 0
				var rev int
				err := tx.QueryRowContext(ctx, `SELECT id, revision FROM episodes WHERE `+st.where+` LIMIT 1`+s.d.SkipLocked, s.t(now)).Scan(&id, &rev)
				if isNoRows(err) {
					return nil
				}
				if err != nil {
					return err
				}
				return s.changeState(ctx, tx, store.StateChange{EpisodeID: id, Op: st.op, From: st.from, Revision: rev, Now: now})
			})
			if err != nil {
				return res, fmt.Errorf("store: run schedule: %s episode %d: %w", st.op, id, err)
			}
			if id == 0 {
				break
			}
			*st.out = append(*st.out, id)
		}
	}
	return res, nil
}

// LanguageException implements store.Workflow.
func (s *DB) LanguageException(ctx context.Context, episodeID int64) (*content.LanguageException, error) {
	x := &content.LanguageException{EpisodeID: episodeID}
	var user sql.NullInt64
	var at dbTime
	err := s.q.QueryRowContext(ctx, `SELECT lang, reason, user_id, created_at FROM language_exceptions WHERE episode_id = ?`, episodeID).
		Scan(&x.Lang, &x.Reason, &user, &at)
	if isNoRows(err) {
		return nil, notFound("language exception")
	}
	if err != nil {
		return nil, fmt.Errorf("store: language exception: %w", err)
	}
	x.UserID, x.CreatedAt = user.Int64, at.T
	return x, nil
}

// ParityReport implements store.Workflow: one query over episodes, both
// versions and the exception; the problems are told apart here.
func (s *DB) ParityReport(ctx context.Context, f store.ParityFilter) (store.ParityReport, error) {
	rep := store.ParityReport{Counts: map[store.ParityProblem]int{}}
	where := []string{`(ve.episode_id IS NULL OR vf.episode_id IS NULL OR x.episode_id IS NOT NULL
		OR vf.changed_rev > ve.aligned_rev OR ve.changed_rev > vf.aligned_rev)`}
	var args []any
	if f.TopicID != 0 {
		where = append(where, `EXISTS (SELECT 1 FROM episode_topics et WHERE et.episode_id = e.id AND et.topic_id = ?)`)
		args = append(args, f.TopicID)
	}
	if f.Kind != "" {
		where = append(where, `e.kind = ?`)
		args = append(args, string(f.Kind))
	}
	if f.Status != "" {
		where = append(where, `e.status = ?`)
		args = append(args, string(f.Status))
	}
	rows, err := s.q.QueryContext(ctx, `SELECT e.id, e.key, e.kind, e.status,
		ve.episode_id, ve.title, ve.changed_rev, ve.changed_at, ve.aligned_rev,
		vf.episode_id, vf.title, vf.changed_rev, vf.changed_at, vf.aligned_rev,
		x.lang, x.reason, x.user_id, x.created_at
		FROM episodes e
		LEFT JOIN versions ve ON ve.episode_id = e.id AND ve.lang = 'en'
		LEFT JOIN versions vf ON vf.episode_id = e.id AND vf.lang = 'fr'
		LEFT JOIN language_exceptions x ON x.episode_id = e.id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY e.id DESC`, args...)
	if err != nil {
		return rep, fmt.Errorf("store: parity report: %w", err)
	}
	defer rows.Close()
	type side struct {
		id                    sql.NullInt64
		title                 sql.NullString
		changedRev, alignedRv sql.NullInt64
		changedAt             dbTime
	}
	for rows.Next() {
		var r store.ParityRow
		var en, frv side
		var xLang, xReason sql.NullString
		var xUser sql.NullInt64
		var xAt dbTime
		if err := rows.Scan(&r.EpisodeID, &r.Key, &r.Kind, &r.Status,
			&en.id, &en.title, &en.changedRev, &en.changedAt, &en.alignedRv,
			&frv.id, &frv.title, &frv.changedRev, &frv.changedAt, &frv.alignedRv,
			&xLang, &xReason, &xUser, &xAt); err != nil {
			return rep, fmt.Errorf("store: parity report: %w", err)
		}
		r.Titles = content.Bilingual{EN: en.title.String, FR: frv.title.String}
		if !en.id.Valid {
			r.Missing = append(r.Missing, content.English)
		}
		if !frv.id.Valid {
			r.Missing = append(r.Missing, content.French)
		}
		if en.id.Valid && frv.id.Valid {
			switch {
			case frv.changedRev.Int64 > en.alignedRv.Int64:
				r.Stale, r.StaleSince = content.English, frv.changedAt.T
			case en.changedRev.Int64 > frv.alignedRv.Int64:
				r.Stale, r.StaleSince = content.French, en.changedAt.T
			}
		}
		if xLang.Valid {
			r.Exception = &content.LanguageException{EpisodeID: r.EpisodeID, Lang: content.Lang(xLang.String), Reason: xReason.String,
				UserID: xUser.Int64, CreatedAt: xAt.T}
		}
		for _, p := range store.ParityProblems {
			if r.Has(p) {
				rep.Counts[p]++
			}
		}
		if f.Problem == "" || r.Has(f.Problem) {
			rep.Rows = append(rep.Rows, r)
		}
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("store: parity report: %w", err)
	}
	return rep, nil
}

// PublishedRecordings implements store.Workflow: the live versions of
// Listen and Watch episodes, with their media fields.
func (s *DB) PublishedRecordings(ctx context.Context, now time.Time) ([]store.Recording, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT e.id, e.kind, e.published_at, v.lang, v.title, v.slug,
		v.media_url, v.media_type, v.media_seconds, v.media_bytes
		FROM episodes e JOIN versions v ON v.episode_id = e.id
		WHERE e.kind IN ('listen', 'watch') AND `+liveWhere+` AND `+shownWhere+`
		ORDER BY e.published_at DESC, e.id DESC, v.lang`, s.t(now))
	if err != nil {
		return nil, fmt.Errorf("store: published recordings: %w", err)
	}
	defer rows.Close()
	var out []store.Recording
	for rows.Next() {
		var r store.Recording
		var at dbTime
		v := &r.Version
		if err := rows.Scan(&r.EpisodeID, &r.Kind, &at, &v.Lang, &v.Title, &v.Slug,
			&v.MediaURL, &v.MediaType, &v.MediaSeconds, &v.MediaBytes); err != nil {
			return nil, fmt.Errorf("store: scan recording: %w", err)
		}
		r.PublishedAt, v.EpisodeID = at.T, r.EpisodeID
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: published recordings: %w", err)
	}
	return out, nil
}
