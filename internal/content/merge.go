package content

import "slices"

// A three-way merge of an episode's editor saves: when a save was made
// from an older revision (base) than the latest (theirs), each field is
// compared in the three. A field only one side changed takes that side's
// value; a field both changed the same way takes it; a field both changed
// differently is a conflict, and the merge keeps mine for it (the form
// then shows what this person typed, and theirs beside it to choose).
// Fields are the editor's: the episode's kind, topics, authors and series
// (with its position), and per language the version's presence and each
// of its fields.

// MergeField names a field of the editor: Lang is empty for the episode's
// own fields ("kind", "topics", "authors", "series"); otherwise Name is a
// version field as the editor names it ("title", "slug", "summary",
// "body", "image_url", "image_alt", "image_caption", "learn_more",
// "transcript", "media_url", "media_type", "media_seconds",
// "media_bytes", "captions_en", "captions_fr"), or "version" for the
// language itself (added on one side, removed or changed on the other).
type MergeField struct {
	Lang Lang
	Name string
}

// versionMergeFields are a version's fields, in the editor's order, with
// how to read and write each in a SnapshotVersion.
var versionMergeFields = []struct {
	name string
	eq   func(a, b *SnapshotVersion) bool
	take func(dst, src *SnapshotVersion)
}{
	{"title", func(a, b *SnapshotVersion) bool { return a.Title == b.Title }, func(d, s *SnapshotVersion) { d.Title = s.Title }},
	{"slug", func(a, b *SnapshotVersion) bool { return a.Slug == b.Slug }, func(d, s *SnapshotVersion) { d.Slug = s.Slug }},
	{"summary", func(a, b *SnapshotVersion) bool { return a.Summary == b.Summary }, func(d, s *SnapshotVersion) { d.Summary = s.Summary }},
	{"body", func(a, b *SnapshotVersion) bool { return a.Body == b.Body }, func(d, s *SnapshotVersion) { d.Body = s.Body }},
	{"image_url", func(a, b *SnapshotVersion) bool { return a.ImageURL == b.ImageURL }, func(d, s *SnapshotVersion) { d.ImageURL = s.ImageURL }},
	{"image_alt", func(a, b *SnapshotVersion) bool { return a.ImageAlt == b.ImageAlt }, func(d, s *SnapshotVersion) { d.ImageAlt = s.ImageAlt }},
	{"image_caption", func(a, b *SnapshotVersion) bool { return a.ImageCaption == b.ImageCaption }, func(d, s *SnapshotVersion) { d.ImageCaption = s.ImageCaption }},
	{"learn_more", func(a, b *SnapshotVersion) bool { return slices.Equal(a.LearnMore, b.LearnMore) }, func(d, s *SnapshotVersion) { d.LearnMore = slices.Clone(s.LearnMore) }},
	{"media_url", func(a, b *SnapshotVersion) bool { return a.MediaURL == b.MediaURL }, func(d, s *SnapshotVersion) { d.MediaURL = s.MediaURL }},
	{"media_type", func(a, b *SnapshotVersion) bool { return a.MediaType == b.MediaType }, func(d, s *SnapshotVersion) { d.MediaType = s.MediaType }},
	{"media_bytes", func(a, b *SnapshotVersion) bool { return a.MediaBytes == b.MediaBytes }, func(d, s *SnapshotVersion) { d.MediaBytes = s.MediaBytes }},
	{"media_seconds", func(a, b *SnapshotVersion) bool { return a.MediaSeconds == b.MediaSeconds }, func(d, s *SnapshotVersion) { d.MediaSeconds = s.MediaSeconds }},
	{"transcript", func(a, b *SnapshotVersion) bool { return a.Transcript == b.Transcript }, func(d, s *SnapshotVersion) { d.Transcript = s.Transcript }},
	{"captions_en", func(a, b *SnapshotVersion) bool { return a.CaptionsEN == b.CaptionsEN }, func(d, s *SnapshotVersion) { d.CaptionsEN = s.CaptionsEN }},
	{"captions_fr", func(a, b *SnapshotVersion) bool { return a.CaptionsFR == b.CaptionsFR }, func(d, s *SnapshotVersion) { d.CaptionsFR = s.CaptionsFR }},
}

