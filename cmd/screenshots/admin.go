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
	"runtime"
	"strconv"
	"strings"
	"sync"
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
// main back-office screens in English, then in French. Each step has its
// own deadline (stepTimeout); logf, when not nil, is told how long each
// one took.
func runAdmin(out string, logf func(format string, args ...any)) error {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "busrides-admin-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "b.db")
	const email, password = "robin.tremblay@example.gc.ca", "a long enough passphrase"
	userAdd := func(password string, args ...string) error {
		start := time.Now()
		var stdout, stderr bytes.Buffer
		code := 0
		err := withStep(ctx, func(ctx context.Context) error {
			code = app.MainIO(ctx, append([]string{"user", "add", "--database", db}, args...),
				strings.NewReader(password+"\n"), &stdout, &stderr, func(string) string { return "" })
			return ctx.Err()
		})
		logf("busrides user add %s: %v", args[1], time.Since(start).Round(time.Millisecond))
		if code != 0 || err != nil {
			return fmt.Errorf("busrides user add: exit %d, %v: %s", code, err, stderr.String())
		}
		return nil
	}
	if err := userAdd(password, "--email", email, "--role", "administrator", "--name", "Robin Tremblay"); err != nil {
		return err
	}
	// A colleague, so the staff list shows the controls for another account.
	if err := userAdd("another long passphrase", "--email", "sam.nguyen@example.gc.ca", "--role", "author", "--name", "Sam Nguyen", "--lang", "fr"); err != nil {
		return err
	}
	start := time.Now()
	var a *app.App
	err = withStep(ctx, func(ctx context.Context) (err error) {
		a, err = app.New(ctx, app.Config{Database: db, Demo: true, MediaDir: filepath.Join(dir, "media"), Logger: slog.New(slog.DiscardHandler)})
		return err
	})
	if err != nil {
		return fmt.Errorf("start the site: %w", err)
	}
	defer a.Close()
	logf("start the site with the demo content: %v", time.Since(start).Round(time.Millisecond))
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
	b := &browser{tab: tab, base: srv.URL, logf: logf}
	if err := b.step("set the viewport", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(adminWidth, adminHeight))
	}); err != nil {
		return err
	}
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
	// The pictures are made smaller (see shrinkPNG) and written on other
	// goroutines, one per core, while the browser goes on to the next
	// screen: shrinking is most of the tour's work in Go.
	var (
		shrinking sync.WaitGroup
		cores     = make(chan struct{}, runtime.GOMAXPROCS(0))
		mu        sync.Mutex
		errs      []error
	)
	save := func(name string, raw []byte) {
		cores <- struct{}{}
		shrinking.Go(func() {
			defer func() { <-cores }()
			start := time.Now()
			png, err := shrinkPNG(raw)
			if err == nil {
				err = os.WriteFile(filepath.Join(out, name), png, 0o644)
			}
			logf("shrink and write %s: %v", name, time.Since(start).Round(time.Millisecond))
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				mu.Unlock()
			}
		})
	}
	defer shrinking.Wait() // on an early return too: the folder is removed after
	n := 0
	for _, lang := range []string{"en", "fr"} {
		if lang == "fr" {
			if err := b.open("/admin/"); err != nil {
				return err
			}
			if err := b.submit(`form[action="/admin/language"] button`); err != nil {
				return fmt.Errorf("switch to French: %w", err)
			}
			if got, _ := b.eval(`document.documentElement.lang`); got != "fr-CA" {
				return fmt.Errorf("after switching to French the page is in %q", got)
			}
		}
		for _, s := range shots {
			raw, err := b.shoot(s)
			if err != nil {
				return fmt.Errorf("%s: %w", s.path, err)
			}
			save(s.name+"-"+lang+".png", raw)
			n++
		}
	}
	shrinking.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	fmt.Printf("%d screenshots in %s\n", n, out)
	return nil
}

// browser is a signed-in tab on the site. Its tab has no deadline; each
// step of the tour has its own (see step).
type browser struct {
	tab  context.Context
	base string
	logf func(format string, args ...any)
}

// step runs one step of the tour with its own deadline (stepTimeout), logs
// how long it took, and names it in its error.
func (b *browser) step(what string, fn func(ctx context.Context) error) error {
	start := time.Now()
	err := withStep(b.tab, fn)
	b.logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// open loads a page until it has rendered (one step).
func (b *browser) open(path string) error {
	return b.step("open "+path, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(b.base+path)); err != nil {
			return err
		}
		return waitRendered(ctx)
	})
}

