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
		err = runAdmin(*out, nil)
	default:
		err = run(*out, *base)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

// stepTimeout bounds each step of a tour on its own: starting the site,
// loading a page until it has rendered, typing into a field, submitting a
// form, taking a picture. A step takes well under a second on an idle
// machine and a few seconds on a busy one. A tour as a whole has no
// deadline, so a busy machine makes it slower, not failed, while a step
// that hangs still ends it, naming the step.
const stepTimeout = time.Minute

// withStep runs fn with ctx bounded by stepTimeout.
func withStep(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	return fn(ctx)
}

func run(out, base string) error {
	ctx := context.Background()
	if base == "" {
		dir, err := os.MkdirTemp("", "busrides-shots-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		var a *app.App
		err = withStep(ctx, func(ctx context.Context) (err error) {
			a, err = app.New(ctx, app.Config{Database: filepath.Join(dir, "b.db"), Demo: true, Logger: slog.New(slog.DiscardHandler)})
			return err
		})
		if err != nil {
			return fmt.Errorf("start the site: %w", err)
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
func pageList(tab context.Context, base string) ([]page, error) {
	// attr navigates to path and reads an attribute of the first element
	// that selector finds ("" when there is none), in one step.
	attr := func(path, selector, name string) (v string, err error) {
		err = withStep(tab, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
				return err
			}
			v, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(selector)+`)?.getAttribute(`+strconv.Quote(name)+`) ?? ""`))
			return err
		})
		return v, err
	}
	first := func(path, selector string) (string, error) { return attr(path, selector, "href") }
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
			alt, err := attr(p.path, "gcds-header", "lang-href")
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
// full-page PNG. Loading and the picture are a step each.
func shoot(tab context.Context, url string, width int64) (png []byte, err error) {
	err = withStep(tab, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url)); err != nil {
			return err
		}
		return waitRendered(ctx)
	})
	if err != nil {
		return nil, err
	}
	err = withStep(tab, func(ctx context.Context) (err error) {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("full-page screenshot: %w", err)
	}
	return png, nil
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

// waitRendered waits until the page has loaded, the design system's
// components have hydrated and no animation runs, for as long as ctx
// allows (a step: see stepTimeout).
func waitRendered(ctx context.Context) error {
	return poll(ctx, "the page to render", `document.readyState === "complete" &&
		[...document.querySelectorAll("*")].filter(e => e.localName.startsWith("gcds-")).every(e => e.classList.contains("hydrated")) &&
		document.getAnimations().every(a => a.playState !== "running")`)
}

// poll evaluates js every 50 ms until it returns true or ctx ends; then it
// reports what it waited for, and the last error. Errors while a page is
// being replaced count as "not yet".
func poll(ctx context.Context, what, js string) error {
	var last error
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return nil
		}
		if err != nil && ctx.Err() == nil {
			last = err
		}
		select {
		case <-ctx.Done():
			if last != nil {
				return fmt.Errorf("waiting for %s: %w (last error: %w)", what, ctx.Err(), last)
			}
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
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
