package content

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MediaKind is what a file of the media library is for.
type MediaKind string

const (
	MediaImage    MediaKind = "image"
	MediaAudio    MediaKind = "audio"
	MediaCaptions MediaKind = "captions"
)

// MediaKinds lists the kinds, in the order the back office shows them.
var MediaKinds = [3]MediaKind{MediaImage, MediaAudio, MediaCaptions}

// ParseMediaKind returns the kind for "image", "audio" or "captions".
func ParseMediaKind(s string) (MediaKind, bool) {
	switch MediaKind(s) {
	case MediaImage, MediaAudio, MediaCaptions:
		return MediaKind(s), true
	}
	return "", false
}

// Media is one file of the media library. The file lives in the media
// folder under Path, a name the server chose (never the uploaded one);
// Label is the uploaded name, cleaned, shown to staff only.
type Media struct {
	ID       int64
	Path     string // slash-separated, relative to the media folder, e.g. "uploads/2026/11/ab…cd.jpg"
	Kind     MediaKind
	MIME     string
	Bytes    int64
	Width    int           // images only
	Height   int           // images only
	Duration time.Duration // audio, when it could be read
	Label    string
	// Alt is the default alternative text of an image in each language;
	// where an image is used, the use may override it.
	Alt Bilingual
	// Variants are an image's smaller copies, made at upload for
	// responsive images (srcset) and thumbnails, narrowest first; none
	// for GIFs, animated images, images too narrow to need any, and
	// images whose copies could not be made.
	Variants   []ImageVariant
	SHA256     string // hex, of the stored bytes; unique in the library
	UploadedBy int64  // 0: unknown (the account is gone, or the command line)
	Version    int    // moves with every change (stale saves are conflicts)
	CreatedAt  time.Time
}

// URL is where the public site serves the file.
func (m *Media) URL() string { return "/media/" + m.Path }

// Image is the file as pages show an image: its size and smaller copies.
func (m *Media) Image() ImageSet {
	return ImageSet{Path: m.Path, Width: m.Width, Height: m.Height, Variants: m.Variants}
}

// ImageVariant is a smaller copy of an image of the media library, made
// at upload: the same picture, Width pixels wide.
type ImageVariant struct {
	Width, Height int
	// Path is the copy's name in the media folder, VariantPath of the
	// original's: "uploads/2026/11/<sha256>-320w.jpg".
	Path string
}

// URL is where the public site serves the copy.
func (v ImageVariant) URL() string { return "/media/" + v.Path }

// VariantPath is the name in the media folder of the copy, width pixels
// wide, of the file stored under stored: stored without its extension,
// then "-<width>w" and ext (with its dot), e.g. "uploads/2026/11/ab…cd-320w.jpg"
// for "uploads/2026/11/ab…cd.webp" and ".jpg".
func VariantPath(stored string, width int, ext string) string {
	return strings.TrimSuffix(stored, path.Ext(stored)) + "-" + strconv.Itoa(width) + "w" + ext
}

// ImageSet is an image of the media library as a page shows it: the
// file's path and size, and its smaller copies, narrowest first.
type ImageSet struct {
	Path          string
	Width, Height int
	Variants      []ImageVariant
}

// URL is where the public site serves the file itself.
func (s ImageSet) URL() string { return "/media/" + s.Path }

// candidates are what a browser may choose from: the copies, then the
// file itself unless it is more than twice as wide as the widest copy
// (a far larger original is left to the copies: a browser would fetch
// megabytes for a wide, dense screen).
func (s ImageSet) candidates() []ImageVariant {
	out := slices.Clip(s.Variants)
	if n := len(out); n == 0 || s.Width <= 2*out[n-1].Width {
		out = append(out, ImageVariant{Width: s.Width, Height: s.Height, Path: s.Path})
	}
	return out
}

// Srcset is the value of an img element's srcset attribute: the URL and
// width of each copy, narrowest first, then of the file itself when it is
// at most twice as wide as the widest copy ("/media/…-160w.jpg 160w,
// /media/…-320w.jpg 320w, …"). "" when there are no copies: the file
// alone needs no srcset.
func (s ImageSet) Srcset() string {
	if len(s.Variants) == 0 {
		return ""
	}
	var b strings.Builder
	for i, v := range s.candidates() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.URL())
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteByte('w')
	}
	return b.String()
}

// Fit is the src of an image shown about width pixels wide (browsers that
// read srcset choose for themselves): of the copies and the file in
// Srcset, the narrowest at least width pixels wide, else the widest.
func (s ImageSet) Fit(width int) ImageVariant {
	c := s.candidates()
	for _, v := range c {
		if v.Width >= width {
			return v
		}
	}
	return c[len(c)-1]
}

// MaxAltRunes bounds each language's alternative text.
const MaxAltRunes = 500

// CanChangeMedia reports whether actor may change the alternative text of,
// or delete, a file uploaded by ownerID: their own uploads with
// ActionUploadMedia, anyone's with ActionManageMedia.
func CanChangeMedia(actor *User, ownerID int64) bool {
	if Can(actor, ActionManageMedia) {
		return true
	}
	return ownerID != 0 && actor != nil && ownerID == actor.ID && Can(actor, ActionUploadMedia)
}
