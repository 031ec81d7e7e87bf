package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/sqldb"
)

// workflowTests are run by Run (see storetest.go).
var workflowTests = []test{
	{"WorkflowStateChanges", testWorkflowStateChanges},
	{"WorkflowConflicts", testWorkflowConflicts},
	{"WorkflowException", testWorkflowException},
	{"WorkflowSchedule", testWorkflowSchedule},
	{"WorkflowScheduleExactlyOnce", testWorkflowScheduleExactlyOnce},
	{"ParityReport", testParityReport},
	{"PublishedRecordings", testPublishedRecordings},
}

// change applies a workflow step as the store sees the episode now.
func change(t *testing.T, s store.Store, id int64, op content.Op, at time.Time, mod func(*store.StateChange)) error {
	t.Helper()
	e := mustByID(t, s, id)
	c := store.StateChange{EpisodeID: id, Op: op, From: e.Status, Revision: e.Revision, Now: at,
		Audit: content.AuditEntry{ActorID: 0, IP: "192.0.2.1"}}
	if mod != nil {
		mod(&c)
	}
	return s.ChangeEpisodeState(t.Context(), c)
}

func mustChange(t *testing.T, s store.Store, id int64, op content.Op, at time.Time, mod func(*store.StateChange)) {
	t.Helper()
	if err := change(t, s, id, op, at, mod); err != nil {
		t.Fatalf("%s episode %d: %v", op, id, err)
	}
}

// auditFor lists the audit entries about one episode, oldest first.
func auditFor(t *testing.T, s store.Store, id int64) []content.AuditEntry {
	t.Helper()
	log, err := s.AuditLog(t.Context(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []content.AuditEntry
	for _, a := range slices.Backward(log) {
		if a.Target == "episode:"+strconv.FormatInt(id, 10) {
			out = append(out, a)
		}
	}
	return out
}

func actions(es []content.AuditEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Action
	}
	return out
}

func isLive(t *testing.T, s store.Store, lang content.Lang, slug string, at time.Time) bool {
	t.Helper()
	_, err := s.EpisodeBySlug(t.Context(), lang, slug, at)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func testWorkflowStateChanges(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("wf", time.Time{}, draft, legacy("/id/wf"), titled("Bicycles everywhere", "Vélos partout"))))
	id := idOf(t, s, "wf")
	if w, _ := s.SearchWords(ctx, en); slices.Contains(w, "bicycles") {
		t.Fatal("a draft's words are suggested")
	}
	mustChange(t, s, id, content.OpSubmit, now, nil)
	if e := mustByID(t, s, id); e.Status != content.Review {
		t.Fatalf("after submit: %s", e.Status)
	}
	mustChange(t, s, id, content.OpBackToDraft, now, nil)
	mustChange(t, s, id, content.OpSubmit, now, nil)

	g := generation(t, s)
	at := now.Add(time.Hour)
	mustChange(t, s, id, content.OpPublish, at, nil)
	e := mustByID(t, s, id)
	if e.Status != content.Published || !e.PublishedAt.Equal(at) || !e.ModifiedAt.Equal(at) {
		t.Fatalf("after publish: %s published %v modified %v", e.Status, e.PublishedAt, e.ModifiedAt)
	}
	if generation(t, s) <= g {
		t.Error("publishing did not bump the generation")
	}
	if !isLive(t, s, en, "bicycles-everywhere", at) || !isLive(t, s, fr, "velos-partout", at) {
		t.Error("published episode not live in both languages")
	}
	if w, _ := s.SearchWords(ctx, en); !slices.Contains(w, "bicycles") {
		t.Error("publishing did not lend the episode's words to suggestions")
	}

	// Unpublish, then publish again later: the first publication date stays.
	mustChange(t, s, id, content.OpUnpublish, at.Add(time.Hour), nil)
	if isLive(t, s, en, "bicycles-everywhere", at.Add(2*time.Hour)) {
		t.Error("unpublished episode still live")
	}
	page, err := s.Episodes(ctx, store.EpisodeQuery{Lang: en, Now: at.Add(2 * time.Hour)})
	if err != nil || page.Total != 0 {
		t.Errorf("listing after unpublish: %d, %v", page.Total, err)
	}
	mustChange(t, s, id, content.OpBackToDraft, at.Add(2*time.Hour), nil)
	mustChange(t, s, id, content.OpPublish, at.Add(3*time.Hour), nil)
	if e := mustByID(t, s, id); !e.PublishedAt.Equal(at) || !e.ModifiedAt.Equal(at) {
		t.Errorf("republished: published %v modified %v; want both %v", e.PublishedAt, e.ModifiedAt, at)
	}
	want := []string{"episode.submitted", "episode.back_to_draft", "episode.submitted", "episode.published",
		"episode.unpublished", "episode.back_to_draft", "episode.published"}
	got := auditFor(t, s, id)
	if !slices.Equal(actions(got), want) {
		t.Errorf("audit: %v\nwant %v", actions(got), want)
	}
	if len(got) > 0 && (got[0].IP != "192.0.2.1" || !got[0].At.Equal(now)) {
		t.Errorf("audit entry: %+v", got[0])
	}

	// Scheduling an unpublication keeps it published; cancelling clears it.
	off := at.Add(48 * time.Hour)
	mustChange(t, s, id, content.OpScheduleUnpub, at.Add(4*time.Hour), func(c *store.StateChange) { c.UnpublishAt = off })
	if e := mustByID(t, s, id); e.Status != content.Published || !e.UnpublishAt.Equal(off) {
		t.Errorf("schedule unpublish: %s %v", e.Status, e.UnpublishAt)
	}
	mustChange(t, s, id, content.OpCancelUnpublish, at.Add(4*time.Hour), nil)
	if e := mustByID(t, s, id); !e.UnpublishAt.IsZero() {
		t.Errorf("cancel unpublish: %v", e.UnpublishAt)
	}

	unknown := store.StateChange{EpisodeID: 999999, Op: content.OpSubmit, From: content.Draft, Now: now}
	if err := s.ChangeEpisodeState(ctx, unknown); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("unknown episode: %v", err)
	}
}

