package admin

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
)

const (
	// feedbackPerPage is how many answers one page of the inbox lists.
	feedbackPerPage = 50
	// maxReviewIDs bounds how many answers one review post may mark.
	maxReviewIDs = 500
	// maxCSVRows bounds one CSV export.
	maxCSVRows = 100_000
	// chartWidth is the width, in SVG units, of the longest bar.
	chartWidth = 200
)

// feedbackQuery is the inbox's filter form as typed, and what it selects.
type feedbackQuery struct {
	Form   FeedbackForm
	Filter store.FeedbackFilter
	Page   int
	Errors map[string]string // field → message
}

// parseFeedbackQuery reads the filter form from q. Unknown values of the
// select fields are ignored; dates must be YYYY-MM-DD (UTC days, To
// included).
func parseFeedbackQuery(q url.Values, p *i18n.Printer) feedbackQuery {
	fq := feedbackQuery{Errors: map[string]string{}, Page: 1}
	f := &fq.Form
	f.Episode = strings.TrimSpace(q.Get("episode"))
	f.From = strings.TrimSpace(q.Get("from"))
	f.To = strings.TrimSpace(q.Get("to"))
	if id, err := strconv.ParseInt(f.Episode, 10, 64); err == nil && id > 0 {
		fq.Filter.EpisodeID = id
	} else {
		f.Episode = ""
	}
	if l, ok := content.ParseLang(q.Get("lang")); ok {
		f.Lang, fq.Filter.Lang = string(l), l
	}
	switch a := content.Answer(q.Get("answer")); a {
	case content.Yes, content.No:
		f.Answer, fq.Filter.Answer = string(a), a
	}
	switch q.Get("reviewed") {
	case "yes":
		f.Reviewed, fq.Filter.Reviewed = "yes", new(true)
	case "no":
		f.Reviewed, fq.Filter.Reviewed = "no", new(false)
	}
	fq.Filter.From, fq.Filter.To = dateRange(p, f.From, f.To, time.UTC, fq.Errors)
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 1_000_000 {
		fq.Page = n
	}
	return fq
}

// values is the filter form as a query string (without the page).
func (f FeedbackForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"episode": f.Episode, "lang": f.Lang, "answer": f.Answer, "from": f.From, "to": f.To, "reviewed": f.Reviewed} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// withQuery returns path with v as its query string.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// showFeedback answers GET /admin/feedback (editors and administrators):
// the answers of the page feedback tool, filtered, 50 a page, with counts
// per episode.
func (h *Handler) showFeedback(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	fq := parseFeedbackQuery(r.URL.Query(), p)
	view := FeedbackPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_feedback")), Form: fq.Form, Errors: fq.Errors}
	view.Back = fq.Form.values().Encode()
	if n, err := strconv.Atoi(r.URL.Query().Get("marked")); err == nil && n >= 0 {
		view.Flash = p.T("admin.feedback_marked", "n", n)
	}
	// The episode select lists the episodes that have answers.
	all, err := h.st.FeedbackCounts(ctx, store.FeedbackFilter{Lang: actor.Lang})
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.EpisodeID != 0 {
			id := strconv.FormatInt(c.EpisodeID, 10)
			view.Episodes = append(view.Episodes, Option{Value: id, Label: c.Title, Selected: id == fq.Form.Episode})
		}
	}
	if len(fq.Errors) > 0 {
		return h.page(w, actor.Lang, "admin-feedback", http.StatusBadRequest, view)
	}
	f := fq.Filter
	f.Limit, f.Offset = feedbackPerPage, (fq.Page-1)*feedbackPerPage
	rows, total, err := h.st.FeedbackInbox(ctx, f)
	if err != nil {
		return err
	}
	counts, err := h.st.FeedbackCounts(ctx, fq.Filter)
	if err != nil {
		return err
	}
	view.Total, view.Page = total, fq.Page
	view.Pages = max(1, (total+feedbackPerPage-1)/feedbackPerPage)
	q := fq.Form.values()
	view.CSVURL = withQuery("/admin/feedback.csv", q)
	if fq.Page > 1 {
		pq := fq.Form.values()
		if fq.Page > 2 {
			pq.Set("page", strconv.Itoa(fq.Page-1))
		}
		view.PrevURL = withQuery("/admin/feedback", pq)
	}
	if fq.Page < view.Pages {
		nq := fq.Form.values()
		nq.Set("page", strconv.Itoa(fq.Page+1))
		view.NextURL = withQuery("/admin/feedback", nq)
	}
	if fq.Page > 1 {
		q.Set("page", strconv.Itoa(fq.Page))
	}
	view.Back = q.Encode()
	for _, fb := range rows {
		view.Rows = append(view.Rows, FeedbackRow{Feedback: fb, AnswerLabel: p.T("feedback." + string(fb.Answer)),
			LangLabel: p.T("admin.feedback_lang_" + string(fb.Lang)), SelectLabel: p.T("admin.feedback_select", "id", fb.ID)})
	}
	view.Counts = chartRows(counts, p)
	return h.page(w, actor.Lang, "admin-feedback", http.StatusOK, view)
}

