package content

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what an edited episode may hold. Bodies and transcripts are
// bounded like the Markdown renderer's input.
const (
	MaxTitleRunes    = 200
	MaxSummaryRunes  = 1000
	MaxMarkdownBytes = 1 << 20
	MaxCaptionRunes  = 1000
	MaxURLBytes      = 2000
	MaxLinks         = 20
	MaxLinkLabel     = 200
	MaxMediaType     = 100
	MaxMediaSeconds  = 24 * 60 * 60
	MaxMediaBytes    = 1 << 40 // 1 TiB: a declared size beyond is a typing error
	MaxSeriesPos     = 10000
	MaxRevisionNote  = 500
)

// Editing validation keys (i18n catalogue keys).
const (
	EditErrKind       = "editing.error_kind"
	EditErrNoLanguage = "editing.error_no_language"
	EditErrRequired   = "editing.error_required"
	EditErrTooLong    = "editing.error_too_long"
	EditErrSlug       = "editing.error_slug"
	EditErrSlugTaken  = "editing.error_slug_taken"
	EditErrURL        = "editing.error_url"
	EditErrCaptions   = "editing.error_captions"
	EditErrAlt        = "editing.error_alt"
	EditErrLink       = "editing.error_link"
	EditErrTooMany    = "editing.error_too_many"
	EditErrSeconds    = "editing.error_seconds"
	EditErrMediaType  = "editing.error_media_type"
	EditErrMediaBytes = "editing.error_media_bytes"
	EditErrPosition   = "editing.error_position"
	EditErrControl    = "editing.error_control"
)

// Field names of an edited episode, as the ValidationError of
// ValidateEdit names them: episode fields plainly ("kind", "series",
// "series_position"), version fields prefixed by the language
// ("en.title", "fr.media_url").
func VersionField(lang Lang, name string) string { return string(lang) + "." + name }

// ValidateEdit checks that an edited episode can be stored: it is well
// formed, whether or not it is ready to publish. Every version present is
// being written and needs a title, slug, summary and body; fields must fit
// their limits; URLs must be http(s) or site paths; media durations are
// whole seconds; caption files are /media/ paths or https URLs (see
// ValidCaptionsURL). What publishing needs beyond this (media and
// transcripts of Listen and Watch episodes, captions of Watch episodes,
// both languages) is the publishing checklist's business, not a reason to
// refuse a draft.
//
// The error is a *ValidationError naming each bad field (see VersionField).
func ValidateEdit(e *Episode) error {
	bad := map[string]string{}
	if _, ok := ParseKind(string(e.Kind)); !ok {
		bad["kind"] = EditErrKind
	}
	if e.Series != nil && (e.Series.Position < 1 || e.Series.Position > MaxSeriesPos) {
		bad["series_position"] = EditErrPosition
	}
	n := 0
	for _, lang := range Langs {
		v := e.Version(lang)
		if v == nil {
			continue
		}
		n++
		f := func(name string) string { return VersionField(lang, name) }
		text := func(name, s string, required bool, maxRunes int) {
			switch {
			case required && strings.TrimSpace(s) == "":
				bad[f(name)] = EditErrRequired
			case utf8.RuneCountInString(s) > maxRunes:
				bad[f(name)] = EditErrTooLong
			case hasControl(s, false):
				bad[f(name)] = EditErrControl
			}
		}
		markdown := func(name, s string, required bool) {
			switch {
			case required && strings.TrimSpace(s) == "":
				bad[f(name)] = EditErrRequired
			case len(s) > MaxMarkdownBytes:
				bad[f(name)] = EditErrTooLong
			case hasControl(s, true):
				bad[f(name)] = EditErrControl
			}
		}
		link := func(name, s string) {
			if s != "" && !ValidURL(s) {
				bad[f(name)] = EditErrURL
			}
		}
		text("title", v.Title, true, MaxTitleRunes)
		switch {
		case v.Slug == "":
			bad[f("slug")] = EditErrRequired
		case !ValidSlug(v.Slug):
			bad[f("slug")] = EditErrSlug
		}
		text("summary", v.Summary, true, MaxSummaryRunes)
		markdown("body", v.BodyMarkdown, true)
		markdown("transcript", v.Transcript, false)
		link("image_url", v.Image.URL)
		text("image_alt", v.Image.Alt, false, MaxAltRunes)
		text("image_caption", v.Image.Caption, false, MaxCaptionRunes)
		if v.Image.URL != "" && strings.TrimSpace(v.Image.Alt) == "" && bad[f("image_alt")] == "" {
			bad[f("image_alt")] = EditErrAlt
		}
		if len(v.LearnMore) > MaxLinks {
			bad[f("learn_more")] = EditErrTooMany
		}
		for _, l := range v.LearnMore {
			switch {
			case strings.TrimSpace(l.Label) == "" || l.URL == "":
				bad[f("learn_more")] = EditErrLink
			case utf8.RuneCountInString(l.Label) > MaxLinkLabel || hasControl(l.Label, false):
				bad[f("learn_more")] = EditErrTooLong
			case !ValidURL(l.URL):
				bad[f("learn_more")] = EditErrURL
			}
		}
		link("media_url", v.MediaURL)
		if t := v.MediaType; t != "" && !ValidMediaType(e.Kind, t) {
			bad[f("media_type")] = EditErrMediaType
		}
		if v.MediaSeconds < 0 || v.MediaSeconds > MaxMediaSeconds {
			bad[f("media_seconds")] = EditErrSeconds
		}
		if v.MediaBytes < 0 || v.MediaBytes > MaxMediaBytes {
			bad[f("media_bytes")] = EditErrMediaBytes
		}
		for _, cl := range Langs {
			if u := v.Captions.In(cl); u != "" && !ValidCaptionsURL(u) {
				bad[f(CaptionsField(cl))] = EditErrCaptions
			}
		}
	}
	if n == 0 {
		bad["versions"] = EditErrNoLanguage
	}
	if len(bad) > 0 {
		return &ValidationError{Fields: bad}
	}
	return nil
}

