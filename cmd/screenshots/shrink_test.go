package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// A screen of few colours comes back pixel for pixel, and smaller.
func TestShrinkPNGKeepsFewColours(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			c := color.RGBA{255, 255, 255, 255}
			if (x/10+y/7)%5 == 0 {
				c = color.RGBA{uint8(x % 3 * 40), 73, 122, 255}
			}
			img.Set(x, y, c)
		}
	}
	var raw bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&raw, img); err != nil {
		t.Fatal(err)
	}
	out, err := shrinkPNG(raw.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(out) >= raw.Len() {
		t.Errorf("%d bytes became %d", raw.Len(), len(out))
	}
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for y := range 200 {
		for x := range 300 {
			if rgba(got.At(x, y)) != img.RGBAAt(x, y) {
				t.Fatalf("pixel %d,%d: %v, want %v", x, y, got.At(x, y), img.RGBAAt(x, y))
			}
		}
	}
}

// More than 256 colours are mapped to the nearest of the most common ones.
func TestShrinkPNGManyColours(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 128, 255})
		}
	}
	var raw bytes.Buffer
	if err := png.Encode(&raw, img); err != nil {
		t.Fatal(err)
	}
	out, err := shrinkPNG(raw.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != img.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), img.Bounds())
	}
	if _, ok := got.(*image.Paletted); !ok && len(out) != raw.Len() {
		t.Errorf("a shrunk picture should be paletted, got %T", got)
	}
}

func TestShrinkPNGRefusesOtherBytes(t *testing.T) {
	if _, err := shrinkPNG([]byte("not a png")); err == nil {
		t.Error("shrinkPNG accepted bytes that are not a PNG")
	}
}
