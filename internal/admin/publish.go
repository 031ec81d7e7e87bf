package admin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// publishURL is an episode's workflow page.
func publishURL(id int64) string { return "/admin/episodes/" + strconv.FormatInt(id, 10) + "/publish" }

// editURL is an episode's edit screen; field (with lang) names a field of
// it, which the link lands on (fieldAnchor).
func editURL(id int64, lang content.Lang, field string) string {
	u := "/admin/episodes/" + strconv.FormatInt(id, 10)
	if field != "" {
		u += "#" + fieldAnchor(lang, field)
	}
	return u
}

// fieldAnchor is the id of the editor's element for a checklist field:
// a version field's input ("f-en-image-url"), the topics' fieldset, or
// another episode field's input.
func fieldAnchor(lang content.Lang, field string) string {
	if field == "image" {
		field = "image_url" // the image's address comes first
	}
	name := strings.ReplaceAll(field, "_", "-")
	if lang == "" {
		return "f-" + name
	}
	return "f-" + string(lang) + "-" + name
}

// workflowEpisode loads the episode named by the path, as its editor works
// on it, and checks that actor may see its workflow page: its owner,
// whoever may edit any episode, or whoever may publish it.
func (h *Handler) workflowEpisode(r *http.Request, actor *content.User) (*content.Episode, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errBadRequest
	}
	// With a pending change, the checklist is the change's.
	ep, err := h.st.WorkingEpisode(r.Context(), id)
	if err != nil {
		return nil, err
	}
	// Owners who write drafts see their episodes' page whatever the
	// status (and propose changes of the live ones).
	// The reviewer asked sees it while it is in review.
	if !content.CanEditEpisode(actor, ep.OwnerID, false) && !content.CanPublishEpisode(actor, ep.OwnerID) && !content.CanReview(actor, ep) {
		return nil, errForbidden
	}
	return ep, nil
}

// checks runs the pre-publish checklist; internal links resolve through
// the public site, and links to the episode's own versions count as
// resolved (they are published together).
func (h *Handler) checks(ctx context.Context, ep *content.Episode) []content.Check {
	var resolve content.Resolver
	if h.cfg.Resolve != nil {
		own := map[string]bool{}
		for _, v := range ep.Versions {
			if v.Slug != "" {
				own[urls.Episode(v.Lang, v.Slug)] = true
			}
		}
		resolve = func(path string) bool {
			return own[strings.TrimSuffix(path, "/")] || h.cfg.Resolve(ctx, path)
		}
	}
	return content.PrePublishChecks(ep, resolve, h.mediaSizes())
}

// showPublish answers GET /admin/episodes/{id}/publish: the episode's
// status, the pre-publish checklist per language, and the workflow steps
// the actor may take.
func (h *Handler) showPublish(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	view, err := h.publishView(r.Context(), actor, ep)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("blocked")); err == nil && n > 0 {
		view.Flash = h.printer(actor.Lang).T("workflow.saved_not_published", "n", n)
	}
	if op := content.Op(r.URL.Query().Get("done")); op != "" {
		if _, ok := content.TransitionFor(op); ok || op == donePublishChanges || op == doneDiscardChanges {
			view.Flash = h.printer(actor.Lang).T("workflow.done_" + string(op))
		}
		if op == doneTranslation {
			view.Flash = h.printer(actor.Lang).T("translation.imported")
		}
		if op == donePreviewRevoked {
			view.Flash = h.printer(actor.Lang).T("preview.revoked")
		}
	}
	if view.PreviewLinks, err = h.previewLinksView(r, actor, ep, r.URL.Query().Get("preview")); err != nil {
		return err
	}
	return h.page(w, actor.Lang, "admin-publish", http.StatusOK, view)
}

