// Package importer reads a folder of Markdown content files (the format is
// described in docs/content-format.md) into a content.Bundle and stores it
// in one transaction. The demo content goes through the same code.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/render"
	"github.com/busrides/busrides/internal/store"
)

// Importer turns content files into stored content.
type Importer struct {
	Render *render.Renderer
	// Location is the time zone of dates written without a time
	// (YYYY-MM-DD means 09:00 there).
	Location *time.Location
}

// MaxFileBytes bounds one content file.
const MaxFileBytes = 2 << 20

// Import parses fsys and stores the result: all of it, or nothing. Errors
// name the file and the line.
func (im *Importer) Import(ctx context.Context, st store.Importer, fsys fs.FS, now time.Time) (store.ImportResult, error) {
	b, src, err := im.Parse(fsys)
	if err != nil {
		return store.ImportResult{}, err
	}
	res, err := st.ImportBundle(ctx, b, now)
	if err != nil {
		var ie *store.ItemError
		if errors.As(err, &ie) {
			return res, Errors{{File: src[ie.Kind+"/"+ie.Key], Line: 1, Msg: ie.Err.Error()}}
		}
		return res, fmt.Errorf("import: %w", err)
	}
	return res, nil
}

// Parse reads every content file under fsys. The second result maps
// "episode/<key>" (and topic/, author/, series/) to the file it came from.
func (im *Importer) Parse(fsys fs.FS) (*content.Bundle, map[string]string, error) {
	errs := &errorList{}
	b := &content.Bundle{}
	src := map[string]string{}
	known := 0
	for _, dir := range []string{"topics", "authors", "series", "episodes"} {
		files, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("import: read %s: %w", dir, err)
		}
		names := make([]string, 0, len(files))
		for _, f := range files {
			if f.IsDir() || !strings.HasSuffix(f.Name(), ".md") {
				continue
			}
			names = append(names, f.Name())
		}
		sort.Strings(names)
		for _, name := range names {
			file := path.Join(dir, name)
			key := strings.TrimSuffix(name, ".md")
			errs.file(file)
			data, err := readLimited(fsys, file)
			if err != nil {
				errs.add(file, 1, "%v", err)
				continue
			}
			known++
			if !content.ValidSlug(key) {
				errs.add(file, 1, "the file name must be a key of lowercase ASCII letters, digits and hyphens (like %q)", content.Slugify(key))
				continue
			}
			switch dir {
			case "topics":
				src["topic/"+key] = file
				b.Topics = append(b.Topics, im.parseTopic(file, key, data, errs))
			case "authors":
				src["author/"+key] = file
				b.Authors = append(b.Authors, im.parseAuthor(file, key, data, errs))
			case "series":
				src["series/"+key] = file
				b.Series = append(b.Series, im.parseSeries(file, key, data, errs))
			case "episodes":
				src["episode/"+key] = file
				b.Episodes = append(b.Episodes, im.parseEpisode(file, key, data, errs))
			}
		}
	}
	if known == 0 && len(errs.list) == 0 {
		return nil, nil, fmt.Errorf("import: no content files found (expected topics/, authors/, series/ or episodes/ with .md files)")
	}
	im.checkSlugs(b, src, errs)
	if err := errs.err(); err != nil {
		return nil, nil, err
	}
	return b, src, nil
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	tooLarge := fmt.Errorf("the file is larger than %d MiB", MaxFileBytes>>20)
	if info.Size() > MaxFileBytes {
		return nil, tooLarge
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Stat sizes can lie (or be 0 for generated files): never read more
	// than the limit.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge
	}
	return data, nil
}

// slugFor reads slug_xx or derives it from the name.
func slugFor(r *fieldReader, name, from string, fromLine int, file string, errs *errorList) string {
	v, line := r.one(name)
	if v == "" {
		errs.slugLine(file, name, fromLine)
		v = content.Slugify(from)
		if v == "" && from != "" { // an empty name is reported already
			errs.add(file, line, "cannot derive %s from %q: give it explicitly", name, from)
		}
		return v
	}
	errs.slugLine(file, name, line)
	if !content.ValidSlug(v) {
		errs.add(file, line, "%s %q must be lowercase ASCII letters, digits and hyphens", name, v)
	}
	return v
}

