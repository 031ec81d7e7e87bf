package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/urls"
)

// shot is one page of the public tour: its file name (the width is added)
// and its path. A fresh shot is taken without the cookies earlier pages
// set: the splash page sends a reader whose language cookie is set
// straight to that language's home page.
type shot struct {
	name, path string
	fresh      bool
}

// pageList lists the tour: the splash page, then each kind of page in
// English and its French counterpart, found by following the site's links
// (read over plain HTTP, without cookies). A page whose counterpart is the
// French home page's "not yet translated" notice is passed over for the
// next one of its list, so that each French picture shows the French
// version of the English one.
func pageList(base string, client *http.Client) ([]shot, error) {
	doc := func(path string) (*html.Node, error) {
		resp, err := client.Get(base + path)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			_, _ = io.Copy(io.Discard, resp.Body)
			return nil, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
		return html.Parse(resp.Body)
	}
	// counterpart is where a page's language toggle leads, when that is a
	// French page of its own.
	counterpart := func(path string) (string, error) {
		d, err := doc(path)
		if err != nil {
			return "", err
		}
		alt := attrOf(findFirst(d, func(n *html.Node) bool { return n.Data == "gcds-header" }), "lang-href")
		if !strings.HasPrefix(alt, urls.Home(content.French)) || alt == urls.Untranslated(content.French) {
			return "", nil
		}
		return alt, nil
	}
	pair := func(name, en string) ([]shot, error) {
		fr, err := counterpart(en)
		if err != nil || fr == "" {
			return nil, err
		}
		return []shot{{name: name + "-en", path: en}, {name: name + "-fr", path: fr}}, nil
	}

	shots := []shot{{name: "splash", path: "/", fresh: true}}
	for _, p := range []struct{ name, path string }{
		{"home", urls.Home(content.English)}, {"privacy", urls.Privacy(content.English)},
		{"subscribe", urls.Subscribe(content.English)}, {"glossary", urls.Glossary(content.English)},
		// The demo's site pages, under their English slugs.
		{"about", urls.SitePage(content.English, "about")}, {"contact", urls.SitePage(content.English, "contact")},
		{"terms", urls.SitePage(content.English, "terms")},
	} {
		got, err := pair(p.name, p.path)
		if err != nil || got == nil {
			return nil, fmt.Errorf("%s: no French counterpart (%v)", p.path, err)
		}
		shots = append(shots, got...)
	}
	shots = append(shots, shot{name: "not-found-en", path: "/en/no-such-page"}, shot{name: "not-found-fr", path: "/fr/page-introuvable"})
	for _, f := range []struct{ name, list, class string }{
		{"episode-read", "/en/?kind=read", "card-title"},
		{"episode-listen", "/en/?kind=listen", "card-title"},
		{"episode-watch", "/en/?kind=watch", "card-title"},
		{"topic", urls.Topics(content.English), "index-list"},
		{"author", urls.Authors(content.English), "index-list"},
		{"series", urls.SeriesIndex(content.English), "index-list"},
	} {
		d, err := doc(f.list)
		if err != nil {
			return nil, err
		}
		links := linksIn(d, f.class)
		if len(links) == 0 {
			return nil, fmt.Errorf("no link in .%s on %s", f.class, f.list)
		}
		var got []shot
		for _, href := range links {
			if got, err = pair(f.name, href); err != nil {
				return nil, err
			}
			if got != nil {
				break
			}
		}
		if got == nil {
			return nil, fmt.Errorf("%s: none of %v has a French version", f.list, links)
		}
		shots = append(shots, got...)
	}
	return shots, nil
}

// linksIn is the href of every link inside an element of the class, in
// document order, each once.
func linksIn(doc *html.Node, class string) []string {
	var out []string
	var walk func(n *html.Node, inside bool)
	walk = func(n *html.Node, inside bool) {
		if n.Type == html.ElementNode {
			inside = inside || slices.Contains(strings.Fields(attrOf(n, "class")), class)
			if href := attrOf(n, "href"); inside && n.Data == "a" && href != "" && !slices.Contains(out, href) {
				out = append(out, href)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inside)
		}
	}
	walk(doc, false)
	return out
}

// findFirst is the first element below n for which match is true, or nil.
func findFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hit := findFirst(c, match); hit != nil {
			return hit
		}
	}
	return nil
}

func attrOf(n *html.Node, name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val
		}
	}
	return ""
}
