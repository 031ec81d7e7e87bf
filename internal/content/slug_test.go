package content

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/testutil"
)

func TestSlugify(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("abcdefghi ", 12) // 10-byte words
	tests := []struct {
		name, in, want string
	}{
		{"required example", "Sommet des Nations numériques en 2020", "sommet-des-nations-numeriques-en-2020"},
		{"empty", "", ""},
		{"ascii", "Hello World", "hello-world"},
		{"already a slug", "hello-world-2", "hello-world-2"},
		{"curly apostrophes removed", "L’Œuvre d’art", "loeuvre-dart"},
		{"straight apostrophes removed", "Qu'est-ce que l'ACS+ ?", "quest-ce-que-lacs"},
		{"left quote removed", "‘quoted’", "quoted"},
		{"acute accent as apostrophe", "l´art", "lart"},
		{"modifier apostrophe", "aujourdʼhui", "aujourdhui"},
		{"fullwidth apostrophe", "l＇art", "lart"},
		{"backtick separates (as Ghost)", "a`b", "a-b"},
		{"French accents", "Élève à l’école où ça île", "eleve-a-lecole-ou-ca-ile"},
		{"NFD input", "E\u0301te\u0301", "ete"},
		{"oe ae", "Œdipe et Æsop, sœur", "oedipe-et-aesop-soeur"},
		{"sharp s", "Straße ẞ", "strasse-ss"},
		{"nordic and slavic", "Ørsted Đoković Łódź Þór Ðá", "orsted-dokovic-lodz-thor-da"},
		{"o slash acute decomposes then transliterates", "ǿ", "o"},
		{"dotless i and others", "ı ħ ŧ", "i-h-t"},
		{"ligatures", "ﬁle ﬂow ﬀ", "file-flow-ff"},
		{"fullwidth", "ＡＤＭＩＮ", "admin"},
		{"math bold", "𝐚𝐝𝐦𝐢𝐧", "admin"},
		{"Kelvin sign", "\u212Aelvin", "kelvin"},
		{"dotted I", "İstanbul", "istanbul"},
		{"superscript digit", "m²", "m2"},
		{"zero width space", "ad\u200bmin", "admin"},
		{"zero width joiner", "ad\u200dmin", "admin"},
		{"soft hyphen", "soft\u00adhyphen", "softhyphen"},
		{"BOM", "\ufefftitle", "title"},
		{"RLO", "evil\u202egnp.exe", "evilgnp-exe"},
		{"tags", "tag\U000E0041\U000E0042", "tag"},
		{"emoji only", "🎉🇨🇦", ""},
		{"emoji inside", "Fête 🎉 2025", "fete-2025"},
		{"keycap", "1️⃣ étape", "1-etape"},
		{"CJK only", "你好世界", ""},
		{"Cyrillic separates", "abc Привет def", "abc-def"},
		{"punctuation only", "!!! --- ???", ""},
		{"dashes", "a — b – c ‑ d", "a-b-c-d"},
		{"slashes and dots", "../../etc/passwd", "etc-passwd"},
		{"html", "<script>alert(1)</script>", "script-alert-1-script"},
		{"whitespace kinds", "a\u00a0b\u202fc\td\ne\u3000f", "a-b-c-d-e-f"},
		{"underscore", "snake_case", "snake-case"},
		{"invalid utf8 separates", "ab\xffcd", "ab-cd"},
		{"invalid utf8 only", "\xff\xfe\xc0", ""},
		{"truncated rune", "abc\xe2\x80", "abc"},
		{"exactly 80", strings.Repeat("a", 80), strings.Repeat("a", 80)},
		{"81 one word hard cut", strings.Repeat("a", 81), strings.Repeat("a", 80)},
		{"cut at hyphen", long, strings.TrimSuffix(strings.Repeat("abcdefghi-", 8), "-")},
		{"cut where next char is hyphen", strings.Repeat("a", 80) + " b", strings.Repeat("a", 80)},
		{"cut before hyphen at 80", strings.Repeat("a", 79) + " b", strings.Repeat("a", 79)},
		{"hyphen too early, hard cut", "ab " + strings.Repeat("c", 100), "ab-" + strings.Repeat("c", 77)},
		{"hyphen at half keeps", strings.Repeat("a", 40) + " " + strings.Repeat("c", 100), strings.Repeat("a", 40)},
		{"multibyte expansion at cap", strings.Repeat("œ", 41), strings.Repeat("oe", 40)},
		{"10,000-character word", strings.Repeat("x", 10000), strings.Repeat("x", 80)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Slugify(tt.in)
			if got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got != "" && !ValidSlug(got) {
				t.Errorf("Slugify(%q) = %q is not a valid slug", tt.in, got)
			}
			if again := Slugify(got); again != got {
				t.Errorf("not idempotent: Slugify(%q) = %q", got, again)
			}
		})
	}
}

