package feed

import (
	"errors"
	"fmt"
	"strings"
)

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"

	// MaxSitemapBytes is the protocol's limit on an uncompressed sitemap.
	MaxSitemapBytes = 50 * 1024 * 1024
	// maxLocLen is the protocol's limit on a <loc> URL.
	maxLocLen = 2048
)

// Sitemap writes a sitemaps.org urlset. Each URL has loc, lastmod (RFC 3339
// in UTC, a W3C Datetime; omitted when zero) and one
// <xhtml:link rel="alternate" hreflang=… href=…> per Alternate, written
// exactly as given: listing each page's counterparts (both ways) is the
// caller's job. It fails on more than MaxSitemapURLs URLs (use SplitSitemap
// and SitemapIndex), relative or over-long URLs, empty hreflang values, and
// output over MaxSitemapBytes.
func Sitemap(urls []SitemapURL) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, fmt.Errorf("feed: Sitemap: %d URLs, the limit is %d (use SplitSitemap)", len(urls), MaxSitemapURLs)
	}
	var errs []error
	root := el("urlset", attr{"xmlns", nsSitemap}, attr{"xmlns:xhtml", nsXHTML})
	for i, u := range urls {
		p := fmt.Sprintf("url %d", i)
		errs = appendErr(errs, checkLoc(p+": Loc", u.Loc))
		n := el("url").add(locEl(u.Loc))
		if !u.LastMod.IsZero() {
			n.add(textEl("lastmod", rfc3339(u.LastMod)))
		}
		for k, a := range u.Alternates {
			ap := fmt.Sprintf("%s: Alternates[%d]", p, k)
			errs = appendErr(errs, checkAbsURL(ap+".Href", a.Href))
			if strings.TrimSpace(a.Hreflang) == "" {
				errs = append(errs, fmt.Errorf("%s.Hreflang is empty", ap))
			}
			n.add(el("xhtml:link", attr{"rel", "alternate"}, attr{"hreflang", a.Hreflang}, attr{"href", a.Href}))
		}
		root.add(n)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("feed: Sitemap: %w", err)
	}
	out := render(root)
	if len(out) > MaxSitemapBytes {
		return nil, fmt.Errorf("feed: Sitemap: %d bytes, the limit is %d (split it)", len(out), MaxSitemapBytes)
	}
	return out, nil
}

// SitemapIndex writes a sitemaps.org sitemapindex listing refs. It fails on
// more than MaxSitemapURLs refs or a relative URL.
func SitemapIndex(refs []SitemapRef) ([]byte, error) {
	if len(refs) > MaxSitemapURLs {
		return nil, fmt.Errorf("feed: SitemapIndex: %d sitemaps, the limit is %d", len(refs), MaxSitemapURLs)
	}
	var errs []error
	root := el("sitemapindex", attr{"xmlns", nsSitemap})
	for i, r := range refs {
		errs = appendErr(errs, checkLoc(fmt.Sprintf("sitemap %d: Loc", i), r.Loc))
		n := el("sitemap").add(locEl(r.Loc))
		if !r.LastMod.IsZero() {
			n.add(textEl("lastmod", rfc3339(r.LastMod)))
		}
		root.add(n)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("feed: SitemapIndex: %w", err)
	}
	return render(root), nil
}

// SplitSitemap cuts urls into consecutive chunks of at most MaxSitemapURLs,
// in order; nil for no URLs. The chunks share urls' backing array but have
// their capacity capped, so appending to one cannot overwrite the next.
func SplitSitemap(urls []SitemapURL) [][]SitemapURL {
	var out [][]SitemapURL
	for len(urls) > 0 {
		n := min(len(urls), MaxSitemapURLs)
		out = append(out, urls[:n:n])
		urls = urls[n:]
	}
	return out
}

// locEl writes a <loc>, entity-escaping quotes as the protocol asks.
func locEl(loc string) *node {
	return &node{name: "loc", text: loc, quotes: true}
}

func checkLoc(field, loc string) error {
	if err := checkAbsURL(field, loc); err != nil {
		return err
	}
	if len(loc) >= maxLocLen {
		return fmt.Errorf("%s is %d characters, the limit is %d", field, len(loc), maxLocLen-1)
	}
	return nil
}

func appendErr(errs []error, err error) []error {
	if err != nil {
		return append(errs, err)
	}
	return errs
}
