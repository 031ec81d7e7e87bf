package content

import (
	"net/url"
	"path"
	"strings"
)

// What a feed can carry of a version's recording.
//
// Episode feeds (RSS, Atom, JSON Feed) and podcasts give a Listen or Watch
// version's recording as an enclosure: an address readers' apps can fetch
// (a file on this site, or an external https URL), its MIME type, and its
// exact size in bytes. FeedMedia decides it from the version alone, given
// the sizes of the site's own files, so that the public site (which
// writes the feeds), the publishing checklist and the back office's list
// of feed problems agree. When the recording cannot be carried as it is,
// feeds never fail: episode feeds carry the episode without its
// recording, and podcasts leave the version out.

// MediaSize reports the size in bytes of a file this site serves, given
// its path ("/media/talk.mp3"), or 0 when there is no such file. The
// public site and the back office read it from the media folder; the
// domain does no I/O.
type MediaSize func(path string) int64

// Feed check keys (i18n catalogue keys): why feeds cannot carry a
// version's recording as it is. Each one makes podcasts leave the version
// out; all but FeedDuration also make episode feeds carry the episode
// without its recording.
const (
	FeedNoMedia      = "check.feed_no_media"      // no recording at all
	FeedMediaAddress = "check.feed_media_address" // not an https URL or a path on this site
	FeedMediaHTTP    = "check.feed_media_http"    // an http:// URL: feeds link recordings over https only
	FeedMediaBytes   = "check.feed_media_bytes"   // an external file without its size in bytes
	FeedMediaFile    = "check.feed_media_file"    // a path on this site where no file is
	FeedMediaType    = "check.feed_media_type"    // no type, and none told by the file's extension
	FeedDuration     = "check.feed_duration"      // no length: podcasts need one
)

// FeedCheckKeys lists every feed check key, in the order FeedMedia
// reports them.
var FeedCheckKeys = [...]string{FeedNoMedia, FeedMediaAddress, FeedMediaHTTP, FeedMediaBytes, FeedMediaFile, FeedMediaType, FeedDuration}

// Enclosure is a version's recording as feeds carry it.
type Enclosure struct {
	URL   string // a path on this site ("/media/talk.mp3") or an https URL
	Type  string // MIME type, audio/… for Listen, video/… for Watch
	Bytes int64  // exact size
}

// FeedMedia decides how feeds carry the recording of v, a version of an
// episode of kind k. It returns the enclosure, nil when feeds cannot give
// one, and the problems, as checks of v's language naming the editor's
// field to fix:
//
//   - the address must be a path on this site or an https URL (an http://
//     URL is refused: podcast apps and browsers expect https);
//   - the size is the file's own for a path on this site (size; a path
//     where no file is, or a nil size, is FeedMediaFile), and the declared
//     MediaBytes for an external URL (which the site cannot measure);
//   - the type is MediaType when it suits the kind (audio/… for Listen,
//     video/… for Watch), else the one the address's extension tells
//     (MediaTypeFor), else FeedMediaType;
//   - podcasts also need the recording's length (FeedDuration).
//
// Read episodes carry no recording: nil, nil. Podcasts carry a version
// only when FeedMedia reports no problem; episode feeds carry the
// enclosure whenever it is not nil.
//
// FeedMediaFile is a warning (the file may be put in the media folder
// without touching the episode); the other problems are errors.
func FeedMedia(k Kind, v *Version, size MediaSize) (*Enclosure, []Check) {
	if v == nil || !k.HasMedia() {
		return nil, nil
	}
	var checks []Check
	add := func(key string, sev Severity, field, arg string) {
		checks = append(checks, Check{Key: key, Severity: sev, Lang: v.Lang, Field: field, Arg: arg})
	}
	enc := &Enclosure{URL: v.MediaURL}
	switch u := v.MediaURL; {
	case strings.TrimSpace(u) == "":
		add(FeedNoMedia, SevError, "media_url", "")
		enc = nil
	case !ValidURL(u):
		add(FeedMediaAddress, SevError, "media_url", u)
		enc = nil
	case strings.HasPrefix(u, "/"):
		if size != nil {
			enc.Bytes = size(u)
		}
		if enc.Bytes <= 0 {
			add(FeedMediaFile, SevWarning, "media_url", u)
			enc = nil
		}
	case !strings.HasPrefix(strings.ToLower(u), "https:"):
		add(FeedMediaHTTP, SevError, "media_url", u)
		enc = nil
	case v.MediaBytes <= 0 || v.MediaBytes > MaxMediaBytes:
		add(FeedMediaBytes, SevError, "media_bytes", u)
		enc = nil
	default:
		// The scheme in lower case, as feed readers write it back.
		enc.URL, enc.Bytes = "https"+u[len("https"):], v.MediaBytes
	}
	typ := v.MediaType
	if !ValidMediaType(k, typ) {
		typ = MediaTypeFor(k, v.MediaURL)
	}
	if typ == "" && strings.TrimSpace(v.MediaURL) != "" {
		add(FeedMediaType, SevError, "media_type", v.MediaType)
		enc = nil
	}
	if enc != nil {
		enc.Type = typ
	}
	if v.MediaSeconds <= 0 || v.MediaSeconds > MaxMediaSeconds {
		add(FeedDuration, SevError, "media_seconds", "")
	}
	return enc, checks
}

// mediaTypes are the MIME types told by a recording's extension, per kind.
var mediaTypes = map[Kind]map[string]string{
	Listen: {
		".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".m4b": "audio/mp4", ".mp4": "audio/mp4", ".aac": "audio/aac",
		".oga": "audio/ogg", ".ogg": "audio/ogg", ".opus": "audio/opus", ".wav": "audio/wav", ".flac": "audio/flac",
		".webm": "audio/webm",
	},
	Watch: {
		".mp4": "video/mp4", ".m4v": "video/x-m4v", ".webm": "video/webm", ".mov": "video/quicktime", ".ogv": "video/ogg",
	},
}

// MediaTypeFor is the MIME type the extension of a recording's address
// tells for an episode of kind k ("/media/talk.mp3" → audio/mpeg for
// Listen; "…/talk.webm" → video/webm for Watch, audio/webm for Listen), or
// "" when it tells none. The query and fragment are ignored.
func MediaTypeFor(k Kind, u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return mediaTypes[k][strings.ToLower(path.Ext(p))]
}

// FillMediaType gives a Listen or Watch version whose media type was left
// empty the type of its recording: the media library's type of the file
// (libraryType, "" when the file is not one the library knows) when it
// suits the kind, else the one the address's extension tells. It reports
// whether it filled the type; a type already given is kept.
func FillMediaType(k Kind, v *Version, libraryType string) bool {
	if v == nil || !k.HasMedia() || v.MediaType != "" || v.MediaURL == "" {
		return false
	}
	t := libraryType
	if !ValidMediaType(k, t) {
		t = MediaTypeFor(k, v.MediaURL)
	}
	v.MediaType = t
	return t != ""
}

// MediaLibraryPath is the library path of a recording's address when it
// is a file of the media folder ("/media/uploads/2026/11/ab.mp3" →
// "uploads/2026/11/ab.mp3"), for asking the media library about it.
func MediaLibraryPath(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, "/media/")
	if !ok || rest == "" || strings.ContainsAny(rest, "?#\\") || strings.Contains("/"+rest+"/", "/../") {
		return "", false
	}
	return rest, true
}