// publishView builds the workflow page of ep for actor.
func (h *Handler) publishView(ctx context.Context, actor *content.User, ep *content.Episode) (*PublishPage, error) {
	p := h.printer(actor.Lang)
	v := &PublishPage{
		Common:      h.common(actor.Lang, actor, p.T("workflow.title")),
		ID:          ep.ID,
		Status:      ep.Status,
		StatusLabel: p.T("workflow.status_" + string(ep.Status)),
		Revision:    ep.Revision,
		EditURL:     editURL(ep.ID, "", ""),
		Action:      publishURL(ep.ID),
		Zone:        h.cfg.Zone.String(),
		Errors:      map[string]string{},
	}
	for _, lang := range content.Langs {
		if ver := ep.Version(lang); ver != nil {
			v.Titles.Set(lang, ver.Title)
		}
	}
	v.Heading = v.Titles.In(actor.Lang)
	if v.Heading == "" {
		v.Heading = v.Titles.In(actor.Lang.Other())
	}
	if !ep.PublishedAt.IsZero() {
		v.PublishedAt = h.when(p, ep.PublishedAt)
	}
	if ep.Status == content.Scheduled && !ep.PublishAt.IsZero() {
		v.PublishAt = h.when(p, ep.PublishAt)
	}
	if !ep.UnpublishAt.IsZero() {
		v.UnpublishAt = h.when(p, ep.UnpublishAt)
	}
	x, err := h.st.LanguageException(ctx, ep.ID)
	switch {
	case err == nil:
		v.Exception = &ExceptionView{LangLabel: p.T("workflow.lang_" + string(x.Lang)), HiddenLabel: p.T("workflow.lang_" + string(x.Lang.Other())),
			Reason: x.Reason, At: h.when(p, x.CreatedAt)}
	case !errors.Is(err, content.ErrNotFound):
		return nil, err
	}

	checks := h.checks(ctx, ep)
	v.Checklist = checklist(checks, ep, p)
	v.Ready = content.Publishable(checks)
	can := func(op content.Op) bool { ok, _ := content.CanDo(actor, ep, op); return ok }
	v.CanSubmit = can(content.OpSubmit)
	v.CanDraft = can(content.OpBackToDraft)
	// Publishing an episode already published only makes sense to end an
	// exception (publishing the other language).
	v.CanPublish = can(content.OpPublish) && (ep.Status != content.Published || v.Exception != nil)
	v.CanSchedule = can(content.OpSchedule)
	v.CanCancelSchedule = can(content.OpCancelSchedule)
	v.CanUnpublish = can(content.OpUnpublish)
	v.CanScheduleUnpub = can(content.OpScheduleUnpub)
	v.CanCancelUnpub = can(content.OpCancelUnpublish)
	v.CanPublishOne = can(content.OpPublishOne) && !v.Ready
	v.RequestChanges = v.CanDraft && ep.Status == content.Review && ep.OwnerID != actor.ID
	notes, err := h.st.EpisodeNotes(ctx, ep.ID)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		nv := NoteView{By: h.userName(ctx, p, n.UserID), At: h.when(p, n.CreatedAt), Body: n.Body}
		if n.Kind != content.NoteComment {
			nv.Kind = p.T("notes.kind_" + string(n.Kind))
		}
		if n.ToUserID != 0 {
			nv.To = p.T("notes.kind_to", "who", h.userName(ctx, p, n.ToUserID))
		}
		v.Notes = append(v.Notes, nv)
	}
	if ep.Status == content.Review && ep.ReviewerID != 0 {
		v.Reviewer = h.userName(ctx, p, ep.ReviewerID)
	}
	for _, lang := range content.Langs {
		if ep.Version(lang) != nil {
			v.Translations = append(v.Translations, TranslationLink{
				Label: p.T("translation.export", "from", p.T("workflow.lang_"+string(lang)), "to", p.T("workflow.lang_"+string(lang.Other()))),
				URL:   episodeURL(ep.ID) + "/translation.xlf?from=" + string(lang)})
		}
	}
	v.CanImportTranslation = editable(actor, ep)
	if v.CanSubmit {
		people, err := h.reviewers(ctx, ep)
		if err != nil {
			return nil, err
		}
		v.Reviewers = []Option{{Value: "", Label: p.T("notes.reviewer_any")}}
		for _, u := range people {
			label := displayName(u)
			if u.Name != "" {
				label += " (" + u.Email + ")"
			}
			v.Reviewers = append(v.Reviewers, Option{Value: itoa(u.ID), Label: label})
		}
	}
	if pc := ep.Pending; pc != nil {
		v.Pending = &PendingView{LiveRevision: pc.LiveRevision, By: h.userName(ctx, p, pc.UserID), At: h.when(p, pc.SavedAt),
			DiffURL: pendingDiffURL(ep.ID, pc.LiveRevision, ep.Revision, actor.Lang)}
		v.CanPublishChanges = content.CanPublishEpisode(actor, ep.OwnerID)
		v.CanDiscardChanges = editable(actor, ep) || v.CanPublishChanges
	}
	for _, lang := range content.Langs {
		if ep.Version(lang) != nil {
			v.Langs = append(v.Langs, Option{Value: string(lang), Label: p.T("workflow.lang_" + string(lang))})
		}
	}
	if len(v.Langs) == 1 {
		v.Langs[0].Selected = true
		v.OneLang = v.Langs[0].Value
	}
	return v, nil
}

