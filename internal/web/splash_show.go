package web

import (
	"context"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/urls"
)

// showSplash answers GET /: the bilingual language choice, unless the reader
// chose before (cookie), in which case they go straight to that home page.
// Accept-Language is only a hint: it orders the two halves and sets the
// page's main language, and never redirects.
func (h *Handler) showSplash(w http.ResponseWriter, r *http.Request) {
	if lang, ok := rememberedLang(r); ok {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, urls.Home(lang), http.StatusFound)
		return
	}
	// The answer depends on the cookie and on Accept-Language.
	w.Header().Set("Vary", "Cookie, Accept-Language")
	hint := content.English
	if l, ok := i18n.Negotiate(r.Header.Get("Accept-Language")); ok {
		hint = content.Lang(l)
	}
	h.serveCached(w, r, hint, "/?hint="+string(hint), func(ctx context.Context) (rendered, error) {
		f, err := h.frame(ctx)
		if err != nil {
			return rendered{}, err
		}
		n, links := f.notice, f.withLinks(ctx)
		view := SplashPage{Lang: hint, EN: h.splashSide(content.English, links), FR: h.splashSide(content.French, links), Banner: n, Canonical: h.abs("/")}
		names := map[content.Lang]string{}
		for _, l := range content.Langs {
			names[l] = f.siteName(h, l)
			view.Alternates = append(view.Alternates, Alternate{HrefLang: l.Tag(), URL: h.abs(urls.Home(l))})
			view.Feeds = append(view.Feeds, FeedLink{Type: feedTypes[urls.FormatRSS], URL: h.abs(urls.Feed(l, urls.FormatRSS)),
				Title: feedTitle(h.printer(l).T("feed.channel_all", "site", names[l]), urls.FormatRSS)})
		}
		for _, l := range []content.Lang{hint, hint.Other()} {
			if len(view.Names) == 0 || view.Names[0].Name != names[l] {
				view.Names = append(view.Names, SplashName{Tag: l.Tag(), Name: names[l]})
			}
		}
		first, second := h.printer(hint), h.printer(hint.Other())
		view.Signature = first.T("gc.name") + " / " + second.T("gc.name")
		view.Wordmark = first.T("gc.wordmark") + " / " + second.T("gc.wordmark")
		for i, n := range view.Names {
			if i > 0 {
				view.Name += " / "
			}
			view.Name += n.Name
		}
		view.Alternates = append(view.Alternates, Alternate{HrefLang: "x-default", URL: view.Canonical})
		if h.cfg.Assets != nil {
			view.Image = h.abs(h.cfg.Assets.URL(defaultImage))
		}
		return h.render(hint, "splash", http.StatusOK, view)
	})
}

// splashSide is one language's half of the splash page; its Terms link
// goes to the terms and conditions when they are published.
func (h *Handler) splashSide(lang content.Lang, links []content.SitePageLink) SplashSide {
	p := h.printer(lang)
	var nav Nav
	nav.linkSitePages(lang, links)
	return SplashSide{
		Lang:    lang,
		Tag:     lang.Tag(),
		Name:    p.T("lang.self_name"),
		Tagline: p.T("site.tagline"),
		Go:      p.T("splash.go"),
		URL:     urls.Home(lang),
		Terms:   Link{Label: p.T("nav.terms"), URL: nav.Terms},
	}
}
