package web

import (
	"context"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// listAuthors answers GET /en/authors and /fr/auteurs.
func (h *Handler) listAuthors(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serveIndex(w, r, lang, urls.Authors(lang), urls.Authors(lang.Other()), "nav.authors", func(ctx context.Context) ([]IndexItem, error) {
		authors, err := h.st.Authors(ctx)
		if err != nil {
			return nil, err
		}
		var items []IndexItem
		for _, a := range authors {
			n, mod, err := h.count(ctx, lang, store.EpisodeQuery{AuthorID: a.ID})
			if err != nil {
				return nil, err
			}
			items = append(items, IndexItem{Label: a.Name, URL: urls.Author(lang, a.Slugs.In(lang)), Description: a.Roles.In(lang), Count: n, Modified: mod})
		}
		return items, nil
	})
}
