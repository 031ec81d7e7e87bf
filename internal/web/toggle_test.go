package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
)

// The language toggle of every page goes to the exact counterpart, which
// is 200 in the other language and toggles back.
func TestLanguageTogglePairs(t *testing.T) {
	t.Parallel()
	pairs := []struct{ en, fr string }{
		{"/en/", "/fr/"},
		{"/en/?kind=listen", "/fr/?kind=listen"},
		{"/en/?topic=digital-government", "/fr/?topic=gouvernement-numerique"},
		{"/en/?kind=read&topic=data-literacy", "/fr/?kind=read&topic=litteratie-des-donnees"},
		{dnEN, dnFR},
		{listenEN, listenFR},
		{watchEN, watchFR},
		{"/en/topics/digital-government", "/fr/sujets/gouvernement-numerique"},
		{"/en/topics/wellness-at-work", "/fr/sujets/mieux-etre-au-travail"},
		{"/en/topics", "/fr/sujets"},
		{"/en/authors/amelie-gagnon", "/fr/auteurs/amelie-gagnon"},
		{"/en/authors", "/fr/auteurs"},
		{"/en/series/leading-hybrid-teams", "/fr/series/diriger-des-equipes-hybrides"},
		{"/en/series/data-literacy-essentials", "/fr/series/lessentiel-de-la-litteratie-des-donnees"},
		{"/en/series", "/fr/series"},
		{"/en/privacy", "/fr/confidentialite"},
		{"/en/glossary", "/fr/glossaire"},
		{"/en/about", "/fr/a-propos"},
		{"/en/contact", "/fr/contact"},
		{"/en/terms", "/fr/avis"},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, p := range pairs {
			for _, dir := range [][2]string{{p.en, p.fr}, {p.fr, p.en}} {
				from, to := dir[0], dir[1]
				t.Run(from, func(t *testing.T) {
					r := get(t, s, from)
					wantStatus(t, r, 200)
					assertToggle(t, r, to)
					back := get(t, s, to)
					wantStatus(t, back, 200)
					if got, want := back.Header.Get("Content-Language"), langTagOf(to); got != want {
						t.Errorf("%s: Content-Language %q, want %q", to, got, want)
					}
					assertToggle(t, back, from)
				})
			}
		}
	})
}

// assertToggle checks both toggles (gcds-header and the no-script link)
// point to want, comparing paths and query values.
func assertToggle(t *testing.T, r *response, want string) {
	t.Helper()
	h, f := toggleLinks(t, r)
	for _, got := range []string{h, f} {
		if !sameURL(got, want) {
			t.Errorf("%s: toggle %q, want %q", r.Request.URL.RequestURI(), got, want)
		}
	}
}

func sameURL(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return ua.Path == ub.Path && ua.Query().Encode() == ub.Query().Encode() && ua.Host == "" && ub.Host == ""
}

func langTagOf(path string) string {
	if len(path) >= 4 && path[:4] == "/fr/" {
		return "fr-CA"
	}
	return "en-CA"
}

// An episode without a French version toggles to the French home with a
// notice in French: never a 404, never English.
func TestToggleMissingCounterpart(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		r := get(t, s, greenerEN)
		wantStatus(t, r, 200)
		assertToggle(t, r, "/fr/?notice=untranslated")
		fr := get(t, s, "/fr/?notice=untranslated")
		wantStatus(t, fr, 200)
		if got := attrOf(first(fr.Doc, tagIs("html")), "lang"); got != "fr-CA" {
			t.Errorf("html lang %q", got)
		}
		want := catalogue(t).Printer("fr").T("notice.missing_counterpart")
		if got := textOf0(first(fr.Doc, hasClass("div", "flash"))); got != want {
			t.Errorf("notice %q, want %q", got, want)
		}
		if en := catalogue(t).Printer("en").T("notice.missing_counterpart"); contains(fr, en) {
			t.Errorf("English notice on the French page")
		}
		// The notice is only for the toggle's landing: the plain home has none.
		plain := get(t, s, "/fr/")
		if first(plain.Doc, hasClass("div", "flash")) != nil {
			t.Errorf("/fr/ shows a notice")
		}
	})
}

// The original site's URLs redirect permanently to the episode in the
// language of the old URL.
func TestLegacyRedirects(t *testing.T) {
	t.Parallel()
	cases := []struct{ from, to string }{
		{"/en/ep-41-en/", dnEN},
		{"/en/ep-41-en", dnEN},
		{"/fr/ep-41-fr/", dnFR},
		{"/fr/ep-41-fr", dnFR},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range cases {
			t.Run(tc.from, func(t *testing.T) {
				r := get(t, s, tc.from)
				wantStatus(t, r, 301)
				if got := r.Header.Get("Location"); got != tc.to {
					t.Errorf("Location %q, want %q", got, tc.to)
				}
				wantStatus(t, get(t, s, tc.to), 200)
			})
		}
		for _, p := range []string{"/en/ep-41-fr/", "/en/ep-42-en/", "/fr/ep-41-en/x"} {
			if r := get(t, s, p); r.StatusCode != 404 {
				t.Errorf("%s: status %d, want 404", p, r.StatusCode)
			}
		}
	})
}

func contains(r *response, s string) bool {
	return len(s) > 0 && len(r.Body) > 0 && strings.Contains(textOf0(r.Doc), s)
}
