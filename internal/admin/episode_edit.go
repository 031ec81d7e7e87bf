package admin

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
)

// taxonomy is what the editor's pickers offer.
type taxonomy struct {
	topics  []content.Topic
	authors []content.Author
	series  []content.Series
	media   map[content.MediaKind][]content.Media // the pickers' choices, newest first
}

// pickerSize is how many of the newest library files a picker offers.
const pickerSize = 200

func (h *Handler) taxonomy(ctx context.Context) (taxonomy, error) {
	var t taxonomy
	var err error
	if t.topics, err = h.st.Topics(ctx); err != nil {
		return t, err
	}
	if t.authors, err = h.st.Authors(ctx); err != nil {
		return t, err
	}
	if t.series, err = h.st.SeriesList(ctx); err != nil {
		return t, err
	}
	t.media = map[content.MediaKind][]content.Media{}
	for _, k := range pickerKinds() {
		if t.media[k], _, err = h.st.MediaList(ctx, store.MediaQuery{Kind: k, Limit: pickerSize}); err != nil {
			return t, err
		}
	}
	return t, nil
}

// thumb is the thumbnail of the picker's image at url, with its
// alternative text in lang; nil when url is not one of the picker's.
func (t taxonomy) thumb(url string, lang content.Lang) *Thumb {
	if url == "" {
		return nil
	}
	for _, m := range t.media[content.MediaImage] {
		if m.URL() == url {
			return thumbOf(m, m.Alt.In(lang))
		}
	}
	return nil
}

// defaultAlts fills an empty alternative text with the library's default
// for the picked image, in the version's language, before the form is read.
func (t taxonomy) defaultAlts(pf url.Values) {
	for _, lang := range content.Langs {
		src, alt := content.VersionField(lang, "image_url"), content.VersionField(lang, "image_alt")
		if strings.TrimSpace(pf.Get(alt)) != "" || pf.Get(src) == "" {
			continue
		}
		for _, m := range t.media[content.MediaImage] {
			if m.URL() == strings.TrimSpace(pf.Get(src)) && m.Alt.In(lang) != "" {
				pf.Set(alt, m.Alt.In(lang))
				break
			}
		}
	}
}

// fillMediaTypes gives a Listen or Watch recording whose type was left
// empty the media library's type of the file when the library holds it,
// else the type its extension tells (content.FillMediaType), and one
// whose length was left empty the library's length of the file when it
// could be read at upload, before the form is read: the editor then
// shows what is saved.
func (h *Handler) fillMediaTypes(ctx context.Context, pf url.Values) error {
	k, ok := content.ParseKind(pf.Get("kind"))
	if !ok || !k.HasMedia() {
		return nil
	}
	for _, lang := range content.Langs {
		typ, secs := content.VersionField(lang, "media_type"), content.VersionField(lang, "media_seconds")
		v := &content.Version{MediaURL: strings.TrimSpace(pf.Get(content.VersionField(lang, "media_url"))), MediaType: strings.TrimSpace(pf.Get(typ))}
		needLength := strings.TrimSpace(pf.Get(secs)) == ""
		if v.MediaURL == "" || (v.MediaType != "" && !needLength) {
			continue
		}
		var lib *content.Media
		if p, ok := content.MediaLibraryPath(v.MediaURL); ok {
			m, err := h.st.MediaByPath(ctx, p)
			switch {
			case err == nil:
				lib = m
			case !errors.Is(err, content.ErrNotFound):
				return err
			}
		}
		if v.MediaType == "" {
			libType := ""
			if lib != nil {
				libType = lib.MIME
			}
			if content.FillMediaType(k, v, libType) {
				pf.Set(typ, v.MediaType)
			}
		}
		if needLength && lib != nil && lib.Duration >= time.Second {
			pf.Set(secs, strconv.Itoa(int(lib.Duration.Round(time.Second)/time.Second)))
		}
	}
	return nil
}

