package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what staff type for topics, series and authors, in characters.
const (
	MaxNameRunes  = 120
	MaxRoleRunes  = 160
	MaxTextRunes  = 2000  // topic descriptions, author bios
	MaxIntroRunes = 20000 // series introductions (Markdown)
	MaxPhotoLen   = 500
)

// Validation keys (i18n catalogue keys) for topics, series and authors.
const (
	TaxErrRequired    = "admin.tax_err_required"
	TaxErrTooLong     = "admin.tax_err_too_long"
	TaxErrControl     = "admin.tax_err_control"
	TaxErrSlug        = "admin.tax_err_slug"
	TaxErrSlugTaken   = "admin.tax_err_slug_taken"
	TaxErrPhoto       = "admin.tax_err_photo"
	TaxErrMarkdown    = "admin.tax_err_markdown"
	TaxErrImageNoAlt  = "admin.tax_err_image_alt"
	TaxErrOrder       = "admin.tax_err_order"
	TaxErrPosition    = "admin.tax_err_position"
	TaxErrDuplicatePo = "admin.tax_err_duplicate_position"
	TaxErrFrenchNoun  = "admin.author_err_fr_noun"
)

// InUseError is returned (wrapped) when deleting a topic, series or author
// that episodes still use.
type InUseError struct {
	Episodes int
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("used by %d episode(s)", e.Episodes)
}

// fieldChecker collects field errors.
type fieldChecker map[string]string

func (f fieldChecker) err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}

// line checks a one-line text: trimmed, required or not, at most max runes,
// no control characters.
func (f fieldChecker) line(field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "" && required:
		f[field] = TaxErrRequired
	case utf8.RuneCountInString(*s) > max:
		f[field] = TaxErrTooLong
	case strings.ContainsFunc(*s, unicode.IsControl) || !utf8.ValidString(*s):
		f[field] = TaxErrControl
	}
}

// text checks a multi-line text: line breaks are kept (as \n), other
// control characters refused.
func (f fieldChecker) text(field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(*s, "\r\n", "\n"), "\r", "\n"))
	switch {
	case *s == "" && required:
		f[field] = TaxErrRequired
	case utf8.RuneCountInString(*s) > max:
		f[field] = TaxErrTooLong
	case !utf8.ValidString(*s) || strings.ContainsFunc(*s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		f[field] = TaxErrControl
	}
}

// slug sets *s to the slug of what was typed, or of from when nothing was.
func (f fieldChecker) slug(field string, s *string, from string) {
	typed := strings.TrimSpace(*s)
	if typed == "" {
		typed = from
	}
	*s = Slugify(typed)
	if *s == "" || !ValidSlug(*s) {
		if _, bad := f[field]; !bad {
			f[field] = TaxErrSlug
		}
		*s = strings.TrimSpace(typed)
	}
}

// PrepareTopic trims a topic typed in the back office, derives missing
// slugs from the names (Slugify), and checks it. The error is a
// *ValidationError keyed by form field: name_en, name_fr, slug_en, slug_fr,
// description_en, description_fr.
func PrepareTopic(t *Topic) error {
	f := fieldChecker{}
	f.line("name_en", &t.Names.EN, true, MaxNameRunes)
	f.line("name_fr", &t.Names.FR, true, MaxNameRunes)
	f.slug("slug_en", &t.Slugs.EN, t.Names.EN)
	f.slug("slug_fr", &t.Slugs.FR, t.Names.FR)
	// Descriptions are plain text on public pages (and in feeds).
	f.line("description_en", &t.Descriptions.EN, false, MaxTextRunes)
	f.line("description_fr", &t.Descriptions.FR, false, MaxTextRunes)
	return f.err()
}

// PrepareSeries is PrepareTopic for a series: title_en, title_fr, slug_en,
// slug_fr, intro_en, intro_fr. Both introductions are required Markdown;
// the caller renders them (IntrosHTML) after this succeeds.
func PrepareSeries(s *Series) error {
	f := fieldChecker{}
	f.line("title_en", &s.Titles.EN, true, MaxNameRunes)
	f.line("title_fr", &s.Titles.FR, true, MaxNameRunes)
	f.slug("slug_en", &s.Slugs.EN, s.Titles.EN)
	f.slug("slug_fr", &s.Slugs.FR, s.Titles.FR)
	f.text("intro_en", &s.Intros.EN, true, MaxIntroRunes)
	f.text("intro_fr", &s.Intros.FR, true, MaxIntroRunes)
	for _, lang := range Langs {
		field := "intro_" + string(lang)
		if _, bad := f[field]; !bad && MarkdownImageWithoutAlt(s.Intros.In(lang)) {
			f[field] = TaxErrImageNoAlt
		}
	}
	return f.err()
}