// three decides one field: who changed it from base, and whether the
// two changes agree. It returns whether to take theirs, and whether the
// field is a conflict (then mine is kept).
func three(baseMine, baseTheirs, mineTheirs bool) (takeTheirs, conflict bool) {
	switch {
	case mineTheirs || !baseTheirs && baseMine: // same, or only they changed it
		return !baseTheirs, false
	case baseTheirs: // only I changed it
		return false, false
	}
	return false, true
}

// MergeSnapshots merges mine and theirs, both made from base, and returns
// the merged snapshot and the fields both changed differently (mine kept
// in the merge), episode fields first, then each language's in the
// editor's order.
func MergeSnapshots(base, theirs, mine Snapshot) (Snapshot, []MergeField) {
	out := Snapshot{Kind: mine.Kind, TopicIDs: slices.Clone(mine.TopicIDs), AuthorIDs: slices.Clone(mine.AuthorIDs),
		SeriesID: mine.SeriesID, SeriesPosition: mine.SeriesPosition, Versions: map[Lang]*SnapshotVersion{}}
	var conflicts []MergeField
	field := func(lang Lang, name string, eq func(a, b *Snapshot) bool, take func()) {
		t, c := three(eq(&base, &mine), eq(&base, &theirs), eq(&mine, &theirs))
		if c {
			conflicts = append(conflicts, MergeField{lang, name})
		} else if t {
			take()
		}
	}
	field("", "kind", func(a, b *Snapshot) bool { return a.Kind == b.Kind }, func() { out.Kind = theirs.Kind })
	field("", "topics", func(a, b *Snapshot) bool { return sameSet(a.TopicIDs, b.TopicIDs) },
		func() { out.TopicIDs = slices.Clone(theirs.TopicIDs) })
	field("", "authors", func(a, b *Snapshot) bool { return slices.Equal(a.AuthorIDs, b.AuthorIDs) },
		func() { out.AuthorIDs = slices.Clone(theirs.AuthorIDs) })
	field("", "series", func(a, b *Snapshot) bool { return a.SeriesID == b.SeriesID && a.SeriesPosition == b.SeriesPosition },
		func() { out.SeriesID, out.SeriesPosition = theirs.SeriesID, theirs.SeriesPosition })

	for _, lang := range Langs {
		b, t, m := base.Versions[lang], theirs.Versions[lang], mine.Versions[lang]
		switch {
		case m != nil && t != nil:
			v := *m
			v.LearnMore = slices.Clone(m.LearnMore)
			if b == nil {
				// Both added the language: field by field against an
				// empty version.
				b = &SnapshotVersion{}
			}
			for _, f := range versionMergeFields {
				tk, c := three(f.eq(b, m), f.eq(b, t), f.eq(m, t))
				if c {
					conflicts = append(conflicts, MergeField{lang, f.name})
				} else if tk {
					f.take(&v, t)
				}
			}
			out.Versions[lang] = &v
		case m == nil && t == nil:
		case b == nil && m != nil: // I added it; they did not
			out.Versions[lang] = cloneSnapshotVersion(m)
		case b == nil && t != nil: // they added it; I did not
			out.Versions[lang] = cloneSnapshotVersion(t)
		default:
			// One side removed the language. If the other left it as it
			// was, the removal stands; if it changed it, that is a
			// conflict, and mine is kept.
			kept := m
			if kept == nil {
				kept = t
			}
			changed := false
			for _, f := range versionMergeFields {
				if !f.eq(b, kept) {
					changed = true
					break
				}
			}
			switch {
			case !changed:
				// The removal stands.
			case m != nil:
				conflicts = append(conflicts, MergeField{lang, "version"})
				out.Versions[lang] = cloneSnapshotVersion(m)
			default:
				conflicts = append(conflicts, MergeField{lang, "version"})
			}
		}
	}
	return out, conflicts
}

func cloneSnapshotVersion(v *SnapshotVersion) *SnapshotVersion {
	c := *v
	c.LearnMore = slices.Clone(v.LearnMore)
	return &c
}

// sameSet reports whether a and b hold the same ids (topics are a set).
func sameSet(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
