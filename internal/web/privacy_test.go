package web_test

import (
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/ui"
)

// storageUse finds where a script stores something in the browser.
var storageUse = regexp.MustCompile(`localStorage|sessionStorage|indexedDB|document\.cookie|caches\.open|cookieStore`)

// browserKeys are the names under which the site's own scripts store
// something in the browser (localStorage keys, as const declarations), and
// the design system's scripts store nothing.
func browserKeys(t *testing.T) []string {
	t.Helper()
	var keys []string
	err := fs.WalkDir(ui.StaticFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".js") {
			return err
		}
		b, err := fs.ReadFile(ui.StaticFS(), path)
		if err != nil {
			return err
		}
		src := string(b)
		if strings.HasPrefix(path, "vendor/") {
			if m := storageUse.FindString(src); m != "" {
				t.Errorf("%s uses %s: the privacy notice must say what it keeps", path, m)
			}
			return nil
		}
		for _, m := range storageUse.FindAllString(src, -1) {
			if m != "localStorage" {
				t.Errorf("%s uses %s: the privacy notice must say what it keeps", path, m)
			}
		}
		// localStorage is only ever given a key declared as a constant.
		for _, call := range regexp.MustCompile(`localStorage\.\w+\(([^,)]*)`).FindAllStringSubmatch(src, -1) {
			name := strings.TrimSpace(call[1])
			decl := regexp.MustCompile(`const ` + regexp.QuoteMeta(name) + ` = "([^"]+)"`).FindStringSubmatch(src)
			if decl == nil {
				t.Errorf("%s: localStorage key %s is not a constant string", path, name)
				continue
			}
			if !slices.Contains(keys, decl[1]) {
				keys = append(keys, decl[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// The privacy notice names, in both languages, everything the site keeps in
// the reader's browser: each cookie the public pages set and each key the
// site's scripts store in localStorage (read from the scripts themselves,
// so a new one fails this test until the notice names it), with the names
// of the controls that store them.
func TestPrivacyNamesWhatTheBrowserKeeps(t *testing.T) {
	t.Parallel()
	keys := browserKeys(t)
	if len(keys) == 0 {
		t.Fatal("no localStorage key found in the site's scripts: has the finished list moved?")
	}
	s := apptest.Serve(t, apptest.Options{})
	var cookies []string
	for _, pc := range sitePages {
		if pc.hdr != nil {
			continue // with a cookie already
		}
		for _, c := range get(t, s, pc.path).Cookies() {
			if !slices.Contains(cookies, c.Name) {
				cookies = append(cookies, c.Name)
			}
		}
	}
	for _, path := range []string{"/en/ride?minutes=10", "/"} {
		for _, c := range get(t, s, path).Cookies() {
			if !slices.Contains(cookies, c.Name) {
				cookies = append(cookies, c.Name)
			}
		}
	}
	if len(cookies) == 0 {
		t.Fatal("no public page sets a cookie: has the language cookie gone?")
	}
	cat := catalogue(t)
	for _, tc := range []struct{ path, lang, heading, storage string }{
		{"/en/privacy", "en", "What your browser keeps", "local storage"},
		{"/fr/confidentialite", "fr", "Ce que votre navigateur conserve", "stockage local"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := get(t, s, tc.path)
			wantStatus(t, r, http.StatusOK)
			text := textOf(first(r.Doc, tag("main")))
			p := cat.Printer(tc.lang)
			for _, want := range append(append([]string{tc.heading, tc.storage,
				p.T("episode.mark_finished"), p.T("nav.ride")}, cookies...), keys...) {
				if !strings.Contains(text, want) {
					t.Errorf("%s does not mention %q", tc.path, want)
				}
			}
		})
	}
}
