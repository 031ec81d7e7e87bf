package e2e_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

// The back office's pages pass axe in both interface languages: the
// sign-in page, then (signed in through the form, with the keyboard's
// Enter) the dashboard, staff list and audit log.
func TestBackOfficeAccessibility(t *testing.T) {
	needBrowser(t)
	ctx := newTab(t, tabOptions{})
	email := "axe-" + time.Now().Format("150405.000000") + "@example.gc.ca"
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
	// Answers, so that the feedback inbox's table and chart are checked too.
	for _, a := range []content.Answer{content.Yes, content.No} {
		if _, err := st.AddFeedback(t.Context(), content.Feedback{CreatedAt: time.Now(), Lang: content.English, Path: "/en/", Answer: a, Comment: "Axe <check>"}); err != nil {
			t.Fatal(err)
		}
	}
	// A pending invitation: its page is checked, and the staff page lists it.
	tok, tokHash := auth.NewToken()
	inv := content.Invitation{Email: "invited-" + email, Role: content.RoleEditor, Lang: content.French, CreatedAt: time.Now()}
	if _, err := st.CreateInvitation(t.Context(), inv, tokHash); err != nil {
		t.Fatal(err)
	}
	// A first revision of episode 1 (imports record none), for its history
	// and diff pages.
	ep, err := st.EpisodeByID(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if rs, err := st.Revisions(t.Context(), 1); err != nil {
		t.Fatal(err)
	} else if len(rs) == 0 {
		if _, err := st.SaveEpisode(t.Context(), ep, content.SaveInfo{BaseRevision: ep.Revision, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	for _, path := range []string{"/admin/sign-in", "/admin/sign-in?lang=fr", "/admin/invitations/" + tok, "/admin/invitations/" + tok + "?lang=en"} {
		open(t, ctx, path)
		checkAxe(t, ctx, path)
	}
	open(t, ctx, "/admin/sign-in")
	if err := do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password+"\r"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the dashboard", `location.pathname === "/admin/" && document.readyState === "complete"`)
	for _, path := range []string{"/admin/", "/admin/users", "/admin/audit", "/admin/banner", "/admin/feedback",
		"/admin/episodes", "/admin/episodes/new", "/admin/episodes/1", "/admin/episodes/1/publish", "/admin/episodes/1/revisions", "/admin/episodes/1/diff?from=0&to=1"} {
		open(t, ctx, path)
		checkAxe(t, ctx, path)
	}
	// Switch the interface to French and check again.
	clickAndWait(t, ctx, `document.querySelector('form[action="/admin/language"] button')`)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
		t.Fatalf("after switching: html lang %q", lang)
	}
	for _, path := range []string{"/admin/", "/admin/users", "/admin/audit", "/admin/banner", "/admin/feedback",
		"/admin/episodes", "/admin/episodes/new", "/admin/episodes/1", "/admin/episodes/1/publish", "/admin/episodes/1/revisions", "/admin/episodes/1/diff?from=0&to=1"} {
		open(t, ctx, path)
		checkAxe(t, ctx, path+" (fr)")
	}
	checkMediaPagesAxe(t, ctx)
}

// checkMediaPagesAxe checks the media library's list and file pages (with
// an image uploaded through the form) in French, then in English.
func checkMediaPagesAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "axe-image.png")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "/admin/media")
	checkAxe(t, ctx, "/admin/media (fr, empty)")
	if err := do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("media-file"), []string{file}),
		chromedp.SendKeys(chromedp.ID("media-alt-fr"), "Dégradé de couleurs"),
	); err != nil {
		t.Fatal(err)
	}
	clickAndWait(t, ctx, `document.querySelector('form[action="/admin/media"] button[type="submit"]')`)
	waitFor(t, ctx, "the uploaded file's page", `/^\/admin\/media\/[0-9]+$/.test(location.pathname) && document.readyState === "complete"`)
	item := eval[string](t, ctx, `location.pathname`)
	for _, lang := range []string{"fr", "en"} {
		if lang == "en" {
			clickAndWait(t, ctx, `document.querySelector('form[action="/admin/language"] button')`)
		}
		for _, path := range []string{"/admin/media", item} {
			open(t, ctx, path)
			checkAxe(t, ctx, path+" ("+lang+")")
		}
	}
}
