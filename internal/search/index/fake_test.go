package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// fakeSource is an index held in maps, as a database holds it in tables:
// each version's postings and document, a generation and a journal of
// the versions each generation changed. put and commit change it as a
// transaction would. It counts the engine's calls, and hooks let a test
// change it while the engine is in the middle of a load.
type fakeSource struct {
	mu      sync.Mutex
	gen     int64
	journal []journalRow // by gen
	pending []Version    // put since the last commit
	// base holds bulk-loaded lists (benchmarks), in compact form; a
	// version in versions overrides what base says of it.
	base     map[termKey]*compactList
	versions map[Version]map[string]int
	docs     map[content.Lang]map[int64]Doc
	titles   map[Version]string
	calls    map[string]int
	// afterPostings, afterDocs and afterHits, when set, run (once each)
	// after the read and before the call returns what it read.
	afterPostings, afterDocs, afterHits func()
	// failAt fails each call named in it from its n-th call on (failFrom).
	failAt map[string]int
}

type journalRow struct {
	gen int64
	v   Version
}

type compactList struct {
	ids     []uint32
	weights []uint8
}

func newFakeSource() *fakeSource {
	return &fakeSource{base: map[termKey]*compactList{}, versions: map[Version]map[string]int{},
		docs: map[content.Lang]map[int64]Doc{}, titles: map[Version]string{}, calls: map[string]int{}}
}

// put sets a version's postings (none: out of the index), document (nil:
// none) and title, to be committed by the next commit.
func (f *fakeSource) put(v Version, postings map[string]int, d *Doc, title string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.versions[v] = maps.Clone(postings)
	if f.docs[v.Lang] == nil {
		f.docs[v.Lang] = map[int64]Doc{}
	}
	if d == nil {
		delete(f.docs[v.Lang], v.ID)
	} else {
		c := *d
		c.ID = v.ID
		f.docs[v.Lang][v.ID] = c
	}
	f.titles[v] = title
	f.pending = append(f.pending, v)
}

// commit moves the generation and stamps the versions put since the last
// commit with it.
func (f *fakeSource) commit() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	for _, v := range f.pending {
		f.journal = append(f.journal, journalRow{f.gen, v})
	}
	f.pending = nil
}

func (f *fakeSource) count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[call]
}

// failFrom makes the n-th call of the method named call from now on
// fail, and every one after it, until heal.
func (f *fakeSource) failFrom(call string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failAt == nil {
		f.failAt = map[string]int{}
	}
	f.failAt[call] = f.calls[call] + n
}

// heal ends failFrom's failures.
func (f *fakeSource) heal() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failAt = nil
}

// enter counts a call and returns the error to fail it with, if any.
func (f *fakeSource) enter(call string) error {
	f.calls[call]++
	if n, ok := f.failAt[call]; ok && f.calls[call] >= n {
		return errFake
	}
	return nil
}

func (f *fakeSource) Generation(ctx context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("Generation"); err != nil {
		return 0, err
	}
	return f.gen, nil
}

func (f *fakeSource) Changes(ctx context.Context, from, to int64) ([]Version, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("Changes"); err != nil {
		return nil, err
	}
	i := sort.Search(len(f.journal), func(i int) bool { return f.journal[i].gen > from })
	var out []Version
	for _, r := range f.journal[i:] {
		if r.gen > to {
			break
		}
		out = append(out, r.v)
	}
	return out, nil
}

func (f *fakeSource) Postings(ctx context.Context, lang content.Lang, term string) ([]Posting, error) {
	f.mu.Lock()
	if err := f.enter("Postings"); err != nil {
		f.mu.Unlock()
		return nil, err
	}
	out := f.postings(lang, term)
	hook := f.afterPostings
	f.afterPostings = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return out, nil
}

// postings is the list of term in lang, by ascending id.
func (f *fakeSource) postings(lang content.Lang, term string) []Posting {
	var out []Posting
	if b := f.base[termKey{lang, term}]; b != nil {
		out = make([]Posting, 0, len(b.ids))
		for i, id := range b.ids {
			if _, over := f.versions[Version{int64(id), lang}]; !over {
				out = append(out, Posting{int64(id), int(b.weights[i])})
			}
		}
	}
	n := len(out)
	for v, ps := range f.versions {
		if w, ok := ps[term]; ok && v.Lang == lang {
			out = append(out, Posting{v.ID, w})
		}
	}
	if len(out) > n {
		slices.SortFunc(out, func(a, b Posting) int { return cmp.Compare(a.ID, b.ID) })
	}
	return out
}

func (f *fakeSource) VersionPostings(ctx context.Context, v Version) (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("VersionPostings"); err != nil {
		return nil, err
	}
	return f.versionPostings(v), nil
}

func (f *fakeSource) versionPostings(v Version) map[string]int {
	if ps, ok := f.versions[v]; ok {
		return maps.Clone(ps)
	}
	out := map[string]int{}
	for k, b := range f.base {
		if k.lang != v.Lang || v.ID < 0 || v.ID > 1<<32-1 {
			continue
		}
		if i, ok := slices.BinarySearch(b.ids, uint32(v.ID)); ok {
			out[k.term] = int(b.weights[i])
		}
	}
	return out
}

