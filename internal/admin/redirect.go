package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
)

// redirectsPerPage is the length of a page of the redirect list.
const redirectsPerPage = 50

// maxRedirectIDs bounds one delete request.
const maxRedirectIDs = 500

// RedirectListPage is the view of GET /admin/redirects.
type RedirectListPage struct {
	Common
	Q         string
	Rows      []RedirectRow
	Total     int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	ExportURL string
}

// RedirectRow is one redirect in the list.
type RedirectRow struct {
	ID         int64
	Path       string
	Target     string
	OriginKey  string
	UpdatedAt  time.Time
	EditURL    string
	SelectText string
}

// RedirectFormPage is the view of the redirect form.
type RedirectFormPage struct {
	Common
	Heading      string
	Action       string
	Stamp        string
	Path, Target string
	Errors       map[string]string // field → translated message
	Alert        string
}

// listRedirects answers GET /admin/redirects (editors and administrators):
// old paths and where they lead, searchable, a page at a time.
func (h *Handler) listRedirects(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 300 {
		q = q[:300]
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	rows, total, err := h.st.PathRedirects(r.Context(), q, redirectsPerPage, (page-1)*redirectsPerPage)
	if err != nil {
		return err
	}
	view := RedirectListPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_redirects")), Q: q, Total: total, Page: page,
		Pages: max(1, (total+redirectsPerPage-1)/redirectsPerPage), ExportURL: "/admin/redirects.csv"}
	for _, rd := range rows {
		id := strconv.FormatInt(rd.ID, 10)
		view.Rows = append(view.Rows, RedirectRow{ID: rd.ID, Path: rd.Path, Target: rd.Target, OriginKey: "admin.redirect_origin_" + rd.Origin,
			UpdatedAt: rd.UpdatedAt, EditURL: "/admin/redirects/" + id, SelectText: p.T("admin.redirect_select", "path", rd.Path)})
	}
	link := func(n int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return withQuery("/admin/redirects", v)
	}
	if page > 1 {
		view.PrevURL = link(page - 1)
	}
	if page < view.Pages {
		view.NextURL = link(page + 1)
	}
	switch r.URL.Query().Get("done") {
	case "saved":
		view.Flash = p.T("admin.redirect_saved")
	case "deleted":
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		view.Flash = p.T("admin.redirect_deleted", "n", n)
	case "imported":
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		view.Flash = p.T("admin.redirect_imported", "n", n)
	}
	return h.page(w, actor.Lang, "admin-redirect-list", http.StatusOK, view)
}

// newRedirect answers GET /admin/redirects/new.
func (h *Handler) newRedirect(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.redirectForm(w, r, actor, content.PathRedirect{}, "", nil, "", http.StatusOK)
}

// editRedirect answers GET /admin/redirects/{redirect}.
func (h *Handler) editRedirect(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, "redirect")
	if !ok {
		return content.ErrNotFound
	}
	rd, err := h.st.PathRedirectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return h.redirectForm(w, r, actor, *rd, rd.Stamp(), nil, "", http.StatusOK)
}

// createRedirect answers POST /admin/redirects.
func (h *Handler) createRedirect(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.saveRedirectForm(w, r, actor, 0)
}

// saveRedirect answers POST /admin/redirects/{redirect}.
func (h *Handler) saveRedirect(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, "redirect")
	if !ok {
		return content.ErrNotFound
	}
	return h.saveRedirectForm(w, r, actor, id)
}

// saveRedirectForm checks and stores a redirect as typed: the old path
// (normalised) and an internal target; loops, chains and paths that
// already redirect are refused next to the field.
func (h *Handler) saveRedirectForm(w http.ResponseWriter, r *http.Request, actor *content.User, id int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	rd := content.PathRedirect{ID: id, Path: strings.TrimSpace(r.PostForm.Get("path")), Target: strings.TrimSpace(r.PostForm.Get("target"))}
	stamp := r.PostForm.Get("stamp")
	typed := rd
	errs := map[string]string{}
	if p, key := content.CleanRedirectPath(rd.Path); key != "" {
		errs["path"] = key
	} else {
		rd.Path = p
	}
	if t, key := content.CleanRedirectTarget(rd.Target); key != "" {
		errs["target"] = key
	} else {
		rd.Target = t
	}
	if len(errs) > 0 {
		return h.redirectForm(w, r, actor, typed, stamp, errs, "", http.StatusUnprocessableEntity)
	}
	newID, err := h.st.SavePathRedirect(r.Context(), rd, stamp, h.cfg.Now())
	var ve *content.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.redirectForm(w, r, actor, typed, stamp, ve.Fields, "", http.StatusUnprocessableEntity)
	case errors.Is(err, content.ErrConflict):
		cur, cerr := h.st.PathRedirectByID(r.Context(), id)
		if cerr != nil {
			return cerr
		}
		return h.redirectForm(w, r, actor, typed, cur.Stamp(), nil, h.printer(actor.Lang).T("admin.tax_conflict"), http.StatusConflict)
	case err != nil:
		return err
	}
	action := "redirect.updated"
	if id == 0 {
		action = "redirect.created"
	}
	h.audit(r.Context(), r, actor, action, "redirect:"+strconv.FormatInt(newID, 10), rd.Path+" -> "+rd.Target)
	http.Redirect(w, r, "/admin/redirects?done=saved&q="+url.QueryEscape(rd.Path), http.StatusSeeOther)
	return nil
}

// deleteRedirects answers POST /admin/redirects/delete: the checked
// redirects (ids) go. Ids already gone are ignored.
func (h *Handler) deleteRedirects(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	raw := r.PostForm["ids"]
	if len(raw) > maxRedirectIDs {
		return errBadIDs
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, s := range raw {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			return errBadIDs
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	n, err := h.st.DeletePathRedirects(r.Context(), ids)
	if err != nil {
		return err
	}
	if n > 0 {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = strconv.FormatInt(id, 10)
		}
		h.audit(r.Context(), r, actor, "redirect.deleted", "redirects", strings.Join(parts, ","))
	}
	back := url.Values{"done": {"deleted"}, "n": {strconv.Itoa(n)}}
	if q := strings.TrimSpace(r.PostForm.Get("q")); q != "" && len(q) <= 300 {
		back.Set("q", q)
	}
	http.Redirect(w, r, withQuery("/admin/redirects", back), http.StatusSeeOther)
	return nil
}

func (h *Handler) redirectForm(w http.ResponseWriter, r *http.Request, actor *content.User, rd content.PathRedirect, stamp string, errs map[string]string, alert string, status int) error {
	p := h.printer(actor.Lang)
	view := RedirectFormPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_redirects")), Stamp: stamp, Path: rd.Path, Target: rd.Target,
		Errors: translate(p, errs), Alert: alert}
	if rd.ID == 0 {
		view.Heading, view.Action = p.T("admin.redirect_new"), "/admin/redirects"
	} else {
		view.Heading, view.Action = p.T("admin.redirect_edit"), "/admin/redirects/"+strconv.FormatInt(rd.ID, 10)
	}
	return h.page(w, actor.Lang, "admin-redirect-form", status, view)
}

// translate turns field → catalogue key into field → message.
func translate(p *i18n.Printer, keys map[string]string) map[string]string {
	out := make(map[string]string, len(keys))
	for f, k := range keys {
		out[f] = p.T(k)
	}
	return out
}
