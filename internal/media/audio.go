package media

import (
	"bytes"
	"encoding/binary"
	"time"
	"unicode/utf8"
)

// mp3Frame is what an MPEG audio Layer III frame header says.
type mp3Frame struct {
	size    int // bytes, header included
	samples int
	rate    int
}

var (
	mp3Bitrates1 = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0}
	mp3Bitrates2 = [16]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}
	mp3Rates     = [4][3]int{{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000}} // by version bits
)

// mp3Header reads a Layer III frame header at the start of b; nil if there
// is none (free-format and reserved values are refused).
func mp3Header(b []byte) *mp3Frame {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return nil
	}
	version := b[1] >> 3 & 3 // 0: 2.5, 1: reserved, 2: 2, 3: 1
	layer := b[1] >> 1 & 3   // 1: Layer III
	bri := b[2] >> 4
	sri := b[2] >> 2 & 3
	pad := int(b[2] >> 1 & 1)
	if version == 1 || layer != 1 || bri == 0 || bri == 15 || sri == 3 {
		return nil
	}
	rate := mp3Rates[version][sri]
	if version == 3 {
		return &mp3Frame{size: 144*mp3Bitrates1[bri]*1000/rate + pad, samples: 1152, rate: rate}
	}
	return &mp3Frame{size: 72*mp3Bitrates2[bri]*1000/rate + pad, samples: 576, rate: rate}
}

// checkMP3 drops an ID3v2 tag at the start (titles, comments, cover art:
// anything may hide there), then walks the frames; bytes after the last
// whole frame (ID3v1, APE tags, appended files) are dropped. The duration
// is the sum of the frames'.
func checkMP3(b []byte) ([]byte, time.Duration, error) {
	i := 0
	if bytes.HasPrefix(b, []byte("ID3")) {
		if len(b) < 10 {
			return nil, 0, refuse(ErrCorrupt, "mp3: truncated ID3 tag")
		}
		s := b[6:10]
		if s[0]|s[1]|s[2]|s[3]&0x80 != 0 {
			return nil, 0, refuse(ErrCorrupt, "mp3: ID3 size")
		}
		n := int(s[0])<<21 | int(s[1])<<14 | int(s[2])<<7 | int(s[3])
		i = 10 + n
		if b[5]&0x10 != 0 { // footer present
			i += 10
		}
		if i >= len(b) {
			return nil, 0, refuse(ErrCorrupt, "mp3: no audio after the ID3 tag")
		}
		// Some encoders pad with zeros after the tag.
		for i < len(b) && b[i] == 0 && i < 10+n+4096 {
			i++
		}
	}
	start := i
	var samples float64
	frames := 0
	for i < len(b) {
		f := mp3Header(b[i:])
		if f == nil || i+f.size > len(b) {
			break
		}
		samples += float64(f.samples) / float64(f.rate)
		frames++
		i += f.size
	}
	if frames == 0 {
		return nil, 0, refuse(ErrCorrupt, "mp3: no audio frames")
	}
	return b[start:i], time.Duration(samples * float64(time.Second)).Round(time.Millisecond), nil
}

// m4aBrand reports whether an ftyp box names an M4A (or M4B) brand,
// major or compatible.
func m4aBrand(b []byte) bool {
	n := int(binary.BigEndian.Uint32(b))
	if n < 16 || n > len(b) || n > 4096 {
		return false
	}
	for i := 8; i+4 <= n; i += 4 {
		if i == 12 { // minor version
			continue
		}
		switch string(b[i : i+4]) {
		case "M4A ", "M4B ":
			return true
		}
	}
	return false
}

// box is one ISO base media box.
type box struct {
	typ  string
	data []byte
}

// boxes splits b into boxes; a size running past b is an error.
func boxes(b []byte) ([]box, bool) {
	var out []box
	for i := 0; i < len(b); {
		if len(b)-i < 8 {
			return nil, false
		}
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		hdr := uint64(8)
		switch n {
		case 0: // to the end
			n = uint64(len(b) - i)
		case 1:
			if len(b)-i < 16 {
				return nil, false
			}
			n, hdr = binary.BigEndian.Uint64(b[i+8:]), 16
		}
		if n < hdr || n > uint64(len(b)-i) {
			return nil, false
		}
		out = append(out, box{string(b[i+4 : i+8]), b[i+int(hdr) : i+int(n)]})
		i += int(n)
		if len(out) > 100_000 {
			return nil, false
		}
	}
	return out, true
}

func child(bs []box, typ string) []box {
	var out []box
	for _, x := range bs {
		if x.typ == typ {
			out = append(out, x)
		}
	}
	return out
}

// checkM4A walks the top-level boxes and the tracks' handlers: an M4A
// holds sound tracks and no video. The duration comes from mvhd. The file
// is stored as uploaded (its metadata lives inside moov, whose size the
// sample offsets depend on).
func checkM4A(b []byte) ([]byte, time.Duration, error) {
	bad := func(why string) ([]byte, time.Duration, error) { return nil, 0, refuse(ErrCorrupt, "m4a: %s", why) }
	top, ok := boxes(b)
	if !ok || len(top) == 0 || top[0].typ != "ftyp" {
		return bad("boxes")
	}
	moovs := child(top, "moov")
	if len(moovs) != 1 || len(child(top, "mdat")) == 0 {
		return bad("no moov or mdat")
	}
	moov, ok := boxes(moovs[0].data)
	if !ok {
		return bad("moov")
	}
	var d time.Duration
	if mv := child(moov, "mvhd"); len(mv) == 1 {
		m := mv[0].data
		var scale, dur uint64
		switch {
		case len(m) >= 20 && m[0] == 0:
			scale, dur = uint64(binary.BigEndian.Uint32(m[12:])), uint64(binary.BigEndian.Uint32(m[16:]))
		case len(m) >= 32 && m[0] == 1:
			scale, dur = uint64(binary.BigEndian.Uint32(m[20:])), binary.BigEndian.Uint64(m[24:])
		default:
			return bad("mvhd")
		}
		if scale > 0 && dur/scale < 100*3600 {
			d = (time.Duration(dur) * time.Second / time.Duration(scale)).Round(time.Millisecond)
		}
	}
	sound := 0
	for _, trak := range child(moov, "trak") {
		tb, ok := boxes(trak.data)
		if !ok {
			return bad("trak")
		}
		for _, mdia := range child(tb, "mdia") {
			mb, ok := boxes(mdia.data)
			if !ok {
				return bad("mdia")
			}
			for _, hdlr := range child(mb, "hdlr") {
				if len(hdlr.data) < 12 {
					return bad("hdlr")
				}
				switch string(hdlr.data[8:12]) {
				case "soun":
					sound++
				case "vide":
					return nil, 0, refuse(ErrType, "m4a: has a video track")
				}
			}
		}
	}
	if sound == 0 {
		return bad("no sound track")
	}
	return b, d, nil
}

// isVTTSignature reports whether b (BOM removed) starts a WebVTT file:
// "WEBVTT" then a space, a tab, a line break or the end.
func isVTTSignature(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("WEBVTT")) {
		return false
	}
	if len(b) == 6 {
		return true
	}
	switch b[6] {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// checkVTT accepts WebVTT text in UTF-8 without NUL or other control
// characters than tab and line breaks. A byte-order mark is dropped.
func checkVTT(b []byte) ([]byte, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		return nil, refuse(ErrCaptions, "not UTF-8")
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F {
			return nil, refuse(ErrCaptions, "control character %#x", c)
		}
	}
	return b, nil
}
