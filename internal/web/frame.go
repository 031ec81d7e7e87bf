package web

import (
	"context"
	"sync"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// frame is what every page's frame shows from the store: the site notice
// (banner), the site's name and the site pages the footer links to.
type frame struct {
	notice content.Notice
	title  content.Bilingual
	links  []content.SitePageLink
}

// frameMemo keeps the frame read at one content generation: every page
// built at that generation shows the same one, so it is read once per
// change instead of three queries per page. A change to any of it moves
// the generation (and drops the pages showing it) like any change; the
// generation is read before the frame, so a frame read while a change
// lands is kept under the older generation and read again.
type frameMemo struct {
	mu  sync.Mutex
	gen int64
	ok  bool
	f   frame
}

// frame returns the frame, from the memo when the page cache's generation
// has not moved since it was read. Without a page cache it reads the
// store each time. It notes no tag on the page being built: a page that
// shows the site pages' links notes their tag itself (withLinks), one
// that shows only the site's name (a feed) does not, and a change to the
// notice or the name drops every page.
func (h *Handler) frame(ctx context.Context) (frame, error) {
	gen := int64(-1)
	if h.cfg.Cache != nil {
		gen = h.cfg.Cache.Generation()
		h.frames.mu.Lock()
		f, ok := h.frames.f, h.frames.ok && h.frames.gen == gen
		h.frames.mu.Unlock()
		if ok {
			return f, nil
		}
	}
	ctx = untagged(ctx)
	var (
		f   frame
		err error
	)
	if f.notice, err = h.st.Notice(ctx); err != nil {
		return frame{}, err
	}
	if f.title, err = h.st.SiteTitle(ctx); err != nil {
		return frame{}, err
	}
	if f.links, err = h.st.SitePageLinks(ctx); err != nil {
		return frame{}, err
	}
	if gen >= 0 {
		h.frames.mu.Lock()
		h.frames.gen, h.frames.ok, h.frames.f = gen, true, f
		h.frames.mu.Unlock()
	}
	return f, nil
}

// withLinks returns the site pages' links the frame shows, noting their
// tag on the page being built with ctx.
func (f frame) withLinks(ctx context.Context) []content.SitePageLink {
	note(ctx, store.TagSitePageLinks)
	return f.links
}

// siteName is the site's name in lang: the one set in the back office, or
// the catalogue's.
func (f frame) siteName(h *Handler, lang content.Lang) string {
	if s := f.title.In(lang); s != "" {
		return s
	}
	return h.printer(lang).T("site.name")
}
