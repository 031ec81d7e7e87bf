package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// seriesURLs are a series' public pages in lang: its page, then its feeds.
func seriesURLs(lang content.Lang, slug string) []string {
	out := []string{urls.Series(lang, slug)}
	for _, f := range urls.FeedFormats {
		out = append(out, urls.SeriesFeed(lang, slug, f))
	}
	return out
}

// listSeries answers GET /admin/series (editors and administrators).
func (h *Handler) listSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ss, err := h.st.SeriesList(r.Context())
	if err != nil {
		return err
	}
	u, err := h.st.TaxonomyUsage(r.Context())
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := TaxListPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_series")), NewURL: "/admin/series/new",
		NewLabel: p.T("admin.series_new"), Empty: p.T("admin.series_none"), NameHeading: p.T("admin.series_title")}
	for _, s := range ss {
		view.Items = append(view.Items, TaxItem{Name: s.Titles.EN, NameFR: s.Titles.FR, URL: "/admin/series/" + strconv.FormatInt(s.ID, 10),
			Slugs: s.Slugs.EN + " / " + s.Slugs.FR, Uses: u.Series[s.ID]})
	}
	view.Flash = doneFlash(p, r)
	return h.page(w, actor.Lang, "admin-series-list", http.StatusOK, view)
}

// newSeries answers GET /admin/series/new.
func (h *Handler) newSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.seriesForm(w, r, actor, content.Series{}, "", nil, "", http.StatusOK)
}

// seriesKind is how series are edited (taxonomy_edit.go); ordering
// their episodes is orderSeries.
func (h *Handler) seriesKind() taxKind[content.Series] {
	return taxKind[content.Series]{
		param: "series", base: "/admin/series",
		fromForm: h.seriesFromForm,
		byID:     h.st.SeriesByID, stamp: content.SeriesStamp,
		keep:   func(s *content.Series, id int64, old content.Series) { s.ID, s.Key = id, old.Key },
		slugs:  func(s content.Series) content.Bilingual { return s.Slugs },
		urls:   seriesURLs,
		create: h.st.CreateSeries, update: h.st.UpdateSeries, delete: h.st.DeleteSeries,
		form: h.seriesForm,
	}
}

// editSeries answers GET /admin/series/{series}: the form and the order of
// its episodes.
func (h *Handler) editSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.seriesKind().edit(h, w, r, actor)
}

// seriesFromForm reads a series as typed and renders its introductions
// (Markdown, sanitised by internal/render as the importer does).
func (h *Handler) seriesFromForm(r *http.Request) (content.Series, map[string]string) {
	s := content.Series{Titles: bilingual(r, "title"), Slugs: bilingual(r, "slug"), Intros: bilingual(r, "intro")}
	var errs map[string]string
	if err := content.PrepareSeries(&s); err != nil {
		errs = validationFields(err)
	}
	if errs == nil {
		errs = map[string]string{}
	}
	for _, lang := range content.Langs {
		field := "intro_" + string(lang)
		if errs[field] != "" {
			continue
		}
		html, err := h.cfg.Render.Render(s.Intros.In(lang), string(lang))
		if err != nil { // too large or too complex to render
			errs[field] = content.TaxErrMarkdown
			continue
		}
		s.IntrosHTML.Set(lang, html)
	}
	if len(errs) == 0 {
		errs = nil
	}
	return s, errs
}

// createSeries answers POST /admin/series.
func (h *Handler) createSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.seriesKind().createItem(h, w, r, actor)
}

// saveSeries answers POST /admin/series/{series}: see taxKind.save.
func (h *Handler) saveSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.seriesKind().save(h, w, r, actor)
}

// deleteSeries answers POST /admin/series/{series}/delete.
func (h *Handler) deleteSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	return h.seriesKind().remove(h, w, r, actor)
}

