package web

import (
	"context"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// showAuthor answers GET /en/authors/{slug} and /fr/auteurs/{slug}: the bio
// in the page's language, the photo, and the author's episodes.
func (h *Handler) showAuthor(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serveListing(w, r, lang, func(ctx context.Context) (*listing, error) {
		slug := r.PathValue("slug")
		if !content.ValidSlug(slug) {
			return nil, content.ErrNotFound // never a slug: keep it from the database
		}
		a, err := h.st.AuthorBySlug(ctx, lang, slug)
		if err != nil {
			return nil, err
		}
		return &listing{
			path:    urls.Author(lang, a.Slugs.In(lang)),
			altPath: urls.Author(lang.Other(), a.Slugs.In(lang.Other())),
			title:   a.Name,
			query:   store.EpisodeQuery{AuthorID: a.ID},
			fill: func(v *ListPage) {
				v.Bio, v.Role, v.Description = a.Bios.In(lang), a.Roles.In(lang), a.Bios.In(lang)
				v.Heading = a.Name
			},
			page:   "ProfilePage",
			entity: h.personLD(*a, lang),
			author: a,
		}, nil
	})
}
