// Package content is the Busrides domain: episodes and their English and
// French versions, topics, series and authors, and the rules that govern
// them (slugs, durations, publication, pairing of the two languages).
//
// It performs no I/O. Storage, the public site, the importer and the CLI
// are adapters around it.
package content

import (
	"strings"
	"time"
)

// Lang is one of Canada's two official languages.
type Lang string

const (
	English Lang = "en"
	French  Lang = "fr"
)

// Langs lists the languages in display order.
var Langs = [2]Lang{English, French}

// ParseLang returns the language for "en" or "fr".
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case English, French:
		return Lang(s), true
	}
	return "", false
}

// Other returns the other official language.
func (l Lang) Other() Lang {
	if l == French {
		return English
	}
	return French
}

// Tag is the BCP 47 tag used in HTML lang attributes (en-CA, fr-CA).
func (l Lang) Tag() string {
	switch l {
	case English:
		return "en-CA" // constants: no string built per call
	case French:
		return "fr-CA"
	}
	return string(l) + "-CA"
}

// Kind is the format of an episode.
type Kind string

const (
	Read   Kind = "read"
	Listen Kind = "listen"
	Watch  Kind = "watch"
)

// Kinds lists the kinds in display order.
var Kinds = [3]Kind{Read, Listen, Watch}

// ParseKind returns the kind for "read", "listen" or "watch".
func ParseKind(s string) (Kind, bool) {
	switch Kind(s) {
	case Read, Listen, Watch:
		return Kind(s), true
	}
	return "", false
}

// HasMedia reports whether episodes of this kind carry audio or video.
func (k Kind) HasMedia() bool { return k == Listen || k == Watch }

// Status is the publication state of an episode.
type Status string

// The editorial workflow: draft → review → scheduled → published →
// unpublished (→ draft). Only Published is ever visible to the public.
const (
	Draft       Status = "draft"
	Review      Status = "review"    // submitted, waiting for an editor
	Scheduled   Status = "scheduled" // to be published at Episode.PublishAt
	Published   Status = "published"
	Unpublished Status = "unpublished" // taken down; its URLs answer 404
)

// Statuses lists every status in workflow order.
var Statuses = [5]Status{Draft, Review, Scheduled, Published, Unpublished}

// ParseStatus returns the status named s.
func ParseStatus(s string) (Status, bool) {
	for _, st := range Statuses {
		if Status(s) == st {
			return st, true
		}
	}
	return "", false
}

// Episode is one piece of micro-learning. It owns up to two versions, one
// per language; the pairing is data (the episode), never a slug convention.
type Episode struct {
	ID          int64
	Key         string // stable import key, unique; never shown to readers
	Kind        Kind
	Status      Status
	PublishedAt time.Time // zero while never published
	ModifiedAt  time.Time // last significant change, shown as "Date modified"
	Topics      []Topic
	Series      *SeriesRef
	Authors     []Author
	Versions    map[Lang]*Version
	LegacyPaths []string // old URLs that redirect to this episode

	// Editorial state (the back office).
	OwnerID     int64     // staff member who created it; 0 for imported episodes
	Revision    int       // number of the latest revision; a save from an older one is a conflict
	PublishAt   time.Time // status Scheduled: when to publish
	UnpublishAt time.Time // zero: never; otherwise when to take it down
	// ReviewerID is the person asked to review the episode while it is
	// in review (0: whoever may publish it); see CanReview.
	ReviewerID int64
	// Pending is set on an episode loaded for its editor while a change
	// of it is saved and not published (Editing.WorkingEpisode): the
	// episode then holds the change, not what the public site shows.
	Pending *PendingChange `json:"-"`
}

// Stale reports whether the version in lang lags behind the other
// language: the other version changed substantively after this one was
// last brought in line with it. A missing version is not stale (it is
// missing).
func (e *Episode) Stale(lang Lang) bool {
	v, o := e.Version(lang), e.Version(lang.Other())
	return v != nil && o != nil && o.ChangedRev > v.AlignedRev
}

// SeriesRef places an episode in a series.
type SeriesRef struct {
	Series   Series
	Position int
}