func (im *Importer) parseTopic(file, key string, data []byte, errs *errorList) content.Topic {
	t := content.Topic{Key: key}
	d, ok := parseDocument(file, data, false, errs)
	if !ok {
		return t
	}
	if len(d.sections) > 0 {
		errs.add(file, d.sections[0].line, "topic files have no language sections")
	}
	r := newFieldReader(d.front, file, errs)
	var enLine, frLine int
	t.Names.EN, enLine = r.required("name_en")
	t.Names.FR, frLine = r.required("name_fr")
	t.Slugs.EN = slugFor(r, "slug_en", t.Names.EN, enLine, file, errs)
	t.Slugs.FR = slugFor(r, "slug_fr", t.Names.FR, frLine, file, errs)
	t.Descriptions.EN, _ = r.one("description_en")
	t.Descriptions.FR, _ = r.one("description_fr")
	r.done()
	return t
}

func (im *Importer) parseAuthor(file, key string, data []byte, errs *errorList) content.Author {
	a := content.Author{Key: key}
	d, ok := parseDocument(file, data, false, errs)
	if !ok {
		return a
	}
	if len(d.sections) > 0 {
		errs.add(file, d.sections[0].line, "author files have no language sections")
	}
	r := newFieldReader(d.front, file, errs)
	var nameLine int
	a.Name, nameLine = r.required("name")
	a.Slugs.EN = slugFor(r, "slug_en", a.Name, nameLine, file, errs)
	a.Slugs.FR = slugFor(r, "slug_fr", a.Name, nameLine, file, errs)
	a.Roles.EN, _ = r.one("role_en")
	a.Roles.FR, _ = r.one("role_fr")
	a.Bios.EN, _ = r.required("bio_en")
	a.Bios.FR, _ = r.required("bio_fr")
	if v, line := r.one("fr_noun"); v != "" {
		n, ok := content.ParseFrenchNoun(v)
		if !ok {
			errs.add(file, line, "fr_noun %q must be auteur, auteure, autrice or neutre", v)
		}
		a.FrenchNoun = n
	}
	r.done()
	return a
}

func (im *Importer) parseSeries(file, key string, data []byte, errs *errorList) content.Series {
	s := content.Series{Key: key}
	d, ok := parseDocument(file, data, false, errs)
	if !ok {
		return s
	}
	r := newFieldReader(d.front, file, errs)
	var enLine, frLine int
	s.Titles.EN, enLine = r.required("title_en")
	s.Titles.FR, frLine = r.required("title_fr")
	s.Slugs.EN = slugFor(r, "slug_en", s.Titles.EN, enLine, file, errs)
	s.Slugs.FR = slugFor(r, "slug_fr", s.Titles.FR, frLine, file, errs)
	r.done()
	for _, lang := range content.Langs {
		sec := d.section(lang, false)
		if sec == nil || sec.body == "" {
			errs.add(file, 1, "the series needs an introduction in section `--- %s`", lang)
			continue
		}
		s.Intros.Set(lang, sec.body)
		checkAlt(file, *sec, errs)
		html, err := im.Render.Render(sec.body, string(lang))
		if err != nil {
			errs.add(file, sec.line, "introduction: %v", err)
		}
		s.IntrosHTML.Set(lang, html)
	}
	for _, sec := range d.sections {
		if sec.transcript {
			errs.add(file, sec.line, "series files have no transcript sections")
		}
	}
	return s
}

// emptyAlt finds Markdown images without alternative text.
var emptyAlt = regexp.MustCompile(`!\[\s*\]\(`)

// checkAlt reports each Markdown image of a section's body that has no
// alternative text, on the image's own line.
func checkAlt(file string, sec section, errs *errorList) {
	for _, loc := range emptyAlt.FindAllStringIndex(sec.body, -1) {
		errs.add(file, sec.bodyLine+strings.Count(sec.body[:loc[0]], "\n"), "an image has no alternative text: write it between the brackets")
	}
}

