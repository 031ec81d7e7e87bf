package media

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/testutil"
)

// gpsMarker is written in the GPS fields of test images; it must be gone
// after Process.
const gpsMarker = "GPS-45.4215N-75.6972W"

func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	return img
}

// exifGPS is an APP1 EXIF payload (big-endian TIFF) whose IFD0 points to a
// GPS IFD holding a latitude reference, a latitude, and an ASCII field
// with gpsMarker (GPSProcessingMethod-like).
func exifGPS() []byte {
	var t bytes.Buffer
	be := binary.BigEndian
	t.WriteString("MM\x00\x2a")
	_ = binary.Write(&t, be, uint32(8))
	// IFD0: one entry, GPSInfo (0x8825) → offset 26.
	_ = binary.Write(&t, be, uint16(1))
	_ = binary.Write(&t, be, []uint16{0x8825, 4})
	_ = binary.Write(&t, be, []uint32{1, 26})
	_ = binary.Write(&t, be, uint32(0))
	// GPS IFD at 26: LatitudeRef "N", Latitude (3 rationals at 80), a
	// string at 104.
	_ = binary.Write(&t, be, uint16(3))
	_ = binary.Write(&t, be, []uint16{0x0001, 2})
	_ = binary.Write(&t, be, uint32(2))
	t.WriteString("N\x00\x00\x00")
	_ = binary.Write(&t, be, []uint16{0x0002, 5})
	_ = binary.Write(&t, be, []uint32{3, 80})
	_ = binary.Write(&t, be, []uint16{0x001B, 2})
	_ = binary.Write(&t, be, []uint32{uint32(len(gpsMarker) + 1), 104})
	_ = binary.Write(&t, be, uint32(0))
	for t.Len() < 80 {
		t.WriteByte(0)
	}
	_ = binary.Write(&t, be, []uint32{45, 1, 25, 1, 1740, 100})
	t.WriteString(gpsMarker + "\x00")
	return append([]byte("Exif\x00\x00"), t.Bytes()...)
}

func segment(code byte, payload []byte) []byte {
	out := []byte{0xFF, code, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(payload)+2))
	return append(out, payload...)
}

