package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"slices"
	"strconv"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/busrides/busrides/internal/content"
)

// Variant is a smaller copy of an uploaded image, for responsive images
// (srcset) and thumbnails.
type Variant struct {
	Width, Height int
	Type          Type // JPEG or PNG
	Data          []byte
}

// DefaultWidths returns the widths, in pixels and in ascending order, of
// the variants made at upload. The smallest, 160, is the thumbnail the back
// office's media picker and library show.
func DefaultWidths() []int { return []int{160, 320, 640, 960, 1280} }

// jpegQuality is the quality of JPEG variants.
const jpegQuality = 80

// Variants makes the smaller copies of an accepted image (a File from
// Process): one per requested width strictly smaller than the image's
// width, in ascending width, the height keeping the aspect ratio (rounded,
// at least 1 pixel). An image is never enlarged: an image no wider than a
// width gets no variant for it. Widths of 0 or less and repeated widths
// are ignored. The dimensions are read from f.Data, not from f.Width and
// f.Height.
//
// JPEG images give JPEG variants; PNG images give PNG variants, keeping
// transparency; WebP images give JPEG variants when fully opaque and PNG
// variants otherwise. The ICC colour profile of an RGB image, and the
// colour chunks of a PNG (sRGB, gAMA, cHRM, cICP), are carried over so that
// variants show the same colours as the original. Orientation is not
// looked at: uploads carry no EXIF.
//
// Animated images — GIF, animated PNG and animated WebP — are kept as
// uploaded, with no variants: Variants returns nil, nil for every GIF and
// for animated PNG and WebP.
//
// Before anything is decoded, an image whose header gives more than
// DefaultMaxPixels pixels is refused with an error wrapping an *Error
// keyed ErrPixels. Other types than images, and images the decoders cannot
// read, are errors too. The whole image is decoded: a photo near the limit
// takes a couple of hundred megabytes of memory while its variants are
// made.
func Variants(f *File, widths []int) ([]Variant, error) {
	return variants(f, widths, DefaultMaxPixels)
}

// variants is Variants with a pixel limit of maxPixels.
func variants(f *File, widths []int, maxPixels int64) ([]Variant, error) {
	if f == nil {
		return nil, errors.New("media: variants: no file")
	}
	var (
		decodeConfig func(io.Reader) (image.Config, error)
		decode       func(io.Reader) (image.Image, error)
		col          colour
	)
	switch f.Type {
	case GIF:
		return nil, nil
	case JPEG:
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
		col.icc = jpegICC(f.Data)
	case PNG:
		var animated bool
		animated, col.pngChunks = pngColour(f.Data)
		if animated {
			return nil, nil
		}
		decodeConfig, decode = png.DecodeConfig, png.Decode
	case WebP:
		var animated bool
		animated, col.icc = webpInfo(f.Data)
		if animated {
			return nil, nil
		}
		decodeConfig, decode = webp.DecodeConfig, webp.Decode
	default:
		return nil, fmt.Errorf("media: variants: %q is not an image type with variants", f.MIME)
	}

	// The header first: nothing the size of the image is allocated before
	// its dimensions are known to be within the limit.
	cfg, err := decodeConfig(bytes.NewReader(f.Data))
	if err != nil {
		return nil, fmt.Errorf("media: variants: %s header: %w", f.MIME, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("media: variants: %w", refuse(ErrCorrupt, "%s: %d×%d", f.MIME, cfg.Width, cfg.Height))
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, fmt.Errorf("media: variants: %w", refuse(ErrPixels, "%d×%d is more than %d pixels", cfg.Width, cfg.Height, maxPixels))
	}
	ws := variantWidths(widths, cfg.Width)
	if len(ws) == 0 {
		return nil, nil
	}

	src, err := decode(bytes.NewReader(f.Data))
	if err != nil {
		return nil, fmt.Errorf("media: variants: decode %s: %w", f.MIME, err)
	}
	sb := src.Bounds()
	if sb.Dx() != cfg.Width || sb.Dy() != cfg.Height {
		return nil, fmt.Errorf("media: variants: %w", refuse(ErrCorrupt, "%s: header says %d×%d, image is %d×%d", f.MIME, cfg.Width, cfg.Height, sb.Dx(), sb.Dy()))
	}
	out := JPEG
	if f.Type == PNG || (f.Type == WebP && !isOpaque(src)) {
		out = PNG
	}

	// Largest first, each variant scaled from the one before (or from the
	// original): far cheaper than scaling each from the original, and no
	// different to the eye. An image at least three times as wide as
	// needed is first halved (a 2×2 average, which is what bilinear
	// sampling gives at exactly half the size) as many times as that
	// holds, which saves time and memory on large photos.
	vs := make([]Variant, len(ws))
	from := src
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		h := int(max(1, (2*int64(w)*int64(cfg.Height)+int64(cfg.Width))/(2*int64(cfg.Width))))
		for from.Bounds().Dx() >= 3*w && from.Bounds().Dy()/2 >= h {
			half := image.NewRGBA(image.Rect(0, 0, from.Bounds().Dx()/2, from.Bounds().Dy()/2))
			draw.ApproxBiLinear.Scale(half, half.Bounds(), from, from.Bounds(), draw.Src, nil)
			from = half
		}
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), from, from.Bounds(), draw.Src, nil)
		data, err := encodeVariant(dst, out, col)
		if err != nil {
			return nil, fmt.Errorf("media: variants: %d px wide: %w", w, err)
		}
		vs[i] = Variant{Width: w, Height: h, Type: out, Data: data}
		from = dst
	}
	return vs, nil
}

