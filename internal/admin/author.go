package admin

import (
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/urls"
)

// authorURLs are an author's public pages in lang.
func authorURLs(lang content.Lang, slug string) []string {
	return []string{urls.Author(lang, slug)}
}

// listAuthors answers GET /admin/authors (editors and administrators).
func (h *Handler) listAuthors(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	as, err := h.st.Authors(r.Context())
	if err != nil {
		return err
	}
	u, err := h.st.TaxonomyUsage(r.Context())
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := TaxListPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_authors")), NewURL: "/admin/authors/new",
		NewLabel: p.T("admin.author_new"), Empty: p.T("admin.author_none"), NameHeading: p.T("admin.author_name")}
	for _, a := range as {
		view.Items = append(view.Items, TaxItem{Name: a.Name, URL: "/admin/authors/" + strconv.FormatInt(a.ID, 10),
			Slugs: a.Slugs.EN + " / " + a.Slugs.FR, Uses: u.Authors[a.ID]})
	}
	view.Flash = doneFlash(p, r)
	return h.page(w, actor.Lang, "admin-author-list", http.StatusOK, view)
}

// newAuthor answers GET /admin/authors/new.
func (h *Handler) newAuthor(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.authorForm(w, r, actor, content.Author{}, "", nil, "", http.StatusOK)
}

// authorKind is how authors are edited (taxonomy_edit.go).
func (h *Handler) authorKind() taxKind[content.Author] {
	return taxKind[content.Author]{
		param: "author", base: "/admin/authors",
		fromForm: prepared(authorFromForm, content.PrepareAuthor),
		byID:     h.st.AuthorByID, stamp: content.AuthorStamp,
		keep:   func(a *content.Author, id int64, old content.Author) { a.ID, a.Key = id, old.Key },
		slugs:  func(a content.Author) content.Bilingual { return a.Slugs },
		urls:   authorURLs,
		create: h.st.CreateAuthor, update: h.st.UpdateAuthor, delete: h.st.DeleteAuthor,
		form: h.authorForm,
	}
}

func authorFromForm(r *http.Request) content.Author {
	a := content.Author{Name: r.PostForm.Get("name"), Slugs: bilingual(r, "slug"), Roles: bilingual(r, "role"),
		Bios: bilingual(r, "bio"), Photo: r.PostForm.Get("photo")}
	typed := r.PostForm.Get("fr_noun")
	if n, ok := content.ParseFrenchNoun(typed); ok {
		a.FrenchNoun = n
	} else {
		a.FrenchNoun = content.FrenchNoun(typed) // PrepareAuthor refuses it
	}
	return a
}

// frenchNounField is the radio buttons of an author's French noun: each
// shows the heading French episode pages give the author's block (from
// the French catalogue, marked as French) and says what it is in the
// staff member's language.
func (h *Handler) frenchNounField(p *i18n.Printer, chosen content.FrenchNoun, errs map[string]string) TaxField {
	f := field(p, "fr_noun", "admin.author_fr_noun", chosen.Word(), errs)
	f.Hint = p.T("admin.author_fr_noun_hint")
	fr := h.printer(content.French)
	for i, n := range content.FrenchNouns {
		c := TaxChoice{ID: f.ID + "-" + n.Word(), Value: n.Word(), Sample: fr.T(n.AboutKey()),
			Label: p.T("admin.author_fr_noun_" + n.Word()), Checked: n == chosen}
		if i == 0 {
			c.ID = f.ID // the error summary links to the first button
		}
		f.Choices = append(f.Choices, c)
	}
	return f
}

// editAuthor answers GET /admin/authors/{author}.
func (h *Handler) editAuthor(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.authorKind().edit(h, w, r, actor)
}

// createAuthor answers POST /admin/authors.
func (h *Handler) createAuthor(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.authorKind().createItem(h, w, r, actor)
}

// saveAuthor answers POST /admin/authors/{author}: see taxKind.save.
func (h *Handler) saveAuthor(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.authorKind().save(h, w, r, actor)
}

// deleteAuthor answers POST /admin/authors/{author}/delete.
func (h *Handler) deleteAuthor(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.authorKind().remove(h, w, r, actor)
}

// authorForm renders the author form with a as typed or stored.
func (h *Handler) authorForm(w http.ResponseWriter, r *http.Request, actor *content.User, a content.Author, stamp string, errs map[string]string, alert string, status int) error {
	p := h.printer(actor.Lang)
	view := TaxFormPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_authors")), Stamp: stamp, Alert: alert, ListURL: "/admin/authors"}
	name := field(p, "name", "admin.author_name", a.Name, errs)
	photo := field(p, "photo", "admin.author_photo", a.Photo, errs)
	photo.Hint, photo.Type = p.T("admin.author_photo_hint"), "url"
	slugs := pair(p, "slug", "admin.tax_slug", a.Slugs, errs, 0)
	slugs.Fields[0].Hint, slugs.Fields[1].Hint = p.T("admin.author_slug_hint"), p.T("admin.author_slug_hint")
	view.Rows = []TaxRow{
		{Fields: []TaxField{name}},
		slugs,
		pair(p, "role", "admin.author_role", a.Roles, errs, 0),
		pair(p, "bio", "admin.author_bio", a.Bios, errs, 5),
		{Fields: []TaxField{h.frenchNounField(p, a.FrenchNoun, errs)}},
		{Fields: []TaxField{photo}},
	}
	view.Summary = summarise(view.Rows)
	if a.ID == 0 {
		view.Heading, view.Action = p.T("admin.author_new"), "/admin/authors"
	} else {
		id := strconv.FormatInt(a.ID, 10)
		view.Heading, view.Action, view.DeleteURL = p.T("admin.author_edit", "name", a.Name), "/admin/authors/"+id, "/admin/authors/"+id+"/delete"
		if u, err := h.st.TaxonomyUsage(r.Context()); err == nil {
			view.Uses = u.Authors[a.ID]
		}
		if stored, err := h.st.AuthorByID(r.Context(), a.ID); err == nil {
			view.Public = publicLinks(p, func(l content.Lang) string { return urls.Author(l, stored.Slugs.In(l)) })
		}
	}
	if len(view.Summary) == 0 && alert == "" {
		view.Flash = doneFlash(p, r)
	}
	return h.page(w, actor.Lang, "admin-author-form", status, view)
}