// jpegWithMetadata is a real JPEG with EXIF GPS (APP1), XMP (APP1), IPTC
// (APP13) and a comment, and a ZIP appended after EOI.
func jpegWithMetadata(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(16, 8), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	var out []byte
	out = append(out, b[:2]...)
	out = append(out, segment(0xE1, exifGPS())...)
	out = append(out, segment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>"+gpsMarker+"</exif:GPSLatitude></x:xmpmeta>"))...)
	out = append(out, segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04 city "+gpsMarker))...)
	out = append(out, segment(0xFE, []byte("<script>alert(1)</script>"))...)
	out = append(out, b[2:]...)
	out = append(out, []byte("PK\x03\x04 appended archive <?php system($_GET['c']); ?>")...)
	return out
}

func pngChunk(typ string, data []byte) []byte {
	out := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(out, uint32(len(data)))
	copy(out[4:], typ)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// pngWithMetadata is a real PNG with tEXt, zTXt, iTXt, eXIf (GPS) and
// tIME chunks before the image data, and bytes after IEND.
func pngWithMetadata(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(8, 16)); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	ihdrEnd := 8 + 12 + 13
	var out []byte
	out = append(out, b[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Comment\x00<script>alert(1)</script>"))...)
	out = append(out, pngChunk("zTXt", []byte("Location\x00\x00xxxx"))...)
	out = append(out, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+gpsMarker))...)
	out = append(out, pngChunk("eXIf", exifGPS()[6:])...)
	out = append(out, pngChunk("tIME", []byte{0x07, 0xEA, 11, 27, 12, 0, 0})...)
	out = append(out, b[ihdrEnd:]...)
	out = append(out, "<html><script>alert(1)</script>"...)
	return out
}

func riffChunk(typ string, data []byte) []byte {
	out := make([]byte, 8, 9+len(data))
	copy(out, typ)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(data)))
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// webpWithMetadata is an extended WebP (VP8X with the EXIF and XMP flags)
// with a lossless image chunk header of w×h and EXIF and XMP chunks.
func webpWithMetadata(w, h int) []byte {
	vp8x := make([]byte, 10)
	vp8x[0] = 0x08 | 0x04 | 0x20 // EXIF, XMP, ICC
	vp8x[4], vp8x[5], vp8x[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	vp8x[7], vp8x[8], vp8x[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	vp8l := make([]byte, 9)
	vp8l[0] = 0x2F
	binary.LittleEndian.PutUint32(vp8l[1:], uint32(w-1)|uint32(h-1)<<14)
	var body []byte
	body = append(body, "WEBP"...)
	body = append(body, riffChunk("VP8X", vp8x)...)
	body = append(body, riffChunk("ICCP", []byte("icc"))...)
	body = append(body, riffChunk("VP8L", vp8l)...)
	body = append(body, riffChunk("EXIF", exifGPS()[6:])...)
	body = append(body, riffChunk("XMP ", []byte("<x:xmpmeta>"+gpsMarker+"</x:xmpmeta>"))...)
	out := []byte("RIFF\x00\x00\x00\x00")
	binary.LittleEndian.PutUint32(out[4:], uint32(len(body)))
	out = append(out, body...)
	return append(out, "trailing <script>"...)
}

// gifWithMetadata is a real looping GIF with a comment extension, an XMP
// application extension and a plain-text extension inserted after the
// colour table, and bytes after the trailer.
func gifWithMetadata(t testing.TB) []byte {
	pal := color.Palette{color.Black, color.White}
	var frames []*image.Paletted
	for i := range 2 {
		p := image.NewPaletted(image.Rect(0, 0, 4, 3), pal)
		p.SetColorIndex(i, 1, 1)
		frames = append(frames, p)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: frames, Delay: []int{10, 10}, LoopCount: 0}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	at := 13
	if b[10]&0x80 != 0 {
		at += 3 << (1 + b[10]&7)
	}
	var ext []byte
	ext = append(ext, 0x21, 0xFE, byte(len(gpsMarker)))
	ext = append(ext, gpsMarker...)
	ext = append(ext, 0)
	ext = append(ext, 0x21, 0xFF, 11)
	ext = append(ext, "XMP DataXMP"...)
	ext = append(ext, 5, '<', 'x', 'm', 'p', '>', 0)
	ext = append(ext, 0x21, 0x01, 12, 0, 0, 0, 0, 4, 0, 3, 0, 1, 1, 0, 1, 4, 'h', 'i', '!', '!', 0)
	out := append([]byte{}, b[:at]...)
	out = append(out, ext...)
	out = append(out, b[at:]...)
	return append(out, "<script>alert(1)</script>"...)
}

func TestProcessStripsJPEG(t *testing.T) {
	in := jpegWithMetadata(t)
	f, err := Process(in, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != JPEG || f.Width != 16 || f.Height != 8 || f.Kind != content.MediaImage {
		t.Errorf("got %+v %dx%d", f.Type, f.Width, f.Height)
	}
	for _, s := range []string{gpsMarker, "Exif", "xmpmeta", "Photoshop", "<script", "PK\x03\x04", "<?php"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("%q still in the stripped JPEG", s)
		}
	}
	if !bytes.HasSuffix(f.Data, []byte{0xFF, 0xD9}) {
		t.Error("the stripped JPEG does not end at EOI")
	}
	if _, err := jpeg.Decode(bytes.NewReader(f.Data)); err != nil {
		t.Errorf("the stripped JPEG does not decode: %v", err)
	}
	// Stripping is idempotent.
	if g, err := Process(f.Data, Limits{}); err != nil || !bytes.Equal(g.Data, f.Data) {
		t.Errorf("second pass changed the file: %v", err)
	}
}

func TestProcessStripsPNG(t *testing.T) {
	f, err := Process(pngWithMetadata(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != PNG || f.Width != 8 || f.Height != 16 {
		t.Errorf("got %+v %dx%d", f.Type, f.Width, f.Height)
	}
	for _, s := range []string{gpsMarker, "tEXt", "zTXt", "iTXt", "eXIf", "tIME", "<script", "<html"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("%q still in the stripped PNG", s)
		}
	}
	if _, err := png.Decode(bytes.NewReader(f.Data)); err != nil {
		t.Errorf("the stripped PNG does not decode: %v", err)
	}
}

func TestProcessStripsWebP(t *testing.T) {
	f, err := Process(webpWithMetadata(300, 200), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != WebP || f.Width != 300 || f.Height != 200 {
		t.Errorf("got %+v %dx%d", f.Type, f.Width, f.Height)
	}
	for _, s := range []string{gpsMarker, "EXIF", "XMP ", "<script"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("%q still in the stripped WebP", s)
		}
	}
	if got := binary.LittleEndian.Uint32(f.Data[4:]); int(got) != len(f.Data)-8 {
		t.Errorf("RIFF size %d, file %d", got, len(f.Data))
	}
	if flags := f.Data[20]; flags&0x0C != 0 || flags&0x20 == 0 {
		t.Errorf("VP8X flags %#x: want EXIF and XMP cleared, ICC kept", flags)
	}
	if !bytes.Contains(f.Data, []byte("ICCP")) {
		t.Error("the ICC profile was dropped")
	}
}

func TestProcessStripsGIF(t *testing.T) {
	f, err := Process(gifWithMetadata(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != GIF || f.Width != 4 || f.Height != 3 {
		t.Errorf("got %+v %dx%d", f.Type, f.Width, f.Height)
	}
	for _, s := range []string{gpsMarker, "XMP DataXMP", "hi!!", "<script"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("%q still in the stripped GIF", s)
		}
	}
	if !bytes.Contains(f.Data, []byte("NETSCAPE2.0")) {
		t.Error("the looping extension was dropped")
	}
	g, err := gif.DecodeAll(bytes.NewReader(f.Data))
	if err != nil || len(g.Image) != 2 || g.LoopCount != 0 {
		t.Errorf("stripped GIF: %v, %d frames", err, len(g.Image))
	}
	if _, err := Process(gifWithMetadata(t), Limits{MaxFrames: 1}); !isKey(err, ErrPixels) {
		t.Errorf("2 frames with MaxFrames 1: %v", err)
	}
}

// TestCorpusMetadataImages: the shipped images whose every metadata field
// holds an XSS string are accepted, with the metadata gone.
func TestCorpusMetadataImages(t *testing.T) {
	for _, name := range []string{"payload_in_all_known_metadata.jpg", "payload_in_all_known_metadata.png"} {
		in := testutil.ReadCorpus(t, "uploads/"+name)
		f, err := Process(in, Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if m := markup(f.Data); m != "" {
			t.Errorf("%s: %q left after stripping", name, m)
		}
		for _, s := range []string{"alert(", "Exif\x00", "<x:xmpmeta"} {
			if bytes.Contains(f.Data, []byte(s)) {
				t.Errorf("%s: %q left after stripping", name, s)
			}
		}
	}
}

func isKey(err error, key string) bool {
	var e *Error
	return errors.As(err, &e) && e.Key == key
}

func mp3Frames(n int) []byte {
	// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417 bytes.
	fr := make([]byte, 417)
	fr[0], fr[1], fr[2], fr[3] = 0xFF, 0xFB, 0x90, 0x64
	return bytes.Repeat(fr, n)
}

func id3(payload string) []byte {
	n := len(payload)
	return append([]byte{'I', 'D', '3', 4, 0, 0, byte(n >> 21 & 0x7F), byte(n >> 14 & 0x7F), byte(n >> 7 & 0x7F), byte(n & 0x7F)}, payload...)
}

func m4a(handler string) []byte {
	b := func(typ string, parts ...[]byte) []byte {
		body := bytes.Join(parts, nil)
		out := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
		return append(append(out, typ...), body...)
	}
	mvhd := make([]byte, 100)
	binary.BigEndian.PutUint32(mvhd[12:], 1000)  // timescale
	binary.BigEndian.PutUint32(mvhd[16:], 61500) // duration
	hdlr := make([]byte, 24)
	copy(hdlr[8:], handler)
	return bytes.Join([][]byte{
		b("ftyp", []byte("M4A \x00\x00\x00\x00M4A mp42isom")),
		b("moov", b("mvhd", mvhd), b("trak", b("mdia", b("hdlr", hdlr)))),
		b("mdat", make([]byte, 64)),
	}, nil)
}

func TestProcessAudioAndCaptions(t *testing.T) {
	mp3 := append(id3("TIT2\x00\x00\x00\x20\x00\x00<img src=x onerror=alert(1)>"), mp3Frames(100)...)
	mp3 = append(mp3, "TAG"+strings.Repeat(" ", 125)...)
	f, err := Process(mp3, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != MP3 || f.Kind != content.MediaAudio || len(f.Data) != 417*100 || bytes.Contains(f.Data, []byte("onerror")) {
		t.Errorf("mp3: %+v, %d bytes", f.Type, len(f.Data))
	}
	if want := 2612 * time.Millisecond; f.Duration != want { // 100 × 1152 / 44100 s
		t.Errorf("mp3 duration %v, want %v", f.Duration, want)
	}
	f, err = Process(m4a("soun"), Limits{})
	if err != nil || f.Type != M4A || f.Duration != 61500*time.Millisecond {
		t.Errorf("m4a: %+v, %v", f, err)
	}
	if _, err := Process(m4a("vide"), Limits{}); !isKey(err, ErrType) {
		t.Errorf("m4a with video: %v", err)
	}
	vtt := "\xEF\xBB\xBFWEBVTT\n\n00:00.000 --> 00:02.000\nBonjour, ça va\u00a0?\n"
	f, err = Process([]byte(vtt), Limits{})
	if err != nil || f.Type != VTT || f.Kind != content.MediaCaptions || bytes.HasPrefix(f.Data, []byte("\xEF\xBB\xBF")) {
		t.Errorf("vtt: %+v, %v", f, err)
	}
}

func TestRefused(t *testing.T) {
	var png1 bytes.Buffer
	_ = png.Encode(&png1, testImage(2, 2))
	bomb := append([]byte{}, png1.Bytes()...)
	binary.BigEndian.PutUint32(bomb[16:], 50000)
	binary.BigEndian.PutUint32(bomb[20:], 50000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
	jpg := jpegWithMetadata(t)
	for _, tc := range []struct {
		name string
		in   []byte
		key  string
	}{
		{"empty", nil, ErrEmpty},
		{"one byte", []byte{0xFF}, ErrType},
		{"html named .jpg", []byte("<!DOCTYPE html><script>alert(1)</script>"), ErrHTML},
		{"html with spaces", []byte("\n  <html><body>hi</body></html>"), ErrHTML},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ErrSVG},
		{"svg with xml prolog", []byte(`<?xml version="1.0"?><!DOCTYPE svg><svg></svg>`), ErrSVG},
		{"pdf", []byte("%PDF-1.7\n"), ErrType},
		{"zip", []byte("PK\x03\x04rest"), ErrType},
		{"exe", []byte("MZ\x90\x00"), ErrType},
		{"elf", []byte("\x7fELF\x02\x01"), ErrType},
		{"php", []byte("<?php echo 1; ?>"), ErrHTML},
		{"ogg", []byte("OggS\x00\x02"), ErrType},
		{"wav with html", []byte("RIFF\x24\x00\x00\x00WAVE<html>"), ErrHTML}, // refused either way
		{"wav", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), ErrType},
		{"mp4 video brand", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isommp41"), ErrType},
		{"truncated jpeg", jpg[:len(jpg)/2], ErrCorrupt},
		{"truncated png", png1.Bytes()[:40], ErrCorrupt},
		{"png bad crc", append(append([]byte{}, png1.Bytes()[:30]...), 0, 0, 0, 0), ErrCorrupt},
		{"pixel flood", bomb, ErrPixels},
		{"gif js polyglot", []byte("GIF89a=alert(1)//;"), ErrCorrupt},
		{"id3 then html", append(id3("x"), "<html><script>alert(1)</script>"...), ErrCorrupt},
		{"id3 huge size", []byte("ID3\x04\x00\x00\x7f\x7f\x7f\x7f"), ErrCorrupt},
		{"m4a box too big", []byte("\x00\x00\x00\x14ftypM4A \x00\x00\x00\x00M4A \xff\xff\xff\xffmoov"), ErrCorrupt},
		{"vtt latin-1", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\ncaf\xe9\n"), ErrCaptions},
		{"vtt NUL", []byte("WEBVTT\n\x00"), ErrCaptions},
		{"vtt with script", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\n<script>alert(1)</script>\n"), ErrHTML},
		{"not vtt", []byte("WEBVTTX\n"), ErrType},
		{"srt", []byte("1\n00:00:00,000 --> 00:00:01,000\nHi\n"), ErrType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Process(tc.in, Limits{})
			if !isKey(err, tc.key) {
				t.Errorf("Process = %v, %v; want error %s", f, err, tc.key)
			}
		})
	}
}

// TestCorpusSVG: every SVG of the corpus is refused.
func TestCorpusSVG(t *testing.T) {
	dir := filepath.Dir(testutil.CorpusFile(t, "xss/svg/SVG_XSS1.svg"))
	names, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("corpus: %v", err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Process(b, Limits{}); !isKey(err, ErrSVG) && !isKey(err, ErrHTML) {
			t.Errorf("%s: %v; want refused as SVG or markup", filepath.Base(n), err)
		}
	}
}

// TestCorpusMagicBytes: each signature of the corpus sniffs as its type
// (the accepted ones we support) or is refused.
func TestCorpusMagicBytes(t *testing.T) {
	var doc struct {
		Accept []struct {
			Type      string
			Signature []struct {
				Offset int
				Hex    string
			}
		}
		Reject []struct {
			Type string
			Hex  string
		} `json:"reject_or_special"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "uploads/magic-bytes.json"), &doc); err != nil {
		t.Fatal(err)
	}
	supported := map[string]bool{}
	for _, ty := range Types {
		supported[ty.MIME] = true
	}
	for _, a := range doc.Accept {
		b := make([]byte, 64)
		for _, s := range a.Signature {
			h := decodeHex(t, s.Hex)
			copy(b[s.Offset:], h)
		}
		ty, err := Sniff(b)
		switch {
		case supported[a.Type] && a.Type == "audio/mp4":
			// ftyp alone is not enough: the brand decides.
			if err == nil {
				t.Errorf("%s: bare ftyp accepted", a.Type)
			}
		case supported[a.Type] && (err != nil || ty.MIME != a.Type):
			t.Errorf("%s: sniffed %v, %v", a.Type, ty, err)
		case !supported[a.Type] && err == nil:
			t.Errorf("%s: accepted as %v", a.Type, ty)
		}
	}
	for _, r := range doc.Reject {
		if r.Hex == "" {
			continue
		}
		if ty, err := Sniff(decodeHex(t, r.Hex)); err == nil {
			t.Errorf("%s: sniffed as %v", r.Type, ty)
		}
	}
}

func decodeHex(t *testing.T, s string) []byte {
	t.Helper()
	var out []byte
	for i := 0; i+1 < len(s); i += 2 {
		var v byte
		for _, c := range s[i : i+2] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= byte(c - '0')
			case c >= 'A' && c <= 'F':
				v |= byte(c - 'A' + 10)
			case c >= 'a' && c <= 'f':
				v |= byte(c - 'a' + 10)
			}
		}
		out = append(out, v)
	}
	return out
}

func TestStoredNameAndLabel(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	n := StoredName(JPEG, sha, time.Date(2026, 3, 9, 23, 0, 0, 0, time.FixedZone("X", -5*3600)))
	if n != "uploads/2026/03/"+sha+".jpg" || !IsStoredName(n) {
		t.Errorf("StoredName = %q", n)
	}
	for _, bad := range []string{"../" + n, "/" + n, "uploads/2026/03/" + sha + ".svg", "uploads/2026/03/x.jpg", n + "/", "uploads/2026/03/.tmp-1"} {
		if IsStoredName(bad) {
			t.Errorf("IsStoredName(%q) = true", bad)
		}
	}
	for in, want := range map[string]string{
		"../../../../etc/passwd":          "passwd",
		`..\..\windows\win.ini`:           "win.ini",
		"photo\u202Egnp.exe":              "photognp.exe",
		"E\u0301te\u0301.jpg":             "Été.jpg",
		"  many   spaces\t\n.png ":        "many spaces .png",
		"a\x00b\x07c.jpg":                 "abc.jpg",
		"bad\xffutf8.jpg":                 "badutf8.jpg",
		strings.Repeat("é", 300) + ".jpg": strings.Repeat("é", MaxLabelRunes),
	} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLabelCorpus: no hostile name from the corpus survives as a path.
func TestLabelCorpus(t *testing.T) {
	var doc struct {
		Cases []struct {
			ID       int
			Filename string
		}
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "filenames/malicious-filenames.json"), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range doc.Cases {
		l := Label(c.Filename)
		if strings.ContainsAny(l, "/\\\x00\r\n") || len([]rune(l)) > MaxLabelRunes {
			t.Errorf("case %d: Label(%q) = %q", c.ID, c.Filename, l)
		}
	}
}

func TestLibrary(t *testing.T) {
	dir := t.TempDir()
	lib, err := OpenLibrary(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	sha := strings.Repeat("cd", 32)
	name := StoredName(PNG, sha, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	created, err := lib.Write(name, []byte("data"))
	if err != nil || !created {
		t.Fatalf("Write = %v, %v", created, err)
	}
	if created, err := lib.Write(name, []byte("data")); err != nil || created {
		t.Errorf("second Write = %v, %v; want not created", created, err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "media", filepath.FromSlash(name)))
	if err != nil || string(got) != "data" {
		t.Errorf("file: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "media", "uploads", "2026", "11"))
	if len(entries) != 1 {
		t.Errorf("%d files in the month folder (temporary files left?)", len(entries))
	}
	for _, bad := range []string{"../outside.png", "/etc/passwd", "uploads/../../x.png"} {
		if _, err := lib.Write(bad, []byte("x")); err == nil {
			t.Errorf("Write(%q) accepted", bad)
		}
		if err := lib.Remove(bad); err == nil {
			t.Errorf("Remove(%q) accepted", bad)
		}
	}
	// A symbolic link out of the folder is not followed.
	out := filepath.Join(dir, "outside")
	if err := os.Mkdir(out, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(out, filepath.Join(dir, "media", "uploads", "2027")); err != nil {
		t.Fatal(err)
	}
	escape := StoredName(PNG, sha, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if _, err := lib.Write(escape, []byte("x")); err == nil {
		t.Error("Write followed a symbolic link out of the folder")
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("files written outside the folder: %v", entries)
	}
	if err := lib.Remove(name); err != nil {
		t.Fatal(err)
	}
	if err := lib.Remove(name); err != nil {
		t.Errorf("removing a missing file: %v", err)
	}
}
