package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// The page feedback tool ("Did you find what you were looking for?") is on
// every page but the error pages and the splash page. Its state comes with
// the request: ?feedback=no&t=… after a "No" (the optional comment box),
// ?feedback=thanks (&redacted=1) at the end, or the form shown again when
// a post is refused (feedback_save.go). A page with a state is built for
// its request and never cached; without one, the page is the cached page.

// feedbackState is what a request asks of the page's feedback tool, and
// where the tool's forms bring the reader back.
type feedbackState struct {
	form FeedbackForm // State, Token, Comment, Error, Redacted
	page string       // this page, path and query
}

type feedbackStateKey struct{}

// refusedFeedbackKey marks a request that shows a refused post again:
// its state is the form as posted, not the query's.
type refusedFeedbackKey struct{}

// feedbackRequest returns r carrying the feedback tool's state for the page
// whose address is page (its path and normalised query), and whether the
// page has a state: the caller then builds it for this request only.
func feedbackRequest(r *http.Request, page string) (*http.Request, bool) {
	st, stateful := feedbackStateOf(r, page)
	return r.WithContext(contextWithFeedback(r.Context(), st)), stateful
}

// feedbackStateOf is the feedback tool's state that r asks of the page at
// page, and whether it has one. A request without a query string and not
// showing a refused post costs no allocation (the cached pages' path).
func feedbackStateOf(r *http.Request, page string) (feedbackState, bool) {
	if st, ok := r.Context().Value(refusedFeedbackKey{}).(feedbackState); ok {
		st.page = page
		return st, true
	}
	st := feedbackState{page: page}
	if r.URL.RawQuery == "" {
		return st, false
	}
	q := r.URL.Query()
	switch q.Get("feedback") {
	case "no":
		st.form.State = "no"
		if t := q.Get("t"); content.ValidFeedbackToken(t) {
			st.form.Token = t
		}
	case "thanks":
		st.form.State = "thanks"
		st.form.Redacted = q.Get("redacted") == "1"
	}
	return st, st.form.State != ""
}

// contextWithFeedback is ctx carrying st for the page built with it.
func contextWithFeedback(ctx context.Context, st feedbackState) context.Context {
	return context.WithValue(ctx, feedbackStateKey{}, st)
}

// feedbackForm is the feedback tool of the page at path built with ctx.
func feedbackForm(ctx context.Context, lang content.Lang, path string) FeedbackForm {
	st, _ := ctx.Value(feedbackStateKey{}).(feedbackState)
	f := st.form
	f.Page = st.page
	if f.Page == "" {
		f.Page = path
	}
	f.Action = urls.Feedback(lang)
	f.PrivacyURL = urls.Privacy(lang)
	f.MaxRunes = content.MaxFeedbackRunes
	return f
}

// feedbackParams are the query parameters of the tool's states, left out
// of the address a reader comes back to.
var feedbackParams = []string{"feedback", "t", "redacted"}

// withoutFeedbackParams is path with the query q less the tool's states.
func withoutFeedbackParams(path string, q url.Values) string {
	for _, k := range feedbackParams {
		q.Del(k)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// withFeedbackState is the page to come back to after a post, in a state:
// page (path and query) with kv added, and the fragment of the tool.
func withFeedbackState(page string, kv ...string) string {
	path, query, _ := strings.Cut(page, "?")
	q, _ := url.ParseQuery(query)
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return path + "?" + q.Encode() + "#feedback"
}

// maxFeedbackPage bounds the page address a feedback post names.
const maxFeedbackPage = 2000

// feedbackPage checks the page a feedback post names: a page of the
// public site in lang (one of the routes pageRoute registered), as a path
// and query on this site. It returns the path (what the answer is about)
// and the address to come back to.
func (h *Handler) feedbackPage(lang content.Lang, raw string) (path, back string, ok bool) {
	if len(raw) > maxFeedbackPage || !strings.HasPrefix(raw, "/"+string(lang)+"/") {
		return "", "", false
	}
	for i := range len(raw) {
		if c := raw[i]; c <= ' ' || c >= 0x7f || c == '\\' || c == '#' {
			return "", "", false
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", "", false
	}
	p := u.EscapedPath()
	if strings.Contains(p, "//") || strings.Contains(p, "/./") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..") {
		return "", "", false
	}
	_, pattern := h.mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: u.Path, RawPath: u.RawPath}, Header: http.Header{}})
	if !h.pages[pattern] {
		return "", "", false
	}
	// A {slug} is a slug, as the page's handler requires.
	segs := strings.Split(u.Path, "/")
	for i, w := range strings.Split(strings.TrimPrefix(pattern, "GET "), "/") {
		if w == "{slug}" && (i >= len(segs) || !content.ValidSlug(segs[i])) {
			return "", "", false
		}
	}
	return p, withoutFeedbackParams(p, u.Query()), true
}

// newFeedbackToken is a random token for a stored answer (128 bits).
func newFeedbackToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}
