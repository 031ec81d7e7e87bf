package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/busrides/busrides/internal/content"
)

// variantGradient is a smooth w×h image: red grows to the right, green
// downwards, blue along the diagonal; with alpha, opacity falls to the
// right (fully transparent on the last column).
func variantGradient(w, h int, alpha bool) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{
				R: uint8(x * 255 / max(1, w-1)),
				G: uint8(y * 255 / max(1, h-1)),
				B: uint8(64 + (x+y)*127/max(1, w+h-2)),
				A: 255,
			}
			if alpha {
				c.A = uint8(255 - x*255/max(1, w-1))
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

// variantPhoto is a deterministic w×h photo-like image: gradients, soft
// waves and grain.
func variantPhoto(w, h int) *image.RGBA {
	r := rand.New(rand.NewPCG(2026, 11))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	clamp := func(v float64) uint8 { return uint8(max(0, min(255, v))) }
	for y := range h {
		for x := range w {
			wave := 24 * math.Sin(float64(x)/37) * math.Cos(float64(y)/23)
			grain := float64(r.IntN(25) - 12)
			i := m.PixOffset(x, y)
			m.Pix[i+0] = clamp(float64(x*180/w) + 40 + wave + grain)
			m.Pix[i+1] = clamp(float64(y*160/h) + 50 + grain)
			m.Pix[i+2] = clamp(150 - wave + grain)
			m.Pix[i+3] = 255
		}
	}
	return m
}

// variantEncode encodes m as t (JPEG at quality 95, PNG, or GIF).
func variantEncode(t testing.TB, m image.Image, ty Type) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch ty {
	case JPEG:
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95})
	case PNG:
		err = png.Encode(&buf, m)
	case GIF:
		err = gif.Encode(&buf, m, nil)
	default:
		t.Fatalf("cannot encode %s", ty.MIME)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// variantDecode decodes b as t.
func variantDecode(t testing.TB, b []byte, ty Type) image.Image {
	t.Helper()
	var m image.Image
	var err error
	switch ty {
	case JPEG:
		m, err = jpeg.Decode(bytes.NewReader(b))
	case PNG:
		m, err = png.Decode(bytes.NewReader(b))
	case WebP:
		m, err = webp.Decode(bytes.NewReader(b))
	default:
		t.Fatalf("cannot decode %s", ty.MIME)
	}
	if err != nil {
		t.Fatalf("decode %s: %v", ty.MIME, err)
	}
	return m
}

// variantAverage is the average premultiplied colour of the part of m
// between the fractions fx0…fx1 of its width and fy0…fy1 of its height,
// in 0–255 units.
func variantAverage(m image.Image, fx0, fy0, fx1, fy1 float64) [4]float64 {
	b := m.Bounds()
	x0, x1 := b.Min.X+int(fx0*float64(b.Dx())), b.Min.X+int(fx1*float64(b.Dx()))
	y0, y1 := b.Min.Y+int(fy0*float64(b.Dy())), b.Min.Y+int(fy1*float64(b.Dy()))
	var sum [4]float64
	n := 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			r, g, bl, a := m.At(x, y).RGBA()
			sum[0] += float64(r)
			sum[1] += float64(g)
			sum[2] += float64(bl)
			sum[3] += float64(a)
			n++
		}
	}
	for i := range sum {
		sum[i] /= float64(n) * 257
	}
	return sum
}

// variantParts are the parts of an image whose average colours are
// compared: the whole, then the quadrants.
var variantParts = [...][4]float64{{0, 0, 1, 1}, {0, 0, .5, .5}, {.5, 0, 1, .5}, {0, .5, .5, 1}, {.5, .5, 1, 1}}

// variantAverages are the average colours of m's variantParts.
func variantAverages(m image.Image) [len(variantParts)][4]float64 {
	var avg [len(variantParts)][4]float64
	for i, p := range variantParts {
		avg[i] = variantAverage(m, p[0], p[1], p[2], p[3])
	}
	return avg
}

// variantSameColour fails t when the average colour of v, overall and (when
// v is big enough) per quadrant, is more than tol from orig's (the
// variantAverages of the original).
func variantSameColour(t *testing.T, orig [len(variantParts)][4]float64, v image.Image, tol float64) {
	t.Helper()
	parts := 1
	if v.Bounds().Dx() >= 8 && v.Bounds().Dy() >= 8 {
		parts = len(variantParts)
	}
	for i, p := range variantParts[:parts] {
		a := orig[i]
		b := variantAverage(v, p[0], p[1], p[2], p[3])
		for c := range a {
			if math.Abs(a[c]-b[c]) > tol {
				t.Errorf("%d px wide, part %v: average colour %.1f, original %.1f", v.Bounds().Dx(), p, b, a)
				break
			}
		}
	}
}

