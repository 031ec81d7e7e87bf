package web

import (
	"context"
	"strings"

	"github.com/busrides/busrides/internal/content"
)

// Responsive images. A page looks up every image of the media library it
// shows — feature image, author photos, its cards' thumbnails — in one
// query (store.MediaImages), then gives each img element the copies made
// at upload as srcset, the templates giving sizes from the layout
// (site.css), and width and height, so nothing moves as images load.
// Images without a row (https addresses, files put in the media folder by
// hand, the demo's) are shown as they are.

// Picture is an image as a page shows it.
type Picture struct {
	Src    string
	Srcset string // "" for an image without smaller copies
	// Width and Height are the image's size in pixels, for its
	// proportions (CSS sets the size shown); 0 when unknown.
	Width, Height int
	Alt           string
	// Lazy images are below the first screen: loading="lazy" and
	// decoding="async".
	Lazy bool
}

// The widths, in CSS pixels, the src of each kind of picture is chosen
// for (browsers that read srcset choose for themselves, from sizes).
const (
	featureSrcWidth = 960 // the content column, 56.25rem
	cardSrcWidth    = 320 // a card, about 19rem
	photoSrcWidth   = 160 // an author photo, 6rem
)

// imageSets looks up, in one query, the media library's images among
// addrs: those that are files of the media folder (/media/…) and have a
// row. Other addresses are left out.
func (h *Handler) imageSets(ctx context.Context, addrs []string) (map[string]content.ImageSet, error) {
	var paths []string
	for _, u := range addrs {
		if p, ok := content.MediaLibraryPath(u); ok {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil, nil
	}
	return h.st.MediaVariants(ctx, paths)
}

// picture is the Picture of the image at url with alt, its src the copy
// fit for srcWidth when the library has copies of it.
func picture(url, alt string, sets map[string]content.ImageSet, srcWidth int) *Picture {
	p := &Picture{Src: url, Alt: alt}
	path, ok := content.MediaLibraryPath(url)
	if !ok {
		return p
	}
	set, ok := sets[path]
	if !ok {
		return p
	}
	src := set.Fit(srcWidth)
	p.Src, p.Srcset = src.URL(), set.Srcset()
	if set.Width > 0 && set.Height > 0 {
		p.Width, p.Height = set.Width, set.Height
	}
	return p
}

// sameSite reports whether url is a path of this site: the only images
// the Content-Security-Policy lets pages show (img-src 'self').
func sameSite(url string) bool {
	return strings.HasPrefix(url, "/") && !strings.HasPrefix(url, "//") && !strings.Contains(url, `\`)
}

// cardImageURLs lists the feature images of cards that show one.
func cardImageURLs(cs []Card) []string {
	var out []string
	for _, c := range cs {
		if sameSite(c.Image.URL) {
			out = append(out, c.Image.URL)
		}
	}
	return out
}

// setCardPictures gives cards with a feature image of this site their
// thumbnail, with the version's alternative text; cards from the
// (eager+1)th on load lazily.
func setCardPictures(cs []Card, sets map[string]content.ImageSet, eager int) {
	for i := range cs {
		c := &cs[i]
		if !sameSite(c.Image.URL) {
			continue
		}
		c.Picture = picture(c.Image.URL, c.Image.Alt, sets, cardSrcWidth)
		c.Picture.Lazy = i >= eager
	}
}

// withCardPictures looks up the cards' images (one query) and gives the
// cards their thumbnails: the first eager load at once.
func (h *Handler) withCardPictures(ctx context.Context, cs []Card, eager int) error {
	sets, err := h.imageSets(ctx, cardImageURLs(cs))
	if err != nil {
		return err
	}
	setCardPictures(cs, sets, eager)
	return nil
}

// firstRow is how many cards a listing loads at once: a row of the
// widest layout, on the first screen.
const firstRow = 3

// authorPhoto is the photo of an author, alt text their name, when it is
// a file of this site (an https photo elsewhere would be blocked by the
// Content-Security-Policy: it is not shown); nil otherwise.
func authorPhoto(a content.Author, sets map[string]content.ImageSet, lazy bool) *Picture {
	if !sameSite(a.Photo) {
		return nil
	}
	p := picture(a.Photo, a.Name, sets, photoSrcWidth)
	p.Lazy = lazy
	return p
}
