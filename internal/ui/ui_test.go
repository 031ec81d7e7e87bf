package ui_test

import (
	"html/template"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/ui"
)

// Every key a template names exists in both catalogues.
func TestTemplateKeysExistInBothCatalogues(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	err = fs.WalkDir(ui.TemplateFS(), "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(ui.TemplateFS(), path)
		if err != nil {
			return err
		}
		for _, key := range i18n.TemplateKeys(string(src)) {
			found++
			for _, lang := range []string{"en", "fr"} {
				if !cat.Has(lang, key) {
					t.Errorf("%s uses %q, missing from %s.json", path, key, lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 40 {
		t.Fatalf("found only %d key uses in templates: is the scanner still matching?", found)
	}
}

// The templates parse for both languages, and each page renders "base".
func TestParse(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := ui.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := ui.Parse(cat, assets, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tpl.Render("en", "no-such-page", nil); err == nil {
		t.Fatal("rendering an unknown page should fail")
	}
}

func TestAssetURLsAreVersioned(t *testing.T) {
	t.Parallel()
	a, err := ui.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	u := a.URL("css/site.css")
	if !strings.HasPrefix(u, "/static/") || len(strings.Split(u, "/")) != 5 {
		t.Fatalf("asset URL %q should be /static/<hash>/css/site.css", u)
	}
	b, err := ui.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	if a.Prefix() != b.Prefix() {
		t.Fatalf("asset prefix must be stable across starts: %q vs %q", a.Prefix(), b.Prefix())
	}
}

func TestContentType(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"a.css": "text/css; charset=utf-8", "a.js": "text/javascript; charset=utf-8", "a.woff2": "font/woff2",
		"a.mp3": "audio/mpeg", "a.webm": "video/webm", "a.vtt": "text/vtt; charset=utf-8", "A.PNG": "image/png",
		"noext": "application/octet-stream",
	} {
		if got := ui.ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// The vendored design system must never make pages fetch Google Fonts.
func TestNoThirdPartyFonts(t *testing.T) {
	t.Parallel()
	err := fs.WalkDir(ui.StaticFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(ui.StaticFS(), path)
		if err != nil {
			return err
		}
		for _, host := range []string{"fonts.googleapis.com", "fonts.gstatic.com"} {
			if strings.Contains(string(b), host) {
				t.Errorf("%s references %s", path, host)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// No template function returns a type that html/template inserts without
// escaping (template.HTML, JS, CSS, URL…): the only HTML inserted as-is is
// what a view struct carries, sanitised when the content was saved.
func TestNoUnescapingFuncs(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := ui.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	trusted := map[reflect.Type]bool{}
	for _, v := range []any{template.HTML(""), template.HTMLAttr(""), template.JS(""), template.JSStr(""), template.CSS(""), template.URL(""), template.Srcset("")} {
		trusted[reflect.TypeOf(v)] = true
	}
	funcs := ui.Funcs(cat.Printer("en"), assets, time.UTC)
	if len(funcs) == 0 {
		t.Fatal("no template functions")
	}
	for name, fn := range funcs {
		ft := reflect.TypeOf(fn)
		for i := range ft.NumOut() {
			if trusted[ft.Out(i)] {
				t.Errorf("template function %q returns %v, which templates insert unescaped", name, ft.Out(i))
			}
		}
	}
}