// checklist groups the checks per language, errors first.
func checklist(checks []content.Check, ep *content.Episode, p *i18n.Printer) []CheckGroup {
	groups := []CheckGroup{}
	for _, lang := range []content.Lang{content.English, content.French, ""} {
		g := CheckGroup{Lang: string(lang)}
		if lang == "" {
			g.Label = p.T("workflow.checks_episode")
		} else {
			g.Label = p.T("workflow.lang_" + string(lang))
		}
		for _, c := range checks {
			if c.Lang != lang {
				continue
			}
			row := CheckRow{Message: p.T(c.Key, "arg", c.Arg), Severity: string(c.Severity), Arg: c.Arg}
			if c.Field != "" {
				row.URL = editURL(ep.ID, c.Lang, c.Field)
			}
			if c.Severity == content.SevError {
				g.Errors = append(g.Errors, row)
			} else {
				g.Warnings = append(g.Warnings, row)
			}
		}
		if lang == "" && len(g.Errors)+len(g.Warnings) == 0 {
			continue
		}
		g.OK = len(g.Errors) == 0
		groups = append(groups, g)
	}
	return groups
}

// when shows an instant in the newsroom's zone in the printer's language:
// "October 15, 2026, 14:30 EDT" / "15 octobre 2026, 14 h 30 HAE".
func (h *Handler) when(p *i18n.Printer, t time.Time) string {
	l := t.In(h.cfg.Zone)
	clock := l.Format("15:04")
	if p.Lang() == string(content.French) {
		clock = l.Format("15") + "\u00a0h\u00a0" + l.Format("04")
	}
	return p.Date(l) + ", " + clock + " " + l.Format("MST")
}

