package web

import (
	"context"
	"html/template"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// showSeries answers GET /{lang}/series/{slug}: the introduction and the
// episodes in their order, a page at a time as other listings.
func (h *Handler) showSeries(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serveListing(w, r, lang, func(ctx context.Context) (*listing, error) {
		slug := r.PathValue("slug")
		if !content.ValidSlug(slug) {
			return nil, content.ErrNotFound // never a slug: keep it from the database
		}
		s, err := h.st.SeriesBySlug(ctx, lang, slug)
		if err != nil {
			return nil, err
		}
		return &listing{
			path:    urls.Series(lang, s.Slugs.In(lang)),
			altPath: urls.Series(lang.Other(), s.Slugs.In(lang.Other())),
			title:   s.Titles.In(lang),
			query:   store.EpisodeQuery{SeriesID: s.ID},
			fill: func(v *ListPage) {
				v.Intro = template.HTML(s.IntrosHTML.In(lang)) // sanitised when saved
				v.Description = h.cfg.Text(s.Intros.In(lang))
				v.Subscribe = h.listSubscribe(lang, "subscribe.follow_series", "series-"+s.Slugs.In(lang), func(f string) string { return urls.SeriesFeed(lang, s.Slugs.In(lang), f) })
			},
			feeds: func(site string) []FeedLink {
				return h.sectionFeeds(lang, site, "feed.channel_series", s.Titles.In(lang), func(f string) string { return urls.SeriesFeed(lang, s.Slugs.In(lang), f) })
			},
		}, nil
	})
}
