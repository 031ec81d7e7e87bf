// Package httpx holds the HTTP middleware every surface shares: request
// ids, the access log, panic recovery and security headers.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID returns the id given to the request by WithRequestID.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithRequestID gives every request an id, which the access log records
// and error pages show as their reference. Responses with an error status
// (400 and above) also carry it in X-Request-Id (AccessLog adds it as the
// status is written); a page served well does without the header, one
// header fewer on every cached page.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// statusWriter records the status and size of a response, and gives an
// error response its request id.
type statusWriter struct {
	http.ResponseWriter
	id     string
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if code >= http.StatusBadRequest && w.id != "" {
			w.Header()["X-Request-Id"] = []string{w.id}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// AccessLog logs one line per request: id, method, route pattern, status,
// size and duration. It never logs query strings or form values. It
// wraps what WithRequestID wraps.
func AccessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, id: RequestID(r.Context())}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		path := r.URL.Path
		if strings.Contains(r.Pattern, "{token}") {
			// A secret in the path (an invitation, a held form, a
			// preview link): the log names the route, not the token.
			_, path, _ = strings.Cut(r.Pattern, " ")
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", sw.id),
			slog.String("method", r.Method),
			slog.String("route", r.Pattern),
			slog.String("path", path),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// Recover turns a panic into a call of fail, which should render a 500 page.
func Recover(log *slog.Logger, fail func(w http.ResponseWriter, r *http.Request, err any), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic", "request_id", RequestID(r.Context()), "panic", v)
				fail(w, r, v)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ClientIP is the address a request came from: the TCP peer. (Behind a
// proxy this is the proxy; trusting forwarded headers needs configuration.)
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ContentSecurityPolicy allows only the site's own scripts, styles, fonts,
// images and media. The design system's components style their shadow roots
// with constructed stylesheets, which style-src does not govern, and add one
// <style> to <head> whose hash is listed here (GCDS components 1.3.1; a
// version bump changes it). Nothing inline is allowed otherwise.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-cQUN0Mzu0Lgb8rMs8J0WogUMBejyHI/K2/alYj672vo='; " +
	"img-src 'self' data:; font-src 'self'; media-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries. The values are
// built once and shared by every response (a header map's values are
// replaced or appended to, never changed in place), which spares each
// request an allocation per header.
func SecurityHeaders(next http.Handler) http.Handler {
	fixed := []struct {
		name  string
		value []string
	}{
		{"Content-Security-Policy", []string{ContentSecurityPolicy}},
		{"X-Content-Type-Options", []string{"nosniff"}},
		{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
		{"X-Frame-Options", []string{"DENY"}},
		{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
		{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	}
	hsts := []string{"max-age=31536000"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, f := range fixed {
			h[f.name] = f.value[:1:1]
		}
		if r.TLS != nil {
			h["Strict-Transport-Security"] = hsts[:1:1]
		}
		next.ServeHTTP(w, r)
	})
}