// variantWidths returns the distinct positive widths smaller than width,
// ascending, without changing widths.
func variantWidths(widths []int, width int) []int {
	var ws []int
	for _, w := range widths {
		if w > 0 && w < width {
			ws = append(ws, w)
		}
	}
	slices.Sort(ws)
	return slices.Compact(ws)
}

// isOpaque reports whether every pixel of m is fully opaque.
func isOpaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := m.At(x, y).RGBA(); a != 0xFFFF {
				return false
			}
		}
	}
	return true
}

// colour is what variants keep of the original's colour description.
type colour struct {
	icc       []byte // an RGB ICC profile (JPEG and WebP originals)
	pngChunks []byte // whole PNG chunks to copy into PNG variants (PNG originals)
}

// encodeVariant encodes m as t, with the colour description col.
func encodeVariant(m *image.RGBA, t Type, col colour) ([]byte, error) {
	var buf bytes.Buffer
	switch t {
	case JPEG:
		if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return nil, fmt.Errorf("encode jpeg: %w", err)
		}
		return withJPEGICC(buf.Bytes(), col.icc), nil
	default:
		enc := png.Encoder{CompressionLevel: png.DefaultCompression}
		if err := enc.Encode(&buf, m); err != nil {
			return nil, fmt.Errorf("encode png: %w", err)
		}
		chunks := col.pngChunks
		if chunks == nil && col.icc != nil {
			chunks = iccpChunk(col.icc)
		}
		return withPNGChunks(buf.Bytes(), chunks), nil
	}
}

// isRGBProfile reports whether p looks like a whole ICC profile for RGB
// data: a 128-byte header giving p's size, the "acsp" signature and the
// RGB colour space. Profiles for CMYK or grey data are not carried over,
// as variants are always RGB.
func isRGBProfile(p []byte) bool {
	return len(p) >= 128 && binary.BigEndian.Uint32(p) == uint32(len(p)) &&
		string(p[16:20]) == "RGB " && string(p[36:40]) == "acsp"
}

// iccMarker starts the APP2 segments that carry an ICC profile in a JPEG.
const iccMarker = "ICC_PROFILE\x00"

// maxICCChunk is the most profile bytes one APP2 segment holds.
const maxICCChunk = 0xFFFF - 2 - len(iccMarker) - 2

// jpegICC returns the RGB ICC profile in the APP2 segments of the JPEG b,
// or nil.
func jpegICC(b []byte) []byte {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil
	}
	var chunks [][]byte
	for i := 2; i+1 < len(b); {
		if b[i] != 0xFF {
			return nil
		}
		code := b[i+1]
		if code == 0xFF { // fill byte
			i++
			continue
		}
		i += 2
		if code == 0xDA || code == 0xD9 { // SOS, EOI: no more headers
			break
		}
		if code == 0x01 || (code >= 0xD0 && code <= 0xD7) { // no length
			continue
		}
		if i+2 > len(b) {
			return nil
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return nil
		}
		p := b[i+2 : i+n]
		i += n
		if code != 0xE2 || len(p) < len(iccMarker)+2 || string(p[:len(iccMarker)]) != iccMarker {
			continue
		}
		seq, count := int(p[len(iccMarker)]), int(p[len(iccMarker)+1])
		if chunks == nil {
			chunks = make([][]byte, count)
		}
		if count != len(chunks) || seq < 1 || seq > count || chunks[seq-1] != nil {
			return nil
		}
		chunks[seq-1] = p[len(iccMarker)+2:]
	}
	var icc []byte
	for _, c := range chunks {
		if c == nil {
			return nil
		}
		icc = append(icc, c...)
	}
	if !isRGBProfile(icc) {
		return nil
	}
	return icc
}

// withJPEGICC returns the JPEG b with the profile icc in APP2 segments
// right after SOI; b as it is when icc is nil or too large for a JPEG.
func withJPEGICC(b, icc []byte) []byte {
	count := (len(icc) + maxICCChunk - 1) / maxICCChunk
	if count == 0 || count > 255 || len(b) < 2 {
		return b
	}
	out := make([]byte, 0, len(b)+len(icc)+count*(4+len(iccMarker)+2))
	out = append(out, b[:2]...)
	for seq := 1; len(icc) > 0; seq++ {
		c := icc[:min(len(icc), maxICCChunk)]
		icc = icc[len(c):]
		out = append(out, 0xFF, 0xE2)
		out = binary.BigEndian.AppendUint16(out, uint16(2+len(iccMarker)+2+len(c)))
		out = append(out, iccMarker...)
		out = append(out, byte(seq), byte(count))
		out = append(out, c...)
	}
	return append(out, b[2:]...)
}

