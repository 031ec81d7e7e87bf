package admin

import (
	"net/http"

	"github.com/busrides/busrides/internal/content"
)

// FeedProblemsPage lists the published episodes whose recording the feeds
// cannot carry as it is.
type FeedProblemsPage struct {
	Common
	Rows     []FeedProblemRow
	Episodes int // how many episodes the rows name
}

// FeedProblemRow is one problem of one language version.
type FeedProblemRow struct {
	ID        int64
	Title     string
	TitleLang string // the version's BCP 47 tag
	LangLabel string
	KindLabel string
	Message   string
	Warning   bool   // does not block publishing (FeedMediaFile)
	EditURL   string // the editor, at the field to fix
}

// showFeedProblems answers GET /admin/feeds: every live version of a
// Listen or Watch episode that feeds degrade (episode feeds carry it
// without its recording) or leave out (podcasts), with the reason, newest
// first; each links to the field to fix in the editor. The rules are the
// public site's own (content.FeedMedia), with the sizes of the same files.
func (h *Handler) showFeedProblems(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	recs, err := h.st.PublishedRecordings(r.Context(), h.cfg.Now())
	if err != nil {
		return err
	}
	p := h.printer(actor.Lang)
	view := FeedProblemsPage{Common: h.common(actor.Lang, actor, p.T("admin.nav_feeds"))}
	size := h.mediaSizes()
	if size == nil {
		size = func(string) int64 { return 0 }
	}
	seen := map[int64]bool{}
	for _, rec := range recs {
		v := rec.Version
		_, checks := content.FeedMedia(rec.Kind, &v, size)
		for _, c := range checks {
			view.Rows = append(view.Rows, FeedProblemRow{
				ID: rec.EpisodeID, Title: v.Title, TitleLang: v.Lang.Tag(),
				LangLabel: p.T("workflow.lang_" + string(v.Lang)), KindLabel: p.T("workflow.kind_" + string(rec.Kind)),
				Message: p.T(c.Key, "arg", c.Arg), Warning: c.Severity == content.SevWarning,
				EditURL: editURL(rec.EpisodeID, v.Lang, c.Field),
			})
			if !seen[rec.EpisodeID] {
				seen[rec.EpisodeID] = true
				view.Episodes++
			}
		}
	}
	return h.page(w, actor.Lang, "admin-feed-problems", http.StatusOK, view)
}