func (im *Importer) parseEpisode(file, key string, data []byte, errs *errorList) content.Episode {
	e := content.Episode{Key: key, Versions: map[content.Lang]*content.Version{}}
	d, ok := parseDocument(file, data, true, errs)
	if !ok {
		return e
	}
	r := newFieldReader(d.front, file, errs)

	kind, line := r.required("kind")
	if k, ok := content.ParseKind(kind); ok {
		e.Kind = k
	} else if kind != "" {
		errs.add(file, line, "kind %q must be read, listen or watch", kind)
	}
	e.Status = content.Published
	if st, line := r.one("status"); st != "" {
		// Files import as drafts or published; the rest of the workflow
		// (review, scheduling) happens in the back office.
		if s, ok := content.ParseStatus(st); ok && (s == content.Draft || s == content.Published) {
			e.Status = s
		} else {
			errs.add(file, line, "status %q must be published or draft", st)
		}
	}
	if v, line := r.one("published"); v != "" {
		e.PublishedAt = im.parseTime(v, file, line, errs)
	} else if e.Status == content.Published {
		errs.add(file, line, "field \"published\" is required for a published episode")
	}
	if v, line := r.one("modified"); v != "" {
		e.ModifiedAt = im.parseTime(v, file, line, errs)
		if !e.PublishedAt.IsZero() && !e.ModifiedAt.IsZero() && e.ModifiedAt.Before(e.PublishedAt) {
			errs.add(file, line, "modified (%s) is before published", v)
		}
	}
	seen := map[string]bool{}
	for _, f := range r.all("topic") {
		if seen[f.value] {
			errs.add(file, f.line, "topic %q is listed twice", f.value)
			continue
		}
		seen[f.value] = true
		e.Topics = append(e.Topics, content.Topic{Key: f.value})
	}
	if len(e.Topics) == 0 {
		errs.add(file, d.front.line, "an episode needs at least one `topic:`")
	}
	seen = map[string]bool{}
	for _, f := range r.all("author") {
		if seen[f.value] {
			errs.add(file, f.line, "author %q is listed twice", f.value)
			continue
		}
		seen[f.value] = true
		e.Authors = append(e.Authors, content.Author{Key: f.value})
	}
	if len(e.Authors) == 0 {
		errs.add(file, d.front.line, "an episode needs at least one `author:`")
	}
	seriesKey, seriesLine := r.one("series")
	pos, posLine := r.one("series_position")
	switch {
	case seriesKey != "" && pos == "":
		errs.add(file, seriesLine, "series_position is required with series")
	case seriesKey == "" && pos != "":
		errs.add(file, posLine, "series_position given without series")
	case seriesKey != "":
		n, err := strconv.Atoi(pos)
		if err != nil || n < 1 {
			errs.add(file, posLine, "series_position %q must be a whole number from 1", pos)
		}
		e.Series = &content.SeriesRef{Series: content.Series{Key: seriesKey}, Position: n}
	}
	for _, f := range r.all("legacy_url") {
		if !strings.HasPrefix(f.value, "/en/") && !strings.HasPrefix(f.value, "/fr/") {
			errs.add(file, f.line, "legacy_url %q must be a path starting with /en/ or /fr/", f.value)
			continue
		}
		e.LegacyPaths = append(e.LegacyPaths, f.value)
	}
	r.done()

	for _, sec := range d.sections {
		if sec.transcript {
			if d.section(sec.lang, false) == nil {
				errs.add(file, sec.line, "transcript section without a `--- %s` section before it", sec.lang)
			}
			continue
		}
		e.Versions[sec.lang] = im.parseVersion(file, &e, &d, sec, errs)
	}
	if len(e.Versions) == 0 {
		errs.add(file, 1, "an episode needs at least one language section (`--- en` or `--- fr`)")
	}
	return e
}

