package content

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// SitePageKey names one of the site's own pages: the ones the footer
// links (About, Contact, Terms and conditions), written and published in
// the back office like episodes but outside the catalogue. The key never
// changes; each language's address (slug) may.
type SitePageKey string

const (
	SitePageAbout   SitePageKey = "about"
	SitePageContact SitePageKey = "contact"
	SitePageTerms   SitePageKey = "terms"
)

// SitePageKeys lists the site pages in the order the footer links them.
// Adding a page is one line here (and its footer link).
var SitePageKeys = []SitePageKey{SitePageAbout, SitePageContact, SitePageTerms}

// ParseSitePageKey returns the site page key named s.
func ParseSitePageKey(s string) (SitePageKey, bool) {
	for _, k := range SitePageKeys {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// SitePage is one of the site's own pages in both official languages.
// Its status is Draft or Published: a draft is on no public page; a
// published page is live, and each save of it is live at once (as for a
// published episode).
type SitePage struct {
	Key         SitePageKey
	Status      Status    // Draft or Published
	Revision    int       // the latest revision; a save from an older one is a conflict
	PublishedAt time.Time // first publication; zero while never published
	ModifiedAt  time.Time // last substantive change, shown as "Date modified"
	Versions    map[Lang]*SitePageVersion
}

// SitePageVersion is a site page in one language.
type SitePageVersion struct {
	Lang         Lang
	Title        string
	Slug         string // the page is /{lang}/{slug}
	BodyMarkdown string
	BodyHTML     string // rendered and sanitised at save time (internal/render)

	// Translation parity, as Version's: the revision in which this version
	// last changed substantively and when, and the other language's
	// ChangedRev this version was last brought in line with.
	ChangedRev int
	ChangedAt  time.Time
	AlignedRev int
}

// Version returns the version in lang, or nil.
func (p *SitePage) Version(lang Lang) *SitePageVersion {
	if p == nil || p.Versions == nil {
		return nil
	}
	return p.Versions[lang]
}

// Stale reports whether the version in lang lags behind the other
// language, as Episode.Stale.
func (p *SitePage) Stale(lang Lang) bool {
	v, o := p.Version(lang), p.Version(lang.Other())
	return v != nil && o != nil && o.ChangedRev > v.AlignedRev
}

// Live reports whether the page is on the public site.
func (p *SitePage) Live() bool { return p != nil && p.Status == Published }

// SitePageLink is what pages that link a published site page need of it:
// its address in each language.
type SitePageLink struct {
	Key   SitePageKey
	Slugs Bilingual
}

// Validation keys of site pages (i18n catalogue keys). Field names are
// those of episodes' versions: "en.title", "fr.slug", "en.body"
// (VersionField), and "versions" for the page as a whole.
const (
	SitePageErrNoLanguage  = "sitepages.error_no_language"
	SitePageErrBothLangs   = "sitepages.error_both_languages"
	SitePageErrSlugTaken   = "sitepages.error_slug_taken"
	SitePageErrSlugPath    = "sitepages.error_slug_reserved"
	SitePageErrImageNoAlt  = "sitepages.error_image_alt"
	SitePageErrStatus      = "sitepages.error_status"
	SitePageErrUnknownPage = "sitepages.error_key"
)

// PrepareSitePage tidies a page as typed in the back office — titles
// trimmed, an empty slug made from the title (Slugify), a typed slug
// slugified, line breaks as \n — and checks it (ValidateSitePage). A
// version whose title, slug and body are all empty is no version.
func PrepareSitePage(p *SitePage, reserved func(Lang, string) bool) error {
	for _, lang := range Langs {
		v := p.Version(lang)
		if v == nil {
			continue
		}
		v.Lang = lang
		v.Title = strings.TrimSpace(v.Title)
		v.BodyMarkdown = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(v.BodyMarkdown, "\r\n", "\n"), "\r", "\n"))
		typed := strings.TrimSpace(v.Slug)
		if v.Title == "" && typed == "" && v.BodyMarkdown == "" {
			delete(p.Versions, lang)
			continue
		}
		if typed == "" {
			typed = v.Title
		}
		if s := Slugify(typed); s != "" {
			v.Slug = s
		} else {
			v.Slug = typed
		}
	}
	return ValidateSitePage(p, reserved)
}