// Version returns the version in lang, or nil.
func (e *Episode) Version(lang Lang) *Version {
	if e == nil || e.Versions == nil {
		return nil
	}
	return e.Versions[lang]
}

// IsLive reports whether the episode is visible to the public at now.
func (e *Episode) IsLive(now time.Time) bool {
	return e.Status == Published && !e.PublishedAt.IsZero() && !e.PublishedAt.After(now)
}

// Version is an episode in one language.
type Version struct {
	EpisodeID      int64
	Lang           Lang
	Title          string
	Slug           string
	Summary        string
	BodyMarkdown   string
	BodyHTML       string // rendered and sanitised at save time
	WordCount      int
	Image          Image
	LearnMore      []Link
	Transcript     string // Markdown; Listen and Watch
	TranscriptHTML string
	MediaURL       string // Listen and Watch
	MediaType      string // MIME type of MediaURL, e.g. audio/mpeg
	MediaSeconds   int    // Listen and Watch: length of the recording
	// MediaBytes is the declared size of the recording, in bytes: what
	// feeds give as the length of an external (https) file, which the
	// site cannot read itself. 0 when not given; a file on this site
	// (/media/…) is measured instead.
	MediaBytes int64
	// Captions are the WebVTT caption files of this version's recording
	// (Watch), per language: the version's own language (required to
	// publish), and optionally the other language, timed to this same
	// recording (never the other version's file, which follows the other
	// recording). Each is a /media/ path or an https URL; "" for none.
	Captions Bilingual

	// Translation parity: the revision in which this version last changed
	// substantively (not a minor edit) and when, and the other language's
	// ChangedRev this version was last brought in line with.
	ChangedRev int
	ChangedAt  time.Time
	AlignedRev int
}

// Image is a feature image with its alternative text and caption.
type Image struct {
	URL     string
	Alt     string
	Caption string
}

// Link is a labelled URL, such as a "Learn more" link.
type Link struct {
	Label string
	URL   string
}

// Only is the language of the page a link leads to when it is in one
// language, and the label without its mark: an editor ends the label with
// "{lang=en}" or "{lang=fr}" (as after a Markdown link), and a path of this
// site in a language (/en/…, /fr/…) says it without one. "" when neither.
func (l Link) Only() (label string, lang Lang) {
	label = l.Label
	t := strings.TrimRight(label, " \t")
	for _, c := range []Lang{English, French} {
		if rest, ok := strings.CutSuffix(t, "{lang="+string(c)+"}"); ok {
			return strings.TrimRight(rest, " \t"), c
		}
	}
	if p, ok := internalPath(l.URL); ok {
		return label, Lang(p[1:3])
	}
	return label, ""
}

// Topic groups episodes by subject.
type Topic struct {
	ID           int64
	Key          string
	Names        Bilingual
	Slugs        Bilingual
	Descriptions Bilingual
}

// Series is an ordered run of episodes with a bilingual introduction.
type Series struct {
	ID         int64
	Key        string
	Titles     Bilingual
	Slugs      Bilingual
	Intros     Bilingual // Markdown source
	IntrosHTML Bilingual
}

// Author writes or hosts episodes.
type Author struct {
	ID    int64
	Key   string
	Name  string
	Slugs Bilingual
	Bios  Bilingual
	Roles Bilingual // job title, e.g. "Director, Digital Policy"
	Photo string    // https URL or /media/ path of a portrait; "" for none
	// FrenchNoun is how the French site speaks of the author:
	// « l'auteur » (the zero value), « l'auteure », « l'autrice » or
	// « la personne autrice ».
	FrenchNoun FrenchNoun
}

// Bilingual is a text in both official languages.
type Bilingual struct {
	EN string
	FR string
}

// In returns the text in lang.
func (b Bilingual) In(lang Lang) string {
	if lang == French {
		return b.FR
	}
	return b.EN
}

// Set sets the text in lang.
func (b *Bilingual) Set(lang Lang, s string) {
	if lang == French {
		b.FR = s
	} else {
		b.EN = s
	}
}
