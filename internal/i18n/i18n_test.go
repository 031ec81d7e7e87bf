package i18n

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/typography"
)

func mustLoad(t testing.TB) *Catalogue {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// readLocale reads a catalogue straight from disk, independently of Load,
// so the catalogue tests do not depend on the code they check.
func readLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("locales", lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

func TestLoadEmbedded(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	if len(c.Keys()) < 60 {
		t.Errorf("only %d keys loaded", len(c.Keys()))
	}
}

// TestSeedKeys pins the keys the rest of the site codes against.
func TestSeedKeys(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	for _, k := range []string{
		"site.name", "site.tagline", "skip.main", "lang.toggle_label", "lang.toggle_short",
		"lang.other_name", "nav.home", "nav.topics", "nav.series", "nav.authors", "nav.privacy",
		"nav.terms", "date.modified", "kind.read", "kind.listen", "kind.watch", "kind.all",
		"episode.minutes_read", "episode.minutes_listen", "episode.minutes_watch",
		"episode.published", "episode.learn_more", "episode.transcript", "episode.related",
		"episode.about_author", "episode.topic", "episode.series_part", "episode.player_fallback",
		"list.latest", "list.filter_kind", "list.filter_topic", "list.all_topics", "list.apply",
		"list.empty", "list.count.one", "list.count.other", "pagination.previous",
		"pagination.next", "pagination.page", "pagination.label", "notice.missing_counterpart",
		"banner.label", "feedback.question", "feedback.yes", "feedback.no",
		"feedback.details_label", "feedback.privacy_warning", "feedback.max_chars",
		"feedback.submit", "feedback.thanks", "feedback.error_too_long", "feedback.recorded",
		"feedback.error_forged", "feedback.error_rate", "feedback.error_title",
		"feedback.privacy_link", "feedback.redacted_note", "privacy.title",
		"error.not_found_title", "error.not_found_body", "error.server_title",
		"error.server_body", "error.home_link", "topic.episodes", "author.episodes",
		"series.episodes", "breadcrumb.label", "splash.title",
	} {
		for _, lang := range []string{EN, FR} {
			if !c.Has(lang, k) {
				t.Errorf("%s catalogue lacks %q", lang, k)
			}
		}
	}
}

func TestCatalogueParity(t *testing.T) {
	t.Parallel()
	en, fr := readLocale(t, EN), readLocale(t, FR)
	for k, v := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("%q is in en.json but not fr.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("en.json %q is empty", k)
		}
	}
	for k, v := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is in fr.json but not en.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("fr.json %q is empty", k)
		}
	}
	for k, ev := range en {
		fv, ok := fr[k]
		if !ok {
			continue
		}
		ep, err1 := placeholders(ev)
		fp, err2 := placeholders(fv)
		if err1 != nil || err2 != nil {
			t.Errorf("%q: bad placeholders: en %v, fr %v", k, err1, err2)
			continue
		}
		if d := cmp.Diff(ep, fp); d != "" {
			t.Errorf("%q placeholders differ (-en +fr):\n%s", k, d)
		}
	}
	for _, m := range []map[string]string{en, fr} {
		for k := range m {
			if base, ok := strings.CutSuffix(k, ".one"); ok {
				if _, ok := m[base+".other"]; !ok {
					t.Errorf("%q has no .other form", base)
				}
			}
			if base, ok := strings.CutSuffix(k, ".other"); ok {
				if _, ok := m[base+".one"]; !ok {
					t.Errorf("%q has no .one form", base)
				}
			}
		}
	}
}

// frenchTypography returns the typography problems of a French value: a
// straight apostrophe, and any spacing that the site's convention
// (internal/typography: a no-break space before « : » and inside « », no
// space before ; ! ?) would change.
func frenchTypography(v string) []string {
	var probs []string
	if i := strings.IndexByte(v, '\''); i >= 0 {
		probs = append(probs, fmt.Sprintf("straight apostrophe at byte %d (use ’)", i))
	}
	if want := typography.French(v); want != v {
		probs = append(probs, fmt.Sprintf("spacing differs from the convention: want %q", want))
	}
	return probs
}

