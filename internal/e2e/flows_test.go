package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// clickAndWait clicks an element (by a script returning it) and waits for
// the page that follows to load.
func clickAndWait(t *testing.T, ctx context.Context, elementJS string) {
	t.Helper()
	before := eval[string](t, ctx, `location.href`)
	if _, err := runAction(ctx, chromedp.Evaluate[bool](`(() => { const el = `+elementJS+`; el.click(); return true; })()`)); err != nil {
		t.Fatalf("click %s: %v", elementJS, err)
	}
	waitFor(t, ctx, "navigation from "+before, `location.href !== `+jsQuote(before)+` && document.readyState === "complete"`)
	waitReady(t, ctx)
}

// deepQuery is a script finding the first element matching a CSS selector,
// looking inside open shadow roots too.
func deepQuery(selector string) string {
	return `(function find(root) {
		const hit = root.querySelector(` + jsQuote(selector) + `);
		if (hit) return hit;
		for (const el of root.querySelectorAll("*")) {
			if (el.shadowRoot) { const h = find(el.shadowRoot); if (h) return h; }
		}
		return null;
	})(document)`
}

func jsQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// storedFeedback returns the newest stored feedback rows, read from the
// running server's database.
func storedFeedback(t *testing.T) []content.Feedback {
	t.Helper()
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, _, err := st.FeedbackInbox(t.Context(), store.FeedbackFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func findFeedback(t *testing.T, marker string) *content.Feedback {
	t.Helper()
	for _, f := range storedFeedback(t) {
		if strings.Contains(f.Comment, marker) {
			return &f
		}
	}
	return nil
}

// A reader chooses French on the splash page; the choice is remembered.
func TestSplashChoiceIsRemembered(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/")
	clickAndWait(t, ctx, `document.querySelector('.splash-side[lang="fr-CA"] a')`)
	if got := location(t, ctx); got != "/fr/" {
		t.Fatalf("after choosing Français: %s, want /fr/", got)
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
		t.Fatalf("html lang %q", lang)
	}
	open(t, ctx, "/")
	if got := location(t, ctx); got != "/fr/" {
		t.Fatalf("coming back to /: %s, want /fr/ (choice not remembered)", got)
	}
}

// The design system's language toggle on an episode lands on its
// counterpart, and back.
func TestToggleLandsOnCounterpart(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	// The original site's address of episode 41 redirects to its page.
	open(t, ctx, "/en/ep-41-en/")
	en := location(t, ctx)
	if en != "/en/episodes/digital-nations-2020" {
		t.Fatalf("/en/ep-41-en/ led to %s", en)
	}
	// The toggle's link sits inside nested shadow roots of the design system.
	toggle := func() string { return deepQuery(`a[href="` + toggleHref(t, ctx) + `"]`) }
	want := toggleHref(t, ctx)
	clickAndWait(t, ctx, toggle())
	fr := location(t, ctx)
	if fr != want || !strings.HasPrefix(fr, "/fr/") {
		t.Fatalf("toggle led to %s, want %s", fr, want)
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
		t.Fatalf("counterpart html lang %q", lang)
	}
	if label := eval[string](t, ctx, `(el => el.textContent.trim() || el.getRootNode().host.textContent.trim())(`+toggle()+`)`); !strings.Contains(label, "English") {
		t.Fatalf("French page's toggle reads %q", label)
	}
	clickAndWait(t, ctx, toggle())
	if back := location(t, ctx); back != en {
		t.Fatalf("toggling back led to %s, want %s", back, en)
	}

	// An episode not yet written in French: the toggle lands on the French
	// home page, which says so in French.
	open(t, ctx, "/en/?kind=read")
	clickAndWait(t, ctx, `[...document.querySelectorAll('.card-title a')].find(a => a.href.includes('greener-digital-services'))`)
	clickAndWait(t, ctx, toggle())
	if got := location(t, ctx); got != "/fr/?notice=untranslated" {
		t.Fatalf("untranslated episode's toggle led to %s", got)
	}
	if notice := eval[string](t, ctx, `document.querySelector('.flash')?.textContent ?? ""`); !strings.Contains(notice, "pas encore offerte en français") {
		t.Fatalf("notice %q", notice)
	}
}

// Answering "No" with a comment, with the mouse and scripts on: "No" is
// stored at once and the comment box opens in place, the thanks appear in
// the page's language, and the comment goes to the same row with personal
// information redacted.
func TestFeedbackNoWithComment(t *testing.T) {
	for _, tc := range []struct{ lang, recorded, thanks string }{
		{"en", "Thank you. Your answer has been recorded.", "Thank you for your feedback."},
		{"fr", "Merci. Votre réponse a été enregistrée.", "Merci de vos commentaires."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := newTab(t, tabOptions{})
			open(t, ctx, "/"+tc.lang+"/?kind=read")
			clickAndWait(t, ctx, `document.querySelector('.card-title a')`)
			page := location(t, ctx)
			before := feedbackOn(t, page)
			if _, err := runAction(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-feedback-no]').click(), true`)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the comment box", `!document.querySelector('[data-feedback-details]').hidden`)
			if got := location(t, ctx); got != page {
				t.Fatalf("with scripts, No should open the box in place; went to %s", got)
			}
			if got := eval[string](t, ctx, `document.querySelector('[data-feedback-recorded]').textContent`); got != tc.recorded {
				t.Errorf("recorded %q, want %q", got, tc.recorded)
			}
			rows := feedbackOn(t, page)
			if len(rows) != len(before)+1 || rows[0].Answer != content.No || rows[0].Comment != "" {
				t.Fatalf("after No: %d rows (before %d), newest %+v", len(rows), len(before), rows[0])
			}
			marker := "browser-" + tc.lang + "-" + time.Now().Format("150405.000000")
			comment := "Missing an example " + marker + " — write to pat@example.com"
			if err := do(ctx, chromedp.SendKeys(chromedp.ID("feedback-comment"), comment)); err != nil {
				t.Fatal(err)
			}
			if _, err := runAction(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-feedback-details] button[type=submit]').click(), true`)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the thanks", `(document.querySelector('.feedback-thanks')?.textContent ?? "").includes(`+jsQuote(tc.thanks)+`)`)
			f := findFeedback(t, marker)
			if f == nil {
				t.Fatal("the thanks showed but no row holds the comment")
			}
			if f.ID != rows[0].ID || f.Lang != content.Lang(tc.lang) || f.Answer != content.No || f.Path != page || strings.Contains(f.Comment, "pat@example.com") || !strings.Contains(f.Comment, "###") {
				t.Fatalf("stored row: %+v (the No was %d)", f, rows[0].ID)
			}
		})
	}
}

// feedbackOn returns the stored feedback rows about page, newest first.
func feedbackOn(t *testing.T, page string) []content.Feedback {
	t.Helper()
	var out []content.Feedback
	for _, f := range storedFeedback(t) {
		if f.Path == page {
			out = append(out, f)
		}
	}
	return out
}

// countPosts makes the page count the requests its scripts send; fail
// makes the next one fail as given: "network" (no answer at all) or
// "html" (a server error page instead of JSON).
const countPosts = `(() => {
	if (window.__posts !== undefined) return true;
	window.__posts = 0;
	window.__fail = "";
	const real = window.fetch;
	window.fetch = (...args) => {
		window.__posts++;
		const fail = window.__fail;
		window.__fail = "";
		if (fail === "network") return Promise.reject(new TypeError("Failed to fetch"));
		if (fail === "html") return Promise.resolve(new Response("<!doctype html><title>Error</title>", {status: 502, headers: {"Content-Type": "text/html"}}));
		// A slow answer, so that a second click lands while the first waits.
		return new Promise((resolve) => setTimeout(resolve, 300)).then(() => real(...args));
	};
	return true;
})()`

// With scripts, on a page that is not an episode: "No" counts without a
// comment; a double click sends one answer; a failed answer (no network, an
// error page instead of JSON, a refusal in JSON) shows an error in the
// page's language and sends nothing else; the comment, clicked twice, is
// sent once, and the thanks say that personal information was removed.
func TestFeedbackScripted(t *testing.T) {
	for _, tc := range []struct{ lang, page, failed, tooLong, thanks, redacted string }{
		{"en", "/en/glossary", "Your feedback could not be sent. Please try again.", "301 characters",
			"Thank you for your feedback.", "We removed what looked like personal information"},
		{"fr", "/fr/glossaire", "Vos commentaires n’ont pas pu être envoyés. Veuillez réessayer.", "301\u00a0caractères",
			"Merci de vos commentaires.", "Nous avons retiré ce qui semblait être des renseignements personnels"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := newTab(t, tabOptions{})
			open(t, ctx, tc.page)
			eval[bool](t, ctx, countPosts)
			before := feedbackOn(t, tc.page)
			errorShown := func(want string) {
				t.Helper()
				waitFor(t, ctx, "the error", `!document.querySelector('[data-feedback-error]').hidden`)
				if got := eval[string](t, ctx, `document.querySelector('[data-feedback-message]').textContent`); !strings.Contains(got, want) {
					t.Errorf("error %q, want %q", got, want)
				}
				if got := location(t, ctx); got != tc.page {
					t.Errorf("the page went to %s", got)
				}
			}

			// No network: an error, nothing stored, the question still there.
			eval[bool](t, ctx, `window.__fail = "network", document.querySelector('[data-feedback-no]').click(), true`)
			errorShown(tc.failed)
			if n := len(feedbackOn(t, tc.page)); n != len(before) {
				t.Fatalf("%d rows after a failed No, want %d", n, len(before))
			}
			// "No" clicked twice: one answer, stored without a comment.
			eval[bool](t, ctx, `window.__posts = 0, document.querySelector('[data-feedback-no]').click(), document.querySelector('[data-feedback-no]').click(), true`)
			waitFor(t, ctx, "the comment box", `!document.querySelector('[data-feedback-details]').hidden && document.activeElement?.id === "feedback-comment"`)
			if n := eval[int](t, ctx, `window.__posts`); n != 1 {
				t.Errorf("No clicked twice sent %d requests, want 1", n)
			}
			if !eval[bool](t, ctx, `document.querySelector('[data-feedback-error]').hidden && !document.querySelector('[data-feedback-question]')`) {
				t.Errorf("the error or the question still shows after the answer")
			}
			rows := feedbackOn(t, tc.page)
			if len(rows) != len(before)+1 || rows[0].Answer != content.No || rows[0].Comment != "" || rows[0].Lang != content.Lang(tc.lang) {
				t.Fatalf("after No: %d rows (before %d): %+v", len(rows), len(before), rows)
			}
			no := rows[0]

			// An error page instead of JSON: an error in the page's language,
			// the comment kept, nothing posted again.
			if err := do(ctx, chromedp.SetValue(chromedp.ID("feedback-comment"), "Lost in transit")); err != nil {
				t.Fatal(err)
			}
			eval[bool](t, ctx, `window.__posts = 0, window.__fail = "html", document.querySelector('[data-feedback-details] button[type=submit]').click(), true`)
			errorShown(tc.failed)
			if n := eval[int](t, ctx, `window.__posts`); n != 1 {
				t.Errorf("a failed comment made %d requests, want 1 (no second post)", n)
			}
			if kept := eval[string](t, ctx, `document.getElementById('feedback-comment').value`); kept != "Lost in transit" {
				t.Errorf("comment not kept: %q", kept)
			}
			// The server refuses in JSON: its message, in the page's language.
			if err := do(ctx, chromedp.SetValue(chromedp.ID("feedback-comment"), strings.Repeat("é", 301))); err != nil {
				t.Fatal(err)
			}
			eval[bool](t, ctx, `document.querySelector('[data-feedback-error]').hidden = true, document.querySelector('[data-feedback-details] button[type=submit]').click(), true`)
			errorShown(tc.tooLong)
			if got := eval[string](t, ctx, `document.getElementById('feedback-comment').getAttribute('aria-invalid') ?? ""`); got != "true" {
				t.Errorf("aria-invalid %q on the refused comment", got)
			}

			// The comment, clicked twice: sent once, to the No's row.
			marker := "scripted-" + tc.lang + "-" + time.Now().Format("150405.000000")
			if err := do(ctx, chromedp.SetValue(chromedp.ID("feedback-comment"), "Call me at 613-555-0199 "+marker)); err != nil {
				t.Fatal(err)
			}
			eval[bool](t, ctx, `window.__posts = 0, document.querySelector('[data-feedback-details] button[type=submit]').click(), document.querySelector('[data-feedback-details] button[type=submit]').click(), true`)
			waitFor(t, ctx, "the thanks", `(document.querySelector('.feedback-thanks')?.textContent ?? "").includes(`+jsQuote(tc.thanks)+`)`)
			if n := eval[int](t, ctx, `window.__posts`); n != 1 {
				t.Errorf("the comment clicked twice sent %d requests, want 1", n)
			}
			if text := eval[string](t, ctx, `document.querySelector('.feedback-thanks').textContent`); !strings.Contains(text, tc.redacted) {
				t.Errorf("thanks %q: no note about the removed information", text)
			}
			if eval[bool](t, ctx, `!!document.querySelector('[data-feedback-details], [data-feedback-error]')`) {
				t.Errorf("the comment box or the error is still there after the thanks")
			}
			f := findFeedback(t, marker)
			if f == nil || f.ID != no.ID || !strings.Contains(f.Comment, "###") || strings.Contains(f.Comment, "0199") || !f.Redacted {
				t.Fatalf("stored %+v, want the No's row (%d) with the comment redacted", f, no.ID)
			}
			if n := len(feedbackOn(t, tc.page)); n != len(before)+1 {
				t.Errorf("%d rows, want %d: one answer", n, len(before)+1)
			}
		})
	}
}