// slugCorpus is ../shared/security-corpus/unicode/slugs-fr-en.json.
type slugCorpus struct {
	Cases []struct {
		ID        int    `json:"id"`
		Lang      string `json:"lang"`
		Title     string `json:"title"`
		GhostSlug string `json:"ghost_slug"`
	} `json:"cases"`
}

// slugPolicyDifferences lists corpus cases where Slugify deliberately
// differs from Ghost (see the Slugify doc comment): non-Latin scripts are
// not transliterated.
var slugPolicyDifferences = map[int]struct{ want, reason string }{
	32: {"", "Cyrillic is not transliterated (Ghost: privet-mir)"},
	33: {"", "CJK is not transliterated (Ghost/unidecode: ni-hao-shi-jie; any-ascii differs)"},
	34: {"", "Arabic is not transliterated (Ghost: mrhb-bl-lm, lossy and release-dependent)"},
}

func TestSlugifyGhostCorpus(t *testing.T) {
	t.Parallel()
	var c slugCorpus
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/slugs-fr-en.json"), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Cases) == 0 {
		t.Fatal("slug corpus has no cases")
	}
	seen := map[int]bool{}
	for _, tc := range c.Cases {
		seen[tc.ID] = true
		t.Run(fmt.Sprintf("%d-%s", tc.ID, tc.Lang), func(t *testing.T) {
			t.Parallel()
			want := tc.GhostSlug
			if d, ok := slugPolicyDifferences[tc.ID]; ok {
				if d.want == tc.GhostSlug {
					t.Fatalf("case %d listed as a policy difference but Ghost also gives %q", tc.ID, want)
				}
				want = d.want
			}
			if got := Slugify(tc.Title); got != want {
				t.Errorf("Slugify(%q) = %q, want %q (ghost %q)", tc.Title, got, want, tc.GhostSlug)
			}
		})
	}
	for id := range slugPolicyDifferences {
		if !seen[id] {
			t.Errorf("policy difference for case %d, which is not in the corpus", id)
		}
	}
}

// checkSlugProperties asserts the invariants of Slugify for any input.
func checkSlugProperties(t *testing.T, in string) {
	t.Helper()
	got := Slugify(in)
	if got != "" && !ValidSlug(got) {
		t.Errorf("Slugify(%q) = %q: neither empty nor a valid slug", in, got)
	}
	if again := Slugify(got); again != got {
		t.Errorf("Slugify not idempotent on %q: %q then %q", in, got, again)
	}
	if ValidSlug(in) && got != in {
		t.Errorf("Slugify changed valid slug %q to %q", in, got)
	}
}

func TestSlugifyBLNS(t *testing.T) {
	t.Parallel()
	var list []string
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/blns.json"), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) < 100 {
		t.Fatalf("blns.json has only %d strings", len(list))
	}
	for _, s := range list {
		checkSlugProperties(t, s)
	}
}

