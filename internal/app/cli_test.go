package app_test

import (
	"bufio"
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app"
)

// run calls Main with no environment and captures its output.
func run(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = app.Main(ctx, args, &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

func TestVersionAndUsage(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, t.Context(), "version")
	if code != 0 || !strings.HasPrefix(out, "busrides ") {
		t.Fatalf("version: code %d, out %q", code, out)
	}
	code, _, errOut := run(t, t.Context(), "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Fatalf("unknown command: code %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, t.Context())
	if code != 2 || !strings.Contains(errOut, "Usage:") {
		t.Fatalf("no command: code %d, stderr %q", code, errOut)
	}
}

func TestServeBadFlag(t *testing.T) {
	t.Parallel()
	code, _, errOut := run(t, t.Context(), "serve", "--no-such-flag")
	if code != 2 || !strings.Contains(errOut, "flag provided but not defined: -no-such-flag") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

func TestServePortInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errOut := run(t, t.Context(), "serve", "--addr", ln.Addr().String(), "--database", filepath.Join(t.TempDir(), "b.db"))
	if code != 1 || !strings.Contains(errOut, "already in use") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

func TestServeUnreachableDatabase(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	// Port 1 on loopback refuses connections at once.
	code, _, errOut := run(t, ctx, "serve", "--addr", "127.0.0.1:0", "--database", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || !strings.Contains(errOut, "cannot reach the database") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

// serve starts, answers, and stops gracefully when its context ends.
func TestServeAndShutdown(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	db := filepath.Join(t.TempDir(), "b.db")
	go func() {
		var errb bytes.Buffer
		done <- app.Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", db, "--demo"}, pw, &errb, func(string) string { return "" })
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no start-up line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	url := strings.Fields(strings.TrimPrefix(line, "Busrides is running at "))[0]
	resp, err := http.Get(url + "/en/")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /en/: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited with %d after shutdown", code)
		}
	case <-time.After(time.Minute): // a hang bound: serve's graceful shutdown alone may take 15 s
		t.Fatal("serve did not stop within a minute after its context ended")
	}
}

func TestNoticeSetAndShow(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	code, _, errOut := run(t, t.Context(), "notice", "set", "--en", "Maintenance tonight.", "--database", db)
	if code != 1 || !strings.Contains(errOut, "both languages") {
		t.Fatalf("one language only: code %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, t.Context(), "notice", "set", "--en", "Maintenance tonight.", "--fr", "Maintenance ce soir.", "--database", db)
	if code != 0 {
		t.Fatalf("set: code %d, stderr %q", code, errOut)
	}
	_, out, _ := run(t, t.Context(), "notice", "show", "--database", db)
	want := "shown: true\nen: Maintenance tonight.\nfr: Maintenance ce soir.\n"
	if out != want {
		t.Fatalf("show = %q, want %q", out, want)
	}
	if code, _, errOut = run(t, t.Context(), "notice", "set", "--off", "--database", db); code != 0 {
		t.Fatalf("off: code %d, stderr %q", code, errOut)
	}
	_, out, _ = run(t, t.Context(), "notice", "show", "--database", db)
	if out != "shown: false\nen: Maintenance tonight.\nfr: Maintenance ce soir.\n" {
		t.Fatalf("after --off: %q", out)
	}
}

func TestImportMarkdown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("topics/data.md", "---\nname_en: Data\nname_fr: Données\n---\n")
	write("authors/ada.md", "---\nname: Ada Tremblay\nbio_en: Ada writes.\nbio_fr: Ada écrit.\n---\n")
	write("episodes/first.md", "---\nkind: read\npublished: 2024-01-10\ntopic: data\nauthor: ada\n---\n\n--- en\ntitle: First steps\nsummary: A start.\n---\nSome words here.\n\n--- fr\ntitle: Premiers pas\nsummary: Un début.\n---\nQuelques mots ici.\n")
	db := filepath.Join(t.TempDir(), "b.db")

	code, out, errOut := run(t, t.Context(), "import", "markdown", dir, "--database", db)
	if code != 0 || !strings.Contains(out, "Imported 1 topics, 1 authors, 0 series, 1 new and 0 updated episodes") {
		t.Fatalf("import: code %d, out %q, stderr %q", code, out, errOut)
	}

	// A broken file: nothing is imported and the error names file and line.
	write("episodes/second.md", "---\nkind: read\npublished: 2024-01-11\ntopic: data\nauthor: ada\ncolour: blue\n---\n\n--- en\ntitle: Second\nsummary: S.\n---\nBody.\n")
	write("topics/more.md", "---\nname_en: More\nname_fr: Plus\n---\n")
	code, _, errOut = run(t, t.Context(), "import", "markdown", dir, "--database", db)
	if code != 1 || !strings.Contains(errOut, `episodes/second.md:6: unknown field "colour"`) || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("broken import: code %d, stderr %q", code, errOut)
	}
	st, err := app.OpenStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	topics, err := st.Topics(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(topics) != 1 {
		t.Fatalf("a failed import must write nothing: %d topics stored", len(topics))
	}

	code, _, errOut = run(t, t.Context(), "import", "markdown", filepath.Join(dir, "missing"), "--database", db)
	if code != 1 || !strings.Contains(errOut, "is not a folder") {
		t.Fatalf("missing folder: code %d, stderr %q", code, errOut)
	}
	code, _, _ = run(t, t.Context(), "import", "json", dir)
	if code != 2 {
		t.Fatalf("unknown import format: code %d", code)
	}
}

// The usage text names every command and every user subcommand the
// program dispatches (read from the switches in cli.go and user_cmd.go).
func TestUsageNamesEveryCommand(t *testing.T) {
	t.Parallel()
	cases := func(file, fn string) []string {
		t.Helper()
		af, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range af.Decls {
			f, ok := d.(*ast.FuncDecl)
			if !ok || f.Name.Name != fn {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if cc, ok := n.(*ast.CaseClause); ok {
					for _, e := range cc.List {
						if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							if s, err := strconv.Unquote(lit.Value); err == nil && !strings.HasPrefix(s, "-") && s != "help" && s != "version" {
								out = append(out, s)
							}
						}
					}
				}
				return true
			})
		}
		if len(out) == 0 {
			t.Fatalf("no commands found in %s %s", file, fn)
		}
		return out
	}
	_, out, _ := run(t, t.Context(), "help")
	for _, c := range cases("cli.go", "MainIO") {
		if !strings.Contains(out, "busrides "+c+" ") {
			t.Errorf("usage does not name busrides %s", c)
		}
	}
	for _, c := range append(cases("user_cmd.go", "userCmd"), "add") {
		if !strings.Contains(out, "busrides user "+c+" ") {
			t.Errorf("usage does not name busrides user %s", c)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	for _, tt := range []struct {
		flag, cache, search int
		goMemLimit          bool
		want                int64
		adaptive            bool
	}{
		{-1, 64, 128, false, 224 * mib, true},     // the defaults: a floor
		{-1, 32, 128, false, 192 * mib, true},     // follows the cache
		{-1, 64, 128, true, -1, false},            // GOMEMLIMIT is the runtime's
		{300, 64, 128, true, 300 * mib, false},    // the flag wins
		{0, 64, 128, false, math.MaxInt64, false}, // none
		{1 << 20, 64, 128, false, 1 << 40, false}, // the largest allowed
	} {
		got, adaptive := app.MemoryLimit(tt.flag, tt.cache, tt.search, tt.goMemLimit)
		if got != tt.want || adaptive != tt.adaptive {
			t.Errorf("MemoryLimit(%d, %d, %d, %v) = %d, %v; want %d, %v", tt.flag, tt.cache, tt.search, tt.goMemLimit, got, adaptive, tt.want, tt.adaptive)
		}
	}
	code, _, errOut := run(t, t.Context(), "serve", "--memory-limit-mb", "-5")
	if code != 2 || !strings.Contains(errOut, "--memory-limit-mb must be between 0 and 1048576, not -5") {
		t.Fatalf("serve --memory-limit-mb -5: code %d, stderr %q", code, errOut)
	}
}