// focusInfo describes the focused element, looking through shadow roots,
// and whether its focus is visible (an outline or a box shadow).
const focusInfo = `(() => {
	let el = document.activeElement, host = null;
	while (el && el.shadowRoot && el.shadowRoot.activeElement) { host = el; el = el.shadowRoot.activeElement; }
	if (!el || el === document.body) return {tag: "", text: "", visible: true, id: ""};
	// A link inside a component shows its host's slotted text.
	const text = (el.textContent || el.value || "").trim() || (el.getRootNode().host?.textContent ?? "").trim();
	const cs = getComputedStyle(el);
	const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
	const shadow = cs.boxShadow && cs.boxShadow !== "none";
	const bg = cs.backgroundColor;
	return {tag: el.localName, text: text.slice(0, 60), id: el.id,
		visible: outline || shadow || el.matches(":focus-visible") && bg !== "rgba(0, 0, 0, 0)",
		no: !!el.closest("[data-feedback-no]"), submit: !!el.closest("[data-feedback-details]") && el.type === "submit"};
})()`

type focused struct {
	Tag, Text, ID string
	Visible       bool
	No, Submit    bool
}

// tabTo presses Tab until done(focus) or limit presses, checking that every
// focused element shows its focus.
func tabTo(t *testing.T, ctx context.Context, limit int, done func(focused) bool) {
	t.Helper()
	for range limit {
		if err := do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f := eval[focused](t, ctx, focusInfo)
		if f.Tag != "" && !f.Visible {
			t.Errorf("focus is not visible on <%s> %q", f.Tag, f.Text)
		}
		if done(f) {
			return
		}
	}
	t.Fatalf("not reached within %d presses of Tab", limit)
}

