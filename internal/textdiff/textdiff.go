// Package textdiff compares two texts line by line or word by word with
// Myers' O(ND) algorithm. It performs no I/O and is safe for any input:
// past a bound on the edit distance it stops looking for the shortest
// script and reports the rest as replaced, so the cost stays bounded.
package textdiff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what happened to a piece of text.
type Kind int

const (
	Equal  Kind = iota // in both texts
	Delete             // only in the old text
	Insert             // only in the new text
)

func (k Kind) String() string {
	switch k {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// Op is a run of tokens with one kind. Joining the Text of the Equal and
// Delete ops gives the old text back; Equal and Insert give the new one.
type Op struct {
	Kind Kind
	Text string
}

// MaxEdits bounds the edit distance the diff searches for. Beyond it, the
// middle of the texts is reported as deleted and inserted whole.
const MaxEdits = 1000

// Lines diffs a and b by lines. Each token is a line with its newline.
func Lines(a, b string) []Op { return Diff(SplitLines(a), SplitLines(b)) }

// Words diffs a and b by words: runs of letters and digits, runs of
// spaces, and single other characters are tokens.
func Words(a, b string) []Op { return Diff(SplitWords(a), SplitWords(b)) }

// SplitLines cuts s after each newline; the last line may have none.
func SplitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// SplitWords cuts s into words, runs of white space, and single other
// characters (punctuation), so that joining the tokens gives s back.
func SplitWords(s string) []string {
	var out []string
	class := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 3
	}
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		c := class(r)
		if c != 3 {
			for n < len(s) {
				r2, m := utf8.DecodeRuneInString(s[n:])
				if class(r2) != c {
					break
				}
				n += m
			}
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// Diff returns the ops that turn the tokens a into b, merging adjacent
// tokens of the same kind. Within a change, deletions come before
// insertions.
func Diff(a, b []string) []Op {
	// Common prefix and suffix cost nothing to find and shrink the search.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out builder
	for _, t := range a[:pre] {
		out.add(Equal, t)
	}
	out.script(a[pre:len(a)-suf], b[pre:len(b)-suf])
	for _, t := range a[len(a)-suf:] {
		out.add(Equal, t)
	}
	return out.ops
}

type builder struct{ ops []Op }

func (o *builder) add(k Kind, t string) {
	if len(o.ops) > 0 && o.ops[len(o.ops)-1].Kind == k {
		o.ops[len(o.ops)-1].Text += t
		return
	}
	o.ops = append(o.ops, Op{Kind: k, Text: t})
}

// script appends the shortest edit script from a to b (Myers 1986,
// forward greedy with the trace of V kept for the walk back).
func (o *builder) script(a, b []string) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		for _, t := range a {
			o.add(Delete, t)
		}
		for _, t := range b {
			o.add(Insert, t)
		}
		return
	}
	// Tokens become small integers so comparisons are cheap.
	ids := map[string]int32{}
	intern := func(ts []string) []int32 {
		out := make([]int32, len(ts))
		for i, t := range ts {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	x1, y1 := intern(a), intern(b)
	maxD := min(n+m, MaxEdits)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		snap := make([]int, 2*d+3)
		copy(snap, v[off-d-1:off+d+2])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && x1[x] == y1[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		// Too different: report the whole middle as replaced.
		for _, t := range a {
			o.add(Delete, t)
		}
		for _, t := range b {
			o.add(Insert, t)
		}
		return
	}
	// Walk back through the trace to recover the path.
	type step struct {
		kind Kind
		i    int // index into a (Equal, Delete) or b (Insert)
	}
	var rev []step
	x, y := n, m
	for d := found; d > 0; d-- {
		snap := trace[d] // V before round d, indexed k + d + 1
		get := func(k int) int { return snap[k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := get(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, step{Equal, x})
		}
		if x == prevX {
			y--
			rev = append(rev, step{Insert, y})
		} else {
			x--
			rev = append(rev, step{Delete, x})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, step{Equal, x})
	}
	// Emit forwards, putting deletions before insertions within a change.
	var dels, ins []string
	flush := func() {
		for _, t := range dels {
			o.add(Delete, t)
		}
		for _, t := range ins {
			o.add(Insert, t)
		}
		dels, ins = dels[:0], ins[:0]
	}
	for i := len(rev) - 1; i >= 0; i-- {
		s := rev[i]
		switch s.kind {
		case Equal:
			flush()
			o.add(Equal, a[s.i])
		case Delete:
			dels = append(dels, a[s.i])
		case Insert:
			ins = append(ins, b[s.i])
		}
	}
	flush()
}

// Old joins the text of the old side of ops.
func Old(ops []Op) string {
	var b strings.Builder
	for _, op := range ops {
		if op.Kind != Insert {
			b.WriteString(op.Text)
		}
	}
	return b.String()
}

// New joins the text of the new side of ops.
func New(ops []Op) string {
	var b strings.Builder
	for _, op := range ops {
		if op.Kind != Delete {
			b.WriteString(op.Text)
		}
	}
	return b.String()
}

// Changed reports whether ops hold any insertion or deletion.
func Changed(ops []Op) bool {
	for _, op := range ops {
		if op.Kind != Equal {
			return true
		}
	}
	return false
}
