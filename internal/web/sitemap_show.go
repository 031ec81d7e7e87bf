package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/feed"
	"github.com/busrides/busrides/internal/urls"
)

// showSitemap answers GET /sitemap.xml: every public page with its
// counterpart as hreflang alternates. Past 50,000 URLs it is a sitemap index
// of /sitemaps/N.xml files.
func (h *Handler) showSitemap(w http.ResponseWriter, r *http.Request) {
	h.serveDocument(w, r, content.English, urls.Sitemap, "application/xml; charset=utf-8", func(ctx context.Context) ([]byte, error) {
		locs, err := h.sitemapURLs(ctx)
		if err != nil {
			return nil, err
		}
		parts := feed.SplitSitemap(locs)
		if len(parts) <= 1 {
			return feed.Sitemap(locs)
		}
		refs := make([]feed.SitemapRef, len(parts))
		for i, part := range parts {
			refs[i] = feed.SitemapRef{Loc: h.abs(SitemapPartURL(i + 1)), LastMod: lastMod(part)}
		}
		return feed.SitemapIndex(refs)
	})
}

// SitemapPartURL is part n of a sitemap too large for one file.
func SitemapPartURL(n int) string { return "/sitemaps/" + strconv.Itoa(n) + ".xml" }

// showSitemapPart answers GET /sitemaps/{n}.xml, a part of a large sitemap.
func (h *Handler) showSitemapPart(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".xml"))
	if err != nil || n < 1 || !strings.HasSuffix(r.PathValue("file"), ".xml") {
		h.NotFound(w, r)
		return
	}
	h.serveDocument(w, r, content.English, r.URL.Path, "application/xml; charset=utf-8", func(ctx context.Context) ([]byte, error) {
		locs, err := h.sitemapURLs(ctx)
		if err != nil {
			return nil, err
		}
		parts := feed.SplitSitemap(locs)
		if len(parts) <= 1 || n > len(parts) {
			return nil, content.ErrNotFound
		}
		return feed.Sitemap(parts[n-1])
	})
}

func lastMod(locs []feed.SitemapURL) time.Time {
	var t time.Time
	for _, u := range locs {
		if u.LastMod.After(t) {
			t = u.LastMod
		}
	}
	return t
}

// sitemapURLs lists every public page once per language, each with its
// counterpart (when it exists) as alternates.
func (h *Handler) sitemapURLs(ctx context.Context) ([]feed.SitemapURL, error) {
	var locs []feed.SitemapURL
	pair := func(en, fr string, mod time.Time, xDefault bool) {
		alts := []feed.Alternate{}
		if en != "" {
			alts = append(alts, feed.Alternate{Hreflang: content.English.Tag(), Href: h.abs(en)})
		}
		if fr != "" {
			alts = append(alts, feed.Alternate{Hreflang: content.French.Tag(), Href: h.abs(fr)})
		}
		if xDefault {
			alts = append(alts, feed.Alternate{Hreflang: "x-default", Href: h.abs("/")})
		}
		if len(alts) == 1 {
			alts = nil // a page alone in its language has no alternates
		}
		for _, loc := range []string{en, fr} {
			if loc != "" {
				locs = append(locs, feed.SitemapURL{Loc: h.abs(loc), LastMod: mod, Alternates: alts})
			}
		}
	}
	links, err := h.st.EpisodeLinks(ctx, h.cfg.Now())
	if err != nil {
		return nil, err
	}
	var newestAll time.Time
	for _, l := range links {
		if l.ModifiedAt.After(newestAll) {
			newestAll = l.ModifiedAt
		}
	}
	pair(urls.Home(content.English), urls.Home(content.French), newestAll, true)
	pair(urls.Topics(content.English), urls.Topics(content.French), newestAll, false)
	pair(urls.SeriesIndex(content.English), urls.SeriesIndex(content.French), newestAll, false)
	pair(urls.Authors(content.English), urls.Authors(content.French), newestAll, false)
	pair(urls.Privacy(content.English), urls.Privacy(content.French), privacyModified, false)
	pair(urls.Subscribe(content.English), urls.Subscribe(content.French), subscribeModified, false)
	terms, err := h.st.GlossaryTerms(ctx, content.English)
	if err != nil {
		return nil, err
	}
	var glossaryModified time.Time
	for _, t := range terms {
		if t.UpdatedAt.After(glossaryModified) {
			glossaryModified = t.UpdatedAt
		}
	}
	pair(urls.Glossary(content.English), urls.Glossary(content.French), glossaryModified, false)
	// The published site pages, without a date as topics have none: a
	// date would tie every sitemap to each edit of their text.
	pages, err := h.st.SitePageLinks(ctx)
	if err != nil {
		return nil, err
	}
	for _, sp := range pages {
		var en, fr string
		if sp.Slugs.EN != "" {
			en = urls.SitePage(content.English, sp.Slugs.EN)
		}
		if sp.Slugs.FR != "" {
			fr = urls.SitePage(content.French, sp.Slugs.FR)
		}
		pair(en, fr, time.Time{}, false)
	}

	topics, err := h.st.Topics(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range topics {
		pair(urls.Topic(content.English, t.Slugs.EN), urls.Topic(content.French, t.Slugs.FR), time.Time{}, false)
	}
	series, err := h.st.SeriesList(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range series {
		pair(urls.Series(content.English, s.Slugs.EN), urls.Series(content.French, s.Slugs.FR), time.Time{}, false)
	}
	authors, err := h.st.Authors(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range authors {
		pair(urls.Author(content.English, a.Slugs.EN), urls.Author(content.French, a.Slugs.FR), time.Time{}, false)
	}
	for _, l := range links {
		var en, fr string
		if l.Slugs.EN != "" {
			en = urls.Episode(content.English, l.Slugs.EN)
		}
		if l.Slugs.FR != "" {
			fr = urls.Episode(content.French, l.Slugs.FR)
		}
		pair(en, fr, l.ModifiedAt, false)
	}
	return locs, nil
}