func TestFrenchTypographyChecker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
	}{
		{"Date de modification\u00a0:", 0},
		{"Date de modification :", 1},
		{"Date de modification:", 1},
		{"Vraiment!", 0},
		{"Vraiment !", 1},
		{"Vraiment\u00a0!", 1},
		{"Vraiment\u202f!", 1},
		{"Quoi ; encore", 1},
		{"Quoi; encore", 0},
		{"«\u00a0Oui\u00a0»", 0},
		{"« Oui »", 1},
		{"«Oui»", 1},
		{"l'auteur", 1},
		{"l’auteur", 0},
		{"https://example.ca", 0},
		{"à 10:30", 0},
		{"Avez-vous trouvé ce que vous cherchiez?", 0},
	}
	for _, tt := range tests {
		if got := frenchTypography(tt.in); len(got) != tt.want {
			t.Errorf("frenchTypography(%q) = %q, want %d problem(s)", tt.in, got, tt.want)
		}
	}
}

// TestFrenchTypography keeps every French string in the site's convention,
// so the catalogue needs no fixing when it is shown.
func TestFrenchTypography(t *testing.T) {
	t.Parallel()
	for k, v := range readLocale(t, FR) {
		for _, p := range frenchTypography(v) {
			t.Errorf("fr.json %q: %s in %q", k, p, v)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	good := func() (map[string]string, map[string]string) {
		return map[string]string{
				"nav.home":         "Home",
				"list.count.one":   "{n} episode",
				"list.count.other": "{n} episodes",
			}, map[string]string{
				"nav.home":         "Accueil",
				"list.count.one":   "{n}\u00a0épisode",
				"list.count.other": "{n}\u00a0épisodes",
			}
	}
	if en, fr := good(); validate(en, fr) != nil {
		t.Fatalf("validate(good) = %v", validate(en, fr))
	}
	tests := []struct {
		name    string
		mutate  func(en, fr map[string]string)
		wantKey string
		wantMsg string
	}{
		{"missing in fr", func(en, fr map[string]string) { en["nav.topics"] = "Topics" }, "nav.topics", "missing in fr"},
		{"missing in en", func(en, fr map[string]string) { fr["nav.topics"] = "Sujets" }, "nav.topics", "missing in en"},
		{"empty value", func(en, fr map[string]string) { fr["nav.home"] = " " }, "nav.home", "empty"},
		{"placeholder mismatch", func(en, fr map[string]string) { fr["list.count.other"] = "{count} épisodes" }, "list.count.other", "placeholders differ"},
		{"placeholder missing", func(en, fr map[string]string) { fr["list.count.other"] = "épisodes" }, "list.count.other", "placeholders differ"},
		{"unclosed brace", func(en, fr map[string]string) { en["nav.home"] = "Home {n" }, "nav.home", "unclosed"},
		{"stray close brace", func(en, fr map[string]string) { en["nav.home"] = "Home }" }, "nav.home", "unmatched"},
		{"bad placeholder name", func(en, fr map[string]string) { en["nav.home"] = "{N-1}"; fr["nav.home"] = "{N-1}" }, "nav.home", "bad placeholder"},
		{"plural without other", func(en, fr map[string]string) {
			delete(en, "list.count.other")
			delete(fr, "list.count.other")
		}, "list.count.one", "plural form"},
		{"plural without one", func(en, fr map[string]string) {
			delete(en, "list.count.one")
			delete(fr, "list.count.one")
		}, "list.count.other", "plural form"},
		{"plural base also plain", func(en, fr map[string]string) { en["list.count"] = "x"; fr["list.count"] = "x" }, "list.count", "plural base"},
		{"malformed key", func(en, fr map[string]string) { en["Home"] = "Home"; fr["Home"] = "Accueil" }, "Home", "malformed key"},
		{"not NFC", func(en, fr map[string]string) { fr["nav.home"] = "Acce\u0301s" }, "nav.home", "NFC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			en, fr := good()
			tt.mutate(en, fr)
			err := validate(en, fr)
			if err == nil {
				t.Fatal("validate accepted a bad catalogue")
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.wantKey)) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not name key %q with %q", err, tt.wantKey, tt.wantMsg)
			}
			if _, err := newCatalogue(en, fr); err == nil {
				t.Error("newCatalogue accepted a bad catalogue")
			}
		})
	}
	if err := validate(map[string]string{}, map[string]string{}); err == nil {
		t.Error("validate accepted empty catalogues")
	}
}

