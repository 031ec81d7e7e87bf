package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// Public listings (sqldb/listings.go keeps tables derived from the
// episodes for them): after every kind of write, each list, its order and
// its total must be what the episodes themselves say.

// oracle is what the public lists should hold, worked out from every
// episode as the back office reads it, with the rules of Episodes: live
// (published, publication time come), with a version in the language that
// no Official Languages exception keeps out.
type oracle struct {
	eps       []*content.Episode
	exception map[int64]content.Lang // the language published alone
}

func newOracle(t *testing.T, s store.Store) oracle {
	t.Helper()
	ctx := t.Context()
	page, err := s.AdminEpisodes(ctx, store.AdminEpisodeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	o := oracle{eps: page.Episodes, exception: map[int64]content.Lang{}}
	for _, e := range o.eps {
		x, err := s.LanguageException(ctx, e.ID)
		switch {
		case errors.Is(err, content.ErrNotFound):
		case err != nil:
			t.Fatal(err)
		default:
			o.exception[e.ID] = x.Lang
		}
	}
	return o
}

// list returns the keys q should list at q.Now, in order.
func (o oracle) list(q store.EpisodeQuery) []string {
	var in []*content.Episode
	for _, e := range o.eps {
		x, hasX := o.exception[e.ID]
		switch {
		case e.Status != content.Published || e.PublishedAt.IsZero() || e.PublishedAt.After(q.Now):
		case e.Version(q.Lang) == nil || (hasX && x != q.Lang):
		case q.Kind != "" && e.Kind != q.Kind:
		case q.MaxMinutes > 0 && e.Minutes(q.Lang) > q.MaxMinutes:
		case q.TopicID != 0 && !slices.ContainsFunc(e.Topics, func(t content.Topic) bool { return t.ID == q.TopicID }):
		case q.AuthorID != 0 && !slices.ContainsFunc(e.Authors, func(a content.Author) bool { return a.ID == q.AuthorID }):
		case q.SeriesID != 0 && (e.Series == nil || e.Series.Series.ID != q.SeriesID):
		default:
			in = append(in, e)
		}
	}
	slices.SortFunc(in, func(a, b *content.Episode) int {
		if q.SeriesID != 0 {
			return cmp.Or(cmp.Compare(a.Series.Position, b.Series.Position), cmp.Compare(a.ID, b.ID))
		}
		return cmp.Or(b.PublishedAt.Compare(a.PublishedAt), cmp.Compare(b.ID, a.ID))
	})
	return keys(in)
}

// checkListings compares every list the catalogue can give at the time at
// with the oracle: whole, its total counted (a page of one), a page past
// the first, and each live episode's place in its series.
func checkListings(t *testing.T, s store.Store, after string, at time.Time) {
	t.Helper()
	ctx := t.Context()
	o := newOracle(t, s)
	var queries []store.EpisodeQuery
	for _, k := range append([]content.Kind{""}, content.Kinds[:]...) {
		for _, m := range []int{0, 1, 2, 5, 30} {
			queries = append(queries, store.EpisodeQuery{Kind: k, MaxMinutes: m})
		}
	}
	tids, aids, sids := topicIDs(t, s), authorIDs(t, s), seriesIDs(t, s)
	for _, id := range tids {
		queries = append(queries, store.EpisodeQuery{TopicID: id}, store.EpisodeQuery{TopicID: id, Kind: content.Listen},
			store.EpisodeQuery{TopicID: id, MaxMinutes: 2})
		for _, a := range aids {
			queries = append(queries, store.EpisodeQuery{TopicID: id, AuthorID: a})
		}
	}
	for _, id := range aids {
		queries = append(queries, store.EpisodeQuery{AuthorID: id})
	}
	for _, id := range sids {
		queries = append(queries, store.EpisodeQuery{SeriesID: id}, store.EpisodeQuery{SeriesID: id, TopicID: tids["data"]})
	}
	for _, lang := range content.Langs {
		for _, q := range queries {
			q.Lang, q.Now = lang, at
			want := o.list(q)
			describe := fmt.Sprintf("after %s, at %s: Episodes(lang=%s kind=%q minutes=%d topic=%d author=%d series=%d)",
				after, at.Format(time.RFC3339), lang, q.Kind, q.MaxMinutes, q.TopicID, q.AuthorID, q.SeriesID)
			whole := mustList(t, s, q)
			if got := keys(whole.Episodes); !slices.Equal(got, want) || whole.Total != len(want) {
				t.Errorf("%s = %q total %d; want %q total %d", describe, got, whole.Total, want, len(want))
				continue
			}
			for _, off := range []int{0, 1, 2} {
				q.Limit, q.Offset = 1, off
				page := mustList(t, s, q)
				wantPage := want[min(off, len(want)):min(off+1, len(want))]
				if got := keys(page.Episodes); !slices.Equal(got, wantPage) || page.Total != len(want) {
					t.Errorf("%s limit 1 offset %d = %q total %d; want %q total %d", describe, off, got, page.Total, wantPage, len(want))
				}
			}
			if q.SeriesID == 0 || q.TopicID != 0 {
				continue
			}
			for i, key := range want {
				var id int64
				for _, e := range whole.Episodes {
					if e.Key == key {
						id = e.ID
					}
				}
				place, err := s.SeriesPlace(ctx, q.SeriesID, id, lang, at)
				if err != nil {
					t.Fatal(err)
				}
				wantPlace := store.SeriesPlace{Position: i + 1, Total: len(want)}
				if i > 0 {
					wantPlace.Previous = neighbour(whole.Episodes[i-1], lang)
				}
				if i+1 < len(want) {
					wantPlace.Next = neighbour(whole.Episodes[i+1], lang)
				}
				if !samePlace(place, wantPlace) {
					t.Errorf("after %s, at %s: SeriesPlace(%s, %s) = %s; want %s", after, at.Format(time.RFC3339), key, lang, placeString(place), placeString(wantPlace))
				}
			}
		}
	}
	checkEpisodeLinks(t, s, after, at)
	checkCountsAddUp(t, s, after)
}

// checkEpisodeLinks compares EpisodeLinks with the whole lists of each
// language (Episodes): the same episodes, slugs and modification times.
func checkEpisodeLinks(t *testing.T, s store.Store, after string, at time.Time) {
	t.Helper()
	want := map[int64]store.EpisodeLink{}
	for _, lang := range content.Langs {
		for _, e := range mustList(t, s, store.EpisodeQuery{Lang: lang, Now: at}).Episodes {
			l := want[e.ID]
			l.ID, l.ModifiedAt = e.ID, e.ModifiedAt
			l.Slugs.Set(lang, e.Version(lang).Slug)
			want[e.ID] = l
		}
	}
	got, err := s.EpisodeLinks(t.Context(), at)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("after %s, at %s: EpisodeLinks = %d episodes; want %d", after, at.Format(time.RFC3339), len(got), len(want))
	}
	for i, l := range got {
		if i > 0 && got[i-1].ID >= l.ID {
			t.Errorf("after %s: EpisodeLinks not in id order: %d then %d", after, got[i-1].ID, l.ID)
		}
		w, ok := want[l.ID]
		if !ok || w.Slugs != l.Slugs || !w.ModifiedAt.Equal(l.ModifiedAt) {
			t.Errorf("after %s, at %s: EpisodeLinks has %+v; want %+v (listed %v)", after, at.Format(time.RFC3339), l, w, ok)
		}
	}
}

