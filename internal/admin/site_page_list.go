package admin

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/urls"
)

// sitePageURL is a site page's editor.
func sitePageURL(key content.SitePageKey) string { return "/admin/site-pages/" + string(key) }

// sitePageName is a site page's name in the staff member's language: the
// footer's label of it.
func sitePageName(p *i18n.Printer, key content.SitePageKey) string {
	return p.T("sitepages.name_" + string(key))
}

// listSitePages answers GET /admin/site-pages (editors and
// administrators): every site page, written or not, with its status, its
// titles, which language needs an update, and links to the live pages.
func (h *Handler) listSitePages(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	stored, err := h.st.AdminSitePages(r.Context())
	if err != nil {
		return err
	}
	byKey := map[content.SitePageKey]*content.SitePage{}
	for _, sp := range stored {
		byKey[sp.Key] = sp
	}
	p := h.printer(actor.Lang)
	view := SitePageListPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_site_pages"))}
	for _, key := range content.SitePageKeys {
		row := SitePageRow{Name: sitePageName(p, key), EditURL: sitePageURL(key), Status: p.T("sitepages.status_missing")}
		if sp := byKey[key]; sp != nil {
			row.Status = p.T("sitepages.status_" + string(sp.Status))
			row.Modified = p.Date(sp.ModifiedAt.In(h.cfg.Zone))
			for _, lang := range content.Langs {
				if v := sp.Version(lang); v != nil {
					row.Titles.Set(lang, v.Title)
					if sp.Live() {
						row.Public = append(row.Public, Link{Label: p.T("admin.tax_view_" + string(lang)), URL: urls.SitePage(lang, v.Slug), Lang: lang.Tag()})
					}
				}
				if sp.Stale(lang) {
					row.Stale = append(row.Stale, p.T("editing.lang_"+string(lang)))
				}
			}
		}
		view.Rows = append(view.Rows, row)
	}
	return h.page(w, actor.Lang, "admin-site-pages", http.StatusOK, view)
}
