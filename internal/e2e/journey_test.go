package e2e_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
)

// TestNewEditorJourney is the back office tried as a new user would, in
// one browser tab with assertions at every step: the first administrator
// is created with the command line (the same code path as `busrides user
// add`, password on stdin), signs in through the form, writes an episode
// in English and French, sees the French marked "Needs an update" after a
// substantive change to the English (in the list and in the editor),
// brings the French in line, publishes, finds both pages on the public
// site linked by the language toggle, schedules a second episode, answers
// the page feedback question on the public page, reads the answer in the
// feedback inbox and downloads it as CSV.
func TestNewEditorJourney(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	// Letters only: digits in a feedback comment could be taken for a
	// telephone number and redacted.
	marker := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return 'a' + (r - '0')
		}
		return r
	}, time.Now().Format("150405.000000"))
	marker = strings.ReplaceAll(marker, ".", "x")
	email := "first-admin-" + marker + "@example.gc.ca"
	const password = "correct horse battery staple"

	// 1. The first administrator, with the command line.
	var out, errb bytes.Buffer
	code := app.MainIO(t.Context(), []string{"user", "add", "--email", email, "--role", "administrator",
		"--name", "Robin Tremblay", "--lang", "en", "--database", site.db},
		strings.NewReader(password+"\n"), &out, &errb, func(string) string { return "" })
	if code != 0 || !strings.Contains(out.String(), "Created administrator "+email) {
		t.Fatalf("busrides user add: exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}

	// 2. Sign in through the form.
	open(t, ctx, "/admin/")
	if got := location(t, ctx); !strings.HasPrefix(got, "/admin/sign-in") {
		t.Fatalf("signed out, /admin/ should lead to the sign-in page; went to %s", got)
	}
	if err := do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
	); err != nil {
		t.Fatal(err)
	}
	clickAndWait(t, ctx, `document.querySelector('main form button[type="submit"]')`)
	if got := location(t, ctx); got != "/admin/" {
		t.Fatalf("after signing in: %s, want /admin/", got)
	}
	if !pageHas(t, ctx, "Robin Tremblay") {
		t.Error("the dashboard does not name the signed-in administrator")
	}

	// 3. A new episode in both languages.
	titleEN := "Plain language at work " + marker
	titleFR := "Le langage clair au travail " + marker
	open(t, ctx, "/admin/episodes")
	clickAndWait(t, ctx, `document.querySelector('main a[href="/admin/episodes/new"]')`)
	fillEpisode(t, ctx, titleEN, titleFR,
		"Why short sentences help every reader.",
		"Pourquoi les phrases courtes aident chaque lecteur.",
		"Short sentences are easier to read.\n\nThey are easier to translate, too.",
		"Les phrases courtes sont plus faciles à lire.\n\nElles sont aussi plus faciles à traduire.")
	clickAndWait(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
	editPath := location(t, ctx)
	if !strings.HasPrefix(editPath, "/admin/episodes/") || !strings.Contains(editPath, "saved=") {
		t.Fatalf("after creating: %s, want the episode's editor with a saved message", editPath)
	}
	editPath = strings.SplitN(editPath, "?", 2)[0]
	episodeID := strings.TrimPrefix(editPath, "/admin/episodes/")
	if _, err := strconv.Atoi(episodeID); err != nil {
		t.Fatalf("editor address %s has no episode id", editPath)
	}
	if flash := eval[string](t, ctx, `document.querySelector(".flash")?.textContent ?? ""`); !strings.Contains(flash, "Saved as revision") {
		t.Errorf("after creating, the message is %q", flash)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".stale-mark").length`); n != 0 {
		t.Errorf("a new episode written in both languages shows %d stale marks", n)
	}
	slugEN := eval[string](t, ctx, `document.getElementById("f-en-slug").value`)
	slugFR := eval[string](t, ctx, `document.getElementById("f-fr-slug").value`)
	if slugEN != "plain-language-at-work-"+marker || slugFR != "le-langage-clair-au-travail-"+marker {
		t.Errorf("slugs made from the titles: %q and %q", slugEN, slugFR)
	}

	// 4. A substantive change to the English marks the French stale.
	setField(t, ctx, "f-en-body", "Short sentences are easier to read.\n\nThey are easier to translate, too.\n\nNew: keep one idea per sentence.")
	clickAndWait(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
	if flash := eval[string](t, ctx, `document.querySelector(".flash")?.textContent ?? ""`); !strings.Contains(flash, "Saved as revision 2") {
		t.Errorf("after the English change, the message is %q", flash)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('.episode-column[data-lang="fr"] .stale-mark')`) {
		t.Error("the editor does not mark the French as needing an update")
	}
	if eval[bool](t, ctx, `!!document.querySelector('.episode-column[data-lang="en"] .stale-mark')`) {
		t.Error("the editor marks the English, which was just changed, as stale")
	}
	staleInList := func() (en, fr bool) {
		open(t, ctx, "/admin/episodes?q="+marker)
		row := `[...document.querySelectorAll("table.admin-table tbody tr")].find(r => r.textContent.includes(` + jsQuote(titleEN) + `))`
		if !eval[bool](t, ctx, `!!`+row) {
			t.Fatalf("the episode list has no row for %q", titleEN)
		}
		return eval[bool](t, ctx, `!!`+row+`.querySelector('td[lang="en-CA"] .stale-mark')`),
			eval[bool](t, ctx, `!!`+row+`.querySelector('td[lang="fr-CA"] .stale-mark')`)
	}
	if en, fr := staleInList(); en || !fr {
		t.Errorf("episode list stale marks: English %t, French %t; want only the French", en, fr)
	}
	// The stale filter finds it.
	open(t, ctx, "/admin/episodes?stale=on&q="+marker)
	if !pageHas(t, ctx, titleEN) {
		t.Error("the \"needs an update\" filter does not list the episode")
	}

	// 5. The French brought in line: translated (a substantive change) and
	// ticked "brought in line"; catching up marks neither language.
	open(t, ctx, editPath)
	setField(t, ctx, "f-fr-body", "Les phrases courtes sont plus faciles à lire.\n\nElles sont aussi plus faciles à traduire.\n\nNouveau : une idée par phrase.")
	if err := do(ctx,
		chromedp.Click(chromedp.ID("f-fr-aligned")),
	); err != nil {
		t.Fatal(err)
	}
	clickAndWait(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
	if n := eval[int](t, ctx, `document.querySelectorAll(".stale-mark").length`); n != 0 {
		t.Errorf("after bringing the French in line, the editor shows %d stale marks: %s", n,
			eval[string](t, ctx, `[...document.querySelectorAll(".stale-mark")].map(e => e.closest(".episode-column").dataset.lang).join(", ")`))
	}
	if en, fr := staleInList(); en || fr {
		t.Errorf("after bringing the French in line, the list marks English %t, French %t", en, fr)
	}

	// 6. Publish from the publishing page: the checklist passes.
	open(t, ctx, editPath)
	clickAndWait(t, ctx, `document.querySelector('main a[href="`+editPath+`/publish"]')`)
	if !eval[bool](t, ctx, `!!document.getElementById("checklist")`) {
		t.Fatal("the publishing page has no checklist")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".check-error").length`); n != 0 {
		t.Fatalf("the checklist has %d errors: %s", n, eval[string](t, ctx, `[...document.querySelectorAll(".check-error")].map(e => e.textContent).join(" | ")`))
	}
	clickAndWait(t, ctx, `document.querySelector('form[action="`+editPath+`/publish"] button[type="submit"]')`)
	if got := location(t, ctx); got != editPath+"/publish?done=publish" {
		t.Fatalf("after publishing: %s", got)
	}
	if !eval[bool](t, ctx, `!!document.querySelector(".status-published")`) || !pageHas(t, ctx, "published in both languages") {
		t.Errorf("the publishing page does not say the episode is published: %s", eval[string](t, ctx, `document.querySelector("main").innerText`))
	}

	// 7. The public pages, linked by the language toggle.
	enPath, frPath := "/en/episodes/"+slugEN, "/fr/episodes/"+slugFR
	openPublic(t, ctx, enPath, titleEN)
	if !pageHas(t, ctx, "one idea per sentence") {
		t.Error("the English page does not show the latest text")
	}
	if alt := eval[string](t, ctx, `document.querySelector("gcds-header")?.getAttribute("lang-href") ?? ""`); alt != frPath {
		t.Errorf("the English page's language toggle leads to %q, want %q", alt, frPath)
	}
	openPublic(t, ctx, frPath, titleFR)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr-CA" {
		t.Errorf("the French page's lang is %q", lang)
	}
	if !pageHas(t, ctx, "une idée par phrase") {
		t.Error("the French page does not show the French brought in line")
	}
	if alt := eval[string](t, ctx, `document.querySelector("gcds-header")?.getAttribute("lang-href") ?? ""`); alt != enPath {
		t.Errorf("the French page's language toggle leads to %q, want %q", alt, enPath)
	}
	open(t, ctx, "/en/")
	if !pageHas(t, ctx, titleEN) {
		t.Error("the English home page does not list the new episode")
	}

	// 8. A second episode, scheduled for tomorrow morning.
	title2EN := "Meetings that end on time " + marker
	title2FR := "Des réunions qui finissent à l’heure " + marker
	open(t, ctx, "/admin/episodes/new")
	fillEpisode(t, ctx, title2EN, title2FR,
		"Three habits for shorter meetings.", "Trois habitudes pour des réunions plus courtes.",
		"Send the agenda the day before.", "Envoyez l’ordre du jour la veille.")
	clickAndWait(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
	edit2 := strings.SplitN(location(t, ctx), "?", 2)[0]
	slug2EN := eval[string](t, ctx, `document.getElementById("f-en-slug").value`)
	if edit2 == editPath || !strings.HasPrefix(edit2, "/admin/episodes/") {
		t.Fatalf("the second episode's editor is at %s", edit2)
	}
	open(t, ctx, edit2+"/publish")
	zone, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(zone).AddDate(0, 0, 1)
	if err := do(ctx,
		chromedp.SetValue(chromedp.ID("schedule-date"), day.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("schedule-time"), "09:00"),
	); err != nil {
		t.Fatal(err)
	}
	clickAndWait(t, ctx, `document.querySelector('form[action="`+edit2+`/schedule"] button[type="submit"]')`)
	if got := location(t, ctx); got != edit2+"/publish?done=schedule" {
		t.Fatalf("after scheduling: %s (%s)", got, eval[string](t, ctx, `document.querySelector(".error-summary")?.innerText ?? ""`))
	}
	if !eval[bool](t, ctx, `!!document.querySelector(".status-scheduled")`) {
		t.Error("the publishing page does not show the episode as scheduled")
	}
	if want := day.Format("January 2, 2006"); !pageHas(t, ctx, want) {
		t.Errorf("the publishing page does not show the scheduled day %q: %s", want, eval[string](t, ctx, `document.querySelector(".admin-facts")?.innerText ?? ""`))
	}
	if st := eval[int](t, ctx, `fetch(`+jsQuote("/en/episodes/"+slug2EN)+`).then(r => r.status)`); st != 404 {
		t.Errorf("the scheduled episode's public page answers %d before its time, want 404", st)
	}

	// 9. A reader answers "No" with a comment on the public page.
	reader := newTab(t, tabOptions{})
	open(t, reader, enPath)
	if _, err := runAction(reader, chromedp.Evaluate[bool](`document.querySelector('[data-feedback-no]').click(), true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, "the comment box", `!document.querySelector('[data-feedback-details]')?.hidden`)
	comment := "Please add an example " + marker
	if err := do(reader, chromedp.SendKeys(chromedp.ID("feedback-comment"), comment)); err != nil {
		t.Fatal(err)
	}
	if _, err := runAction(reader, chromedp.Evaluate[bool](`document.querySelector('[data-feedback-details] button[type=submit]').click(), true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, "the thanks", `(document.querySelector('.feedback-thanks')?.textContent ?? "").includes("Thank you")`)

	// 10. The feedback inbox shows it; the CSV holds it.
	open(t, ctx, "/admin/feedback")
	row := `[...document.querySelectorAll("main table tbody tr")].find(r => r.textContent.includes(` + jsQuote(comment) + `))`
	if !eval[bool](t, ctx, `!!`+row) {
		t.Fatalf("the feedback inbox does not show the comment: %.500s", eval[string](t, ctx, `document.querySelector("main").innerText`))
	}
	if !eval[bool](t, ctx, row+`.textContent.includes(`+jsQuote(enPath)+`)`) {
		t.Error("the inbox row does not name the page the answer came from")
	}
	type csvAnswer struct {
		Status      int    `json:"status"`
		ContentType string `json:"type"`
		Body        string `json:"body"`
	}
	csv := eval[csvAnswer](t, ctx, `(async () => {
		const a = document.querySelector("main a[download]");
		const r = await fetch(a.href);
		return {status: r.status, type: r.headers.get("Content-Type") ?? "", body: await r.text()};
	})()`)
	if csv.Status != 200 || !strings.HasPrefix(csv.ContentType, "text/csv") {
		t.Fatalf("the CSV download answers %d %q", csv.Status, csv.ContentType)
	}
	var line string
	for l := range strings.SplitSeq(csv.Body, "\n") {
		if strings.Contains(l, comment) {
			line = l
		}
	}
	if line == "" || !strings.Contains(line, enPath) || !strings.Contains(line, "no") {
		t.Errorf("the CSV has no line with the comment, its page and the answer; line %q\n%.600s", line, csv.Body)
	}
}

// pageHas reports whether the page's visible text contains s.
func pageHas(t *testing.T, ctx context.Context, s string) bool {
	t.Helper()
	return eval[bool](t, ctx, `document.body.innerText.includes(`+jsQuote(s)+`)`)
}

// setField replaces the text of a field: emptied, then typed key by key.
func setField(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	if _, err := runAction(ctx, chromedp.Evaluate[bool](`(() => { const el = document.getElementById(`+jsQuote(id)+`); el.value = ""; return true; })()`)); err != nil {
		t.Fatalf("empty #%s: %v", id, err)
	}
	if err := do(ctx, chromedp.SendKeys(chromedp.ID(id), text)); err != nil {
		t.Fatalf("type into #%s: %v", id, err)
	}
}

// fillEpisode fills a new episode's form: a Read episode with the first
// topic, its titles, summaries and bodies in both languages (slugs left
// empty, to be made from the titles).
func fillEpisode(t *testing.T, ctx context.Context, titleEN, titleFR, sumEN, sumFR, bodyEN, bodyFR string) {
	t.Helper()
	if n := eval[int](t, ctx, `document.querySelectorAll(".episode-column").length`); n != 2 {
		t.Fatalf("the editor has %d language columns, want 2", n)
	}
	if err := do(ctx,
		chromedp.Click(chromedp.ID("f-kind-read")),
		chromedp.Click(chromedp.CSS(`.episode-common input[name="topic"]`)),
	); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ id, text string }{
		{"f-en-title", titleEN}, {"f-en-summary", sumEN}, {"f-en-body", bodyEN},
		{"f-fr-title", titleFR}, {"f-fr-summary", sumFR}, {"f-fr-body", bodyFR},
	} {
		setField(t, ctx, f.id, f.text)
	}
}

// openPublic opens a public page until it shows title: the page cache
// follows the content generation within a second on an idle machine, so
// this polls for as long as one step may take (see stepTimeout).
func openPublic(t *testing.T, ctx context.Context, path, title string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		open(t, ctx, path)
		h1 := eval[string](t, ctx, `document.querySelector("h1")?.textContent ?? ""`)
		if strings.Contains(h1, title) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: heading %q, want %q (still after %v)", path, h1, title, stepTimeout)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %v", path, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
