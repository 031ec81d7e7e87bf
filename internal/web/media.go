package web

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/media"
	"github.com/busrides/busrides/internal/ui"
)

// inlineMedia lists the types /media/ shows in the browser; anything else
// found in the media folder (put there by hand) is sent as a download in a
// sandbox, never rendered on the site's origin.
var inlineMedia = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".webp": true, ".gif": true,
	".mp3": true, ".m4a": true, ".mp4": true, ".webm": true, ".vtt": true,
}

// serveMedia answers GET /media/{file...} from the media folder: uploads
// (internal/media) and files put there, then the demo's media. The folder
// is an fs.FS (os.Root-backed in production), so a path can never leave
// it; names starting with a dot, backslashes and folders are refused.
// The type comes from the extension (uploads get the extension of their
// sniffed type), with nosniff; content-addressed uploads are cached for a
// year.
func (h *Handler) serveMedia(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if h.cfg.Media == nil || !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") ||
		strings.HasPrefix(path.Base(name), ".") {
		h.NotFound(w, r)
		return
	}
	f, err := h.cfg.Media.Open(name)
	if err != nil {
		h.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		h.NotFound(w, r)
		return
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		h.fail(w, r, h.langOf(r), errors.New("media: file is not seekable"))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", ui.ContentType(name))
	hd.Set("X-Content-Type-Options", "nosniff")
	if !inlineMedia[strings.ToLower(path.Ext(name))] {
		hd.Set("Content-Disposition", "attachment")
		hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	if media.IsStoredName(name) || media.IsVariantName(name) {
		// The name is the SHA-256 of the bytes (of the original, for a
		// smaller copy, written once with it): they never change.
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "public, max-age=86400")
	}
	// ServeContent handles Range (for audio and video players), HEAD and
	// conditional requests.
	http.ServeContent(w, r, "", info.ModTime().Truncate(time.Second), rs)
}
