package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/render"
)

// maxEpisodeForm bounds one posted episode form: two bodies and two
// transcripts at the renderer's limit, and the rest.
const maxEpisodeForm = 4*render.MaxSize + 256<<10

// versionField is one field of a language version in the editor. The
// editor's screen, its form parsing and its errors all come from this
// table: to add a field (a media picker, say), add a row.
type versionField struct {
	Name  string // form name after "en." or "fr."; also the error field
	Label string // catalogue key
	Hint  string // catalogue key, or ""
	Input string // "text", "url", "textarea", "markdown", "links", "duration", "number"
	Rows  int
	Media bool // shown in the media group (Listen and Watch)
	// Picker offers the media library's files of this kind (a datalist:
	// pick one, or type any URL).
	Picker content.MediaKind
	get    func(v *content.Version) string
	set    func(v *content.Version, s string) bool // false: not understood
}

var versionFields = []versionField{
	{Name: "title", Label: "editing.title", Input: "text",
		get: func(v *content.Version) string { return v.Title }, set: func(v *content.Version, s string) bool { v.Title = s; return true }},
	{Name: "slug", Label: "editing.slug", Hint: "editing.slug_hint", Input: "text",
		get: func(v *content.Version) string { return v.Slug }, set: func(v *content.Version, s string) bool { v.Slug = s; return true }},
	{Name: "summary", Label: "editing.summary", Input: "textarea", Rows: 3,
		get: func(v *content.Version) string { return v.Summary }, set: func(v *content.Version, s string) bool { v.Summary = s; return true }},
	{Name: "body", Label: "editing.body", Hint: "editing.markdown_hint", Input: "markdown", Rows: 18,
		get: func(v *content.Version) string { return v.BodyMarkdown }, set: func(v *content.Version, s string) bool { v.BodyMarkdown = s; return true }},
	{Name: "image_url", Label: "editing.image_url", Hint: "editing.picker_hint", Input: "url", Picker: content.MediaImage,
		get: func(v *content.Version) string { return v.Image.URL }, set: func(v *content.Version, s string) bool { v.Image.URL = s; return true }},
	{Name: "image_alt", Label: "editing.image_alt", Hint: "editing.image_alt_hint", Input: "text",
		get: func(v *content.Version) string { return v.Image.Alt }, set: func(v *content.Version, s string) bool { v.Image.Alt = s; return true }},
	{Name: "image_caption", Label: "editing.image_caption", Input: "text",
		get: func(v *content.Version) string { return v.Image.Caption }, set: func(v *content.Version, s string) bool { v.Image.Caption = s; return true }},
	{Name: "learn_more", Label: "editing.learn_more", Hint: "editing.learn_more_hint", Input: "links", Rows: 3,
		get: func(v *content.Version) string { return formatLinks(v.LearnMore) }, set: func(v *content.Version, s string) bool {
			var ok bool
			v.LearnMore, ok = parseLinks(s)
			return ok
		}},
	{Name: "media_url", Label: "editing.media_url", Hint: "editing.picker_hint", Input: "url", Media: true, Picker: content.MediaAudio,
		get: func(v *content.Version) string { return v.MediaURL }, set: func(v *content.Version, s string) bool { v.MediaURL = s; return true }},
	{Name: "media_type", Label: "editing.media_type", Hint: "editing.media_type_hint", Input: "text", Media: true,
		get: func(v *content.Version) string { return v.MediaType }, set: func(v *content.Version, s string) bool { v.MediaType = s; return true }},
	{Name: "media_bytes", Label: "editing.media_bytes", Hint: "editing.media_bytes_hint", Input: "number", Media: true,
		get: func(v *content.Version) string {
			if v.MediaBytes == 0 {
				return ""
			}
			return strconv.FormatInt(v.MediaBytes, 10)
		}, set: func(v *content.Version, s string) bool {
			var ok bool
			v.MediaBytes, ok = content.ParseMediaBytes(s)
			return ok
		}},
	{Name: "media_seconds", Label: "editing.media_seconds", Hint: "editing.media_seconds_hint", Input: "duration", Media: true,
		get: func(v *content.Version) string {
			if v.MediaSeconds == 0 {
				return ""
			}
			return content.FormatClock(v.MediaSeconds)
		}, set: func(v *content.Version, s string) bool {
			var ok bool
			v.MediaSeconds, ok = content.ParseMediaSeconds(s)
			return ok
		}},
	{Name: "transcript", Label: "editing.transcript", Hint: "editing.markdown_hint", Input: "markdown", Rows: 10, Media: true,
		get: func(v *content.Version) string { return v.Transcript }, set: func(v *content.Version, s string) bool { v.Transcript = s; return true }},
	captionsField(content.English),
	captionsField(content.French),
}