// workflowStep answers POST /admin/episodes/{id}/{step}: it checks who may
// (403), that the episode is still as the page showed it (409), the
// step's own input (422, with the page again and the typed values), then
// changes the state with its audit entry and goes back to the page.
func (h *Handler) workflowStep(w http.ResponseWriter, r *http.Request, actor *content.User, step string) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	p := h.printer(actor.Lang)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	f := r.PostForm
	op := content.Op(step)
	switch step {
	case "unpublish":
		op = content.OpUnpublish
		if f.Get("mode") == "schedule" {
			op = content.OpScheduleUnpub
		}
	case "cancel-schedule":
		op = content.OpCancelSchedule
	case "cancel-unpublish":
		op = content.OpCancelUnpublish
	case "publish-one":
		op = content.OpPublishOne
	}
	allowed, why := content.CanDo(actor, ep, op)
	if !allowed && why == content.WhyNotAllowed {
		return errForbidden
	}
	rev, err := strconv.Atoi(f.Get("revision"))
	if !allowed || err != nil || f.Get("status") != string(ep.Status) || rev != ep.Revision {
		return h.conflict(w, r, actor, ep)
	}
	now := h.cfg.Now()
	c := store.StateChange{EpisodeID: ep.ID, Op: op, From: ep.Status, Revision: ep.Revision, Now: now,
		Audit: content.AuditEntry{ActorID: actor.ID, At: now, IP: httpx.ClientIP(r)}}
	errs := map[string]string{}
	typed := PublishForm{Date: strings.TrimSpace(f.Get("date")), Time: strings.TrimSpace(f.Get("time")),
		UnpubDate: strings.TrimSpace(f.Get("unpublish_date")), UnpubTime: strings.TrimSpace(f.Get("unpublish_time")),
		Lang: f.Get("lang"), Reason: strings.TrimSpace(f.Get("reason")), Note: f.Get("note")}
	// The review loop's note: sending for review may say something;
	// sending back from review, someone else's episode, says what to
	// change.
	var note *content.EpisodeNote
	mailKind := ""
	switch {
	case op == content.OpSubmit:
		body, key := content.CheckNote(content.NoteSubmitted, typed.Note)
		if key != "" {
			errs["submit_note"] = p.T(key, "max", content.MaxNote)
		}
		// The reviewer asked, if any, is someone the page offered.
		if rv := f.Get("reviewer"); rv != "" {
			typed.Reviewer = rv
			people, err := h.reviewers(r.Context(), ep)
			if err != nil {
				return err
			}
			id, _ := strconv.ParseInt(rv, 10, 64)
			if !slices.ContainsFunc(people, func(u content.User) bool { return u.ID == id }) {
				errs["reviewer"] = p.T("notes.reviewer_bad")
			}
			c.ReviewerID = id
		}
		note = &content.EpisodeNote{Kind: content.NoteSubmitted, Body: body, ToUserID: c.ReviewerID}
		mailKind = mailReview
	case op == content.OpBackToDraft && ep.Status == content.Review && ep.OwnerID != actor.ID:
		body, key := content.CheckNote(content.NoteChangesRequested, typed.Note)
		if key != "" {
			errs["changes_note"] = p.T(key, "max", content.MaxNote)
		}
		note = &content.EpisodeNote{Kind: content.NoteChangesRequested, Body: body, ToUserID: ep.OwnerID}
		mailKind = mailChanges
	}
	var checks []content.Check
	needChecks := op == content.OpPublish || op == content.OpSchedule || op == content.OpPublishOne
	if needChecks {
		checks = h.checks(r.Context(), ep)
	}
	switch op {
	case content.OpPublish:
		if !content.Publishable(checks) {
			errs["publish"] = p.T("workflow.blocked")
		}
	case content.OpSchedule:
		at, key := content.ParseScheduleTime(typed.Date, typed.Time, h.cfg.Zone, now)
		if key != "" {
			errs["date"] = p.T(key, "zone", h.cfg.Zone.String())
		}
		if !content.Publishable(checks) {
			errs["publish"] = p.T("workflow.blocked")
		}
		c.PublishAt = at
	case content.OpScheduleUnpub:
		at, key := content.ParseScheduleTime(typed.UnpubDate, typed.UnpubTime, h.cfg.Zone, now)
		if key != "" {
			errs["unpublish_date"] = p.T(key, "zone", h.cfg.Zone.String())
		}
		c.UnpublishAt = at
	case content.OpPublishOne:
		lang, _ := content.ParseLang(typed.Lang)
		var ve *content.ValidationError
		if err := content.CheckException(ep, lang, typed.Reason, checks); errors.As(err, &ve) {
			for field, key := range ve.Fields {
				errs[field] = p.T(key, "n", content.MinExceptionReason, "max", content.MaxExceptionReason)
			}
		}
		c.Exception = &content.LanguageException{Lang: lang, Reason: typed.Reason, UserID: actor.ID}
	}
	if len(errs) > 0 {
		view, err := h.publishView(r.Context(), actor, ep)
		if err != nil {
			return err
		}
		view.Errors, view.Form = errs, typed
		if typed.Lang != "" {
			view.OneLang = typed.Lang
			for i := range view.Langs {
				view.Langs[i].Selected = view.Langs[i].Value == typed.Lang
			}
		}
		return h.page(w, actor.Lang, "admin-publish", http.StatusUnprocessableEntity, view)
	}
	// The note and its notifications are written with the step.
	if note != nil {
		note.UserID, note.CreatedAt = actor.ID, now
		c.Note = note
		if c.Mail, err = h.notifications(r, actor, ep, mailKind, c.ReviewerID, note.Body); err != nil {
			return err
		}
	}
	if err := h.st.ChangeEpisodeState(r.Context(), c); err != nil {
		if errors.Is(err, content.ErrConflict) {
			return h.conflict(w, r, actor, ep)
		}
		return err
	}
	h.mailed(c.Mail)
	http.Redirect(w, r, publishURL(ep.ID)+"?done="+string(op), http.StatusSeeOther)
	return nil
}

