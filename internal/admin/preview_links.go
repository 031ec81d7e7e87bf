package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// Preview links (content.PreviewLink): made and revoked on an episode's
// workflow page by whoever may see it; the public site answers them
// (web/preview_show.go). The token is shown once, right after the link
// is made (?preview= on the workflow page); only its hash is stored.

// PreviewLinksView is the workflow page's preview links section.
type PreviewLinksView struct {
	Rows      []PreviewRow
	Days      string // as typed, or the default
	MaxDays   int
	Error     string
	NewEN     string // a link just made, in each language ("" otherwise)
	NewFR     string
	NewUntil  string
	CreateURL string
}

// PreviewRow is one link of the list.
type PreviewRow struct {
	Made, By, Until, State string
	Active                 bool
	RevokeURL              string
}

// previewLinksView builds the section for ep; token, when set, is a link
// just made, to show.
func (h *Handler) previewLinksView(r *http.Request, actor *content.User, ep *content.Episode, token string) (*PreviewLinksView, error) {
	ctx := r.Context()
	p := h.printer(actor.Lang)
	now := h.cfg.Now()
	links, err := h.st.PreviewLinksOf(ctx, ep.ID)
	if err != nil {
		return nil, err
	}
	v := &PreviewLinksView{Days: strconv.Itoa(content.DefaultPreviewDays), MaxDays: content.MaxPreviewDays,
		CreateURL: episodeURL(ep.ID) + "/preview-links"}
	for _, l := range links {
		row := PreviewRow{Made: h.when(p, l.CreatedAt), By: h.userName(ctx, p, l.CreatedBy), Until: h.when(p, l.ExpiresAt), Active: l.Active(now)}
		switch {
		case !l.RevokedAt.IsZero():
			row.State = p.T("preview.state_revoked", "when", h.when(p, l.RevokedAt))
		case !row.Active:
			row.State = p.T("preview.state_expired")
		default:
			row.State = p.T("preview.state_active")
			row.RevokeURL = episodeURL(ep.ID) + "/preview-links/" + strconv.FormatInt(l.ID, 10) + "/revoke"
		}
		v.Rows = append(v.Rows, row)
	}
	if token != "" {
		if e, err := h.st.PreviewEpisode(ctx, auth.HashToken(token), now); err == nil && e.ID == ep.ID && len(links) > 0 {
			base := strings.TrimSuffix(h.cfg.BaseURL, "/")
			v.NewEN, v.NewFR = base+urls.Preview(content.English, token), base+urls.Preview(content.French, token)
			for _, l := range links {
				if l.Active(now) {
					v.NewUntil = h.when(p, l.ExpiresAt) // the newest active one
					break
				}
			}
		}
	}
	return v, nil
}

// createPreviewLink answers POST /admin/episodes/{id}/preview-links: a
// new link valid for the days asked (content.DefaultPreviewDays unless
// said; 1 to content.MaxPreviewDays, else 422), audited, then the
// workflow page shows it once.
func (h *Handler) createPreviewLink(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	typed := strings.TrimSpace(r.PostForm.Get("days"))
	days, err := strconv.Atoi(typed)
	if typed == "" {
		days, err = content.DefaultPreviewDays, nil
	}
	if err != nil || days < 1 || days > content.MaxPreviewDays {
		view, err := h.publishView(r.Context(), actor, ep)
		if err != nil {
			return err
		}
		if view.PreviewLinks, err = h.previewLinksView(r, actor, ep, ""); err != nil {
			return err
		}
		view.PreviewLinks.Days = typed
		view.PreviewLinks.Error = h.printer(actor.Lang).T("preview.bad_days", "max", content.MaxPreviewDays)
		return h.page(w, actor.Lang, "admin-publish", http.StatusUnprocessableEntity, view)
	}
	now := h.cfg.Now()
	token, hash := auth.NewToken()
	until := now.Add(time.Duration(days) * 24 * time.Hour)
	id, err := h.st.CreatePreviewLink(r.Context(), hash, content.PreviewLink{EpisodeID: ep.ID, CreatedBy: actor.ID, CreatedAt: now, ExpiresAt: until})
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, actor, "preview_link.created", "episode:"+strconv.FormatInt(ep.ID, 10),
		"link "+strconv.FormatInt(id, 10)+", "+strconv.Itoa(days)+" days")
	http.Redirect(w, r, publishURL(ep.ID)+"?preview="+token+"#preview-links", http.StatusSeeOther)
	return nil
}

// revokePreviewLink answers POST /admin/episodes/{id}/preview-links/{n}/revoke.
func (h *Handler) revokePreviewLink(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	ep, err := h.workflowEpisode(r, actor)
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || n < 1 {
		return errBadRequest
	}
	if err := h.st.RevokePreviewLink(r.Context(), ep.ID, n, h.cfg.Now()); err != nil {
		if errors.Is(err, content.ErrNotFound) {
			return content.ErrNotFound
		}
		return err
	}
	h.audit(r.Context(), r, actor, "preview_link.revoked", "episode:"+strconv.FormatInt(ep.ID, 10), "link "+strconv.FormatInt(n, 10))
	http.Redirect(w, r, publishURL(ep.ID)+"?done="+string(donePreviewRevoked)+"#preview-links", http.StatusSeeOther)
	return nil
}
