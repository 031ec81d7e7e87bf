package content

import "testing"

func TestLinkOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		link  Link
		label string
		lang  Lang
	}{
		{Link{"Nations numériques {lang=en}", "https://www.leadingdigitalgovs.org/"}, "Nations numériques", English},
		{Link{"Sommet {lang=fr}  ", "https://exemple.ca/"}, "Sommet", French},
		{Link{"Épisode", "/en/episodes/x"}, "Épisode", English},
		{Link{"Episode", "/fr/episodes/x?a=1"}, "Episode", French},
		{Link{"Accueil", "/fr"}, "Accueil", French},
		{Link{"Plain", "https://example.org/"}, "Plain", ""},
		{Link{"Other {lang=de}", "https://example.de/"}, "Other {lang=de}", ""},
		{Link{"{lang=en} first", "https://example.org/"}, "{lang=en} first", ""},
		{Link{"/english", "/english"}, "/english", ""},
	} {
		label, lang := tc.link.Only()
		if label != tc.label || lang != tc.lang {
			t.Errorf("%+v.Only() = %q, %q; want %q, %q", tc.link, label, lang, tc.label, tc.lang)
		}
	}
}

func TestPrePublishLinkLabelMark(t *testing.T) {
	t.Parallel()
	e := editable()
	v := e.Versions[English]
	v.LearnMore = []Link{{"{lang=fr}", "https://exemple.ca/"}}
	found := false
	for _, c := range PrePublishChecks(e, nil, nil) {
		if c.Key == CheckLinkLabel && c.Lang == English {
			found = true
		}
	}
	if !found {
		t.Error("a label that is only a language mark passes the checklist")
	}
}
