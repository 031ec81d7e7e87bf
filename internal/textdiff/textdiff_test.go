package textdiff

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		want       []Op
	}{
		{"same", "a\nb\n", "a\nb\n", []Op{{Equal, "a\nb\n"}}},
		{"both empty", "", "", nil},
		{"from empty", "", "x\n", []Op{{Insert, "x\n"}}},
		{"to empty", "x\n", "", []Op{{Delete, "x\n"}}},
		{"middle changed", "a\nb\nc\n", "a\nB\nc\n", []Op{{Equal, "a\n"}, {Delete, "b\n"}, {Insert, "B\n"}, {Equal, "c\n"}}},
		{"insert", "a\nc\n", "a\nb\nc\n", []Op{{Equal, "a\n"}, {Insert, "b\n"}, {Equal, "c\n"}}},
		{"delete", "a\nb\nc\n", "a\nc\n", []Op{{Equal, "a\n"}, {Delete, "b\n"}, {Equal, "c\n"}}},
		{"no final newline", "a\nb", "a\nb\n", []Op{{Equal, "a\n"}, {Delete, "b"}, {Insert, "b\n"}}},
		{"interleaved", "a\nx\nb\ny\nc\n", "a\nb\nc\nz\n", []Op{{Equal, "a\n"}, {Delete, "x\n"}, {Equal, "b\n"}, {Delete, "y\n"}, {Equal, "c\n"}, {Insert, "z\n"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Lines(tc.a, tc.b)
			if !equalOps(got, tc.want) {
				t.Errorf("Lines(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			check(t, tc.a, tc.b, got)
		})
	}
}

func TestWords(t *testing.T) {
	got := Words("The quick brown fox.", "The slow brown fox!")
	want := []Op{{Equal, "The "}, {Delete, "quick"}, {Insert, "slow"}, {Equal, " brown fox"}, {Delete, "."}, {Insert, "!"}}
	if !equalOps(got, want) {
		t.Errorf("Words = %v, want %v", got, want)
	}
	got = Words("l’été déjà", "l’été deja")
	want = []Op{{Equal, "l’été "}, {Delete, "déjà"}, {Insert, "deja"}}
	if !equalOps(got, want) {
		t.Errorf("Words (accents) = %v, want %v", got, want)
	}
}

func TestShortest(t *testing.T) {
	// The classic example of Myers' paper: distance 5.
	ops := Diff(strings.Split("ABCABBA", ""), strings.Split("CBABAC", ""))
	n := 0
	for _, op := range ops {
		if op.Kind != Equal {
			n += len(op.Text)
		}
	}
	if n != 5 {
		t.Errorf("edit distance %d, want 5: %v", n, ops)
	}
}

// TestBounded: texts with nothing in common beyond MaxEdits still give a
// correct (if not minimal) script, quickly.
func TestBounded(t *testing.T) {
	var a, b strings.Builder
	for i := range 3 * MaxEdits {
		a.WriteString("a" + strings.Repeat("x", i%7) + "\n")
		b.WriteString("b" + strings.Repeat("y", i%5) + "\n")
	}
	ops := Lines(a.String(), b.String())
	check(t, a.String(), b.String(), ops)
	if !Changed(ops) {
		t.Error("no change reported")
	}
}

func check(t *testing.T, a, b string, ops []Op) {
	t.Helper()
	if Old(ops) != a || New(ops) != b {
		t.Fatalf("ops do not rebuild the texts: old %q new %q", Old(ops), New(ops))
	}
	for i, op := range ops {
		if op.Text == "" {
			t.Fatalf("empty op %d", i)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Fatalf("ops %d and %d have the same kind", i-1, i)
		}
		if i > 0 && ops[i-1].Kind == Insert && op.Kind == Delete {
			t.Fatalf("insert before delete at %d", i)
		}
	}
	if (a == b) == Changed(ops) {
		t.Fatalf("Changed = %t for a == b: %t", Changed(ops), a == b)
	}
}

func equalOps(a, b []Op) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzDiff(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("", "x")
	f.Add("L’été dernier, déjà.", "L’hiver dernier — déjà !")
	f.Add("\xff\xfe\n", "\n\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		check(t, a, b, Lines(a, b))
		check(t, a, b, Words(a, b))
		if len(a) < 48 && len(b) < 48 {
			// Character diffs of short texts are minimal: the distance is
			// what the longest common subsequence leaves.
			ra, rb := strings.Split(a, ""), strings.Split(b, "")
			n := 0
			for _, op := range Diff(ra, rb) {
				if op.Kind != Equal {
					n += len(strings.Split(op.Text, ""))
				}
			}
			if want := len(ra) + len(rb) - 2*lcs(ra, rb); n != want {
				t.Fatalf("distance %d, want %d", n, want)
			}
		}
	})
}

func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}