func testWorkflowConflicts(t *testing.T, s store.Store) {
	mustImport(t, s, bundle(episode("c", time.Time{}, draft, legacy("/id/c"))))
	id := idOf(t, s, "c")
	e := mustByID(t, s, id)
	stale := store.StateChange{EpisodeID: id, Op: content.OpSubmit, From: e.Status, Revision: e.Revision, Now: now}
	mustChange(t, s, id, content.OpSubmit, now, nil)
	// The same step decided on the old state is a conflict and changes nothing.
	if err := s.ChangeEpisodeState(t.Context(), stale); !errors.Is(err, content.ErrConflict) {
		t.Errorf("stale status: %v, want a conflict", err)
	}
	// A revision saved meanwhile is a conflict too.
	wrongRev := store.StateChange{EpisodeID: id, Op: content.OpPublish, From: content.Review, Revision: e.Revision + 1, Now: now}
	if err := s.ChangeEpisodeState(t.Context(), wrongRev); !errors.Is(err, content.ErrConflict) {
		t.Errorf("stale revision: %v, want a conflict", err)
	}
	// A step the table does not allow from the status.
	bad := store.StateChange{EpisodeID: id, Op: content.OpUnpublish, From: content.Review, Now: now}
	if err := s.ChangeEpisodeState(t.Context(), bad); !errors.Is(err, content.ErrConflict) {
		t.Errorf("unpublish from review: %v, want a conflict", err)
	}
	if e := mustByID(t, s, id); e.Status != content.Review {
		t.Errorf("status %s, want review", e.Status)
	}
	if n := len(auditFor(t, s, id)); n != 1 {
		t.Errorf("%d audit entries, want 1 (refused steps are not audited)", n)
	}

	// Two concurrent steps from the same state: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			errs[i] = s.ChangeEpisodeState(t.Context(), store.StateChange{EpisodeID: id, Op: content.OpPublish, From: content.Review, Now: now})
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, content.ErrConflict):
			t.Errorf("concurrent publish: %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d concurrent publishes won, want 1", wins)
	}
}