func (im *Importer) parseVersion(file string, e *content.Episode, d *document, sec section, errs *errorList) *content.Version {
	r := newFieldReader(sec.header, file, errs)
	lang := sec.lang
	v := &content.Version{Lang: lang}
	v.Title, _ = r.required("title")
	if s, line := r.one("slug"); s != "" {
		errs.slugLine(file, "slug_"+string(lang), line)
		if !content.ValidSlug(s) {
			errs.add(file, line, "slug %q must be lowercase ASCII letters, digits and hyphens", s)
		}
		v.Slug = s
	}
	v.Summary, _ = r.required("summary")
	var imgLine int
	v.Image.URL, imgLine = r.one("image")
	v.Image.Alt, _ = r.one("image_alt")
	v.Image.Caption, _ = r.one("image_caption")
	if v.Image.URL != "" {
		checkURL(v.Image.URL, "image", file, imgLine, errs)
		if v.Image.Alt == "" {
			errs.add(file, imgLine, "image_alt is required with image: describe the image for people who cannot see it")
		}
	}
	for _, f := range r.all("learn_more") {
		label, u, ok := strings.Cut(f.value, "|")
		label, u = strings.TrimSpace(label), strings.TrimSpace(u)
		if !ok || label == "" || u == "" {
			errs.add(file, f.line, "learn_more must be `Label | URL`")
			continue
		}
		checkURL(u, "learn_more", file, f.line, errs)
		v.LearnMore = append(v.LearnMore, content.Link{Label: label, URL: u})
	}
	media, mediaLine := r.one("media")
	mediaType, typeLine := r.one("media_type")
	clock, clockLine := r.one("media_duration")
	size, sizeLine := r.one("media_bytes")
	// Caption files of this version's recording, in each language: the
	// version's own language is required for a video, the other optional.
	for _, cl := range content.Langs {
		name := content.CaptionsField(cl)
		u, line := r.one(name)
		switch {
		case u == "" && cl == lang && e.Kind == content.Watch:
			errs.add(file, sec.line, "watch episodes need captions in each language: add `%s:` (a WebVTT file) to the %q version", name, lang)
		case u == "":
		case e.Kind != content.Watch:
			errs.add(file, line, "%s episodes have no captions: %s is for watch episodes", e.Kind, name)
		case !content.ValidCaptionsURL(u):
			errs.add(file, line, "%s: %q must be a path starting with /media/ or an https URL", name, u)
		default:
			v.Captions.Set(cl, u)
		}
	}
	if e.Kind.HasMedia() {
		if media == "" || clock == "" {
			errs.add(file, sec.line, "%s episodes need media and media_duration in each language", e.Kind)
		}
		if media != "" {
			checkMedia(e.Kind, media, mediaType, size, file, mediaLine, errs)
		}
		if mediaType != "" && !content.ValidMediaType(e.Kind, mediaType) {
			errs.add(file, typeLine, "media_type %q does not suit a %s episode", mediaType, e.Kind)
		}
		if n, ok := content.ParseMediaBytes(size); ok {
			v.MediaBytes = n
		} else {
			errs.add(file, sizeLine, "media_bytes %q must be the file's size in bytes, in digits (at most %d)", size, int64(content.MaxMediaBytes))
		}
		if clock != "" {
			secs, err := content.ParseClock(clock)
			if err != nil {
				errs.add(file, clockLine, "media_duration: %v", err)
			}
			v.MediaSeconds = secs
		}
		v.MediaURL, v.MediaType = media, mediaType
		tr := d.section(lang, true)
		if tr == nil || tr.body == "" {
			errs.add(file, sec.line, "%s episodes need a transcript: add a section `--- %s transcript`", e.Kind, lang)
		} else {
			v.Transcript = tr.body
			checkAlt(file, *tr, errs)
			html, err := im.Render.Render(tr.body, string(lang))
			if err != nil {
				errs.add(file, tr.line, "transcript: %v", err)
			}
			v.TranscriptHTML = html
		}
	} else {
		for _, f := range []struct {
			value string
			line  int
		}{{media, mediaLine}, {mediaType, typeLine}, {clock, clockLine}, {size, sizeLine}} {
			if f.value != "" {
				errs.add(file, f.line, "read episodes have no media fields")
				break
			}
		}
		if tr := d.section(lang, true); tr != nil {
			errs.add(file, tr.line, "read episodes have no transcript")
		}
	}
	r.done()

	if sec.body == "" {
		errs.add(file, sec.line, "the %q version has no body", lang)
	}
	checkAlt(file, sec, errs)
	v.BodyMarkdown = sec.body
	html, err := im.Render.Render(sec.body, string(lang))
	if err != nil {
		errs.add(file, sec.line, "body: %v", err)
	}
	v.BodyHTML = html
	v.WordCount = content.CountWords(im.Render.Text(sec.body))
	return v
}

