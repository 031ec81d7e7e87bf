package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// rideCandidates is how many of the newest matching episodes the planner
// chooses from; it prefers recent episodes anyway.
const rideCandidates = 500

// rideChoices are the time budgets the form offers.
var rideChoices = []int{5, 10, 15, 20, 30, 45, 60}

// showRide answers GET /en/ride and /fr/trajet: the commute planner. The
// reader says how many minutes they have (and optionally a topic and
// kinds); the page proposes episodes in their language that fill the time
// as fully as possible without going over. Finished episodes come from the
// reader's browser (the page script adds them as ?done=…); nothing is kept
// on the server. The URL is shareable and the page works without scripts.
func (h *Handler) showRide(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	q := r.URL.Query()
	pr := h.printer(lang)
	h.rememberLang(w, r, lang)
	// The feedback tool brings the reader back to the plan (not the
	// finished episodes, which stay in the browser).
	back := url.Values{}
	for _, k := range []string{"minutes", "topic", "kind"} {
		if vs := q[k]; len(vs) > 0 && len(strings.Join(vs, "")) <= 200 {
			back[k] = vs
		}
	}
	r, _ = feedbackRequest(r, withoutFeedbackParams(urls.Ride(lang), back))
	ctx := r.Context()
	c, err := h.common(ctx, lang, urls.Ride(lang), pr.T("ride.title"), urls.Ride(lang.Other()))
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	c.Breadcrumbs = []Link{{Label: c.SiteName, URL: urls.Home(lang)}}
	view := RidePage{Common: c, Action: urls.Ride(lang)}

	topics, err := h.st.Topics(ctx)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	req := content.PlanRequest{Lang: lang, Now: h.cfg.Now(), Finished: map[int64]bool{}}
	topicSlug := q.Get("topic")
	for _, t := range topics {
		if t.Slugs.In(lang) == topicSlug {
			req.TopicID = t.ID
		}
	}
	if topicSlug != "" && req.TopicID == 0 {
		h.notFound(w, r, lang)
		return
	}
	for _, k := range q["kind"] {
		if kind, ok := content.ParseKind(k); ok {
			req.Kinds = append(req.Kinds, kind)
		}
	}
	for _, s := range strings.Split(q.Get("done"), ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && id > 0 && len(req.Finished) < 1000 {
			req.Finished[id] = true
		}
	}
	view.Minutes = q.Get("minutes")
	view.Topics = append(view.Topics, Option{Value: "", Label: pr.T("list.all_topics"), Selected: topicSlug == ""})
	for _, t := range topics {
		view.Topics = append(view.Topics, Option{Value: t.Slugs.In(lang), Label: t.Names.In(lang), Selected: t.Slugs.In(lang) == topicSlug})
	}
	sortOptions(view.Topics[1:], lang)
	for _, k := range content.Kinds {
		view.Kinds = append(view.Kinds, Option{Value: string(k), Label: pr.T(kindKeys[k]), Selected: slices.Contains(req.Kinds, k)})
	}
	for _, m := range rideChoices {
		view.Choices = append(view.Choices, Option{Value: strconv.Itoa(m), Label: pr.T("ride.minutes_option", "n", m), Selected: strconv.Itoa(m) == view.Minutes})
	}
	view.Skipped = len(req.Finished)

	status := http.StatusOK
	if view.Minutes != "" {
		req.Minutes, _ = strconv.Atoi(view.Minutes)
		eq := store.EpisodeQuery{Lang: lang, Now: req.Now, TopicID: req.TopicID, MaxMinutes: max(req.Minutes, 1), Limit: rideCandidates, Cards: true}
		if len(req.Kinds) == 1 {
			eq.Kind = req.Kinds[0]
		}
		res, err := h.st.Episodes(ctx, eq)
		if err != nil {
			h.fail(w, r, lang, err)
			return
		}
		plan, err := content.PlanRide(req, res.Episodes)
		if _, bad := errors.AsType[*content.ValidationError](err); bad {
			view.Error = pr.T(content.PlannerErrMinutes, "min", content.PlannerMinMinutes, "max", content.PlannerMaxMinutes)
			status = http.StatusUnprocessableEntity
		} else if err != nil {
			h.fail(w, r, lang, err)
			return
		} else {
			view.Planned = true
			view.Total = plan.Minutes
			view.Budget = req.Minutes
			view.Cards = cards(plan.Episodes, lang)
			if err := h.withCardPictures(ctx, view.Cards, firstRow); err != nil {
				h.fail(w, r, lang, err)
				return
			}
		}
	}
	b, err := h.page(lang, "ride", view)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang.Tag())
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// RidePage is the view of the commute planner.
type RidePage struct {
	Common
	Action  string
	Minutes string // as typed
	Choices []Option
	Topics  []Option
	Kinds   []Option
	Error   string
	Planned bool
	Budget  int
	Total   int
	Skipped int // finished episodes left out
	Cards   []Card
}
