package e2e_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

// footerLinkJS finds the link to href in gcds-footer's rendering (inside
// its shadow roots), or null.
func footerLinkJS(href string) string {
	return `(function find(root) {
		if (!root) return null;
		const hit = root.querySelector('a[href="` + href + `"]');
		if (hit) return hit;
		for (const el of root.querySelectorAll("*")) {
			if (el.shadowRoot) { const h = find(el.shadowRoot); if (h) return h; }
		}
		return null;
	})(document.querySelector("gcds-footer")?.shadowRoot)`
}

// The footer's Terms and conditions (« Avis »), About and Contact links
// lead to the site pages, as drawn by gcds-footer with scripts and in the
// footer without them; following "Terms and conditions" opens the terms,
// whose toggle leads to « Avis ».
func TestFooterSitePagesInBrowser(t *testing.T) {
	want := map[string][]string{
		"/en/": {"/en/terms", "/en/about", "/en/contact", "/en/privacy", "/en/glossary"},
		"/fr/": {"/fr/avis", "/fr/a-propos", "/fr/contact", "/fr/confidentialite", "/fr/glossaire"},
	}
	ctx := newTab(t, tabOptions{})
	noJS := newTab(t, tabOptions{noJS: true})
	for page, hrefs := range want {
		open(t, ctx, page)
		open(t, noJS, page)
		for _, href := range hrefs {
			if !eval[bool](t, ctx, footerLinkJS(href)+` !== null`) {
				t.Errorf("%s: gcds-footer does not link %s", page, href)
			}
			if !eval[bool](t, noJS, `document.querySelector('.site-footer a[href="`+href+`"]') !== null`) {
				t.Errorf("%s: the footer without scripts does not link %s", page, href)
			}
		}
	}
	open(t, ctx, "/en/")
	clickAndWait(t, ctx, footerLinkJS("/en/terms"))
	if got := location(t, ctx); got != "/en/terms" {
		t.Fatalf("after Terms and conditions: %s", got)
	}
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Terms and conditions" {
		t.Errorf("h1 %q", h1)
	}
	if got := toggleHref(t, ctx); got != "/fr/avis" {
		t.Errorf("toggle %q, want /fr/avis", got)
	}
}

// The site pages' back office passes axe in both interface languages: the
// list, the editor, the editor with errors, the history and a diff.
func TestSitePagesAdminAccessibility(t *testing.T) {
	needBrowser(t)
	ctx := newTab(t, tabOptions{})
	email := "axe-pages-" + time.Now().Format("150405.000000") + "@example.gc.ca"
	const password = "a long enough passphrase"
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.Hash(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(t.Context(), content.User{Email: email, Name: "Axe Editor", Role: content.RoleEditor, Lang: content.English}, hash); err != nil {
		t.Fatal(err)
	}
	st.Close()

	open(t, ctx, "/admin/sign-in")
	if err := do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password+"\r"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the dashboard", `location.pathname === "/admin/" && document.readyState === "complete"`)
	pages := []string{"/admin/site-pages", "/admin/site-pages/terms", "/admin/site-pages/terms/revisions", "/admin/site-pages/terms/diff?from=0&to=1"}
	check := func(suffix string) {
		for _, path := range pages {
			open(t, ctx, path)
			checkAxe(t, ctx, path+suffix)
		}
		// The editor sent back with an error: the English title emptied.
		open(t, ctx, "/admin/site-pages/about?axe=1") // the form posts to the path without the query
		if _, err := runAction(ctx, chromedp.Evaluate[bool](`(() => { document.getElementById("f-en-title").value = ""; return true; })()`)); err != nil {
			t.Fatal(err)
		}
		clickAndWait(t, ctx, `document.querySelector('main form button[value="save"]')`)
		if !eval[bool](t, ctx, `document.querySelector(".error-summary") !== null && document.getElementById("f-en-title").getAttribute("aria-invalid") === "true"`) {
			t.Fatalf("the editor did not come back with its error")
		}
		checkAxe(t, ctx, "/admin/site-pages/about (errors)"+suffix)
	}
	check("")
	clickAndWait(t, ctx, `document.querySelector('form[action="/admin/language"] button')`)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
		t.Fatalf("after switching: html lang %q", lang)
	}
	check(" (fr)")
}
