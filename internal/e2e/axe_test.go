package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// pageSet lists one page of each public type, found by following the site's
// own links so the test follows the demo content rather than hard-coding it.
func pageSet(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	first := func(path, selector string) string {
		open(t, ctx, path)
		href := eval[string](t, ctx, `document.querySelector(`+strconv.Quote(selector)+`)?.getAttribute("href") ?? ""`)
		if href == "" {
			t.Fatalf("no %s on %s", selector, path)
		}
		return href
	}
	read := first("/en/?kind=read", ".card-title a")
	return map[string]string{
		"home":              "/en/",
		"episode-read":      read,
		"episode-listen":    first("/en/?kind=listen", ".card-title a"),
		"episode-watch":     first("/en/?kind=watch", ".card-title a"),
		"topics":            "/en/topics",
		"topic":             first("/en/topics", ".index-list a"),
		"authors":           "/en/authors",
		"author":            first("/en/authors", ".index-list a"),
		"series-index":      "/en/series",
		"series":            first("/en/series", ".index-list a"),
		"privacy":           "/en/privacy",
		"glossary":          "/en/glossary",
		"site-page-about":   "/en/about",
		"site-page-contact": "/en/contact",
		"site-page-terms":   "/en/terms",
		"subscribe":         "/en/subscribe",
		"not-found":         "/en/no-such-page",
		"feedback-comment":  read + "?feedback=no&t=axe-axe-axe-axe-axe-axe",
		"feedback-thanks":   read + "?feedback=thanks&redacted=1",
		"untranslated":      "/en/?notice=untranslated",
		"search":            "/en/search?q=data",
		"search-no-match":   "/en/search?q=governmnet",
		// Results for some of the words; a pointer to the French results.
		"search-partial":    "/en/search?q=data+quantum",
		"search-other-lang": "/en/search?q=litt%C3%A9ratie",
		"ride":              "/en/ride?minutes=10",
		"ride-error":        "/en/ride?minutes=0",
		"transcript":        first("/en/?kind=listen", ".card-title a") + "/transcript",
	}
}

// toggleHref is where the open page's language toggle leads.
func toggleHref(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector("gcds-header").getAttribute("lang-href")`)
}

// TestAccessibility runs axe-core on every public page type in both
// languages, and on the splash page: 0 violations of the WCAG 2.1 A and AA
// rules. A violation names the rule, the element and the page.
func TestAccessibility(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/")
	checkAxe(t, ctx, "/")

	for name, en := range pageSet(t, ctx) {
		t.Run(name, func(t *testing.T) {
			open(t, ctx, en)
			checkAxe(t, ctx, en)

			fr := toggleHref(t, ctx)
			switch {
			case name == "not-found":
				fr = "/fr/page-introuvable"
			case name == "untranslated":
				fr = "/fr/?notice=untranslated"
			case strings.Contains(en, "?feedback="):
				fr += en[strings.Index(en, "?"):]
			}
			open(t, ctx, fr)
			if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
				t.Fatalf("%s: html lang %q, want fr-CA", fr, lang)
			}
			checkAxe(t, ctx, fr)
		})
	}
}