// PrepareAuthor is PrepareTopic for an author: name, slug_en, slug_fr
// (both derived from the name when empty), role_en, role_fr, bio_en,
// bio_fr (plain text, required, as the importer requires), photo and
// fr_noun (one of FrenchNouns).
func PrepareAuthor(a *Author) error {
	f := fieldChecker{}
	f.line("name", &a.Name, true, MaxNameRunes)
	f.slug("slug_en", &a.Slugs.EN, a.Name)
	f.slug("slug_fr", &a.Slugs.FR, a.Name)
	f.line("role_en", &a.Roles.EN, false, MaxRoleRunes)
	f.line("role_fr", &a.Roles.FR, false, MaxRoleRunes)
	f.line("bio_en", &a.Bios.EN, true, MaxTextRunes)
	f.line("bio_fr", &a.Bios.FR, true, MaxTextRunes)
	a.Photo = strings.TrimSpace(a.Photo)
	if a.Photo != "" && !ValidPhotoURL(a.Photo) {
		f["photo"] = TaxErrPhoto
	}
	if !a.FrenchNoun.Valid() {
		f["fr_noun"] = TaxErrFrenchNoun
	}
	return f.err()
}

// ValidPhotoURL reports whether u may be shown as an author's photo: an
// absolute https URL with a host, or a path under /media/, in printable
// ASCII without backslashes, dot segments or a fragment.
func ValidPhotoURL(u string) bool {
	if u == "" || len(u) > MaxPhotoLen || strings.ContainsRune(u, '\\') {
		return false
	}
	for i := 0; i < len(u); i++ {
		if u[i] < 0x21 || u[i] > 0x7e {
			return false
		}
	}
	p, err := url.Parse(u)
	if err != nil || p.Fragment != "" || p.User != nil || hasDotSegment(p.Path) {
		return false
	}
	if strings.HasPrefix(u, "/") {
		return strings.HasPrefix(u, "/media/") && len(u) > len("/media/") && p.Host == "" && p.Scheme == ""
	}
	return p.Scheme == "https" && p.Host != "" && p.Hostname() != ""
}

func hasDotSegment(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// MarkdownImageWithoutAlt reports whether Markdown holds an inline image
// with empty alternative text, ![](…), which the importer refuses too.
func MarkdownImageWithoutAlt(md string) bool {
	for i := strings.Index(md, "!["); i >= 0; {
		rest := md[i+2:]
		if strings.HasPrefix(rest, "](") {
			return true
		}
		j := strings.Index(rest, "![")
		if j < 0 {
			return false
		}
		i = i + 2 + j
	}
	return false
}

// stamp hashes fields into a short token that changes when any does.
func stamp(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// TopicStamp is a token of a topic's stored state. Edit forms carry it;
// saving against a different stamp is a conflict (someone, or an import,
// changed the topic in between).
func TopicStamp(t Topic) string {
	return stamp(t.Key, t.Names.EN, t.Names.FR, t.Slugs.EN, t.Slugs.FR, t.Descriptions.EN, t.Descriptions.FR)
}

// SeriesStamp is TopicStamp for a series.
func SeriesStamp(s Series) string {
	return stamp(s.Key, s.Titles.EN, s.Titles.FR, s.Slugs.EN, s.Slugs.FR, s.Intros.EN, s.Intros.FR)
}

// AuthorStamp is TopicStamp for an author. The French noun counts only
// when chosen, so an author left at the default keeps the stamp it had
// before authors could choose (a form open across the upgrade still saves).
func AuthorStamp(a Author) string {
	fields := []string{a.Key, a.Name, a.Slugs.EN, a.Slugs.FR, a.Roles.EN, a.Roles.FR, a.Bios.EN, a.Bios.FR, a.Photo}
	if a.FrenchNoun != FrenchAuteur {
		fields = append(fields, string(a.FrenchNoun))
	}
	return stamp(fields...)
}