func testWorkflowException(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("solo", time.Time{}, draft, legacy("/id/solo"), titled("Solo english", "Solo francais"), topics("data")),
		episode("peer", day(3), titled("Peer english", "Peer francais"), topics("data")),
	))
	id := idOf(t, s, "solo")
	g := generation(t, s)
	if _, err := s.PublicEpisodeByID(ctx, id, now); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("PublicEpisodeByID of a draft: %v, want ErrNotFound", err)
	}
	// Publishing one language needs the exception.
	if err := change(t, s, id, content.OpPublishOne, now, nil); err == nil {
		t.Fatal("one-language publish without an exception succeeded")
	}
	reason := "The French translation is delayed by the translation bureau."
	mustChange(t, s, id, content.OpPublishOne, now, func(c *store.StateChange) {
		c.Exception = &content.LanguageException{Lang: en, Reason: reason, UserID: 0}
	})
	if generation(t, s) <= g {
		t.Error("no generation bump")
	}
	x, err := s.LanguageException(ctx, id)
	if err != nil || x.Lang != en || x.Reason != reason || !x.CreatedAt.Equal(now) {
		t.Fatalf("exception: %+v, %v", x, err)
	}
	a := auditFor(t, s, id)
	if len(a) != 1 || a[0].Action != "episode.published_one_language" || a[0].Detail != "lang=en; reason="+reason {
		t.Errorf("audit: %+v", a)
	}

	// The public sees English only.
	if !isLive(t, s, en, "solo-english", now) {
		t.Error("English version not live")
	}
	if isLive(t, s, fr, "solo-francais", now) {
		t.Error("the French version is public despite the exception")
	}
	ep := mustBySlug(t, s, en, "solo-english")
	if ep.Version(fr) != nil {
		t.Error("the English page's episode carries the French version (language toggle, hreflang)")
	}
	for _, lang := range content.Langs {
		page, err := s.Episodes(ctx, store.EpisodeQuery{Lang: lang, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		has := slices.Contains(keys(page.Episodes), "solo")
		if has != (lang == en) {
			t.Errorf("%s listing has solo: %v", lang, has)
		}
		for _, e := range page.Episodes {
			if e.Key == "solo" && e.Version(fr) != nil {
				t.Error("the English listing (feeds, sitemap) carries the French version")
			}
		}
		peer := mustBySlug(t, s, lang, "peer-"+map[content.Lang]string{en: "english", fr: "francais"}[lang])
		rel, err := s.RelatedEpisodes(ctx, peer, lang, now, 5)
		if err != nil {
			t.Fatal(err)
		}
		if has := slices.Contains(keys(rel), "solo"); has != (lang == en) {
			t.Errorf("%s related has solo: %v", lang, has)
		}
	}
	// Search finds the English version only, and its hit does not carry
	// the French one (no "Also in French" link to a page that is not
	// public); a rebuilt index keeps it that way.
	for round := range 2 {
		if round == 1 {
			if err := s.Reindex(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, lang := range content.Langs {
			res := runSearch(t, s, store.SearchQuery{Lang: lang, Now: now, Terms: search.ParseQuery(string(lang), "solo").Terms, Limit: 10})
			found := false
			for _, h := range res.Hits {
				if h.Episode.Key == "solo" {
					found = true
					if h.Episode.Version(fr) != nil {
						t.Error("the English search hit carries the French version")
					}
				}
			}
			if found != (lang == en) {
				t.Errorf("round %d: %s search finds solo: %v", round, lang, found)
			}
		}
	}
	// Old URLs and feedback find the episode as the public sees it.
	if pub, err := s.PublicEpisodeByID(ctx, id, now); err != nil || pub.Version(en) == nil || pub.Version(fr) != nil {
		t.Errorf("PublicEpisodeByID = %+v, %v; want the English version only", pub, err)
	}
	// The back office still sees both versions.
	if e := mustByID(t, s, id); e.Version(fr) == nil {
		t.Error("EpisodeByID lost the French version")
	}
	rep, err := s.ParityReport(ctx, store.ParityFilter{Problem: store.ParityException})
	if err != nil || len(rep.Rows) != 1 || rep.Rows[0].EpisodeID != id || rep.Rows[0].Exception.Reason != reason {
		t.Fatalf("parity: %+v, %v", rep, err)
	}

	// Publishing both languages ends the exception.
	mustChange(t, s, id, content.OpPublish, now.Add(time.Hour), nil)
	if _, err := s.LanguageException(ctx, id); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("exception after publishing both: %v", err)
	}
	if !isLive(t, s, fr, "solo-francais", now.Add(time.Hour)) {
		t.Error("French not live after publishing both")
	}
	if e := mustByID(t, s, id); !e.PublishedAt.Equal(now) {
		t.Errorf("publication date moved: %v", e.PublishedAt)
	}
	rep, err = s.ParityReport(ctx, store.ParityFilter{})
	if err != nil || rep.Counts[store.ParityException] != 0 {
		t.Errorf("parity after both: %+v, %v", rep.Counts, err)
	}
	if a := auditFor(t, s, id); len(a) != 2 || a[1].Action != "episode.published" || a[1].Detail != "exception ended" {
		t.Errorf("audit: %+v", a)
	}
}

func testWorkflowSchedule(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("sch", time.Time{}, draft, legacy("/id/sch"), titled("Scheduled ride", "Trajet prévu"))))
	id := idOf(t, s, "sch")
	due := now.Add(90 * time.Minute)
	mustChange(t, s, id, content.OpSchedule, now, func(c *store.StateChange) { c.PublishAt = due })
	if e := mustByID(t, s, id); e.Status != content.Scheduled || !e.PublishAt.Equal(due) {
		t.Fatalf("scheduled: %s %v", e.Status, e.PublishAt)
	}
	// Not before its time.
	res, err := s.RunSchedule(ctx, due.Add(-time.Second))
	if err != nil || len(res.Published) != 0 {
		t.Fatalf("before due: %+v, %v", res, err)
	}
	if isLive(t, s, en, "scheduled-ride", due) {
		t.Fatal("live before the scheduler ran")
	}
	res, err = s.RunSchedule(ctx, due)
	if err != nil || !slices.Equal(res.Published, []int64{id}) {
		t.Fatalf("at due time: %+v, %v", res, err)
	}
	e := mustByID(t, s, id)
	if e.Status != content.Published || !e.PublishedAt.Equal(due) || !e.PublishAt.IsZero() {
		t.Errorf("after run: %s published %v publish_at %v", e.Status, e.PublishedAt, e.PublishAt)
	}
	if !isLive(t, s, en, "scheduled-ride", due) || !isLive(t, s, fr, "trajet-prevu", due) {
		t.Error("not live after the run")
	}
	// A second run does nothing.
	if res, err := s.RunSchedule(ctx, due.Add(time.Minute)); err != nil || len(res.Published)+len(res.Unpublished) != 0 {
		t.Errorf("second run: %+v, %v", res, err)
	}

	// Scheduled unpublication.
	off := due.Add(24 * time.Hour)
	mustChange(t, s, id, content.OpScheduleUnpub, due, func(c *store.StateChange) { c.UnpublishAt = off })
	if res, _ := s.RunSchedule(ctx, off.Add(-time.Minute)); len(res.Unpublished) != 0 {
		t.Error("unpublished early")
	}
	res, err = s.RunSchedule(ctx, off.Add(20*time.Second))
	if err != nil || !slices.Equal(res.Unpublished, []int64{id}) {
		t.Fatalf("unpublish run: %+v, %v", res, err)
	}
	if e := mustByID(t, s, id); e.Status != content.Unpublished || !e.UnpublishAt.IsZero() {
		t.Errorf("after unpublish run: %s %v", e.Status, e.UnpublishAt)
	}
	want := []string{"episode.scheduled", "episode.published", "episode.unpublish_scheduled", "episode.unpublished"}
	a := auditFor(t, s, id)
	if !slices.Equal(actions(a), want) {
		t.Fatalf("audit %v, want %v", actions(a), want)
	}
	if a[1].ActorID != 0 || a[1].Detail != "scheduled" || a[0].Detail != due.UTC().Format(time.RFC3339) {
		t.Errorf("audit entries: %+v", a)
	}

	// Cancelling a schedule returns to draft and clears the time.
	mustChange(t, s, id, content.OpBackToDraft, off, nil)
	mustChange(t, s, id, content.OpSchedule, off, func(c *store.StateChange) { c.PublishAt = off.Add(time.Hour) })
	mustChange(t, s, id, content.OpCancelSchedule, off, nil)
	if e := mustByID(t, s, id); e.Status != content.Draft || !e.PublishAt.IsZero() {
		t.Errorf("after cancel: %s %v", e.Status, e.PublishAt)
	}
	if res, _ := s.RunSchedule(ctx, off.Add(2*time.Hour)); len(res.Published) != 0 {
		t.Error("a cancelled schedule was published")
	}
}