// captionsField is the row of a version's caption file in language cl
// (Watch): "en.captions_fr" is the French captions of the English video.
func captionsField(cl content.Lang) versionField {
	return versionField{Name: content.CaptionsField(cl), Label: "editing.captions_" + string(cl), Hint: "editing.captions_hint",
		Input: "url", Media: true, Picker: content.MediaCaptions,
		get: func(v *content.Version) string { return v.Captions.In(cl) },
		set: func(v *content.Version, s string) bool { v.Captions.Set(cl, s); return true }}
}

// pickerKinds lists the media kinds the editor's fields pick from, in the
// order of the fields.
func pickerKinds() []content.MediaKind {
	var kinds []content.MediaKind
	for _, fd := range versionFields {
		if fd.Picker != "" && !slices.Contains(kinds, fd.Picker) {
			kinds = append(kinds, fd.Picker)
		}
	}
	return kinds
}

// formatLinks writes links one a line as "Label | URL".
func formatLinks(ls []content.Link) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.Label + " | " + l.URL + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// parseLinks reads "Label | URL" lines; blank lines are skipped.
func parseLinks(s string) ([]content.Link, bool) {
	var out []content.Link
	ok := true
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		i := strings.LastIndex(line, "|")
		if i < 0 {
			ok = false
			continue
		}
		out = append(out, content.Link{Label: strings.TrimSpace(line[:i]), URL: strings.TrimSpace(line[i+1:])})
	}
	return out, ok
}

// episodeForm is an episode form as typed, and the episode it describes.
type episodeForm struct {
	Values  map[string]string // "kind", "series", "en.title"…
	Topics  map[int64]bool
	Authors map[int64]bool
	Base    int
	Minor   bool
	Aligned map[content.Lang]bool
	Episode *content.Episode
	Errors  map[string]string // field → catalogue key
}

// episodeFormFrom fills a form from a stored episode.
func episodeFormFrom(e *content.Episode) *episodeForm {
	f := &episodeForm{Values: map[string]string{"kind": string(e.Kind)}, Topics: map[int64]bool{}, Authors: map[int64]bool{},
		Base: e.Revision, Aligned: map[content.Lang]bool{}, Episode: e, Errors: map[string]string{}}
	for _, t := range e.Topics {
		f.Topics[t.ID] = true
	}
	for _, a := range e.Authors {
		f.Authors[a.ID] = true
	}
	if e.Series != nil {
		f.Values["series"] = strconv.FormatInt(e.Series.Series.ID, 10)
		f.Values["series_position"] = strconv.Itoa(e.Series.Position)
	}
	for _, lang := range content.Langs {
		if v := e.Version(lang); v != nil {
			for _, fd := range versionFields {
				f.Values[content.VersionField(lang, fd.Name)] = fd.get(v)
			}
		}
	}
	return f
}

// normalizeText trims a single-line field and makes line ends \n.
func normalizeText(s string, multiline bool) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if multiline {
		return strings.TrimRight(s, " \t\n")
	}
	return strings.TrimSpace(s)
}

