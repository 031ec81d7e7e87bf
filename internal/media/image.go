package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
)

// checkDecodeConfig asks the standard decoders (for the formats they know)
// whether the stripped file's header holds together, and whether they read
// the same dimensions.
func checkDecodeConfig(t Type, b []byte, w, h int) error {
	var cfg image.Config
	var err error
	switch t {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(b))
	case PNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(b))
	case GIF:
		cfg, err = gif.DecodeConfig(bytes.NewReader(b))
	default:
		return nil
	}
	if err != nil {
		return refuse(ErrCorrupt, "%s: %v", t.MIME, err)
	}
	if cfg.Width != w || cfg.Height != h {
		return refuse(ErrCorrupt, "%s: dimensions disagree", t.MIME)
	}
	return nil
}

// stripJPEG keeps the segments needed to show the image — APP0 (JFIF),
// APP2 ICC profiles, APP14 (Adobe colour transform), tables, frames and
// scans — and drops every other APPn (APP1 EXIF/XMP with GPS, APP13 IPTC…)
// and COM. Bytes after EOI are dropped.
func stripJPEG(b []byte) (out []byte, w, h int, err error) {
	bad := func(why string) ([]byte, int, int, error) { return nil, 0, 0, refuse(ErrCorrupt, "jpeg: %s", why) }
	out = make([]byte, 0, len(b))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for {
		// A marker: one or more 0xFF, then the code.
		if i >= len(b) || b[i] != 0xFF {
			return bad("marker expected")
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return bad("truncated")
		}
		code := b[i]
		i++
		switch {
		case code == 0xD9: // EOI
			out = append(out, 0xFF, 0xD9)
			if w == 0 {
				return bad("no frame")
			}
			return out, w, h, nil
		case code == 0x00 || code == 0xD8 || (code >= 0xD0 && code <= 0xD7) || code == 0x01:
			return bad("unexpected marker")
		}
		if i+2 > len(b) {
			return bad("truncated")
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return bad("segment length")
		}
		seg := b[i : i+n] // length bytes included
		payload := seg[2:]
		i += n
		keep := true
		switch {
		case code >= 0xE0 && code <= 0xEF: // APPn
			switch code {
			case 0xE0:
				keep = bytes.HasPrefix(payload, []byte("JFIF\x00")) || bytes.HasPrefix(payload, []byte("JFXX\x00"))
			case 0xE2:
				keep = bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
			case 0xEE:
				keep = bytes.HasPrefix(payload, []byte("Adobe"))
			default:
				keep = false
			}
		case code == 0xFE: // COM
			keep = false
		case code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC: // SOFn
			if len(payload) < 5 {
				return bad("short frame header")
			}
			h = int(binary.BigEndian.Uint16(payload[1:]))
			w = int(binary.BigEndian.Uint16(payload[3:]))
		}
		if keep {
			out = append(out, 0xFF, code)
			out = append(out, seg...)
		}
		if code == 0xDA { // SOS: entropy-coded data up to the next real marker
			start := i
			for {
				if i+1 >= len(b) {
					return bad("truncated scan")
				}
				if b[i] != 0xFF {
					i++
					continue
				}
				next := b[i+1]
				if next == 0x00 || (next >= 0xD0 && next <= 0xD7) { // stuffed byte or restart
					i += 2
					continue
				}
				if next == 0xFF { // fill byte
					i++
					continue
				}
				break
			}
			out = append(out, b[start:i]...)
		}
	}
}

// pngKeep lists the PNG chunks kept: critical chunks and the ancillary
// ones that change how the image looks (colour, transparency, animation).
// Text (tEXt, zTXt, iTXt), eXIf, tIME and anything unknown are dropped.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "cHRM": true, "gAMA": true, "iCCP": true, "sBIT": true, "sRGB": true,
	"cICP": true, "mDCv": true, "cLLi": true, "bKGD": true, "hIST": true, "pHYs": true,
	"acTL": true, "fcTL": true, "fdAT": true,
}

// stripPNG drops metadata chunks and anything after IEND; CRCs are checked.
func stripPNG(b []byte) (out []byte, w, h int, err error) {
	bad := func(why string) ([]byte, int, int, error) { return nil, 0, 0, refuse(ErrCorrupt, "png: %s", why) }
	out = make([]byte, 0, len(b))
	out = append(out, b[:8]...)
	i := 8
	first := true
	for {
		if i+12 > len(b) {
			return bad("truncated")
		}
		n := binary.BigEndian.Uint32(b[i:])
		if n > 1<<31-1 || uint64(i)+12+uint64(n) > uint64(len(b)) {
			return bad("chunk length")
		}
		end := i + 12 + int(n)
		typ := string(b[i+4 : i+8])
		data := b[i+8 : i+8+int(n)]
		if crc32.ChecksumIEEE(b[i+4:i+8+int(n)]) != binary.BigEndian.Uint32(b[i+8+int(n):]) {
			return bad("CRC of " + typ)
		}
		if first {
			if typ != "IHDR" || n != 13 {
				return bad("IHDR first")
			}
			w = int(binary.BigEndian.Uint32(data[0:]))
			h = int(binary.BigEndian.Uint32(data[4:]))
			if w <= 0 || h <= 0 {
				return bad("dimensions")
			}
			first = false
		}
		if pngKeep[typ] {
			out = append(out, b[i:end]...)
		} else if typ[0] >= 'A' && typ[0] <= 'Z' {
			return bad("unknown critical chunk " + typ)
		}
		i = end
		if typ == "IEND" {
			return out, w, h, nil
		}
	}
}

