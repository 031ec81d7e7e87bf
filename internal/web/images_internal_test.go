package web

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
)

// TestPicture: which file an img element names as src and srcset for
// each kind of image.
func TestPicture(t *testing.T) {
	copies := func(path string, ws ...int) []content.ImageVariant {
		var out []content.ImageVariant
		for _, w := range ws {
			out = append(out, content.ImageVariant{Width: w, Height: w / 2, Path: content.VariantPath(path, w, ".jpg")})
		}
		return out
	}
	const (
		wide  = "uploads/2026/11/aa.jpg"
		huge  = "uploads/2026/11/bb.png"
		small = "uploads/2026/11/cc.gif"
		one   = "uploads/2026/11/dd.webp"
	)
	sets := map[string]content.ImageSet{
		wide:  {Path: wide, Width: 1600, Height: 800, Variants: copies(wide, 160, 320, 640, 960, 1280)},
		huge:  {Path: huge, Width: 6000, Height: 3000, Variants: copies(huge, 160, 320, 640, 960, 1280)},
		small: {Path: small, Width: 120, Height: 60},
		one:   {Path: one, Width: 300, Height: 150, Variants: copies(one, 160)},
	}
	for _, tt := range []struct {
		name, url string
		src       int
		want      Picture
	}{
		{"file and copies", "/media/" + wide, featureSrcWidth, Picture{Src: "/media/uploads/2026/11/aa-960w.jpg",
			Srcset: "/media/uploads/2026/11/aa-160w.jpg 160w, /media/uploads/2026/11/aa-320w.jpg 320w, /media/uploads/2026/11/aa-640w.jpg 640w, " +
				"/media/uploads/2026/11/aa-960w.jpg 960w, /media/uploads/2026/11/aa-1280w.jpg 1280w, /media/uploads/2026/11/aa.jpg 1600w",
			Width: 1600, Height: 800, Alt: "alt"}},
		{"far larger file left to the copies", "/media/" + huge, 2000, Picture{Src: "/media/uploads/2026/11/bb-1280w.jpg",
			Srcset: "/media/uploads/2026/11/bb-160w.jpg 160w, /media/uploads/2026/11/bb-320w.jpg 320w, /media/uploads/2026/11/bb-640w.jpg 640w, " +
				"/media/uploads/2026/11/bb-960w.jpg 960w, /media/uploads/2026/11/bb-1280w.jpg 1280w",
			Width: 6000, Height: 3000, Alt: "alt"}},
		{"no copies", "/media/" + small, cardSrcWidth, Picture{Src: "/media/" + small, Width: 120, Height: 60, Alt: "alt"}},
		{"the file is the widest", "/media/" + one, cardSrcWidth, Picture{Src: "/media/" + one,
			Srcset: "/media/uploads/2026/11/dd-160w.jpg 160w, /media/" + one + " 300w", Width: 300, Height: 150, Alt: "alt"}},
		{"no row", "/media/uploads/2026/11/ee.jpg", cardSrcWidth, Picture{Src: "/media/uploads/2026/11/ee.jpg", Alt: "alt"}},
		{"another site", "https://images.example/aa.jpg", cardSrcWidth, Picture{Src: "https://images.example/aa.jpg", Alt: "alt"}},
		{"a path elsewhere on the site", "/static/aa.jpg", cardSrcWidth, Picture{Src: "/static/aa.jpg", Alt: "alt"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, *picture(tt.url, "alt", sets, tt.src)); d != "" {
				t.Errorf("picture(%q) (-want +got):\n%s", tt.url, d)
			}
		})
	}
	for url, want := range map[string]bool{
		"/media/a.jpg": true, "https://x.example/a.jpg": false, "//x.example/a.jpg": false, `/\x.example/a.jpg`: false, "": false, "a.jpg": false,
	} {
		if got := sameSite(url); got != want {
			t.Errorf("sameSite(%q) = %v", url, got)
		}
	}
}
