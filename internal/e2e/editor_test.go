package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

// TestEpisodeEditorLayout: the editor shows English and French side by
// side on a wide screen and stacked at 320 px without sideways scrolling,
// and its Preview button works without JavaScript.
func TestEpisodeEditorLayout(t *testing.T) {
	needBrowser(t)
	email := "editor-" + time.Now().Format("150405.000000") + "@example.gc.ca"
	const password = "a long enough passphrase"
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.Hash(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(t.Context(), content.User{Email: email, Name: "Layout Editor", Role: content.RoleEditor, Lang: content.English}, hash); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// columns reports whether the French column sits beside the English one.
	const sideBySide = `(() => {
		const c = document.querySelectorAll(".episode-column");
		const a = c[0].getBoundingClientRect(), b = c[1].getBoundingClientRect();
		return b.top < a.bottom && b.left >= a.right;
	})()`
	for _, tc := range []struct {
		width int
		noJS  bool
		side  bool
	}{{1280, true, true}, {320, false, false}} {
		ctx := newTab(t, tabOptions{width: tc.width, noJS: tc.noJS})
		open(t, ctx, "/admin/sign-in")
		if err := do(ctx,
			chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.SendKeys(chromedp.ID("password"), password+"\r"),
		); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the dashboard", `location.pathname === "/admin/" && document.readyState === "complete"`)
		open(t, ctx, "/admin/episodes/1")
		if got := eval[bool](t, ctx, sideBySide); got != tc.side {
			t.Errorf("at %d px: side by side %t, want %t", tc.width, got, tc.side)
		}
		// The French text is marked French; the interface around it is in
		// the interface's language (no lang on the column).
		if lang := eval[string](t, ctx, `document.getElementById("f-fr-title").lang + "|" + document.getElementById("f-fr-body").lang + "|" + document.querySelectorAll(".episode-column")[1].lang`); lang != "fr-CA|fr-CA|" {
			t.Errorf("lang of the French title, body and column: %q, want fr-CA, fr-CA and none", lang)
		}
		if o := eval[overflow](t, ctx, overflowJS); o.Scroll > o.Width {
			t.Errorf("the editor scrolls sideways at %d px: %s", tc.width, strings.Join(o.Culprits, ", "))
		}
		if tc.noJS {
			// The preview posts to the same address: wait for its content.
			if _, err := runAction(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector('button[name="do"][value="preview"]').click(); return true; })()`)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the preview", `document.querySelectorAll(".preview-body").length >= 2`)
			if n := eval[int](t, ctx, `document.querySelectorAll(".preview-body p").length`); n == 0 {
				t.Error("the preview shows no rendered paragraph")
			}
		}
	}
}
