package web

import (
	"context"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// listTopics answers GET /en/topics and /fr/sujets.
func (h *Handler) listTopics(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serveIndex(w, r, lang, urls.Topics(lang), urls.Topics(lang.Other()), "nav.topics", func(ctx context.Context) ([]IndexItem, error) {
		topics, err := h.st.Topics(ctx)
		if err != nil {
			return nil, err
		}
		var items []IndexItem
		for _, t := range topics {
			n, mod, err := h.count(ctx, lang, store.EpisodeQuery{TopicID: t.ID})
			if err != nil {
				return nil, err
			}
			items = append(items, IndexItem{Label: t.Names.In(lang), URL: urls.Topic(lang, t.Slugs.In(lang)), Description: t.Descriptions.In(lang), Count: n, Modified: mod})
		}
		sortItems(items, lang)
		return items, nil
	})
}