// checkMedia checks a recording's address: a path on this site or an
// https URL (feeds link recordings over https only), and for an external
// file its size in bytes (media_bytes), which feeds must give and the
// site cannot measure. With media_type left empty, the type must be told
// by the media library (a /media/ file; the store asks it) or the
// address's extension.
func checkMedia(k content.Kind, media, mediaType, size, file string, line int, errs *errorList) {
	before := len(errs.list)
	checkURL(media, "media", file, line, errs)
	if len(errs.list) > before {
		return
	}
	switch {
	case !content.ValidURL(media):
		errs.add(file, line, "media: %q must be a path starting with / or an https URL, without spaces, quotes or angle brackets", media)
		return
	case strings.HasPrefix(strings.ToLower(media), "http:"):
		errs.add(file, line, "media: %q: feeds link recordings over https only; give its https address", media)
		return
	case !strings.HasPrefix(media, "/") && size == "":
		errs.add(file, line, "media: an external file needs `media_bytes:`, its size in bytes, which feeds must give (the site cannot measure a file it does not serve)")
	}
	if _, library := content.MediaLibraryPath(media); mediaType == "" && !library && content.MediaTypeFor(k, media) == "" {
		errs.add(file, line, "media: the address %q does not tell the file's type; add `media_type:`", media)
	}
}

// checkURL accepts http(s) URLs and site-relative paths.
func checkURL(raw, name, file string, line int, errs *errorList) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		errs.add(file, line, "%s: %q is not a URL", name, raw)
	case strings.ContainsRune(raw, '\\'):
		// Browsers read `/\host` as `//host`: another site.
		errs.add(file, line, "%s: %q must not contain a backslash", name, raw)
	case u.Scheme == "" && strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//"):
	case (u.Scheme == "https" || u.Scheme == "http") && u.Host != "":
	default:
		errs.add(file, line, "%s: %q must be an http(s) URL or a path starting with /", name, raw)
	}
}

func (im *Importer) parseTime(v, file string, line int, errs *errorList) time.Time {
	loc := im.Location
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
		return t.Add(9 * time.Hour).UTC()
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC()
	}
	errs.add(file, line, "date %q must be YYYY-MM-DD or RFC 3339 (2020-10-15T09:00:00-04:00)", v)
	return time.Time{}
}

// checkSlugs reports, within the bundle, two items of one kind sharing a
// slug in one language; the store checks against what is already stored.
func (im *Importer) checkSlugs(b *content.Bundle, src map[string]string, errs *errorList) {
	check := func(kind string, keys []string, slugs []content.Bilingual) {
		for _, lang := range content.Langs {
			seen := map[string]string{}
			for i, s := range slugs {
				slug := s.In(lang)
				if slug == "" {
					continue
				}
				if other, dup := seen[slug]; dup {
					file := src[kind+"/"+keys[i]]
					errs.add(file, max(1, errs.slugLines[file+"|slug_"+string(lang)]), "%s slug %q is also used by %s", lang, slug, src[kind+"/"+other])
				}
				seen[slug] = keys[i]
			}
		}
	}
	var keys []string
	var slugs []content.Bilingual
	for _, t := range b.Topics {
		keys, slugs = append(keys, t.Key), append(slugs, t.Slugs)
	}
	check("topic", keys, slugs)
	keys, slugs = nil, nil
	for _, a := range b.Authors {
		keys, slugs = append(keys, a.Key), append(slugs, a.Slugs)
	}
	check("author", keys, slugs)
	keys, slugs = nil, nil
	for _, s := range b.Series {
		keys, slugs = append(keys, s.Key), append(slugs, s.Slugs)
	}
	check("series", keys, slugs)
	keys, slugs = nil, nil
	for _, e := range b.Episodes {
		var s content.Bilingual
		for _, lang := range content.Langs {
			if v := e.Version(lang); v != nil {
				s.Set(lang, v.Slug)
			}
		}
		keys, slugs = append(keys, e.Key), append(slugs, s)
	}
	check("episode", keys, slugs)
}
