package index

import (
	"math"
	"slices"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// doc is what filtering and ordering need of a version, as the copy holds
// it.
type doc struct {
	kind      content.Kind
	seriesID  int64
	minutes   int
	topics    []int64
	published int64 // publication time in Unix nanoseconds; notShown unless the public may see the version
	ok        bool  // the row exists (docTable)
}

// newDoc is the copy's form of d.
func newDoc(d Doc) doc {
	out := doc{kind: d.Kind, seriesID: d.SeriesID, minutes: d.Minutes, topics: d.Topics, published: notShown}
	if !d.Published.IsZero() && !d.Hidden {
		out.published = unixNano(d.Published)
	}
	return out
}

// notShown is doc.published for a version the public does not see at any
// time: its episode is not published, or a one-language exception hides
// it.
const notShown = math.MaxInt64

// live reports whether the public sees the version at now (Unix
// nanoseconds).
func (d *doc) live(now int64) bool { return d.published <= now }

// unixNano is t in Unix nanoseconds, clamped to what int64 holds (a date
// past 2262 is "never", one before 1678 "always").
func unixNano(t time.Time) int64 {
	switch {
	case t.Year() >= 2262:
		return notShown - 1
	case t.Year() < 1678:
		return math.MinInt64
	}
	return t.UnixNano()
}

// docTable holds a language's documents by episode id: in a slice indexed
// by id for the ids below denseIDs (episode ids are a sequence, so the
// slice is about as long as there are episodes, and a search's thousands
// of lookups read it in id order), in a map beyond.
type docTable struct {
	dense []doc
	far   map[int64]*doc
}

const denseIDs = 1 << 20

// newDocTable makes the table of ds.
func newDocTable(ds []Doc) *docTable {
	t := &docTable{}
	for _, d := range ds {
		c := newDoc(d)
		t.set(d.ID, &c)
	}
	return t
}

func (t *docTable) get(id int64) *doc {
	if id >= 0 && id < int64(len(t.dense)) {
		if d := &t.dense[id]; d.ok {
			return d
		}
		return nil
	}
	return t.far[id]
}

// set stores a copy of d as id's document; nil removes it.
func (t *docTable) set(id int64, d *doc) {
	if id >= 0 && id < denseIDs {
		if d == nil {
			if id < int64(len(t.dense)) {
				t.dense[id] = doc{}
			}
			return
		}
		if id >= int64(len(t.dense)) {
			t.dense = slices.Grow(t.dense, int(id)+1-len(t.dense))[:id+1]
		}
		t.dense[id] = *d
		t.dense[id].ok = true
		return
	}
	if d == nil {
		delete(t.far, id)
		return
	}
	if t.far == nil {
		t.far = map[int64]*doc{}
	}
	c := *d
	c.ok = true
	t.far[id] = &c
}