// testWorkflowScheduleExactlyOnce runs several schedulers at once, as
// several servers on one database would: every due episode is published
// exactly once.
func testWorkflowScheduleExactlyOnce(t *testing.T, s store.Store) {
	ctx := t.Context()
	const n = 12
	var eps []content.Episode
	for i := range n {
		k := fmt.Sprintf("many%02d", i)
		eps = append(eps, episode(k, time.Time{}, draft, legacy("/id/"+k)))
	}
	mustImport(t, s, bundle(eps...))
	var ids []int64
	for i := range n {
		id := idOf(t, s, fmt.Sprintf("many%02d", i))
		ids = append(ids, id)
		mustChange(t, s, id, content.OpSchedule, now, func(c *store.StateChange) { c.PublishAt = now.Add(time.Duration(i) * time.Second) })
	}
	at := now.Add(time.Minute)
	const runners = 6
	var wg sync.WaitGroup
	results := make([]store.ScheduleResult, runners)
	errs := make([]error, runners)
	for i := range runners {
		wg.Go(func() { results[i], errs[i] = s.RunSchedule(ctx, at) })
	}
	wg.Wait()
	seen := map[int64]int{}
	for i := range runners {
		if errs[i] != nil {
			t.Errorf("runner %d: %v", i, errs[i])
		}
		for _, id := range results[i].Published {
			seen[id]++
		}
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("episode %d reported published %d times", id, seen[id])
		}
		published := 0
		for _, a := range auditFor(t, s, id) {
			if a.Action == "episode.published" {
				published++
			}
		}
		if published != 1 {
			t.Errorf("episode %d: %d publication audit entries, want 1", id, published)
		}
		if e := mustByID(t, s, id); e.Status != content.Published {
			t.Errorf("episode %d: %s", id, e.Status)
		}
	}
}

