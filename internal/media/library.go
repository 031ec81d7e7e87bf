package media

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// UploadDir is the folder of the media folder that uploads go into.
const UploadDir = "uploads"

// StoredName is the server's name for a stored file: the upload month,
// then the SHA-256 of the bytes and the canonical extension of the sniffed
// type, e.g. "uploads/2026/11/3a7b…e1.jpg". The name never comes from the
// uploader, and the same bytes always get the same name (so the public
// URL can be cached for good).
func StoredName(t Type, sha string, at time.Time) string {
	at = at.UTC()
	return fmt.Sprintf("%s/%04d/%02d/%s%s", UploadDir, at.Year(), int(at.Month()), sha, t.Ext)
}

var storedRE = regexp.MustCompile(`^` + UploadDir + `/[0-9]{4}/[0-9]{2}/[0-9a-f]{64}\.(jpg|png|webp|gif|mp3|m4a|vtt)$`)

// IsStoredName reports whether name has the shape StoredName gives: the
// public site serves such names as immutable.
func IsStoredName(name string) bool { return storedRE.MatchString(name) }

// MaxLabelRunes bounds the label kept from an uploaded file's name.
const MaxLabelRunes = 200

// Label turns an uploaded file's name into a label to show staff: the
// last path element (either slash), in NFC, without control, format
// (bidi overrides, zero-width) or replacement characters, spaces collapsed,
// at most MaxLabelRunes. It is only ever shown (escaped), never used as a
// path.
func Label(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(name)
	var b strings.Builder
	space := false
	n := 0
	for _, r := range name {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		if n >= MaxLabelRunes {
			break
		}
		b.WriteRune(r)
		n++
	}
	s := b.String()
	if utf8.RuneCountInString(s) > MaxLabelRunes {
		s = string([]rune(s)[:MaxLabelRunes])
	}
	return s
}

// Library is the media folder. Every read and write goes through an
// os.Root, so no name can reach outside it (no "..", no absolute path, no
// symbolic link out).
type Library struct {
	root *os.Root
}

// OpenLibrary opens the media folder dir, creating it if needed.
func OpenLibrary(dir string) (*Library, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	return &Library{root: r}, nil
}

// FS is the folder as an fs.FS (for serving).
func (l *Library) FS() fs.FS { return l.root.FS() }

// Close releases the folder.
func (l *Library) Close() error { return l.root.Close() }

// isLibraryName reports whether name is one Write and Remove accept: an
// upload's (IsStoredName) or a copy's (IsVariantName).
func isLibraryName(name string) bool { return IsStoredName(name) || IsVariantName(name) }

// Write stores data under name (a StoredName, or a VariantName for an
// image's smaller copy) and reports whether it created the file: a file
// already there under a content-addressed name holds the same bytes and is
// left alone. The bytes go to a temporary file first and are renamed into
// place, so a reader never sees half a file.
func (l *Library) Write(name string, data []byte) (created bool, err error) {
	if !isLibraryName(name) {
		return false, fmt.Errorf("media: %q is not a stored name", name)
	}
	if fi, err := l.root.Stat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		return false, nil
	}
	dir := path.Dir(name)
	if err := l.root.MkdirAll(dir, 0o750); err != nil {
		return false, fmt.Errorf("media: %w", err)
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := dir + "/.tmp-" + hex.EncodeToString(rnd[:])
	f, err := l.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return false, fmt.Errorf("media: %w", err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = l.root.Remove(tmp)
		return false, fmt.Errorf("media: write %s: %w", name, err)
	}
	if err := l.root.Rename(tmp, name); err != nil {
		_ = l.root.Remove(tmp)
		return false, fmt.Errorf("media: %w", err)
	}
	return true, nil
}

// Remove deletes a stored file or copy (the names Write accepts); a file
// already gone is not an error.
func (l *Library) Remove(name string) error {
	if !isLibraryName(name) {
		return fmt.Errorf("media: %q is not a stored name", name)
	}
	if err := l.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: %w", err)
	}
	return nil
}
