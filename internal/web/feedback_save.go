package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
	"github.com/busrides/busrides/internal/urls"
)

// maxFeedbackBody bounds the size of a feedback post.
const maxFeedbackBody = 16 << 10

// saveFeedback answers POST /en/feedback and /fr/retroaction: the page
// feedback tool. The comment is validated, personal information is redacted,
// the row is stored, and only then does the reader see the thanks (303 to
// the page with ?feedback=thanks, or JSON when the page's script asked).
// On error the page comes back with the message and the text as typed.
func (h *Handler) saveFeedback(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBody)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, lang)
		return
	}
	ep, v, ok := h.feedbackTarget(r, lang)
	if !ok {
		h.notFound(w, r, lang)
		return
	}
	answer, comment := r.PostForm.Get("answer"), r.PostForm.Get("comment")
	p := h.printer(lang)
	if !h.limiter.allow(httpx.ClientIP(r)) {
		h.feedbackError(w, r, lang, v.Slug, comment, p.T("feedback.error_rate"), http.StatusTooManyRequests)
		return
	}
	path := urls.Episode(lang, v.Slug)
	f, err := content.NewFeedback(lang, path, ep.ID, answer, comment, h.cfg.Now())
	if ve, ok := errors.AsType[*content.ValidationError](err); ok {
		msg := ""
		for _, key := range ve.Fields {
			msg = p.T(key, "n", strconv.Itoa(utf8.RuneCountInString(strings.TrimSpace(comment))))
		}
		h.feedbackError(w, r, lang, v.Slug, comment, msg, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	if _, err := h.st.AddFeedback(r.Context(), f); err != nil {
		h.fail(w, r, lang, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, feedbackResult{OK: true, Message: p.T("feedback.thanks"), Redacted: f.Redacted})
		return
	}
	target := path + "?feedback=thanks"
	if f.Redacted {
		target += "&redacted=1"
	}
	http.Redirect(w, r, target+"#feedback", http.StatusSeeOther)
}

// feedbackTarget finds the live episode version a feedback post is about.
func (h *Handler) feedbackTarget(r *http.Request, lang content.Lang) (*content.Episode, *content.Version, bool) {
	id, err := strconv.ParseInt(r.PostForm.Get("episode"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, false
	}
	ep, err := h.st.PublicEpisodeByID(r.Context(), id, h.cfg.Now())
	if err != nil || ep.Version(lang) == nil {
		return nil, nil, false
	}
	return ep, ep.Version(lang), true
}

// feedbackError shows the episode page again with the comment box open, the
// message, and the comment as typed.
func (h *Handler) feedbackError(w http.ResponseWriter, r *http.Request, lang content.Lang, slug, comment, msg string, status int) {
	if wantsJSON(r) {
		writeJSON(w, status, feedbackResult{OK: false, Message: msg})
		return
	}
	view, err := h.episodeView(r.Context(), lang, slug, FeedbackForm{State: "no", Comment: comment, Error: msg})
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	view.NoIndex = true
	out, err := h.render(lang, "episode", status, view)
	if err != nil {
		h.fail(w, r, lang, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang.Tag())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(out.status)
	_, _ = w.Write(out.body)
}

// Forbidden answers a request refused by cross-origin protection. A forged
// feedback post gets its page back with an explanation and the text kept;
// anything else gets a plain 403.
func (h *Handler) Forbidden(w http.ResponseWriter, r *http.Request) {
	lang := h.langOf(r)
	if r.Method == http.MethodPost && r.URL.Path == urls.Feedback(lang) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBody)
		if err := r.ParseForm(); err == nil {
			if _, v, ok := h.feedbackTarget(r, lang); ok {
				h.feedbackError(w, r, lang, v.Slug, r.PostForm.Get("comment"), h.printer(lang).T("feedback.error_forged"), http.StatusForbidden)
				return
			}
		}
	}
	http.Error(w, h.printer(lang).T("error.forbidden"), http.StatusForbidden)
}

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	http.Error(w, h.printer(lang).T("error.bad_request"), http.StatusBadRequest)
}

type feedbackResult struct {
	OK       bool   `json:"ok"`
	Message  string `json:"message"`
	Redacted bool   `json:"redacted,omitempty"`
}

// wantsJSON is true for the page script's fetch, which asks for JSON.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