// ValidMediaType accepts audio/… for Listen and video/… for Watch (and
// either while the kind is Read: the media of a draft changing kind).
func ValidMediaType(k Kind, t string) bool {
	if len(t) > MaxMediaType || strings.ContainsFunc(t, func(r rune) bool {
		return r <= ' ' || r > '~' || r == '"' || r == '<' || r == '>'
	}) {
		return false
	}
	typ, sub, ok := strings.Cut(t, "/")
	if !ok || sub == "" {
		return false
	}
	switch k {
	case Listen:
		return typ == "audio"
	case Watch:
		return typ == "video"
	}
	return typ == "audio" || typ == "video"
}

// hasControl reports control characters other than tab (and newline and
// carriage return in multi-line fields).
func hasControl(s string, multiline bool) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		if r == '\t' || (multiline && (r == '\n' || r == '\r')) {
			return false
		}
		return unicode.IsControl(r) || r == utf8.RuneError
	})
}

// ValidURL accepts absolute http and https URLs with a host, and paths on
// this site ("/media/x.mp3"), without spaces, backslashes or control
// characters.
func ValidURL(s string) bool {
	if s == "" || len(s) > MaxURLBytes || strings.ContainsFunc(s, func(r rune) bool {
		return r <= ' ' || r == '\\' || r == 0x7f || r == '"' || r == '<' || r == '>' || !utf8.ValidRune(r) || r == utf8.RuneError
	}) {
		return false
	}
	if strings.HasPrefix(s, "/") {
		return !strings.HasPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

// ValidCaptionsURL accepts the address of a caption file: a path in the
// site's media folder ("/media/talk.en.vtt") or an absolute https URL, as
// ValidURL checks them. Other site paths are refused (a page such as the
// generated transcript.vtt is not a caption file), and so are http and
// every other scheme.
func ValidCaptionsURL(s string) bool {
	if !ValidURL(s) {
		return false
	}
	if strings.HasPrefix(s, "/") {
		rest, ok := strings.CutPrefix(s, "/media/")
		return ok && rest != "" && !slices.Contains(strings.Split(rest, "/"), "..")
	}
	return strings.HasPrefix(s, "https://")
}

// CaptionsField is the name of a version's caption file in language cl, as
// the editor and ValidationError name it after the version's language:
// "captions_en", "captions_fr" (so "fr.captions_en" is the English
// captions of the French recording).
func CaptionsField(cl Lang) string { return "captions_" + string(cl) }

// ParseMediaSeconds reads a recording's length as typed in the editor:
// whole seconds ("754") or a clock ("12:34", "1:02:03"). Empty is 0.
func ParseMediaSeconds(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if strings.Contains(s, ":") {
		n, err := ParseClock(s)
		return n, err == nil && n <= MaxMediaSeconds
	}
	if len(s) > 6 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n <= MaxMediaSeconds
}

// ParseMediaBytes reads a recording's size in bytes as typed in the editor
// or a content file: digits, optionally grouped by spaces (plain, no-break
// or narrow no-break: "48 213 004"). Empty is 0. Signs, decimals, units
// and sizes over MaxMediaBytes are refused.
func ParseMediaBytes(s string) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	if len(s) > 13 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n <= MaxMediaBytes
}

// SaveInfo describes one save of an episode from the editor.
type SaveInfo struct {
	UserID int64 // 0: the system (an import)
	// BaseRevision is the revision the editor opened (0 for a new
	// episode). A save whose base is not the latest revision is a
	// conflict.
	BaseRevision int
	// Minor is "minor edit": the change does not concern the other
	// language, so it does not make it stale.
	Minor bool
	// Aligned lists the languages ticked "brought in line with the other
	// language".
	Aligned map[Lang]bool
	Note    string // e.g. "restored from revision 3"
	Now     time.Time
	// Publish, for a published episode, puts the save on the public site
	// at once (and drops a pending change, which the save includes);
	// without it the save is a pending change (Episode.Pending). The
	// caller has checked that the staff member may publish.
	Publish bool
}

// PendingChange is the change of a live episode saved and not published
// yet: the public site shows revision LiveRevision meanwhile.
type PendingChange struct {
	LiveRevision int
	UserID       int64     // who saved it last (0: the system or a deleted account)
	Since        time.Time // its first save
	SavedAt      time.Time // its last save
}

// Revision is one save of an episode: who, when, what.
type Revision struct {
	EpisodeID int64
	Number    int
	CreatedAt time.Time
	UserID    int64 // 0: the system or a deleted account
	Minor     bool
	Langs     []Lang // languages whose text changed
	Note      string
	Snapshot  Snapshot
}

// Snapshot is an episode as saved in a revision: every field the editor
// writes, in a stable JSON form.
type Snapshot struct {
	Kind           Kind                      `json:"kind"`
	TopicIDs       []int64                   `json:"topics,omitempty"`
	AuthorIDs      []int64                   `json:"authors,omitempty"`
	SeriesID       int64                     `json:"series,omitempty"`
	SeriesPosition int                       `json:"series_position,omitempty"`
	Versions       map[Lang]*SnapshotVersion `json:"versions"`
}

// SnapshotVersion is one language of a Snapshot.
type SnapshotVersion struct {
	Title        string `json:"title"`
	Slug         string `json:"slug"`
	Summary      string `json:"summary"`
	Body         string `json:"body"`
	ImageURL     string `json:"image_url,omitempty"`
	ImageAlt     string `json:"image_alt,omitempty"`
	ImageCaption string `json:"image_caption,omitempty"`
	LearnMore    []Link `json:"learn_more,omitempty"`
	Transcript   string `json:"transcript,omitempty"`
	MediaURL     string `json:"media_url,omitempty"`
	MediaType    string `json:"media_type,omitempty"`
	MediaSeconds int    `json:"media_seconds,omitempty"`
	MediaBytes   int64  `json:"media_bytes,omitempty"`
	CaptionsEN   string `json:"captions_en,omitempty"`
	CaptionsFR   string `json:"captions_fr,omitempty"`
}

// SnapshotOf records the editable fields of e.
func SnapshotOf(e *Episode) Snapshot {
	s := Snapshot{Kind: e.Kind, Versions: map[Lang]*SnapshotVersion{}}
	for _, t := range e.Topics {
		s.TopicIDs = append(s.TopicIDs, t.ID)
	}
	for _, a := range e.Authors {
		s.AuthorIDs = append(s.AuthorIDs, a.ID)
	}
	if e.Series != nil {
		s.SeriesID, s.SeriesPosition = e.Series.Series.ID, e.Series.Position
	}
	for _, lang := range Langs {
		if v := e.Version(lang); v != nil {
			s.Versions[lang] = &SnapshotVersion{
				Title: v.Title, Slug: v.Slug, Summary: v.Summary, Body: v.BodyMarkdown,
				ImageURL: v.Image.URL, ImageAlt: v.Image.Alt, ImageCaption: v.Image.Caption,
				LearnMore: slices.Clone(v.LearnMore), Transcript: v.Transcript,
				MediaURL: v.MediaURL, MediaType: v.MediaType, MediaSeconds: v.MediaSeconds, MediaBytes: v.MediaBytes,
				CaptionsEN: v.Captions.EN, CaptionsFR: v.Captions.FR,
			}
		}
	}
	return s
}

// Episode returns an episode holding the snapshot's fields, with topics,
// authors and series given by id only (and HTML not rendered).
func (s Snapshot) Episode() *Episode {
	e := &Episode{Kind: s.Kind, Versions: map[Lang]*Version{}}
	for _, id := range s.TopicIDs {
		e.Topics = append(e.Topics, Topic{ID: id})
	}
	for _, id := range s.AuthorIDs {
		e.Authors = append(e.Authors, Author{ID: id})
	}
	if s.SeriesID != 0 {
		e.Series = &SeriesRef{Series: Series{ID: s.SeriesID}, Position: s.SeriesPosition}
	}
	for lang, sv := range s.Versions {
		if sv == nil {
			continue
		}
		e.Versions[lang] = &Version{
			Lang: lang, Title: sv.Title, Slug: sv.Slug, Summary: sv.Summary, BodyMarkdown: sv.Body,
			Image:     Image{URL: sv.ImageURL, Alt: sv.ImageAlt, Caption: sv.ImageCaption},
			LearnMore: slices.Clone(sv.LearnMore), Transcript: sv.Transcript,
			MediaURL: sv.MediaURL, MediaType: sv.MediaType, MediaSeconds: sv.MediaSeconds, MediaBytes: sv.MediaBytes,
			Captions: Bilingual{EN: sv.CaptionsEN, FR: sv.CaptionsFR},
		}
	}
	return e
}

// MarshalSnapshot and UnmarshalSnapshot are the stored form of a snapshot.
func MarshalSnapshot(s Snapshot) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	return string(b), nil
}

