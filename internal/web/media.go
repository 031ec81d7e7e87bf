package web

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/ui"
)

// serveMedia answers GET /media/{file...} from the media folder. The folder
// is an fs.FS (an os.Root-backed one in production), so a path can never
// leave it; names starting with a dot are refused too.
func (h *Handler) serveMedia(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if h.cfg.Media == nil || !fs.ValidPath(name) || strings.HasPrefix(path.Base(name), ".") {
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
	if err != nil || info.IsDir() {
		h.NotFound(w, r)
		return
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		h.fail(w, r, h.langOf(r), errors.New("media: file is not seekable"))
		return
	}
	w.Header().Set("Content-Type", ui.ContentType(name))
	w.Header().Set("Cache-Control", "public, max-age=86400")
	// ServeContent handles Range (for audio and video players), HEAD and
	// conditional requests.
	http.ServeContent(w, r, "", info.ModTime().Truncate(time.Second), rs)
}
