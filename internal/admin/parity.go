package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
)

// ParityForm is the dashboard's filter form as typed (known values only).
type ParityForm struct {
	Topic, Kind, Status, Problem string
}

// parseParity reads the filters; unknown values are ignored.
func parseParity(q url.Values) (ParityForm, store.ParityFilter) {
	var f ParityForm
	var pf store.ParityFilter
	if id, err := strconv.ParseInt(q.Get("topic"), 10, 64); err == nil && id > 0 {
		f.Topic, pf.TopicID = strconv.FormatInt(id, 10), id
	}
	if k, ok := content.ParseKind(q.Get("kind")); ok {
		f.Kind, pf.Kind = string(k), k
	}
	if s, ok := content.ParseStatus(q.Get("status")); ok {
		f.Status, pf.Status = string(s), s
	}
	for _, p := range store.ParityProblems {
		if q.Get("problem") == string(p) {
			f.Problem, pf.Problem = string(p), p
		}
	}
	return f, pf
}

func (f ParityForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"topic": f.Topic, "kind": f.Kind, "status": f.Status, "problem": f.Problem} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// ageDays is how many whole days have passed since t (0 when unknown).
func ageDays(now, t time.Time) int {
	if t.IsZero() || t.After(now) {
		return 0
	}
	return int(now.Sub(t) / (24 * time.Hour))
}

// showParity answers GET /admin/parity: episodes missing a language, stale
// translations with their age, one-language exceptions; filters and counts.
func (h *Handler) showParity(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	form, filter := parseParity(r.URL.Query())
	rep, err := h.st.ParityReport(ctx, filter)
	if err != nil {
		return err
	}
	topics, err := h.st.Topics(ctx)
	if err != nil {
		return err
	}
	view := ParityPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_parity")), Form: form, Total: len(rep.Rows)}
	for _, t := range topics {
		id := strconv.FormatInt(t.ID, 10)
		view.Topics = append(view.Topics, Option{Value: id, Label: t.Names.In(actor.Lang), Selected: id == form.Topic})
	}
	for _, k := range content.Kinds {
		view.Kinds = append(view.Kinds, Option{Value: string(k), Label: p.T("workflow.kind_" + string(k)), Selected: string(k) == form.Kind})
	}
	for _, s := range content.Statuses {
		view.Statuses = append(view.Statuses, Option{Value: string(s), Label: p.T("workflow.status_" + string(s)), Selected: string(s) == form.Status})
	}
	for _, pr := range store.ParityProblems {
		view.Problems = append(view.Problems, Option{Value: string(pr), Label: p.T("parity.problem_" + string(pr)), Selected: string(pr) == form.Problem})
		q := form.values()
		q.Set("problem", string(pr))
		view.Counts = append(view.Counts, ParityCount{Label: p.T("parity.problem_" + string(pr)), N: rep.Counts[pr], URL: withQuery("/admin/parity", q)})
	}
	if content.Can(actor, content.ActionExportParity) {
		view.CSVURL = withQuery("/admin/parity.csv", form.values())
	}
	now := h.cfg.Now()
	for _, row := range rep.Rows {
		view.Rows = append(view.Rows, parityRow(row, actor.Lang, p, now))
	}
	return h.page(w, actor.Lang, "admin-parity", http.StatusOK, view)
}

func parityRow(row store.ParityRow, lang content.Lang, p *i18n.Printer, now time.Time) ParityRowView {
	v := ParityRowView{ID: row.EpisodeID, Title: row.Titles.In(lang), TitleLang: lang.Tag(), StatusLabel: p.T("workflow.status_" + string(row.Status)),
		KindLabel: p.T("workflow.kind_" + string(row.Kind)), PublishURL: publishURL(row.EpisodeID), EditURL: editURL(row.EpisodeID, "", "")}
	if v.Title == "" {
		v.Title, v.TitleLang = row.Titles.In(lang.Other()), lang.Other().Tag()
	}
	for _, l := range row.Missing {
		v.Missing = append(v.Missing, p.T("workflow.lang_"+string(l)))
	}
	if row.Stale != "" {
		v.Stale = p.T("workflow.lang_" + string(row.Stale))
		v.StaleDays = ageDays(now, row.StaleSince)
		v.StaleKnown = !row.StaleSince.IsZero()
	}
	if x := row.Exception; x != nil {
		v.Exception = p.T("parity.exception_only", "lang", p.T("workflow.lang_"+string(x.Lang)))
		v.Reason = x.Reason
		v.ExceptionDays = ageDays(now, x.CreatedAt)
	}
	return v
}

// exportParity answers GET /admin/parity.csv (editors and administrators):
// the report the filters select, as UTF-8 CSV with a byte-order mark, for
// Official Languages reporting. Text cells are safe from formula injection.
func (h *Handler) exportParity(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	_, filter := parseParity(r.URL.Query())
	rep, err := h.st.ParityReport(r.Context(), filter)
	if err != nil {
		return err
	}
	now := h.cfg.Now()
	cw, b := newCSV()
	_ = cw.Write([]string{"episode_id", "key", "kind", "status", "title_en", "title_fr", "missing", "stale", "stale_since", "stale_days",
		"exception_lang", "exception_reason", "exception_at", "exception_days"})
	for _, row := range rep.Rows {
		missing := make([]string, len(row.Missing))
		for i, l := range row.Missing {
			missing[i] = string(l)
		}
		staleSince, staleDays, xLang, xReason, xAt, xDays := "", "", "", "", "", ""
		if row.Stale != "" && !row.StaleSince.IsZero() {
			staleSince = row.StaleSince.UTC().Format(time.RFC3339)
			staleDays = strconv.Itoa(ageDays(now, row.StaleSince))
		}
		if x := row.Exception; x != nil {
			xLang, xReason, xAt = string(x.Lang), x.Reason, x.CreatedAt.UTC().Format(time.RFC3339)
			xDays = strconv.Itoa(ageDays(now, x.CreatedAt))
		}
		_ = cw.Write([]string{strconv.FormatInt(row.EpisodeID, 10), csvCell(row.Key), string(row.Kind), string(row.Status),
			csvCell(row.Titles.EN), csvCell(row.Titles.FR), strings.Join(missing, " "), string(row.Stale), staleSince, staleDays,
			xLang, csvCell(xReason), xAt, xDays})
	}
	return h.sendCSV(w, "parity", cw, b)
}

// ParityPage is the view of GET /admin/parity.
type ParityPage struct {
	Common
	Form                              ParityForm
	Topics, Kinds, Statuses, Problems []Option
	Counts                            []ParityCount
	Rows                              []ParityRowView
	Total                             int
	CSVURL                            string // "" when the actor may not export
}

// ParityCount is how many episodes have one problem, with a link filtering
// on it.
type ParityCount struct {
	Label string
	N     int
	URL   string
}

// ParityRowView is one episode on the dashboard.
type ParityRowView struct {
	ID                  int64
	Title, TitleLang    string
	StatusLabel         string
	KindLabel           string
	Missing             []string // language names
	Stale               string   // the lagging language's name
	StaleDays           int
	StaleKnown          bool
	Exception, Reason   string
	ExceptionDays       int
	PublishURL, EditURL string
}
