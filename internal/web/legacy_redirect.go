package web

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
)

// legacyRedirect answers any other GET under /en/ or /fr/: an old URL of the
// original site (such as /en/ep-41-en/) is sent, permanently, to the
// episode's page in the language of the old URL; anything else is a 404.
func (h *Handler) legacyRedirect(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	// Old URLs are short ASCII paths: anything else is not one, and must
	// not reach the database (PostgreSQL rejects NUL and invalid UTF-8).
	if len(r.URL.Path) > 300 || !plainPath(r.URL.Path) {
		h.notFound(w, r, lang)
		return
	}
	id, pathLang, err := h.st.Redirect(r.Context(), r.URL.Path)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	ep, err := h.st.EpisodeByID(r.Context(), id)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	if !ep.IsLive(h.cfg.Now()) {
		h.notFound(w, r, lang)
		return
	}
	target := untranslatedURL(pathLang)
	if v := ep.Version(pathLang); v != nil {
		target = EpisodeURL(pathLang, v.Slug)
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// plainPath reports whether p holds only printable ASCII.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] < 0x21 || p[i] > 0x7e {
			return false
		}
	}
	return true
}
