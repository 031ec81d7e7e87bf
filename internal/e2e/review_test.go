package e2e_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/mail/mailtest"
)

// TestReviewRequestByMail: a contributor sends a draft for review to an
// author who works in French; the request reaches the SMTP server in
// French, and the author opens the draft (which an author cannot do
// with someone else's draft unless asked). The workflow page passes axe
// in both languages.
func TestReviewRequestByMail(t *testing.T) {
	needBrowser(t)
	owner, pw := staffMember(t, "owner", "Review owner", content.RoleContributor, content.English)
	reviewer, rpw := staffMember(t, "reviewer", "Review reviewer", content.RoleAuthor, content.French)
	titles := map[content.Lang]string{content.English: "Asked for review " + strconv.FormatInt(owner.ID, 10), content.French: "Révision demandée " + strconv.FormatInt(owner.ID, 10)}
	id := draftEpisode(t, owner.ID, func(l content.Lang) string { return titles[l] })
	workflow := fmt.Sprintf("/admin/episodes/%d/publish", id)

	a := signInTab(t, owner.Email, pw)
	open(t, a, workflow)
	checkAxe(t, a, workflow+" (submit, English)")
	if err := do(a, chromedp.SetValue(chromedp.ID("submit-reviewer"), strconv.FormatInt(reviewer.ID, 10)),
		chromedp.SendKeys(chromedp.ID("submit-note"), "Could you check the French summary?")); err != nil {
		t.Fatal(err)
	}
	clickJS(t, a, `document.querySelector('#submit-reviewer').form.querySelector('button[type="submit"]')`)
	waitFor(t, a, "the step done", `location.search.includes("done=submit")`)

	m := site.mail.WaitFor(t, "to the reviewer", func(m mailtest.Message) bool { return len(m.To) == 1 && m.To[0] == reviewer.Email })
	if m.Header.Get("Content-Language") != "fr" || m.Subject != "Révision demandée\u00a0: "+titles[content.French] {
		t.Errorf("the request reached the reviewer as %q (%s), want it in French", m.Subject, m.Header.Get("Content-Language"))
	}

	b := signInTab(t, reviewer.Email, rpw)
	open(t, b, fmt.Sprintf("/admin/episodes/%d", id))
	if !eval[bool](t, b, `document.getElementById("f-fr-title") !== null && document.documentElement.lang.startsWith("fr")`) {
		t.Fatalf("the reviewer cannot open the draft: %s", location(t, b))
	}
	open(t, b, workflow)
	checkAxe(t, b, workflow+" (review, French)")
}

// TestTranslationFileRoundTrip: in the browser, an editor downloads the
// English text as XLIFF, fills in French targets (codes kept, as a
// translation tool does) and imports the file through the workflow page's
// form: the French version becomes the translation. A tampered file is
// refused with its problems listed, and the page passes axe in that state.
func TestTranslationFileRoundTrip(t *testing.T) {
	email, password, id := worksafeEditor(t, "xliff")
	ctx := signInTab(t, email, password)
	workflow := fmt.Sprintf("/admin/episodes/%d/publish", id)
	open(t, ctx, workflow)
	// Fetch the export as the download link would, translate it, and put
	// it in the form's file input.
	fill := func(tamper bool) {
		t.Helper()
		js := fmt.Sprintf(`(async () => {
			const res = await fetch(document.querySelector('a[href$="translation.xlf?from=en"]').href);
			let doc = await res.text();
			doc = doc.replace(/<source([^>]*)>([\s\S]*?)<\/source>/g, (m, attrs, text) =>
				m + "<target" + attrs + ">" + (text === "Summary" ? "Résumé traduit" : text.replace(" draft ", " ébauche ")) + "</target>");
			if (%t) doc = doc.replace(/<unit id="summary"[\s\S]*?<\/unit>/, "");
			const dt = new DataTransfer();
			dt.items.add(new File([doc], "translated.xlf", {type: "application/xliff+xml"}));
			document.getElementById("translation-file").files = dt.files;
			return res.ok;
		})()`, tamper)
		if !eval[bool](t, ctx, js) {
			t.Fatal("the export did not download")
		}
		clickJS(t, ctx, `document.getElementById("translation-file").form.querySelector('button[type="submit"]')`)
	}
	fill(true)
	waitFor(t, ctx, "the refusal", `document.readyState === "complete" && document.getElementById("translation-file-error") !== null`)
	if !eval[bool](t, ctx, `document.getElementById("translation-file-error").textContent.includes("summary")`) {
		t.Error("the refusal does not name the missing unit")
	}
	checkAxe(t, ctx, workflow+" (translation refused)")
	open(t, ctx, workflow)
	fill(false)
	waitFor(t, ctx, "the import", `location.search.includes("done=translation_imported")`)

	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err := st.WorkingEpisode(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	en, fr := e.Version(content.English), e.Version(content.French)
	if fr.Summary != "Résumé traduit" || fr.Title != strings.Replace(en.Title, " draft ", " ébauche ", 1) {
		t.Errorf("French after the import: %q, %q (English title %q)", fr.Title, fr.Summary, en.Title)
	}
}
