package web

import (
	"context"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// showTopic answers GET /en/topics/{slug} and /fr/sujets/{slug}.
func (h *Handler) showTopic(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serveListing(w, r, lang, func(ctx context.Context) (*listing, error) {
		slug := r.PathValue("slug")
		if !content.ValidSlug(slug) {
			return nil, content.ErrNotFound // never a slug: keep it from the database
		}
		t, err := h.st.TopicBySlug(ctx, lang, slug)
		if err != nil {
			return nil, err
		}
		return &listing{
			path:    urls.Topic(lang, t.Slugs.In(lang)),
			altPath: urls.Topic(lang.Other(), t.Slugs.In(lang.Other())),
			title:   t.Names.In(lang),
			query:   store.EpisodeQuery{TopicID: t.ID},
			fill: func(v *ListPage) {
				v.Bio = t.Descriptions.In(lang)
				v.Description = v.Bio
				v.Subjects = []string{t.Names.In(lang)}
				v.Subscribe = h.listSubscribe(lang, "subscribe.follow_topic", "topic-"+t.Slugs.In(lang), func(f string) string { return urls.TopicFeed(lang, t.Slugs.In(lang), f) })
			},
			feeds: func(site string) []FeedLink {
				return h.sectionFeeds(lang, site, "feed.channel_topic", t.Names.In(lang), func(f string) string { return urls.TopicFeed(lang, t.Slugs.In(lang), f) })
			},
		}, nil
	})
}