func testParityReport(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("both", day(5), topics("data")),
		episode("enonly", day(4), only(en), topics("data")),
		episode("fronly", time.Time{}, draft, only(fr), kind(content.Listen)),
		episode("stale", day(2), topics("privacy")),
	))
	db := sqlOf(s)
	if db == nil {
		t.Skip("store does not expose SQL()")
	}
	staleID := mustBySlug(t, s, en, "stale-en").ID
	changed := day(10)
	// The English version changed in revision 3; the French one was last
	// aligned with revision 1.
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`UPDATE versions SET changed_rev = 3 WHERE episode_id = %d AND lang = 'en'`, staleID)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`UPDATE versions SET aligned_rev = 1 WHERE episode_id = %d AND lang = 'fr'`, staleID)); err != nil {
		t.Fatal(err)
	}
	setChangedAt(t, s, staleID, en, changed)
	if !mustByID(t, s, staleID).Stale(fr) {
		t.Fatal("fixture: the French version should be stale")
	}

	rep, err := s.ParityReport(ctx, store.ParityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]store.ParityRow{}
	for _, r := range rep.Rows {
		byKey[r.Key] = r
	}
	if _, ok := byKey["both"]; ok || len(rep.Rows) != 3 {
		t.Errorf("rows: %v", slices.Collect(func(yield func(string) bool) {
			for _, r := range rep.Rows {
				yield(r.Key)
			}
		}))
	}
	if r := byKey["enonly"]; !slices.Equal(r.Missing, []content.Lang{fr}) || r.Titles.EN != "enonly en" {
		t.Errorf("enonly: %+v", r)
	}
	if r := byKey["fronly"]; !slices.Equal(r.Missing, []content.Lang{en}) || r.Status != content.Draft {
		t.Errorf("fronly: %+v", r)
	}
	if r := byKey["stale"]; r.Stale != fr || !r.StaleSince.Equal(changed) || len(r.Missing) != 0 {
		t.Errorf("stale: %+v", r)
	}
	if rep.Counts[store.ParityMissing] != 2 || rep.Counts[store.ParityStale] != 1 || rep.Counts[store.ParityException] != 0 {
		t.Errorf("counts: %v", rep.Counts)
	}
	for _, tc := range []struct {
		f    store.ParityFilter
		want []string
	}{
		{store.ParityFilter{Problem: store.ParityStale}, []string{"stale"}},
		{store.ParityFilter{Problem: store.ParityMissing}, []string{"fronly", "enonly"}},
		{store.ParityFilter{Kind: content.Listen}, []string{"fronly"}},
		{store.ParityFilter{Status: content.Published}, []string{"stale", "enonly"}},
		{store.ParityFilter{TopicID: topicID(t, s, "privacy")}, []string{"stale"}},
	} {
		rep, err := s.ParityReport(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rep.Rows {
			got = append(got, r.Key)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.f, got, tc.want)
		}
	}
	rep, _ = s.ParityReport(ctx, store.ParityFilter{Kind: content.Read, Problem: store.ParityStale})
	if rep.Counts[store.ParityMissing] != 1 || len(rep.Rows) != 1 {
		t.Errorf("counts ignore the problem filter only: %v, %d rows", rep.Counts, len(rep.Rows))
	}
}

