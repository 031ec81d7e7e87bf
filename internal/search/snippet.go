package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultSnippetWords is the snippet length when Snippet is given words <= 0.
const DefaultSnippetWords = 30

// maxGapRunes is the longest run of non-word text (punctuation, emoji, other
// scripts) kept between two words of a snippet; longer runs become "…".
const maxGapRunes = 40

// Segment is a piece of a snippet. Match marks a matched word. Text is plain
// text (valid UTF-8, whitespace collapsed): the page escapes it.
type Segment struct {
	Text  string
	Match bool
}

// Snippet returns an excerpt of about words words (DefaultSnippetWords when
// words <= 0) of text around the best cluster of words whose analysed term
// is in terms (e.g. ParseQuery(...).Terms): the window with the most
// distinct matched terms, then the most matches, the earliest among equals,
// starting a few words before its first match. Matching is on the analysed
// form, so the query "gouvernements" marks "gouvernement". Segments never
// cut a word; an ellipsis "…" marks text left out at either end. With no
// match it is the beginning of the text. Empty text gives nil.
func Snippet(lang, text string, terms []string, words int) []Segment {
	if words <= 0 {
		words = DefaultSnippetWords
	}
	lg := parseLang(lang)
	termIdx := make(map[string]int, len(terms))
	var first [256]bool // first bytes of the terms: a cheap filter before stemming
	for _, t := range terms {
		if t == "" {
			continue
		}
		if _, ok := termIdx[t]; !ok {
			termIdx[t] = len(termIdx)
		}
		first[t[0]] = true
	}

	// The text is read once, and what is kept is bounded by the snippet's
	// length, not the text's: the matched words (position and term), the
	// first and the last words+2 words, and the words of the best window
	// judged so far. A window starting at s holds the words s to
	// s+words-1; it is judged once the word after it is read (which the
	// snippet may need, as the one before it), and the first best wins.
	r := words + 2
	head := make([]word, 0, r)
	ring := make([]word, r) // word i at ring[i%r], for the last r words
	var win []word          // the words winLo… of the best window judged
	winLo := 0
	type match struct{ at, term int }
	var matches []match
	judged := 0 // matches[judged:] start windows not judged yet
	lead := min(5, words/3)
	bestStart, bestDistinct, bestTotal := 0, 0, 0
	seen := make([]int, len(termIdx)) // stamp per term
	stamp := 0
	// judge scores the window of matches[k] and reports whether it is the
	// best so far.
	judge := func(k int) bool {
		s := max(0, matches[k].at-lead)
		stamp++
		distinct, total := 0, 0
		for _, m := range matches[k:] {
			if m.at >= s+words {
				break
			}
			total++
			if seen[m.term] != stamp {
				seen[m.term] = stamp
				distinct++
			}
		}
		if distinct > bestDistinct || (distinct == bestDistinct && total > bestTotal) {
			bestStart, bestDistinct, bestTotal = s, distinct, total
			return true
		}
		return false
	}
	n := 0 // words read
	local := make(map[string]int)
	tokenize(lg, text, func(tok token) bool {
		w := word{start: tok.start, end: tok.end, term: -1}
		if f := tok.folded; len(f) > 0 && first[f[0]] {
			ti, ok := local[string(f)]
			if !ok {
				ti = -1
				if i, hit := termIdx[stem(lg, f)]; hit {
					ti = i
				}
				local[string(f)] = ti
			}
			w.term = ti
		}
		if w.term >= 0 {
			matches = append(matches, match{at: n, term: w.term})
		}
		ring[n%r] = w
		if len(head) < r {
			head = append(head, w)
		}
		n++
		for judged < len(matches) {
			s := max(0, matches[judged].at-lead)
			if s+words >= n {
				break // the word after the window is not read yet
			}
			if judge(judged) {
				winLo = max(0, s-1)
				win = win[:0]
				for i := winLo; i < n; i++ {
					win = append(win, ring[i%r])
				}
			}
			judged++
		}
		return true
	})
	if n == 0 {
		return nil
	}
	// Windows cut by the end of the text: their words are the last ones.
	for ; judged < len(matches); judged++ {
		judge(judged)
	}
	at := func(i int) word {
		switch {
		case i >= n-r:
			return ring[i%r]
		case i < len(head):
			return head[i]
		default:
			return win[i-winLo]
		}
	}

	start := bestStart
	if start+words > n {
		start = max(0, n-words)
	}
	end := min(n, start+words)

	var segs []Segment
	var plain strings.Builder // unmatched text not yet in segs
	flush := func() {
		if plain.Len() > 0 {
			segs = append(segs, Segment{Text: plain.String()})
			plain.Reset()
		}
	}
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if !match {
			plain.WriteString(s)
			return
		}
		flush()
		segs = append(segs, Segment{Text: s, Match: true})
	}
	if start > 0 {
		add("… ", false)
	}
	// Keep what is glued to the first word: an elided "l’", a quote, "(".
	prev := 0
	if start > 0 {
		prev = at(start - 1).end
	}
	head0 := text[prev:at(start).start]
	if i := strings.LastIndexFunc(head0, unicode.IsSpace); i >= 0 {
		_, w := utf8.DecodeRuneInString(head0[i:])
		head0 = head0[i+w:]
	}
	add(strings.TrimSpace(cleanGap(head0)), false)
	last := at(start)
	for i := start; i < end; i++ {
		w := at(i)
		if i > start {
			add(cleanGap(text[last.end:w.start]), false)
		}
		add(cleanWord(text[w.start:w.end]), w.term >= 0)
		last = w
	}
	if end < n {
		// Keep punctuation glued to the last word ("word." "word,").
		tail := text[last.end:at(end).start]
		if i := strings.IndexFunc(tail, unicode.IsSpace); i >= 0 {
			tail = tail[:i]
		}
		add(strings.TrimSpace(cleanGap(tail)), false)
		add(" …", false)
	} else {
		add(strings.TrimRightFunc(cleanGap(text[last.end:]), unicode.IsSpace), false)
	}
	flush()
	return segs
}

// word is a word of a text being cut into a snippet: its bytes, and the
// index of the term it matches (-1 for none).
type word struct {
	start, end int
	term       int
}

// cleanWord makes a word valid UTF-8.
func cleanWord(s string) string {
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cleanGap collapses whitespace and control characters in the text between
// two words to one space, drops invalid bytes, and shortens long runs.
func cleanGap(s string) string {
	var b strings.Builder
	space := false
	n := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, w := utf8.DecodeRuneInString(s[i:]); w <= 1 {
				continue
			}
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			space = true
			continue
		}
		if unicode.Is(unicode.Cf, r) { // zero-width and bidi controls
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		n++
		if n > maxGapRunes {
			return " … "
		}
	}
	if space || (b.Len() == 0 && s != "") {
		b.WriteByte(' ') // never glue two words together
	}
	return b.String()
}
