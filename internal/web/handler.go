// Package web is the public Busrides site: server-rendered pages in English
// and French, the language splash, page feedback, legacy redirects and
// media. Routes are listed in routes.go; each action has its own file.
package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/pagecache"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/typography"
	"github.com/busrides/busrides/internal/ui"
	"github.com/busrides/busrides/internal/urls"
)

// Store is what the public site reads and writes: the live catalogue,
// search, redirects, site settings, the glossary, the published site
// pages, readers' feedback, and the sizes of the media library's images.
// None of the back office's concerns.
type Store interface {
	store.Catalogue
	store.Search
	store.Redirects
	store.Site
	store.Glossary
	store.SitePages
	store.Feedback
	store.Previews
	store.MediaImages
}

// Config is what the site needs from its surroundings.
type Config struct {
	Store     Store
	Catalogue *i18n.Catalogue
	Templates *ui.Templates
	Assets    *ui.Assets
	Media     fs.FS // files under /media/; nil for none
	Logger    *slog.Logger
	BaseURL   string // absolute, without trailing slash, e.g. https://busrides.example
	Now       func() time.Time
	// PageSize is the number of cards per listing page.
	PageSize int
	// Cache holds rendered pages; nil disables caching.
	Cache *pagecache.Cache
	// FeedbackLimit is how many feedback posts one client may make in
	// FeedbackWindow.
	FeedbackLimit  int
	FeedbackWindow time.Duration
	// FeedSummaries makes feeds carry summaries instead of full bodies.
	FeedSummaries bool
	// Podcast describes the podcast feeds' channels.
	Podcast PodcastConfig
	// Text turns Markdown into plain text (transcripts as WebVTT).
	Text func(markdown string) string
}

// Handler serves the public site.
type Handler struct {
	cfg     Config
	st      Store
	log     *slog.Logger
	limiter *rateLimiter
	mux     *http.ServeMux
	words   wordLists
	frames  frameMemo       // the frame of the current generation's pages
	logged  *loggedProblems // feed problems already logged
	// pages are the route patterns of the site's HTML pages, which the
	// feedback tool can be about (routes.go).
	pages map[string]bool
	// xCache holds the X-Cache header's values: hit, miss.
	xCache []string
	// langCookies holds rememberLang's Set-Cookie values.
	langCookies [2][2][]string
}

// New builds the public site's handler.
func New(cfg Config) *Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 12
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.FeedbackLimit <= 0 {
		cfg.FeedbackLimit = 10
	}
	if cfg.FeedbackWindow <= 0 {
		cfg.FeedbackWindow = 10 * time.Minute
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Podcast.Category == "" {
		cfg.Podcast.Category = "Education"
	}
	if cfg.Podcast.Artwork == "" {
		cfg.Podcast.Artwork = "img/podcast-artwork.png"
	}
	if cfg.Text == nil {
		cfg.Text = func(s string) string { return s }
	}
	h := &Handler{
		cfg:         cfg,
		st:          taggingStore{cfg.Store},
		log:         cfg.Logger,
		limiter:     newRateLimiter(cfg.FeedbackLimit, cfg.FeedbackWindow, cfg.Now),
		logged:      newLoggedProblems(maxLoggedProblems),
		xCache:      []string{"hit", "miss"},
		langCookies: langCookies(),
		pages:       map[string]bool{},
	}
	h.mux = h.routes()
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// printer returns the catalogue in lang.
func (h *Handler) printer(lang content.Lang) *i18n.Printer {
	return h.cfg.Catalogue.Printer(string(lang))
}

// langOf returns the language of a request from its path prefix, then the
// remembered choice, then Accept-Language, then English.
func (h *Handler) langOf(r *http.Request) content.Lang {
	p := r.URL.Path
	if strings.HasPrefix(p, "/fr/") || p == "/fr" {
		return content.French
	}
	if strings.HasPrefix(p, "/en/") || p == "/en" {
		return content.English
	}
	if l, ok := rememberedLang(r); ok {
		return l
	}
	if l, ok := i18n.Negotiate(r.Header.Get("Accept-Language")); ok {
		return content.Lang(l)
	}
	return content.English
}

// common fills the parts of a view every page has.
func (h *Handler) common(ctx context.Context, lang content.Lang, path, title, altURL string) (Common, error) {
	f, err := h.frame(ctx)
	if err != nil {
		return Common{}, err
	}
	n := f.notice
	c := Common{
		SiteName:  f.siteName(h, lang),
		Lang:      lang,
		AltLang:   lang.Other(),
		Title:     title,
		Canonical: h.cfg.BaseURL + path,
		AltURL:    altURL,
		Nav:       navFor(lang, h.printer(lang)),
	}
	c.Nav.linkSitePages(lang, f.withLinks(ctx))
	if n.Enabled {
		c.Banner = n.Text.In(lang)
	}
	c.WithFeedback = true
	c.Feedback = feedbackForm(ctx, lang, path)
	h.meta(&c)
	// The counterpart for hreflang: the toggle's target unless that is a
	// page with a notice (a query); handlers set it themselves too.
	if altURL != "" && !strings.Contains(altURL, "?") {
		c.AltCanonical = h.abs(altURL)
	}
	return c, nil
}

// rendered is a page built by a handler, before caching.
type rendered struct {
	status int
	body   []byte
}

// serve answers a GET with a page built by build, from the cache when
// cacheKey is non-empty and the page is there. cacheKey is also the page's
// address for its feedback tool (r's path when empty); a request asking
// for the tool in a state (feedback_form.go) is built for itself.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, lang content.Lang, cacheKey string, build func(ctx context.Context) (rendered, error)) {
	h.rememberLang(w, r, lang)
	page := cacheKey
	if page == "" {
		page = r.URL.Path
	}
	st, stateful := feedbackStateOf(r, page)
	if stateful {
		cacheKey = ""
	}
	h.cached(w, r, lang, cacheKey, "text/html; charset=utf-8", lang.Tag(), &st, build)
}