// isPNGColourChunk reports whether a PNG chunk of type typ describes
// colour, and is copied into variants.
func isPNGColourChunk(typ string) bool {
	switch typ {
	case "iCCP", "sRGB", "gAMA", "cHRM", "cICP":
		return true
	}
	return false
}

// pngColour reads the PNG b up to its image data: whether it is animated
// (acTL), and its colour chunks, whole and in order (iCCP only for colour
// images: variants are never grey, and a grey profile would not fit them).
func pngColour(b []byte) (animated bool, chunks []byte) {
	grey := false
	var seen []string
	for i := 8; i+12 <= len(b); {
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		end := uint64(i) + 12 + n
		if end > uint64(len(b)) {
			break
		}
		typ := string(b[i+4 : i+8])
		data := b[i+8 : i+8+int(n)]
		whole := b[i:int(end)]
		i = int(end)
		switch typ {
		case "IDAT", "IEND":
			return animated, chunks
		case "acTL":
			animated = true
		case "IHDR":
			grey = len(data) == 13 && data[9]&2 == 0
		}
		// CRCs are left to the decoder, which refuses a wrong one.
		if !isPNGColourChunk(typ) || slices.Contains(seen, typ) || (typ == "iCCP" && grey) {
			continue
		}
		seen = append(seen, typ)
		chunks = append(chunks, whole...)
	}
	return animated, chunks
}

// iccpChunk is a PNG iCCP chunk holding the profile icc.
func iccpChunk(icc []byte) []byte {
	var data bytes.Buffer
	data.WriteString("ICC profile\x00\x00") // name, compression method
	zw := zlib.NewWriter(&data)
	_, _ = zw.Write(icc) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	out := binary.BigEndian.AppendUint32(nil, uint32(data.Len()))
	out = append(out, "iCCP"...)
	out = append(out, data.Bytes()...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// withPNGChunks returns the PNG b with chunks inserted after its IHDR.
func withPNGChunks(b, chunks []byte) []byte {
	const ihdrEnd = 8 + 12 + 13
	if len(chunks) == 0 || len(b) < ihdrEnd || string(b[12:16]) != "IHDR" {
		return b
	}
	out := make([]byte, 0, len(b)+len(chunks))
	out = append(out, b[:ihdrEnd]...)
	out = append(out, chunks...)
	return append(out, b[ihdrEnd:]...)
}

// webpInfo reads the chunks of the WebP b: whether it is animated (the
// VP8X animation flag), and its ICC profile if that is an RGB one.
func webpInfo(b []byte) (animated bool, icc []byte) {
	for i := 12; i+8 <= len(b); {
		n := uint64(binary.LittleEndian.Uint32(b[i+4:]))
		end := uint64(i) + 8 + n
		if end > uint64(len(b)) {
			break
		}
		data := b[i+8 : int(end)]
		switch string(b[i : i+4]) {
		case "VP8X":
			animated = len(data) > 0 && data[0]&0x02 != 0
		case "ICCP":
			if icc == nil && isRGBProfile(data) {
				icc = data
			}
		}
		i = int(end + n&1)
	}
	return animated, icc
}

// variantRE matches the names VariantName gives; its groups are the
// stored name without extension and the width.
var variantRE = regexp.MustCompile(`^(` + UploadDir + `/[0-9]{4}/[0-9]{2}/[0-9a-f]{64})-([1-9][0-9]{0,4})w\.(jpg|png)$`)

// VariantName is the stored name of the variant, width pixels wide and of
// type t, of the stored file stored (a StoredName): the stored name
// without its extension, then "-<width>w" and the extension of t, e.g.
// "uploads/2026/11/3a7b…e1-320w.jpg" for "uploads/2026/11/3a7b…e1.webp".
// Only JPEG and PNG variants from 1 to 99999 pixels wide get names that
// IsVariantName accepts.
func VariantName(stored string, width int, t Type) string {
	return content.VariantPath(stored, width, t.Ext)
}

// IsVariantName reports whether name has the shape VariantName gives to
// the variants Variants makes: a stored name's folder and SHA-256, a
// width from 1 to 99999 without leading zeros, and the extension of a
// JPEG or PNG.
func IsVariantName(name string) bool { return variantRE.MatchString(name) }

// VariantOf parses a variant's name: stored is the name of the original
// without its extension ("uploads/YYYY/MM/<sha256>"), as the original's
// type cannot be told from the variant's (a WebP's variants are JPEG or
// PNG); width is the variant's width. ok is false when name is not a
// variant name (IsVariantName).
func VariantOf(name string) (stored string, width int, ok bool) {
	m := variantRE.FindStringSubmatch(name)
	if m == nil {
		return "", 0, false
	}
	w, err := strconv.Atoi(m[2])
	if err != nil {
		return "", 0, false
	}
	return m[1], w, true
}
