package content

import (
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
	Alt        Bilingual
	SHA256     string // hex, of the stored bytes; unique in the library
	UploadedBy int64  // 0: unknown (the account is gone, or the command line)
	Version    int    // moves with every change (stale saves are conflicts)
	CreatedAt  time.Time
}

// URL is where the public site serves the file.
func (m *Media) URL() string { return "/media/" + m.Path }

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
