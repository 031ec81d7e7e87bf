package e2e_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

// The topic, series, author, redirect and settings pages of the back office
// pass axe in both interface languages, forms with errors included.
func TestTaxonomyPagesAccessibility(t *testing.T) {
	needBrowser(t)
	ctx := newTab(t, tabOptions{})
	email := "axe-tax-" + time.Now().Format("150405.000000") + "@example.gc.ca"
	const password = "a long enough passphrase"
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.Hash(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(t.Context(), content.User{Email: email, Name: "Axe Admin", Role: content.RoleAdministrator, Lang: content.English}, hash); err != nil {
		t.Fatal(err)
	}
	topics, err := st.Topics(t.Context())
	if err != nil || len(topics) == 0 {
		t.Fatalf("topics: %v", err)
	}
	series, err := st.SeriesList(t.Context())
	if err != nil || len(series) == 0 {
		t.Fatalf("series: %v", err)
	}
	authors, err := st.Authors(t.Context())
	if err != nil || len(authors) == 0 {
		t.Fatalf("authors: %v", err)
	}
	rid, err := st.SavePathRedirect(t.Context(), content.PathRedirect{Path: "/en/axe-old-" + strconv.FormatInt(time.Now().UnixNano(), 10), Target: "/en/"}, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	gid, err := st.CreateGlossaryTerm(t.Context(), content.GlossaryTerm{Terms: content.Bilingual{EN: "Axe term " + strconv.FormatInt(time.Now().UnixNano(), 10), FR: "Terme axe " + strconv.FormatInt(time.Now().UnixNano(), 10)},
		Definitions: content.Bilingual{EN: "Checked by axe.", FR: "Vérifié par axe."}}, time.Now())
	if err != nil {
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
	pages := []string{
		"/admin/topics", "/admin/topics/new", "/admin/topics/" + strconv.FormatInt(topics[0].ID, 10),
		"/admin/series", "/admin/series/new", "/admin/series/" + strconv.FormatInt(series[0].ID, 10),
		"/admin/authors", "/admin/authors/new", "/admin/authors/" + strconv.FormatInt(authors[0].ID, 10),
		"/admin/redirects", "/admin/redirects/new", "/admin/redirects/import", "/admin/redirects/" + strconv.FormatInt(rid, 10),
		"/admin/settings",
		"/admin/glossary", "/admin/glossary/new", "/admin/glossary/" + strconv.FormatInt(gid, 10),
	}
	check := func(suffix string) {
		for _, path := range pages {
			open(t, ctx, path)
			checkAxe(t, ctx, path+suffix)
		}
		// A form sent empty comes back with its errors next to the fields.
		open(t, ctx, "/admin/topics/new")
		clickAndWait(t, ctx, `document.querySelector('main form button[type="submit"]')`)
		checkAxe(t, ctx, "/admin/topics (errors)"+suffix)
		// The author form's errors, around its group of radio buttons
		// (the French noun).
		open(t, ctx, "/admin/authors/new")
		clickAndWait(t, ctx, `document.querySelector('main form button[type="submit"]')`)
		checkAxe(t, ctx, "/admin/authors (errors)"+suffix)
		open(t, ctx, "/admin/glossary/new?axe=1") // the form posts to the path without the query
		clickAndWait(t, ctx, `document.querySelector('main form button[type="submit"]')`)
		checkAxe(t, ctx, "/admin/glossary (errors)"+suffix)
		open(t, ctx, "/admin/redirects/import?axe=1") // the form posts to the path without the query
		clickAndWait(t, ctx, `document.querySelector('main form button[type="submit"]')`)
		checkAxe(t, ctx, "/admin/redirects/import (errors)"+suffix)
	}
	check("")
	clickAndWait(t, ctx, `document.querySelector('form[action="/admin/language"] button')`)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
		t.Fatalf("after switching: html lang %q", lang)
	}
	check(" (fr)")
}
