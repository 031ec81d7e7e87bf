package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// GlossaryListPage is the view of the glossary in the back office.
type GlossaryListPage struct {
	Common
	Items  []GlossaryItem
	Public []Link // the public glossary in both languages
}

// GlossaryItem is one entry of the list.
type GlossaryItem struct {
	TermEN, TermFR, URL string
}

// listGlossary answers GET /admin/glossary (editors and administrators):
// every entry, in the order of the staff member's language.
func (h *Handler) listGlossary(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	gs, err := h.st.GlossaryTerms(r.Context(), actor.Lang)
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := GlossaryListPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_glossary")), Public: publicLinks(p, urls.Glossary)}
	for _, g := range gs {
		view.Items = append(view.Items, GlossaryItem{TermEN: g.Terms.EN, TermFR: g.Terms.FR, URL: "/admin/glossary/" + strconv.FormatInt(g.ID, 10)})
	}
	view.Flash = doneFlash(p, r)
	return h.page(w, actor.Lang, "admin-glossary-list", http.StatusOK, view)
}

// newGlossaryTerm answers GET /admin/glossary/new.
func (h *Handler) newGlossaryTerm(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.glossaryForm(w, r, actor, content.GlossaryTerm{}, "", nil, "", http.StatusOK)
}

// editGlossaryTerm answers GET /admin/glossary/{term}.
func (h *Handler) editGlossaryTerm(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, "term")
	if !ok {
		return content.ErrNotFound
	}
	g, err := h.st.GlossaryTermByID(r.Context(), id)
	if err != nil {
		return err
	}
	return h.glossaryForm(w, r, actor, *g, content.GlossaryStamp(*g), nil, "", http.StatusOK)
}

// glossaryFromForm reads an entry as typed.
func glossaryFromForm(r *http.Request) content.GlossaryTerm {
	return content.GlossaryTerm{Terms: bilingual(r, "term"), Definitions: bilingual(r, "definition")}
}

// createGlossaryTerm answers POST /admin/glossary/new.
func (h *Handler) createGlossaryTerm(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	if err := h.parseTaxForm(w, r); err != nil {
		return err
	}
	g := glossaryFromForm(r)
	if err := content.PrepareGlossaryTerm(&g); err != nil {
		return h.glossaryForm(w, r, actor, g, "", validationFields(err), "", http.StatusUnprocessableEntity)
	}
	id, err := h.st.CreateGlossaryTerm(r.Context(), g, h.cfg.Now())
	if fields, alert, status, ok := saveOutcome(h.printer(actor.Lang), err); !ok {
		return err
	} else if status != http.StatusOK {
		return h.glossaryForm(w, r, actor, g, "", fields, alert, status)
	}
	h.audit(r.Context(), r, actor, "glossary.created", "glossary:"+strconv.FormatInt(id, 10), g.Terms.EN)
	http.Redirect(w, r, "/admin/glossary/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
	return nil
}

// saveGlossaryTerm answers POST /admin/glossary/{term}; someone else's
// save in between is a conflict that keeps what was typed.
func (h *Handler) saveGlossaryTerm(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, "term")
	if !ok {
		return content.ErrNotFound
	}
	if err := h.parseTaxForm(w, r); err != nil {
		return err
	}
	old, err := h.st.GlossaryTermByID(r.Context(), id)
	if err != nil {
		return err
	}
	g := glossaryFromForm(r)
	g.ID = id
	stamp := r.PostForm.Get("stamp")
	if err := content.PrepareGlossaryTerm(&g); err != nil {
		return h.glossaryForm(w, r, actor, g, stamp, validationFields(err), "", http.StatusUnprocessableEntity)
	}
	if content.GlossaryStamp(*old) != stamp {
		return h.glossaryForm(w, r, actor, g, content.GlossaryStamp(*old), nil, h.printer(actor.Lang).T("admin.tax_conflict"), http.StatusConflict)
	}
	err = h.st.UpdateGlossaryTerm(r.Context(), g, stamp, h.cfg.Now())
	if fields, alert, status, ok := saveOutcome(h.printer(actor.Lang), err); !ok {
		return err
	} else if status != http.StatusOK {
		return h.glossaryForm(w, r, actor, g, stamp, fields, alert, status)
	}
	h.audit(r.Context(), r, actor, "glossary.updated", "glossary:"+strconv.FormatInt(id, 10), g.Terms.EN)
	http.Redirect(w, r, "/admin/glossary/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
	return nil
}

// deleteGlossaryTerm answers POST /admin/glossary/{term}/delete. The form
// carries the entry's stamp: an entry changed since it was shown is not
// deleted unseen.
func (h *Handler) deleteGlossaryTerm(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, "term")
	if !ok {
		return content.ErrNotFound
	}
	if err := h.parseTaxForm(w, r); err != nil {
		return err
	}
	g, err := h.st.GlossaryTermByID(r.Context(), id)
	if err != nil {
		return err
	}
	if content.GlossaryStamp(*g) != r.PostForm.Get("stamp") {
		// Changed since the form was opened: show it as it is now, so
		// that deleting is a choice made knowing of the change.
		return h.glossaryForm(w, r, actor, *g, content.GlossaryStamp(*g), nil, h.printer(actor.Lang).T("admin.tax_conflict"), http.StatusConflict)
	}
	if err := h.st.DeleteGlossaryTerm(r.Context(), id); err != nil && !errors.Is(err, content.ErrNotFound) {
		return err
	}
	h.audit(r.Context(), r, actor, "glossary.deleted", "glossary:"+strconv.FormatInt(id, 10), g.Terms.EN)
	http.Redirect(w, r, "/admin/glossary?done=deleted", http.StatusSeeOther)
	return nil
}

// glossaryForm renders the entry form with g as typed or stored: English
// and French side by side.
func (h *Handler) glossaryForm(w http.ResponseWriter, r *http.Request, actor *content.User, g content.GlossaryTerm, stamp string, errs map[string]string, alert string, status int) error {
	p := h.printer(actor.Lang)
	view := TaxFormPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_glossary")), Stamp: stamp, Alert: alert, ListURL: "/admin/glossary"}
	view.Rows = []TaxRow{
		pair(p, "term", "admin.glossary_term", g.Terms, errs, 0),
		pair(p, "definition", "admin.glossary_definition", g.Definitions, errs, 5),
	}
	view.Summary = summarise(view.Rows)
	if g.ID == 0 {
		view.Heading, view.Action = p.T("admin.glossary_new"), "/admin/glossary/new"
	} else {
		id := strconv.FormatInt(g.ID, 10)
		view.Heading, view.Action, view.DeleteURL = p.T("admin.glossary_edit", "term", g.Terms.In(actor.Lang)), "/admin/glossary/"+id, "/admin/glossary/"+id+"/delete"
		view.Public = publicLinks(p, urls.Glossary)
	}
	if len(view.Summary) == 0 && alert == "" {
		view.Flash = doneFlash(p, r)
	}
	return h.page(w, actor.Lang, "admin-glossary-form", status, view)
}