// eval runs a script and returns its string result (one step).
func (b *browser) eval(js string) (v string, err error) {
	err = withStep(b.tab, func(ctx context.Context) (err error) {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[string](js))
		return err
	})
	return v, err
}

// submit clicks a button (a CSS selector) and waits for the next page to
// render (one step).
func (b *browser) submit(selector string) error {
	return b.step("submit "+selector, func(ctx context.Context) error {
		before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "#" + performance.timeOrigin`))
		if err != nil {
			return err
		}
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector(`+strconv.Quote(selector)+`); if (!el) return false; el.click(); return true; })()`))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no %s on %s", selector, before)
		}
		if err := poll(ctx, "the next page after "+before, `document.readyState === "complete" && location.href + "#" + performance.timeOrigin !== `+strconv.Quote(before)); err != nil {
			return err
		}
		return waitRendered(ctx)
	})
}

// fill types into fields found by id (the fields are emptied first), one
// step for each field.
func (b *browser) fill(fields ...[2]string) error {
	for _, f := range fields {
		err := b.step("type into #"+f[0], func(ctx context.Context) error {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { document.getElementById(`+strconv.Quote(f[0])+`).value = ""; return ""; })()`)); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID(f[0]), f[1]))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// appendText types text at the end of a field found by id (one step). It
// is for long fields, such as an episode's body, where typing the whole
// value again (as fill does) costs a browser round trip for every
// character.
func (b *browser) appendText(id, text string) error {
	return b.step("type at the end of #"+id, func(ctx context.Context) error {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const el = document.getElementById(`+strconv.Quote(id)+`);
			if (!el) return false;
			el.focus();
			el.setSelectionRange(el.value.length, el.value.length);
			return document.activeElement === el;
		})()`))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no field #%s to type into", id)
		}
		return chromedp.Do(ctx, chromedp.KeyEvent(text))
	})
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
		if err := b.step("choose "+f.name, func(ctx context.Context) error {
			return chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("media-file"), []string{file}))
		}); err != nil {
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
	const added = "\n\nUpdated: one more example for managers."
	if err := b.appendText("f-en-body", added); err != nil {
		return 0, err
	}
	if got, err := b.eval(`document.getElementById("f-en-body").value`); err != nil || got != body+added {
		return 0, fmt.Errorf("the English body after typing at its end: %.80q…, %v", got, err)
	}
	if err := b.submit(`button[name="do"][value="save"]`); err != nil {
		return 0, fmt.Errorf("save the episode: %w", err)
	}
	if stale, _ := b.eval(`document.querySelector('.episode-column[data-lang="fr"] .stale-mark') ? "yes" : ""`); stale == "" {
		return 0, errors.New("after changing the English, the French is not marked as needing an update")
	}

	// Readers' answers.
	if err := withStep(ctx, func(ctx context.Context) error { return addFeedback(ctx, db) }); err != nil {
		return 0, fmt.Errorf("readers' answers: %w", err)
	}
	return id, nil
}

// addFeedback records a few answers to the public pages' feedback question
// in the database, as readers' would be.
func addFeedback(ctx context.Context, db string) error {
	st, err := app.OpenStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	page, err := st.Episodes(ctx, store.EpisodeQuery{Lang: content.English, Now: now, Limit: 2})
	if err != nil {
		return err
	}
	if len(page.Episodes) < 2 {
		return errors.New("the demo content has fewer than two episodes")
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
			return err
		}
	}
	return nil
}

// shoot opens a screen, scrolls as asked, and returns a PNG of the
// viewport. Opening, scrolling until the images in view have loaded, and
// the picture are a step each.
func (b *browser) shoot(s adminShot) ([]byte, error) {
	if err := b.open(s.path); err != nil {
		return nil, err
	}
	err := b.step("scroll and load the images in view", func(ctx context.Context) error {
		if s.scrollTo != "" {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { document.querySelector(`+strconv.Quote(s.scrollTo)+`)?.scrollIntoView(); window.scrollBy(0, -24); return ""; })()`)); err != nil {
				return err
			}
		}
		// Images in view (lazy ones load only once scrolled to) must be there.
		return poll(ctx, "the images in view", `[...document.images].filter(i => {
			const r = i.getBoundingClientRect();
			return r.bottom > 0 && r.top < innerHeight;
		}).every(i => i.complete && i.naturalWidth > 0)`)
	})
	if err != nil {
		return nil, err
	}
	var raw []byte
	if err := b.step("take the picture", func(ctx context.Context) (err error) {
		raw, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		return err
	}); err != nil {
		return nil, err
	}
	return raw, nil
}
