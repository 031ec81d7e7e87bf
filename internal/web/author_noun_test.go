package web_test

import (
	"context"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// aboutAuthor is the heading the French site gives an author's block for
// each French noun, written out here rather than read from the catalogue.
var aboutAuthor = map[content.FrenchNoun]string{
	content.FrenchAuteur:  "À propos de l’auteur",
	content.FrenchAuteure: "À propos de l’auteure",
	content.FrenchAutrice: "À propos de l’autrice",
	content.FrenchNeutral: "À propos de la personne autrice",
}

// authorCards returns, for each author block of an episode page, its
// aria-label and its heading's text, with the author's name.
func authorCards(t *testing.T, doc *xhtml.Node) (labels, headings, names []string) {
	t.Helper()
	for _, c := range find(doc, hasClass("aside", "author-card")) {
		labels = append(labels, attrOf(c, "aria-label"))
		headings = append(headings, textOf(first(c, tagIs("h2"))))
		names = append(names, textOf(first(c, tagIs("a"))))
	}
	return labels, headings, names
}

// TestAboutAuthorFollowsFrenchNoun: the author block of an episode page
// is labelled and headed « À propos de l'auteur » in the form the author
// chose, on the French page; the English page says "About the author"
// whatever the choice.
func TestAboutAuthorFollowsFrenchNoun(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	for _, n := range content.FrenchNouns {
		if got := cat.Printer("fr").T(n.AboutKey()); got != aboutAuthor[n] {
			t.Errorf("fr %s = %q; want %q", n.AboutKey(), got, aboutAuthor[n])
		}
		if got := cat.Printer("en").T(n.AboutKey()); got != "About the author" {
			t.Errorf("en %s = %q; want About the author", n.AboutKey(), got)
		}
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		for _, n := range content.FrenchNouns {
			mark, err := s.App.Store.AuthorBySlug(ctx, content.English, "mark-levene")
			if err != nil {
				t.Fatal(err)
			}
			upd := *mark
			upd.FrenchNoun = n
			if err := s.App.Store.UpdateAuthor(ctx, upd, content.AuthorStamp(*mark), nil, s.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			if err := s.App.SyncCache(ctx); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct{ path, want string }{{dnFR, aboutAuthor[n]}, {dnEN, "About the author"}} {
				r := get(t, s, tc.path)
				wantStatus(t, r, 200)
				labels, headings, _ := authorCards(t, r.Doc)
				if len(labels) != 1 || labels[0] != tc.want || headings[0] != tc.want {
					t.Errorf("fr_noun %q, %s: author block labelled %q, headed %q; want %q", n.Word(), tc.path, labels, headings, tc.want)
				}
			}
		}
	})
}

// TestAboutAuthorDemo: the demo shows the choice. Amélie Gagnon is
// « l'auteure »; on an episode with two authors, each block has its own
// form.
func TestAboutAuthorDemo(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range []struct {
			path            string
			names, headings []string
		}{
			{watchFR, []string{"Amélie Gagnon"}, []string{"À propos de l’auteure"}},
			{listenFR, []string{"Amélie Gagnon", "Daniel Okafor"}, []string{"À propos de l’auteure", "À propos de l’auteur"}},
			{listenEN, []string{"Amélie Gagnon", "Daniel Okafor"}, []string{"About the author", "About the author"}},
		} {
			r := get(t, s, tc.path)
			wantStatus(t, r, 200)
			labels, headings, names := authorCards(t, r.Doc)
			if len(names) != len(tc.names) {
				t.Fatalf("%s: authors %q; want %q", tc.path, names, tc.names)
			}
			for i := range names {
				if names[i] != tc.names[i] || labels[i] != tc.headings[i] || headings[i] != tc.headings[i] {
					t.Errorf("%s: block %d is %q labelled %q, headed %q; want %q, %q", tc.path, i, names[i], labels[i], headings[i], tc.names[i], tc.headings[i])
				}
			}
		}
	})
}
