package index

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
)

var now = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func days(n int) time.Time { return now.AddDate(0, 0, -n) }

// fixture is a small index: English versions 1–10 and one French version,
// committed as generation 1.
//
//	id  kind    series min topics       published     postings
//	1   read    -      3   1            10 days ago   bike 100, winter 10
//	2   listen  7      12  1 2          5 days ago    bike 10, winter 100
//	3   watch   7      5   2            1 day ago     bike 19
//	4   read    -      2   3            1 day ago     bike 19, winter 19
//	5   read    -      1   -            never         bike 100
//	6   read    -      1   -            in an hour    bike 100
//	7   read    -      1   -            2 days ago, hidden by an exception: bike 100
//	8   listen  -      40  1 70000      3 days ago    bike 10, winter 10
//	9   read    -      4   -            5 days ago    bike 10, winter 100
//	10  (no document)                                 bike 100
//	fr 1: read, topic 1, 10 days ago: velo 100, bike 10
func fixture() *fakeSource {
	f := newFakeSource()
	en := func(id int64, d *Doc, ps map[string]int) {
		f.put(Version{id, content.English}, ps, d, fmt.Sprintf("Episode %d", id))
	}
	en(1, &Doc{Kind: content.Read, Minutes: 3, Topics: []int64{1}, Published: days(10)}, map[string]int{"bike": 100, "winter": 10})
	en(2, &Doc{Kind: content.Listen, SeriesID: 7, Minutes: 12, Topics: []int64{1, 2}, Published: days(5)}, map[string]int{"bike": 10, "winter": 100})
	en(3, &Doc{Kind: content.Watch, SeriesID: 7, Minutes: 5, Topics: []int64{2}, Published: days(1)}, map[string]int{"bike": 19})
	en(4, &Doc{Kind: content.Read, Minutes: 2, Topics: []int64{3}, Published: days(1)}, map[string]int{"bike": 19, "winter": 19})
	en(5, &Doc{Kind: content.Read, Minutes: 1}, map[string]int{"bike": 100})
	en(6, &Doc{Kind: content.Read, Minutes: 1, Published: now.Add(time.Hour)}, map[string]int{"bike": 100})
	en(7, &Doc{Kind: content.Read, Minutes: 1, Published: days(2), Hidden: true}, map[string]int{"bike": 100})
	en(8, &Doc{Kind: content.Listen, Minutes: 40, Topics: []int64{1, 70000}, Published: days(3)}, map[string]int{"bike": 10, "winter": 10})
	en(9, &Doc{Kind: content.Read, Minutes: 4, Published: days(5)}, map[string]int{"bike": 10, "winter": 100})
	en(10, nil, map[string]int{"bike": 100})
	f.put(Version{1, content.French}, map[string]int{"velo": 100, "bike": 10},
		&Doc{Kind: content.Read, Minutes: 3, Topics: []int64{1}, Published: days(10)}, "Épisode 1")
	f.commit()
	return f
}