func TestLoadFromRejectsMalformedJSON(t *testing.T) {
	t.Parallel()
	good := `{"nav.home": "Home"}`
	goodFR := `{"nav.home": "Accueil"}`
	if _, err := loadFrom([]byte(good), []byte(goodFR)); err != nil {
		t.Fatalf("loadFrom(good) = %v", err)
	}
	tests := []struct {
		name, en, fr, want string
	}{
		{"not json", `{nav.home: 1`, goodFR, "en.json"},
		{"array", `["nav.home"]`, goodFR, "en.json"},
		{"nested", good, `{"nav": {"home": "Accueil"}}`, "fr.json"},
		{"number value", good, `{"nav.home": 3}`, `"nav.home"`},
		{"duplicate key", good, `{"nav.home": "Accueil", "nav.home": "Maison"}`, "duplicate"},
		{"trailing data", good, goodFR + `{}`, "trailing"},
		{"truncated", good, `{"nav.home": "Accueil"`, "fr.json"},
		{"key mismatch", good, `{"nav.homes": "Accueil"}`, `"nav.home"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := loadFrom([]byte(tt.en), []byte(tt.fr))
			if err == nil {
				t.Fatal("loadFrom accepted malformed input")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestPrinterLang(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	for in, want := range map[string]string{"en": "en", "fr": "fr", "": "en", "FR": "en", "fr-CA": "en", "de": "en"} {
		if got := c.Printer(in).Lang(); got != want {
			t.Errorf("Printer(%q).Lang() = %q, want %q", in, got, want)
		}
	}
	if c.Has("de", "nav.home") {
		t.Error(`Has("de", …) = true`)
	}
	if c.Has(EN, "nav.nope") || !c.Has(FR, "nav.home") {
		t.Error("Has gives wrong answers")
	}
	keys := c.Keys()
	keys[0] = "mutated"
	if c.Keys()[0] == "mutated" {
		t.Error("Keys exposes internal state")
	}
}

func TestT(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	tests := []struct {
		lang, key string
		args      []any
		want      string
	}{
		{EN, "nav.home", nil, "Home"},
		{FR, "nav.home", nil, "Accueil"},
		{EN, "lang.toggle_label", nil, "Français"},
		{FR, "lang.toggle_label", nil, "English"},
		{FR, "date.modified", nil, "Date de modification\u00a0:"},
		{EN, "episode.minutes_read", []any{"n", 5}, "5 min read"},
		{FR, "episode.minutes_read", []any{"n", 5}, "Lecture de 5\u00a0min"},
		{FR, "episode.minutes_watch", []any{"n", int64(12)}, "Visionnement de 12\u00a0min"},
		{EN, "episode.series_part", []any{"n", 2, "total", 5, "series", "Data literacy"}, "Part 2 of 5 in Data literacy"},
		{FR, "episode.series_part", []any{"series", "Littératie des données", "total", 5, "n", 2}, "Partie 2 de 5 de la série Littératie des données"},
		{EN, "author.episodes", []any{"name", "Jo {n} O'Neil"}, "Episodes by Jo {n} O'Neil"},
		{FR, "error.server_body", []any{"id", "ab12"}, "Veuillez réessayer plus tard. Si le problème persiste, indiquez ce numéro de référence\u00a0: ab12"},
		{EN, "pagination.page", []any{"n", 1}, "Page 1 of {total}"},          // missing argument stays visible
		{EN, "pagination.page", []any{"n", 1, "total"}, "Page 1 of {total}"}, // odd trailing argument ignored
		{EN, "pagination.page", []any{"n", 3, "total", uint(9)}, "Page 3 of 9"},
		{EN, "episode.published", []any{"date", "October 15, 2020"}, "Published October 15, 2020"},
		{EN, "nav.home", []any{"n", 1}, "Home"},
		{EN, "no.such_key", nil, "⟦no.such_key⟧"},
		{FR, "no.such_key", []any{"n", 1}, "⟦no.such_key⟧"},
		{EN, "", nil, "⟦⟧"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s T(%q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestN(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{EN, 0, "0 episodes"},
		{EN, 1, "1 episode"},
		{EN, 2, "2 episodes"},
		{EN, 1001, "1001 episodes"},
		{FR, 0, "0\u00a0épisode"},
		{FR, 1, "1\u00a0épisode"},
		{FR, 2, "2\u00a0épisodes"},
		{FR, 21, "21\u00a0épisodes"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).N("list.count", tt.n); got != tt.want {
			t.Errorf("%s N(list.count, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	p := c.Printer(EN)
	if got, want := p.N("list.count", 3, "n", "three"), "three episodes"; got != want {
		t.Errorf("explicit n: got %q, want %q", got, want)
	}
	if got, want := p.N("nav.home", 3), "Home"; got != want {
		t.Errorf("non-plural key: got %q, want %q", got, want)
	}
	if got, want := p.N("no.such", 3), "⟦no.such⟧"; got != want {
		t.Errorf("missing plural: got %q, want %q", got, want)
	}
}

func TestPluralOne(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lang string
		n    int
		want bool
	}{
		{EN, 0, false}, {EN, 1, true}, {EN, -1, true}, {EN, 2, false},
		{FR, 0, true}, {FR, 1, true}, {FR, -1, true}, {FR, 2, false}, {FR, 1000000, false},
	} {
		if got := pluralOne(tt.lang, tt.n); got != tt.want {
			t.Errorf("pluralOne(%s, %d) = %v, want %v", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	en, fr := c.Printer(EN), c.Printer(FR)
	months := []struct{ en, fr string }{
		{"January", "janvier"}, {"February", "février"}, {"March", "mars"},
		{"April", "avril"}, {"May", "mai"}, {"June", "juin"}, {"July", "juillet"},
		{"August", "août"}, {"September", "septembre"}, {"October", "octobre"},
		{"November", "novembre"}, {"December", "décembre"},
	}
	for i, m := range months {
		d := time.Date(2020, time.Month(i+1), 15, 12, 0, 0, 0, time.UTC)
		if got, want := en.Date(d), m.en+" 15, 2020"; got != want {
			t.Errorf("en Date(%v) = %q, want %q", d, got, want)
		}
		if got, want := fr.Date(d), "15 "+m.fr+" 2020"; got != want {
			t.Errorf("fr Date(%v) = %q, want %q", d, got, want)
		}
		first := time.Date(2021, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		if got, want := fr.Date(first), "1er "+m.fr+" 2021"; got != want {
			t.Errorf("fr Date(%v) = %q, want %q", first, got, want)
		}
		if got, want := en.Date(first), m.en+" 1, 2021"; got != want {
			t.Errorf("en Date(%v) = %q, want %q", first, got, want)
		}
	}
	second := time.Date(2020, time.October, 2, 0, 0, 0, 0, time.UTC)
	if got, want := fr.Date(second), "2 octobre 2020"; got != want {
		t.Errorf("fr Date(2nd) = %q, want %q", got, want)
	}
	// The date is taken in the time's own location.
	utc := time.Date(2020, time.October, 16, 2, 30, 0, 0, time.UTC)
	toronto := utc.In(time.FixedZone("EDT", -4*3600))
	for _, tt := range []struct {
		p    *Printer
		t    time.Time
		want string
		iso  string
	}{
		{en, utc, "October 16, 2020", "2020-10-16"},
		{en, toronto, "October 15, 2020", "2020-10-15"},
		{fr, toronto, "15 octobre 2020", "2020-10-15"},
		{fr, time.Date(2020, time.October, 1, 23, 59, 0, 0, time.UTC), "1er octobre 2020", "2020-10-01"},
	} {
		if got := tt.p.Date(tt.t); got != tt.want {
			t.Errorf("%s Date(%v) = %q, want %q", tt.p.Lang(), tt.t, got, tt.want)
		}
		if got := tt.p.ISODate(tt.t); got != tt.iso {
			t.Errorf("%s ISODate(%v) = %q, want %q", tt.p.Lang(), tt.t, got, tt.iso)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			p := c.Printer([]string{EN, FR}[i%2])
			for j := range 200 {
				_ = p.T("episode.series_part", "n", j, "total", 9, "series", "x")
				_ = p.N("list.count", j)
				_ = p.Date(time.Unix(int64(j)*86400, 0))
			}
		}()
	}
	for range 8 {
		<-done
	}
}

func BenchmarkT(b *testing.B) {
	c := mustLoad(b)
	p := c.Printer(FR)
	b.ReportAllocs()
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			_ = p.T("nav.home")
		}
	})
	b.Run("args", func(b *testing.B) {
		for b.Loop() {
			_ = p.T("episode.series_part", "n", 2, "total", 5, "series", "Littératie des données")
		}
	})
	b.Run("plural", func(b *testing.B) {
		for b.Loop() {
			_ = p.N("list.count", 12)
		}
	})
}

func BenchmarkDate(b *testing.B) {
	c := mustLoad(b)
	d := time.Date(2020, time.October, 1, 12, 0, 0, 0, time.UTC)
	for _, lang := range []string{EN, FR} {
		p := c.Printer(lang)
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.Date(d)
			}
		})
	}
}
