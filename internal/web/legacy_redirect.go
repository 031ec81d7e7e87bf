package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
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
	ep, err := h.st.PublicEpisodeByID(r.Context(), id, h.cfg.Now())
	if errors.Is(err, content.ErrNotFound) {
		h.notFound(w, r, lang)
		return
	}
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	target := urls.Untranslated(pathLang)
	if v := ep.Version(pathLang); v != nil {
		target = urls.Episode(pathLang, v.Slug)
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

// pathRedirect answers a GET or HEAD for a path nothing else serves when an
// editor redirected it (or a topic, series or author page moved from it):
// 301 to the stored internal target. The target is checked again here, so
// that no stored row can send readers off the site. It reports whether it
// answered.
func (h *Handler) pathRedirect(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	// Stored paths are ASCII, percent-encoded as typed: look up the escaped
	// form, and nothing that cannot be an old path.
	p := r.URL.EscapedPath()
	if len(p) > content.MaxRedirectPathLen || !plainPath(p) {
		return false
	}
	target, err := h.st.PathRedirectTarget(r.Context(), p)
	if err != nil {
		if !errors.Is(err, content.ErrNotFound) && !errors.Is(err, context.Canceled) {
			h.log.ErrorContext(r.Context(), "redirect lookup failed", "path", p, "err", err)
		}
		return false
	}
	if !content.ValidRedirectTarget(target) {
		h.log.WarnContext(r.Context(), "stored redirect target refused", "path", p, "target", target)
		return false
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return true
}

// siteName is the site's name in lang: the administrators' setting, else
// the catalogue's.
func (h *Handler) siteName(ctx context.Context, lang content.Lang) (string, error) {
	f, err := h.frame(ctx)
	if err != nil {
		return "", err
	}
	return f.siteName(h, lang), nil
}
