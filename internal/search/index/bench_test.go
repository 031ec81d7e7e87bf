package index

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// benchDocs is the number of versions the benchmarks search.
const benchDocs = 100_000

// benchVocab is the number of distinct terms of the benchmark corpus.
const benchVocab = 30_000

// benchTerm is the term of rank r (0: the most common).
func benchTerm(r int) string { return fmt.Sprintf("w%05d", r) }

// benchVersion draws the postings of one version: a title of 6 terms, a
// summary of 20 and a body of 150 to 450, each term drawn from a
// Zipf-like distribution over benchVocab ranks (as analysed text, stop
// words removed, is), weighted as AnalyzeVersion weights them.
func benchVersion(r *rand.Rand, z *rand.Zipf) map[int]int {
	type posting struct{ weight, tf int }
	terms := map[int]*posting{}
	add := func(n, weight int) {
		for range n {
			t := int(z.Uint64())
			p := terms[t]
			if p == nil {
				p = &posting{}
				terms[t] = p
			}
			p.weight = max(p.weight, weight)
			p.tf++
		}
	}
	add(6, WeightTitle)
	add(20, WeightSummary)
	add(150+r.IntN(300), WeightBody)
	out := make(map[int]int, len(terms))
	for t, p := range terms {
		out[t] = p.weight + min(p.tf-1, 9)
	}
	return out
}

// benchPostings is ps by term.
func benchPostings(ps map[int]int) map[string]int {
	out := make(map[string]int, len(ps))
	for t, w := range ps {
		out[benchTerm(t)] = w
	}
	return out
}

// benchCorpus is a fake source of benchDocs English versions with ids 1…
// benchDocs: mixed kinds, series, topics and lengths, published over
// three years (2% not published, 1% scheduled). Its lists are built in
// compact form, as the engine holds them.
func benchCorpus() *fakeSource {
	f := newFakeSource()
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 2, benchVocab-1)
	lists := make([]*compactList, benchVocab)
	docs := make(map[int64]Doc, benchDocs)
	for id := int64(1); id <= benchDocs; id++ {
		for rank, w := range benchVersion(r, z) {
			l := lists[rank]
			if l == nil {
				l = &compactList{}
				lists[rank] = l
			}
			l.ids = append(l.ids, uint32(id))
			l.weights = append(l.weights, uint8(w))
		}
		d := Doc{ID: id, Kind: []content.Kind{content.Read, content.Read, content.Listen, content.Watch}[r.IntN(4)],
			Minutes: 1 + r.IntN(30), Published: now.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))}
		if r.IntN(3) == 0 {
			d.SeriesID = 1 + r.Int64N(30)
		}
		for range 1 + r.IntN(3) {
			d.Topics = append(d.Topics, 1+r.Int64N(20))
		}
		switch r.IntN(100) {
		case 0, 1:
			d.Published = time.Time{}
		case 2:
			d.Published = now.Add(time.Hour)
		}
		docs[id] = d
	}
	for rank, l := range lists {
		if l != nil {
			f.base[termKey{content.English, benchTerm(rank)}] = l
		}
	}
	f.docs[content.English] = docs
	f.gen = 1
	return f
}

// BenchmarkEngine searches and syncs an engine over benchCorpus, warmed
// up as a server is when it starts (Warm), with the page's hits loaded by
// a first search: what is timed is the work in memory of a repeated
// query, and of bringing the copy up to date after one change.
func BenchmarkEngine(b *testing.B) {
	ctx := context.Background()
	f := benchCorpus()
	e := New(DefaultMemoryMB << 20 / PostingBytes)
	if err := e.Warm(ctx, f); err != nil {
		b.Fatal(err)
	}
	e.mu.RLock()
	lists, held := len(e.lists), e.size
	e.mu.RUnlock()
	b.Logf("%d versions, %d terms, %d lists of %d postings or more held after the warm-up (%d postings)",
		benchDocs, len(f.base), lists, warmMinPostings, held)
	size := func(rank int) int { return len(f.base[termKey{content.English, benchTerm(rank)}].ids) }

	search := func(name string, q Query) {
		b.Run(name, func(b *testing.B) {
			q.Lang, q.Now, q.Limit = content.English, now, 20
			r, err := e.Search(ctx, f, q)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := e.Search(ctx, f, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Total), "matches")
		})
	}
	// Queries of two common words (benchcorpus.Queries draws them from
	// the 100 most common), the two most common words a query may hold
	// (nearly every version matches), a rare word with a common one, and
	// two common words with every filter.
	common := []string{benchTerm(20), benchTerm(50)}
	b.Logf("postings: common words %d and %d, the most common %d and %d, rare word %d",
		size(20), size(50), size(3), size(8), size(5000))
	search("common", Query{Terms: common})
	search("most-common", Query{Terms: []string{benchTerm(3), benchTerm(8)}})
	search("rare", Query{Terms: []string{benchTerm(5000), benchTerm(3)}})
	search("filtered", Query{Terms: common, Kind: content.Listen, TopicID: 4, MaxMinutes: 20, ByDate: true})

	// sync alternates one version between two revisions: each sync reads
	// the generation, the journal, the version's postings and document,
	// and patches every list held.
	sync := func(name string, revs [2]map[string]int) {
		b.Run(name, func(b *testing.B) {
			v := Version{12345, content.English}
			d := f.docs[content.English][v.ID]
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				f.put(v, revs[i%2], &d, "")
				f.commit()
				b.StartTimer()
				if err := e.Sync(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	old := f.versionPostings(Version{12345, content.English})
	edit := maps.Clone(old)
	removed, added := 0, 0
	for t := range edit {
		if removed < 5 && t > benchTerm(100) {
			delete(edit, t)
			removed++
		}
	}
	for r := 200; added < 5; r++ {
		if _, ok := old[benchTerm(r)]; !ok {
			edit[benchTerm(r)] = WeightBody
			added++
		}
	}
	for _, r := range []int{0, 1} {
		edit[benchTerm(r)]++
	}
	sync("sync-edit", [2]map[string]int{old, edit})
	r := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(r, 1.1, 2, benchVocab-1)
	sync("sync-new-text", [2]map[string]int{old, benchPostings(benchVersion(r, z))})
}