func topicID(t *testing.T, s store.Store, key string) int64 {
	t.Helper()
	ts, err := s.Topics(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range ts {
		if tp.Key == key {
			return tp.ID
		}
	}
	t.Fatalf("no topic %q", key)
	return 0
}

// setChangedAt sets a version's changed_at in the dialect's time encoding.
func setChangedAt(t *testing.T, s store.Store, id int64, lang content.Lang, at time.Time) {
	t.Helper()
	db := sqlOf(s)
	var v string
	q, arg := `UPDATE versions SET changed_at = $1 WHERE episode_id = $2 AND lang = $3`, any(at.UTC())
	if db.QueryRowContext(t.Context(), `SELECT sqlite_version()`).Scan(&v) == nil {
		q, arg = `UPDATE versions SET changed_at = ? WHERE episode_id = ? AND lang = ?`, sqldb.SQLiteTime(at)
	}
	if _, err := db.ExecContext(t.Context(), q, arg, id, string(lang)); err != nil {
		t.Fatal(err)
	}
}

// testPublishedRecordings: the recordings of live Listen and Watch
// versions, newest first, with their media fields; not Read episodes,
// drafts, future publications, nor the language a one-language exception
// hides.
func testPublishedRecordings(t *testing.T, s store.Store) {
	media := func(e *content.Episode) {
		for _, l := range content.Langs {
			if v := e.Versions[l]; v != nil {
				v.MediaURL, v.MediaType, v.MediaSeconds, v.MediaBytes = "https://cdn.example.ca/"+e.Key+"-"+string(l)+".mp3", "audio/mpeg", 90, 1234
			}
		}
	}
	mustImport(t, s, bundle(
		episode("rec-listen", day(3), withID("rec-listen"), kind(content.Listen), titled("Listen en", "Écoute fr"), media),
		episode("rec-watch", day(1), withID("rec-watch"), kind(content.Watch), media, func(e *content.Episode) {
			e.Versions[fr].MediaURL, e.Versions[fr].MediaType, e.Versions[fr].MediaBytes = "/media/w.webm", "", 0
		}),
		episode("rec-read", day(2), withID("rec-read"), media),
		episode("rec-draft", day(2), withID("rec-draft"), draft, kind(content.Listen), media),
		episode("rec-future", now.Add(time.Hour), withID("rec-future"), kind(content.Listen), media),
		episode("rec-solo", time.Time{}, withID("rec-solo"), draft, kind(content.Listen), titled("Solo english", "Solo francais"), media),
	))
	mustChange(t, s, idOf(t, s, "rec-solo"), content.OpPublishOne, day(2), func(c *store.StateChange) {
		c.Exception = &content.LanguageException{Lang: en, Reason: "The French recording is still being edited."}
	})
	got, err := s.PublishedRecordings(t.Context(), now)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		key  string
		lang content.Lang
	}
	var rows []row
	keys := map[int64]string{}
	for _, k := range []string{"rec-listen", "rec-watch", "rec-solo"} {
		keys[idOf(t, s, k)] = k
	}
	for _, r := range got {
		rows = append(rows, row{keys[r.EpisodeID], r.Version.Lang})
		if r.Version.EpisodeID != r.EpisodeID || r.PublishedAt.IsZero() || r.Version.Slug == "" || r.Version.Title == "" {
			t.Errorf("row %+v: episode id, publication date, slug or title missing", r)
		}
	}
	want := []row{{"rec-watch", en}, {"rec-watch", fr}, {"rec-solo", en}, {"rec-listen", en}, {"rec-listen", fr}}
	if !slices.Equal(rows, want) {
		t.Fatalf("rows %v, want %v", rows, want)
	}
	if r := got[0]; r.Kind != content.Watch || r.Version.MediaURL != "https://cdn.example.ca/rec-watch-en.mp3" ||
		r.Version.MediaType != "audio/mpeg" || r.Version.MediaSeconds != 90 || r.Version.MediaBytes != 1234 {
		t.Errorf("first row %+v", r)
	}
	if r := got[1]; r.Version.MediaURL != "/media/w.webm" || r.Version.MediaType != "video/webm" || r.Version.MediaBytes != 0 {
		t.Errorf("second row %+v (the type told by the extension at import)", r)
	}
	if r := got[3]; r.Kind != content.Listen || r.Version.Title != "Listen en" {
		t.Errorf("fourth row %+v", r)
	}
}