// serveCached is serve without remembering the language (for the splash).
func (h *Handler) serveCached(w http.ResponseWriter, r *http.Request, lang content.Lang, cacheKey string, build func(ctx context.Context) (rendered, error)) {
	h.cached(w, r, lang, cacheKey, "text/html; charset=utf-8", lang.Tag(), nil, build)
}

// cached answers a GET with a response of contentType built by build, from
// the page cache when cacheKey is non-empty and the response is there.
// Concurrent requests for a missing page build it once. Only 200
// responses are kept, with the tags of what they show (tags.go), until a
// change to one of those drops them.
//
// fb, when not nil, is the page's feedback tool state (serve), given to
// the build's context only when the page is built.
func (h *Handler) cached(w http.ResponseWriter, r *http.Request, lang content.Lang, cacheKey, contentType, language string, fb *feedbackState, build func(ctx context.Context) (rendered, error)) {
	c := h.cfg.Cache
	if c != nil && cacheKey != "" {
		// A hit first, without making the build's closures.
		if p := c.Hit(cacheKey); p != nil {
			h.serveHit(w, r, p, true)
			return
		}
	}
	page := func(ctx context.Context) (*pagecache.Page, []string, error) {
		// Last-Modified is when the build began: the page holds nothing
		// newer, and a change after that drops it.
		started := h.cfg.Now()
		if fb != nil {
			ctx = contextWithFeedback(ctx, *fb)
		}
		var tags pageTags
		out, err := build(collecting(ctx, &tags))
		if err != nil {
			return nil, nil, err
		}
		p := pagecache.New(out.status, contentType, out.body, started)
		p.Language = language
		return p, tags.list(), nil
	}
	if c == nil || cacheKey == "" {
		p, _, err := page(r.Context())
		if err != nil {
			h.fail(w, r, lang, err)
			return
		}
		p.ServeHTTP(w, r)
		return
	}
	p, hit, err := c.Do(r.Context(), cacheKey, func() (*pagecache.Page, []string, error) { return page(r.Context()) })
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	h.serveHit(w, r, p, hit)
}

// serveHit sends a page from the cache, saying in X-Cache whether it was
// there already (hit) or built for this request (miss).
func (h *Handler) serveHit(w http.ResponseWriter, r *http.Request, p *pagecache.Page, hit bool) {
	if p.Status == http.StatusOK {
		// Shared values with a capacity of one (never changed in place).
		if hit {
			w.Header()["X-Cache"] = h.xCache[0:1:1]
		} else {
			w.Header()["X-Cache"] = h.xCache[1:2:2]
		}
	}
	p.ServeHTTP(w, r)
}

// render executes a page template.
func (h *Handler) render(lang content.Lang, page string, status int, view any) (rendered, error) {
	b, err := h.page(lang, page, view)
	if err != nil {
		return rendered{}, err
	}
	return rendered{status: status, body: b}, nil
}

// page executes a page template in lang and gives its French text the
// French convention (internal/typography): the catalogue's strings follow
// it already, and this brings titles, summaries, names, descriptions,
// excerpts and anything stored before in line, once per cached page.
// Markup, code, form fields and text in another language are left as they
// are. It costs about 0.15–0.25 ms of CPU for a 15–22 KB page here.
func (h *Handler) page(lang content.Lang, page string, view any) ([]byte, error) {
	b, err := h.cfg.Templates.Render(string(lang), page, view)
	if err != nil {
		return nil, err
	}
	if lang != content.French && page != "splash" {
		// English pages hold no French but the catalogue's (the
		// language toggle), which follows the convention already; the
		// splash page shows both languages, the French notice among
		// them.
		return b, nil
	}
	s := string(b)
	if out := typography.HTML(s, string(lang)); out != s {
		return []byte(out), nil
	}
	return b, nil
}

