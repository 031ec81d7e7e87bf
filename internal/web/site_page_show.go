package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// errNoSitePage is a single-segment path that is no published site page:
// it may still be an old URL (legacyRedirect).
var errNoSitePage = errors.New("no site page at this path")

// sitePageLD is the schema.org type of each site page.
var sitePageLD = map[content.SitePageKey]string{
	content.SitePageAbout:   "AboutPage",
	content.SitePageContact: "ContactPage",
	content.SitePageTerms:   "WebPage",
}

// showSitePage answers GET /en/{slug} and /fr/{slug} for a published site
// page (About, Contact, Terms and conditions): its title and body in the
// page's language, the toggle to its counterpart. Any other slug falls
// through to the old URLs and the 404 page (legacyRedirect).
func (h *Handler) showSitePage(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		h.legacyRedirect(w, r, lang)
		return
	}
	path := urls.SitePage(lang, slug)
	h.serve(w, r, lang, path, func(ctx context.Context) (rendered, error) {
		pg, err := h.st.SitePageBySlug(ctx, lang, slug)
		if errors.Is(err, content.ErrNotFound) {
			return rendered{}, errNoSitePage
		}
		if err != nil {
			return rendered{}, err
		}
		v, other := pg.Version(lang), pg.Version(lang.Other())
		var alt string
		if other != nil {
			alt = urls.SitePage(lang.Other(), other.Slug)
		} else {
			alt = urls.Untranslated(lang.Other())
		}
		c, err := h.common(ctx, lang, path, v.Title, alt)
		if err != nil {
			return rendered{}, err
		}
		// The description is the first paragraph (the renderer's plain
		// text puts each block on a line of its own).
		lead, _, _ := strings.Cut(h.cfg.Text(v.BodyMarkdown), "\n")
		c.Description = truncate(strings.Join(strings.Fields(lead), " "), 160)
		c.Modified, c.Published = pg.ModifiedAt, pg.PublishedAt
		c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
		c.JSONLD = jsonLD(h.pageLD(c, sitePageLD[pg.Key], nil), h.breadcrumbLD(c))
		return h.render(lang, "site-page", http.StatusOK, SitePageView{Common: c, Key: pg.Key,
			Body: template.HTML(v.BodyHTML)}) // sanitised by internal/render at save time
	})
}
