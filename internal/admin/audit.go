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

// auditPageSize is how many entries one page of the audit log shows.
const auditPageSize = 100

// auditFilter reads the audit log's filters from a query: who ("" for
// anyone, "system", or a staff member's id), an action (or a family of
// them, ending in "."), a target, and a range of dates in the newsroom's
// zone (from and to included). Bad dates are errors, keyed by field.
func (h *Handler) auditFilter(q url.Values, p *i18n.Printer) (store.AuditQuery, AuditPage, map[string]string) {
	var f store.AuditQuery
	v := AuditPage{Who: q.Get("who"), Action: strings.TrimSpace(q.Get("action")), Target: strings.TrimSpace(q.Get("target")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	errs := map[string]string{}
	switch {
	case v.Who == "system":
		f.System = true
	case v.Who != "":
		if id, err := strconv.ParseInt(v.Who, 10, 64); err == nil && id > 0 {
			f.ActorID = id
		}
	}
	f.Action, f.Target = v.Action, v.Target
	f.From, f.To = dateRange(p, v.From, v.To, h.cfg.Zone, errs)
	return f, v, errs
}

// showAudit answers GET /admin/audit (administrators): the append-only
// audit log, newest first, a page at a time, filtered by person, action,
// target and dates; times in the newsroom's zone, with the zone.
func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	q := r.URL.Query()
	f, view, errs := h.auditFilter(q, p)
	view.Common = h.common(actor.Lang, actor, p.T("admin.nav_audit"))
	view.Errors, view.Zone = errs, h.cfg.Zone.String()
	page := 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 1_000_000 {
		page = n
	}
	users, err := h.st.Users(ctx)
	if err != nil {
		return err
	}
	emails := map[int64]string{}
	view.People = append(view.People, Option{Value: "", Label: p.T("admin.audit_anyone"), Selected: view.Who == ""},
		Option{Value: "system", Label: p.T("admin.audit_system"), Selected: view.Who == "system"})
	for _, u := range users {
		emails[u.ID] = u.Email
		id := strconv.FormatInt(u.ID, 10)
		view.People = append(view.People, Option{Value: id, Label: u.Email, Selected: view.Who == id})
	}
	actions, err := h.st.AuditActions(ctx)
	if err != nil {
		return err
	}
	for _, a := range actions {
		view.Actions = append(view.Actions, Option{Value: a, Label: a})
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		f.Limit, f.Offset = auditPageSize, (page-1)*auditPageSize
		entries, total, err := h.st.AuditEntries(ctx, f)
		if err != nil {
			return err
		}
		view.Total, view.Page = total, page
		view.Pages = max(1, (total+auditPageSize-1)/auditPageSize)
		for _, e := range entries {
			who := emails[e.ActorID]
			if e.ActorID == 0 {
				who = p.T("admin.audit_system")
			}
			view.Entries = append(view.Entries, AuditRow{At: e.At, When: h.when(p, e.At), Actor: who, Action: e.Action, Target: e.Target, Detail: e.Detail, IP: e.IP})
		}
		keep := url.Values{}
		for _, k := range []string{"who", "action", "target", "from", "to"} {
			if v := q.Get(k); v != "" {
				keep.Set(k, v)
			}
		}
		at := func(n int) string {
			k := url.Values{}
			for key, v := range keep {
				k[key] = v
			}
			if n > 1 {
				k.Set("page", strconv.Itoa(n))
			}
			if len(k) == 0 {
				return "/admin/audit"
			}
			return "/admin/audit?" + k.Encode()
		}
		if page > 1 {
			view.PrevURL = at(page - 1)
		}
		if page < view.Pages {
			view.NextURL = at(page + 1)
		}
		view.CSVURL = "/admin/audit.csv"
		if len(keep) > 0 {
			view.CSVURL += "?" + keep.Encode()
		}
	}
	return h.page(w, actor.Lang, "admin-audit", status, view)
}

// exportAudit answers GET /admin/audit.csv: the entries the filters
// select (at most maxCSVRows), newest first, with their time in UTC
// (RFC 3339) and in the newsroom's zone; cells typed by people defused
// for spreadsheets.
func (h *Handler) exportAudit(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	f, _, errs := h.auditFilter(r.URL.Query(), p)
	if len(errs) > 0 {
		msgs := make([]string, 0, len(errs))
		for _, k := range []string{"from", "to"} {
			if m := errs[k]; m != "" {
				msgs = append(msgs, m)
			}
		}
		return badRequestSaying(strings.Join(msgs, " "))
	}
	f.Limit = maxCSVRows
	entries, _, err := h.st.AuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	users, err := h.st.Users(r.Context())
	if err != nil {
		return err
	}
	emails := map[int64]string{}
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	zone := h.cfg.Zone.String()
	cw, b := newCSV()
	_ = cw.Write([]string{"id", "at_utc", "at_" + zone, "actor", "action", "target", "detail", "ip"})
	for _, e := range entries {
		who := emails[e.ActorID]
		if e.ActorID == 0 {
			who = "system"
		}
		_ = cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), e.At.In(h.cfg.Zone).Format("2006-01-02 15:04:05 MST"),
			csvCell(who), csvCell(e.Action), csvCell(e.Target), csvCell(e.Detail), csvCell(e.IP)})
	}
	return h.sendCSV(w, "audit", cw, b)
}