// variantHeight is the expected height of a variant w wide of a W×H image.
func variantHeight(w, W, H int) int {
	return max(1, int(math.Round(float64(w)*float64(H)/float64(W))))
}

// variantProcess runs Process on b and fails t if it refuses it.
func variantProcess(t testing.TB, b []byte) *File {
	t.Helper()
	f, err := Process(b, Limits{})
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	return f
}

func variantTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// variantPNGChunk is a PNG chunk of type typ holding data.
func variantPNGChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// variantAfterIHDR inserts chunks into the PNG b right after its IHDR.
func variantAfterIHDR(b []byte, chunks ...[]byte) []byte {
	const ihdrEnd = 8 + 12 + 13
	out := slices.Clone(b[:ihdrEnd])
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, b[ihdrEnd:]...)
}

// variantPNGChunks lists the chunk types of the PNG b, in order.
func variantPNGChunks(b []byte) []string {
	var types []string
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		types = append(types, string(b[i+4:i+8]))
		i += 12 + n
	}
	return types
}

// variantPNGChunkData returns the data of the first chunk typ of the PNG b.
func variantPNGChunkData(b []byte, typ string) []byte {
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if string(b[i+4:i+8]) == typ {
			return b[i+8 : i+8+n]
		}
		i += 12 + n
	}
	return nil
}

// variantICC is a made-up ICC profile of n bytes (at least 128) for the
// colour space space ("RGB ", "CMYK", "GRAY").
func variantICC(n int, space string) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i * 7)
	}
	binary.BigEndian.PutUint32(p, uint32(n))
	copy(p[4:], "test")
	copy(p[12:], "mntr")
	copy(p[16:], space)
	copy(p[20:], "XYZ ")
	copy(p[36:], "acsp")
	return p
}

// variantJPEGWithICC inserts the profile icc into the JPEG b, in APP2
// segments of at most chunk bytes, in the order given by order (sequence
// numbers from 1).
func variantJPEGWithICC(b, icc []byte, chunk int, order ...int) []byte {
	var parts [][]byte
	for len(icc) > 0 {
		c := icc[:min(chunk, len(icc))]
		icc = icc[len(c):]
		parts = append(parts, c)
	}
	if order == nil {
		for i := range parts {
			order = append(order, i+1)
		}
	}
	out := slices.Clone(b[:2])
	for _, seq := range order {
		p := append([]byte("ICC_PROFILE\x00"), byte(seq), byte(len(parts)))
		p = append(p, parts[seq-1]...)
		out = append(out, 0xFF, 0xE2)
		out = binary.BigEndian.AppendUint16(out, uint16(len(p)+2))
		out = append(out, p...)
	}
	return append(out, b[2:]...)
}

// variantRIFFChunk is a RIFF chunk, padded to an even length.
func variantRIFFChunk(typ string, data []byte) []byte {
	out := append([]byte(typ), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(data)))
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// variantWebP is a WebP file holding chunks.
func variantWebP(chunks ...[]byte) []byte {
	body := []byte("WEBP")
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := []byte("RIFF\x00\x00\x00\x00")
	binary.LittleEndian.PutUint32(out[4:], uint32(len(body)))
	return append(out, body...)
}