func UnmarshalSnapshot(data string) (Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal([]byte(data), &s); err != nil {
		return s, fmt.Errorf("snapshot: %w", err)
	}
	if s.Versions == nil {
		s.Versions = map[Lang]*SnapshotVersion{}
	}
	return s, nil
}

// DiffLabels name the parts of Snapshot.Text, in the reader's language.
type DiffLabels struct {
	Title, Slug, Summary, Body, Image, Alt, Caption, LearnMore, Transcript, Media string
	// CaptionsEN and CaptionsFR label the caption files in each language.
	CaptionsEN, CaptionsFR string
	Colon                  string // ": " when empty
}

// Text writes the version in lang as plain text for a diff: one labelled
// line per short field, then the Markdown of the body and transcript.
// A missing version is the empty text.
func (s Snapshot) Text(lang Lang, l DiffLabels) string {
	v := s.Versions[lang]
	if v == nil {
		return ""
	}
	var b strings.Builder
	colon := l.Colon
	if colon == "" {
		colon = ": "
	}
	line := func(label, value string) {
		if value != "" {
			b.WriteString(label + colon + value + "\n")
		}
	}
	line(l.Title, v.Title)
	line(l.Slug, v.Slug)
	line(l.Summary, v.Summary)
	line(l.Image, v.ImageURL)
	line(l.Alt, v.ImageAlt)
	line(l.Caption, v.ImageCaption)
	for _, k := range v.LearnMore {
		line(l.LearnMore, k.Label+" | "+k.URL)
	}
	if v.MediaURL != "" || v.MediaType != "" || v.MediaSeconds != 0 || v.MediaBytes != 0 {
		parts := []string{v.MediaURL, v.MediaType, FormatClock(v.MediaSeconds)}
		if v.MediaBytes != 0 {
			parts = append(parts, strconv.FormatInt(v.MediaBytes, 10)+" B")
		}
		line(l.Media, strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " "))
	}
	line(l.CaptionsEN, v.CaptionsEN)
	line(l.CaptionsFR, v.CaptionsFR)
	block := func(label, md string) {
		if md == "" {
			return
		}
		b.WriteString("\n" + label + strings.TrimRight(colon, " ") + "\n" + strings.ReplaceAll(md, "\r\n", "\n"))
		if !strings.HasSuffix(md, "\n") {
			b.WriteByte('\n')
		}
	}
	block(l.Body, v.Body)
	block(l.Transcript, v.Transcript)
	return b.String()
}

