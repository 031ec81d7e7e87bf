package admin_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/media"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
)

// addMedia stores a media row owned by u (no file), for routes that need
// one. m may preset fields.
func (e *env) addMedia(u *content.User, m *content.Media) *content.Media {
	e.t.Helper()
	var row content.Media
	if m != nil {
		row = *m
	}
	if row.SHA256 == "" {
		var b [32]byte
		_, _ = rand.Read(b[:])
		row.SHA256 = hex.EncodeToString(b[:])
	}
	if row.Kind == "" {
		row.Kind, row.MIME, row.Bytes, row.Width, row.Height = content.MediaImage, "image/png", 10, 4, 3
	}
	if row.Path == "" {
		row.Path = media.StoredName(media.PNG, row.SHA256, e.clock.Now())
	}
	if u != nil {
		row.UploadedBy = u.ID
	}
	row.CreatedAt = e.clock.Now()
	id, err := e.st.CreateMedia(context.Background(), row)
	if err != nil {
		e.t.Fatal(err)
	}
	got, err := e.st.MediaByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

// gpsMarker is in the EXIF GPS fields of the test JPEG.
const gpsMarker = "GPS-45.4215N-75.6972W"

// jpegWithGPS is a real JPEG with an EXIF APP1 segment holding a GPS IFD
// (latitude and a string with gpsMarker). seed varies the pixels.
func jpegWithGPS(t *testing.T, seed int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 12, 9))
	for i := range img.Pix {
		img.Pix[i] = byte(i*7 + seed*31)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	var tiff bytes.Buffer
	be := binary.BigEndian
	tiff.WriteString("MM\x00\x2a")
	_ = binary.Write(&tiff, be, []uint32{8})
	_ = binary.Write(&tiff, be, []uint16{1, 0x8825, 4})
	_ = binary.Write(&tiff, be, []uint32{1, 26, 0})
	_ = binary.Write(&tiff, be, []uint16{2, 0x0002, 5})
	_ = binary.Write(&tiff, be, []uint32{3, 56})
	_ = binary.Write(&tiff, be, []uint16{0x001B, 2})
	_ = binary.Write(&tiff, be, []uint32{uint32(len(gpsMarker) + 1), 80, 0})
	for tiff.Len() < 56 {
		tiff.WriteByte(0)
	}
	_ = binary.Write(&tiff, be, []uint32{45, 1, 25, 1, 1740, 100})
	tiff.WriteString(gpsMarker + "\x00")
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	b := buf.Bytes()
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, b[2:]...)
}

