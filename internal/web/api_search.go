package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// apiPageSize is how many results one page of the JSON search holds.
const apiPageSize = 20

// SearchJSON is the JSON form of a search: GET /api/v1/search?lang=en&q=…
// with the same filters as the page (kind, topic, series, minutes, sort,
// page).
type SearchJSON struct {
	Query      string `json:"query"`
	Lang       string `json:"lang"`
	Total      int    `json:"total"`
	Page       int    `json:"page"`
	PageSize   int    `json:"page_size"`
	Suggestion string `json:"suggestion,omitempty"`
	// LeftOut lists the words (as typed) the results leave out: when no
	// episode has every word, the results are those of all the words but
	// one. Absent for results of every word.
	LeftOut []string `json:"left_out,omitempty"`
	// OtherLang is, when no episode has every word in lang, how many do in
	// the other language, and that search.
	OtherLang *OtherLangJSON     `json:"other_lang,omitempty"`
	Results   []SearchResultJSON `json:"results"`
	Topics    []TopicCountJSON   `json:"topics"`
}

// OtherLangJSON points at the same search in the other language.
type OtherLangJSON struct {
	Lang  string `json:"lang"`
	Total int    `json:"total"`
	URL   string `json:"url"` // the search page
	API   string `json:"api"` // this API
}

// SearchResultJSON is one hit.
type SearchResultJSON struct {
	ID          int64         `json:"id"`
	Title       string        `json:"title"`
	URL         string        `json:"url"`
	Kind        content.Kind  `json:"kind"`
	Minutes     int           `json:"minutes"`
	Summary     string        `json:"summary"`
	Published   string        `json:"published"`
	Topic       string        `json:"topic,omitempty"`
	Snippet     []SegmentJSON `json:"snippet"`
	Counterpart string        `json:"counterpart_url,omitempty"`
}

// SegmentJSON is a piece of the excerpt; match marks searched words.
type SegmentJSON struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// TopicCountJSON is how many hits a topic has.
type TopicCountJSON struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// apiSearch answers GET /api/v1/search.
func (h *Handler) apiSearch(w http.ResponseWriter, r *http.Request) {
	lang, ok := content.ParseLang(r.URL.Query().Get("lang"))
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "lang must be en or fr"})
		return
	}
	p, ok := readSearchParams(r)
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad page, topic or series"})
		return
	}
	out, err := h.runSearch(r.Context(), lang, p, apiPageSize)
	if err != nil {
		if errors.Is(err, content.ErrNotFound) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown topic or series"})
			return
		}
		h.log.ErrorContext(r.Context(), "api search failed", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	res := SearchJSON{Query: p.Q, Lang: string(lang), Total: out.result.Total, Page: p.Page, PageSize: apiPageSize,
		Suggestion: out.suggestion, LeftOut: out.leftOut, Results: []SearchResultJSON{}, Topics: []TopicCountJSON{}}
	other := lang.Other()
	if out.otherTotal > 0 {
		page := out.otherURL(lang)
		api := "/api/v1/search?lang=" + string(other)
		if _, rest, ok := strings.Cut(page, "?"); ok {
			api += "&" + rest
		}
		res.OtherLang = &OtherLangJSON{Lang: string(other), Total: out.otherTotal, URL: h.abs(page), API: h.abs(api)}
	}
	for _, hit := range out.result.Hits {
		v := hit.Episode.Version(lang)
		if v == nil {
			continue
		}
		c := card(hit.Episode, lang)
		item := SearchResultJSON{ID: hit.Episode.ID, Title: typeset(lang, v.Title), URL: h.abs(c.URL), Kind: hit.Episode.Kind, Minutes: c.Minutes,
			Summary: typeset(lang, v.Summary), Published: hit.Episode.PublishedAt.UTC().Format("2006-01-02T15:04:05Z"), Snippet: []SegmentJSON{}}
		if c.Topic != nil {
			item.Topic = typeset(lang, c.Topic.Label)
		}
		for _, s := range searchSnippet(lang, hit.Text, out.terms()) {
			item.Snippet = append(item.Snippet, SegmentJSON(s))
		}
		if o := hit.Episode.Version(other); o != nil {
			item.Counterpart = h.abs(urls.Episode(other, o.Slug))
		}
		res.Results = append(res.Results, item)
	}
	for _, t := range out.topics {
		if n := out.result.TopicCounts[t.ID]; n > 0 {
			res.Topics = append(res.Topics, TopicCountJSON{Slug: t.Slugs.In(lang), Name: typeset(lang, t.Names.In(lang)), Count: n})
		}
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, res)
}
