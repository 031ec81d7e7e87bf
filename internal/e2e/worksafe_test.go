package e2e_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

// worksafeEditor creates an editor and a draft episode of theirs on the
// site, and returns the editor's address, password and the episode id.
func worksafeEditor(t *testing.T, tag string) (string, string, int64) {
	t.Helper()
	needBrowser(t)
	u, password := staffMember(t, tag, "Safe Editor", content.RoleEditor, content.English)
	stamp := time.Now().Format("150405.000000")
	id := draftEpisode(t, u.ID, func(l content.Lang) string { return fmt.Sprintf("%s draft %s %s", tag, stamp, l) })
	return u.Email, password, id
}

// staffMember stores an active staff member named name, with a password,
// and an address unique to the run made from tag.
func staffMember(t *testing.T, tag, name string, role content.Role, lang content.Lang) (content.User, string) {
	t.Helper()
	const password = "a long enough passphrase"
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, err := auth.Hash(password)
	if err != nil {
		t.Fatal(err)
	}
	u := content.User{Email: tag + "-" + time.Now().Format("150405.000000") + "@example.gc.ca", Name: name, Role: role, Lang: lang}
	if u.ID, err = st.CreateUser(t.Context(), u, hash); err != nil {
		t.Fatal(err)
	}
	return u, password
}

