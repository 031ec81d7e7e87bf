package web

import (
	"context"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// listSeries answers GET /{lang}/series.
func (h *Handler) listSeries(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serveIndex(w, r, lang, urls.SeriesIndex(lang), urls.SeriesIndex(lang.Other()), "nav.series", func(ctx context.Context) ([]IndexItem, error) {
		list, err := h.st.SeriesList(ctx)
		if err != nil {
			return nil, err
		}
		var items []IndexItem
		for _, s := range list {
			n, mod, err := h.count(ctx, lang, store.EpisodeQuery{SeriesID: s.ID})
			if err != nil {
				return nil, err
			}
			items = append(items, IndexItem{Label: s.Titles.In(lang), URL: urls.Series(lang, s.Slugs.In(lang)), Description: firstLine(s.Intros.In(lang)), Count: n, Modified: mod})
		}
		sortItems(items, lang)
		return items, nil
	})
}
