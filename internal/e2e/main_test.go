package e2e_test

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/busrides/busrides/internal/mail/mailtest"
)

// site is the running binary every test shares.
var site struct {
	url     string // http://127.0.0.1:PORT
	db      string // its SQLite file
	chrome  string // the browser binary
	skip    string // why the tests skip, when they do
	browser context.Context
	// mail is the SMTP server the binary sends its notifications to.
	mail *mailtest.Server
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// shortSkip is why every browser test skips under -short.
const shortSkip = "-short: the browser tests build the site and drive Chromium (minutes); the full run takes them"

func run(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		// Neither build the site nor start the browser: every test skips.
		site.skip = shortSkip
		return m.Run()
	}
	inCI := os.Getenv("CI") == "true"
	chrome, err := findChromium()
	if err != nil {
		if inCI {
			fmt.Fprintln(os.Stderr, "e2e: FAIL: Chromium is required in CI:", err)
			return 1
		}
		site.skip = "Chromium not found (" + err.Error() + "): install Debian's chromium package or set BUSRIDES_CHROMIUM to run the browser tests"
		return m.Run()
	}
	site.chrome = chrome

	dir, err := os.MkdirTemp("", "busrides-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	var stopMail func() error
	if site.mail, stopMail, err = mailtest.Listen(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: smtp test server:", err)
		return 1
	}
	defer func() {
		if err := stopMail(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: smtp test server:", err)
		}
	}()

	stop, err := startSite(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer stop()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-CA"),
		chromedp.UserDataDir(filepath.Join(dir, "chromium")),
		chromedp.WindowSize(1280, 900),
	)...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	// Start the browser once, without a deadline (a deadline here would
	// stop the whole browser when it expires): a timer bounds the wait.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser, chromedp.Navigate("about:blank")) }()
	select {
	case err := <-started:
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e: cannot start Chromium:", err)
			return 1
		}
	case <-time.After(2 * time.Minute):
		fmt.Fprintln(os.Stderr, "e2e: Chromium did not start within 2 minutes")
		return 1
	}
	site.browser = browser
	return m.Run()
}

// findChromium looks for the browser: BUSRIDES_CHROMIUM, then the usual names.
func findChromium() (string, error) {
	if p := os.Getenv("BUSRIDES_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("BUSRIDES_CHROMIUM: %w", err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome on PATH")
}

// startSite builds the binary and runs `busrides serve --demo` on a free
// port with a fresh database, as a person would from the README.
func startSite(dir string) (stop func(), err error) {
	root, err := filepath.Abs(filepath.Join("..", "..")) // tests run in internal/e2e
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "busrides")
	build := exec.Command("go", "build", "-o", bin, "./cmd/busrides")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	site.db = filepath.Join(dir, "busrides.db")
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--database", site.db,
		"--smtp-url", site.mail.URL(), "--mail-from", "busrides@example.gc.ca")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start busrides: %w", err)
	}
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		logFile.Close()
	}
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case line := <-lines:
		const prefix = "Busrides is running at "
		if !strings.HasPrefix(line, prefix) {
			stop()
			log, _ := os.ReadFile(logFile.Name())
			return nil, fmt.Errorf("busrides did not start: %q\n%s", line, log)
		}
		site.url = strings.Fields(strings.TrimPrefix(line, prefix))[0]
	case <-time.After(2 * time.Minute): // it imports the demo content first
		stop()
		return nil, errors.New("busrides did not start within 2 minutes")
	}
	return stop, nil
}
