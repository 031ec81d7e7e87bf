package app

import (
	"context"
	"net/http"
)

// resolver answers whether an internal link resolves on the public site, by
// asking the site itself (a HEAD request served in process, nothing on the
// network): 2xx and redirects resolve, anything else does not. The back
// office's pre-publish checklist uses it.
func resolver(site http.Handler) func(ctx context.Context, path string) bool {
	return func(ctx context.Context, path string) bool {
		r, err := http.NewRequestWithContext(ctx, http.MethodHead, path, nil)
		if err != nil {
			return false
		}
		r.RemoteAddr = "127.0.0.1:0"
		w := &statusWriter{h: http.Header{}}
		site.ServeHTTP(w, r)
		if w.code == 0 {
			w.code = http.StatusOK
		}
		return w.code < 400
	}
}

// statusWriter keeps the status of a response and drops its body.
type statusWriter struct {
	h    http.Header
	code int
}

func (w *statusWriter) Header() http.Header { return w.h }

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return len(b), nil
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
