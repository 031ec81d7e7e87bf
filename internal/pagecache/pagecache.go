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
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	fastgzip "github.com/klauspost/compress/gzip"
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
	gzipped  []byte   // nil when compression does not pay
	gzipLen  []string // Content-Length of gzipped, made with it

	// The header values, made on the first request (after the caller has
	// set Language and CacheControl) and shared by every response: a
	// header map's values are replaced or appended to, never changed in
	// place, and each has a capacity of one, so an append copies.
	hdrOnce sync.Once
	hdr     headers

	// zipped marks a page kept in its gzip form only (Compact): Body is
	// nil, and a client that does not take gzip gets the bytes inflated
	// as they are written.
	zipped bool
}

// headers are a page's response header values, each a one-value slice.
type headers struct {
	contentType, language, cacheControl, etag, gzipETag, lastModified, length, vary, gzip []string
}

func one(v string) []string { return []string{v}[:1:1] }

func (p *Page) headers() *headers {
	if p.zipped {
		return &p.hdr // copied from the full page by Compact
	}
	p.hdrOnce.Do(func() {
		h := &p.hdr
		h.contentType, h.length = one(p.ContentType), one(strconv.Itoa(len(p.Body)))
		if p.Language != "" {
			h.language = one(p.Language)
		}
		if p.CacheControl != "" {
			h.cacheControl = one(p.CacheControl)
		}
		h.etag, h.gzipETag = one(p.ETag), one(p.ETag[:len(p.ETag)-1]+`-gz"`)
		if !p.LastModified.IsZero() {
			h.lastModified = one(p.LastModified.Format(http.TimeFormat))
		}
		h.vary, h.gzip = one("Accept-Encoding"), one("gzip")
	})
	return &p.hdr
}

// gzipWriters recycles compressors (each holds several hundred KB of
// tables); it is a cache of scratch space, not state. Every page missed
// in the cache pays its compression: on five episode pages of a
// 10,000-episode library (19.5 KB each), klauspost/compress at level 6
// took 178 µs a page for 5,852 bytes, where the standard library's level
// 4 took 353 µs for 5,867 bytes and its level 1 262 µs for 6,465 bytes
// (which the byte-bounded cache would pay in pages kept).
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := fastgzip.NewWriterLevel(nil, gzipLevel)
	return zw
}}

// gzipLevel is the compression level of cached pages.
const gzipLevel = 6

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
	if p.zipped {
		return p.gzipped
	}
	p.gzipOnce.Do(func() {
		if len(p.Body) < minGzip || !compressible(p.ContentType) {
			return
		}
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*fastgzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(p.Body)
		_ = zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(p.Body) {
			p.gzipped = bytes.Clone(buf.Bytes()) // without the buffer's spare room
			p.gzipLen = one(strconv.Itoa(len(p.gzipped)))
		}
	})
	return p.gzipped
}

// compressed reports whether the page has a gzip form, without making it.
func (p *Page) compressed() bool {
	return p.zipped || len(p.Body) >= minGzip && compressible(p.ContentType)
}

// Compact returns the page as a cache keeps it: its gzip form only, when
// it has one (a quarter of the bytes for HTML), so that four times as many
// pages fit in the same memory; p itself is not changed. Almost every
// client takes gzip; one that does not gets the bytes inflated as they
// are written, a cost paid only by such clients.
func (p *Page) Compact() *Page {
	gz := p.Gzip()
	if gz == nil {
		return p
	}
	h := *p.headers()
	return &Page{Status: p.Status, ContentType: p.ContentType, Language: p.Language, CacheControl: p.CacheControl,
		ETag: p.ETag, LastModified: p.LastModified, gzipped: gz, gzipLen: p.gzipLen, hdr: h, zipped: true}
}

// inflaters recycles decompressors for the few clients without gzip; a
// cache of scratch space, not state.
var inflaters sync.Pool

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "json") || strings.Contains(ct, "xml") || strings.Contains(ct, "svg")
}

// ServeHTTP writes the page, answering conditional requests with 304 and
// clients that accept gzip with the compressed bytes. HEAD gets headers
// only. It allocates nothing of its own: the header values are the page's.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, v := w.Header(), p.headers()
	body, etag, length := p.Body, v.etag, v.length
	if p.compressed() {
		if _, ok := h["Vary"]; ok {
			h.Add("Vary", "Accept-Encoding")
		} else {
			h["Vary"] = v.vary
		}
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			if gz := p.Gzip(); gz != nil {
				body, etag, length = gz, v.gzipETag, p.gzipLen
				h["Content-Encoding"] = v.gzip
			}
		}
	}
	h["Content-Type"] = v.contentType
	if v.language != nil {
		h["Content-Language"] = v.language
	}
	if v.cacheControl != nil {
		h["Cache-Control"] = v.cacheControl
	}
	if p.Status == http.StatusOK {
		h["Etag"] = etag
		if v.lastModified != nil {
			h["Last-Modified"] = v.lastModified
		}
		if p.notModified(r) {
			delete(h, "Content-Type")
			delete(h, "Content-Encoding")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h["Content-Length"] = length
	w.WriteHeader(p.Status)
	if r.Method == http.MethodHead {
		return
	}
	if p.zipped && body == nil {
		p.inflate(w)
		return
	}
	_, _ = w.Write(body)
}

// inflate writes a compact page's bytes to a client that does not take
// gzip, with the standard library's decompressor (a rare path: its
// recycled readers allocate less than klauspost/compress's).
func (p *Page) inflate(w io.Writer) {
	src := bytes.NewReader(p.gzipped)
	in, _ := inflaters.Get().(*inflater)
	if in == nil {
		zr, err := gzip.NewReader(src)
		if err != nil {
			return // not possible: the bytes were compressed here
		}
		in = &inflater{zr: zr, buf: make([]byte, 16<<10)}
	} else if err := in.zr.Reset(src); err != nil {
		return
	}
	_, _ = io.CopyBuffer(w, in.zr, in.buf)
	inflaters.Put(in)
}

// inflater is a decompressor and its copy buffer, recycled (inflaters).
type inflater struct {
	zr  *gzip.Reader
	buf []byte
}

func (p *Page) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		v := p.headers()
		for inm != "" {
			var t string
			t, inm, _ = strings.Cut(inm, ",")
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == p.ETag || t == v.gzipETag[0] {
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
	for ae != "" {
		var part string
		part, ae, _ = strings.Cut(ae, ",")
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
