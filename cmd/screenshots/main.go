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
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
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
	// The list is read over plain HTTP, so that reading it leaves no
	// cookie in the browser.
	shots, err := pageList(base, &http.Client{Timeout: stepTimeout})
	if err != nil {
		return err
	}
	tab, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()

	n := 0
	for _, s := range shots {
		for _, width := range []int64{1280, 390} {
			png, err := shoot(tab, base, s, width)
			if err != nil {
				return fmt.Errorf("%s: %w", s.path, err)
			}
			name := filepath.Join(out, fmt.Sprintf("%s-%d.png", s.name, width))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				return err
			}
			n++
		}
	}
	fmt.Printf("%d screenshots in %s\n", n, out)
	return nil
}

// shoot loads a shot's page at a width, lets the components render, checks
// that the browser shows that page (not a page it was redirected to), and
// returns a full-page PNG. A fresh shot is taken in a browser context of
// its own, without the cookies earlier pages set. Loading, the check and
// the picture are a step each.
func shoot(tab context.Context, base string, s shot, width int64) (png []byte, err error) {
	if s.fresh {
		ctx, cancel, err := freshTab(tab)
		if err != nil {
			return nil, err
		}
		defer cancel()
		tab = ctx
	}
	err = withStep(tab, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+s.path)); err != nil {
			return err
		}
		return waitRendered(ctx)
	})
	if err != nil {
		return nil, err
	}
	err = withStep(tab, func(ctx context.Context) error {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
		if err == nil && at != s.path {
			err = fmt.Errorf("the browser shows %s instead (redirected)", at)
		}
		return err
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

// freshTab opens a tab in a new browser context of the tab's browser: no
// cookies, no storage. The first action creates the tab, which lives as
// long as that action's context: so it runs on the new context itself,
// and a timer bounds the wait instead of a deadline.
func freshTab(tab context.Context) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(tab, chromedp.WithNewBrowserContext())
	errc := make(chan error, 1)
	go func() { errc <- chromedp.Do(ctx, chromedp.Navigate("about:blank")) }()
	select {
	case err := <-errc:
		if err != nil {
			cancel()
			return nil, nil, fmt.Errorf("open a fresh tab: %w", err)
		}
	case <-time.After(stepTimeout):
		cancel()
		return nil, nil, fmt.Errorf("open a fresh tab: not open within %v", stepTimeout)
	}
	return ctx, cancel, nil
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