// The same flow with the keyboard only: the skip link comes first, focus is
// always visible, "No" opens the box, and Enter sends the comment.
func TestFeedbackWithKeyboardOnly(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/fr/?kind=read")
	clickAndWait(t, ctx, `document.querySelector('.card-title a')`)

	if err := do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if first := eval[focused](t, ctx, focusInfo); !strings.Contains(first.Text, "Passer au contenu principal") {
		t.Fatalf("first Tab focuses %q, want the skip link", first.Text)
	}
	tabTo(t, ctx, 150, func(f focused) bool { return f.No })
	if err := do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the comment box with focus", `document.activeElement?.id === "feedback-comment"`)
	marker := "clavier-" + time.Now().Format("150405.000000")
	if err := do(ctx, chromedp.KeyEvent("Il manque la transcription "+marker)); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, 5, func(f focused) bool { return f.Submit })
	if err := do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the thanks", `(document.querySelector('.feedback-thanks')?.textContent ?? "").includes("Merci de vos commentaires.")`)
	if f := findFeedback(t, marker); f == nil || f.Lang != content.French {
		t.Fatalf("stored row: %+v", f)
	}
}

// Without JavaScript: the fallback header toggles language, "No" is stored
// and opens the comment box on a new page, a too-long comment is refused
// with the text kept, and a good one goes to the same row and ends on the
// thanks.
func TestWithoutJavaScript(t *testing.T) {
	ctx := newTab(t, tabOptions{noJS: true})
	open(t, ctx, "/en/?kind=read")
	if got := eval[string](t, ctx, `document.querySelector('.nojs-header .lang-toggle')?.getAttribute('href') ?? ""`); got != "/fr/?kind=read" {
		t.Fatalf("no-script toggle href %q, want /fr/?kind=read", got)
	}
	clickAndWait(t, ctx, `document.querySelector('.card-title a')`)
	page := location(t, ctx)
	if visible := eval[bool](t, ctx, `!!document.querySelector('.nojs-header .lang-toggle')?.offsetParent`); !visible {
		t.Fatal("the no-script language toggle is not visible")
	}

	before := feedbackOn(t, page)
	clickAndWait(t, ctx, `document.querySelector('[data-feedback-no]')`)
	if got := location(t, ctx); !strings.HasPrefix(got, page+"?feedback=no&t=") {
		t.Fatalf("No led to %s", got)
	}
	if hidden := eval[bool](t, ctx, `document.querySelector('[data-feedback-details]').hidden`); hidden {
		t.Fatal("the comment box is hidden after No")
	}
	if got := eval[string](t, ctx, `document.querySelector('[data-feedback-recorded]').textContent`); got != "Thank you. Your answer has been recorded." {
		t.Errorf("recorded %q", got)
	}
	// The answer counts already, without a comment.
	rows := feedbackOn(t, page)
	if len(rows) != len(before)+1 || rows[0].Answer != content.No || rows[0].Comment != "" {
		t.Fatalf("after No: %d rows (before %d)", len(rows), len(before))
	}
	long := strings.Repeat("é", 301)
	if err := do(ctx, chromedp.SetValue(chromedp.ID("feedback-comment"), long)); err != nil {
		t.Fatal(err)
	}
	clickAndWait(t, ctx, `document.querySelector('[data-feedback-details] button[type=submit]')`)
	if msg := eval[string](t, ctx, `document.querySelector('[data-feedback-message]').textContent`); !strings.Contains(msg, "301 characters") {
		t.Fatalf("error message %q", msg)
	}
	if kept := eval[string](t, ctx, `document.getElementById('feedback-comment').value`); kept != long {
		t.Fatalf("the typed text was not kept (%d characters)", len([]rune(kept)))
	}
	marker := "nojs-" + time.Now().Format("150405.000000")
	if err := do(ctx, chromedp.SetValue(chromedp.ID("feedback-comment"), "Shorter now "+marker)); err != nil {
		t.Fatal(err)
	}
	clickAndWait(t, ctx, `document.querySelector('[data-feedback-details] button[type=submit]')`)
	if got := location(t, ctx); got != page+"?feedback=thanks" {
		t.Fatalf("after sending: %s", got)
	}
	if text := eval[string](t, ctx, `document.querySelector('.feedback-thanks').textContent`); !strings.Contains(text, "Thank you for your feedback.") {
		t.Fatalf("thanks text %q", text)
	}
	if f := findFeedback(t, marker); f == nil || f.ID != rows[0].ID {
		t.Fatalf("stored %+v, want the comment on the No's row %d", f, rows[0].ID)
	}
	if n := len(feedbackOn(t, page)); n != len(before)+1 {
		t.Errorf("%d rows, want %d: one answer", n, len(before)+1)
	}
}
