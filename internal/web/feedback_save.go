package web

import (
	"context"
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
// feedback tool, in two steps as on Canada.ca.
//
//   - The answer (answer=yes|no, page=, episode= on an episode's pages,
//     token= when the page script chose one) is stored at once. "Yes" ends
//     with the thanks; "No" counts as it is, and comes back with the
//     optional comment box and the token naming the stored answer. A form
//     posted twice with one token is stored once.
//   - The comment (token=, comment=) is added to that answer, once. An
//     empty comment adds nothing and ends with the thanks.
//
// Answers are limited per client (ratelimit.go); a comment is not counted
// again, since each answer takes one comment at most.
//
// Without scripts each step ends with a 303 to the page in its next state
// (?feedback=no&t=…, ?feedback=thanks); for the page script (Accept:
// application/json) with JSON, errors included, in the page's language.
// Personal information is redacted before storing. On error the page comes
// back with the message and the text as typed.
func (h *Handler) saveFeedback(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBody)
	p := h.printer(lang)
	if err := r.ParseForm(); err != nil {
		h.feedbackFailed(w, r, lang, http.StatusBadRequest)
		return
	}
	target, ok := h.feedbackTarget(r, lang)
	if !ok {
		h.feedbackFailed(w, r, lang, http.StatusNotFound)
		return
	}
	post := postedFeedback(r)
	if !post.answered {
		// Not counted against the limit: a comment only completes an
		// answer that was, once.
		h.saveFeedbackComment(w, r, lang, target, post)
		return
	}
	if !h.limiter.allow(httpx.ClientIP(r)) {
		h.feedbackError(w, r, lang, target, post, p.T("feedback.error_rate"), http.StatusTooManyRequests)
		return
	}
	f, err := content.NewFeedback(lang, target.path, target.episodeID, post.answer, post.comment, h.cfg.Now())
	if ve, ok := errors.AsType[*content.ValidationError](err); ok {
		h.feedbackError(w, r, lang, target, post, h.validationMessage(lang, ve, post.comment), http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		h.feedbackServerError(w, r, lang, err)
		return
	}
	token := post.token
	if token == "" {
		token = newFeedbackToken()
	}
	f.Key = content.FeedbackKey(token)
	if _, err := h.st.AddFeedback(r.Context(), f); err != nil {
		h.feedbackServerError(w, r, lang, err)
		return
	}
	if f.Answer == content.No && f.Comment == "" {
		// The answer counts; the comment box is a second, optional step.
		if wantsJSON(r) {
			writeJSON(w, http.StatusOK, feedbackResult{OK: true, Message: p.T("feedback.recorded"), Token: token})
			return
		}
		http.Redirect(w, r, withFeedbackState(target.back, "feedback", "no", "t", token), http.StatusSeeOther)
		return
	}
	h.feedbackThanks(w, r, lang, target, f.Redacted)
}

// saveFeedbackComment adds the comment of the second step to the "No" its
// token names.
func (h *Handler) saveFeedbackComment(w http.ResponseWriter, r *http.Request, lang content.Lang, target feedbackTarget, post feedbackPost) {
	p := h.printer(lang)
	if post.token == "" {
		h.feedbackError(w, r, lang, target, post, p.T(content.FeedbackErrAnswer), http.StatusUnprocessableEntity)
		return
	}
	comment, redacted, err := content.FeedbackComment(post.comment)
	if ve, ok := errors.AsType[*content.ValidationError](err); ok {
		h.feedbackError(w, r, lang, target, post, h.validationMessage(lang, ve, post.comment), http.StatusUnprocessableEntity)
		return
	}
	if comment == "" {
		h.feedbackThanks(w, r, lang, target, false) // nothing to add: the answer is in
		return
	}
	now := h.cfg.Now()
	err = h.st.AddFeedbackComment(r.Context(), content.FeedbackKey(post.token), comment, redacted, now.Add(-content.FeedbackCommentWindow))
	if errors.Is(err, content.ErrNotFound) || errors.Is(err, content.ErrConflict) {
		// Too late, or another comment went with this answer: the box
		// comes back without the token, so that sending it again sends
		// the comment with a new answer.
		if wantsJSON(r) {
			writeJSON(w, http.StatusConflict, feedbackResult{OK: false, Message: p.T("feedback.error_expired"), Reset: true})
			return
		}
		post.token = ""
		h.feedbackError(w, r, lang, target, post, p.T("feedback.error_expired"), http.StatusConflict)
		return
	}
	if err != nil {
		h.feedbackServerError(w, r, lang, err)
		return
	}
	h.feedbackThanks(w, r, lang, target, redacted)
}

// feedbackThanks ends a feedback post: the thanks, saying so when personal
// information was removed.
func (h *Handler) feedbackThanks(w http.ResponseWriter, r *http.Request, lang content.Lang, target feedbackTarget, redacted bool) {
	if wantsJSON(r) {
		p := h.printer(lang)
		res := feedbackResult{OK: true, Message: p.T("feedback.thanks"), Redacted: redacted}
		if redacted {
			res.Notice = p.T("feedback.redacted_note")
		}
		writeJSON(w, http.StatusOK, res)
		return
	}
	kv := []string{"feedback", "thanks"}
	if redacted {
		kv = append(kv, "redacted", "1")
	}
	http.Redirect(w, r, withFeedbackState(target.back, kv...), http.StatusSeeOther)
}

func (h *Handler) validationMessage(lang content.Lang, ve *content.ValidationError, comment string) string {
	p := h.printer(lang)
	msg := ""
	for _, key := range ve.Fields {
		msg = p.T(key, "n", strconv.Itoa(utf8.RuneCountInString(strings.TrimSpace(comment))))
	}
	return msg
}

// feedbackPost is what a feedback form sent.
type feedbackPost struct {
	answered bool   // the first step: an answer (with its comment, from a page without its token)
	answer   string // yes or no
	comment  string // as typed
	token    string // valid, or ""
}

func postedFeedback(r *http.Request) feedbackPost {
	fp := feedbackPost{answer: r.PostForm.Get("answer"), comment: r.PostForm.Get("comment")}
	_, fp.answered = r.PostForm["answer"]
	if t := r.PostForm.Get("token"); content.ValidFeedbackToken(t) {
		fp.token = t
	}
	return fp
}

// feedbackTarget is the page a feedback post is about.
type feedbackTarget struct {
	path      string // the page's path: what the answer is about
	back      string // the page with its query, to come back to
	episodeID int64  // the live episode the page shows; 0 for none
}

// feedbackTarget finds the page a feedback post is about: the page named
// by page= (one of the site's pages in lang), and the live episode of
// episode= (whose version in lang is the page when page= is missing).
func (h *Handler) feedbackTarget(r *http.Request, lang content.Lang) (feedbackTarget, bool) {
	var t feedbackTarget
	if raw, ok := r.PostForm["episode"]; ok {
		id, err := strconv.ParseInt(strings.Join(raw, ","), 10, 64)
		if err != nil || id <= 0 {
			return t, false
		}
		ep, err := h.st.PublicEpisodeByID(r.Context(), id, h.cfg.Now())
		if err != nil || ep.Version(lang) == nil {
			return t, false
		}
		t.episodeID = ep.ID
		t.path = urls.Episode(lang, ep.Version(lang).Slug)
		t.back = t.path
	}
	if raw := r.PostForm.Get("page"); raw != "" {
		path, back, ok := h.feedbackPage(lang, raw)
		if !ok {
			return t, false
		}
		t.path, t.back = path, back
	}
	return t, t.path != ""
}

// feedbackError shows the page again with the feedback tool as posted: the
// message, the comment box with the text as typed (or the question, for a
// refused answer). The page script gets JSON.
func (h *Handler) feedbackError(w http.ResponseWriter, r *http.Request, lang content.Lang, target feedbackTarget, post feedbackPost, msg string, status int) {
	if wantsJSON(r) {
		writeJSON(w, status, feedbackResult{OK: false, Message: msg})
		return
	}
	form := FeedbackForm{Error: msg, Token: post.token, Comment: post.comment}
	if !post.answered || post.comment != "" || post.answer == string(content.No) {
		form.State = "no"
	}
	st := feedbackState{form: form}
	req, err := http.NewRequestWithContext(context.WithValue(r.Context(), refusedFeedbackKey{}, st), http.MethodGet, target.back, nil)
	if err != nil {
		h.feedbackServerError(w, r, lang, err)
		return
	}
	req.RemoteAddr = r.RemoteAddr
	if c := r.Header.Get("Cookie"); c != "" {
		req.Header.Set("Cookie", c)
	}
	h.mux.ServeHTTP(&refusedWriter{ResponseWriter: w, status: status}, req)
}

// refusedWriter writes a page shown again for a refused post: with the
// post's status instead of 200, never stored.
type refusedWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *refusedWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	h := w.Header()
	if code == http.StatusOK {
		code = w.status
		h.Del("ETag")
		h.Del("Last-Modified")
	}
	h.Set("Cache-Control", "no-store")
	w.ResponseWriter.WriteHeader(code)
}