// variantVP8X is a VP8X chunk for a w×h canvas with flags.
func variantVP8X(flags byte, w, h int) []byte {
	d := make([]byte, 10)
	d[0] = flags
	d[4], d[5], d[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	d[7], d[8], d[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	return variantRIFFChunk("VP8X", d)
}

// variantExtendedWebP wraps the image chunk of the simple WebP b into an
// extended WebP with an ICCP chunk holding icc.
func variantExtendedWebP(t testing.TB, b, icc []byte) []byte {
	t.Helper()
	cfg, err := webp.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	const iccFlag = 0x20
	return variantWebP(variantVP8X(iccFlag, cfg.Width, cfg.Height), variantRIFFChunk("ICCP", icc), b[12:])
}

// variantWebPICC returns the ICCP chunk of the WebP b.
func variantWebPICC(b []byte) []byte {
	for i := 12; i+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		if string(b[i:i+4]) == "ICCP" {
			return b[i+8 : i+8+n]
		}
		i += 8 + n + n&1
	}
	return nil
}

// variantInflateICCP returns the profile in the iCCP chunk data d.
func variantInflateICCP(t *testing.T, d []byte) []byte {
	t.Helper()
	i := bytes.IndexByte(d, 0)
	if i < 1 || i+2 > len(d) || d[i+1] != 0 {
		t.Fatalf("iCCP chunk: bad name or method")
	}
	zr, err := zlib.NewReader(bytes.NewReader(d[i+2:]))
	if err != nil {
		t.Fatal(err)
	}
	p, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// checkVariants checks vs, made from upload (of type in) with widths: one
// per width smaller than the original, ascending, with the expected
// dimensions and type, decodable, with the original's colours, and
// accepted as they are by Process.
func checkVariants(t *testing.T, upload []byte, in Type, widths []int, vs []Variant, want Type, tol float64) {
	t.Helper()
	orig := variantDecode(t, upload, in)
	W, H := orig.Bounds().Dx(), orig.Bounds().Dy()
	var origColour [len(variantParts)][4]float64
	if len(vs) > 0 {
		origColour = variantAverages(orig)
	}
	var wantWidths []int
	for _, w := range widths {
		if w > 0 && w < W && !slices.Contains(wantWidths, w) {
			wantWidths = append(wantWidths, w)
		}
	}
	slices.Sort(wantWidths)
	var got []int
	for _, v := range vs {
		got = append(got, v.Width)
	}
	if !slices.Equal(got, wantWidths) {
		t.Fatalf("widths %v, want %v (original %d×%d, asked %v)", got, wantWidths, W, H, widths)
	}
	for _, v := range vs {
		if v.Type != want {
			t.Errorf("%d px wide: type %s, want %s", v.Width, v.Type.MIME, want.MIME)
		}
		if h := variantHeight(v.Width, W, H); v.Height != h {
			t.Errorf("%d px wide: height %d, want %d", v.Width, v.Height, h)
		}
		if ty, err := Sniff(v.Data); err != nil || ty != v.Type {
			t.Errorf("%d px wide: sniffs as %v, %v", v.Width, ty.MIME, err)
		}
		m := variantDecode(t, v.Data, v.Type)
		if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
			t.Errorf("%d px wide: decodes as %v, want %d×%d", v.Width, b, v.Width, v.Height)
		}
		variantSameColour(t, origColour, m, tol)
		f, err := Process(v.Data, Limits{})
		if err != nil {
			t.Errorf("%d px wide: Process refuses the variant: %v", v.Width, err)
		} else if !bytes.Equal(f.Data, v.Data) || f.Width != v.Width || f.Height != v.Height {
			t.Errorf("%d px wide: Process changes the variant (%d×%d, %d → %d bytes)", v.Width, f.Width, f.Height, len(v.Data), len(f.Data))
		}
	}
}

func TestVariants(t *testing.T) {
	gradientJPEG := variantEncode(t, variantGradient(680, 120, false), JPEG)
	tests := []struct {
		name   string
		upload []byte
		widths []int
		want   Type    // type of the variants
		tol    float64 // of the average colours, in 0–255 units
	}{
		{"jpeg", gradientJPEG, DefaultWidths(), JPEG, 3},
		{"jpeg, odd widths", gradientJPEG, []int{640, 0, -5, 160, 160, 679, 680, 681, 320}, JPEG, 3},
		{"photo-like jpeg", variantEncode(t, variantPhoto(400, 260), JPEG), DefaultWidths(), JPEG, 3},
		{"grey jpeg", variantEncode(t, image.NewGray(image.Rect(0, 0, 330, 100)), JPEG), DefaultWidths(), JPEG, 2},
		{"png", variantEncode(t, variantGradient(400, 150, false), PNG), DefaultWidths(), PNG, 2},
		{"png with transparency", variantEncode(t, variantGradient(400, 150, true), PNG), DefaultWidths(), PNG, 2},
		{"16-bit png", variantEncode(t, image.NewNRGBA64(image.Rect(0, 0, 200, 100)), PNG), DefaultWidths(), PNG, 2},
		{"paletted png", variantEncode(t, image.NewPaletted(image.Rect(0, 0, 200, 100), color.Palette{color.RGBA{200, 30, 60, 255}}), PNG), DefaultWidths(), PNG, 2},
		{"1×1", variantEncode(t, variantGradient(1, 1, false), PNG), DefaultWidths(), PNG, 2},
		{"1×1 asked 1", variantEncode(t, variantGradient(1, 1, false), JPEG), []int{1}, JPEG, 2},
		{"as wide as a width", variantEncode(t, variantGradient(320, 100, false), PNG), DefaultWidths(), PNG, 2},
		{"wide strip", variantEncode(t, variantGradient(4000, 10, false), PNG), DefaultWidths(), PNG, 2},
		// Green goes from 0 to 255 down the 10 rows: in variants 2 or 3
		// rows tall, JPEG's halved colour resolution moves the average
		// by up to about 5 (the scaled pixels themselves are within 0.2).
		{"wide strip jpeg", variantEncode(t, variantGradient(4000, 10, false), JPEG), DefaultWidths(), JPEG, 6},
		{"tall", variantEncode(t, variantGradient(170, 1200, false), JPEG), DefaultWidths(), JPEG, 3},
		{"no widths", gradientJPEG, nil, JPEG, 0},
		{"opaque lossy webp", variantTestdata(t, "blue-purple-pink.lossy.webp"), []int{40, 75, 149, 150, 300}, JPEG, 3},
		{"opaque lossless webp", variantTestdata(t, "gopher-doc.1bpp.lossless.webp"), []int{30, 60, 100}, JPEG, 4},
		{"webp with transparency", variantTestdata(t, "gopher-doc.with-alpha.lossless.webp"), []int{30, 60, 100}, PNG, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := variantProcess(t, tt.upload)
			in := f.Type
			widths := slices.Clone(tt.widths)
			vs, err := Variants(f, widths)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(widths, tt.widths) {
				t.Errorf("Variants changed its widths: %v", widths)
			}
			checkVariants(t, tt.upload, in, tt.widths, vs, tt.want, tt.tol)
		})
	}
}