func smallPNG(t *testing.T, seed int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{byte(seed), byte(seed >> 8), 1, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts the upload form with a file part (name and browser type as
// given; data nil: no file part) and the fields.
func (e *env) upload(c *http.Cookie, filename, ctype string, data []byte, fields url.Values) resp {
	e.t.Helper()
	return e.postMultipart(c, "/admin/media", filename, ctype, data, fields)
}

// postMultipart posts a multipart form to path: the fields, then a file
// part "file" (name and browser type as given; data nil: none).
func (e *env) postMultipart(c *http.Cookie, path, filename, ctype string, data []byte, fields url.Values) resp {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if data != nil {
		h := textproto.MIMEHeader{}
		// Quotes and control characters percent-encoded, as browsers do.
		var esc strings.Builder
		for _, r := range filename {
			if r < 0x20 || r == '"' || r == 0x7F {
				fmt.Fprintf(&esc, "%%%02X", r)
			} else {
				esc.WriteRune(r)
			}
		}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+esc.String()+`"`)
		h.Set("Content-Type", ctype)
		w, err := mw.CreatePart(h)
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	hr, err := http.NewRequest("POST", e.srv.URL+path, &body)
	if err != nil {
		e.t.Fatal(err)
	}
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	hr.Header.Set("Origin", e.srv.URL)
	hr.Header.Set("Sec-Fetch-Site", "same-origin")
	hr.AddCookie(c)
	res, err := e.hc.Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res, string(b)}
}

// uploadedID is the media id an upload redirected to.
func uploadedID(t *testing.T, r resp) int64 {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.loc(), "/admin/media/") {
		t.Fatalf("upload: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(r.loc(), "/admin/media/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// mediaFiles lists the files under the media folder (slash paths).
func mediaFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fieldError(body string) string {
	i := strings.Index(body, `<p class="field-error"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], ">")
	k := strings.Index(body[i:], "</p>")
	return html.UnescapeString(body[i+j+1 : i+k])
}

// TestMediaUpload: a JPEG with EXIF GPS, named like a path, is stored
// under a server name without its GPS data and served as image/jpeg;
// the same bytes again lead to the same file.
func TestMediaUpload(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		u := e.addUser("contrib@example.org", content.RoleContributor, content.English, content.UserActive)
		c := e.mustSignIn(u)
		in := jpegWithGPS(t, 1)
		if !bytes.Contains(in, []byte(gpsMarker)) {
			t.Fatal("test image lacks its GPS data")
		}
		r := e.upload(c, "../../../../etc/passwd.png", "image/png", in, url.Values{"alt_en": {" A bus "}, "alt_fr": {"Un autobus"}})
		id := uploadedID(t, r)
		m, err := e.st.MediaByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != content.MediaImage || m.MIME != "image/jpeg" || m.Width != 12 || m.Height != 9 || m.UploadedBy != u.ID ||
			m.Label != "passwd.png" || m.Alt != (content.Bilingual{EN: "A bus", FR: "Un autobus"}) || !media.IsStoredName(m.Path) ||
			!strings.HasSuffix(m.Path, ".jpg") {
			t.Errorf("row: %+v", m)
		}
		files := mediaFiles(t, e.start.MediaDir)
		if len(files) != 1 || files[0] != m.Path {
			t.Fatalf("media folder holds %v, want [%s]", files, m.Path)
		}
		stored, err := os.ReadFile(filepath.Join(e.start.MediaDir, filepath.FromSlash(m.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte(gpsMarker)) || bytes.Contains(stored, []byte("Exif")) || int64(len(stored)) != m.Bytes {
			t.Error("the stored file still has its EXIF GPS data")
		}
		if _, err := jpeg.Decode(bytes.NewReader(stored)); err != nil {
			t.Errorf("stored JPEG: %v", err)
		}
		if e.auditCount("media.uploaded", "media:"+strconv.FormatInt(id, 10)) != 1 {
			t.Error("no media.uploaded audit entry")
		}
		// The public site serves it.
		pub := e.get("/media/"+m.Path, nil)
		if pub.StatusCode != 200 || pub.body != string(stored) || pub.Header.Get("Content-Type") != "image/jpeg" ||
			pub.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(pub.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("public file: %d %q %q", pub.StatusCode, pub.Header.Get("Content-Type"), pub.Header.Get("Cache-Control"))
		}
		// The detail page and the list show it, with the label escaped.
		if r := e.get("/admin/media/"+strconv.FormatInt(id, 10)+"?uploaded=1", c); r.StatusCode != 200 ||
			!strings.Contains(r.body, m.URL()) || !strings.Contains(r.body, `name="alt_en"`) {
			t.Errorf("detail page: %d", r.StatusCode)
		}
		list := e.get("/admin/media?kind=image", c)
		if list.StatusCode != 200 || !strings.Contains(list.body, `src="`+m.URL()+`"`) || !strings.Contains(list.body, "passwd.png") {
			t.Errorf("list: %d\n%s", list.StatusCode, list.body)
		}
		if r := e.get("/admin/media?kind=audio", c); strings.Contains(r.body, m.URL()) {
			t.Error("the audio filter lists the image")
		}
		// Same bytes (after stripping) again: the existing file.
		again := e.upload(c, "other.jpg", "image/jpeg", in, nil)
		if got := uploadedID(t, again); got != id || !strings.Contains(again.Header.Get("Location"), "exists=1") {
			t.Errorf("re-upload: %d %q", got, again.Header.Get("Location"))
		}
		if _, total, _ := e.st.MediaList(context.Background(), store.MediaQuery{}); total != 1 {
			t.Errorf("%d rows after a re-upload", total)
		}
		// Audio and captions.
		mp3 := bytes.Repeat(append([]byte{0xFF, 0xFB, 0x90, 0x64}, make([]byte, 413)...), 50)
		aid := uploadedID(t, e.upload(c, "talk.mp3", "application/octet-stream", mp3, nil))
		if a, _ := e.st.MediaByID(context.Background(), aid); a.Kind != content.MediaAudio || a.MIME != "audio/mpeg" || a.Duration <= 0 {
			t.Errorf("mp3 row: %+v", a)
		}
		vid := uploadedID(t, e.upload(c, "captions.txt", "text/plain", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n"), nil))
		if v, _ := e.st.MediaByID(context.Background(), vid); v.Kind != content.MediaCaptions || !strings.HasSuffix(v.Path, ".vtt") {
			t.Errorf("vtt row: %+v", v)
		} else if pub := e.get("/media/"+v.Path, nil); pub.Header.Get("Content-Type") != "text/vtt; charset=utf-8" {
			t.Errorf("vtt served as %q", pub.Header.Get("Content-Type"))
		}
	})
}

// TestMediaUploadRefused: what is refused gets a message in the staff
// member's language next to the file field, keeps the typed text, and
// writes nothing.
func TestMediaUploadRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		o.MaxUploadMB = 1
		e := newEnv(t, o)
		u := e.addUser("redactrice@example.org", content.RoleAuthor, content.French, content.UserActive)
		c := e.mustSignIn(u)
		fr := printer(t, "fr")
		svg := testutil.ReadCorpus(t, "xss/svg/SVG_XSS1.svg")
		big := append(smallPNG(t, 1), bytes.Repeat([]byte{0}, 1<<20)...)
		for _, tc := range []struct {
			name, filename, ctype string
			data                  []byte
			status                int
			msg                   string
		}{
			{"html named jpg", "photo.jpg", "image/jpeg", []byte("<!DOCTYPE html><script>alert(1)</script>"), 422, fr.T(media.ErrHTML)},
			{"svg", "logo.png", "image/png", svg, 422, fr.T(media.ErrSVG)},
			{"empty", "vide.png", "image/png", []byte{}, 422, fr.T(media.ErrEmpty)},
			{"one byte", "x.jpg", "image/jpeg", []byte{0xFF}, 422, fr.T(media.ErrType)},
			{"pdf", "doc.pdf", "application/pdf", []byte("%PDF-1.7\n"), 422, fr.T(media.ErrType)},
			{"truncated", "cut.jpg", "image/jpeg", jpegWithGPS(t, 2)[:300], 422, fr.T(media.ErrCorrupt)},
			{"too large", "big.png", "image/png", big, 413, fr.T(media.ErrTooLarge, "mb", 1)},
			{"no file", "", "", nil, 422, fr.T("admin.media_error_no_file")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := e.upload(c, tc.filename, tc.ctype, tc.data, url.Values{"alt_en": {"Typed <b>text</b>"}})
				if r.StatusCode != tc.status {
					t.Fatalf("status %d, want %d\n%s", r.StatusCode, tc.status, r.body)
				}
				if got := fieldError(r.body); got != tc.msg {
					t.Errorf("field error %q, want %q", got, tc.msg)
				}
				if htmlLang(r.body) != "fr-CA" || strings.Contains(r.body, "⟦") {
					t.Errorf("page language %q or missing text", htmlLang(r.body))
				}
				if !strings.Contains(r.body, "Typed &lt;b&gt;text&lt;/b&gt;</textarea>") {
					t.Error("the typed alternative text was not kept (escaped)")
				}
			})
		}
		r := e.upload(c, "ok.png", "image/png", smallPNG(t, 3), url.Values{"alt_fr": {strings.Repeat("é", content.MaxAltRunes+1)}})
		if r.StatusCode != 422 || fieldError(r.body) != fr.T("admin.media_alt_too_long", "n", content.MaxAltRunes) {
			t.Errorf("alt too long: %d %q", r.StatusCode, fieldError(r.body))
		}
		if files := mediaFiles(t, e.start.MediaDir); len(files) != 0 {
			t.Errorf("refused uploads left files: %v", files)
		}
		if _, total, _ := e.st.MediaList(context.Background(), store.MediaQuery{}); total != 0 {
			t.Errorf("refused uploads left %d rows", total)
		}
	})
}

// TestMediaFilenameCorpus: every hostile name of the corpus is stored
// under a server name inside the media folder, and shown escaped.
func TestMediaFilenameCorpus(t *testing.T) {
	var doc struct {
		Cases []struct {
			ID       int
			Filename string
		}
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "filenames/malicious-filenames.json"), &doc); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	u := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(u)
	parent := filepath.Dir(e.start.MediaDir)
	before, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range doc.Cases {
		r := e.upload(c, tc.Filename, "text/html", smallPNG(t, 1000+tc.ID), nil)
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("case %d %q: %d %q", tc.ID, tc.Filename, r.StatusCode, fieldError(r.body))
			continue
		}
		id := uploadedID(t, r)
		m, err := e.st.MediaByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !media.IsStoredName(m.Path) || !strings.HasSuffix(m.Path, ".png") {
			t.Errorf("case %d: stored as %q", tc.ID, m.Path)
		}
		page := e.get("/admin/media/"+strconv.FormatInt(id, 10), c)
		if strings.ContainsAny(tc.Filename, "<>\"") && strings.Contains(page.body, tc.Filename) {
			t.Errorf("case %d: the name appears unescaped", tc.ID)
		}
	}
	files := mediaFiles(t, e.start.MediaDir)
	if len(files) != len(doc.Cases) {
		t.Errorf("%d files for %d uploads", len(files), len(doc.Cases))
	}
	for _, f := range files {
		if !media.IsStoredName(f) {
			t.Errorf("unexpected file %q in the media folder", f)
		}
	}
	after, _ := os.ReadDir(parent)
	if len(after) != len(before) {
		t.Errorf("files appeared beside the media folder: %v → %v", before, after)
	}
	if r := e.get("/admin/media?page=2", c); r.StatusCode != 200 || !strings.Contains(r.body, `rel="prev"`) {
		t.Errorf("page 2 of the list: %d", r.StatusCode)
	}
}

// TestMediaOwnership: contributors change and delete their own files
// only; editors anyone's. Alt text saves are stale-checked.
func TestMediaOwnership(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		a := e.addUser("a@example.org", content.RoleContributor, content.English, content.UserActive)
		b := e.addUser("b@example.org", content.RoleAuthor, content.French, content.UserActive)
		ed := e.addUser("ed@example.org", content.RoleEditor, content.English, content.UserActive)
		ca, cb, ced := e.mustSignIn(a), e.mustSignIn(b), e.mustSignIn(ed)
		id := uploadedID(t, e.upload(ca, "a.png", "image/png", smallPNG(t, 7), nil))
		m, _ := e.st.MediaByID(context.Background(), id)
		item := "/admin/media/" + strconv.FormatInt(id, 10)

		// B sees the file, without the forms, and may not change it.
		if r := e.get(item, cb); r.StatusCode != 200 || strings.Contains(r.body, `action="`+item+`/delete"`) || strings.Contains(r.body, `name="alt_en"`) {
			t.Errorf("another author's view: %d", r.StatusCode)
		}
		if r := e.post(item+"/alt", cb, url.Values{"version": {"1"}, "alt_en": {"x"}}); r.StatusCode != 403 || htmlLang(r.body) != "fr-CA" {
			t.Errorf("another author's alt save: %d", r.StatusCode)
		}
		if r := e.post(item+"/delete", cb, url.Values{}); r.StatusCode != 403 {
			t.Errorf("another author's delete: %d", r.StatusCode)
		}
		// A saves; a stale save is a conflict that keeps the typed text.
		if r := e.post(item+"/alt", ca, url.Values{"version": {"1"}, "alt_en": {"Blue square"}, "alt_fr": {"Carré bleu"}}); r.StatusCode != 303 {
			t.Fatalf("own alt save: %d\n%s", r.StatusCode, r.body)
		}
		r := e.post(item+"/alt", ced, url.Values{"version": {"1"}, "alt_en": {"Stale text"}, "alt_fr": {"Texte périmé"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "Stale text</textarea>") || !strings.Contains(r.body, `name="version" value="2"`) {
			t.Errorf("stale save: %d\n%s", r.StatusCode, r.body)
		}
		if got, _ := e.st.MediaByID(context.Background(), id); got.Alt != (content.Bilingual{EN: "Blue square", FR: "Carré bleu"}) {
			t.Errorf("alt after the stale save: %+v", got.Alt)
		}
		if r := e.post(item+"/alt", ca, url.Values{"version": {"2"}, "alt_en": {"a\x01b"}}); r.StatusCode != 422 || fieldError(r.body) == "" {
			t.Errorf("control character: %d", r.StatusCode)
		}
		if r := e.post(item+"/alt", ca, url.Values{"alt_en": {"no version"}}); r.StatusCode != 400 {
			t.Errorf("no version: %d", r.StatusCode)
		}
		for _, p := range []string{"/admin/media/0", "/admin/media/abc", "/admin/media/999999"} {
			if r := e.get(p, ca); r.StatusCode != 400 && r.StatusCode != 404 {
				t.Errorf("GET %s: %d", p, r.StatusCode)
			}
		}
		// The editor deletes A's file: the row, the file, the public URL.
		if r := e.post(item+"/delete", ced, url.Values{}); r.StatusCode != 303 || r.loc() != "/admin/media" {
			t.Fatalf("editor delete: %d", r.StatusCode)
		}
		if _, err := os.Stat(filepath.Join(e.start.MediaDir, filepath.FromSlash(m.Path))); !os.IsNotExist(err) {
			t.Errorf("the file is still there: %v", err)
		}
		if r := e.get(m.URL(), nil); r.StatusCode != 404 {
			t.Errorf("public URL after delete: %d", r.StatusCode)
		}
		if e.auditCount("media.deleted", "media:"+strconv.FormatInt(id, 10)) != 1 || e.auditCount("media.alt", "") != 1 {
			t.Error("audit entries missing")
		}
		// A contributor deletes their own.
		id2 := uploadedID(t, e.upload(ca, "mine.png", "image/png", smallPNG(t, 8), nil))
		if r := e.post(fmt.Sprintf("/admin/media/%d/delete", id2), ca, url.Values{}); r.StatusCode != 303 {
			t.Errorf("own delete: %d", r.StatusCode)
		}
	})
}

// TestMediaInUse: a file's page lists the episodes that use it, in the
// reader's language, with links to them; deleting it is refused (409,
// nothing removed: row, file and public URL stay) until no episode uses it.
func TestMediaInUse(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("ed@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.mustSignIn(ed)
		id := uploadedID(t, e.upload(c, "bus.png", "image/png", smallPNG(t, 9), nil))
		m, err := e.st.MediaByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		item := "/admin/media/" + strconv.FormatInt(id, 10)
		if r := e.get(item, c); r.StatusCode != 200 || !strings.Contains(r.body, "Aucun épisode ni auteur n’utilise ce fichier.") || !strings.Contains(r.body, ">Supprimer le fichier</button>") {
			t.Fatalf("unused file's page: %d\n%s", r.StatusCode, r.body)
		}

		ep := e.addEpisode(ed, "Bus stops")
		ep.Versions[content.French].Image = content.Image{URL: m.URL(), Alt: "Un autobus"}
		if _, err := e.st.SaveEpisode(context.Background(), ep, content.SaveInfo{UserID: ed.ID, Now: e.clock.Now(), BaseRevision: ep.Revision}); err != nil {
			t.Fatal(err)
		}
		r := e.get(item, c)
		link := `<a href="/admin/episodes/` + strconv.FormatInt(ep.ID, 10) + `">Bus stops fr (épisode, Français)</a>`
		if r.StatusCode != 200 || !strings.Contains(r.body, link) || strings.Contains(r.body, "n’utilise ce fichier") {
			t.Errorf("used file's page: %d, want %s\n%s", r.StatusCode, link, r.body)
		}
		if strings.Contains(r.body, ">Supprimer le fichier</button>") || !strings.Contains(r.body, "ne peut pas être supprimé") {
			t.Error("the page offers to delete a file in use, or does not say why it does not")
		}

		r = e.post(item+"/delete", c, url.Values{})
		if r.StatusCode != http.StatusConflict || htmlLang(r.body) != "fr-CA" || !strings.Contains(r.body, "rien n’a été supprimé") || !strings.Contains(r.body, link) {
			t.Errorf("delete of a file in use: %d\n%s", r.StatusCode, r.body)
		}
		if _, err := e.st.MediaByID(context.Background(), id); err != nil {
			t.Errorf("the row is gone: %v", err)
		}
		if _, err := os.Stat(filepath.Join(e.start.MediaDir, filepath.FromSlash(m.Path))); err != nil {
			t.Errorf("the file is gone: %v", err)
		}
		if r := e.get(m.URL(), nil); r.StatusCode != 200 {
			t.Errorf("public URL after a refused delete: %d", r.StatusCode)
		}
		if e.auditCount("media.deleted", "") != 0 {
			t.Error("a refused delete was audited as done")
		}

		// Once the episode no longer shows it, the file can go.
		ep.Versions[content.French].Image = content.Image{}
		if _, err := e.st.SaveEpisode(context.Background(), ep, content.SaveInfo{UserID: ed.ID, Now: e.clock.Now(), BaseRevision: ep.Revision}); err != nil {
			t.Fatal(err)
		}
		if r := e.post(item+"/delete", c, url.Values{}); r.StatusCode != 303 {
			t.Errorf("delete once unused: %d\n%s", r.StatusCode, r.body)
		}
	})
}

// gradientImage is a w×h image with colour across it (so that encoders
// cannot make it trivially small).
func gradientImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{byte(x * 255 / w), byte(y * 255 / h), byte((x + y) % 256), 255})
		}
	}
	return img
}

func encodePNG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// undecodablePNG is a PNG the upload accepts (signature, header, chunk
// checksums and dimensions are right) whose image data does not decode:
// no copies can be made of it.
func undecodablePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	chunk := func(typ string, data []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		out = append(out, typ...)
		out = append(out, data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(make([]byte, 10)) // far fewer bytes than w×h pixels
	_ = zw.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", z.Bytes())...)
	return append(out, chunk("IEND", nil)...)
}

// imgs returns the attributes of the img elements of page whose class
// list holds class.
func imgs(t *testing.T, page, class string) []map[string]string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && n.Data == "img" && slices.Contains(strings.Fields(attr(n, "class")), class) {
			m := map[string]string{}
			for _, a := range n.Attr {
				m[a.Key] = a.Val
			}
			out = append(out, m)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// srcsetOf is the srcset the pages give an image's copies (and the file
// itself when not far larger).
func srcsetOf(m *content.Media, withFile bool) string {
	var parts []string
	for _, v := range m.Variants {
		parts = append(parts, v.URL()+" "+strconv.Itoa(v.Width)+"w")
	}
	if withFile {
		parts = append(parts, m.URL()+" "+strconv.Itoa(m.Width)+"w")
	}
	return strings.Join(parts, ", ")
}

// TestMediaVariants: an image uploaded through the back office gets its
// smaller copies in the media folder, listed in its row; the library and
// the editor's picker show the smallest as a thumbnail; the public pages
// that show the image — the episode page in both languages, the cards of
// the home and topic pages, an author's photo on the author's and the
// episode's pages — give the copies as srcset, with width and height and
// the alternative text in the page's language, hostile text escaped.
// Deleting an unused image removes its copies; an image whose copies
// cannot be made is kept without them.
func TestMediaVariants(t *testing.T) {
	var names struct {
		Cases []struct {
			ID       int
			Filename string
		}
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "filenames/malicious-filenames.json"), &names); err != nil {
		t.Fatal(err)
	}
	hostileName := ""
	for _, c := range names.Cases {
		if strings.Contains(c.Filename, "<img") {
			hostileName = c.Filename
		}
	}
	var xss []string
	for l := range strings.SplitSeq(string(testutil.ReadCorpus(t, "xss/payloadsallthethings/XSS_Polyglots.txt")), "\n") {
		if l = strings.TrimSpace(l); l != "" && strings.ContainsAny(l, `<>"`) && utf8.RuneCountInString(l) <= content.MaxAltRunes && !strings.ContainsFunc(l, unicode.IsControl) {
			xss = append(xss, l)
		}
	}
	if hostileName == "" || len(xss) < 2 {
		t.Fatalf("corpus: name %q, %d alt texts", hostileName, len(xss))
	}
	altEN, altFR := xss[0], "Un autobus à l’aube "+xss[1]

	eachDB(t, func(t *testing.T, o apptest.Options) {
		var logs bytes.Buffer
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		e := newEnv(t, o)
		ctx := context.Background()
		ed := e.addUser("ed@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)

		// A 1000×600 PNG: copies 160, 320, 640 and 960 pixels wide.
		id := uploadedID(t, e.upload(c, hostileName, "image/png", encodePNG(t, gradientImage(1000, 600)), url.Values{"alt_en": {altEN}, "alt_fr": {altFR}}))
		m, err := e.st.MediaByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		want := []string{m.Path}
		for i, w := range []int{160, 320, 640, 960} {
			want = append(want, media.VariantName(m.Path, w, media.PNG))
			if i >= len(m.Variants) {
				continue
			}
			v := m.Variants[i]
			got = append(got, fmt.Sprintf("%dx%d %s", v.Width, v.Height, v.Path))
			// The file is there, an image of that size, served by the site.
			b, err := os.ReadFile(filepath.Join(e.start.MediaDir, filepath.FromSlash(v.Path)))
			if err != nil {
				t.Fatal(err)
			}
			if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != v.Width || cfg.Height != v.Height {
				t.Errorf("%s: %d×%d, %v", v.Path, cfg.Width, cfg.Height, err)
			}
			if r := e.get(v.URL(), nil); r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/png" || r.body != string(b) ||
				!strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
				t.Errorf("GET %s: %d %q", v.URL(), r.StatusCode, r.Header.Get("Content-Type"))
			}
		}
		wantRows := []string{"160x96 " + want[1], "320x192 " + want[2], "640x384 " + want[3], "960x576 " + want[4]}
		if strings.Join(got, "|") != strings.Join(wantRows, "|") {
			t.Errorf("row's copies:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"))
		}
		files := mediaFiles(t, e.start.MediaDir)
		slices.Sort(files)
		slices.Sort(want)
		if !slices.Equal(files, want) {
			t.Errorf("media folder holds %v, want %v", files, want)
		}

		// The library: the 160 copy, the 320 one for dense screens, the
		// proportions at 80 pixels wide, the file's alternative text in
		// the staff member's language; the hostile name escaped.
		list := e.get("/admin/media", c)
		thumbs := imgs(t, list.body, "media-thumb")
		wantThumb := map[string]string{"class": "media-thumb media-thumb-small", "src": m.Variants[0].URL(),
			"srcset": m.Variants[0].URL() + " 160w, " + m.Variants[1].URL() + " 320w", "sizes": "5rem",
			"width": "80", "height": "48", "alt": altEN, "loading": "lazy", "decoding": "async"}
		if list.StatusCode != 200 || len(thumbs) != 1 || !maps.Equal(thumbs[0], wantThumb) {
			t.Errorf("library thumbnails %v, want [%v]", thumbs, wantThumb)
		}
		if strings.Contains(list.body, hostileName) || hostileMarkup(list.body) != "" || !strings.Contains(text(list.body), hostileName) {
			t.Errorf("library: the name is not shown escaped: %q", hostileMarkup(list.body))
		}
		// The editor's image picker.
		editor := e.get("/admin/episodes/new", c)
		picks := imgs(t, editor.body, "media-thumb")
		if editor.StatusCode != 200 || len(picks) != 1 || !maps.Equal(picks[0], wantThumb) ||
			!strings.Contains(editor.body, "<code>"+m.URL()+"</code>") || hostileMarkup(editor.body) != "" {
			t.Errorf("picker thumbnails %v (%q)", picks, hostileMarkup(editor.body))
		}

		// An author photo (JPEG) and a published episode showing the image.
		photoID := uploadedID(t, e.upload(c, "grace.jpg", "image/jpeg", encodeJPEG(t, gradientImage(400, 400)), nil))
		photo, err := e.st.MediaByID(ctx, photoID)
		if err != nil {
			t.Fatal(err)
		}
		if len(photo.Variants) != 2 || photo.Variants[0].Path != media.VariantName(photo.Path, 160, media.JPEG) {
			t.Fatalf("photo's copies: %+v", photo.Variants)
		}
		b := &content.Bundle{
			Topics: []content.Topic{{Key: "transit", Names: content.Bilingual{EN: "Transit", FR: "Transport"}, Slugs: content.Bilingual{EN: "transit", FR: "transport"}}},
			Authors: []content.Author{{Key: "grace", Name: "Grace Hopper", Slugs: content.Bilingual{EN: "grace-hopper", FR: "grace-hopper"},
				Bios: content.Bilingual{EN: "Grace writes.", FR: "Grace écrit."}}},
		}
		ep := wfEpisode("bus", func(ep *content.Episode) {
			ep.Status, ep.PublishedAt = content.Published, e.clock.Now().Add(-time.Hour)
			ep.Topics, ep.Authors = []content.Topic{{Key: "transit"}}, []content.Author{{Key: "grace"}}
			ep.Versions[content.English].Image = content.Image{URL: m.URL(), Alt: altEN, Caption: "Dawn"}
			ep.Versions[content.French].Image = content.Image{URL: m.URL(), Alt: altFR, Caption: "L’aube"}
		})
		b.Episodes = []content.Episode{ep}
		if _, err := e.st.ImportBundle(ctx, b, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		// Imports leave photos alone: the back office sets them.
		grace, err := e.st.AuthorBySlug(ctx, content.English, "grace-hopper")
		if err != nil {
			t.Fatal(err)
		}
		stamp := content.AuthorStamp(*grace)
		grace.Photo = photo.URL()
		if err := e.st.UpdateAuthor(ctx, *grace, stamp, nil, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		// The editor shows the chosen image under each language's field,
		// with its alternative text in the staff member's language, then the
		// picker lists both images.
		edit := e.get("/admin/episodes/"+strconv.FormatInt(b.Episodes[0].ID, 10), c)
		if got := imgs(t, edit.body, "media-thumb"); edit.StatusCode != 200 || len(got) != 4 || !maps.Equal(got[0], wantThumb) || !maps.Equal(got[1], wantThumb) {
			t.Errorf("editor of an episode with the image: %d, thumbnails %v", edit.StatusCode, got)
		}
		feature := map[string]string{"src": m.Variants[3].URL(), "srcset": srcsetOf(m, true),
			"sizes": "(min-width: 59.25rem) 56.25rem, calc(100vw - 3rem)", "width": "1000", "height": "600"}
		card := map[string]string{"class": "card-image", "src": m.Variants[1].URL(), "srcset": srcsetOf(m, true),
			"sizes": "(min-width: 71.25rem) 19.25rem, (min-width: 60rem) calc(33.3vw - 4.5rem), (min-width: 40.5rem) calc(50vw - 4.75rem), calc(100vw - 5.5rem)",
			"width": "1000", "height": "600"}
		authorPhoto := map[string]string{"src": photo.Variants[0].URL(), "srcset": srcsetOf(photo, true), "width": "400", "height": "400", "alt": "Grace Hopper"}
		for _, tc := range []struct {
			lang                 content.Lang
			episode, home, topic string
			author, alt          string
		}{
			{content.English, "/en/episodes/bus-en", "/en/", "/en/topics/transit", "/en/authors/grace-hopper", altEN},
			{content.French, "/fr/episodes/bus-fr", "/fr/", "/fr/sujets/transport", "/fr/auteurs/grace-hopper", altFR},
		} {
			t.Run(string(tc.lang), func(t *testing.T) {
				page := e.publicGet(tc.episode)
				if page.StatusCode != 200 {
					t.Fatalf("GET %s: %d", tc.episode, page.StatusCode)
				}
				// The feature image: first screen, so neither lazy nor async.
				img := figureImg(t, page.body)
				wantFeature := maps.Clone(feature)
				wantFeature["alt"] = tc.alt
				if !maps.Equal(img, wantFeature) {
					t.Errorf("feature image %v\nwant %v", img, wantFeature)
				}
				// The author card, further down: lazy.
				wantPhoto := maps.Clone(authorPhoto)
				wantPhoto["class"], wantPhoto["sizes"], wantPhoto["loading"], wantPhoto["decoding"] = "author-photo", "6rem", "lazy", "async"
				if got := imgs(t, page.body, "author-photo"); len(got) != 1 || !maps.Equal(got[0], wantPhoto) {
					t.Errorf("author card photo %v\nwant %v", got, wantPhoto)
				}
				// Cards of the home and topic pages: the first row loads at once.
				for _, path := range []string{tc.home, tc.topic} {
					r := e.publicGet(path)
					wantCard := maps.Clone(card)
					wantCard["alt"] = tc.alt
					if got := imgs(t, r.body, "card-image"); r.StatusCode != 200 || len(got) != 1 || !maps.Equal(got[0], wantCard) {
						t.Errorf("GET %s: %d, card images %v\nwant %v", path, r.StatusCode, got, wantCard)
					}
				}
				// The author's page.
				r := e.publicGet(tc.author)
				wantPhoto = maps.Clone(authorPhoto)
				wantPhoto["class"], wantPhoto["sizes"] = "author-photo author-photo-page", "9rem"
				if got := imgs(t, r.body, "author-photo"); r.StatusCode != 200 || len(got) != 1 || !maps.Equal(got[0], wantPhoto) {
					t.Errorf("GET %s: %d, photo %v\nwant %v", tc.author, r.StatusCode, got, wantPhoto)
				}
				if strings.Contains(page.body, tc.alt) {
					t.Error("the alternative text appears unescaped")
				}
			})
		}

		// A file in use is not deleted; an unused one goes with its copies.
		if r := e.post("/admin/media/"+strconv.FormatInt(id, 10)+"/delete", c, url.Values{}); r.StatusCode != http.StatusConflict {
			t.Errorf("delete of a file in use: %d", r.StatusCode)
		}
		spareID := uploadedID(t, e.upload(c, "spare.jpg", "image/jpeg", encodeJPEG(t, gradientImage(700, 350)), nil))
		spare, err := e.st.MediaByID(ctx, spareID)
		if err != nil {
			t.Fatal(err)
		}
		if len(spare.Variants) != 3 {
			t.Fatalf("spare copies: %+v", spare.Variants)
		}
		before := len(mediaFiles(t, e.start.MediaDir))
		if r := e.post("/admin/media/"+strconv.FormatInt(spareID, 10)+"/delete", c, url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete: %d", r.StatusCode)
		}
		left := mediaFiles(t, e.start.MediaDir)
		for _, f := range left {
			if strings.Contains(f, spare.SHA256) {
				t.Errorf("%s is left after the delete", f)
			}
		}
		if len(left) != before-4 {
			t.Errorf("%d files before the delete, %d after; want 4 fewer", before, len(left))
		}

		// An image whose copies cannot be made is kept without them, and
		// the problem is logged; the library shows the file itself, at
		// its proportions.
		bad := undecodablePNG(t, 400, 300)
		if _, err := media.Process(bad, media.Limits{}); err != nil {
			t.Fatalf("the undecodable PNG is refused at upload: %v", err)
		}
		badID := uploadedID(t, e.upload(c, "broken.png", "image/png", bad, nil))
		bm, err := e.st.MediaByID(ctx, badID)
		if err != nil {
			t.Fatal(err)
		}
		if len(bm.Variants) != 0 || bm.Width != 400 {
			t.Errorf("undecodable image's row: %+v", bm)
		}
		for _, f := range mediaFiles(t, e.start.MediaDir) {
			if strings.Contains(f, bm.SHA256) && f != bm.Path {
				t.Errorf("copy %s of an undecodable image", f)
			}
		}
		if !strings.Contains(logs.String(), "image stored without smaller copies") || !strings.Contains(logs.String(), bm.Path) {
			t.Errorf("no warning logged:\n%s", logs.String())
		}
		wantBad := map[string]string{"class": "media-thumb media-thumb-small", "src": bm.URL(), "width": "80", "height": "60", "alt": "",
			"loading": "lazy", "decoding": "async"}
		if got := imgs(t, e.get("/admin/media?kind=image", c).body, "media-thumb"); !slices.ContainsFunc(got, func(m map[string]string) bool { return maps.Equal(m, wantBad) }) {
			t.Errorf("library thumbnails %v, want one %v", got, wantBad)
		}
	})
}

// figureImg is the attributes of the feature image of an episode page.
func figureImg(t *testing.T, page string) map[string]string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]string
	var walk func(n *xhtml.Node, inFigure bool)
	walk = func(n *xhtml.Node, inFigure bool) {
		if n.Type == xhtml.ElementNode && n.Data == "figure" && attr(n, "class") == "feature-image" {
			inFigure = true
		}
		if inFigure && n.Type == xhtml.ElementNode && n.Data == "img" && out == nil {
			out = map[string]string{}
			for _, a := range n.Attr {
				out[a.Key] = a.Val
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inFigure)
		}
	}
	walk(doc, false)
	return out
}
