package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// emulateMedia makes the tab render for a media type ("print", or "" for
// the screen again).
func emulateMedia(t *testing.T, ctx context.Context, media string) {
	t.Helper()
	err := do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
	if err != nil {
		t.Fatalf("emulate media %q: %v", media, err)
	}
}

// printLeftOut are what an episode leaves out on paper: the GC header and
// footer (the design system's and the fallbacks without scripts), the
// banner, the navigation, the share links, the feedback tool, the related
// episodes and the "Mark as finished" button.
var printLeftOut = []string{
	"gcds-header", ".nojs-header", ".site-nav", ".site-notice", ".breadcrumbs", ".series-nav",
	".share", ".page-feedback", ".related", ".finished", "gcds-footer", ".site-footer",
}

// printStateJS reports, for the open page, which of the selectors have a
// rendered element, which buttons render, whether the article renders, and
// what follows a link to another site and a link within the site.
const printStateJS = `((sels) => ({
	shown: sels.filter(s => [...document.querySelectorAll(s)].some(el => el.checkVisibility())),
	buttons: [...document.querySelectorAll("button, .button")].filter(el => el.checkVisibility()).map(el => el.textContent.trim()),
	article: ["article.episode", "article.episode h1", "article.episode .prose"].every(s => document.querySelector(s)?.checkVisibility()),
	articleHeight: document.querySelector("article.episode")?.getBoundingClientRect().height ?? 0,
	external: (a => a ? {href: a.href, after: getComputedStyle(a, "::after").content} : null)(
		document.querySelector('article.episode .prose a[href^="https://"], article.episode .learn-more a[href^="https://"]')),
	internal: (a => a ? {href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content} : null)(
		document.querySelector('article.episode .episode-meta a[href^="/"]')),
}))(%s)`

type linkAfter struct{ Href, After string }

type printState struct {
	Shown         []string
	Buttons       []string
	Article       bool
	ArticleHeight float64
	External      *linkAfter
	Internal      *linkAfter
}

func readPrintState(t *testing.T, ctx context.Context) printState {
	t.Helper()
	quoted := make([]string, len(printLeftOut))
	for i, s := range printLeftOut {
		quoted[i] = jsQuote(s)
	}
	return eval[printState](t, ctx, strings.Replace(printStateJS, "%s", "["+strings.Join(quoted, ",")+"]", 1))
}

// An episode prints as the article: with print media, everything around it
// is left out, the article itself stays, and links to other sites show
// their address after their text. Both languages, with and without scripts.
func TestPrintEpisode(t *testing.T) {
	en, fr := printableEpisode(t)
	for _, noJS := range []bool{false, true} {
		name := map[bool]string{false: "scripts", true: "no-scripts"}[noJS]
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t, tabOptions{noJS: noJS})
			for _, path := range []string{en, fr} {
				emulateMedia(t, ctx, "")
				open(t, ctx, path)
				screen := readPrintState(t, ctx)
				// On screen the page has what print leaves out, so the check
				// below tests something (the fallbacks show only without
				// scripts, the components and the button only with them).
				for _, s := range printLeftOut {
					optional := map[string]bool{"gcds-header": noJS, "gcds-footer": noJS, ".finished": noJS,
						".nojs-header": !noJS, ".site-footer": !noJS}[s]
					if !optional && !contains(screen.Shown, s) {
						t.Errorf("%s: no %s on screen: the page changed?", path, s)
					}
				}
				if len(screen.Buttons) == 0 || !screen.Article || screen.External == nil || screen.Internal == nil {
					t.Fatalf("%s on screen: buttons %q, article %v, links %+v %+v: the page changed?",
						path, screen.Buttons, screen.Article, screen.External, screen.Internal)
				}

				emulateMedia(t, ctx, "print")
				paper := readPrintState(t, ctx)
				if len(paper.Shown) > 0 {
					t.Errorf("%s prints %v", path, paper.Shown)
				}
				if len(paper.Buttons) > 0 {
					t.Errorf("%s prints buttons %q", path, paper.Buttons)
				}
				if !paper.Article || paper.ArticleHeight < 200 {
					t.Errorf("%s does not print the article (rendered %v, %.0f px high)", path, paper.Article, paper.ArticleHeight)
				}
				if e := paper.External; e == nil || !strings.Contains(e.After, e.Href) {
					t.Errorf("%s: a link to another site prints without its address: %+v", path, e)
				}
				if i := paper.Internal; i == nil || i.After != "none" {
					t.Errorf("%s: a link within the site prints with something after it: %+v", path, i)
				}
			}
			emulateMedia(t, ctx, "")
		})
	}
}

// printableEpisode is an English episode with everything print leaves out
// (series navigation, related episodes) and a link to another site in its
// text, and its French counterpart.
func printableEpisode(t *testing.T) (en, fr string) {
	t.Helper()
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/en/")
	hrefs := eval[[]string](t, ctx, `[...document.querySelectorAll(".card-title a")].map(a => a.getAttribute("href"))`)
	for _, href := range hrefs {
		open(t, ctx, href)
		ok := eval[bool](t, ctx, `!!(document.querySelector(".series-nav") && document.querySelector(".related") &&
			document.querySelector('article.episode .prose a[href^="https://"], article.episode .learn-more a[href^="https://"]'))`)
		if alt := toggleHref(t, ctx); ok && strings.HasPrefix(alt, "/fr/episodes/") {
			return href, alt
		}
	}
	t.Fatalf("no episode on /en/ has series navigation, related episodes, a link to another site and a French version: %v", hrefs)
	return "", ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// A Listen episode prints its transcript in full, even closed on screen,
// and leaves out the player.
func TestPrintTranscript(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/en/?kind=listen")
	clickAndWait(t, ctx, `document.querySelector('.card-title a')`)
	const state = `({transcript: document.querySelector(".transcript .prose")?.checkVisibility() ?? false,
		open: document.querySelector(".transcript")?.open ?? false,
		player: document.querySelector(".player")?.checkVisibility() ?? false})`
	type transcriptState struct{ Transcript, Open, Player bool }
	if got := eval[transcriptState](t, ctx, state); got.Transcript || got.Open || !got.Player {
		t.Fatalf("on screen: %+v, want a closed transcript and a player: the page changed?", got)
	}
	emulateMedia(t, ctx, "print")
	defer emulateMedia(t, ctx, "")
	if got := eval[transcriptState](t, ctx, state); !got.Transcript || got.Player {
		t.Errorf("in print: %+v, want the transcript and no player", got)
	}
}