func (f *fakeSource) Docs(ctx context.Context, lang content.Lang, ids ...int64) ([]Doc, error) {
	f.mu.Lock()
	if err := f.enter("Docs"); err != nil {
		f.mu.Unlock()
		return nil, err
	}
	var out []Doc
	if len(ids) == 0 {
		f.calls["Docs(all)"]++
		for _, id := range slices.Sorted(maps.Keys(f.docs[lang])) {
			out = append(out, f.docs[lang][id])
		}
	}
	for _, id := range ids {
		if d, ok := f.docs[lang][id]; ok {
			out = append(out, d)
		}
	}
	hook := f.afterDocs
	if len(ids) == 0 {
		f.afterDocs = nil
	} else {
		hook = nil
	}
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return out, nil
}

// hitText is the snippet text the fake gives a version's hit.
func hitText(v Version) string { return fmt.Sprintf("text of %d in %s", v.ID, v.Lang) }

func (f *fakeSource) Hits(ctx context.Context, lang content.Lang, ids []int64) ([]Hit, error) {
	f.mu.Lock()
	if err := f.enter("Hits"); err != nil {
		f.mu.Unlock()
		return nil, err
	}
	f.calls["Hits(ids)"] += len(ids)
	var out []Hit
	for _, id := range slices.Backward(ids) { // any order will do
		d, ok := f.docs[lang][id]
		if !ok {
			continue
		}
		v := Version{id, lang}
		out = append(out, Hit{
			Episode: &content.Episode{ID: id, Kind: d.Kind, PublishedAt: d.Published,
				Versions: map[content.Lang]*content.Version{lang: {EpisodeID: id, Lang: lang, Title: f.titles[v]}}},
			Text: hitText(v),
		})
	}
	hook := f.afterHits
	f.afterHits = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return out, nil
}

func (f *fakeSource) CommonTerms(ctx context.Context, least int) ([]TermCount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("CommonTerms"); err != nil {
		return nil, err
	}
	keys := map[termKey]bool{}
	for k := range f.base {
		keys[k] = true
	}
	for v, ps := range f.versions {
		for t := range ps {
			keys[termKey{v.Lang, t}] = true
		}
	}
	var out []TermCount
	for k := range keys {
		if n := len(f.postings(k.lang, k.term)); n >= least {
			out = append(out, TermCount{k.lang, k.term, n})
		}
	}
	return out, nil
}

var errFake = errors.New("fake source: failing as asked")

// expected is what a search must answer, computed from the fake's maps
// with none of the engine's code: every version of q.Lang holding every
// term, live at q.Now and passing the filters, ordered by score (unless
// ByDate), then newest, then highest id; the page; the total and the topic
// counts.
type expected struct {
	Hits   []string // "id:score"
	Total  int
	Topics map[int64]int
}

func (f *fakeSource) expect(q Query) expected {
	f.mu.Lock()
	defer f.mu.Unlock()
	type match struct {
		id, score int64
		published time.Time
	}
	var ms []match
	want := expected{Topics: map[int64]int{}}
	if len(q.Terms) == 0 {
		return want
	}
	for id, d := range f.docs[q.Lang] {
		ps := f.versionPostings(Version{id, q.Lang})
		score, all := int64(0), true
		for _, t := range slices.Compact(slices.Sorted(slices.Values(q.Terms))) {
			w, ok := ps[t]
			all = all && ok
			score += int64(min(max(w, 0), 255))
		}
		if !all || d.Published.IsZero() || d.Hidden || d.Published.After(q.Now) {
			continue
		}
		if q.Kind != "" && d.Kind != q.Kind || q.SeriesID != 0 && d.SeriesID != q.SeriesID || q.MaxMinutes > 0 && d.Minutes > q.MaxMinutes {
			continue
		}
		for _, t := range d.Topics {
			want.Topics[t]++
		}
		if q.TopicID != 0 && !slices.Contains(d.Topics, q.TopicID) {
			continue
		}
		ms = append(ms, match{id, score, d.Published})
	}
	slices.SortFunc(ms, func(a, b match) int {
		if !q.ByDate && a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		if c := b.published.Compare(a.published); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	want.Total = len(ms)
	page := ms[min(q.Offset, len(ms)):]
	if q.Limit > 0 {
		page = page[:min(q.Limit, len(page))]
	}
	for _, m := range page {
		want.Hits = append(want.Hits, fmt.Sprintf("%d:%d", m.id, m.score))
	}
	return want
}

// got is r in the form of expected.
func got(r Result) expected {
	out := expected{Total: r.Total, Topics: r.TopicCounts}
	for _, h := range r.Hits {
		out.Hits = append(out.Hits, fmt.Sprintf("%d:%d", h.Episode.ID, h.Score))
	}
	return out
}
