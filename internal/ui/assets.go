package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/busrides/busrides/internal/pagecache"
)

//go:embed static
var staticFS embed.FS

// Assets serves the embedded static files under a prefix that holds a hash
// of their content, so they can be cached for a year and still change on
// upgrade. Each file is compressed once, on first request.
type Assets struct {
	fsys   fs.FS
	prefix string // "/static/<hash>/"
	built  time.Time
	mu     sync.Mutex
	pages  map[string]*pagecache.Page
}

// NewAssets hashes the embedded static files once.
func NewAssets() (*Assets, error) { return newAssets(StaticFS()) }

func newAssets(fsys fs.FS) (*Assets, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return &Assets{
		fsys:   fsys,
		prefix: "/static/" + hex.EncodeToString(h.Sum(nil))[:12] + "/",
		built:  time.Now(),
		pages:  map[string]*pagecache.Page{},
	}, nil
}

// Prefix is the URL path under which assets are served.
func (a *Assets) Prefix() string { return a.prefix }

// URL returns the URL of a static file, e.g. URL("css/site.css").
func (a *Assets) URL(name string) string { return a.prefix + name }

// ServeHTTP serves GET /static/{hash}/{path...}. A request for an older
// hash is redirected to the current one.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, a.prefix)
	if !ok {
		// /static/<other-hash>/file: send to the current version.
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/static/"), "/", 2)
		if len(parts) == 2 && fs.ValidPath(parts[1]) {
			if _, err := fs.Stat(a.fsys, parts[1]); err == nil {
				http.Redirect(w, r, a.prefix+parts[1], http.StatusFound)
				return
			}
		}
		http.NotFound(w, r)
		return
	}
	p, err := a.page(rest)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	p.ServeHTTP(w, r)
}

func (a *Assets) page(name string) (*pagecache.Page, error) {
	if !fs.ValidPath(name) || strings.HasPrefix(path.Base(name), ".") {
		return nil, fs.ErrNotExist
	}
	a.mu.Lock()
	p := a.pages[name]
	a.mu.Unlock()
	if p != nil {
		return p, nil
	}
	info, err := fs.Stat(a.fsys, name)
	if err != nil || info.IsDir() {
		return nil, fs.ErrNotExist
	}
	b, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		return nil, err
	}
	p = pagecache.New(http.StatusOK, ContentType(name), b, a.built)
	p.CacheControl = "public, max-age=31536000, immutable"
	a.mu.Lock()
	a.pages[name] = p
	a.mu.Unlock()
	return p, nil
}

// ContentType names the type of a file from its extension, with the types
// the site serves spelled out rather than left to the system's table.
func ContentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	case ".ico":
		return "image/x-icon"
	case ".mp3":
		return "audio/mpeg"
	case ".m4a":
		return "audio/mp4"
	case ".mp4":
		return "video/mp4"
	case ".webm":
		return "video/webm"
	case ".vtt":
		return "text/vtt; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// jsonAttr encodes a value as JSON for an HTML attribute (html/template
// escapes it for the attribute context).
func jsonAttr(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// StaticFS exposes the embedded static files (for tests).
func StaticFS() fs.FS {
	sub, _ := fs.Sub(staticFS, "static")
	return sub
}
