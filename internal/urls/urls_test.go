package urls

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

func TestPaths(t *testing.T) {
	en, fr := content.English, content.French
	tests := []struct{ got, want string }{
		{Home(en), "/en/"},
		{Untranslated(fr), "/fr/?notice=untranslated"},
		{Episode(fr, "un-episode"), "/fr/episodes/un-episode"},
		{Transcript(en, "a", ""), "/en/episodes/a/transcript"},
		{Transcript(fr, "a", "vtt"), "/fr/episodes/a/transcription.vtt"},
		{Topic(fr, "donnees"), "/fr/sujets/donnees"},
		{Topics(en), "/en/topics"},
		{Author(fr, "x"), "/fr/auteurs/x"},
		{Authors(fr), "/fr/auteurs"},
		{Series(en, "s"), "/en/series/s"},
		{SeriesIndex(fr), "/fr/series"},
		{Privacy(fr), "/fr/confidentialite"},
		{Feedback(fr), "/fr/retroaction"},
		{Glossary(fr), "/fr/glossaire"},
		{Search(fr), "/fr/recherche"},
		{SitePage(en, "about"), "/en/about"},
		{SitePage(fr, "a-propos"), "/fr/a-propos"},
		{Ride(fr), "/fr/trajet"},
		{Subscribe(en), "/en/subscribe"},
		{Subscribe(fr), "/fr/abonnement"},
		{Feed(fr, FormatAtom), "/fr/fils/episodes.atom"},
		{TopicFeed(fr, "t", FormatRSS), "/fr/fils/sujets/t.xml"},
		{SeriesFeed(en, "s", FormatJSON), "/en/feeds/series/s.json"},
		{KindFeed(fr, content.Listen, FormatRSS), "/fr/fils/formats/ecoute.xml"},
		{Podcast(en, content.Listen), "/en/podcast.xml"},
		{Podcast(fr, content.Watch), "/fr/balado-video.xml"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// Every path word is lowercase ASCII, and each kind has a name in each
// language that reads back as that kind.
func TestWords(t *testing.T) {
	word := regexp.MustCompile(`^[a-z][a-z-]*$`)
	for _, lang := range content.Langs {
		w := In(lang)
		v := reflect.ValueOf(w)
		for i := range v.NumField() {
			if s, ok := v.Field(i).Interface().(string); ok && !word.MatchString(s) {
				t.Errorf("%s %s = %q: not a lowercase ASCII word", lang, v.Type().Field(i).Name, s)
			}
		}
		for _, k := range []content.Kind{content.Read, content.Listen, content.Watch} {
			name := w.KindNames[k]
			if !word.MatchString(name) || KindFromName(lang, name) != k {
				t.Errorf("%s kind %s: name %q", lang, k, name)
			}
		}
		if KindFromName(lang, "podcast") != "" {
			t.Errorf("%s: an unknown kind name reads as a kind", lang)
		}
	}
}

// Every path word of a language is reserved in that language: no site
// page can take a path the site already answers. Other slugs are free,
// and a word is reserved only in its own language.
func TestReserved(t *testing.T) {
	for _, lang := range content.Langs {
		v := reflect.ValueOf(In(lang))
		for i := range v.NumField() {
			if s, ok := v.Field(i).Interface().(string); ok && !Reserved(lang, s) {
				t.Errorf("%s: %s = %q is not reserved", lang, v.Type().Field(i).Name, s)
			}
		}
	}
	for _, tc := range []struct {
		lang content.Lang
		slug string
		want bool
	}{
		{content.English, "about", false},
		{content.French, "a-propos", false},
		{content.English, "topics", true},
		{content.French, "topics", false},
		{content.French, "sujets", true},
		{content.English, "sujets", false},
		{content.French, "confidentialite", true},
		{content.English, "feeds", true},
		{content.English, "", false},
	} {
		if got := Reserved(tc.lang, tc.slug); got != tc.want {
			t.Errorf("Reserved(%s, %q) = %v, want %v", tc.lang, tc.slug, got, tc.want)
		}
	}
}
