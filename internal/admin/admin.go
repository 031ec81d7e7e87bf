// Package admin is the editorial back office under /admin: staff sign in
// with server-side sessions, and every action is authorised in one place
// (content.Can) with an explicit actor. The interface is bilingual: each
// staff member works in the language they chose. Routes are one table in
// routes.go; errors are answered in one place (errors.go); one file per
// action.
package admin

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/media"
	"github.com/busrides/busrides/internal/render"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/ui"
)

// Config is what the back office needs.
type Config struct {
	Store     Store
	Catalogue *i18n.Catalogue
	Templates *ui.Templates
	Hasher    *auth.Hasher
	Logger    *slog.Logger
	Now       func() time.Time
	// BaseURL is the site's public URL, for links shown to be sent
	// elsewhere (invitations); "" uses the request's host.
	BaseURL string
	// Zone is the newsroom's time zone: schedule times are typed and shown
	// in it. Default America/Toronto.
	Zone *time.Location
	// Resolve reports whether an internal link (/en/…, /fr/…) answers on
	// the public site (the pre-publish checklist); nil skips that check.
	Resolve func(ctx context.Context, path string) bool
	// Media is the media folder uploads are written to.
	Media *media.Library
	// MediaFiles are the files the public site serves under /media/ (the
	// media folder, then the demo's media): the checks of what feeds can
	// carry read their sizes. nil: files on this site are not looked for.
	MediaFiles fs.FS
	// MaxUpload bounds one media upload, in bytes (default 20 MiB).
	MaxUpload int64
	// Render turns Markdown into sanitised HTML at save time (episode
	// bodies and transcripts, series introductions) and for the editor's
	// previews; render.New() when nil.
	Render *render.Renderer
	// Notify turns the review loop's e-mail notifications on (an SMTP
	// server is configured): steps and notes write them to the outbox.
	Notify bool
	// OnMail, if set, is called after a change wrote notifications (to
	// wake the sender).
	OnMail func()
}

// Handler serves /admin.
type Handler struct {
	cfg Config
	st  Store
	log *slog.Logger
	mux *http.ServeMux
}

// New builds the back office's handler.
func New(cfg Config) *Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 20 << 20
	}
	if cfg.Hasher == nil {
		cfg.Hasher = auth.NewHasher(2)
	}
	if cfg.Render == nil {
		cfg.Render = render.New()
	}
	if cfg.Zone == nil {
		if z, err := time.LoadLocation("America/Toronto"); err == nil {
			cfg.Zone = z
		} else {
			cfg.Zone = time.UTC
		}
	}
	h := &Handler{cfg: cfg, st: cfg.Store, log: cfg.Logger}
	h.mux = h.routes()
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	h.mux.ServeHTTP(w, r)
}

// actor returns the signed-in staff member, or nil. A session past its idle
// or absolute limit, or of a suspended member, counts as signed out (and is
// deleted).
func (h *Handler) actor(r *http.Request) (*content.User, error) {
	u, _, err := h.session(r)
	return u, err
}

// session reads the request's session cookie: the active staff member
// it signs in, or, when the session has ended (idle too long, or too
// old; EndSession deletes it then) or had ended before, the staff member
// it was (expired), so that a form they post then is held for them
// rather than lost (held.go). A session of an account no longer active
// is deleted and names no one.
func (h *Handler) session(r *http.Request) (actor, expired *content.User, err error) {
	c, err := r.Cookie(sessionCookie(r))
	if err != nil || c.Value == "" {
		return nil, nil, nil
	}
	ctx := r.Context()
	hash := auth.HashToken(c.Value)
	now := h.cfg.Now()
	u, created, lastSeen, err := h.st.SessionUser(ctx, hash)
	if errors.Is(err, content.ErrNotFound) {
		// Ended before this request (in another tab, say)?
		u, err := h.st.EndedSessionUser(ctx, hash, now.Add(-store.EndedSessionTTL))
		if err != nil || !u.Active() {
			return nil, nil, nil
		}
		return nil, u, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if !u.Active() {
		_ = h.st.DeleteSession(ctx, hash)
		return nil, nil, nil
	}
	if !auth.SessionValid(created, lastSeen, now) {
		if err := h.st.EndSession(ctx, hash, now); err != nil {
			return nil, nil, err
		}
		return nil, u, nil
	}
	if now.Sub(lastSeen) > time.Minute {
		if err := h.st.TouchSession(ctx, hash, now); err != nil {
			return nil, nil, err
		}
	}
	return u, nil, nil
}

// sessionCookie is the session cookie's name: with the __Host- prefix over
// TLS (the browser then insists on Secure, Path=/ and no Domain).
func sessionCookie(r *http.Request) string {
	if r.TLS != nil {
		return "__Host-busrides_session"
	}
	return "busrides_session"
}

// mediaSize is the size of a file the public site serves under /media/,
// or 0 when there is none (content.MediaSize).
func (h *Handler) mediaSize(path string) int64 {
	name, ok := strings.CutPrefix(path, "/media/")
	if !ok || h.cfg.MediaFiles == nil || !fs.ValidPath(name) {
		return 0
	}
	info, err := fs.Stat(h.cfg.MediaFiles, name)
	if err != nil || !info.Mode().IsRegular() {
		return 0
	}
	return info.Size()
}

// mediaSizes is mediaSize for the checks, nil when no files are known.
func (h *Handler) mediaSizes() content.MediaSize {
	if h.cfg.MediaFiles == nil {
		return nil
	}
	return h.mediaSize
}

func (h *Handler) printer(lang content.Lang) *i18n.Printer {
	return h.cfg.Catalogue.Printer(string(lang))
}

// guestLang is the interface language for someone not signed in: ?lang,
// then the public site's cookie, then Accept-Language.
func (h *Handler) guestLang(r *http.Request) content.Lang {
	if l, ok := content.ParseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	if c, err := r.Cookie("busrides_lang"); err == nil {
		if l, ok := content.ParseLang(c.Value); ok {
			return l
		}
	}
	if l, ok := i18n.Negotiate(r.Header.Get("Accept-Language")); ok {
		return content.Lang(l)
	}
	return content.English
}

// audit records an entry; a failure to record is logged, not shown.
func (h *Handler) audit(ctx context.Context, r *http.Request, actor *content.User, action, target, detail string) {
	e := content.AuditEntry{At: h.cfg.Now(), Action: action, Target: target, Detail: detail, IP: httpx.ClientIP(r)}
	if actor != nil {
		e.ActorID = actor.ID
	}
	if err := h.st.AddAudit(ctx, e); err != nil {
		h.log.ErrorContext(ctx, "audit entry not recorded", "action", action, "err", err)
	}
}

// page renders an admin page; an error (a template that fails) is the
// caller's to return, before anything was written.
func (h *Handler) page(w http.ResponseWriter, lang content.Lang, name string, status int, view any) error {
	b, err := h.cfg.Templates.Render(string(lang), name, view)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang.Tag())
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return nil
}
