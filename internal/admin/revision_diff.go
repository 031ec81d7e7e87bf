package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/textdiff"
)

// diffView diffs two texts of a language by lines; a run of removed lines
// followed by as many added lines is shown line by line with the changed
// words marked.
func diffView(p *i18n.Printer, lang content.Lang, from, to string) DiffView {
	d := DiffView{Lang: lang, Tag: lang.Tag(), Label: p.T("editing.version_" + string(lang))}
	ops := textdiff.Lines(from, to)
	d.Changed = textdiff.Changed(ops)
	removed, added := p.T("editing.diff_removed"), p.T("editing.diff_added")
	row := func(kind string, segs []DiffSeg) DiffRow {
		switch kind {
		case "del":
			return DiffRow{Kind: kind, Mark: "−", Label: removed, Segs: segs}
		case "ins":
			return DiffRow{Kind: kind, Mark: "+", Label: added, Segs: segs}
		}
		return DiffRow{Kind: kind, Mark: " ", Segs: segs}
	}
	lines := func(s string) []string { return textdiff.SplitLines(s) }
	for i := 0; i < len(ops); i++ {
		op := ops[i]
		switch op.Kind {
		case textdiff.Equal:
			for _, l := range lines(op.Text) {
				d.Rows = append(d.Rows, row("eq", []DiffSeg{{Text: trimNL(l)}}))
			}
		case textdiff.Delete:
			dl := lines(op.Text)
			if i+1 < len(ops) && ops[i+1].Kind == textdiff.Insert && len(lines(ops[i+1].Text)) == len(dl) {
				il := lines(ops[i+1].Text)
				for j := range dl {
					var ds, is []DiffSeg
					for _, w := range textdiff.Words(trimNL(dl[j]), trimNL(il[j])) {
						switch w.Kind {
						case textdiff.Equal:
							ds = append(ds, DiffSeg{Text: w.Text})
							is = append(is, DiffSeg{Text: w.Text})
						case textdiff.Delete:
							ds = append(ds, DiffSeg{Changed: true, Text: w.Text})
						case textdiff.Insert:
							is = append(is, DiffSeg{Changed: true, Text: w.Text})
						}
					}
					d.Rows = append(d.Rows, row("del", ds), row("ins", is))
				}
				i++
				continue
			}
			for _, l := range dl {
				d.Rows = append(d.Rows, row("del", []DiffSeg{{Changed: true, Text: trimNL(l)}}))
			}
		case textdiff.Insert:
			for _, l := range lines(op.Text) {
				d.Rows = append(d.Rows, row("ins", []DiffSeg{{Changed: true, Text: trimNL(l)}}))
			}
		}
	}
	return d
}

func trimNL(s string) string { return strings.TrimSuffix(s, "\n") }

// showRevisionDiff answers GET /admin/episodes/{id}/diff?from=&to=&lang=:
// what changed in one language between two revisions.
func (h *Handler) showRevisionDiff(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	e, err := h.editableEpisode(r, actor)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := h.printer(actor.Lang)
	from, err1 := strconv.Atoi(q.Get("from"))
	to, err2 := strconv.Atoi(q.Get("to"))
	lang, ok := content.ParseLang(q.Get("lang"))
	if q.Get("lang") == "" {
		lang, ok = actor.Lang, true
	}
	if err1 != nil || err2 != nil || !ok || from < 0 || to < 1 {
		return errBadRequest
	}
	ctx := r.Context()
	var fromText, fromAt string
	labels := diffLabels(p)
	if from > 0 {
		rf, err := h.st.RevisionByNumber(ctx, e.ID, from)
		if err != nil {
			return err
		}
		fromText, fromAt = rf.Snapshot.Text(lang, labels), h.when(p, rf.CreatedAt)
	}
	rt, err := h.st.RevisionByNumber(ctx, e.ID, to)
	if err != nil {
		return err
	}
	view := RevisionDiffPage{Common: h.common(actor.Lang, actor, p.T("editing.diff_title", "from", from, "to", to)),
		ID: e.ID, Title: episodeTitle(e, actor.Lang), From: from, To: to, FromAt: fromAt, ToAt: h.when(p, rt.CreatedAt),
		Diff:       diffView(p, lang, fromText, rt.Snapshot.Text(lang, labels)),
		HistoryURL: episodeURL(e.ID) + "/revisions"}
	oq := r.URL.Query()
	oq.Set("lang", string(lang.Other()))
	view.Other = episodeURL(e.ID) + "/diff?" + oq.Encode()
	view.OtherLabel = p.T("editing.diff_in_" + string(lang.Other()))
	return h.page(w, actor.Lang, "admin-revision-diff", http.StatusOK, view)
}

// episodeTitle is the episode's title in lang, else in the other language.
func episodeTitle(e *content.Episode, lang content.Lang) string {
	for _, l := range []content.Lang{lang, lang.Other()} {
		if v := e.Version(l); v != nil {
			return v.Title
		}
	}
	return ""
}
