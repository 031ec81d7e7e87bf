package i18n

import (
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header    string
		lang      string
		confident bool
	}{
		{"fr-CA,fr;q=0.9,en;q=0.8", FR, true},
		{"fr-FR", FR, true},
		{"fr", FR, true},
		{"fr-BE,fr;q=0.8", FR, true},
		{"en-US,en;q=0.9", EN, true},
		{"en-CA", EN, true},
		{"en", EN, true},
		{"de-CH, fr;q=0.5", FR, true},
		{"en;q=0.2, fr;q=0.9", FR, true},
		{"fr;q=0, en", EN, true},
		{"es-MX,es;q=0.9", EN, false},
		{"", EN, false},
		{"   ", EN, false},
		{"*", EN, false},
		{"fr;q=0", EN, false},
		{"garbage", EN, false},
		{"!!!", EN, false},
		{"fr-CA;q=abc", EN, false},
		{";;;,,,", EN, false},
		{"\x00\xff", EN, false},
		{strings.Repeat("fr-CA,", 1000), FR, true},
		{strings.Repeat("x", 5000), EN, false},
	}
	for _, tt := range tests {
		lang, conf := Negotiate(tt.header)
		if lang != tt.lang || conf != tt.confident {
			name := tt.header
			if len(name) > 40 {
				name = name[:40] + "…"
			}
			t.Errorf("Negotiate(%q) = (%q, %v), want (%q, %v)", name, lang, conf, tt.lang, tt.confident)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{
		"fr-CA,fr;q=0.9,en;q=0.8", "en-US,en;q=0.9", "de-CH, fr;q=0.5", "es-MX", "", "*",
		"fr;q=0", "x-klingon", "zh-Hant-TW-u-ca-chinese", "fr-CA;q=1.5", "en;q=-1", "i-default",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		lang, conf := Negotiate(h)
		if lang != EN && lang != FR {
			t.Fatalf("Negotiate(%q) = %q", h, lang)
		}
		if !conf && lang != EN {
			t.Fatalf("Negotiate(%q) = (%q, false); unconfident must be en", h, lang)
		}
	})
}

func BenchmarkNegotiate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Negotiate("fr-CA,fr;q=0.9,en-US;q=0.8,en;q=0.7")
	}
}