// orderSeries answers POST /admin/series/{series}/order: either one move
// (move = "<episode id>:up" or ":down", the buttons), or new position
// numbers for every episode (pos-<episode id>). The episodes are then
// numbered 1, 2, 3… in that order. Nothing typed: nothing changes.
func (h *Handler) orderSeries(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	id, ok := pathID(r, "series")
	if !ok {
		return content.ErrNotFound
	}
	if err := h.parseTaxForm(w, r); err != nil {
		return err
	}
	s, err := h.st.SeriesByID(r.Context(), id)
	if err != nil {
		return err
	}
	eps, err := h.st.SeriesEpisodes(r.Context(), id)
	if err != nil {
		return err
	}
	back := "/admin/series/" + strconv.FormatInt(id, 10)
	order := make([]int64, len(eps))
	for i, e := range eps {
		order[i] = e.EpisodeID
	}
	p := h.printer(actor.Lang)
	changed := false
	if mv := r.PostForm.Get("move"); mv != "" {
		epID, dir, _ := strings.Cut(mv, ":")
		eid, err := strconv.ParseInt(epID, 10, 64)
		i := slices.Index(order, eid)
		if err != nil || i < 0 || (dir != "up" && dir != "down") {
			return h.seriesFormOrder(w, r, actor, *s, p.T(content.TaxErrOrder), http.StatusConflict)
		}
		j := i - 1
		if dir == "down" {
			j = i + 1
		}
		if j >= 0 && j < len(order) {
			order[i], order[j] = order[j], order[i]
			changed = true
		}
	} else if r.PostForm.Has("apply") {
		type pos struct {
			id int64
			n  int
		}
		ps := make([]pos, 0, len(order))
		seen := map[int]bool{}
		for _, eid := range order {
			raw := strings.TrimSpace(r.PostForm.Get("pos-" + strconv.FormatInt(eid, 10)))
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 || n > 9999 {
				return h.seriesFormOrder(w, r, actor, *s, p.T(content.TaxErrPosition), http.StatusUnprocessableEntity)
			}
			if seen[n] {
				return h.seriesFormOrder(w, r, actor, *s, p.T(content.TaxErrDuplicatePo), http.StatusUnprocessableEntity)
			}
			seen[n] = true
			ps = append(ps, pos{eid, n})
		}
		slices.SortStableFunc(ps, func(a, b pos) int { return a.n - b.n })
		for i, x := range ps {
			if order[i] != x.id {
				changed = true
			}
			order[i] = x.id
		}
		// Positions that are not 1, 2, 3… are renumbered too.
		for i, e := range eps {
			if e.Position != i+1 {
				changed = true
			}
		}
	}
	if !changed {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	err = h.st.ReorderSeries(r.Context(), id, order, h.cfg.Now())
	if errors.Is(err, content.ErrConflict) {
		return h.seriesFormOrder(w, r, actor, *s, p.T(content.TaxErrOrder), http.StatusConflict)
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, actor, "series.reordered", "series:"+strconv.FormatInt(id, 10), "")
	http.Redirect(w, r, back+"?done=ordered", http.StatusSeeOther)
	return nil
}

// seriesFormOrder shows the stored series with a message about its order.
func (h *Handler) seriesFormOrder(w http.ResponseWriter, r *http.Request, actor *content.User, s content.Series, alert string, status int) error {
	return h.seriesForm(w, r, actor, s, content.SeriesStamp(s), nil, alert, status)
}

func (h *Handler) seriesForm(w http.ResponseWriter, r *http.Request, actor *content.User, s content.Series, stamp string, errs map[string]string, alert string, status int) error {
	p := h.printer(actor.Lang)
	view := TaxFormPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_series")), Stamp: stamp, Alert: alert, ListURL: "/admin/series"}
	slugs := pair(p, "slug", "admin.tax_slug", s.Slugs, errs, 0)
	slugs.Fields[0].Hint, slugs.Fields[1].Hint = p.T("admin.tax_slug_hint"), p.T("admin.tax_slug_hint")
	intros := pair(p, "intro", "admin.series_intro", s.Intros, errs, 8)
	intros.Fields[0].Hint, intros.Fields[1].Hint = p.T("admin.series_intro_hint"), p.T("admin.series_intro_hint")
	view.Rows = []TaxRow{pair(p, "title", "admin.series_title", s.Titles, errs, 0), slugs, intros}
	view.Summary = summarise(view.Rows)
	if s.ID == 0 {
		view.Heading, view.Action = p.T("admin.series_new"), "/admin/series"
	} else {
		id := strconv.FormatInt(s.ID, 10)
		view.Heading, view.Action, view.DeleteURL = p.T("admin.series_edit", "name", s.Titles.In(actor.Lang)), "/admin/series/"+id, "/admin/series/"+id+"/delete"
		view.OrderURL = "/admin/series/" + id + "/order"
		if stored, err := h.st.SeriesByID(r.Context(), s.ID); err == nil {
			view.Public = publicLinks(p, func(l content.Lang) string { return urls.Series(l, stored.Slugs.In(l)) })
		}
		eps, err := h.st.SeriesEpisodes(r.Context(), s.ID)
		if err != nil {
			return err
		}
		view.Uses = len(eps)
		for i, e := range eps {
			title := e.Title.In(actor.Lang)
			if title == "" {
				title = e.Title.In(actor.Lang.Other())
			}
			view.Episodes = append(view.Episodes, SeriesEpisodeRow{ID: e.EpisodeID, Position: i + 1, Title: title,
				Status: p.T("admin.episode_status_" + string(e.Status)), Up: i > 0, Down: i < len(eps)-1})
		}
	}
	if len(view.Summary) == 0 && alert == "" {
		view.Flash = doneFlash(p, r)
	}
	return h.page(w, actor.Lang, "admin-series-form", status, view)
}
