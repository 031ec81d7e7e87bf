package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// episodesPerPage is how many episodes one page of the list shows.
const episodesPerPage = 50

// showEpisodes answers GET /admin/episodes: every episode whatever its
// status, filtered, most recently saved first, with the missing and stale
// languages marked.
func (h *Handler) showEpisodes(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	qv := r.URL.Query()
	var q store.AdminEpisodeQuery
	var f EpisodeFilterForm
	if s, ok := content.ParseStatus(qv.Get("status")); ok {
		q.Status, f.Status = s, string(s)
	}
	if k, ok := content.ParseKind(qv.Get("kind")); ok {
		q.Kind, f.Kind = k, string(k)
	}
	if l, ok := content.ParseLang(qv.Get("missing")); ok {
		q.MissingLang, f.Missing = l, string(l)
	}
	if qv.Get("stale") == "on" {
		q.Stale, f.Stale = true, true
	}
	if qv.Get("pending") == "on" {
		q.Pending, f.Pending = true, true
	}
	if qv.Get("mine") == "on" {
		q.OwnerID, f.Mine = actor.ID, true
	}
	if qv.Get("changes") == "on" {
		q.ChangesRequested, f.Changes = true, true
	}
	if qv.Get("asked") == "on" {
		q.ReviewerID, f.Asked = actor.ID, true
	}
	if t := strings.TrimSpace(qv.Get("q")); t != "" && utf8.ValidString(t) && len(t) <= 200 && !strings.ContainsRune(t, 0) {
		q.Text, f.Q = t, t
	}
	topics, err := h.st.Topics(ctx)
	if err != nil {
		return err
	}
	if id, err := strconv.ParseInt(qv.Get("topic"), 10, 64); err == nil && id > 0 {
		q.TopicID, f.Topic = id, strconv.FormatInt(id, 10)
	}
	page := 1
	if n, err := strconv.Atoi(qv.Get("page")); err == nil && n > 1 && n < 1_000_000 {
		page = n
	}
	q.Limit, q.Offset = episodesPerPage, (page-1)*episodesPerPage
	res, err := h.st.AdminEpisodes(ctx, q)
	if err != nil {
		return err
	}
	view := EpisodesPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_episodes")), Filter: f, Total: res.Total, Page: page,
		CanCreate: content.CanEditEpisode(actor, actor.ID, false)}
	view.Pages = max(1, (res.Total+episodesPerPage-1)/episodesPerPage)
	any := p.T("admin.feedback_any")
	view.Statuses = append(view.Statuses, Option{Value: "", Label: any})
	for _, s := range content.Statuses {
		view.Statuses = append(view.Statuses, Option{Value: string(s), Label: p.T("editing.status_" + string(s)), Selected: f.Status == string(s)})
	}
	view.Kinds = append(view.Kinds, Option{Value: "", Label: any})
	for _, k := range content.Kinds {
		view.Kinds = append(view.Kinds, Option{Value: string(k), Label: p.T("editing.kind_" + string(k)), Selected: f.Kind == string(k)})
	}
	view.Topics = append(view.Topics, Option{Value: "", Label: any})
	for _, t := range topics {
		id := strconv.FormatInt(t.ID, 10)
		view.Topics = append(view.Topics, Option{Value: id, Label: t.Names.In(actor.Lang), Selected: f.Topic == id})
	}
	view.Missing = append(view.Missing, Option{Value: "", Label: p.T("editing.filter_missing_none")})
	for _, l := range content.Langs {
		view.Missing = append(view.Missing, Option{Value: string(l), Label: p.T("editing.filter_missing_" + string(l)), Selected: f.Missing == string(l)})
	}
	for _, e := range res.Episodes {
		row := EpisodeRow{ID: e.ID, Kind: p.T("editing.kind_" + string(e.Kind)), Status: p.T("editing.status_" + string(e.Status)),
			Revision: e.Revision, Modified: p.Date(e.ModifiedAt.In(h.cfg.Zone)), Pending: e.Pending != nil}
		if editable(actor, e) {
			row.EditURL = episodeURL(e.ID)
		}
		for _, l := range content.Langs {
			rt := RowTitle{Lang: l, Tag: l.Tag(), Stale: e.Stale(l)}
			if v := e.Version(l); v != nil {
				rt.Title = v.Title
			} else {
				rt.Missing = true
			}
			row.Titles = append(row.Titles, rt)
		}
		view.Rows = append(view.Rows, row)
	}
	base := url.Values{}
	for k, v := range map[string]string{"status": f.Status, "kind": f.Kind, "topic": f.Topic, "missing": f.Missing, "q": f.Q} {
		if v != "" {
			base.Set(k, v)
		}
	}
	if f.Stale {
		base.Set("stale", "on")
	}
	if f.Pending {
		base.Set("pending", "on")
	}
	if f.Mine {
		base.Set("mine", "on")
	}
	if f.Changes {
		base.Set("changes", "on")
	}
	if f.Asked {
		base.Set("asked", "on")
	}
	if page > 1 {
		pq := url.Values{}
		for k, v := range base {
			pq[k] = v
		}
		if page > 2 {
			pq.Set("page", strconv.Itoa(page-1))
		}
		view.PrevURL = withQuery("/admin/episodes", pq)
	}
	if page < view.Pages {
		nq := url.Values{}
		for k, v := range base {
			nq[k] = v
		}
		nq.Set("page", strconv.Itoa(page+1))
		view.NextURL = withQuery("/admin/episodes", nq)
	}
	return h.page(w, actor.Lang, "admin-episodes", http.StatusOK, view)
}
