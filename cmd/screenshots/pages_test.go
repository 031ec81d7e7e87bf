package main

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
)

// The tour's list, read from the demo site without a browser: the splash
// page first and fresh, each English page with its own French version
// (never the "not yet translated" notice: the first Read episode of the
// demo has no French), every page there.
func TestPageList(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	client := &http.Client{Timeout: stepTimeout}
	shots, err := pageList(s.Server.URL, client)
	if err != nil {
		t.Fatal(err)
	}
	if len(shots) != 29 {
		t.Errorf("%d shots, want 29: %v", len(shots), shots)
	}
	if shots[0] != (shot{name: "splash", path: "/", fresh: true}) {
		t.Errorf("first shot %+v, want the splash page, fresh", shots[0])
	}
	get := func(path string) (*http.Response, *html.Node) {
		t.Helper()
		resp, err := client.Get(s.Server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		d, err := html.Parse(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, d
	}
	byName := map[string]shot{}
	for _, sh := range shots[1:] {
		byName[sh.name] = sh
		if sh.fresh {
			t.Errorf("%s: fresh, but only the splash page needs it", sh.name)
		}
		lang := "en-CA"
		if strings.HasSuffix(sh.name, "-fr") {
			lang = "fr-CA"
		}
		resp, d := get(sh.path)
		wantStatus := http.StatusOK
		if strings.HasPrefix(sh.name, "not-found") {
			wantStatus = http.StatusNotFound
		}
		if resp.StatusCode != wantStatus || resp.Request.URL.Path != strings.Split(sh.path, "?")[0] {
			t.Errorf("%s (%s): status %d at %s, want %d there", sh.name, sh.path, resp.StatusCode, resp.Request.URL, wantStatus)
		}
		if got := attrOf(findFirst(d, func(n *html.Node) bool { return n.Data == "html" }), "lang"); got != lang {
			t.Errorf("%s (%s): lang %q, want %q", sh.name, sh.path, got, lang)
		}
	}
	for _, name := range []string{"home", "privacy", "subscribe", "glossary", "about", "contact", "terms", "episode-read", "episode-listen", "episode-watch", "topic", "author", "series"} {
		en, fr := byName[name+"-en"], byName[name+"-fr"]
		if en.path == "" || fr.path == "" {
			t.Errorf("%s: no pair of shots (%+v, %+v)", name, en, fr)
			continue
		}
		if strings.Contains(fr.path, "notice=") {
			t.Errorf("%s-fr is the notice %s, not a French page", name, fr.path)
		}
		_, d := get(en.path)
		if alt := attrOf(findFirst(d, func(n *html.Node) bool { return n.Data == "gcds-header" }), "lang-href"); alt != fr.path {
			t.Errorf("%s-fr is %s; %s's French version is %s", name, fr.path, en.path, alt)
		}
	}
	for _, name := range []string{"episode-read", "episode-listen", "episode-watch"} {
		if p := byName[name+"-fr"].path; !strings.HasPrefix(p, "/fr/episodes/") {
			t.Errorf("%s-fr is %s, not a French episode", name, p)
		}
	}
}

// The splash shot shows the splash page even after other pages set the
// language cookie (which sends / to a home page): it is taken fresh, and a
// shot the browser was redirected away from fails rather than saving the
// wrong page.
func TestSplashShotIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: drives Chromium")
	}
	if _, err := chromium(); err != nil {
		t.Skip(err)
	}
	s := apptest.Serve(t, apptest.Options{})
	tab, stop, err := startBrowser()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// A page in English: the browser now has the language cookie.
	err = withStep(tab, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(s.Server.URL+"/en/"))
	})
	if err != nil {
		t.Fatal(err)
	}
	splash := shot{name: "splash", path: "/", fresh: true}
	b, err := shoot(tab, s.Server.URL, splash, 390)
	if err != nil {
		t.Fatalf("fresh splash shot: %v", err)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
		t.Fatalf("fresh splash shot: %v", err)
	}
	splash.fresh = false
	if _, err := shoot(tab, s.Server.URL, splash, 390); err == nil || !strings.Contains(err.Error(), "/en/") {
		t.Errorf("splash shot with the cookie: %v, want an error naming /en/", err)
	}
}