func (w *refusedWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// feedbackFailed answers a feedback post that names no page of the site or
// cannot be read: for the page script, JSON in the page's language.
func (h *Handler) feedbackFailed(w http.ResponseWriter, r *http.Request, lang content.Lang, status int) {
	if wantsJSON(r) {
		writeJSON(w, status, feedbackResult{OK: false, Message: h.printer(lang).T("feedback.error_failed")})
		return
	}
	if status == http.StatusNotFound {
		h.notFound(w, r, lang)
		return
	}
	h.badRequest(w, r, lang)
}

// feedbackServerError answers a feedback post that failed on the server:
// logged with the request id; for the page script, JSON in the page's
// language.
func (h *Handler) feedbackServerError(w http.ResponseWriter, r *http.Request, lang content.Lang, err error) {
	if wantsJSON(r) && !errors.Is(err, context.Canceled) {
		h.log.ErrorContext(r.Context(), "request failed", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, feedbackResult{OK: false, Message: h.printer(lang).T("feedback.error_failed")})
		return
	}
	h.fail(w, r, lang, err)
}

// Forbidden answers a request refused by cross-origin protection. A forged
// feedback post gets its page back with an explanation and the text kept
// (JSON for the page script); anything else gets a plain 403.
func (h *Handler) Forbidden(w http.ResponseWriter, r *http.Request) {
	lang := h.langOf(r)
	if r.Method == http.MethodPost && r.URL.Path == urls.Feedback(lang) {
		msg := h.printer(lang).T("feedback.error_forged")
		if wantsJSON(r) {
			writeJSON(w, http.StatusForbidden, feedbackResult{OK: false, Message: msg})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBody)
		if err := r.ParseForm(); err == nil {
			if target, ok := h.feedbackTarget(r, lang); ok {
				h.feedbackError(w, r, lang, target, postedFeedback(r), msg, http.StatusForbidden)
				return
			}
		}
	}
	http.Error(w, h.printer(lang).T("error.forbidden"), http.StatusForbidden)
}

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, lang content.Lang) {
	http.Error(w, h.printer(lang).T("error.bad_request"), http.StatusBadRequest)
}

// feedbackResult is the JSON answer to the page script.
type feedbackResult struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
	// Token names the stored "No" for the comment that may follow.
	Token    string `json:"token,omitempty"`
	Redacted bool   `json:"redacted,omitempty"`
	// Notice says that personal information was removed.
	Notice string `json:"notice,omitempty"`
	// Reset: the comment can no longer go with its answer; sent again, it
	// goes with a new one.
	Reset bool `json:"reset,omitempty"`
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