// ValidateSitePage checks that a page can be stored: a known key, status
// Draft or Published, at least one language, and in each version present
// a title (one line, at most MaxTitleRunes), a well-formed slug that is
// not a path the site already uses in that language (reserved, from
// internal/urls), and a Markdown body (at most MaxMarkdownBytes, no image
// without alternative text). A published page has both languages: it is
// live in both, and a draft is where one language waits for the other.
//
// The error is a *ValidationError naming each bad field.
func ValidateSitePage(p *SitePage, reserved func(Lang, string) bool) error {
	bad := map[string]string{}
	if _, ok := ParseSitePageKey(string(p.Key)); !ok {
		bad["key"] = SitePageErrUnknownPage
	}
	if p.Status != Draft && p.Status != Published {
		bad["status"] = SitePageErrStatus
	}
	n := 0
	for _, lang := range Langs {
		v := p.Version(lang)
		if v == nil {
			continue
		}
		n++
		f := func(name string) string { return VersionField(lang, name) }
		switch {
		case strings.TrimSpace(v.Title) == "":
			bad[f("title")] = EditErrRequired
		case utf8.RuneCountInString(v.Title) > MaxTitleRunes:
			bad[f("title")] = EditErrTooLong
		case hasControl(v.Title, false):
			bad[f("title")] = EditErrControl
		}
		switch {
		case v.Slug == "":
			bad[f("slug")] = EditErrRequired
		case !ValidSlug(v.Slug):
			bad[f("slug")] = EditErrSlug
		case reserved != nil && reserved(lang, v.Slug):
			bad[f("slug")] = SitePageErrSlugPath
		}
		switch {
		case strings.TrimSpace(v.BodyMarkdown) == "":
			bad[f("body")] = EditErrRequired
		case len(v.BodyMarkdown) > MaxMarkdownBytes:
			bad[f("body")] = EditErrTooLong
		case hasControl(v.BodyMarkdown, true):
			bad[f("body")] = EditErrControl
		case MarkdownImageWithoutAlt(v.BodyMarkdown):
			bad[f("body")] = SitePageErrImageNoAlt
		}
	}
	switch {
	case n == 0:
		bad["versions"] = SitePageErrNoLanguage
	case n == 1 && p.Status == Published:
		bad["versions"] = SitePageErrBothLangs
	}
	if len(bad) > 0 {
		return &ValidationError{Fields: bad}
	}
	return nil
}

// ApplySitePageParity sets the parity marks of next's versions, saved as
// revision rev over prev (nil for a new page), by the rules of
// ApplyParity (which it uses: a site page's text is its title and body),
// and returns the languages whose text changed.
func ApplySitePageParity(prev, next *SitePage, rev int, info SaveInfo) []Lang {
	asEpisode := func(p *SitePage) *Episode {
		if p == nil {
			return nil
		}
		e := &Episode{Versions: map[Lang]*Version{}}
		for lang, v := range p.Versions {
			if v != nil {
				e.Versions[lang] = &Version{Lang: lang, Title: v.Title, BodyMarkdown: v.BodyMarkdown,
					ChangedRev: v.ChangedRev, ChangedAt: v.ChangedAt, AlignedRev: v.AlignedRev}
			}
		}
		return e
	}
	e := asEpisode(next)
	changed := ApplyParity(asEpisode(prev), e, rev, info)
	for lang, v := range e.Versions {
		sv := next.Versions[lang]
		sv.ChangedRev, sv.ChangedAt, sv.AlignedRev = v.ChangedRev, v.ChangedAt, v.AlignedRev
	}
	return changed
}

// SitePageRevision is one save of a site page: who, when, what.
type SitePageRevision struct {
	Key       SitePageKey
	Number    int
	CreatedAt time.Time
	UserID    int64 // 0: the system (demo content) or a deleted account
	Minor     bool
	Langs     []Lang // languages whose text changed
	Note      string // "restore:N" for a restored revision
	Snapshot  SitePageSnapshot
}

// SitePageSnapshot is a site page as saved in a revision: what the editor
// writes, in a stable JSON form.
type SitePageSnapshot struct {
	Versions map[Lang]*SitePageSnapshotVersion `json:"versions"`
}

// SitePageSnapshotVersion is one language of a SitePageSnapshot.
type SitePageSnapshotVersion struct {
	Title string `json:"title"`
	Slug  string `json:"slug"`
	Body  string `json:"body"`
}

// SnapshotOfSitePage records the editable fields of p.
func SnapshotOfSitePage(p *SitePage) SitePageSnapshot {
	s := SitePageSnapshot{Versions: map[Lang]*SitePageSnapshotVersion{}}
	for _, lang := range Langs {
		if v := p.Version(lang); v != nil {
			s.Versions[lang] = &SitePageSnapshotVersion{Title: v.Title, Slug: v.Slug, Body: v.BodyMarkdown}
		}
	}
	return s
}

// Page returns a page with key holding the snapshot's fields (HTML not
// rendered).
func (s SitePageSnapshot) Page(key SitePageKey) *SitePage {
	p := &SitePage{Key: key, Versions: map[Lang]*SitePageVersion{}}
	for _, lang := range Langs {
		if sv := s.Versions[lang]; sv != nil {
			p.Versions[lang] = &SitePageVersion{Lang: lang, Title: sv.Title, Slug: sv.Slug, BodyMarkdown: sv.Body}
		}
	}
	return p
}

// Text writes the version in lang as plain text for a diff, as
// Snapshot.Text does: the title and address, then the body.
func (s SitePageSnapshot) Text(lang Lang, l DiffLabels) string {
	sv := s.Versions[lang]
	if sv == nil {
		return ""
	}
	return Snapshot{Versions: map[Lang]*SnapshotVersion{lang: {Title: sv.Title, Slug: sv.Slug, Body: sv.Body}}}.Text(lang, l)
}

// MarshalSitePageSnapshot and UnmarshalSitePageSnapshot are the stored
// form of a snapshot.
func MarshalSitePageSnapshot(s SitePageSnapshot) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("site page snapshot: %w", err)
	}
	return string(b), nil
}

func UnmarshalSitePageSnapshot(data string) (SitePageSnapshot, error) {
	var s SitePageSnapshot
	if err := json.Unmarshal([]byte(data), &s); err != nil {
		return s, fmt.Errorf("site page snapshot: %w", err)
	}
	if s.Versions == nil {
		s.Versions = map[Lang]*SitePageSnapshotVersion{}
	}
	return s, nil
}