func TestVariantsStrip(t *testing.T) {
	// A 4000×10 strip: heights round to the nearest pixel, at least 1.
	f := variantProcess(t, variantEncode(t, variantGradient(4000, 10, false), PNG))
	vs, err := Variants(f, DefaultWidths())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, fmt.Sprintf("%d×%d", v.Width, v.Height))
	}
	if want := "160×1 320×1 640×2 960×2 1280×3"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestVariantsLikeDirectScaling(t *testing.T) {
	// Variants are scaled one from the other, after halving large
	// originals: they must look like scaling the original directly.
	orig := variantPhoto(800, 480)
	f := variantProcess(t, variantEncode(t, orig, PNG))
	vs, err := Variants(f, []int{100, 250})
	if err != nil || len(vs) != 2 {
		t.Fatalf("%d variants, %v", len(vs), err)
	}
	for _, v := range vs {
		m := variantDecode(t, v.Data, PNG)
		direct := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		draw.CatmullRom.Scale(direct, direct.Bounds(), orig, orig.Bounds(), draw.Src, nil)
		var se float64
		for y := range v.Height {
			for x := range v.Width {
				r, g, b, _ := m.At(x, y).RGBA()
				c := direct.RGBAAt(x, y)
				for _, d := range []float64{float64(r>>8) - float64(c.R), float64(g>>8) - float64(c.G), float64(b>>8) - float64(c.B)} {
					se += d * d
				}
			}
		}
		psnr := 10 * math.Log10(255*255/(se/float64(3*v.Width*v.Height)))
		t.Logf("%d px wide: PSNR %.1f dB against direct scaling", v.Width, psnr)
		if psnr < 40 {
			t.Errorf("%d px wide: PSNR %.1f dB against direct scaling", v.Width, psnr)
		}
	}
}

func TestVariantsTransparency(t *testing.T) {
	// Transparent pixels stay transparent, and what shows stays visible.
	halves := variantGradient(200, 100, false)
	for y := range 100 {
		for x := 100; x < 200; x++ {
			halves.SetNRGBA(x, y, color.NRGBA{})
		}
	}
	for _, upload := range [][]byte{
		variantEncode(t, halves, PNG),
		variantTestdata(t, "gopher-doc.with-alpha.lossless.webp"),
	} {
		f := variantProcess(t, upload)
		vs, err := Variants(f, []int{20, 40})
		if err != nil || len(vs) != 2 {
			t.Fatalf("%s: %d variants, %v", f.MIME, len(vs), err)
		}
		orig := variantDecode(t, upload, f.Type)
		for _, v := range vs {
			m := variantDecode(t, v.Data, v.Type)
			if _, ok := m.(*image.NRGBA); !ok {
				t.Errorf("%s, %d px wide: decodes as %T, want NRGBA", f.MIME, v.Width, m)
			}
			transparent, visible := 0, 0
			b := m.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					switch _, _, _, a := m.At(x, y).RGBA(); {
					case a == 0:
						transparent++
					case a >= 0x8000:
						visible++
					}
				}
			}
			if transparent == 0 || visible == 0 {
				t.Errorf("%s, %d px wide: %d transparent and %d visible pixels", f.MIME, v.Width, transparent, visible)
			}
			if o, v := variantAverage(orig, 0, 0, 1, 1)[3], variantAverage(m, 0, 0, 1, 1)[3]; math.Abs(o-v) > 3 {
				t.Errorf("%s, %d px wide: average opacity %.1f, original %.1f", f.MIME, b.Dx(), v, o)
			}
		}
	}
}