// showNewEpisode answers GET /admin/episodes/new: an empty editor.
func (h *Handler) showNewEpisode(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	tx, err := h.taxonomy(r.Context())
	if err != nil {
		return err
	}
	f := episodeFormFrom(&content.Episode{Kind: content.Read})
	view := h.episodeView(actor, nil, f, tx)
	restored, err := h.autosaveOffer(r, actor, 0, &view)
	if err != nil {
		return err
	}
	if restored != nil {
		f = parseEpisodeForm(&http.Request{PostForm: restored}, nil, tx.topics, tx.authors, tx.series)
		view = h.restoredView(actor, nil, f, tx, view)
	}
	return h.page(w, actor.Lang, "admin-episode", http.StatusOK, view)
}

// restoredView is the editor's view of an automatic save restored in
// form f, keeping the offer and flash of before.
func (h *Handler) restoredView(actor *content.User, stored *content.Episode, f *episodeForm, tx taxonomy, before EpisodePage) EpisodePage {
	f.Errors = map[string]string{} // shown when saved, not on restoring
	v := h.episodeView(actor, stored, f, tx)
	v.Autosave, v.Flash = before.Autosave, before.Flash
	return v
}

// createEpisode answers POST /admin/episodes/new: preview, or create a
// draft owned by the actor (revision 1).
func (h *Handler) createEpisode(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	if !content.CanEditEpisode(actor, actor.ID, false) {
		return errForbidden
	}
	return h.submitEpisode(w, r, actor, nil)
}

// showEpisode answers GET /admin/episodes/{id}: the editor, with the
// episode as last saved.
func (h *Handler) showEpisode(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	e, err := h.editableEpisode(r, actor)
	if err != nil {
		return err
	}
	tx, err := h.taxonomy(r.Context())
	if err != nil {
		return err
	}
	f := episodeFormFrom(e)
	view := h.episodeView(actor, e, f, tx)
	p := h.printer(actor.Lang)
	restored, err := h.autosaveOffer(r, actor, e.ID, &view)
	if err != nil {
		return err
	}
	if restored != nil {
		f = parseEpisodeForm(&http.Request{PostForm: restored}, e, tx.topics, tx.authors, tx.series)
		view = h.restoredView(actor, e, f, tx, view)
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("saved")); err == nil && n > 0 {
		view.Flash = p.T("editing.saved", "n", n)
		if e.Pending != nil && n == e.Revision {
			view.Flash = p.T("editing.saved_pending", "n", n, "live", e.Pending.LiveRevision)
		}
		if m, err := strconv.Atoi(r.URL.Query().Get("merged")); err == nil && m > 0 {
			view.Flash += " " + p.T("editing.saved_merged", "m", m)
		}
	}
	return h.page(w, actor.Lang, "admin-episode", http.StatusOK, view)
}

// saveEpisode answers POST /admin/episodes/{id}: preview, or save a new
// revision on top of the one the form was opened at.
func (h *Handler) saveEpisode(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	e, err := h.editableEpisode(r, actor)
	if err != nil {
		return err
	}
	return h.submitEpisode(w, r, actor, e)
}

