package admin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/xliff"
)

// doneTranslation is the workflow page's flash after an import.
const doneTranslation content.Op = "translation_imported"

// importTranslation answers POST /admin/episodes/{id}/translation: an XLIFF
// document translated from one language of the episode into the other
// (exportTranslation's, filled in by a translation bureau) becomes the
// text of the other language, as one save brought in line with the source
// (the stale mark cleared); on a published episode it is a pending change,
// as any save. A document for another episode or languages, with units or
// inline codes that do not match the source as it is now, or not XLIFF,
// is refused (422, the workflow page listing every problem); nothing is
// saved then.
func (h *Handler) importTranslation(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	if !editable(actor, ep) {
		return errForbidden
	}
	ctx := r.Context()
	p := h.printer(actor.Lang)
	r.Body = http.MaxBytesReader(w, r.Body, xliff.MaxSize+formOverhead)
	data, err := readXLIFFUpload(r)
	var problems []string
	switch {
	case errors.Is(err, errTooLarge):
		problems = append(problems, p.T(xliff.KeyTooLarge, "arg", xliff.MaxSize>>20))
	case err != nil || len(data) == 0:
		problems = append(problems, p.T("translation.error_no_file"))
	}
	var tr xliff.Translation
	var src content.Lang
	if problems == nil {
		tr, src, problems = h.readTranslation(ep, data, p)
	}
	if problems == nil {
		if err := xliff.Apply(ep, src, tr); err != nil {
			return err
		}
		errs := map[string]string{}
		h.renderVersions(ep, errs)
		if err := content.ValidateEdit(ep); err != nil {
			var ve *content.ValidationError
			if !errors.As(err, &ve) {
				return err
			}
			for field, key := range ve.Fields {
				errs[field] = key
			}
		}
		for field, key := range errs {
			problems = append(problems, field+": "+p.T(key))
		}
	}
	if problems != nil {
		// The page shows the episode as stored, not as the document made it.
		if fresh, err := h.st.WorkingEpisode(ctx, ep.ID); err == nil {
			ep = fresh
		}
		view, err := h.publishView(ctx, actor, ep)
		if err != nil {
			return err
		}
		view.TranslationProblems = problems
		view.Errors["translation"] = p.T("translation.refused")
		return h.page(w, actor.Lang, "admin-publish", http.StatusUnprocessableEntity, view)
	}
	info := content.SaveInfo{UserID: actor.ID, BaseRevision: ep.Revision, Now: h.cfg.Now(),
		Aligned: map[content.Lang]bool{tr.Lang: true},
		Note:    fmt.Sprintf("translation into %s imported (exported from revision %d)", tr.Lang, tr.Revision)}
	rev, err := h.st.SaveEpisode(ctx, ep, info)
	if errors.Is(err, content.ErrConflict) {
		return h.conflict(w, r, actor, ep)
	}
	if err != nil {
		return err
	}
	h.audit(ctx, r, actor, "episode.translation_imported", "episode:"+strconv.FormatInt(ep.ID, 10),
		fmt.Sprintf("%s to %s, revision %d (exported from %d)", src, tr.Lang, rev, tr.Revision))
	http.Redirect(w, r, publishURL(ep.ID)+"?done="+string(doneTranslation), http.StatusSeeOther)
	return nil
}

// readTranslation checks a document against ep's version in the source
// language it names, as that version is now, and returns the translation
// and its source language, or the problems in p's language.
func (h *Handler) readTranslation(ep *content.Episode, data []byte, p *i18n.Printer) (xliff.Translation, content.Lang, []string) {
	head, err := xliff.Peek(data)
	if err != nil {
		return xliff.Translation{}, "", problemMessages(err, p)
	}
	if head.Key != ep.Key {
		return xliff.Translation{}, "", []string{p.T(xliff.KeyWrongEpisode, "arg", head.Key)}
	}
	v := ep.Version(head.SourceLang)
	if v == nil || head.TargetLang != head.SourceLang.Other() {
		return xliff.Translation{}, "", []string{p.T(xliff.KeyWrongLanguages, "arg", string(head.SourceLang)+" → "+string(head.TargetLang))}
	}
	tr, err := xliff.Import(data, xliff.SourceFromVersion(ep.Key, ep.Revision, *v, head.TargetLang))
	if err != nil {
		return xliff.Translation{}, "", problemMessages(err, p)
	}
	return tr, head.SourceLang, nil
}

// maxProblemsShown bounds the problems listed for one document.
const maxProblemsShown = 50

// problemMessages says what is wrong with a document, in p's language:
// each problem with the unit it concerns.
func problemMessages(err error, p *i18n.Printer) []string {
	var xe *xliff.Error
	if !errors.As(err, &xe) {
		return []string{strings.TrimSpace(p.T(xliff.KeyNotXLIFF, "arg", ""))}
	}
	var out []string
	for i, pr := range xe.Problems {
		if i == maxProblemsShown {
			out = append(out, p.T("translation.more_problems", "n", len(xe.Problems)-i))
			break
		}
		msg := p.T(pr.Key, "arg", pr.Arg)
		if pr.Unit != "" {
			msg = p.T("translation.in_unit", "unit", pr.Unit, "problem", msg)
		}
		out = append(out, msg)
	}
	return out
}

// readXLIFFUpload reads the one file of the import form ("file"), at most
// xliff.MaxSize bytes (errTooLarge beyond).
func readXLIFFUpload(r *http.Request) ([]byte, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for range maxUploadParts {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, errTooLarge
			}
			return nil, err
		}
		if part.FormName() != "file" {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, xliff.MaxSize+1))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, errTooLarge
			}
			return nil, err
		}
		if len(b) > xliff.MaxSize {
			return nil, errTooLarge
		}
		return b, nil
	}
	return nil, errors.New("too many parts")
}