func TestVariantsNone(t *testing.T) {
	gifData := variantEncode(t, image.NewPaletted(image.Rect(0, 0, 400, 300), color.Palette{color.Black, color.White}), GIF)
	pngData := variantEncode(t, variantGradient(400, 300, false), PNG)
	apng := variantAfterIHDR(pngData, variantPNGChunk("acTL", []byte{0, 0, 0, 1, 0, 0, 0, 0}))
	lossless := variantTestdata(t, "gopher-doc.1bpp.lossless.webp")
	anmf := append(make([]byte, 16), lossless[12:]...)
	animatedWebP := variantWebP(variantVP8X(0x02, 75, 100), variantRIFFChunk("ANIM", make([]byte, 6)), variantRIFFChunk("ANMF", anmf))
	for name, upload := range map[string][]byte{
		"gif":           gifData,
		"animated png":  apng,
		"animated webp": animatedWebP,
	} {
		f := variantProcess(t, upload)
		vs, err := Variants(f, DefaultWidths())
		if vs != nil || err != nil {
			t.Errorf("%s: %d variants, %v; want none", name, len(vs), err)
		}
	}
}

func TestVariantsRefused(t *testing.T) {
	jpegData := variantEncode(t, variantGradient(300, 200, false), JPEG)
	pngData := variantEncode(t, variantGradient(300, 200, false), PNG)
	tests := []struct {
		name string
		f    *File
	}{
		{"no file", nil},
		{"audio", &File{Type: MP3, Data: append(id3("x"), mp3Frames(3)...)}},
		{"no type", &File{Data: jpegData}},
		{"png said to be jpeg", &File{Type: JPEG, Data: pngData}},
		{"jpeg said to be webp", &File{Type: WebP, Data: jpegData}},
		{"truncated jpeg", &File{Type: JPEG, Data: jpegData[:len(jpegData)/2]}},
		{"truncated png", &File{Type: PNG, Data: pngData[:len(pngData)/2]}},
		{"empty", &File{Type: PNG}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, err := Variants(tt.f, DefaultWidths())
			if err == nil || vs != nil {
				t.Errorf("got %d variants, %v; want an error", len(vs), err)
			}
		})
	}
}

// variantHugePNG is the start of a PNG whose header claims w×h RGBA pixels,
// followed by a few bytes of image data.
func variantHugePNG(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, variantPNGChunk("IHDR", ihdr)...)
	out = append(out, variantPNGChunk("IDAT", []byte{0x78, 0x9c, 0x62, 0x00, 0x00})...)
	return append(out, variantPNGChunk("IEND", nil)...)
}

// variantHugeJPEG is the start of a JPEG whose frame header claims w×h
// pixels, with no tables and a scan of two bytes.
func variantHugeJPEG(w, h int) []byte {
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0}
	sos := []byte{3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0}
	out := []byte{0xFF, 0xD8, 0xFF, 0xC0, 0, byte(len(sof) + 2)}
	out = append(out, sof...)
	out = append(out, 0xFF, 0xDA, 0, byte(len(sos)+2))
	out = append(out, sos...)
	return append(out, 0, 0, 0xFF, 0xD9)
}

func TestVariantsPixelGuard(t *testing.T) {
	// Headers claiming more than DefaultMaxPixels are refused from the
	// header: decoding them would take hundreds of megabytes.
	lossless := variantTestdata(t, "gopher-doc.1bpp.lossless.webp")
	vp8l := slices.Clone(lossless[12:]) // the VP8L chunk
	// Its header after the signature byte: width-1 and height-1 in 14
	// bits each, then the alpha and version bits, kept.
	binary.LittleEndian.PutUint32(vp8l[9:], 16383|16383<<14|uint32(vp8l[12]>>4)<<28)
	tests := []struct {
		name string
		f    *File
	}{
		{"png 10000×10000", &File{Type: PNG, Data: variantHugePNG(10000, 10000), Width: 10, Height: 10}},
		{"png 40000001×1", &File{Type: PNG, Data: variantHugePNG(DefaultMaxPixels+1, 1)}},
		{"jpeg 8000×6000", &File{Type: JPEG, Data: variantHugeJPEG(8000, 6000)}},
		{"extended webp 16384×16384", &File{Type: WebP, Data: variantWebP(variantVP8X(0x10, 16384, 16384), variantRIFFChunk("ALPH", []byte{0}), lossless[12:])}},
		{"lossless webp 16384×16384", &File{Type: WebP, Data: variantWebP(vp8l)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for range 5 {
				vs, err := Variants(tt.f, DefaultWidths())
				var e *Error
				if vs != nil || !errors.As(err, &e) || e.Key != ErrPixels {
					t.Fatalf("got %d variants, %v; want an ErrPixels error", len(vs), err)
				}
			}
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
				t.Errorf("allocated %d bytes before refusing", grew)
			}
		})
	}
}