// editableEpisode loads the {id} episode as its editor works on it (with
// a pending change, the change) and checks that actor may edit it
// (errBadRequest, content.ErrNotFound, errForbidden when not).
func (h *Handler) editableEpisode(r *http.Request, actor *content.User) (*content.Episode, error) {
	id, ok := episodeID(r)
	if !ok {
		return nil, errBadRequest
	}
	e, err := h.st.WorkingEpisode(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !editable(actor, e) {
		return nil, errForbidden
	}
	return e, nil
}

// submitEpisode handles a posted editor: stored is nil for a new episode.
func (h *Handler) submitEpisode(w http.ResponseWriter, r *http.Request, actor *content.User, stored *content.Episode) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxEpisodeForm)
	if err := r.ParseForm(); err != nil {
		return errBodyTooLarge
	}
	ctx := r.Context()
	tx, err := h.taxonomy(ctx)
	if err != nil {
		return err
	}
	if stored != nil {
		// After a merge, the fields chosen "theirs" take the other
		// person's value (episode_merge.go).
		if err := h.applyChoices(r, stored.ID); err != nil {
			return err
		}
	}
	tx.defaultAlts(r.PostForm)
	if err := h.fillMediaTypes(ctx, r.PostForm); err != nil {
		return err
	}
	f := parseEpisodeForm(r, stored, tx.topics, tx.authors, tx.series)
	e := f.Episode
	h.renderVersions(e, f.Errors)
	if r.PostForm.Get("do") == "preview" {
		status := http.StatusOK
		if len(f.Errors) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return h.episodePage(w, r, actor, stored, f, tx, status, func(v *EpisodePage) {
			v.Preview = true
			for i := range v.Columns {
				if ver := e.Version(v.Columns[i].Lang); ver != nil {
					v.Columns[i].HasPreview = true
					v.Columns[i].PreviewHTML = template.HTML(ver.BodyHTML)             // sanitised by internal/render
					v.Columns[i].PreviewTranscript = template.HTML(ver.TranscriptHTML) // sanitised by internal/render
				}
			}
		})
	}
	if len(f.Errors) > 0 {
		return h.episodePage(w, r, actor, stored, f, tx, http.StatusUnprocessableEntity, nil)
	}
	info := content.SaveInfo{UserID: actor.ID, BaseRevision: f.Base, Minor: f.Minor, Aligned: f.Aligned, Now: h.cfg.Now()}
	// "Save and publish" of a live episode: at once when the actor may
	// publish it and the checklist passes; otherwise the change is saved
	// pending and the workflow page shows why it is not live.
	publishNow, blocked := false, false
	if stored == nil {
		e.OwnerID = actor.ID
		info.BaseRevision = 0
	} else {
		e.ID = stored.ID
		if stored.Status == content.Published && r.PostForm.Get("do") == "publish" {
			if !content.CanPublishEpisode(actor, stored.OwnerID) {
				return errForbidden
			}
			check := *e
			check.ID, check.Status = stored.ID, stored.Status
			publishNow = content.Publishable(h.checks(ctx, &check))
			blocked = !publishNow
		}
	}
	info.Publish = publishNow
	rev, err := h.st.SaveEpisode(ctx, e, info)
	switch {
	case err == nil:
	case f.addErrors(err):
		return h.episodePage(w, r, actor, stored, f, tx, http.StatusUnprocessableEntity, nil)
	case errors.Is(err, content.ErrConflict) && stored != nil:
		return h.mergeSave(w, r, actor, stored.ID, f, tx, info)
	default:
		return err
	}
	action := "episode.saved"
	if stored == nil {
		action = "episode.created"
	}
	detail := fmt.Sprintf("revision %d", rev)
	if f.Minor {
		detail += ", minor"
	}
	switch {
	case publishNow:
		detail += ", published"
	case stored != nil && stored.Status == content.Published:
		detail += ", pending"
	}
	h.audit(ctx, r, actor, action, "episode:"+strconv.FormatInt(e.ID, 10), detail)
	// Saved: the automatic save of this editor is no longer needed.
	autosaved := e.ID
	if stored == nil {
		autosaved = 0
	}
	if err := h.st.DropAutosave(ctx, actor.ID, autosaved); err != nil {
		h.log.WarnContext(ctx, "autosave not dropped", "err", err)
	}
	if blocked {
		http.Redirect(w, r, publishURL(e.ID)+"?blocked="+strconv.Itoa(rev)+"#checklist", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, episodeURL(e.ID)+"?saved="+strconv.Itoa(rev), http.StatusSeeOther)
	return nil
}

// texts is a snapshot that shows each language as text for a diff
// (content.Snapshot, content.SitePageSnapshot).
type texts interface {
	Text(lang content.Lang, l content.DiffLabels) string
}

// conflictView shows the newest revision (its number, by whom, when)
// against what the staff member typed, language by language, with a link
// that discards the typed version. Episodes and site pages share it.
func (h *Handler) conflictView(ctx context.Context, p *i18n.Printer, number int, userID int64, at time.Time, discard string, theirs, mine texts) *ConflictView {
	cv := &ConflictView{Revision: number, By: h.userName(ctx, p, userID), At: h.when(p, at), DiscardURL: discard}
	labels := diffLabels(p)
	for _, lang := range content.Langs {
		cv.Langs = append(cv.Langs, diffView(p, lang, theirs.Text(lang, labels), mine.Text(lang, labels)))
	}
	return cv
}