// conflict answers 409: the episode changed since the page was shown;
// nothing was done, and the page shows the current state.
func (h *Handler) conflict(w http.ResponseWriter, r *http.Request, actor *content.User, ep *content.Episode) error {
	if fresh, err := h.st.EpisodeByID(r.Context(), ep.ID); err == nil {
		ep = fresh
	}
	view, err := h.publishView(r.Context(), actor, ep)
	if err != nil {
		return err
	}
	view.Errors["conflict"] = h.printer(actor.Lang).T("workflow.conflict")
	return h.page(w, actor.Lang, "admin-publish", http.StatusConflict, view)
}

// PublishPage is the view of GET /admin/episodes/{id}/publish.
type PublishPage struct {
	Common
	ID          int64
	Heading     string
	Titles      content.Bilingual
	Status      content.Status
	StatusLabel string
	Revision    int
	PublishedAt string // "" when never published
	PublishAt   string // scheduled publication, in the zone
	UnpublishAt string
	Zone        string
	EditURL     string
	Action      string // the page's URL; steps post to Action's siblings
	Exception   *ExceptionView
	Checklist   []CheckGroup
	Ready       bool // no error in either language
	Langs       []Option
	OneLang     string

	CanSubmit, CanDraft, CanPublish, CanSchedule, CanCancelSchedule bool
	CanUnpublish, CanScheduleUnpub, CanCancelUnpub, CanPublishOne   bool

	// Pending is the episode's change saved and not published, if any.
	Pending                              *PendingView
	CanPublishChanges, CanDiscardChanges bool

	PreviewLinks *PreviewLinksView

	// Notes is the episode's internal thread; RequestChanges: sending it
	// back to draft is a request for changes (from review, by someone
	// else than its owner), which says what to change.
	Notes          []NoteView
	RequestChanges bool
	// Reviewer is the person asked to review (in review); Reviewers the
	// people the submit form offers, the first "anyone who may publish".
	Reviewer  string
	Reviewers []Option
	// TranslationProblems lists why an imported translation was refused;
	// Translations the exports offered (one per language the episode has).
	TranslationProblems  []string
	Translations         []TranslationLink
	CanImportTranslation bool

	Form   PublishForm
	Errors map[string]string // field → message
}

// StepURL is the URL a step's form posts to.
func (p PublishPage) StepURL(step string) string {
	return "/admin/episodes/" + strconv.FormatInt(p.ID, 10) + "/" + step
}

// PublishForm is what was typed in the page's forms.
type PublishForm struct {
	Date, Time, UnpubDate, UnpubTime, Lang, Reason, Note, Reviewer string
}

// TranslationLink is an export for translation: from one language into
// the other.
type TranslationLink struct {
	Label, URL string
}

// NoteView is one note of the thread.
type NoteView struct {
	By, At, Kind, To, Body string
}

// PendingView is a live episode's pending change: the revision the public
// site shows, who saved the change last and when, and its comparison
// with the live revision.
type PendingView struct {
	LiveRevision int
	By, At       string
	DiffURL      string
}

// ExceptionView is an episode's one-language exception.
type ExceptionView struct {
	LangLabel, HiddenLabel, Reason, At string
}

// CheckGroup is the checklist of one language (or of the whole episode).
type CheckGroup struct {
	Lang     string
	Label    string
	OK       bool
	Errors   []CheckRow
	Warnings []CheckRow
}

// CheckRow is one failed check, with a link to the field to fix.
type CheckRow struct {
	Message  string
	Severity string
	Arg      string
	URL      string
}
