package web

import (
	"context"
	"net/http"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// listing is a paginated list of episodes on a topic, author or series page.
type listing struct {
	path    string // this page, without query
	altPath string // the counterpart page
	title   string
	query   store.EpisodeQuery
	fill    func(*ListPage) // adds the page's own parts (intro, bio…)
	// entity is what the page is about, for JSON-LD (a Person on author
	// pages); nil for none. page is its schema.org page type.
	entity any
	page   string
	// feeds are the page's own feeds (a topic's, a series'), after the
	// site's, named with the site's name.
	feeds func(site string) []FeedLink
	// author is whose page this is, for the photo; nil elsewhere.
	author *content.Author
}

// serveListing answers a topic, author or series page.
func (h *Handler) serveListing(w http.ResponseWriter, r *http.Request, lang content.Lang, find func(ctx context.Context) (*listing, error)) {
	page, ok := pageParam(r.URL.Query().Get("page"))
	if !ok {
		h.notFound(w, r, lang)
		return
	}
	key := withQuery(r.URL.Path, "page", pageValue(page))
	h.serve(w, r, lang, key, func(ctx context.Context) (rendered, error) {
		l, err := find(ctx)
		if err != nil {
			return rendered{}, err
		}
		q := l.query
		q.Lang, q.Now, q.Cards = lang, h.cfg.Now(), true
		q.Limit, q.Offset = h.cfg.PageSize, (page-1)*h.cfg.PageSize
		res, err := h.st.Episodes(ctx, q)
		if err != nil {
			return rendered{}, err
		}
		if page > 1 && len(res.Episodes) == 0 {
			return rendered{}, content.ErrNotFound
		}
		c, err := h.common(ctx, lang, l.path, l.title, l.altPath)
		if err != nil {
			return rendered{}, err
		}
		c.AltCanonical = h.abs(l.altPath)
		c.Modified = newest(res.Episodes)
		c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
		if l.feeds != nil {
			c.Feeds = append(c.Feeds, l.feeds(c.SiteName)...)
		}
		view := ListPage{Common: c, Heading: l.title, Cards: cards(res.Episodes, lang), Total: res.Total, EmptyKey: "list.empty_section"}
		// The cards' images and the author's photo: one query.
		images := cardImageURLs(view.Cards)
		if l.author != nil {
			images = append(images, l.author.Photo)
		}
		sets, err := h.imageSets(ctx, images)
		if err != nil {
			return rendered{}, err
		}
		setCardPictures(view.Cards, sets, firstRow)
		if l.author != nil {
			view.Photo = authorPhoto(*l.author, sets, false)
		}
		view.Pager = pager(page, res.Total, h.cfg.PageSize, func(n int) string { return withQuery(l.path, "page", pageValue(n)) })
		if q.SeriesID != 0 {
			view.Ordered, view.Start = true, q.Offset+1 // a series in its order, page by page
		}
		if l.fill != nil {
			l.fill(&view)
		}
		typ := l.page
		if typ == "" {
			typ = "CollectionPage"
		}
		view.JSONLD = jsonLD(h.pageLD(view.Common, typ, l.entity), h.breadcrumbLD(view.Common))
		return h.render(lang, "list", http.StatusOK, view)
	})
}

// serveIndex answers the topics, authors and series indexes.
func (h *Handler) serveIndex(w http.ResponseWriter, r *http.Request, lang content.Lang, path, altPath, titleKey string, items func(ctx context.Context) ([]IndexItem, error)) {
	h.serve(w, r, lang, path, func(ctx context.Context) (rendered, error) {
		list, err := items(ctx)
		if err != nil {
			return rendered{}, err
		}
		p := h.printer(lang)
		c, err := h.common(ctx, lang, path, p.T(titleKey), altPath)
		if err != nil {
			return rendered{}, err
		}
		c.AltCanonical = h.abs(altPath)
		c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
		for _, it := range list {
			if it.Modified.After(c.Modified) {
				c.Modified = it.Modified
			}
		}
		c.JSONLD = jsonLD(h.pageLD(c, "CollectionPage", nil), h.breadcrumbLD(c))
		return h.render(lang, "index", http.StatusOK, IndexPage{Common: c, Heading: p.T(titleKey), Items: list})
	})
}

// count returns how many live episodes in lang match q, and the last
// modification among the first of them (for the index's Date modified).
func (h *Handler) count(ctx context.Context, lang content.Lang, q store.EpisodeQuery) (int, time.Time, error) {
	q.Lang, q.Now, q.Limit, q.Cards = lang, h.cfg.Now(), 1, true
	res, err := h.st.Episodes(ctx, q)
	return res.Total, newest(res.Episodes), err
}
