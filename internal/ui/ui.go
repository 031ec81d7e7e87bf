// Package ui holds the public site's templates and static files, embedded
// in the binary. Templates are parsed once per language at start-up, with
// the catalogue's t/tn functions bound to that language, so rendering does
// no per-request set-up. A missing template or an unknown function fails
// start-up, not a request.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/busrides/busrides/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// TemplateFS exposes the template sources (for tests that scan them).
func TemplateFS() fs.FS { return templateFS }

// Templates renders pages by name in one language.
type Templates struct {
	pages map[string]map[string]*template.Template // lang → page → template
}

// Parse parses every page in templates/pages once per language, each with
// the layout and partials of its side: a back-office page (admin-*.html)
// with layouts/admin.html and the admin-* partials, a public page with
// layouts/base.html and the other partials. Each parsed page holds its own
// copy of what it includes (html/template escapes a page's templates in
// place), so a page leaves out the other side's: the pages' templates held
// 23 MB of the server's heap when every page included everything.
func Parse(cat *i18n.Catalogue, assets *Assets, loc *time.Location) (*Templates, error) {
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	shared := map[bool][]string{ // admin? → layout and partials
		true:  {"templates/layouts/admin.html"},
		false: {"templates/layouts/base.html"},
	}
	for _, p := range partials {
		admin := isAdmin(p)
		shared[admin] = append(shared[admin], p)
	}
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	t := &Templates{pages: map[string]map[string]*template.Template{}}
	for _, lang := range []string{"en", "fr"} {
		p := cat.Printer(lang)
		funcs := Funcs(p, assets, loc)
		t.pages[lang] = map[string]*template.Template{}
		for _, page := range pages {
			name := strings.TrimSuffix(path.Base(page), ".html")
			files := append(slices.Clone(shared[isAdmin(page)]), page)
			tpl, err := template.New(name).Funcs(funcs).ParseFS(templateFS, files...)
			if err != nil {
				return nil, fmt.Errorf("ui: parse %s: %w", page, err)
			}
			t.pages[lang][name] = tpl
		}
	}
	return t, nil
}

// isAdmin reports whether a template file belongs to the back office.
func isAdmin(file string) bool { return strings.HasPrefix(path.Base(file), "admin-") }

// Funcs are the template functions bound to one language. Dates are shown
// in loc (the newsroom's time zone).
func Funcs(p *i18n.Printer, assets *Assets, loc *time.Location) template.FuncMap {
	return template.FuncMap{
		"t":       p.T,
		"tn":      p.N,
		"date":    func(t time.Time) string { return p.Date(t.In(loc)) },
		"isodate": func(t time.Time) string { return p.ISODate(t.In(loc)) },
		"asset":   assets.URL,
		"json":    jsonAttr,
	}
}

// Render executes page (a file name in templates/pages without .html) in
// lang. The entry template of every page is "base".
func (t *Templates) Render(lang, page string, data any) ([]byte, error) {
	tpl := t.pages[lang][page]
	if tpl == nil {
		return nil, fmt.Errorf("ui: no page %q", page)
	}
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := tpl.ExecuteTemplate(&buf, "base", data); err != nil {
		return nil, fmt.Errorf("ui: render %s/%s: %w", lang, page, err)
	}
	return buf.Bytes(), nil
}