// draftEpisode stores a draft owned by owner in both languages, titled
// title(lang), and returns its id.
func draftEpisode(t *testing.T, owner int64, title func(content.Lang) string) int64 {
	t.Helper()
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ep := &content.Episode{Kind: content.Read, OwnerID: owner, Versions: map[content.Lang]*content.Version{}}
	for _, l := range content.Langs {
		ep.Versions[l] = &content.Version{Lang: l, Title: title(l), Slug: content.Slugify(title(l)), Summary: "Summary",
			BodyMarkdown: "Body", BodyHTML: "<p>Body</p>"}
	}
	if _, err := st.SaveEpisode(t.Context(), ep, content.SaveInfo{UserID: owner, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return ep.ID
}

// signInTab signs in with the form in a new tab (scripts on).
func signInTab(t *testing.T, email, password string) context.Context {
	t.Helper()
	return signInTabWith(t, email, password, tabOptions{})
}

// signInTabWith signs in with the form in a new tab opened with o.
func signInTabWith(t *testing.T, email, password string, o tabOptions) context.Context {
	t.Helper()
	ctx := newTab(t, o)
	open(t, ctx, "/admin/sign-in")
	if err := do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password+"\r"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the dashboard", `location.pathname === "/admin/" && document.readyState === "complete"`)
	return ctx
}

// storedTitle is the English title of an episode as stored.
func storedTitle(t *testing.T, id int64) string {
	t.Helper()
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err := st.EpisodeByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e.Version(content.English).Title
}

// TestAutosaveRestoredAfterTabClosed: text typed in the editor is saved
// automatically a few seconds later (the page says so); after the tab is
// closed without saving, the editor opened again offers it, and restoring
// it puts it back in the form. Leaving with changes not saved asks first.
func TestAutosaveRestoredAfterTabClosed(t *testing.T) {
	email, password, id := worksafeEditor(t, "autosave")
	ctx := signInTab(t, email, password)
	editor := fmt.Sprintf("/admin/episodes/%d", id)
	open(t, ctx, editor)
	if err := do(ctx, chromedp.SendKeys(chromedp.ID("f-en-title"), " typed then closed")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the automatic save", `document.querySelector(".autosave-status").textContent.startsWith("Saved automatically")`)
	// Leaving now would ask: the change is not a revision.
	if !eval[bool](t, ctx, `(() => { const e = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`) {
		t.Error("leaving the editor with changes not saved does not ask first")
	}
	typed := eval[string](t, ctx, `document.getElementById("f-en-title").value`)

	// Another tab, later: the editor offers the text, and restores it.
	ctx2 := signInTab(t, email, password)
	open(t, ctx2, editor)
	if !eval[bool](t, ctx2, `!!document.querySelector(".autosave-note a[href$='restore=autosave']")`) {
		t.Fatal("the editor opened again does not offer the text saved automatically")
	}
	clickJS(t, ctx2, `document.querySelector(".autosave-note a[href$='restore=autosave']")`)
	waitFor(t, ctx2, "the restored editor", `location.search === "?restore=autosave" && document.readyState === "complete"`)
	if got := eval[string](t, ctx2, `document.getElementById("f-en-title").value`); got != strings.TrimSpace(typed) {
		t.Errorf("restored title %q, want %q", got, typed)
	}
	if got := storedTitle(t, id); strings.Contains(got, "typed then closed") {
		t.Errorf("the automatic save changed the episode: %q", got)
	}
	checkAxe(t, ctx2, editor+"?restore=autosave")
}

// TestSessionEndsWhileTyping: the session ends while someone types
// (here: the server ends it); saving then sends them to sign in, which
// says the text is kept; once signed in, the form comes back and sending
// it saves the episode: nothing typed is lost.
func TestSessionEndsWhileTyping(t *testing.T) {
	email, password, id := worksafeEditor(t, "expiry")
	ctx := signInTab(t, email, password)
	editor := fmt.Sprintf("/admin/episodes/%d", id)
	open(t, ctx, editor)
	if err := do(ctx, chromedp.SendKeys(chromedp.ID("f-en-title"), " typed while signed out")); err != nil {
		t.Fatal(err)
	}
	typed := eval[string](t, ctx, `document.getElementById("f-en-title").value`)
	// The session ends (as after 30 idle minutes).
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	db := st.(interface{ SQL() *sql.DB }).SQL()
	if _, err := db.ExecContext(t.Context(), `UPDATE sessions SET created_at = '2000-01-01T00:00:00.000000Z', last_seen_at = '2000-01-01T00:00:00.000000Z'
		WHERE user_id = (SELECT id FROM users WHERE email = ?)`, email); err != nil {
		t.Fatal(err)
	}
	st.Close()
	clickJS(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
	waitFor(t, ctx, "the sign-in page", `location.pathname === "/admin/sign-in" && document.readyState === "complete"`)
	if !eval[bool](t, ctx, `document.querySelector(".notice-held") !== null && document.querySelector("input[name='held']") !== null`) {
		t.Fatal("the sign-in page does not say the text is kept")
	}
	checkAxe(t, ctx, "/admin/sign-in?held=…")
	if err := do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password+"\r"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the held form", `location.pathname.startsWith("/admin/held/") && document.readyState === "complete"`)
	checkAxe(t, ctx, "/admin/held/…")
	clickJS(t, ctx, `document.querySelector('main form button[type="submit"]')`)
	waitFor(t, ctx, "the editor after saving", `location.search.startsWith("?saved=") && document.readyState === "complete"`)
	if got := storedTitle(t, id); got != strings.TrimSpace(typed) {
		t.Errorf("stored title %q, want what was typed: %q", got, typed)
	}
}

// clickJS clicks the element a script finds.
func clickJS(t *testing.T, ctx context.Context, elementJS string) {
	t.Helper()
	if _, err := runAction(ctx, chromedp.Evaluate[bool](`(() => { const el = `+elementJS+`; el.click(); return true; })()`)); err != nil {
		t.Fatal(err)
	}
}

// TestTwoEditorsTwoLanguages: two editors open the same episode; one
// changes the English title and saves, the other the French summary and
// saves: both changes are stored. Then both change the English summary:
// the second sees the field side by side (the page passes axe), takes the
// other's version and saves.
func TestTwoEditorsTwoLanguages(t *testing.T) {
	emailA, password, id := worksafeEditor(t, "merge-a")
	emailB, _, _ := worksafeEditor(t, "merge-b")
	editor := fmt.Sprintf("/admin/episodes/%d", id)
	a, b := signInTab(t, emailA, password), signInTab(t, emailB, password)
	open(t, a, editor)
	open(t, b, editor)
	save := func(ctx context.Context) {
		t.Helper()
		clickJS(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
		waitFor(t, ctx, "the answer to the save", `document.readyState === "complete" && (location.search.startsWith("?saved=") || document.querySelector(".conflict") !== null)`)
	}
	if err := do(a, chromedp.SendKeys(chromedp.ID("f-en-title"), "Edited in English: ")); err != nil {
		t.Fatal(err)
	}
	save(a)
	if err := do(b, chromedp.SendKeys(chromedp.ID("f-fr-summary"), "Résumé révisé. ")); err != nil {
		t.Fatal(err)
	}
	save(b)
	if !strings.Contains(location(t, b), "merged=") {
		t.Fatalf("the second editor's save was not merged: %s", location(t, b))
	}
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.EpisodeByID(t.Context(), id)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Version(content.English).Title, "Edited in English: ") || !strings.HasPrefix(e.Version(content.French).Summary, "Résumé révisé. ") {
		t.Fatalf("stored: %q, %q; want both editors' changes", e.Version(content.English).Title, e.Version(content.French).Summary)
	}

	// Both change the English summary.
	open(t, a, editor)
	open(t, b, editor)
	if err := do(a, chromedp.SendKeys(chromedp.ID("f-en-summary"), "A says: ")); err != nil {
		t.Fatal(err)
	}
	save(a)
	if err := do(b, chromedp.SendKeys(chromedp.ID("f-en-summary"), "B says: ")); err != nil {
		t.Fatal(err)
	}
	save(b)
	if !eval[bool](t, b, `document.querySelector("input[name='resolve.en.summary'][value='theirs']") !== null`) {
		t.Fatal("the second editor is not offered the other's summary")
	}
	checkAxe(t, b, editor+" (merge)")
	clickJS(t, b, `document.querySelector("input[name='resolve.en.summary'][value='theirs']")`)
	save(b)
	if !strings.Contains(location(t, b), "?saved=") {
		t.Fatalf("saving with the choice: %s", location(t, b))
	}
	st, err = app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if e, err = st.EpisodeByID(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if got := e.Version(content.English).Summary; !strings.HasPrefix(got, "A says: ") || strings.Contains(got, "B says") {
		t.Errorf("stored summary %q, want the first editor's, chosen", got)
	}
}

// TestErrorSummaryTakesFocus: after a refused save, the error summary has
// the focus, with scripts and without them (its autofocus attribute).
func TestErrorSummaryTakesFocus(t *testing.T) {
	email, password, id := worksafeEditor(t, "focus")
	for _, noJS := range []bool{false, true} {
		ctx := signInTabWith(t, email, password, tabOptions{noJS: noJS})
		open(t, ctx, fmt.Sprintf("/admin/episodes/%d", id))
		eval[bool](t, ctx, `(() => { for (const id of ["f-en-title", "f-fr-title", "f-en-summary"]) document.getElementById(id).value = ""; return true; })()`)
		clickJS(t, ctx, `document.querySelector('button[name="do"][value="save"]')`)
		waitFor(t, ctx, "the refused save", `document.readyState === "complete" && document.querySelector(".error-summary") !== null`)
		// The browser applies autofocus at its next rendering step, which
		// may come after the load event: wait for it rather than look once.
		waitFor(t, ctx, fmt.Sprintf("the focus on the error summary (scripts off %v)", noJS), `document.activeElement === document.querySelector(".error-summary")`)
	}
}

// TestPreviewPage: a preview link's page, in both languages, shows the
// draft under its banner and passes axe.
func TestPreviewPage(t *testing.T) {
	_, _, id := worksafeEditor(t, "preview")
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	now := time.Now()
	if _, err := st.CreatePreviewLink(t.Context(), hash, content.PreviewLink{EpisodeID: id, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ctx := newTab(t, tabOptions{})
	for _, path := range []string{"/en/preview/" + token, "/fr/apercu/" + token} {
		open(t, ctx, path)
		if !eval[bool](t, ctx, `document.querySelector(".preview-banner") !== null && document.querySelector("h1").textContent.includes("preview draft")`) {
			t.Errorf("%s: no banner or not the draft", path)
		}
		checkAxe(t, ctx, path)
	}
}

// TestAuditLogFits: the audit log with long targets and details does not
// scroll sideways at 1280 px (nor at 320, where the table scrolls in its
// own box), and passes axe with its filters.
func TestAuditLogFits(t *testing.T) {
	needBrowser(t)
	admin, password := staffMember(t, "audit", "Audit Admin", content.RoleAdministrator, content.English)
	email, uid := admin.Email, admin.ID
	st, err := app.OpenStore(t.Context(), site.db)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("very-long-unbroken-detail-", 12)
	if err := st.AddAudit(t.Context(), content.AuditEntry{At: time.Now(), ActorID: uid, Action: "episode.saved", Target: "episode:" + long, Detail: long, IP: "2001:db8:85a3:8d3:1319:8a2e:370:7348"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, width := range []int{1280, 320} {
		ctx := signInTabWith(t, email, password, tabOptions{width: width})
		open(t, ctx, "/admin/audit")
		if o := eval[overflow](t, ctx, overflowJS); o.Scroll > o.Width {
			t.Errorf("the audit log scrolls sideways at %d px: %s", width, strings.Join(o.Culprits, ", "))
		}
		if width == 1280 {
			checkAxe(t, ctx, "/admin/audit")
		}
	}
}
