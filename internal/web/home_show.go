package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// showHome answers GET /{lang}/: the latest episodes as cards, filtered by
// kind and topic, paginated — plain links and a GET form, no JavaScript.
func (h *Handler) showHome(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	q := r.URL.Query()
	kind, kindOK := content.ParseKind(q.Get("kind"))
	if q.Get("kind") != "" && !kindOK {
		kind = "" // an unknown kind shows all kinds rather than an error
	}
	page, ok := pageParam(q.Get("page"))
	if !ok {
		h.notFound(w, r, lang)
		return
	}
	topicSlug := q.Get("topic")
	maxMinutes := 0
	if m, err := strconv.Atoi(q.Get("minutes")); err == nil && m > 0 && m <= 240 {
		maxMinutes = m
	}
	untranslated := q.Get("notice") == "untranslated"
	key := withQuery(urls.Home(lang), "kind", string(kind), "topic", topicSlug, "minutes", itoa(maxMinutes), "page", pageValue(page), "notice", q.Get("notice"))
	if len(topicSlug) > 80 {
		h.notFound(w, r, lang)
		return
	}

	h.serve(w, r, lang, key, func(ctx context.Context) (rendered, error) {
		p := h.printer(lang)
		now := h.cfg.Now()
		topics, err := h.st.Topics(ctx)
		if err != nil {
			return rendered{}, err
		}
		var topic *content.Topic
		for i := range topics {
			if topics[i].Slugs.In(lang) == topicSlug {
				topic = &topics[i]
			}
		}
		if topicSlug != "" && topic == nil {
			return rendered{}, content.ErrNotFound
		}
		eq := store.EpisodeQuery{Lang: lang, Now: now, Kind: kind, MaxMinutes: maxMinutes, Limit: h.cfg.PageSize, Offset: (page - 1) * h.cfg.PageSize, Cards: true}
		altTopic := ""
		if topic != nil {
			eq.TopicID = topic.ID
			altTopic = topic.Slugs.In(lang.Other())
		}
		res, err := h.st.Episodes(ctx, eq)
		if err != nil {
			return rendered{}, err
		}
		if page > 1 && len(res.Episodes) == 0 {
			return rendered{}, content.ErrNotFound
		}
		alt := withQuery(urls.Home(lang.Other()), "kind", string(kind), "topic", altTopic, "minutes", itoa(maxMinutes))
		c, err := h.common(ctx, lang, urls.Home(lang), p.T("list.latest"), alt)
		if err != nil {
			return rendered{}, err
		}
		c.Title = ""
		c.Modified = newest(res.Episodes)
		// Filtered and paged views are the home page (their canonical): its
		// counterpart is the other language's home.
		c.AltCanonical = h.abs(urls.Home(lang.Other()))
		c.Description = p.T("site.tagline")
		c.JSONLD = jsonLD(h.websiteLD(lang, c.SiteName))
		if untranslated {
			c.Flash = p.T("notice.missing_counterpart")
			c.NoIndex = true
			c.AltCanonical = ""
		}
		view := ListPage{
			Common:   c,
			Heading:  p.T("list.latest"),
			Cards:    cards(res.Episodes, lang),
			Total:    res.Total,
			EmptyKey: "list.empty",
			Filters:  h.filters(lang, kind, topicSlug, maxMinutes, topics),
		}
		if err := h.withCardPictures(ctx, view.Cards, firstRow); err != nil {
			return rendered{}, err
		}
		view.Pager = pager(page, res.Total, h.cfg.PageSize, func(n int) string {
			return withQuery(urls.Home(lang), "kind", string(kind), "topic", topicSlug, "minutes", itoa(maxMinutes), "page", pageValue(n))
		})
		return h.render(lang, "list", http.StatusOK, view)
	})
}

func (h *Handler) filters(lang content.Lang, kind content.Kind, topicSlug string, maxMinutes int, topics []content.Topic) *Filters {
	p := h.printer(lang)
	f := &Filters{Action: urls.Home(lang), Kind: kind, Topic: topicSlug}
	f.Kinds = append(f.Kinds, Option{Value: "", Label: p.T("kind.all"), Selected: kind == ""})
	for _, k := range content.Kinds {
		f.Kinds = append(f.Kinds, Option{Value: string(k), Label: p.T(kindKeys[k]), Selected: k == kind})
	}
	f.Topics = append(f.Topics, Option{Value: "", Label: p.T("list.all_topics"), Selected: topicSlug == ""})
	for _, t := range topics {
		s := t.Slugs.In(lang)
		f.Topics = append(f.Topics, Option{Value: s, Label: t.Names.In(lang), Selected: s == topicSlug})
	}
	sortOptions(f.Topics[1:], lang)
	f.Durations = append(f.Durations, Option{Value: "", Label: p.T("search.any_length"), Selected: maxMinutes == 0})
	for _, m := range durationChoices {
		f.Durations = append(f.Durations, Option{Value: strconv.Itoa(m), Label: p.T("search.at_most", "n", m), Selected: m == maxMinutes})
	}
	return f
}

// pageParam reads ?page=N (empty means 1).
func pageParam(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100000 {
		return 0, false
	}
	return n, true
}

// pageValue is the ?page value for page n (page 1 has none).
func pageValue(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// pagerWindow is how many page numbers the pager shows on each side of
// the current page, besides the first and the last.
const pagerWindow = 2

// pager builds the pagination of a listing: the previous and next pages,
// and the numbers of the first and last pages and of those around the
// current one, with a gap where numbers are left out, so that a long
// listing has a short pager.
func pager(page, total, size int, url func(int) string) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	p := Pager{Page: page, Pages: pages}
	if page > 1 {
		p.Prev = url(page - 1)
	}
	if page < pages {
		p.Next = url(page + 1)
	}
	if pages > 1 {
		shown := func(n int) bool { return n == 1 || n == pages || (n >= page-pagerWindow && n <= page+pagerWindow) }
		for n := 1; n <= pages; n++ {
			switch {
			case shown(n) || (shown(n-1) && shown(n+1)): // a gap of one number shows the number
				p.Numbers = append(p.Numbers, PageLink{N: n, URL: url(n), Current: n == page})
			default:
				p.Numbers = append(p.Numbers, PageLink{Gap: true})
				for n+1 < pages && !shown(n+1) {
					n++
				}
			}
		}
	}
	return p
}