// chartRows lays out the counts as horizontal bars scaled to the largest
// count.
func chartRows(counts []store.FeedbackCount, p *i18n.Printer) []CountRow {
	most := 0
	for _, c := range counts {
		most = max(most, c.Yes, c.No)
	}
	width := func(n int) int {
		if n == 0 || most == 0 {
			return 0
		}
		return max(1, int(math.Round(float64(n)*chartWidth/float64(most))))
	}
	out := make([]CountRow, 0, len(counts))
	for _, c := range counts {
		row := CountRow{FeedbackCount: c, YesWidth: width(c.Yes), NoWidth: width(c.No),
			YesLabel: p.T("feedback.yes") + " " + strconv.Itoa(c.Yes), NoLabel: p.T("feedback.no") + " " + strconv.Itoa(c.No)}
		if c.EpisodeID == 0 {
			row.Title = p.T("admin.feedback_other_pages")
		}
		row.YesText, row.NoText = row.YesWidth+6, row.NoWidth+6
		out = append(out, row)
	}
	return out
}

// reviewFeedback answers POST /admin/feedback/review: marks the checked
// answers (ids) reviewed by the actor, then returns to the same list.
func (h *Handler) reviewFeedback(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	p := h.printer(actor.Lang)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	raw := append(r.PostForm["ids"], r.PostForm["ids[]"]...)
	if len(raw) > maxReviewIDs {
		return errBadIDs
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, s := range raw {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			return errBadIDs
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		if err := h.st.MarkFeedbackReviewed(r.Context(), ids, actor.ID, h.cfg.Now()); err != nil {
			return err
		}
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = strconv.FormatInt(id, 10)
		}
		h.audit(r.Context(), r, actor, "feedback.reviewed", "feedback", strings.Join(parts, ","))
	}
	// Back to the same filters and page: re-read and re-encode, so only
	// known fields make it into the redirect.
	back, _ := url.ParseQuery(r.PostForm.Get("back"))
	fq := parseFeedbackQuery(back, p)
	q := fq.Form.values()
	if fq.Page > 1 {
		q.Set("page", strconv.Itoa(fq.Page))
	}
	q.Set("marked", strconv.Itoa(len(ids)))
	http.Redirect(w, r, withQuery("/admin/feedback", q), http.StatusSeeOther)
	return nil
}

// exportFeedback answers GET /admin/feedback.csv: every answer the filters
// select, as UTF-8 CSV with a byte-order mark (for Excel).
func (h *Handler) exportFeedback(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	fq := parseFeedbackQuery(r.URL.Query(), p)
	if len(fq.Errors) > 0 {
		msgs := make([]string, 0, len(fq.Errors))
		for _, k := range []string{"from", "to"} {
			if m := fq.Errors[k]; m != "" {
				msgs = append(msgs, m)
			}
		}
		return badRequestSaying(strings.Join(msgs, " "))
	}
	f := fq.Filter
	f.Limit = maxCSVRows
	rows, _, err := h.st.FeedbackInbox(r.Context(), f)
	if err != nil {
		return err
	}
	cw, b := newCSV()
	_ = cw.Write([]string{"id", "created_at", "lang", "page", "episode_id", "answer", "comment", "reviewed_at"})
	for _, fb := range rows {
		ep, reviewed := "", ""
		if fb.EpisodeID != 0 {
			ep = strconv.FormatInt(fb.EpisodeID, 10)
		}
		if fb.Reviewed {
			reviewed = fb.ReviewedAt.UTC().Format(time.RFC3339)
		}
		_ = cw.Write([]string{strconv.FormatInt(fb.ID, 10), fb.CreatedAt.UTC().Format(time.RFC3339), string(fb.Lang),
			csvCell(fb.Path), ep, string(fb.Answer), csvCell(fb.Comment), reviewed})
	}
	return h.sendCSV(w, "feedback", cw, b)
}

// csvCell defuses formula injection: a spreadsheet runs a cell starting
// with = + - @ (or a tab or carriage return before one) as a formula, so
// such a cell gets a leading single quote.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// FeedbackForm is the inbox's filter form as typed.
type FeedbackForm struct {
	Episode, Lang, Answer, From, To, Reviewed string
}

// FeedbackPage is the view of GET /admin/feedback.
type FeedbackPage struct {
	Common
	Form     FeedbackForm
	Errors   map[string]string // field → message
	Episodes []Option
	Rows     []FeedbackRow
	Counts   []CountRow
	Total    int
	Page     int
	Pages    int
	PrevURL  string
	NextURL  string
	CSVURL   string
	Back     string // the list's query, for the review form to return to
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// FeedbackRow is one answer in the inbox.
type FeedbackRow struct {
	content.Feedback
	AnswerLabel, LangLabel, SelectLabel string
}

// CountRow is one episode's bars in the chart; widths are in SVG units,
// the texts' x positions just after the bars.
type CountRow struct {
	store.FeedbackCount
	YesWidth, NoWidth int
	YesText, NoText   int
	YesLabel, NoLabel string
}

// dateRange reads a range of days typed as YYYY-MM-DD in loc, both
// included: from is the first day's start, to the start of the day after
// the last (zero when not typed). Bad dates and a range ending before it
// starts are put in errs under "from" and "to". The feedback inbox and the
// audit log share it.
func dateRange(p *i18n.Printer, fromText, toText string, loc *time.Location, errs map[string]string) (from, to time.Time) {
	day := func(field, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil || t.Year() < 2000 || t.Year() > 9998 {
			errs[field] = p.T("admin.feedback_bad_date")
			return time.Time{}
		}
		return t
	}
	from = day("from", fromText)
	if last := day("to", toText); !last.IsZero() {
		to = last.AddDate(0, 0, 1)
		if !from.IsZero() && last.Before(from) {
			errs["to"] = p.T("admin.feedback_bad_range")
		}
	}
	return from, to
}
