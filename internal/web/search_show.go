package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/typography"
	"github.com/busrides/busrides/internal/urls"
)

// snippetWords is the length of a result's excerpt.
const snippetWords = 30

// durationChoices are the "at most N minutes" options of search and lists.
var durationChoices = []int{5, 10, 15}

// searchParams is a search request, read from the query string.
type searchParams struct {
	Q          string
	Kind       content.Kind
	Topic      string // slug in the page's language
	Series     string // slug in the page's language
	MaxMinutes int
	ByDate     bool
	Page       int
}

func readSearchParams(r *http.Request) (searchParams, bool) {
	v := r.URL.Query()
	p := searchParams{Q: v.Get("q"), Topic: v.Get("topic"), Series: v.Get("series"), ByDate: v.Get("sort") == "date"}
	p.Kind, _ = content.ParseKind(v.Get("kind"))
	if m, err := strconv.Atoi(v.Get("minutes")); err == nil && m > 0 && m <= 240 {
		p.MaxMinutes = m
	}
	page, ok := pageParam(v.Get("page"))
	p.Page = page
	if len(p.Topic) > 80 || len(p.Series) > 80 {
		return p, false
	}
	return p, ok
}

// url is the search page for these parameters (page n).
func (p searchParams) url(base string, n int) string {
	sort := ""
	if p.ByDate {
		sort = "date"
	}
	return withQuery(base, "q", p.Q, "kind", string(p.Kind), "topic", p.Topic, "series", p.Series,
		"minutes", itoa(p.MaxMinutes), "sort", sort, "page", pageValue(n))
}

