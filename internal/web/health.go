package web

import (
	"net/http"

	"github.com/busrides/busrides/internal/urls"
)

// health answers GET /healthz: 200 when the database answers.
func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if _, err := h.st.Generation(r.Context()); err != nil {
		h.log.ErrorContext(r.Context(), "health check failed", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// robots answers GET /robots.txt.
func (h *Handler) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("User-agent: *\nAllow: /\n\nSitemap: " + h.abs(urls.Sitemap) + "\n"))
}
