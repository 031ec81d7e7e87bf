// Package media checks and prepares the files of the media library, with
// no HTTP and no database: it decides a file's type from its bytes (never
// from its name or the browser's word), refuses anything outside a short
// allow-list (SVG, HTML, polyglots, executables…), removes metadata from
// images byte by byte without re-encoding them, reads dimensions and
// durations from the headers, and names stored files itself. Library keeps
// the files in one folder that code cannot leave (os.Root).
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Type is an accepted file type.
type Type struct {
	MIME string
	Ext  string // canonical extension of stored files, with the dot
	Kind content.MediaKind
}

// The accepted types: the allow-list.
var (
	JPEG = Type{"image/jpeg", ".jpg", content.MediaImage}
	PNG  = Type{"image/png", ".png", content.MediaImage}
	WebP = Type{"image/webp", ".webp", content.MediaImage}
	GIF  = Type{"image/gif", ".gif", content.MediaImage}
	MP3  = Type{"audio/mpeg", ".mp3", content.MediaAudio}
	M4A  = Type{"audio/mp4", ".m4a", content.MediaAudio}
	VTT  = Type{"text/vtt", ".vtt", content.MediaCaptions}
)

// Types lists the accepted types.
var Types = []Type{JPEG, PNG, WebP, GIF, MP3, M4A, VTT}

// Error is a refused file. Key is an i18n catalogue key saying why, in
// words for the person who uploaded it.
type Error struct {
	Key    string
	Detail string // for logs, in English
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return "media: " + e.Key
	}
	return "media: " + e.Key + ": " + e.Detail
}

// Error keys (i18n catalogue keys).
const (
	ErrEmpty    = "admin.media_error_empty"    // no bytes
	ErrType     = "admin.media_error_type"     // not one of the accepted types
	ErrSVG      = "admin.media_error_svg"      // SVG is refused
	ErrHTML     = "admin.media_error_html"     // a web page, or script code inside the file
	ErrCorrupt  = "admin.media_error_corrupt"  // starts like an accepted type but is damaged or truncated
	ErrPixels   = "admin.media_error_pixels"   // more pixels than allowed
	ErrCaptions = "admin.media_error_captions" // not WebVTT in UTF-8
	ErrTooLarge = "admin.media_error_too_large"
)

// ErrorKeys lists every key an Error may carry (for catalogue tests).
var ErrorKeys = []string{ErrEmpty, ErrType, ErrSVG, ErrHTML, ErrCorrupt, ErrPixels, ErrCaptions, ErrTooLarge}

func refuse(key, format string, args ...any) *Error {
	return &Error{Key: key, Detail: fmt.Sprintf(format, args...)}
}

// Limits bound what Process accepts.
type Limits struct {
	// MaxPixels is the largest width × height of an image (checked from
	// the header, before anything is decoded). 0 means DefaultMaxPixels.
	MaxPixels int64
	// MaxFrames bounds the frames of an animated GIF. 0 means DefaultMaxFrames.
	MaxFrames int
}

const (
	DefaultMaxPixels = 40_000_000
	DefaultMaxFrames = 2000
)

// File is an accepted file, ready to store.
type File struct {
	Type
	Data     []byte // the bytes to store: metadata and trailing data removed
	Width    int
	Height   int
	Duration time.Duration // audio: 0 when unknown
	SHA256   string        // hex, of Data
}

// Process sniffs b, refuses what is not allowed, strips metadata and
// trailing bytes, and measures the result. The error is an *Error for
// anything the uploader can fix.
func Process(b []byte, lim Limits) (*File, error) {
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = DefaultMaxPixels
	}
	if lim.MaxFrames <= 0 {
		lim.MaxFrames = DefaultMaxFrames
	}
	t, err := Sniff(b)
	if err != nil {
		return nil, err
	}
	f := &File{Type: t}
	switch t {
	case JPEG:
		f.Data, f.Width, f.Height, err = stripJPEG(b)
	case PNG:
		f.Data, f.Width, f.Height, err = stripPNG(b)
	case WebP:
		f.Data, f.Width, f.Height, err = stripWebP(b)
	case GIF:
		f.Data, f.Width, f.Height, err = stripGIF(b, lim.MaxFrames)
	case MP3:
		f.Data, f.Duration, err = checkMP3(b)
	case M4A:
		f.Data, f.Duration, err = checkM4A(b)
	case VTT:
		f.Data, err = checkVTT(b)
	}
	if err != nil {
		return nil, err
	}
	if t.Kind == content.MediaImage {
		if f.Width <= 0 || f.Height <= 0 {
			return nil, refuse(ErrCorrupt, "no dimensions")
		}
		if int64(f.Width)*int64(f.Height) > lim.MaxPixels {
			return nil, refuse(ErrPixels, "%d×%d", f.Width, f.Height)
		}
		if err := checkDecodeConfig(t, f.Data, f.Width, f.Height); err != nil {
			return nil, err
		}
	}
	// What a browser sniffs (the first bytes) must not look like a page
	// or a script; for captions, nowhere in the file.
	head := f.Data
	if t != VTT && len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if m := markup(head); m != "" {
		return nil, refuse(ErrHTML, "%q inside", m)
	}
	sum := sha256.Sum256(f.Data)
	f.SHA256 = hex.EncodeToString(sum[:])
	return f, nil
}

// sniffLen is how much of a file the polyglot check reads: more than the
// 512 bytes browsers sniff.
const sniffLen = 1024

// markers are the starts of markup that has no business in a media file.
var markers = [][]byte{
	[]byte("<script"), []byte("<?php"), []byte("<html"), []byte("<!doctype"), []byte("<svg"),
	[]byte("<iframe"), []byte("<body"), []byte("<head"), []byte("<object"), []byte("<embed"),
	[]byte("<?xml"), []byte("<img"), []byte("<a "), []byte("javascript:"),
}

// markup returns the first marker found in b (case-insensitively), or "".
func markup(b []byte) string {
	for i := 0; i < len(b); i++ {
		if b[i] != '<' && b[i] != 'j' && b[i] != 'J' {
			continue
		}
		for _, m := range markers {
			if len(b)-i >= len(m) && bytes.EqualFold(b[i:i+len(m)], m) {
				return string(m)
			}
		}
	}
	return ""
}

// Sniff names the type of b from its first bytes. Anything not accepted is
// an *Error: SVG and HTML with their own keys.
func Sniff(b []byte) (Type, error) {
	switch {
	case len(b) == 0:
		return Type{}, refuse(ErrEmpty, "empty")
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return GIF, nil
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return WebP, nil
	case bytes.HasPrefix(b, []byte("ID3")):
		return MP3, nil
	case len(b) >= 4 && mp3Header(b) != nil:
		return MP3, nil
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		if m4aBrand(b) {
			return M4A, nil
		}
		return Type{}, refuse(ErrType, "ISO media without an M4A brand")
	}
	text := bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if isVTTSignature(text) {
		return VTT, nil
	}
	text = bytes.TrimLeft(text, " \t\r\n\f")
	lower := bytes.ToLower(text[:min(len(text), 4096)])
	switch {
	case bytes.Contains(lower, []byte("<svg")):
		return Type{}, refuse(ErrSVG, "SVG")
	case len(lower) > 0 && lower[0] == '<', markup(lower) != "":
		return Type{}, refuse(ErrHTML, "markup")
	}
	return Type{}, refuse(ErrType, "unknown signature % x", b[:min(len(b), 8)])
}
