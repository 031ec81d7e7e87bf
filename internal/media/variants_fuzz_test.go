package media

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// fuzzMaxPixels bounds the images FuzzVariants decodes, so that each input
// costs little; the limit itself is what Variants checks first.
const fuzzMaxPixels = 1 << 16

// FuzzVariants feeds any bytes to Variants as each image type: it never
// panics, never changes its input, and what it returns holds together —
// ascending widths, dimensions at least 1×1, JPEG or PNG bytes whose header
// gives the variant's dimensions.
func FuzzVariants(f *testing.F) {
	f.Add(variantEncode(f, variantGradient(40, 20, false), JPEG), uint16(7))
	f.Add(variantEncode(f, variantGradient(40, 20, true), PNG), uint16(39))
	f.Add(variantEncode(f, image.NewPaletted(image.Rect(0, 0, 30, 10), color.Palette{color.Black, color.White}), GIF), uint16(3))
	f.Add(variantEncode(f, image.NewGray16(image.Rect(0, 0, 9, 300)), PNG), uint16(2))
	for _, name := range []string{"blue-purple-pink.lossy.webp", "gopher-doc.1bpp.lossless.webp", "gopher-doc.with-alpha.lossless.webp"} {
		f.Add(variantTestdata(f, name), uint16(50))
	}
	f.Add(variantJPEGWithICC(variantEncode(f, variantGradient(16, 16, false), JPEG), variantICC(300, "RGB "), 100), uint16(8))
	f.Add(variantHugePNG(10000, 10000), uint16(160))
	f.Add(variantHugeJPEG(8000, 6000), uint16(160))
	f.Add(variantWebP(variantVP8X(0x02, 75, 100), variantRIFFChunk("ANIM", make([]byte, 6))), uint16(1))
	f.Fuzz(func(t *testing.T, b []byte, width uint16) {
		in := bytes.Clone(b)
		widths := []int{int(width), 1, 16, 160}
		for _, ty := range []Type{JPEG, PNG, WebP, GIF} {
			vs, err := variants(&File{Type: ty, Data: b}, widths, fuzzMaxPixels)
			if !bytes.Equal(in, b) {
				t.Fatalf("%s: Variants changed its input", ty.MIME)
			}
			if err != nil {
				if vs != nil {
					t.Fatalf("%s: variants and an error", ty.MIME)
				}
				continue
			}
			for i, v := range vs {
				if i > 0 && v.Width <= vs[i-1].Width {
					t.Fatalf("%s: widths not ascending: %d after %d", ty.MIME, v.Width, vs[i-1].Width)
				}
				if v.Width < 1 || v.Height < 1 || int64(v.Width)*int64(v.Height) > fuzzMaxPixels {
					t.Fatalf("%s: variant %d×%d", ty.MIME, v.Width, v.Height)
				}
				var cfg image.Config
				switch v.Type {
				case JPEG:
					cfg, err = jpeg.DecodeConfig(bytes.NewReader(v.Data))
				case PNG:
					cfg, err = png.DecodeConfig(bytes.NewReader(v.Data))
				default:
					t.Fatalf("%s: variant of type %s", ty.MIME, v.Type.MIME)
				}
				if err != nil || cfg.Width != v.Width || cfg.Height != v.Height {
					t.Fatalf("%s: %d×%d variant reads as %d×%d, %v", ty.MIME, v.Width, v.Height, cfg.Width, cfg.Height, err)
				}
			}
		}
	})
}