// editConflict answers a save from an old revision: nothing was written. The
// editor comes back with what was typed, on top of the newest revision,
// with the other editor's version shown against it.
func (h *Handler) editConflict(w http.ResponseWriter, r *http.Request, actor *content.User, id int64, f *episodeForm, tx taxonomy) error {
	ctx := r.Context()
	latest, err := h.st.WorkingEpisode(ctx, id)
	if err != nil {
		return err
	}
	rev, err := h.st.RevisionByNumber(ctx, id, latest.Revision)
	if errors.Is(err, content.ErrNotFound) {
		// The revision number moved without a revision row (not by the
		// editor): compare with the episode as it is now.
		rev, err = &content.Revision{Number: latest.Revision, Snapshot: content.SnapshotOf(latest), CreatedAt: latest.ModifiedAt}, nil
	}
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	cv := h.conflictView(ctx, p, rev.Number, rev.UserID, rev.CreatedAt, episodeURL(id), rev.Snapshot, content.SnapshotOf(f.Episode))
	f.Base = latest.Revision
	err = h.episodePage(w, r, actor, latest, f, tx, http.StatusConflict, func(v *EpisodePage) { v.Conflict = cv })
	h.audit(ctx, r, actor, "episode.conflict", "episode:"+strconv.FormatInt(id, 10), fmt.Sprintf("revision %d is newer", latest.Revision))
	return err
}

// episodePage renders the editor for form f.
func (h *Handler) episodePage(w http.ResponseWriter, r *http.Request, actor *content.User, stored *content.Episode, f *episodeForm, tx taxonomy, status int, edit func(*EpisodePage)) error {
	view := h.episodeView(actor, stored, f, tx)
	if edit != nil {
		edit(&view)
	}
	return h.page(w, actor.Lang, "admin-episode", status, view)
}