func TestVariantsPixelLimit(t *testing.T) {
	f := variantProcess(t, variantEncode(t, variantGradient(20, 10, false), PNG))
	if vs, err := variants(f, []int{10}, 200); err != nil || len(vs) != 1 {
		t.Errorf("at the limit: %d variants, %v", len(vs), err)
	}
	vs, err := variants(f, []int{10}, 199)
	var e *Error
	if vs != nil || !errors.As(err, &e) || e.Key != ErrPixels {
		t.Errorf("over the limit: %d variants, %v", len(vs), err)
	}
}

func TestVariantsICC(t *testing.T) {
	rgb := variantICC(3000, "RGB ")
	big := variantICC(70_000, "RGB ") // two APP2 segments
	base := variantEncode(t, variantGradient(240, 80, false), JPEG)

	t.Run("jpeg", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			upload []byte
			want   []byte
		}{
			{"rgb", variantJPEGWithICC(base, rgb, 1000, 3, 1, 2), rgb},
			{"two segments", variantJPEGWithICC(base, big, maxICCChunk), big},
			{"cmyk profile", variantJPEGWithICC(base, variantICC(3000, "CMYK"), 60000), nil},
			{"grey profile", variantJPEGWithICC(base, variantICC(3000, "GRAY"), 60000), nil},
			{"missing segment", variantJPEGWithICC(base, rgb, 1000, 1, 3), nil},
			{"repeated segment", variantJPEGWithICC(base, rgb, 1000, 1, 2, 2, 3), nil},
			{"no profile", base, nil},
		} {
			f := variantProcess(t, tt.upload)
			vs, err := Variants(f, []int{100, 200})
			if err != nil || len(vs) != 2 {
				t.Fatalf("%s: %d variants, %v", tt.name, len(vs), err)
			}
			checkVariants(t, tt.upload, JPEG, []int{100, 200}, vs, JPEG, 3)
			for _, v := range vs {
				if got := jpegICC(v.Data); !bytes.Equal(got, tt.want) {
					t.Errorf("%s, %d px wide: profile of %d bytes, want %d", tt.name, v.Width, len(got), len(tt.want))
				}
			}
		}
	})

	t.Run("png", func(t *testing.T) {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		_, _ = zw.Write(rgb)
		_ = zw.Close()
		iccp := variantPNGChunk("iCCP", append([]byte("Display P3\x00\x00"), z.Bytes()...))
		gama := variantPNGChunk("gAMA", []byte{0, 0, 0xB1, 0x8F})
		chrm := variantPNGChunk("cHRM", make([]byte, 32))
		text := variantPNGChunk("tEXt", []byte("Comment\x00hello"))
		colourPNG := variantEncode(t, variantGradient(240, 80, true), PNG)
		greyPNG := variantEncode(t, image.NewGray(image.Rect(0, 0, 240, 80)), PNG)
		for _, tt := range []struct {
			name   string
			upload []byte
			want   []string // chunk types of the variants
		}{
			{"colour", variantAfterIHDR(colourPNG, iccp, gama, chrm, text), []string{"IHDR", "iCCP", "gAMA", "cHRM", "IDAT", "IEND"}},
			{"grey", variantAfterIHDR(greyPNG, iccp, gama, text), []string{"IHDR", "gAMA", "IDAT", "IEND"}},
			{"repeated", variantAfterIHDR(colourPNG, gama, gama), []string{"IHDR", "gAMA", "IDAT", "IEND"}},
			{"sRGB", variantAfterIHDR(colourPNG, variantPNGChunk("sRGB", []byte{0})), []string{"IHDR", "sRGB", "IDAT", "IEND"}},
		} {
			f := variantProcess(t, tt.upload)
			vs, err := Variants(f, []int{100})
			if err != nil || len(vs) != 1 {
				t.Fatalf("%s: %d variants, %v", tt.name, len(vs), err)
			}
			v := vs[0]
			_ = variantDecode(t, v.Data, PNG)
			if got := variantPNGChunks(v.Data); !slices.Equal(got, tt.want) {
				t.Errorf("%s: chunks %v, want %v", tt.name, got, tt.want)
			}
			if slices.Contains(tt.want, "iCCP") && !bytes.Equal(variantPNGChunkData(v.Data, "iCCP"), iccp[8:len(iccp)-4]) {
				t.Errorf("%s: iCCP chunk changed", tt.name)
			}
		}
	})

	t.Run("webp", func(t *testing.T) {
		withAlpha := variantTestdata(t, "gopher-doc.with-alpha.lossless.webp")
		for _, tt := range []struct {
			name   string
			upload []byte
			icc    []byte
			want   Type
		}{
			{"lossy", variantExtendedWebP(t, variantTestdata(t, "blue-purple-pink.lossy.webp"), rgb), rgb, JPEG},
			{"lossless", variantExtendedWebP(t, variantTestdata(t, "gopher-doc.1bpp.lossless.webp"), rgb), rgb, JPEG},
			// This one comes with a real sRGB profile of 672 bytes.
			{"with transparency", withAlpha, variantWebPICC(withAlpha), PNG},
		} {
			if len(tt.icc) < 128 {
				t.Fatalf("%s: no profile to carry over", tt.name)
			}
			f := variantProcess(t, tt.upload)
			if !bytes.Equal(variantWebPICC(f.Data), tt.icc) {
				t.Fatalf("%s: Process dropped the profile", tt.name)
			}
			vs, err := Variants(f, []int{50})
			if err != nil || len(vs) != 1 {
				t.Fatalf("%s: %d variants, %v", tt.name, len(vs), err)
			}
			checkVariants(t, tt.upload, WebP, []int{50}, vs, tt.want, 4)
			v := vs[0]
			var got []byte
			if v.Type == JPEG {
				got = jpegICC(v.Data)
			} else {
				got = variantInflateICCP(t, variantPNGChunkData(v.Data, "iCCP"))
			}
			if !bytes.Equal(got, tt.icc) {
				t.Errorf("%s: profile of %d bytes in the variant, want %d", tt.name, len(got), len(tt.icc))
			}
		}
	})
}

