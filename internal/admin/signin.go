package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/store"
)

// maxSignInBody bounds a sign-in post.
const maxSignInBody = 8 << 10

// showSignIn answers GET /admin/sign-in.
func (h *Handler) showSignIn(w http.ResponseWriter, r *http.Request, _ *content.User) error {
	if actor, err := h.actor(r); err == nil && actor != nil {
		http.Redirect(w, r, "/admin/", http.StatusSeeOther)
		return nil
	}
	lang := h.guestLang(r)
	p := h.printer(lang)
	view := SignInPage{Common: h.common(lang, nil, p.T("admin.signin_title")), Other: lang.Other()}
	q := r.URL.Query()
	switch {
	case q.Get("held") != "":
		view.Held, view.Notice = q.Get("held"), p.T("admin.signin_held")
	case q.Get("ended") == "upload":
		view.Notice = p.T("admin.signin_ended_upload")
	case q.Get("ended") != "":
		view.Notice = p.T("admin.signin_ended")
	}
	return h.page(w, lang, "admin-signin", http.StatusOK, view)
}

// signIn answers POST /admin/sign-in. Unknown and known accounts get the
// same answer and take the same time (an unknown e-mail is checked against
// a dummy hash). After 5 failures for an account in 15 minutes, or 20 from
// one address, every attempt is refused with 429, even with the right
// password, until the window has passed.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, _ *content.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxSignInBody)
	lang := h.guestLang(r)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	if l, ok := content.ParseLang(r.PostForm.Get("lang")); ok {
		lang = l
	}
	p := h.printer(lang)
	typed := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	held := r.PostForm.Get("held")
	view := SignInPage{Common: h.common(lang, nil, p.T("admin.signin_title")), Email: typed, Other: lang.Other(), Held: held}
	if held != "" {
		view.Notice = p.T("admin.signin_held")
	}
	ctx := r.Context()
	now := h.cfg.Now()
	ip := httpx.ClientIP(r)

	email, emailErr := content.NormalizeEmail(typed)
	if emailErr != nil {
		email = strings.ToLower(typed)
	}
	byEmail, byIP, err := h.st.LoginFailures(ctx, email, ip, auth.FailureSince(now))
	if err != nil {
		return inLang(lang, err)
	}
	if auth.Throttled(byEmail, byIP) {
		h.cfg.Hasher.VerifyUnknown(password) // same cost as a real check
		view.Error = p.T("admin.signin_throttled")
		return h.page(w, lang, "admin-signin", http.StatusTooManyRequests, view)
	}

	var user *content.User
	ok := false
	if emailErr == nil {
		user, err = h.st.UserByEmail(ctx, email)
		switch {
		case errors.Is(err, content.ErrNotFound):
			user = nil
		case err != nil:
			return inLang(lang, err)
		}
	}
	if user == nil {
		h.cfg.Hasher.VerifyUnknown(password)
	} else {
		phc, err := h.st.PasswordHash(ctx, user.ID)
		if err != nil {
			return inLang(lang, err)
		}
		ok, err = h.cfg.Hasher.Verify(password, phc)
		if err != nil {
			h.log.ErrorContext(ctx, "stored password hash unreadable", "user", user.ID, "err", err)
			ok = false
		}
	}
	if !ok || !user.Active() {
		if err := h.st.RecordLoginFailure(ctx, email, ip, now); err != nil {
			return inLang(lang, err)
		}
		h.audit(ctx, r, nil, "signin.failed", "email:"+email, "")
		if byEmail+1 >= auth.MaxAccountFailures {
			h.audit(ctx, r, nil, "signin.lockout", "email:"+email, "")
		}
		if byIP+1 >= auth.MaxIPFailures {
			h.audit(ctx, r, nil, "signin.lockout", "ip:"+ip, "")
		}
		view.Error = p.T("admin.signin_failed")
		return h.page(w, lang, "admin-signin", http.StatusUnauthorized, view)
	}

	if err := h.startSession(w, r, user, now); err != nil {
		return inLang(lang, err)
	}
	if err := h.st.ClearLoginFailures(ctx, email); err != nil {
		h.log.WarnContext(ctx, "sign-in failures not cleared", "err", err)
	}
	h.audit(ctx, r, user, "signin", "user:"+itoa(user.ID), "")
	// A form held for this person while they signed in again: send it on.
	if held != "" {
		if _, _, err := h.st.HeldPost(ctx, auth.HashToken(held), user.ID, now.Add(-store.HeldPostTTL)); err == nil {
			http.Redirect(w, r, "/admin/held/"+url.PathEscape(held), http.StatusSeeOther)
			return nil
		}
	}
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
	return nil
}

// startSession opens a server-side session for user and sets its cookie
// (HttpOnly, SameSite=Lax; Secure and __Host- over TLS).
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, user *content.User, now time.Time) error {
	token, hash := auth.NewToken()
	if err := h.st.CreateSession(r.Context(), hash, user.ID, now, httpx.ClientIP(r), truncate(r.UserAgent(), 200)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie(r),
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
		MaxAge:   int(auth.AbsoluteTimeout / time.Second),
	})
	return nil
}

// signOut answers POST /admin/sign-out: the session ends now, on the server.
func (h *Handler) signOut(w http.ResponseWriter, r *http.Request, _ *content.User) error {
	if c, err := r.Cookie(sessionCookie(r)); err == nil && c.Value != "" {
		actor, _ := h.actor(r)
		if err := h.st.DeleteSession(r.Context(), auth.HashToken(c.Value)); err != nil {
			if actor != nil {
				return inLang(actor.Lang, err)
			}
			return err
		}
		if actor != nil {
			h.audit(r.Context(), r, actor, "signout", "user:"+itoa(actor.ID), "")
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie(r), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, signInURL, http.StatusSeeOther)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
