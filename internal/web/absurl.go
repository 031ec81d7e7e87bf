package web

import (
	"net/url"
	"strings"
)

// abs makes a site path absolute with the configured base URL; an http(s)
// URL, in any case ("HTTPS://…"), is already absolute.
func (h *Handler) abs(path string) string {
	if l := strings.ToLower(path); path == "" || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return path
	}
	return h.cfg.BaseURL + path
}

// host is the base URL's host name, for stable item ids.
func (h *Handler) host() string {
	u, err := url.Parse(h.cfg.BaseURL)
	if err != nil || u.Hostname() == "" {
		return "busrides.localhost"
	}
	return u.Hostname()
}