func TestVariantName(t *testing.T) {
	sha := strings.Repeat("3a7b", 16)
	at := time.Date(2026, 11, 5, 23, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		orig  Type
		width int
		t     Type
		want  string
	}{
		{JPEG, 320, JPEG, "uploads/2026/11/" + sha + "-320w.jpg"},
		{PNG, 160, PNG, "uploads/2026/11/" + sha + "-160w.png"},
		{WebP, 1280, JPEG, "uploads/2026/11/" + sha + "-1280w.jpg"},
		{WebP, 640, PNG, "uploads/2026/11/" + sha + "-640w.png"},
		{JPEG, 99999, JPEG, "uploads/2026/11/" + sha + "-99999w.jpg"},
		{JPEG, 1, JPEG, "uploads/2026/11/" + sha + "-1w.jpg"},
	} {
		stored := StoredName(tt.orig, sha, at)
		got := VariantName(stored, tt.width, tt.t)
		if got != tt.want {
			t.Errorf("VariantName(%q, %d, %s) = %q, want %q", stored, tt.width, tt.t.MIME, got, tt.want)
		}
		if !IsVariantName(got) {
			t.Errorf("IsVariantName(%q) = false", got)
		}
		if IsStoredName(got) {
			t.Errorf("IsStoredName(%q) = true", got)
		}
		base, w, ok := VariantOf(got)
		if !ok || w != tt.width || base != strings.TrimSuffix(stored, tt.orig.Ext) {
			t.Errorf("VariantOf(%q) = %q, %d, %v", got, base, w, ok)
		}
		// The store names copies the same way (content.VariantPath).
		if p := content.VariantPath(stored, tt.width, tt.t.Ext); p != got {
			t.Errorf("content.VariantPath(%q, %d, %q) = %q, want %q", stored, tt.width, tt.t.Ext, p, got)
		}
	}

	good := "uploads/2026/11/" + sha
	for _, name := range []string{
		"",
		good,
		good + ".jpg",
		good + "-320w",
		good + "-320w.",
		good + "-320w.webp",
		good + "-320w.gif",
		good + "-320w.mp3",
		good + "-320w.JPG",
		good + "-320W.jpg",
		good + "-320.jpg",
		good + "-w.jpg",
		good + "--320w.jpg",
		good + "-+320w.jpg",
		good + "-0w.jpg",
		good + "-00w.jpg",
		good + "-0320w.jpg",
		good + "-3.5w.jpg",
		good + "-1e3w.jpg",
		good + "-100000w.jpg",
		good + "-99999999999w.jpg",
		good + "-99999999999999999999999w.jpg",
		good + "-320w.jpg\n",
		good + "-320w.jpg/",
		good + "-320w.jpg.png",
		good + "-320w-160w.jpg",
		" " + good + "-320w.jpg",
		"/" + good + "-320w.jpg",
		"../" + good + "-320w.jpg",
		"uploads/../" + good[len("uploads/"):] + "-320w.jpg",
		"uploads/2026/11/../11/" + sha + "-320w.jpg",
		"uploads/2026/11/" + strings.ToUpper(sha) + "-320w.jpg",
		"uploads/2026/11/" + sha[:63] + "-320w.jpg",
		"uploads/2026/11/" + sha + "0-320w.jpg",
		"uploads/2026/1/" + sha + "-320w.jpg",
		"uploads/26/11/" + sha + "-320w.jpg",
		"Uploads/2026/11/" + sha + "-320w.jpg",
		"uploads\\2026\\11\\" + sha + "-320w.jpg",
		"media/2026/11/" + sha + "-320w.jpg",
		"uploads/2026/11/" + strings.Repeat("g", 64) + "-320w.jpg",
	} {
		if IsVariantName(name) {
			t.Errorf("IsVariantName(%q) = true", name)
		}
		if s, w, ok := VariantOf(name); ok || s != "" || w != 0 {
			t.Errorf("VariantOf(%q) = %q, %d, %v", name, s, w, ok)
		}
	}
}

