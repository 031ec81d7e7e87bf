// Package pagecache serves rendered responses from memory: each Page holds
// its bytes, their gzip form and an ETag, all computed once, so a hit costs
// a map lookup and a write. A Cache (cache.go) keeps pages within a budget of
// bytes, drops those that depend on changed content, and builds each missing
// page once.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Page is a complete response body with what is needed to serve it.
type Page struct {
	Status       int
	ContentType  string
	Language     string // Content-Language; empty for none
	CacheControl string
	Body         []byte
	ETag         string // strong ETag of Body; the gzip form's is ETag with -gz
	LastModified time.Time

	// The gzip form is made on the first request that accepts it, once:
	// a cached page pays for it one time, a page served once to a client
	// that does not accept gzip never does.
	gzipOnce sync.Once
	gzipped  []byte // nil when compression does not pay
}

// gzipWriters recycles compressors (each holds several hundred KB of
// tables); it is a cache of scratch space, not state.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// minGzip is the size below which compressing is not worth a round of CPU.
const minGzip = 512

// New builds a page, compressing and hashing its body once.
func New(status int, contentType string, body []byte, modified time.Time) *Page {
	sum := sha256.Sum256(body)
	if spare := cap(body) - len(body); spare > len(body)/8 {
		// A rendered body comes from a buffer grown ahead (32 KiB): keep
		// only its bytes, as a cached page is counted by what it holds.
		body = append(make([]byte, 0, len(body)), body...)
	}
	p := &Page{
		Status:       status,
		ContentType:  contentType,
		CacheControl: "no-cache",
		Body:         body,
		ETag:         `"` + hex.EncodeToString(sum[:12]) + `"`,
		LastModified: modified.UTC().Truncate(time.Second),
	}
	return p
}

// Gzip returns the compressed body, or nil when compressing does not pay.
func (p *Page) Gzip() []byte {
	p.gzipOnce.Do(func() {
		if len(p.Body) < minGzip || !compressible(p.ContentType) {
			return
		}
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(p.Body)
		_ = zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(p.Body) {
			p.gzipped = bytes.Clone(buf.Bytes()) // without the buffer's spare room
		}
	})
	return p.gzipped
}

// compressed reports whether the page has a gzip form, without making it.
func (p *Page) compressed() bool { return len(p.Body) >= minGzip && compressible(p.ContentType) }

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "json") || strings.Contains(ct, "xml") || strings.Contains(ct, "svg")
}

func (p *Page) gzipETag() string { return p.ETag[:len(p.ETag)-1] + `-gz"` }

// ServeHTTP writes the page, answering conditional requests with 304 and
// clients that accept gzip with the compressed bytes. HEAD gets headers only.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	body, etag := p.Body, p.ETag
	if p.compressed() {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			if gz := p.Gzip(); gz != nil {
				body, etag = gz, p.gzipETag()
				h.Set("Content-Encoding", "gzip")
			}
		}
	}
	h.Set("Content-Type", p.ContentType)
	if p.Language != "" {
		h.Set("Content-Language", p.Language)
	}
	if p.CacheControl != "" {
		h.Set("Cache-Control", p.CacheControl)
	}
	if p.Status == http.StatusOK {
		h.Set("ETag", etag)
		if !p.LastModified.IsZero() {
			h.Set("Last-Modified", p.LastModified.Format(http.TimeFormat))
		}
		if p.notModified(r) {
			h.Del("Content-Type")
			h.Del("Content-Encoding")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func (p *Page) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == p.ETag || t == p.gzipETag() {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !p.LastModified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !p.LastModified.After(t) {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding, honouring q=0.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}
