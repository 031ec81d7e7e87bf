package i18n

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTemplateKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"none", `<p>{{.Title}}</p>`, []string{}},
		{"plain", `{{t "nav.home"}}`, []string{"nav.home"}},
		{"spaced", `{{ t "nav.home" }}`, []string{"nav.home"}},
		{"trim markers", `{{- t "nav.home" -}}{{-t "nav.topics"-}}`, []string{"nav.home", "nav.topics"}},
		{"paren", `{{printf "%s" (t "episode.minutes_read" "n" .Minutes)}}`, []string{"episode.minutes_read"}},
		{"pipeline attr", `<a aria-label="{{ t "nav.home" | printf "%s" }}">`, []string{"nav.home"}},
		{"method T", `{{.T "nav.series"}} {{ $.P.T "nav.authors" }} {{T "nav.privacy"}}`, []string{"nav.authors", "nav.privacy", "nav.series"}},
		{"plural tn", `{{tn "list.count" .Total}}`, []string{"list.count.one", "list.count.other"}},
		{"plural method N", `{{.P.N "list.count" 3}}`, []string{"list.count.one", "list.count.other"}},
		{"raw string", "{{t `nav.terms`}}", []string{"nav.terms"}},
		{"several in one action", `{{if .X}}{{t "a.b"}}{{else}}{{t "c.d"}}{{end}} {{print (t "e.f") (t "a.b")}}`, []string{"a.b", "c.d", "e.f"}},
		{"dedup and sort", `{{t "z.z"}}{{t "a.a"}}{{t "z.z"}}`, []string{"a.a", "z.z"}},
		{"not an identifier suffix", `{{print "x.y"}} {{ $t "q.q" }} {{ust "r.r"}} {{ .Ext "s.s" }}`, []string{}},
		{"outside actions", `<p>Say t "nav.home" here</p>`, []string{}},
		{"comment skipped", `{{/* t "old.key" don't }} */}}{{t "new.key"}}`, []string{"new.key"}},
		{"trim comment skipped", `{{- /* t "old.key" */ -}}{{t "new.key"}}`, []string{"new.key"}},
		{"braces in string", `{{t "a.b" "x" "}}"}}{{t "c.d"}}`, []string{"a.b", "c.d"}},
		{"dynamic key ignored", `{{t .Key}} {{t (printf "kind.%s" .Kind)}}`, []string{}},
		{"escaped quote", `{{t "a.\"b"}}`, []string{`a."b`}},
		{"newline in action", "{{\n  t\n  \"nav.home\"\n}}", []string{"nav.home"}},
		{"unterminated", `{{t "nav.home"`, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := TemplateKeys(tt.src)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("TemplateKeys(%q) mismatch (-want +got):\n%s", tt.src, d)
			}
		})
	}
}

// TestTemplateKeysAgainstCatalogue shows the intended use: every literal
// key a template uses must be in both catalogues.
func TestTemplateKeysAgainstCatalogue(t *testing.T) {
	t.Parallel()
	c := mustLoad(t)
	src := `<a href="#main">{{t "skip.main"}}</a><p>{{tn "list.count" 2}}</p>{{t "nav.nope"}}`
	var missingKeys []string
	for _, k := range TemplateKeys(src) {
		for _, lang := range []string{EN, FR} {
			if !c.Has(lang, k) {
				missingKeys = append(missingKeys, lang+":"+k)
			}
		}
	}
	if d := cmp.Diff([]string{"en:nav.nope", "fr:nav.nope"}, missingKeys); d != "" {
		t.Errorf("missing keys (-want +got):\n%s", d)
	}
}

func FuzzTemplateKeys(f *testing.F) {
	for _, s := range []string{`{{t "a.b"}}`, `{{/*`, `{{"`, "{{`", `{{t "\`, `{{ tn "x" }}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_ = TemplateKeys(src)
	})
}
