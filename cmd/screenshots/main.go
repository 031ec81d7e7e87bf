// Command screenshots takes full-page screenshots of the main public pages,
// in English and French, at desktop (1280 px) and mobile (390 px) widths,
// for reviewing the look. It drives Debian's Chromium (or BUSRIDES_CHROMIUM).
//
//	go run ./cmd/screenshots [-out screenshots] [-url http://localhost:8080]
//	go run ./cmd/screenshots -admin -out docs/img/back-office
//
// Without -url it starts the site itself on a temporary database with the
// demo content. With -admin it photographs the back office instead, in
// English and French at 1280 px (the visible part of each screen): it
// creates an administrator and an author with the command line, signs in,
// invites a colleague, uploads media, edits an episode's English and adds page
// feedback, so each screen shows something (see admin.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "time/tzdata"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
)

func main() {
	out := flag.String("out", "screenshots", "folder to write PNG files into")
	base := flag.String("url", "", "site to photograph (default: start one with the demo content)")
	admin := flag.Bool("admin", false, "photograph the back office (on its own temporary site; -url is not allowed)")
	flag.Parse()
	var err error
	switch {
	case *admin && *base != "":
		err = errors.New("-admin starts its own site: leave -url out")
	case *admin:
		err = runAdmin(*out)
	default:
		err = run(*out, *base)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(out, base string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if base == "" {
		dir, err := os.MkdirTemp("", "busrides-shots-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		a, err := app.New(ctx, app.Config{Database: filepath.Join(dir, "b.db"), Demo: true, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			return err
		}
		defer a.Close()
		srv := httptest.NewServer(a.Handler())
		defer srv.Close()
		base = srv.URL
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tab, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()

	pages, err := pageList(tab, base)
	if err != nil {
		return err
	}
	n := 0
	for _, p := range pages {
		for _, width := range []int64{1280, 390} {
			png, err := shoot(tab, base+p.path, width)
			if err != nil {
				return fmt.Errorf("%s: %w", p.path, err)
			}
			name := filepath.Join(out, fmt.Sprintf("%s-%d.png", p.name, width))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				return err
			}
			n++
		}
	}
	fmt.Printf("%d screenshots in %s\n", n, out)
	return nil
}

type page struct{ name, path string }

// pageList finds one page of each kind by following the site's links, and
// each one's French counterpart through its language toggle.
func pageList(ctx context.Context, base string) ([]page, error) {
	first := func(path, selector string) (string, error) {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			return "", err
		}
		return chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(selector)+`)?.getAttribute("href") ?? ""`))
	}
	en := []page{{"splash", "/"}, {"home", "/en/"}, {"privacy", "/en/privacy"}, {"not-found", "/en/no-such-page"}}
	for _, f := range []struct{ name, list, sel string }{
		{"episode-read", "/en/?kind=read", ".card-title a"},
		{"episode-listen", "/en/?kind=listen", ".card-title a"},
		{"episode-watch", "/en/?kind=watch", ".card-title a"},
		{"topic", "/en/topics", ".index-list a"},
		{"author", "/en/authors", ".index-list a"},
		{"series", "/en/series", ".index-list a"},
	} {
		href, err := first(f.list, f.sel)
		if err != nil || href == "" {
			return nil, fmt.Errorf("no link on %s: %v", f.list, err)
		}
		en = append(en, page{f.name, href})
	}
	var all []page
	for _, p := range en {
		if p.name == "splash" {
			all = append(all, p)
			continue
		}
		all = append(all, page{p.name + "-en", p.path})
		fr := "/fr/page-introuvable"
		if p.name != "not-found" {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path)); err != nil {
				return nil, err
			}
			alt, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("gcds-header")?.getAttribute("lang-href") ?? ""`))
			if err != nil || !strings.HasPrefix(alt, "/fr/") {
				return nil, fmt.Errorf("%s: no French counterpart (%q, %v)", p.path, alt, err)
			}
			fr = alt
		}
		all = append(all, page{p.name + "-fr", fr})
	}
	return all, nil
}

// shoot loads a page at a width, lets the components render, and returns a
// full-page PNG.
func shoot(ctx context.Context, url string, width int64) ([]byte, error) {
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	waitRendered(ctx)
	return chromedp.Run(ctx, chromedp.FullScreenshot(100))
}

// startBrowser starts a headless Chromium with a throw-away profile and
// returns a tab in it, and a function that stops both.
func startBrowser() (context.Context, func(), error) {
	chrome, err := chromium()
	if err != nil {
		return nil, nil, err
	}
	profile, err := os.MkdirTemp("", "busrides-chromium-")
	if err != nil {
		return nil, nil, err
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("lang", "en-CA"))...)
	tab, cancelTab := chromedp.NewContext(alloc)
	stop := func() {
		cancelTab()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		stop()
		return nil, nil, fmt.Errorf("start Chromium: %w", err)
	}
	return tab, stop, nil
}

// waitRendered waits (up to 10 s) until the page has loaded, the design
// system's components have hydrated and no animation runs.
func waitRendered(ctx context.Context) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ready, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" &&
			[...document.querySelectorAll("*")].filter(e => e.localName.startsWith("gcds-")).every(e => e.classList.contains("hydrated")) &&
			document.getAnimations().every(a => a.playState !== "running")`))
		if ready {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func chromium() (string, error) {
	if p := os.Getenv("BUSRIDES_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: apt-get install chromium, or set BUSRIDES_CHROMIUM")
}