// parseEpisodeForm reads a posted episode form. stored is the episode as
// saved (nil for a new one): its languages stay "being written" even when
// emptied, so that a version is never dropped by clearing a form. The
// taxonomy lists bound the topics, authors and series that may be picked.
func parseEpisodeForm(r *http.Request, stored *content.Episode, topics []content.Topic, authors []content.Author, series []content.Series) *episodeForm {
	pf := r.PostForm
	f := &episodeForm{Values: map[string]string{}, Topics: map[int64]bool{}, Authors: map[int64]bool{},
		Aligned: map[content.Lang]bool{}, Errors: map[string]string{}}
	e := &content.Episode{Versions: map[content.Lang]*content.Version{}}
	f.Episode = e
	f.Base, _ = strconv.Atoi(pf.Get("base_revision"))
	f.Minor = pf.Get("minor") == "on"
	f.Values["kind"] = pf.Get("kind")
	e.Kind = content.Kind(f.Values["kind"])
	known := func(id int64, ok func(int64) bool) bool { return id > 0 && ok(id) }
	for _, s := range pf["topic"] {
		id, _ := strconv.ParseInt(s, 10, 64)
		if known(id, func(id int64) bool {
			return slices.ContainsFunc(topics, func(t content.Topic) bool { return t.ID == id })
		}) && !f.Topics[id] {
			f.Topics[id] = true
			e.Topics = append(e.Topics, content.Topic{ID: id})
		}
	}
	for _, s := range pf["author"] {
		id, _ := strconv.ParseInt(s, 10, 64)
		if known(id, func(id int64) bool {
			return slices.ContainsFunc(authors, func(a content.Author) bool { return a.ID == id })
		}) && !f.Authors[id] {
			f.Authors[id] = true
			e.Authors = append(e.Authors, content.Author{ID: id})
		}
	}
	f.Values["series"] = strings.TrimSpace(pf.Get("series"))
	f.Values["series_position"] = strings.TrimSpace(pf.Get("series_position"))
	if sid, _ := strconv.ParseInt(f.Values["series"], 10, 64); sid > 0 {
		if !slices.ContainsFunc(series, func(s content.Series) bool { return s.ID == sid }) {
			f.Errors["series"] = "editing.error_series"
		}
		pos, err := strconv.Atoi(f.Values["series_position"])
		if err != nil {
			pos = 0
		}
		e.Series = &content.SeriesRef{Series: content.Series{ID: sid}, Position: pos}
	} else {
		f.Values["series"] = ""
	}
	for _, lang := range content.Langs {
		f.Aligned[lang] = pf.Get("aligned_"+string(lang)) == "on"
		v := &content.Version{Lang: lang}
		written := stored.Version(lang) != nil
		for _, fd := range versionFields {
			name := content.VersionField(lang, fd.Name)
			s := normalizeText(pf.Get(name), fd.Input == "markdown" || fd.Input == "textarea" || fd.Input == "links")
			f.Values[name] = s
			if s != "" {
				written = true
			}
			if !fd.set(v, s) {
				f.Errors[name] = map[string]string{"learn_more": content.EditErrLink, "media_seconds": content.EditErrSeconds,
					"media_bytes": content.EditErrMediaBytes}[fd.Name]
			}
		}
		if !written {
			continue
		}
		// An empty slug follows the title.
		if v.Slug == "" && v.Title != "" {
			v.Slug = content.Slugify(v.Title)
			f.Values[content.VersionField(lang, "slug")] = v.Slug
		}
		e.Versions[lang] = v
	}
	if err := content.ValidateEdit(e); err != nil {
		f.addErrors(err)
	}
	return f
}

// addErrors merges a validation error's fields into the form's errors
// (an error already found while parsing a field wins).
func (f *episodeForm) addErrors(err error) bool {
	ve, ok := errors.AsType[*content.ValidationError](err)
	if !ok {
		return false
	}
	for k, v := range ve.Fields {
		if _, seen := f.Errors[k]; !seen {
			f.Errors[k] = v
		}
	}
	return true
}

// renderVersions renders the bodies and transcripts of e to sanitised
// HTML, with word counts, as the importer does. A Markdown text the
// renderer refuses is an error on its field.
func (h *Handler) renderVersions(e *content.Episode, errs map[string]string) {
	for _, lang := range content.Langs {
		v := e.Version(lang)
		if v == nil {
			continue
		}
		refused, _ := h.cfg.Render.Version(v)
		for _, field := range refused {
			errs[content.VersionField(lang, field)] = "editing.error_markdown"
		}
	}
}

// diffLabels are the labels of a version's text in a diff, in p's language.
func diffLabels(p *i18n.Printer) content.DiffLabels {
	return content.DiffLabels{Title: p.T("editing.title"), Slug: p.T("editing.slug"), Summary: p.T("editing.summary"),
		Body: p.T("editing.body"), Image: p.T("editing.image_url"), Alt: p.T("editing.image_alt"), Caption: p.T("editing.image_caption"),
		LearnMore: p.T("editing.learn_more"), Transcript: p.T("editing.transcript"), Media: p.T("editing.media"),
		CaptionsEN: p.T("editing.captions_en"), CaptionsFR: p.T("editing.captions_fr"), Colon: p.T("editing.colon")}
}

// episodeID reads the {id} of an episode route.
func episodeID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// editable reports whether actor may edit e. A save of a published
// episode is a pending change that someone allowed to publish puts live,
// so an owner who may write drafts may propose one. Scheduled episodes
// count as published: they go live without another review.
func editable(actor *content.User, e *content.Episode) bool {
	return content.CanEditEpisode(actor, e.OwnerID, e.Status == content.Scheduled) || content.CanReview(actor, e)
}

// episodeURL is the edit screen of an episode.
func episodeURL(id int64) string { return "/admin/episodes/" + strconv.FormatInt(id, 10) }
