package web

import (
	"errors"
	"net/http"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// showPreview answers GET /en/preview/{token} and /fr/apercu/{token}: a
// preview link's episode as its editor has it (a draft, or a published
// episode's pending change), for people without an account, under a
// banner that says it is not published. The page is never cached (here
// or by browsers and proxies), kept out of search engines, sends no
// referrer (the address is the secret), and names no canonical page, no
// feed and no sharing data. An unknown, expired or revoked link, or one
// to a language the episode lacks, is the site's 404 page.
func (h *Handler) showPreview(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	token := r.PathValue("token")
	ctx := r.Context()
	now := h.cfg.Now()
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Robots-Tag", "noindex, nofollow")
	hdr.Set("Referrer-Policy", "no-referrer")
	ep, err := h.st.PreviewEpisode(ctx, auth.HashToken(token), now)
	if err == nil && ep.Version(lang) == nil {
		err = content.ErrNotFound
	}
	if err != nil {
		if !errors.Is(err, content.ErrNotFound) {
			h.fail(w, r, lang, err)
			return
		}
		h.notFound(w, r, lang)
		return
	}
	view, err := h.episodePageOf(ctx, ep, lang, now)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	view.Preview = true
	view.NoIndex, view.WithFeedback = true, false
	view.Canonical, view.AltCanonical, view.XDefault = "", "", ""
	view.Feeds, view.JSONLD, view.Share, view.ShareURL, view.ShareImage = nil, "", nil, "", ""
	view.Subscribe = nil
	view.AltURL = urls.Untranslated(lang.Other())
	if ep.Version(lang.Other()) != nil {
		view.AltURL = urls.Preview(lang.Other(), token)
	}
	b, err := h.page(lang, "episode", view)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Content-Language", lang.Tag())
	_, _ = w.Write(b)
}
