package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// tabOptions shape a test's browser tab.
type tabOptions struct {
	noJS  bool // script execution disabled, as for a reader without JavaScript
	width int  // viewport width in CSS pixels (default 1280)
}

// stepTimeout bounds each step of a browser test on its own: opening a tab,
// loading a page until its components are ready, one script, one axe run,
// one key press or one wait for the page to change. A step takes well under
// a second on an idle machine and a few seconds on a busy one. Tests and
// tabs have no deadline of their own, so a busy machine makes them slower,
// not failed (the later steps of a test do not inherit a deadline that the
// earlier ones used up), while a step that hangs still fails, naming
// itself, long before go test's -timeout.
const stepTimeout = time.Minute

// do runs browser actions as one step, with its own deadline.
func do(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// runAction runs a browser action that returns a value as one step, with
// its own deadline.
func runAction[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// needBrowser skips the test when there is no browser (and so no site:
// TestMain starts the site only for a browser), or under -short.
func needBrowser(t *testing.T) {
	t.Helper()
	if site.skip != "" {
		t.Skip(site.skip)
	}
	if testing.Short() {
		t.Skip(shortSkip)
	}
}

// newTab opens a tab in a fresh browser context (its own cookies) and
// closes it when the test ends. The tab has no deadline; each step run in
// it has its own (see stepTimeout).
func newTab(t *testing.T, o tabOptions) context.Context {
	t.Helper()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(site.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	width := o.width
	if width == 0 {
		width = 1280
	}
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(int64(width), 900)}
	if o.noJS {
		steps = append(steps, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}
	// The first action creates the tab, which lives as long as that
	// action's context: so it runs on ctx itself, and a timer bounds the
	// wait instead of a deadline.
	errc := make(chan error, 1)
	go func() { errc <- chromedp.Do(ctx, steps...) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("open tab: %v", err)
		}
	case <-time.After(stepTimeout):
		cancel()
		t.Fatalf("open tab: not open within %v", stepTimeout)
	}
	return context.WithValue(ctx, noJSKey{}, o.noJS)
}

type noJSKey struct{}

func scriptsOff(ctx context.Context) bool {
	off, _ := ctx.Value(noJSKey{}).(bool)
	return off
}

// open navigates to a path of the site and waits for the design system's
// components to be ready (when scripts run).
func open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if err := do(ctx, chromedp.Navigate(site.url+path)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	waitReady(t, ctx)
}

// waitReady waits until the page has loaded and, when scripts run, every
// gcds-* element on it has hydrated and no animation is running.
func waitReady(t *testing.T, ctx context.Context) {
	t.Helper()
	if scriptsOff(ctx) {
		waitFor(t, ctx, "the page to load", `document.readyState === "complete"`)
		return
	}
	waitFor(t, ctx, "the design system's components", `(() => {
		if (document.readyState !== "complete") return false;
		const els = [...document.querySelectorAll("*")].filter(e => e.localName.startsWith("gcds-"));
		// gcds.css fades the body in; colours are only final once it ends.
		return els.every(e => e.classList.contains("hydrated")) &&
			document.getAnimations().every(a => a.playState !== "running");
	})()`)
}

// waitFor evaluates a script every 50 ms until it returns true, as one step
// (see stepTimeout). Errors while a page is being replaced (its context is
// gone) count as "not yet".
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	var lastErr error
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if err != nil && ctx.Err() == nil {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: not within %v: %v (last error: %v)", what, stepTimeout, ctx.Err(), lastErr)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// eval runs a script in the page and decodes its result.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := runAction(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

// location is the current URL's path and query.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `location.pathname + location.search`)
}

// axeSource is the vendored axe-core, read once.
var axeSource = func() string {
	b, err := os.ReadFile("testdata/axe-core/axe.min.js")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// violation is what axe reports for one rule.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// wcagTags are the axe rule tags of WCAG 2.1 levels A and AA.
const wcagTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]`

// checkAxe runs axe-core on the open page and fails the test for each
// violation of a WCAG 2.1 A or AA rule, naming the rule, the element and the page.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if !eval[bool](t, ctx, `typeof axe === "object"`) {
		if _, err := runAction(ctx, chromedp.Evaluate[*struct{}](axeSource+";null")); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
	}
	raw := eval[json.RawMessage](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: `+wcagTags+`}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))})))`)
	var vs []violation
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	for _, v := range vs {
		var b strings.Builder
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    element %v: %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		t.Errorf("%s: axe %s (%s): %s%s", page, v.ID, v.Impact, v.Help, b.String())
	}
}