// runSearch analyses the query and asks the store, resolving topic and
// series slugs; it also finds a "Did you mean" when nothing matched.
func (h *Handler) runSearch(ctx context.Context, lang content.Lang, p searchParams, limit int) (*searchOutcome, error) {
	out := &searchOutcome{params: p, query: search.ParseQuery(string(lang), p.Q)}
	topics, err := h.st.Topics(ctx)
	if err != nil {
		return nil, err
	}
	out.topics = topics
	q := store.SearchQuery{Lang: lang, Now: h.cfg.Now(), Terms: out.query.Terms, Kind: p.Kind, MaxMinutes: p.MaxMinutes,
		ByDate: p.ByDate, Limit: limit, Offset: (p.Page - 1) * limit}
	if p.Topic != "" {
		for _, t := range topics {
			if t.Slugs.In(lang) == p.Topic {
				q.TopicID = t.ID
			}
		}
		if q.TopicID == 0 {
			return nil, content.ErrNotFound
		}
	}
	series, err := h.st.SeriesList(ctx)
	if err != nil {
		return nil, err
	}
	out.series = series
	if p.Series != "" {
		for _, s := range series {
			if s.Slugs.In(lang) == p.Series {
				q.SeriesID = s.ID
			}
		}
		if q.SeriesID == 0 {
			return nil, content.ErrNotFound
		}
	}
	if out.query.Empty() {
		return out, nil
	}
	out.result, err = h.st.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	if out.result.Total == 0 {
		wl, err := h.words.list(ctx, h, lang)
		if err != nil {
			return nil, err
		}
		if s, ok := search.Suggest(string(lang), p.Q, wl); ok {
			out.suggestion = s
		}
		// The same search in the other language, counted only.
		oq := q
		oq.Lang, oq.Terms, oq.Limit, oq.Offset = lang.Other(), search.ParseQuery(string(lang.Other()), p.Q).Terms, 1, 0
		if len(oq.Terms) > 0 {
			res, err := h.st.Search(ctx, oq)
			if err != nil {
				return nil, err
			}
			out.otherTotal = res.Total
		}
		if err := h.partialSearch(ctx, out, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// partialSearch looks, for a query of several words that found nothing,
// for the results of all its words but one: the word whose leaving out
// finds the most (the last typed among equals). When one does, its page
// replaces the empty result and out.leftOut names the word as typed.
func (h *Handler) partialSearch(ctx context.Context, out *searchOutcome, q store.SearchQuery) error {
	terms := out.query.Terms
	if len(terms) < 2 {
		return nil
	}
	best, bestTotal := -1, 0
	for i := len(terms) - 1; i >= 0; i-- {
		cq := q
		cq.Terms = slices.Delete(slices.Clone(terms), i, i+1)
		cq.Limit, cq.Offset = 1, 0 // counted only
		res, err := h.st.Search(ctx, cq)
		if err != nil {
			return err
		}
		if res.Total > bestTotal {
			best, bestTotal = i, res.Total
		}
	}
	if best < 0 {
		return nil
	}
	q.Terms = slices.Delete(slices.Clone(terms), best, best+1)
	res, err := h.st.Search(ctx, q)
	if err != nil {
		return err
	}
	out.result, out.leftOut, out.matched = res, []string{out.query.Typed[best]}, q.Terms
	return nil
}

type searchOutcome struct {
	params     searchParams
	query      search.Query
	result     store.SearchResult
	topics     []content.Topic
	series     []content.Series
	suggestion string
	// otherTotal is, when nothing matched every word, how many episodes
	// match them in the other language.
	otherTotal int
	// leftOut are the words (as typed) a partial result leaves out, and
	// matched the terms it was searched for; both nil for a full result.
	leftOut []string
	matched []string
}

// terms are the terms the result was found with: all the query's, or those
// of a partial result.
func (o *searchOutcome) terms() []string {
	if o.matched != nil {
		return o.matched
	}
	return o.query.Terms
}

// otherURL is the search page in the other language for the same query
// and filters (topic and series by their slugs in that language).
func (o *searchOutcome) otherURL(lang content.Lang) string {
	other := lang.Other()
	op := o.params
	op.Page = 1
	if op.Topic != "" {
		for _, t := range o.topics {
			if t.Slugs.In(lang) == op.Topic {
				op.Topic = t.Slugs.In(other)
			}
		}
	}
	if op.Series != "" {
		for _, s := range o.series {
			if s.Slugs.In(lang) == op.Series {
				op.Series = s.Slugs.In(other)
			}
		}
	}
	return op.url(urls.Search(other), 1)
}

// wordLists keeps each language's indexed words in memory for suggestions,
// rebuilt when the content generation moves.
type wordLists struct {
	mu    sync.Mutex
	gen   map[content.Lang]int64
	lists map[content.Lang]*search.WordList
}

func (w *wordLists) list(ctx context.Context, h *Handler, lang content.Lang) (*search.WordList, error) {
	gen := int64(-1)
	if h.cfg.Cache != nil {
		gen = h.cfg.Cache.Generation()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lists == nil {
		w.lists, w.gen = map[content.Lang]*search.WordList{}, map[content.Lang]int64{}
	}
	if l := w.lists[lang]; l != nil && gen >= 0 && w.gen[lang] == gen {
		return l, nil
	}
	words, err := h.st.SearchWords(ctx, lang)
	if err != nil {
		return nil, err
	}
	l := search.NewWordList(words)
	w.lists[lang], w.gen[lang] = l, gen
	return l, nil
}

// showSearch answers GET /en/search and /fr/recherche: results as cards
// with a highlighted excerpt, filters, topic counts, pagination and a
// suggestion when nothing matched. It works without JavaScript.
func (h *Handler) showSearch(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	p, ok := readSearchParams(r)
	if !ok {
		h.notFound(w, r, lang)
		return
	}
	// Cached like other pages, under the normalised query: a search
	// repeated is served as stored bytes (gzip-compressed), and any change
	// to a live episode drops it (it reads through the tagging store).
	h.serve(w, r, lang, p.url(urls.Search(lang), p.Page), func(ctx context.Context) (rendered, error) {
		view, err := h.searchView(ctx, lang, p)
		if err != nil {
			return rendered{}, err
		}
		return h.render(lang, "search", http.StatusOK, view)
	})
}

// searchView runs the search and builds its page; a page past the last is
// content.ErrNotFound.
func (h *Handler) searchView(ctx context.Context, lang content.Lang, p searchParams) (*SearchPage, error) {
	out, err := h.runSearch(ctx, lang, p, h.cfg.PageSize)
	if err != nil {
		return nil, err
	}
	if p.Page > 1 && len(out.result.Hits) == 0 {
		return nil, content.ErrNotFound
	}
	pr := h.printer(lang)
	other := lang.Other()
	c, err := h.common(ctx, lang, urls.Search(lang), "", urls.Search(other)+"?q="+urlQueryEscape(p.Q))
	if err != nil {
		return nil, err
	}
	c.Title = pr.T("search.title", "site", c.SiteName)
	c.NoIndex = true
	if p.Q != "" {
		c.Title = pr.T("search.results_title", "q", truncate(p.Q, 80))
	}
	view := &SearchPage{Common: c, Query: p.Q, Action: urls.Search(lang), Searched: !out.query.Empty(), Total: out.result.Total}
	view.Filters = h.searchFilters(lang, out)
	for _, hit := range out.result.Hits {
		if hit.Episode.Version(lang) == nil {
			continue
		}
		res := SearchResultView{Card: card(hit.Episode, lang)}
		res.Snippet = searchSnippet(lang, hit.Text, out.terms())
		if o := hit.Episode.Version(other); o != nil {
			res.AltURL, res.AltTitle = urls.Episode(other, o.Slug), o.Title
		}
		view.Results = append(view.Results, res)
	}
	if out.suggestion != "" {
		sp := p
		sp.Q, sp.Page = out.suggestion, 1
		view.Suggestion, view.SuggestionURL = out.suggestion, sp.url(urls.Search(lang), 1)
	}
	if out.otherTotal > 0 {
		view.OtherTotal, view.OtherURL = out.otherTotal, out.otherURL(lang)
	}
	view.LeftOut = strings.Join(out.leftOut, ", ")
	view.Pager = pager(p.Page, out.result.Total, h.cfg.PageSize, func(n int) string { return p.url(urls.Search(lang), n) })
	return view, nil
}

func (h *Handler) searchFilters(lang content.Lang, out *searchOutcome) SearchFilters {
	pr := h.printer(lang)
	p := out.params
	f := SearchFilters{ByDate: p.ByDate}
	f.Kinds = append(f.Kinds, Option{Value: "", Label: pr.T("kind.all"), Selected: p.Kind == ""})
	for _, k := range content.Kinds {
		f.Kinds = append(f.Kinds, Option{Value: string(k), Label: pr.T(kindKeys[k]), Selected: k == p.Kind})
	}
	f.Topics = append(f.Topics, Option{Value: "", Label: pr.T("list.all_topics"), Selected: p.Topic == ""})
	for _, t := range out.topics {
		label := t.Names.In(lang)
		if out.query.Terms != nil {
			label = pr.T("search.topic_count", "name", label, "n", out.result.TopicCounts[t.ID])
		}
		f.Topics = append(f.Topics, Option{Value: t.Slugs.In(lang), Label: label, Selected: t.Slugs.In(lang) == p.Topic})
	}
	sortOptions(f.Topics[1:], lang)
	f.Series = append(f.Series, Option{Value: "", Label: pr.T("search.all_series"), Selected: p.Series == ""})
	for _, s := range out.series {
		f.Series = append(f.Series, Option{Value: s.Slugs.In(lang), Label: s.Titles.In(lang), Selected: s.Slugs.In(lang) == p.Series})
	}
	f.Durations = append(f.Durations, Option{Value: "", Label: pr.T("search.any_length"), Selected: p.MaxMinutes == 0})
	for _, m := range durationChoices {
		f.Durations = append(f.Durations, Option{Value: strconv.Itoa(m), Label: pr.T("search.at_most", "n", m), Selected: m == p.MaxMinutes})
	}
	return f
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func urlQueryEscape(s string) string {
	return strings.ReplaceAll(withQuery("", "q", s), "?q=", "")
}

// searchSnippet is a hit's excerpt around the searched words, French in
// the French convention (the excerpt's spaces are collapsed, no-break ones
// included).
func searchSnippet(lang content.Lang, text string, terms []string) []Segment {
	segs := search.Snippet(string(lang), text, terms, snippetWords)
	texts := make([]string, len(segs))
	for i, seg := range segs {
		texts[i] = seg.Text
	}
	if lang == content.French {
		texts = typography.FrenchParts(texts)
	}
	var out []Segment
	for i, seg := range segs {
		out = append(out, Segment{Text: texts[i], Match: seg.Match})
	}
	return out
}

// typeset gives French text the French convention (internal/typography);
// English is returned as it is. Pages get it whole (Handler.page); feeds
// and the JSON search take it field by field.
func typeset(lang content.Lang, s string) string {
	if lang == content.French {
		return typography.French(s)
	}
	return s
}