func neighbour(e *content.Episode, lang content.Lang) *store.SeriesNeighbour {
	v := e.Version(lang)
	return &store.SeriesNeighbour{EpisodeID: e.ID, Title: v.Title, Slug: v.Slug}
}

func samePlace(a, b store.SeriesPlace) bool {
	same := func(x, y *store.SeriesNeighbour) bool {
		return (x == nil && y == nil) || (x != nil && y != nil && *x == *y)
	}
	return a.Position == b.Position && a.Total == b.Total && same(a.Previous, b.Previous) && same(a.Next, b.Next)
}

func placeString(p store.SeriesPlace) string {
	n := func(x *store.SeriesNeighbour) string {
		if x == nil {
			return "none"
		}
		return x.Slug
	}
	return fmt.Sprintf("%d of %d, previous %s, next %s", p.Position, p.Total, n(p.Previous), n(p.Next))
}

// checkCountsAddUp compares, where the store exposes its database, the
// counts kept per list with a count of the entries themselves.
func checkCountsAddUp(t *testing.T, s store.Store, after string) {
	t.Helper()
	db := sqlOf(s)
	if db == nil {
		return
	}
	read := func(q string) map[string]int {
		rows, err := db.QueryContext(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var lang, scope, kind string
			var id, minutes int64
			var n int
			if err := rows.Scan(&lang, &scope, &id, &kind, &minutes, &n); err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("%s %s %d %s %d", lang, scope, id, kind, minutes)] = n
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	kept := read(`SELECT lang, scope, scope_id, kind, minutes, n FROM listing_counts`)
	counted := read(`SELECT lang, scope, scope_id, kind, minutes, COUNT(*) FROM listing_entries GROUP BY lang, scope, scope_id, kind, minutes`)
	if !mapsEqual(kept, counted) {
		t.Errorf("after %s: listing_counts %v; the entries count %v", after, kept, counted)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func media(secs int) opt {
	return func(e *content.Episode) {
		for _, v := range e.Versions {
			v.MediaSeconds = secs
			v.MediaURL, v.MediaType = "https://media.example/"+e.Key+".mp3", "audio/mpeg"
		}
	}
}

func wordCount(n int) opt {
	return func(e *content.Episode) {
		for _, v := range e.Versions {
			v.WordCount = n
		}
	}
}

// testListingsFollowWrites changes the catalogue in every way a write can
// change a list (imports, saves, workflow steps, the scheduler, Official
// Languages exceptions, taxonomy edits and deletions, series order,
// reindexing) and checks every list after each.
func testListingsFollowWrites(t *testing.T, s store.Store) {
	ctx := t.Context()
	ahead := now.Add(36 * time.Hour)
	mustImport(t, s, bundle(
		episode("a", day(9), topics("data", "ai"), authors("lovelace"), inSeries("basics", 2), legacy("/id/a")),
		episode("b", day(8), topics("data"), authors("babbage", "lovelace"), inSeries("basics", 1), kind(content.Listen), media(25), legacy("/id/b")),
		episode("c", day(7), topics("privacy"), authors("babbage"), inSeries("basics", 3), only(fr), wordCount(600), legacy("/id/c")),
		episode("d", day(6), topics("data"), inSeries("basics", 4), draft, legacy("/id/d")),
		episode("e", ahead, topics("data"), authors("lovelace"), inSeries("basics", 5), kind(content.Watch), media(95), legacy("/id/e")),
		episode("f", day(5), topics("security", "data"), inSeries("advanced", 1), wordCount(1200), legacy("/id/f")),
		episode("g", day(5), topics("ai"), authors("lovelace"), kind(content.Listen), media(300), legacy("/id/g")),
		episode("h", day(4), only(en), inSeries("basics", 6), legacy("/id/h")),
	))
	checkListings(t, s, "an import", now)
	checkListings(t, s, "an import", ahead)
	checkListings(t, s, "an import", day(6))
	tid, sid := topicIDs(t, s), seriesIDs(t, s)

	// Re-import: other topics, authors, series, kind, date and length;
	// one episode unpublished, one loses a version.
	mustImport(t, s, bundle(
		episode("a", day(3), topics("security"), authors("babbage"), inSeries("advanced", 2), kind(content.Listen), media(600), legacy("/id/a")),
		episode("g", day(5), topics("ai"), authors("lovelace"), kind(content.Listen), media(300), draft, legacy("/id/g")),
		episode("f", day(5), topics("security", "data"), inSeries("advanced", 1), wordCount(1200), only(fr), legacy("/id/f")),
	))
	checkListings(t, s, "a re-import", now)

	// The editor: topics, authors, series and length of a published
	// episode; a version removed; a new draft.
	b := mustByID(t, s, idOf(t, s, "b"))
	b.Topics = []content.Topic{{ID: tid["privacy"]}, {ID: tid["ai"]}}
	b.Authors = b.Authors[:1]
	b.Series = &content.SeriesRef{Series: content.Series{ID: sid["advanced"]}, Position: 3}
	b.Kind = content.Read
	for _, v := range b.Versions {
		v.WordCount = 900
	}
	mustSave(t, s, b, content.SaveInfo{BaseRevision: b.Revision})
	checkListings(t, s, "a save", now)
	h := mustByID(t, s, idOf(t, s, "c"))
	h.Versions[en] = &content.Version{Lang: en, Title: "C in English", Slug: "c-in-english", Summary: "Now in English",
		BodyMarkdown: "Body", BodyHTML: "<p>Body</p>", WordCount: 1}
	delete(h.Versions, fr)
	mustSave(t, s, h, content.SaveInfo{BaseRevision: h.Revision})
	checkListings(t, s, "a save that swaps the languages", now)
	draftEp := edited("fresh", en, fr)
	draftEp.Topics = []content.Topic{{ID: tid["data"]}}
	mustSave(t, s, draftEp, content.SaveInfo{})
	checkListings(t, s, "a new draft", now)

	// Workflow: publish, an exception and its end, unpublish, schedule.
	d := idOf(t, s, "d")
	mustChange(t, s, d, content.OpPublish, now.Add(-time.Hour), nil)
	checkListings(t, s, "publishing", now)
	mustChange(t, s, d, content.OpUnpublish, now, nil)
	checkListings(t, s, "unpublishing", now)
	mustChange(t, s, draftEp.ID, content.OpPublishOne, now.Add(-time.Minute), func(c *store.StateChange) {
		c.Exception = &content.LanguageException{Lang: fr, Reason: "The English version waits for its review by the editor."}
	})
	checkListings(t, s, "a one-language publication", now)
	mustChange(t, s, draftEp.ID, content.OpPublish, now.Add(-time.Minute), nil)
	checkListings(t, s, "the exception's end", now)
	g := idOf(t, s, "g")
	mustChange(t, s, g, content.OpSchedule, now, func(c *store.StateChange) { c.PublishAt = now.Add(time.Hour) })
	checkListings(t, s, "scheduling", now.Add(2*time.Hour))
	if res, err := s.RunSchedule(ctx, now.Add(time.Hour)); err != nil || len(res.Published) != 1 {
		t.Fatalf("RunSchedule: %+v, %v", res, err)
	}
	checkListings(t, s, "a scheduled publication", now.Add(2*time.Hour))
	mustChange(t, s, g, content.OpScheduleUnpub, now.Add(time.Hour), func(c *store.StateChange) { c.UnpublishAt = now.Add(3 * time.Hour) })
	if res, err := s.RunSchedule(ctx, now.Add(3*time.Hour)); err != nil || len(res.Unpublished) != 1 {
		t.Fatalf("RunSchedule: %+v, %v", res, err)
	}
	checkListings(t, s, "a scheduled unpublication", now.Add(4*time.Hour))

	// Taxonomy: a rename, a series reordered, new and deleted items.
	renamed, err := s.TopicByID(ctx, tid["data"])
	if err != nil {
		t.Fatal(err)
	}
	stamp := content.TopicStamp(*renamed)
	renamed.Names.EN = "Data and more"
	if err := s.UpdateTopic(ctx, *renamed, stamp, nil, now); err != nil {
		t.Fatal(err)
	}
	checkListings(t, s, "a topic renamed", now)
	members, err := s.SeriesEpisodes(ctx, sid["basics"])
	if err != nil {
		t.Fatal(err)
	}
	var order []int64
	for _, m := range slices.Backward(members) {
		order = append(order, m.EpisodeID)
	}
	if err := s.ReorderSeries(ctx, sid["basics"], order, now); err != nil {
		t.Fatal(err)
	}
	checkListings(t, s, "a series reordered", now)
	checkListings(t, s, "a series reordered", ahead)
	extra, err := s.CreateTopic(ctx, topic("extra", "Extra", "Supplément"), nil, now)
	if err != nil {
		t.Fatal(err)
	}
	checkListings(t, s, "a topic created", now)
	if err := s.DeleteTopic(ctx, extra); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSeries(ctx, sid["advanced"]); err == nil {
		t.Error("a series in use was deleted")
	}
	checkListings(t, s, "deletions", now)

	// Reindexing rewrites nothing the lists hold.
	if err := s.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	checkListings(t, s, "a reindex", now)
}

// testSeriesPlace checks an episode's place among its series' live
// episodes in each language: drafts, episodes published ahead of time,
// one-language episodes and exceptions are left out of the count and of
// the neighbours.
func testSeriesPlace(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("p1", day(9), inSeries("basics", 1), withID("p1")),
		episode("p2", day(8), inSeries("basics", 2), draft, withID("p2")),
		episode("p3", day(7), inSeries("basics", 3), only(fr), withID("p3")),
		episode("p4", now.Add(time.Hour), inSeries("basics", 4), withID("p4")),
		episode("p5", day(6), inSeries("basics", 5), withID("p5")),
		episode("p6", day(5), inSeries("basics", 5), withID("p6")), // same position: by id
		episode("q1", day(5), inSeries("advanced", 1), withID("q1")),
	))
	sid := seriesIDs(t, s)
	place := func(key string, lang content.Lang, at time.Time) string {
		t.Helper()
		e, err := s.EpisodeByID(ctx, idOf(t, s, key))
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.SeriesPlace(ctx, sid["basics"], e.ID, lang, at)
		if err != nil {
			t.Fatal(err)
		}
		return placeString(p)
	}
	for _, c := range []struct {
		key  string
		lang content.Lang
		at   time.Time
		want string
	}{
		{"p1", en, now, "1 of 3, previous none, next p5-en"},
		{"p5", en, now, "2 of 3, previous p1-en, next p6-en"},
		{"p6", en, now, "3 of 3, previous p5-en, next none"},
		{"p3", fr, now, "2 of 4, previous p1-fr, next p5-fr"},
		{"p5", en, now.Add(2 * time.Hour), "3 of 4, previous p4-en, next p6-en"},
		{"p2", en, now, "0 of 3, previous none, next none"}, // a draft
		{"p3", en, now, "0 of 3, previous none, next none"}, // no English version
		{"p4", en, now, "0 of 3, previous none, next none"}, // not yet
		{"q1", en, now, "0 of 3, previous none, next none"}, // another series
	} {
		if got := place(c.key, c.lang, c.at); got != c.want {
			t.Errorf("SeriesPlace(%s, %s, %s) = %s; want %s", c.key, c.lang, c.at.Format(time.RFC3339), got, c.want)
		}
	}
	// An exception keeps the other language out.
	p5 := idOf(t, s, "p5")
	mustChange(t, s, p5, content.OpUnpublish, now, nil)
	mustChange(t, s, p5, content.OpPublishOne, now, func(c *store.StateChange) {
		c.Exception = &content.LanguageException{Lang: fr, Reason: "The English version waits for its review by the editor."}
	})
	if got, want := place("p1", en, now), "1 of 2, previous none, next p6-en"; got != want {
		t.Errorf("with p5 in French only: SeriesPlace(p1, en) = %s; want %s", got, want)
	}
	if got, want := place("p5", fr, now), "3 of 4, previous p3-fr, next p6-fr"; got != want {
		t.Errorf("with p5 in French only: SeriesPlace(p5, fr) = %s; want %s", got, want)
	}
}

// testEpisodesCards checks that a listing loaded as cards holds the same
// episodes, in the same order and with the same total, with everything
// but the versions' bodies, transcripts, links and caption files, the
// authors, and the series but its id and the position in it.
func testEpisodesCards(t *testing.T, s store.Store) {
	rich := func(e *content.Episode) {
		for _, v := range e.Versions {
			v.Transcript, v.TranscriptHTML = "Said "+v.Title, "<p>Said "+v.Title+"</p>"
			v.LearnMore = []content.Link{{Label: "More", URL: "https://example.ca/" + e.Key}}
			v.Captions = content.Bilingual{EN: "/media/" + e.Key + ".en.vtt", FR: "/media/" + e.Key + ".fr.vtt"}
			v.Image = content.Image{URL: "/media/" + e.Key + ".png", Alt: "Alt " + v.Title, Caption: "Caption"}
		}
	}
	mustImport(t, s, bundle(
		episode("w1", day(3), kind(content.Watch), media(200), rich, topics("data", "ai"), authors("lovelace", "babbage"), inSeries("basics", 1)),
		episode("w2", day(2), rich, topics("ai"), authors("babbage"), inSeries("basics", 2)),
		episode("w3", day(1), rich, only(fr)),
	))
	for _, lang := range content.Langs {
		for _, q := range []store.EpisodeQuery{{Lang: lang}, {Lang: lang, Limit: 1, Offset: 1}, {Lang: lang, SeriesID: seriesIDs(t, s)["basics"]}} {
			full := mustList(t, s, q)
			q.Cards = true
			cards := mustList(t, s, q)
			for _, e := range full.Episodes {
				e.Authors = nil
				if e.Series != nil {
					e.Series.Series = content.Series{ID: e.Series.Series.ID}
				}
				for _, v := range e.Versions {
					v.BodyMarkdown, v.BodyHTML, v.Transcript, v.TranscriptHTML = "", "", "", ""
					v.LearnMore, v.Captions = nil, content.Bilingual{}
				}
			}
			if diff := gocmp.Diff(full, cards); diff != "" {
				t.Errorf("Episodes(%s, cards) differs from the full listing less bodies, links, captions, authors and series details (-want +got):\n%s", lang, diff)
			}
			last := cards.Episodes[len(cards.Episodes)-1]
			if last.Version(lang).Summary == "" || len(last.Topics) == 0 || last.Series == nil || last.Series.Series.ID == 0 || last.Series.Position == 0 {
				t.Errorf("Episodes(%s, cards): %q has no summary, topics or series", lang, last.Key)
			}
		}
	}
}