// TestLibraryVariants: the media folder takes and removes an upload's
// copies under their names, and no other name: the confinement of stored
// names holds for copies too.
func TestLibraryVariants(t *testing.T) {
	dir := t.TempDir()
	lib, err := OpenLibrary(dir + "/media")
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	sha := strings.Repeat("5c", 32)
	stored := StoredName(WebP, sha, time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC))
	copy320 := VariantName(stored, 320, JPEG)
	for _, name := range []string{stored, copy320} {
		created, err := lib.Write(name, []byte("bytes of "+name))
		if err != nil || !created {
			t.Fatalf("Write(%q) = %v, %v", name, created, err)
		}
		if created, err := lib.Write(name, []byte("bytes of "+name)); err != nil || created {
			t.Errorf("second Write(%q) = %v, %v; want the file left alone", name, created, err)
		}
	}
	if b, err := os.ReadFile(dir + "/media/" + copy320); err != nil || string(b) != "bytes of "+copy320 {
		t.Errorf("the copy holds %q, %v", b, err)
	}
	for _, name := range []string{
		"../" + copy320,
		"/" + copy320,
		"uploads/2026/11/../../../" + sha + "-320w.jpg",
		strings.TrimSuffix(copy320, ".jpg") + ".webp",
		strings.TrimSuffix(copy320, ".jpg") + ".jpg.html",
		"uploads/2026/11/" + sha + "-320w.jpg/../../x",
		"uploads/2026/11/" + sha + "-0w.jpg",
		"uploads/2026/11/.tmp-" + sha,
		"index.html",
	} {
		if _, err := lib.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) accepted", name)
		}
		if err := lib.Remove(name); err == nil {
			t.Errorf("Remove(%q) accepted", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("beside the media folder: %v, %v", entries, err)
	}
	for _, name := range []string{copy320, stored, copy320} { // a copy already gone is no error
		if err := lib.Remove(name); err != nil {
			t.Errorf("Remove(%q): %v", name, err)
		}
	}
	if _, err := os.Stat(dir + "/media/" + copy320); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy is still there: %v", err)
	}
}

func TestDefaultWidths(t *testing.T) {
	w := DefaultWidths()
	if !slices.IsSorted(w) || len(w) == 0 || w[0] != 160 {
		t.Errorf("DefaultWidths() = %v", w)
	}
	w[0] = 1
	if DefaultWidths()[0] != 160 {
		t.Error("DefaultWidths shares its slice")
	}
}

// BenchmarkVariants makes the DefaultWidths variants of a 2400×1600
// photo-like JPEG. The jpeg.Decode sub-benchmark, decoding the same JPEG,
// is the baseline to compare with on the same machine.
func BenchmarkVariants(b *testing.B) {
	upload := variantEncode(b, variantPhoto(2400, 1600), JPEG)
	f := variantProcess(b, upload)
	b.Run("jpeg.Decode", func(b *testing.B) {
		b.SetBytes(int64(len(f.Data)))
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(f.Data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Variants", func(b *testing.B) {
		b.SetBytes(int64(len(f.Data)))
		var out int
		for b.Loop() {
			vs, err := Variants(f, DefaultWidths())
			if err != nil || len(vs) != len(DefaultWidths()) {
				b.Fatalf("%d variants, %v", len(vs), err)
			}
			out = 0
			for _, v := range vs {
				out += len(v.Data)
			}
		}
		b.ReportMetric(float64(out), "out-bytes")
	})
}