func TestSearch(t *testing.T) {
	bike := []string{"bike"}
	allBike := map[int64]int{1: 3, 2: 2, 3: 1, 70000: 1}
	for _, c := range []struct {
		name string
		q    Query
		want expected
	}{
		{"one term: by score, then newest, then highest id", Query{Terms: bike},
			expected{[]string{"1:100", "4:19", "3:19", "8:10", "9:10", "2:10"}, 6, allBike}},
		{"two terms: every term, weights summed", Query{Terms: []string{"bike", "winter"}},
			expected{[]string{"9:110", "2:110", "1:110", "4:38", "8:20"}, 5, map[int64]int{1: 3, 2: 1, 3: 1, 70000: 1}}},
		{"terms repeated and out of order", Query{Terms: []string{"winter", "bike", "winter"}},
			expected{[]string{"9:110", "2:110", "1:110", "4:38", "8:20"}, 5, map[int64]int{1: 3, 2: 1, 3: 1, 70000: 1}}},
		{"a term nobody holds", Query{Terms: []string{"bike", "zeppelin"}}, expected{Topics: map[int64]int{}}},
		{"no terms", Query{}, expected{Topics: map[int64]int{}}},
		{"kind", Query{Terms: bike, Kind: content.Read},
			expected{[]string{"1:100", "4:19", "9:10"}, 3, map[int64]int{1: 1, 3: 1}}},
		{"series", Query{Terms: bike, SeriesID: 7},
			expected{[]string{"3:19", "2:10"}, 2, map[int64]int{1: 1, 2: 2}}},
		{"topic: counted before the topic filter", Query{Terms: bike, TopicID: 1},
			expected{[]string{"1:100", "8:10", "2:10"}, 3, allBike}},
		{"a topic id too large for the counting slice", Query{Terms: bike, TopicID: 70000},
			expected{[]string{"8:10"}, 1, allBike}},
		{"maximum minutes", Query{Terms: bike, MaxMinutes: 5},
			expected{[]string{"1:100", "4:19", "3:19", "9:10"}, 4, map[int64]int{1: 1, 2: 1, 3: 1}}},
		{"by date", Query{Terms: bike, ByDate: true},
			expected{[]string{"4:19", "3:19", "8:10", "9:10", "2:10", "1:100"}, 6, allBike}},
		{"first page", Query{Terms: bike, Limit: 2}, expected{[]string{"1:100", "4:19"}, 6, allBike}},
		{"second page", Query{Terms: bike, Offset: 2, Limit: 2}, expected{[]string{"3:19", "8:10"}, 6, allBike}},
		{"last page, short", Query{Terms: bike, Offset: 5, Limit: 10}, expected{[]string{"2:10"}, 6, allBike}},
		{"past the last page", Query{Terms: bike, Offset: 6, Limit: 10}, expected{nil, 6, allBike}},
		{"by date, second page", Query{Terms: bike, ByDate: true, Offset: 4, Limit: 1}, expected{[]string{"2:10"}, 6, allBike}},
		{"four days ago", Query{Terms: bike, Now: days(4)},
			expected{[]string{"1:100", "9:10", "2:10"}, 3, map[int64]int{1: 2, 2: 1}}},
		{"a zero now shows nothing", Query{Terms: bike, Now: time.Time{}}, expected{Topics: map[int64]int{}}},
		{"French", Query{Lang: content.French, Terms: bike}, expected{[]string{"1:10"}, 1, map[int64]int{1: 1}}},
		{"French word in English", Query{Terms: []string{"velo"}}, expected{Topics: map[int64]int{}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := fixture()
			e := New(1 << 20)
			q := c.q
			if q.Lang == "" {
				q.Lang = content.English
			}
			if q.Now.IsZero() && c.name != "a zero now shows nothing" {
				q.Now = now
			}
			r, err := e.Search(t.Context(), f, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got(r)); diff != "" {
				t.Errorf("Search (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(f.expect(q), got(r)); diff != "" {
				t.Errorf("Search differs from the reference (-reference +got):\n%s", diff)
			}
			for _, h := range r.Hits {
				v := Version{h.Episode.ID, q.Lang}
				if h.Text != hitText(v) || h.Episode.Version(q.Lang) == nil || h.Episode.Version(q.Lang).Title != f.titles[v] {
					t.Errorf("hit %d: text %q, episode %+v", h.Episode.ID, h.Text, h.Episode)
				}
			}
			if c.want.Total == 0 && len(q.Terms) > 0 && c.name != "a zero now shows nothing" {
				// No version holds every term: the documents need not load.
				if n := f.count("Docs(all)"); n != 0 {
					t.Errorf("documents loaded %d times for a search that matches nothing", n)
				}
			}
		})
	}
}

// TestSearchKeepsWhatItLoaded checks what a second search reads: nothing
// but the generation, when the first loaded the same lists, documents and
// hits.
func TestSearchKeepsWhatItLoaded(t *testing.T) {
	f := fixture()
	e := New(1 << 20)
	q := Query{Lang: content.English, Now: now, Terms: []string{"bike", "winter"}, Limit: 3}
	first, err := e.Search(t.Context(), f, q)
	if err != nil {
		t.Fatal(err)
	}
	calls := func() map[string]int {
		f.mu.Lock()
		defer f.mu.Unlock()
		return map[string]int{"Generation": f.calls["Generation"], "Postings": f.calls["Postings"], "Docs": f.calls["Docs"], "Hits": f.calls["Hits"], "Changes": f.calls["Changes"]}
	}
	if want := (map[string]int{"Generation": 1, "Changes": 0, "Postings": 2, "Docs": 1, "Hits": 1}); !cmp.Equal(calls(), want) {
		t.Errorf("first search: calls %v, want %v", calls(), want)
	}
	// The caller changing a hit does not change the next search's.
	first.Hits[0].Episode.Versions[content.English] = nil
	first.Hits[0].Episode.ID = -1
	again, err := e.Search(t.Context(), f, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := (map[string]int{"Generation": 2, "Changes": 0, "Postings": 2, "Docs": 1, "Hits": 1}); !cmp.Equal(calls(), want) {
		t.Errorf("second search: calls %v, want %v (everything kept)", calls(), want)
	}
	if diff := cmp.Diff(f.expect(q), got(again)); diff != "" {
		t.Errorf("second search (-reference +got):\n%s", diff)
	}
	if v := again.Hits[0].Episode.Version(content.English); v == nil || v.Title != "Episode 9" {
		t.Errorf("second search's first hit: %+v, want episode 9 as loaded", again.Hits[0].Episode)
	}
	// The next page loads only its own hits.
	q.Offset = 3
	if _, err := e.Search(t.Context(), f, q); err != nil {
		t.Fatal(err)
	}
	if n := f.count("Hits(ids)"); n != 5 {
		t.Errorf("hits loaded for %d episodes over two pages of 3 and 2, want 5", n)
	}
}

func TestSearchSourceErrors(t *testing.T) {
	for _, call := range []string{"Generation", "Postings", "Docs", "Hits"} {
		t.Run(call, func(t *testing.T) {
			f := fixture()
			e := New(1 << 20)
			q := Query{Lang: content.English, Now: now, Terms: []string{"bike", "winter"}}
			// The second list fails to load, or the first call of the
			// others.
			f.failFrom(call, map[bool]int{true: 2, false: 1}[call == "Postings"])
			if _, err := e.Search(t.Context(), f, q); !errors.Is(err, errFake) {
				t.Fatalf("search while %s failed: error %v", call, err)
			}
			f.heal()
			r, err := e.Search(t.Context(), f, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(f.expect(q), got(r)); diff != "" {
				t.Errorf("after the failure (-reference +got):\n%s", diff)
			}
		})
	}
}
