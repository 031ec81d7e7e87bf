package web

import (
	"context"
	"net/http"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// privacyModified is when the privacy notice text last changed.
var privacyModified = time.Date(2026, time.December, 7, 12, 0, 0, 0, time.UTC)

// showPrivacy answers GET /en/privacy and /fr/confidentialite: how page
// feedback is collected, kept and used.
func (h *Handler) showPrivacy(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serve(w, r, lang, urls.Privacy(lang), func(ctx context.Context) (rendered, error) {
		p := h.printer(lang)
		c, err := h.common(ctx, lang, urls.Privacy(lang), p.T("privacy.title"), urls.Privacy(lang.Other()))
		if err != nil {
			return rendered{}, err
		}
		c.AltCanonical = h.abs(urls.Privacy(lang.Other()))
		c.Description = p.T("privacy.intro", "site", c.SiteName)
		c.Modified = privacyModified
		c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
		c.JSONLD = jsonLD(h.pageLD(c, "WebPage", nil), h.breadcrumbLD(c))
		return h.render(lang, "privacy", http.StatusOK, PrivacyPage{Common: c})
	})
}
