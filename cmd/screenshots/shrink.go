package main

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"slices"
)

// shrinkPNG makes a screenshot smaller for the documentation: the picture
// is redrawn with at most 256 colours (the screen's most common ones; a
// back-office screen is mostly flat colour and anti-aliased text) and
// compressed as tightly as image/png can. It returns raw when that is not
// smaller.
func shrinkPNG(raw []byte) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	r := src.Bounds()
	img, ok := src.(*image.RGBA)
	if !ok {
		img = image.NewRGBA(r)
		draw.Draw(img, r, src, r.Min, draw.Src)
	}
	// Colours as packed RGBA words, counted.
	counts := map[uint32]int{}
	w, h := r.Dx(), r.Dy()
	word := func(x, y int) uint32 {
		i := y*img.Stride + x*4
		p := img.Pix[i : i+4 : i+4]
		return uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
	}
	// A screen is mostly runs of one colour: count a run at a time.
	var run uint32
	n := 0
	for y := range h {
		for x := range w {
			if c := word(x, y); c != run || n == 0 {
				if n > 0 {
					counts[run] += n
				}
				run, n = c, 0
			}
			n++
		}
	}
	if n > 0 {
		counts[run] += n
	}
	colours := make([]uint32, 0, len(counts))
	for c := range counts {
		colours = append(colours, c)
	}
	slices.SortFunc(colours, func(a, b uint32) int {
		if d := counts[b] - counts[a]; d != 0 {
			return d
		}
		return int(a) - int(b)
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colours[:min(len(colours), 256)] {
		pal = append(pal, color.RGBA{uint8(c >> 24), uint8(c >> 16), uint8(c >> 8), uint8(c)})
	}
	dst := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	index := make(map[uint32]uint8, len(counts))
	last, lastIndex, known := uint32(0), uint8(0), false // the previous pixel's, for runs
	for y := range h {
		for x := range w {
			c := word(x, y)
			if !known || c != last {
				i, ok := index[c]
				if !ok {
					i = uint8(pal.Index(color.RGBA{uint8(c >> 24), uint8(c >> 16), uint8(c >> 8), uint8(c)}))
					index[c] = i
				}
				last, lastIndex, known = c, i, true
			}
			dst.Pix[y*dst.Stride+x] = lastIndex
		}
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, dst); err != nil {
		return nil, err
	}
	if out.Len() >= len(raw) {
		return raw, nil
	}
	return out.Bytes(), nil
}

// rgba is a colour as 8-bit RGBA.
func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}
