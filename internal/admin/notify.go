package admin

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// The review loop's e-mail notifications. They are written only when an
// SMTP server is configured (Config.Notify), in the transaction of the
// step they tell, one per recipient in the recipient's language; without
// SMTP the dashboard's queues are the notification.

// Notification kinds: each has catalogue keys mail.<kind>_subject and
// mail.<kind>_body.
const (
	mailReview  = "review"  // asked to review (the reviewer, or whoever may publish)
	mailChanges = "changes" // changes requested (the owner)
	mailNote    = "note"    // a note in the thread (its other participants)
)

// mailKinds lists the kinds, for the catalogue test.
var mailKinds = [...]string{mailReview, mailChanges, mailNote}

// reviewers lists who may be asked to review ep: active authors, editors
// and administrators other than its owner, by name.
func (h *Handler) reviewers(ctx context.Context, ep *content.Episode) ([]content.User, error) {
	users, err := h.st.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []content.User
	for _, u := range users {
		if u.ID != ep.OwnerID && content.CanBeReviewer(&u) {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b content.User) int { return strings.Compare(displayName(a), displayName(b)) })
	return out, nil
}

// displayName is how the back office names a person: their name, else
// their address.
func displayName(u content.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// recipients are whom a step of ep by actor tells, without actor, once
// each, active only: for a review request the reviewer asked, else
// whoever may publish ep; for changes requested its owner; for a note its
// owner, its reviewer and whoever wrote in its thread.
func (h *Handler) recipients(ctx context.Context, actor *content.User, ep *content.Episode, kind string, reviewerID int64) ([]content.User, error) {
	users, err := h.st.Users(ctx)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{}
	switch kind {
	case mailReview:
		for _, u := range users {
			if reviewerID != 0 && u.ID == reviewerID || reviewerID == 0 && content.CanPublishEpisode(&u, ep.OwnerID) {
				want[u.ID] = true
			}
		}
	case mailChanges:
		want[ep.OwnerID] = true
	case mailNote:
		want[ep.OwnerID], want[ep.ReviewerID] = true, true
		notes, err := h.st.EpisodeNotes(ctx, ep.ID)
		if err != nil {
			return nil, err
		}
		for _, n := range notes {
			want[n.UserID] = true
		}
	}
	var out []content.User
	for _, u := range users {
		if want[u.ID] && u.ID != actor.ID && u.Active() {
			out = append(out, u)
		}
	}
	return out, nil
}

// notifications builds the messages of a step of ep by actor (nil when
// notifications are off): subject and body in each recipient's language,
// the episode's title in that language (else the other), the note if any,
// and the link to the episode's workflow page.
func (h *Handler) notifications(r *http.Request, actor *content.User, ep *content.Episode, kind string, reviewerID int64, note string) ([]content.Mail, error) {
	if !h.cfg.Notify {
		return nil, nil
	}
	to, err := h.recipients(r.Context(), actor, ep, kind, reviewerID)
	if err != nil {
		return nil, err
	}
	link := h.absolute(r, publishURL(ep.ID))
	now := h.cfg.Now()
	var out []content.Mail
	for _, u := range to {
		p := h.printer(u.Lang)
		title := ""
		for _, lang := range []content.Lang{u.Lang, u.Lang.Other()} {
			if v := ep.Version(lang); v != nil && v.Title != "" {
				title = v.Title
				break
			}
		}
		var b strings.Builder
		b.WriteString(p.T("mail."+kind+"_body", "who", displayName(*actor), "title", title))
		b.WriteString("\n\n")
		if note != "" {
			b.WriteString(p.T("mail.their_note"))
			b.WriteString("\n\n")
			for line := range strings.Lines(note) {
				b.WriteString("> " + line)
			}
			b.WriteString("\n\n")
		}
		b.WriteString(p.T("mail.open", "url", link))
		b.WriteString("\n\n-- \n")
		b.WriteString(p.T("mail.footer", "site", p.T("site.name")))
		b.WriteString("\n")
		out = append(out, content.Mail{To: u.Email, Lang: u.Lang, Subject: p.T("mail."+kind+"_subject", "title", title),
			Body: b.String(), CreatedAt: now})
	}
	return out, nil
}

// mailed wakes the sender after a change wrote notifications.
func (h *Handler) mailed(mail []content.Mail) {
	if len(mail) > 0 && h.cfg.OnMail != nil {
		h.cfg.OnMail()
	}
}
