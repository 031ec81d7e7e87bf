package ui_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/ui"
)

var updateSignature = flag.Bool("update-signature", false,
	"rewrite static/img/gc-*.svg from the vendored gcds-signature component")

// The GC signature and the Canada wordmark that pages show without
// JavaScript (the splash page, the no-script header and footer) are the
// design system's own drawings, taken from the vendored gcds-signature
// component, never redrawn nor fetched from elsewhere. The component
// colours them from its tokens through CSS; an <img> cannot, so the files
// carry those colours as fill attributes. This test rebuilds the files
// from the vendored component and tokens and fails when they differ:
// after updating the design system, run
//
//	go test ./internal/ui -run TestSignatureImages -update-signature
func TestSignatureImages(t *testing.T) {
	t.Parallel()
	want, err := signatureImages(ui.StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range want {
		path := filepath.Join("static", "img", name)
		if *updateSignature {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := fs.ReadFile(ui.StaticFS(), "img/"+name)
		if err != nil {
			t.Errorf("%v (run with -update-signature)", err)
			continue
		}
		if !bytes.Equal(got, b) {
			t.Errorf("%s differs from the vendored gcds-signature (run with -update-signature)", path)
		}
	}
}

// signatureImages extracts the four drawings of gcds-signature (its
// selectSVG getter: wordmark, then signature, each English then French)
// and colours them with the signature tokens.
func signatureImages(static fs.FS) (map[string][]byte, error) {
	chunks, err := fs.Glob(static, "vendor/gcds/components/p-*.js")
	if err != nil {
		return nil, err
	}
	const getter = `get selectSVG(){return"wordmark"===this.type?"en"==this.lang?`
	var src string
	for _, c := range chunks {
		b, err := fs.ReadFile(static, c)
		if err != nil {
			return nil, err
		}
		if i := bytes.Index(b, []byte(getter)); i >= 0 {
			src = string(b[i+len(getter):])
			break
		}
	}
	if src == "" {
		return nil, fmt.Errorf("no gcds-signature selectSVG getter in the vendored components")
	}
	var svgs []string
	for i, sep := range []string{":", `:"en"==this.lang?`, ":", ""} {
		s, rest, err := jsString(src)
		if err != nil {
			return nil, fmt.Errorf("drawing %d: %w", i, err)
		}
		if !strings.HasPrefix(rest, sep) {
			return nil, fmt.Errorf("drawing %d: unexpected %.40q after it", i, rest)
		}
		svgs, src = append(svgs, s), rest[len(sep):]
	}
	tokens, err := fs.ReadFile(static, "vendor/gcds/tokens/tokens.css")
	if err != nil {
		return nil, err
	}
	flagColour, err := token(tokens, "--gcds-signature-color-flag")
	if err != nil {
		return nil, err
	}
	textColour, err := token(tokens, "--gcds-signature-color-text")
	if err != nil {
		return nil, err
	}
	colour := strings.NewReplacer(
		`class="fip_flag"`, `class="fip_flag" fill="`+flagColour+`"`,
		`class="fip_text"`, `class="fip_text" fill="`+textColour+`"`)
	out := map[string][]byte{}
	for i, name := range []string{"gc-wordmark-en.svg", "gc-wordmark-fr.svg", "gc-signature-en.svg", "gc-signature-fr.svg"} {
		s := svgs[i]
		if !strings.HasPrefix(s, "<svg") || !strings.Contains(s, `class="fip_flag"`) || !strings.Contains(s, `class="fip_text"`) {
			return nil, fmt.Errorf("%s: not the expected drawing: %.60q", name, s)
		}
		out[name] = []byte(colour.Replace(s) + "\n")
	}
	return out, nil
}

// jsString reads the single-quoted JavaScript string at the start of s and
// returns its value and what follows it.
func jsString(s string) (string, string, error) {
	if !strings.HasPrefix(s, "'") {
		return "", "", fmt.Errorf("no string at %.20q", s)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			return b.String(), s[i+1:], nil
		case '\\':
			if i+1 == len(s) {
				return "", "", fmt.Errorf("unterminated string")
			}
			i++
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '\\', '\'', '"':
				b.WriteByte(e)
			default:
				return "", "", fmt.Errorf("escape \\%c not handled", e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("unterminated string")
}

// token reads a custom property's colour from tokens.css.
func token(css []byte, name string) (string, error) {
	m := regexp.MustCompile(regexp.QuoteMeta(name) + `:\s*(#[0-9a-fA-F]{3,8})\s*;`).FindSubmatch(css)
	if m == nil {
		return "", fmt.Errorf("tokens.css has no colour %s", name)
	}
	return string(m[1]), nil
}
