package content

import (
	"reflect"
	"slices"
	"testing"
)

func mergeBase() Snapshot {
	return Snapshot{Kind: Read, TopicIDs: []int64{1, 2}, AuthorIDs: []int64{7}, SeriesID: 3, SeriesPosition: 2,
		Versions: map[Lang]*SnapshotVersion{
			English: {Title: "Title", Slug: "title", Summary: "Summary", Body: "Body\n\nMore", LearnMore: []Link{{"A", "https://a.ca"}}},
			French:  {Title: "Titre", Slug: "titre", Summary: "Résumé", Body: "Corps"},
		}}
}

// clone copies a snapshot deeply, so that a case can change it.
func clone(s Snapshot) Snapshot {
	c := s
	c.TopicIDs, c.AuthorIDs = slices.Clone(s.TopicIDs), slices.Clone(s.AuthorIDs)
	c.Versions = map[Lang]*SnapshotVersion{}
	for l, v := range s.Versions {
		c.Versions[l] = cloneSnapshotVersion(v)
	}
	return c
}

func TestMergeSnapshots(t *testing.T) {
	for _, tc := range []struct {
		name         string
		theirs, mine func(*Snapshot)
		want         func(*Snapshot)
		conflicts    []MergeField
	}{
		{name: "nothing changed", theirs: func(*Snapshot) {}, mine: func(*Snapshot) {}, want: func(*Snapshot) {}},
		{
			name:   "different languages: both kept",
			theirs: func(s *Snapshot) { s.Versions[French].Body = "Corps révisé" },
			mine:   func(s *Snapshot) { s.Versions[English].Title = "New title" },
			want: func(s *Snapshot) {
				s.Versions[French].Body = "Corps révisé"
				s.Versions[English].Title = "New title"
			},
		},
		{
			name:   "different fields of one language: both kept",
			theirs: func(s *Snapshot) { s.Versions[English].Summary = "Their summary" },
			mine:   func(s *Snapshot) { s.Versions[English].Body = "My body" },
			want: func(s *Snapshot) {
				s.Versions[English].Summary = "Their summary"
				s.Versions[English].Body = "My body"
			},
		},
		{
			name:      "one field both changed: a conflict, mine kept",
			theirs:    func(s *Snapshot) { s.Versions[English].Title = "Theirs"; s.Versions[French].Title = "Le leur" },
			mine:      func(s *Snapshot) { s.Versions[English].Title = "Mine" },
			want:      func(s *Snapshot) { s.Versions[English].Title = "Mine"; s.Versions[French].Title = "Le leur" },
			conflicts: []MergeField{{English, "title"}},
		},
		{
			name:   "the same change on both sides",
			theirs: func(s *Snapshot) { s.Versions[English].Title = "Same"; s.Kind = Listen },
			mine:   func(s *Snapshot) { s.Versions[English].Title = "Same"; s.Kind = Listen },
			want:   func(s *Snapshot) { s.Versions[English].Title = "Same"; s.Kind = Listen },
		},
		{
			name:   "episode fields: topics as a set, authors and series",
			theirs: func(s *Snapshot) { s.TopicIDs = []int64{2, 1}; s.AuthorIDs = []int64{7, 8} },
			mine:   func(s *Snapshot) { s.SeriesID, s.SeriesPosition = 4, 1 },
			want:   func(s *Snapshot) { s.AuthorIDs = []int64{7, 8}; s.SeriesID, s.SeriesPosition = 4, 1 },
		},
		{
			name:      "kind and topics both changed",
			theirs:    func(s *Snapshot) { s.Kind = Watch; s.TopicIDs = []int64{1} },
			mine:      func(s *Snapshot) { s.Kind = Listen; s.TopicIDs = []int64{2} },
			want:      func(s *Snapshot) { s.Kind = Listen; s.TopicIDs = []int64{2} },
			conflicts: []MergeField{{"", "kind"}, {"", "topics"}},
		},
		{
			name: "links are one field",
			theirs: func(s *Snapshot) {
				s.Versions[English].LearnMore = append(s.Versions[English].LearnMore, Link{"B", "https://b.ca"})
			},
			mine: func(s *Snapshot) { s.Versions[English].Slug = "new-slug" },
			want: func(s *Snapshot) {
				s.Versions[English].LearnMore = []Link{{"A", "https://a.ca"}, {"B", "https://b.ca"}}
				s.Versions[English].Slug = "new-slug"
			},
		},
		{
			name:   "they removed French, I changed English",
			theirs: func(s *Snapshot) { delete(s.Versions, French) },
			mine:   func(s *Snapshot) { s.Versions[English].Body = "Mine" },
			want:   func(s *Snapshot) { delete(s.Versions, French); s.Versions[English].Body = "Mine" },
		},
		{
			name:      "they removed French, I changed it",
			theirs:    func(s *Snapshot) { delete(s.Versions, French) },
			mine:      func(s *Snapshot) { s.Versions[French].Body = "Corps à moi" },
			want:      func(s *Snapshot) { s.Versions[French].Body = "Corps à moi" },
			conflicts: []MergeField{{French, "version"}},
		},
		{
			name:      "I removed French, they changed it",
			theirs:    func(s *Snapshot) { s.Versions[French].Body = "Corps à eux" },
			mine:      func(s *Snapshot) { delete(s.Versions, French) },
			want:      func(s *Snapshot) { delete(s.Versions, French) },
			conflicts: []MergeField{{French, "version"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := mergeBase()
			theirs, mine, want := clone(base), clone(base), clone(base)
			tc.theirs(&theirs)
			tc.mine(&mine)
			tc.want(&want)
			got, conflicts := MergeSnapshots(base, theirs, mine)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("merged:\n%+v\nwant\n%+v", dump(got), dump(want))
			}
			if !slices.Equal(conflicts, tc.conflicts) {
				t.Errorf("conflicts %v, want %v", conflicts, tc.conflicts)
			}
			// The merge never changes its inputs.
			if !reflect.DeepEqual(base, mergeBase()) {
				t.Error("the base changed")
			}
		})
	}
}

// A language added on one side only comes in whole; added on both, it
// merges field by field against an empty version.
func TestMergeSnapshotsAddedLanguage(t *testing.T) {
	base := mergeBase()
	delete(base.Versions, French)
	theirs, mine := clone(base), clone(base)
	theirs.Versions[French] = &SnapshotVersion{Title: "Leur titre", Body: "Leur corps"}
	got, conflicts := MergeSnapshots(base, theirs, mine)
	if !reflect.DeepEqual(got.Versions[French], theirs.Versions[French]) || len(conflicts) != 0 {
		t.Errorf("their added French: %+v, %v", got.Versions[French], conflicts)
	}
	mine.Versions[French] = &SnapshotVersion{Title: "Mon titre", Body: "Leur corps", Summary: "Mon résumé"}
	got, conflicts = MergeSnapshots(base, theirs, mine)
	want := &SnapshotVersion{Title: "Mon titre", Body: "Leur corps", Summary: "Mon résumé"}
	if !reflect.DeepEqual(got.Versions[French], want) || !slices.Equal(conflicts, []MergeField{{French, "title"}}) {
		t.Errorf("French added on both sides: %+v, %v", got.Versions[French], conflicts)
	}
}

func dump(s Snapshot) map[string]any {
	out := map[string]any{"kind": s.Kind, "topics": s.TopicIDs, "authors": s.AuthorIDs, "series": s.SeriesID, "pos": s.SeriesPosition}
	for l, v := range s.Versions {
		out[string(l)] = *v
	}
	return out
}