// webpKeep lists the WebP chunks kept; EXIF, XMP and unknown chunks go.
var webpKeep = map[string]bool{"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true, "ANIM": true, "ANMF": true, "ICCP": true}

// stripWebP drops the EXIF and XMP chunks, clears their flags in VP8X,
// rewrites the RIFF size and drops bytes after the RIFF container.
func stripWebP(b []byte) (out []byte, w, h int, err error) {
	bad := func(why string) ([]byte, int, int, error) { return nil, 0, 0, refuse(ErrCorrupt, "webp: %s", why) }
	size := uint64(binary.LittleEndian.Uint32(b[4:]))
	if size < 4+8 || size+8 > uint64(len(b)) {
		return bad("RIFF size")
	}
	body := b[12 : 8+size]
	out = make([]byte, 12, len(b))
	copy(out, b[:12])
	vp8x := -1
	var img bool
	for i := 0; i < len(body); {
		if i+8 > len(body) {
			return bad("truncated chunk header")
		}
		typ := string(body[i : i+4])
		n := uint64(binary.LittleEndian.Uint32(body[i+4:]))
		padded := n + n&1
		if uint64(i)+8+padded > uint64(len(body)) {
			// The last chunk's pad byte may be missing in the wild.
			if uint64(i)+8+n != uint64(len(body)) {
				return bad("chunk length")
			}
			padded = n
		}
		data := body[i+8 : i+8+int(n)]
		chunk := body[i : i+8+int(n)]
		i += 8 + int(padded)
		if !webpKeep[typ] {
			continue
		}
		switch typ {
		case "VP8X":
			if len(data) < 10 || len(out) != 12 {
				return bad("VP8X")
			}
			vp8x = len(out)
			w = 1 + int(uint32(data[4])|uint32(data[5])<<8|uint32(data[6])<<16)
			h = 1 + int(uint32(data[7])|uint32(data[8])<<8|uint32(data[9])<<16)
		case "VP8 ":
			if len(data) < 10 || data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A {
				return bad("VP8 frame header")
			}
			if vp8x < 0 {
				w = int(binary.LittleEndian.Uint16(data[6:]) & 0x3FFF)
				h = int(binary.LittleEndian.Uint16(data[8:]) & 0x3FFF)
			}
			img = true
		case "VP8L":
			if len(data) < 5 || data[0] != 0x2F {
				return bad("VP8L header")
			}
			if vp8x < 0 {
				v := binary.LittleEndian.Uint32(data[1:])
				w = 1 + int(v&0x3FFF)
				h = 1 + int(v>>14&0x3FFF)
			}
			img = true
		case "ANMF":
			img = true
		}
		out = append(out, chunk...)
		if n&1 == 1 {
			out = append(out, 0)
		}
	}
	if !img {
		return bad("no image data")
	}
	if vp8x >= 0 {
		out[vp8x+8] &^= 0x08 | 0x04 // EXIF and XMP present flags
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, w, h, nil
}

// stripGIF drops comment and plain-text extensions and application
// extensions other than looping (NETSCAPE2.0, ANIMEXTS1.0); bytes after
// the trailer are dropped.
func stripGIF(b []byte, maxFrames int) (out []byte, w, h int, err error) {
	bad := func(why string) ([]byte, int, int, error) { return nil, 0, 0, refuse(ErrCorrupt, "gif: %s", why) }
	if len(b) < 13 {
		return bad("truncated header")
	}
	w = int(binary.LittleEndian.Uint16(b[6:]))
	h = int(binary.LittleEndian.Uint16(b[8:]))
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (1 + b[10]&7)
	}
	if i > len(b) {
		return bad("truncated colour table")
	}
	out = make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	// subBlocks returns the end of the data sub-blocks starting at j.
	subBlocks := func(j int) (int, bool) {
		for {
			if j >= len(b) {
				return 0, false
			}
			n := int(b[j])
			j++
			if n == 0 {
				return j, true
			}
			j += n
		}
	}
	frames := 0
	for {
		if i >= len(b) {
			return bad("no trailer")
		}
		switch b[i] {
		case 0x3B: // trailer
			out = append(out, 0x3B)
			if frames == 0 {
				return bad("no image")
			}
			return out, w, h, nil
		case 0x2C: // image descriptor
			frames++
			if frames > maxFrames {
				return nil, 0, 0, refuse(ErrPixels, "gif: more than %d frames", maxFrames)
			}
			j := i + 10
			if j > len(b) {
				return bad("truncated image descriptor")
			}
			if b[i+9]&0x80 != 0 {
				j += 3 << (1 + b[i+9]&7)
			}
			j++ // LZW minimum code size
			end, ok := subBlocks(j)
			if !ok {
				return bad("truncated image data")
			}
			out = append(out, b[i:end]...)
			i = end
		case 0x21: // extension
			if i+2 > len(b) {
				return bad("truncated extension")
			}
			label := b[i+1]
			end, ok := subBlocks(i + 2)
			if !ok {
				return bad("truncated extension")
			}
			keep := false
			switch label {
			case 0xF9: // graphic control
				keep = true
			case 0xFF: // application
				id := b[i+2 : min(i+3+11, len(b))]
				keep = bytes.Equal(id, []byte("\x0bNETSCAPE2.0")) || bytes.Equal(id, []byte("\x0bANIMEXTS1.0"))
			}
			if keep {
				out = append(out, b[i:end]...)
			}
			i = end
		default:
			return bad("unknown block")
		}
	}
}
