package web_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
)

// frenchSpacing finds text that breaks the French convention
// (internal/typography): a space before ; ! ? that end a phrase, an
// ordinary space or none before a colon that ends one, and anything but a
// no-break space inside « ».
var frenchSpacing = []*regexp.Regexp{
	regexp.MustCompile(`\s[;!?](\s|$|[»).,])`),
	regexp.MustCompile(`(^|[^\x{a0}\s:]| ):(\s|$)`),
	regexp.MustCompile(`«([^\x{a0}]|$)`),
	regexp.MustCompile(`(^|[^\x{a0}])»`),
}

// frenchText is the French text of n, one string per block, leaving out
// code, scripts, form fields and text in another language.
func frenchText(n *html.Node, french bool, out *[]string, line *strings.Builder) {
	if n.Type == html.ElementNode {
		if v, ok := attr(n, "lang"); ok {
			french = strings.HasPrefix(v, "fr")
		}
		switch n.Data {
		case "code", "pre", "script", "style", "textarea", "kbd", "samp", "template", "svg":
			line.WriteString("\uFFFC")
			return
		case "a", "abbr", "b", "cite", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "label", "img":
		default:
			*out = append(*out, line.String())
			line.Reset()
			defer func() {
				*out = append(*out, line.String())
				line.Reset()
			}()
		}
	}
	if n.Type == html.TextNode {
		if french {
			line.WriteString(n.Data)
		} else {
			line.WriteString("\uFFFC")
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		frenchText(c, french, out, line)
	}
}

// TestFrenchPagesFollowTheConvention reads every French page of the demo
// (and the French parts of English ones) and finds no text against the
// convention: stored titles, summaries and bodies typed with other spacing,
// the catalogue's strings and what the templates join all come out in it.
func TestFrenchPagesFollowTheConvention(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		paths := []string{searchPath("fr", q("q", "données")), searchPath("fr", q("q", "literatie")), "/"}
		for _, p := range sitePages {
			paths = append(paths, p.path)
		}
		for _, path := range paths {
			r := get(t, s, path, "Cookie", "busrides_lang=fr")
			var blocks []string
			var line strings.Builder
			french := attrOf(first(r.Doc, tagIs("html")), "lang") == "fr-CA"
			frenchText(r.Doc, french, &blocks, &line)
			checked := 0
			for _, b := range blocks {
				if strings.TrimSpace(b) == "" {
					continue
				}
				checked++
				for _, re := range frenchSpacing {
					if m := re.FindStringIndex(b); m != nil {
						t.Errorf("%s: %q breaks the French convention in %q", path, b[max(0, m[0]-20):min(len(b), m[1]+20)], b)
					}
				}
			}
			if checked == 0 && strings.HasPrefix(path, "/fr") {
				t.Errorf("%s: no French text read", path)
			}
		}
		// What editors typed is shown in the convention: the demo's French
		// texts use spaces (or U+00A0) before « ? » and « ; ».
		r := get(t, s, "/fr/episodes/quest-ce-que-la-litteratie-des-donnees")
		wantStatus(t, r, 200)
		if got := textOf(first(r.Doc, tagIs("h1"))); got != "Qu’est-ce que la littératie des données?" {
			t.Errorf("French title %q", got)
		}
		if body := textOf(r.Doc); !strings.Contains(body, "D’où vient-il? Qui l’a recueilli, comment et dans quel but?") {
			t.Errorf("French body lacks the question marks set close: %q", body)
		}
	})
}