// episodeView builds the editor's view; stored is nil for a new episode.
func (h *Handler) episodeView(actor *content.User, stored *content.Episode, f *episodeForm, tx taxonomy) EpisodePage {
	p := h.printer(actor.Lang)
	title := p.T("editing.new_title")
	v := EpisodePage{New: stored == nil, Action: "/admin/episodes/new", AutosaveURL: "/admin/episodes/new/autosave", Base: f.Base, Minor: f.Minor, Errors: map[string]string{}}
	if stored != nil {
		title = p.T("editing.edit_title")
		for _, lang := range []content.Lang{actor.Lang, actor.Lang.Other()} {
			if ver := stored.Version(lang); ver != nil {
				title = p.T("editing.edit_named", "title", ver.Title)
				break
			}
		}
		v.ID, v.Action, v.AutosaveURL = stored.ID, episodeURL(stored.ID), episodeURL(stored.ID)+"/autosave"
		v.StatusLabel = p.T("editing.status_" + string(stored.Status))
		v.Live = stored.Status == content.Published
		v.CanPublish = v.Live && content.CanPublishEpisode(actor, stored.OwnerID)
		if pc := stored.Pending; pc != nil {
			v.Pending = &PendingView{LiveRevision: pc.LiveRevision, At: h.when(p, pc.SavedAt),
				DiffURL: pendingDiffURL(stored.ID, pc.LiveRevision, stored.Revision, actor.Lang)}
		}
		v.PublishURL = episodeURL(stored.ID) + "/publish"
		v.RevisionsURL = episodeURL(stored.ID) + "/revisions"
	}
	v.Common = h.common(actor.Lang, actor, title)
	for k, key := range f.Errors {
		v.Errors[k] = p.T(key)
	}
	// The error summary lists errors in the order of the screen.
	add := func(field, id, label string) {
		if msg, ok := v.Errors[field]; ok {
			v.Summary = append(v.Summary, ErrorLink{Href: "#" + id, Text: label + p.T("editing.colon") + msg})
		}
	}
	add("versions", "f-en-title", p.T("editing.versions"))
	add("kind", "f-kind-"+string(content.Kinds[0]), p.T("editing.kind"))
	for _, k := range content.Kinds {
		v.Kinds = append(v.Kinds, Check{ID: "f-kind-" + string(k), Value: string(k), Label: p.T("editing.kind_" + string(k)), Checked: f.Values["kind"] == string(k)})
	}
	for _, t := range tx.topics {
		id := strconv.FormatInt(t.ID, 10)
		v.Topics = append(v.Topics, Check{ID: "f-topic-" + id, Value: id, Label: t.Names.In(actor.Lang), Checked: f.Topics[t.ID]})
	}
	for _, a := range tx.authors {
		id := strconv.FormatInt(a.ID, 10)
		v.Authors = append(v.Authors, Check{ID: "f-author-" + id, Value: id, Label: a.Name, Checked: f.Authors[a.ID]})
	}
	v.Series = append(v.Series, Option{Value: "", Label: p.T("editing.series_none"), Selected: f.Values["series"] == ""})
	for _, s := range tx.series {
		id := strconv.FormatInt(s.ID, 10)
		v.Series = append(v.Series, Option{Value: id, Label: s.Titles.In(actor.Lang), Selected: f.Values["series"] == id})
	}
	v.SeriesPos = f.Values["series_position"]
	add("series", "f-series", p.T("editing.series"))
	add("series_position", "f-series-position", p.T("editing.series_position"))
	for _, lang := range content.Langs {
		col := LangColumn{Lang: lang, Tag: lang.Tag(), Legend: p.T("editing.version_" + string(lang)),
			Aligned: f.Aligned[lang], AlignedID: "f-" + string(lang) + "-aligned"}
		if stored != nil {
			col.Stale = stored.Stale(lang)
			// A stale language edited in the latest save: its translator
			// is at work, so "brought in line" is offered ticked.
			if ver := stored.Version(lang); col.Stale && ver != nil && ver.ChangedRev == stored.Revision && f.Base == stored.Revision {
				col.Aligned = true
			}
		}
		langName := p.T("editing.lang_" + string(lang))
		for _, fd := range versionFields {
			name := content.VersionField(lang, fd.Name)
			fv := FieldView{ID: "f-" + string(lang) + "-" + strings.ReplaceAll(fd.Name, "_", "-"), Name: name, Label: p.T(fd.Label),
				Input: fd.Input, Rows: fd.Rows, Value: f.Values[name], Error: v.Errors[name]}
			switch fd.Input {
			case "text", "textarea", "markdown", "links":
				if fd.Name != "media_type" {
					fv.Lang = lang.Tag()
				}
			}
			if fd.Hint != "" {
				// Hints show the language marks of links as typed.
				fv.Hint = p.T(fd.Hint, "en", "{lang=en}", "fr", "{lang=fr}")
			}
			if fd.Picker != "" {
				fv.List = "picker-" + string(fd.Picker)
			}
			if fd.Picker == content.MediaImage {
				fv.Thumb = tx.thumb(strings.TrimSpace(fv.Value), actor.Lang)
			}
			if fd.Media {
				col.MediaFields = append(col.MediaFields, fv)
			} else {
				col.Fields = append(col.Fields, fv)
			}
		}
		for _, fv := range append(append([]FieldView{}, col.Fields...), col.MediaFields...) {
			add(fv.Name, fv.ID, fv.Label+" ("+langName+")")
		}
		v.Columns = append(v.Columns, col)
	}
	for _, k := range pickerKinds() {
		pk := Picker{ID: "picker-" + string(k)}
		for _, m := range tx.media[k] {
			label := m.Label
			if alt := m.Alt.In(actor.Lang); alt != "" {
				label += " — " + alt
			}
			pk.Options = append(pk.Options, Option{Value: m.URL(), Label: label})
			if k == content.MediaImage {
				pk.Images = append(pk.Images, PickerImage{Thumb: thumbOf(m, m.Alt.In(actor.Lang)), Label: m.Label, URL: m.URL()})
			}
		}
		v.Pickers = append(v.Pickers, pk)
	}
	return v
}

// userName names a staff member for the history and conflicts.
func (h *Handler) userName(ctx context.Context, p *i18n.Printer, id int64) string {
	if id == 0 {
		return p.T("editing.by_system")
	}
	u, err := h.st.UserByID(ctx, id)
	if err != nil {
		return p.T("editing.by_deleted")
	}
	if u.Name != "" {
		return u.Name + " (" + u.Email + ")"
	}
	return u.Email
}