// TextChanged reports whether the reader-facing text of a version differs
// between a and b (a nil version has no text): title, summary, body,
// transcript, image alternative text and caption, learn-more links. Slugs,
// URLs of media and images, and durations are not text to translate.
func TextChanged(a, b *Version) bool {
	if a == nil || b == nil {
		return a != b
	}
	return a.Title != b.Title || a.Summary != b.Summary || a.BodyMarkdown != b.BodyMarkdown ||
		a.Transcript != b.Transcript || a.Image.Alt != b.Image.Alt || a.Image.Caption != b.Image.Caption ||
		!slices.Equal(a.LearnMore, b.LearnMore)
}

// ApplyParity sets the translation parity marks (ChangedRev, ChangedAt,
// AlignedRev) of the versions of next, saved as revision rev over prev
// (nil for a new episode), and returns the languages whose text changed.
//
// The rules:
//   - A version whose text changed in a save not ticked "minor edit" (or
//     that is new) changed substantively: its ChangedRev becomes rev and
//     its ChangedAt info.Now. Otherwise it keeps its marks.
//   - When both languages changed substantively in the same save, each is
//     in line with the other.
//   - A language ticked "brought in line with the other language" is in
//     line with the other's ChangedRev; if it changed substantively (the
//     translator caught it up), the other is in line with it as well, so
//     the catch-up does not make the other language stale.
//   - A version added next to an existing one is a translation of it: the
//     two are in line, and the new one does not make the old one stale.
//   - Editing a stale language (the other not changed in the save) is
//     work on the translation: it never makes the other language stale.
//     The edited one stays stale until ticked "brought in line".
//
// Episode.Stale then reads the marks: a version is stale when the other
// language changed after the revision it was last brought in line with.
func ApplyParity(prev, next *Episode, rev int, info SaveInfo) []Lang {
	var changed []Lang
	substantive := map[Lang]bool{}
	added := map[Lang]bool{}
	for _, lang := range Langs {
		v := next.Version(lang)
		if v == nil {
			continue
		}
		old := prev.Version(lang)
		if old != nil {
			v.ChangedRev, v.ChangedAt, v.AlignedRev = old.ChangedRev, old.ChangedAt, old.AlignedRev
		} else {
			v.ChangedRev, v.ChangedAt, v.AlignedRev = 0, time.Time{}, 0
			added[lang] = true
		}
		if TextChanged(old, v) {
			changed = append(changed, lang)
			if !info.Minor || old == nil {
				substantive[lang] = true
				v.ChangedRev, v.ChangedAt = rev, info.Now.UTC()
			}
		}
	}
	en, fr := next.Version(English), next.Version(French)
	if en == nil || fr == nil {
		return changed
	}
	align := func(v, other *Version) { v.AlignedRev = other.ChangedRev }
	for _, lang := range Langs {
		if substantive[lang] && !substantive[lang.Other()] && prev.Stale(lang) {
			align(next.Version(lang.Other()), next.Version(lang))
		}
	}
	switch {
	case substantive[English] && substantive[French]:
		align(en, fr)
		align(fr, en)
	case added[English] && !added[French]:
		align(en, fr)
		align(fr, en)
	case added[French] && !added[English]:
		align(fr, en)
		align(en, fr)
	}
	for _, lang := range Langs {
		if info.Aligned[lang] {
			v, other := next.Version(lang), next.Version(lang.Other())
			align(v, other)
			// Catching a translation up is not a new change for the other
			// language to follow: the other is in line with it too.
			if substantive[lang] && !substantive[lang.Other()] {
				align(other, v)
			}
		}
	}
	return changed
}