// fail answers with the error page that suits err: 404 for content.ErrNotFound,
// 500 (logged, with a reference) for anything else.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, lang content.Lang, err error) {
	if m, ok := errors.AsType[*movedError](err); ok {
		http.Redirect(w, r, m.target, http.StatusMovedPermanently)
		return
	}
	if errors.Is(err, errNoSitePage) {
		h.legacyRedirect(w, r, lang)
		return
	}
	if errors.Is(err, content.ErrNotFound) {
		h.notFound(w, r, lang)
		return
	}
	if errors.Is(err, context.Canceled) {
		return
	}
	h.serverError(w, r, lang, err)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	// An old path an editor redirected, or a page that moved.
	if h.pathRedirect(w, r) {
		return
	}
	p := h.printer(lang)
	view := ErrorPage{Status: http.StatusNotFound, Heading: p.T("error.not_found_title"), Body: p.T("error.not_found_body")}
	// The site notice is on every page: a 404 shows it when the database
	// answers (and still renders when it does not).
	if f, err := h.frame(r.Context()); err == nil {
		if f.notice.Enabled {
			view.Banner = f.notice.Text.In(lang)
		}
		view.SiteName = f.siteName(h, lang)
		view.Nav.linkSitePages(lang, f.links)
	}
	h.errorPage(w, r, lang, view)
}

func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, lang content.Lang, err error) {
	id := httpx.RequestID(r.Context())
	h.log.ErrorContext(r.Context(), "request failed", "request_id", id, "path", r.URL.Path, "err", err)
	p := h.printer(lang)
	view := ErrorPage{Status: http.StatusInternalServerError, Heading: p.T("error.server_title"), Body: p.T("error.server_body", "id", id), Reference: id}
	h.errorPage(w, r, lang, view)
}

// errorPage renders an error page without touching the database, so it
// works when the database is what failed.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, lang content.Lang, view ErrorPage) {
	name := view.SiteName
	if name == "" {
		name = h.printer(lang).T("site.name")
	}
	nav := navFor(lang, h.printer(lang))
	nav.About, nav.Contact, nav.Terms = view.Nav.About, view.Nav.Contact, view.Nav.Terms // the footer's site pages, when known
	view.Common = Common{Lang: lang, AltLang: lang.Other(), Title: view.Heading, AltURL: urls.Home(lang.Other()), Nav: nav, NoIndex: true, Banner: view.Banner, SiteName: name}
	h.meta(&view.Common) // feeds and the sharing image; no alternates (noindex)
	b, err := h.page(lang, "error", view)
	if err != nil {
		h.log.ErrorContext(r.Context(), "error page failed", "err", err)
		http.Error(w, http.StatusText(view.Status), view.Status)
		return
	}
	p := pagecache.New(view.Status, "text/html; charset=utf-8", b, time.Time{})
	p.Language = lang.Tag()
	p.CacheControl = "no-store"
	p.ServeHTTP(w, r)
}

// Panic renders the 500 page for a recovered panic.
func (h *Handler) Panic(w http.ResponseWriter, r *http.Request, v any) {
	h.serverError(w, r, h.langOf(r), fmt.Errorf("panic: %v", v))
}

// NotFound renders the 404 page in the request's language.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.notFound(w, r, h.langOf(r))
}

const langCookie = "busrides_lang"

// rememberedLang reads the language the reader chose before.
func rememberedLang(r *http.Request) (content.Lang, bool) {
	c, err := r.Cookie(langCookie)
	if err != nil {
		return "", false
	}
	return content.ParseLang(c.Value)
}

// rememberLang stores the language of the page the reader is on, so that
// the splash page sends them straight back to it next time. The cookie's
// header values are built once (langCookies), not per response.
func (h *Handler) rememberLang(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	if l, ok := rememberedLang(r); ok && l == lang {
		return
	}
	i, secure := 0, 0
	if lang == content.French {
		i = 1
	}
	if r.TLS != nil {
		secure = 1
	}
	v := h.langCookies[i][secure]
	h2 := w.Header()
	if _, ok := h2["Set-Cookie"]; ok {
		h2["Set-Cookie"] = append(h2["Set-Cookie"], v[0])
		return
	}
	h2["Set-Cookie"] = v[:1:1] // shared, never changed in place
}

// langCookies are the Set-Cookie values of rememberLang: by language
// (English, French), then without and with Secure.
func langCookies() (v [2][2][]string) {
	for i, lang := range []content.Lang{content.English, content.French} {
		for secure := range 2 {
			c := &http.Cookie{
				Name:     langCookie,
				Value:    string(lang),
				Path:     "/",
				MaxAge:   365 * 24 * 3600,
				HttpOnly: true,
				Secure:   secure == 1,
				SameSite: http.SameSiteLaxMode,
			}
			v[i][secure] = []string{c.String()}
		}
	}
	return v
}
