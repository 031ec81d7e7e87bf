package render

import (
	"errors"
	"fmt"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzRender(f *testing.F) {
	for _, c := range readMarkdownXSS(f).Cases {
		f.Add(c.Markdown)
	}
	for _, line := range readXSSMerged(f) {
		f.Add(line)
	}
	for _, s := range []string{
		"# Été 2025\n\n## Été 2025",
		"![a](a.png \"Caption\")",
		"> Quote\n>\n> — Name, Title",
		"> Quote\n> -- Name",
		`"Bonjour" l'été`,
		"[x](https://example.org) <https://a.example> www.b.example",
		"Fact[^1]\n\n[^1]: Note",
		"| a |\n|---|\n| b |\n\n- [ ] t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		// Hang watchdog: a slow input becomes a recorded failure instead
		// of a silent stall. (A panic, because t.Fatal may not be called
		// from another goroutine.)
		limit := hangBudget(t, len(md))
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(limit):
				panic(fmt.Sprintf("FuzzRender: input took over %v: %q", limit, md))
			}
		}()
		for _, lang := range []string{"en", "fr"} {
			out, err := testRenderer.Render(md, lang)
			if len(md) > MaxSize {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatalf("oversize input: err = %v, want ErrTooLarge", err)
				}
				return
			}
			if errors.Is(err, ErrTooComplex) {
				return
			}
			if err != nil {
				t.Fatalf("Render(%q, %s): %v", md, lang, err)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("Render(%q, %s) produced invalid UTF-8", md, lang)
			}
			if err := checkSafeHTML(out); err != nil {
				t.Fatalf("Render(%q, %s): %v\noutput: %q", md, lang, err, out)
			}
		}
		if err := checkSafeHTML(testRenderer.Sanitize(md)); err != nil {
			t.Fatalf("Sanitize(%q): %v", md, err)
		}
		_ = testRenderer.Text(md)
	})
}