func TestSlugifyUnicodeEdgeCases(t *testing.T) {
	t.Parallel()
	var c struct {
		Cases []struct {
			ID    string `json:"id"`
			Input string `json:"input"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(testutil.ReadCorpus(t, "unicode/unicode-edge-cases.json"), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Cases) == 0 {
		t.Fatal("unicode-edge-cases.json has no cases")
	}
	// Expected outputs for some cases, to pin the policy down.
	want := map[string]string{
		"french-02":     "ete",
		"french-03":     "loeuvre-dart-a-montreal",
		"french-05":     "ca-minteresse",
		"french-09":     "oe-oe-ae-ae-c-c-a-a-a-a-e-e-e-e-e-e-e-e-i-i-i-i-o-o-u-u-u-u-u-u-y-y",
		"bidi-01":       "evilgnp-exe",
		"bidi-04":       "abcdef",
		"bidi-06":       "world",
		"invisible-01":  "admin",
		"invisible-02":  "admin",
		"invisible-03":  "admin",
		"invisible-04":  "title",
		"invisible-05":  "wordjoiner",
		"invisible-06":  "softhyphen",
		"invisible-07":  "tag",
		"invisible-08":  "",
		"invisible-09":  "",
		"combining-02":  "zalgo",
		"emoji-02":      "",
		"emoji-06":      "fete-2025",
		"casefold-02":   "istanbul",
		"casefold-06":   "dmin", // Cyrillic а is not folded to a Latin a
		"casefold-07":   "admin",
		"casefold-08":   "dz",
		"whitespace-07": "",
		"control-01":    "abc-def",
		"control-02":    "31mred-0m",
		"length-01":     "hello",
	}
	seen := 0
	for _, tc := range c.Cases {
		checkSlugProperties(t, tc.Input)
		if w, ok := want[tc.ID]; ok {
			seen++
			if got := Slugify(tc.Input); got != w {
				t.Errorf("%s: Slugify(%q) = %q, want %q", tc.ID, tc.Input, got, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("matched %d of %d expected case ids", seen, len(want))
	}
}

func TestValidSlug(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"a", true},
		{"0", true},
		{"hello-world", true},
		{"2020-sommet-2", true},
		{strings.Repeat("a", 80), true},
		{strings.Repeat("a", 81), false},
		{strings.Repeat("ab-", 26) + "ab", true}, // 80 bytes
		{"", false},
		{"-a", false},
		{"a-", false},
		{"-", false},
		{"a--b", false},
		{"Hello", false},
		{"a_b", false},
		{"a b", false},
		{"é", false},
		{"a/b", false},
		{"a.b", false},
		{"a\x00", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			t.Parallel()
			if got := ValidSlug(tt.in); got != tt.want {
				t.Errorf("ValidSlug(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestUniqueSlug(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 80)
	tests := []struct {
		name, base, fallback string
		taken                []string
		want                 string
	}{
		{"free", "hello", "episode", nil, "hello"},
		{"taken once", "hello", "episode", []string{"hello"}, "hello-2"},
		{"taken thrice", "hello", "episode", []string{"hello", "hello-2", "hello-3"}, "hello-4"},
		{"gap is reused", "hello", "episode", []string{"hello", "hello-3"}, "hello-2"},
		{"empty base uses fallback", "", "episode", nil, "episode"},
		{"fallback numbered", "", "episode", []string{"episode"}, "episode-2"},
		{"base slugified", "Hello World", "episode", nil, "hello-world"},
		{"unusable base", "你好", "épisode", nil, "episode"},
		{"both empty", "", "", nil, ""},
		{"long base trimmed for suffix", long, "x", []string{long}, strings.Repeat("a", 78) + "-2"},
		{"long base two-digit suffix", long, "x", taken10(long), strings.Repeat("a", 77) + "-10"},
		{"trim at hyphen", strings.Repeat("abcdefghi-", 7) + "abcdefghij", "x", []string{strings.Repeat("abcdefghi-", 7) + "abcdefghij"},
			strings.TrimSuffix(strings.Repeat("abcdefghi-", 7), "-") + "-2"},
		{"no trailing hyphen before suffix", strings.Repeat("a", 78) + "-b", "x", []string{strings.Repeat("a", 78) + "-b"}, strings.Repeat("a", 78) + "-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			set := map[string]bool{}
			for _, s := range tt.taken {
				set[s] = true
			}
			got := UniqueSlug(tt.base, tt.fallback, func(s string) bool { return set[s] })
			if got != tt.want {
				t.Errorf("UniqueSlug(%q, %q) = %q, want %q", tt.base, tt.fallback, got, tt.want)
			}
			if got != "" && !ValidSlug(got) {
				t.Errorf("UniqueSlug result %q is not a valid slug", got)
			}
			if set[got] {
				t.Errorf("UniqueSlug returned taken slug %q", got)
			}
		})
	}
}

// taken10 returns base and base-2 … base-9, trimmed as UniqueSlug does.
func taken10(base string) []string {
	out := []string{base}
	for n := 2; n <= 9; n++ {
		out = append(out, base[:78]+fmt.Sprintf("-%d", n))
	}
	return out
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{
		"", "Sommet des Nations numériques en 2020", "L’Œuvre d’art", "Qu'est-ce que l'ACS+ ?",
		"évil\u202egnp.exe", "ad\u200bmin", "🇨🇦", "你好世界", "l´art", "ǿ", "ﬁ", "\xff\xfe",
		strings.Repeat("ab ", 40), strings.Repeat("œ", 50), "---", "a--b", "m²", "\u00bd",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Slugify(in)
		if len(got) > MaxSlugLen {
			t.Fatalf("Slugify(%q) = %q: %d bytes", in, got, len(got))
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Slugify(%q) = %q: invalid UTF-8", in, got)
		}
		checkSlugProperties(t, in)
	})
}

func BenchmarkSlugify(b *testing.B) {
	titles := []string{
		"Sommet des Nations numériques en 2020",
		"L’Œuvre d’art à Montréal : qu’est-ce que l’ACS+ ?",
		"Canada’s Budget 2025: Highlights for public servants",
		strings.Repeat("Ministère de l’Environnement et du Changement climatique ", 4),
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Slugify(titles[i%len(titles)])
	}
}
