package admin

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/httpx"
)

// Errors are answered in one place. A handler returns an error instead of
// answering it; serve (routes.go) passes it to errorPage, which renders a
// page of the admin layout with the status the error stands for:
//
//	errForbidden                     403
//	content.ErrNotFound              404
//	content.ErrConflict              409
//	*content.ValidationError         422 (a refusal no form shows again)
//	*refusal (errBadRequest…)        its own status (400, 413)
//	anything else                    500, logged with the request id
//
// A form that fails validation is not an error: its handler shows the
// form again with what was typed (and a 409 or 422 status) and returns nil.

// errForbidden refuses an action to the signed-in staff member (or to a
// guest posting to a guarded route).
var errForbidden = errors.New("admin: not allowed")

// refusal is a request refused as it was sent, with no form to show again.
type refusal struct {
	status int
	title  string // catalogue key
	text   string // catalogue key
	msg    string // already translated; replaces text when set
}

func (e *refusal) Error() string {
	return fmt.Sprintf("admin: request refused: %d %s", e.status, e.text+e.msg)
}

var (
	// errBadRequest: a body, path or value the page would not send (400).
	errBadRequest = &refusal{status: http.StatusBadRequest, title: "admin.error_bad_request_title", text: "admin.error_bad_request"}
	// errBadIDs: a selection of rows that cannot be read (400).
	errBadIDs = &refusal{status: http.StatusBadRequest, title: "admin.error_bad_request_title", text: "admin.feedback_bad_ids"}
	// errBodyTooLarge: a form body over its limit (413).
	errBodyTooLarge = &refusal{status: http.StatusRequestEntityTooLarge, title: "admin.error_too_large_title", text: "admin.error_too_large"}
)

// badRequestSaying is a 400 whose page says msg (translated).
func badRequestSaying(msg string) error {
	return &refusal{status: http.StatusBadRequest, title: "admin.error_bad_request_title", msg: msg}
}

// langError asks for err to be answered in lang: the language chosen on
// the sign-in page or an invitation's, where no one is signed in yet.
type langError struct {
	lang content.Lang
	err  error
}

func (e *langError) Error() string { return e.err.Error() }
func (e *langError) Unwrap() error { return e.err }

// inLang returns err (nil stays nil) to be answered in lang.
func inLang(lang content.Lang, err error) error {
	if err == nil {
		return nil
	}
	return &langError{lang: lang, err: err}
}

// errorPage answers err with a page of the admin layout in lang. A
// signed-in actor gets the navigation and a link to the dashboard; a
// guest (actor nil) a link to the sign-in page. A server error is logged
// with the request id, which the page shows; its text never does.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, lang content.Lang, actor *content.User, err error) {
	if le, ok := errors.AsType[*langError](err); ok {
		lang = le.lang
	}
	p := h.printer(lang)
	var status int
	var title, text, ref string
	switch rf, isRefusal := errors.AsType[*refusal](err); {
	case errors.Is(err, errForbidden):
		status, title, text = http.StatusForbidden, p.T("admin.forbidden_title"), p.T("admin.forbidden")
	case errors.Is(err, content.ErrNotFound):
		status, title, text = http.StatusNotFound, p.T("admin.error_not_found_title"), p.T("admin.error_not_found")
	case errors.Is(err, content.ErrConflict):
		status, title, text = http.StatusConflict, p.T("admin.error_conflict_title"), p.T("admin.error_conflict")
	case isValidation(err):
		status, title, text = http.StatusUnprocessableEntity, p.T("admin.error_invalid_title"), p.T("admin.error_invalid")
	case isRefusal:
		status, title, text = rf.status, p.T(rf.title), rf.msg
		if text == "" {
			text = p.T(rf.text)
		}
	default:
		ref = httpx.RequestID(r.Context())
		h.log.ErrorContext(r.Context(), "admin request failed", "request_id", ref, "method", r.Method, "path", r.URL.Path, "err", err)
		status, title, text = http.StatusInternalServerError, p.T("admin.error_server_title"), p.T("admin.error_server")
	}
	view := Message{Common: h.common(lang, actor, title), Text: text, Ref: ref}
	if actor != nil {
		view.Back = Link{Label: p.T("admin.error_back_dashboard"), URL: "/admin/"}
	} else {
		view.Back = Link{Label: p.T("admin.error_back_signin"), URL: signInURL}
	}
	if perr := h.page(w, lang, "admin-message", status, view); perr != nil {
		// The layout itself cannot be rendered: the last answer left is
		// plain text, still with the request id.
		id := httpx.RequestID(r.Context())
		h.log.ErrorContext(r.Context(), "admin error page not rendered", "request_id", id, "status", status, "err", perr)
		http.Error(w, title+"\n"+p.T("admin.error_reference", "id", id), status)
	}
}

func isValidation(err error) bool {
	_, ok := errors.AsType[*content.ValidationError](err)
	return ok
}
