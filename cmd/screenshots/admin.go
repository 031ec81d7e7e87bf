package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/demo"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/urls"
)

// adminShot is one back-office screen to photograph: its file name (the
// language is added), its address, and where to scroll first (a CSS
// selector, or "" for the top).
type adminShot struct {
	name, path, scrollTo string
}

// adminWidth and adminHeight are the viewport of the back-office pictures.
const adminWidth, adminHeight = 1280, 900

// runAdmin starts the site on a temporary database with the demo content,
// prepares it as a newsroom would (see prepareAdmin) and photographs the
// main back-office screens in English, then in French.
func runAdmin(out string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "busrides-admin-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "b.db")
	const email, password = "robin.tremblay@example.gc.ca", "a long enough passphrase"
	var stdout, stderr bytes.Buffer
	if code := app.MainIO(ctx, []string{"user", "add", "--email", email, "--role", "administrator", "--name", "Robin Tremblay", "--database", db},
		strings.NewReader(password+"\n"), &stdout, &stderr, func(string) string { return "" }); code != 0 {
		return fmt.Errorf("busrides user add: %s", stderr.String())
	}
	// A colleague, so the staff list shows the controls for another account.
	if code := app.MainIO(ctx, []string{"user", "add", "--email", "sam.nguyen@example.gc.ca", "--role", "author", "--name", "Sam Nguyen", "--lang", "fr", "--database", db},
		strings.NewReader("another long passphrase\n"), &stdout, &stderr, func(string) string { return "" }); code != 0 {
		return fmt.Errorf("busrides user add: %s", stderr.String())
	}
	a, err := app.New(ctx, app.Config{Database: db, Demo: true, MediaDir: filepath.Join(dir, "media"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tab, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()
	tab, cancelTab := context.WithTimeout(tab, 4*time.Minute)
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(adminWidth, adminHeight)); err != nil {
		return err
	}
	b := &browser{ctx: tab, base: srv.URL}
	if err := b.signIn(email, password); err != nil {
		return err
	}
	episode, err := prepareAdmin(ctx, b, db, dir)
	if err != nil {
		return err
	}
	ep := "/admin/episodes/" + strconv.FormatInt(episode, 10)
	shots := []adminShot{
		{"dashboard", "/admin/", ""},
		{"episodes", "/admin/episodes", `main form[method="get"] + *`},
		{"editor", ep, ".episode-columns"},
		{"publish", ep + "/publish", ""},
		{"parity", "/admin/parity", `main form[method="get"] + *`},
		{"feedback", "/admin/feedback", `main form[method="get"] + *`},
		{"media", "/admin/media", `main form[method="get"]`},
		{"users", "/admin/users", ""},
	}
	n := 0
	for _, lang := range []string{"en", "fr"} {
		if lang == "fr" {
			if err := b.open("/admin/"); err != nil {
				return err
			}
			if err := b.submit(`form[action="/admin/language"] button`); err != nil {
				return fmt.Errorf("switch to French: %w", err)
			}
			if got, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.documentElement.lang`)); got != "fr-CA" {
				return fmt.Errorf("after switching to French the page is in %q", got)
			}
		}
		for _, s := range shots {
			png, err := b.shoot(s)
			if err != nil {
				return fmt.Errorf("%s: %w", s.path, err)
			}
			if err := os.WriteFile(filepath.Join(out, s.name+"-"+lang+".png"), png, 0o644); err != nil {
				return err
			}
			n++
		}
	}
	fmt.Printf("%d screenshots in %s\n", n, out)
	return nil
}

// browser is a signed-in tab on the site.
type browser struct {
	ctx  context.Context
	base string
}

func (b *browser) open(path string) error {
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.base+path)); err != nil {
		return err
	}
	waitRendered(b.ctx)
	return nil
}

// eval runs a script and returns its string result.
func (b *browser) eval(js string) (string, error) {
	return chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
}

// submit clicks a button (a CSS selector) and waits for the next page.
func (b *browser) submit(selector string) error {
	before, err := b.eval(`location.href + "#" + performance.timeOrigin`)
	if err != nil {
		return err
	}
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector(`+strconv.Quote(selector)+`); if (!el) return false; el.click(); return true; })()`))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no %s on %s", selector, before)
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		now, err := b.eval(`document.readyState === "complete" ? location.href + "#" + performance.timeOrigin : ""`)
		if err == nil && now != "" && now != before {
			waitRendered(b.ctx)
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("clicking %s on %s led nowhere", selector, before)
}

// fill types into fields found by id (the fields are emptied first).
func (b *browser) fill(fields ...[2]string) error {
	for _, f := range fields {
		if _, err := b.eval(`(() => { document.getElementById(` + strconv.Quote(f[0]) + `).value = ""; return ""; })()`); err != nil {
			return fmt.Errorf("#%s: %w", f[0], err)
		}
		if err := chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.ID(f[0]), f[1])); err != nil {
			return fmt.Errorf("#%s: %w", f[0], err)
		}
	}
	return nil
}

func (b *browser) signIn(email, password string) error {
	if err := b.open("/admin/sign-in"); err != nil {
		return err
	}
	if err := b.fill([2]string{"email", email}, [2]string{"password", password}); err != nil {
		return err
	}
	if err := b.submit(`main form button[type="submit"]`); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if path, _ := b.eval(`location.pathname`); path != "/admin/" {
		return fmt.Errorf("sign in: landed on %s", path)
	}
	return nil
}

// prepareAdmin gives the screens something to show, through the back
// office's own forms where a person would use them: a pending invitation,
// three uploaded files, a substantive change to an episode's English (so
// its French needs an update), and a few answers to the public pages'
// feedback question (added to the database, as readers' would be). It
// returns the edited episode's id.
func prepareAdmin(ctx context.Context, b *browser, db, dir string) (int64, error) {
	// An invitation.
	if err := b.open("/admin/users"); err != nil {
		return 0, err
	}
	if err := b.fill([2]string{"invite-email", "camille.roy@example.gc.ca"}); err != nil {
		return 0, err
	}
	if _, err := b.eval(`(() => { document.getElementById("invite-role").value = "editor"; document.getElementById("invite-lang").value = "fr"; return ""; })()`); err != nil {
		return 0, err
	}
	if err := b.submit(`form[action="/admin/users/invite"] button[type="submit"]`); err != nil {
		return 0, fmt.Errorf("invite: %w", err)
	}

	// Media files, from the demo content.
	for _, f := range []struct{ name, en, fr string }{
		{"data-literacy.png", "Bar chart with a rising trend line", "Diagramme à barres avec une courbe de tendance ascendante"},
		{"digital-nations-2019.png", "A crowd of people in many colours", "Une foule de personnes de toutes les couleurs"},
		{"inclusive-meetings-en.mp3", "", ""},
	} {
		data, err := fs.ReadFile(demo.Media(), f.name)
		if err != nil {
			return 0, err
		}
		file := filepath.Join(dir, f.name)
		if err := os.WriteFile(file, data, 0o600); err != nil {
			return 0, err
		}
		if err := b.open("/admin/media"); err != nil {
			return 0, err
		}
		if err := chromedp.Do(b.ctx, chromedp.SetUploadFiles(chromedp.ID("media-file"), []string{file})); err != nil {
			return 0, err
		}
		if f.en != "" {
			if err := b.fill([2]string{"media-alt-en", f.en}, [2]string{"media-alt-fr", f.fr}); err != nil {
				return 0, err
			}
		}
		if err := b.submit(`form[action="/admin/media"] button[type="submit"]`); err != nil {
			return 0, fmt.Errorf("upload %s: %w", f.name, err)
		}
	}

	// A substantive change to the English of the first episode listed.
	if err := b.open("/admin/episodes"); err != nil {
		return 0, err
	}
	edit, err := b.eval(`document.querySelector("table.admin-table tbody td a")?.getAttribute("href") ?? ""`)
	if err != nil || !strings.HasPrefix(edit, "/admin/episodes/") {
		return 0, fmt.Errorf("no episode to edit in the list (%q, %v)", edit, err)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(edit, "/admin/episodes/"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("episode link %q: %w", edit, err)
	}
	if err := b.open(edit); err != nil {
		return 0, err
	}
	body, err := b.eval(`document.getElementById("f-en-body").value`)
	if err != nil {
		return 0, err
	}
	if err := b.fill([2]string{"f-en-body", body + "\n\nUpdated: one more example for managers."}); err != nil {
		return 0, err
	}
	if err := b.submit(`button[name="do"][value="save"]`); err != nil {
		return 0, fmt.Errorf("save the episode: %w", err)
	}
	if stale, _ := b.eval(`document.querySelector('.episode-column[lang="fr-CA"] .stale-mark') ? "yes" : ""`); stale == "" {
		return 0, errors.New("after changing the English, the French is not marked as needing an update")
	}

	// Readers' answers.
	st, err := app.OpenStore(ctx, db)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	now := time.Now()
	page, err := st.Episodes(ctx, store.EpisodeQuery{Lang: content.English, Now: now, Limit: 2})
	if err != nil {
		return 0, err
	}
	if len(page.Episodes) < 2 {
		return 0, errors.New("the demo content has fewer than two episodes")
	}
	for i, f := range []struct {
		lang    content.Lang
		answer  content.Answer
		comment string
	}{
		{content.English, content.Yes, ""},
		{content.English, content.No, "The chart needs a text description."},
		{content.French, content.Yes, ""},
		{content.French, content.No, "Il manque un exemple concret."},
		{content.English, content.Yes, ""},
	} {
		e := page.Episodes[i%2]
		v := e.Version(f.lang)
		if v == nil {
			continue
		}
		path := urls.Episode(f.lang, v.Slug)
		if _, err := st.AddFeedback(ctx, content.Feedback{CreatedAt: now.Add(-time.Duration(i) * time.Hour), Lang: f.lang, Path: path,
			EpisodeID: e.ID, Answer: f.answer, Comment: f.comment}); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// shoot opens a screen, scrolls as asked, and returns a PNG of the
// viewport, made smaller (see shrinkPNG).
func (b *browser) shoot(s adminShot) ([]byte, error) {
	if err := b.open(s.path); err != nil {
		return nil, err
	}
	if s.scrollTo != "" {
		if _, err := b.eval(`(() => { document.querySelector(` + strconv.Quote(s.scrollTo) + `)?.scrollIntoView(); window.scrollBy(0, -24); return ""; })()`); err != nil {
			return nil, err
		}
	}
	// Images in view (lazy ones load only once scrolled to) must be there.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`[...document.images].filter(i => {
			const r = i.getBoundingClientRect();
			return r.bottom > 0 && r.top < innerHeight;
		}).every(i => i.complete && i.naturalWidth > 0)`))
		if err == nil && loaded {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	raw, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return nil, err
	}
	return shrinkPNG(raw)
}
