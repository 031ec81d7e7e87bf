package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// GlossaryPage is the view of the glossary.
type GlossaryPage struct {
	Common
	Entries []GlossaryEntry
}

// GlossaryEntry is one term: in the page's language, in the other
// official language, and its definition in the page's language.
type GlossaryEntry struct {
	ID                    string // anchor
	Term, Other, OtherTag string
	Definition            []string // its lines (plain text; "" for none)
}

// showGlossary answers GET /en/glossary and /fr/glossaire: every term in
// alphabetical order of the page's language, with its counterpart in the
// other official language.
func (h *Handler) showGlossary(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	h.serve(w, r, lang, urls.Glossary(lang), func(ctx context.Context) (rendered, error) {
		terms, err := h.st.GlossaryTerms(ctx, lang)
		if err != nil {
			return rendered{}, err
		}
		p := h.printer(lang)
		c, err := h.common(ctx, lang, urls.Glossary(lang), p.T("glossary.title"), urls.Glossary(lang.Other()))
		if err != nil {
			return rendered{}, err
		}
		c.AltCanonical = h.abs(urls.Glossary(lang.Other()))
		c.Description = p.T("glossary.intro", "site", c.SiteName)
		c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
		view := GlossaryPage{Common: c}
		for _, g := range terms {
			if g.UpdatedAt.After(view.Modified) {
				view.Modified = g.UpdatedAt
			}
			view.Entries = append(view.Entries, GlossaryEntry{ID: "term-" + strconv.FormatInt(g.ID, 10), Term: g.Terms.In(lang),
				Other: g.Terms.In(lang.Other()), OtherTag: lang.Other().Tag(), Definition: definitionLines(g.Definitions.In(lang))})
		}
		view.JSONLD = jsonLD(h.pageLD(view.Common, "WebPage", nil), h.breadcrumbLD(view.Common))
		return h.render(lang, "glossary", http.StatusOK, view)
	})
}

// definitionLines splits a plain-text definition at its line breaks.
func definitionLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
