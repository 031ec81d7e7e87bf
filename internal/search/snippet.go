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

	type word struct {
		start, end int
		term       int // index of the matched term, -1 if none
	}
	var ws []word
	var matches []int // indices into ws
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
			matches = append(matches, len(ws))
		}
		ws = append(ws, w)
		return true
	})
	if len(ws) == 0 {
		return nil
	}

	// Pick the window.
	lead := min(5, words/3)
	bestStart, bestDistinct, bestTotal := 0, 0, 0
	seen := make([]int, len(termIdx)) // stamp per term
	stamp := 0
	for k, m := range matches {
		s := max(0, m-lead)
		stamp++
		distinct, total := 0, 0
		for _, j := range matches[k:] {
			if j >= s+words {
				break
			}
			total++
			if t := ws[j].term; seen[t] != stamp {
				seen[t] = stamp
				distinct++
			}
		}
		if distinct > bestDistinct || (distinct == bestDistinct && total > bestTotal) {
			bestStart, bestDistinct, bestTotal = s, distinct, total
		}
	}
	start := bestStart
	if start+words > len(ws) {
		start = max(0, len(ws)-words)
	}
	end := min(len(ws), start+words)

	var segs []Segment
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(segs); n > 0 && !segs[n-1].Match && !match {
			segs[n-1].Text += s
			return
		}
		segs = append(segs, Segment{Text: s, Match: match})
	}
	if start > 0 {
		add("… ", false)
	}
	// Keep what is glued to the first word: an elided "l’", a quote, "(".
	prev := 0
	if start > 0 {
		prev = ws[start-1].end
	}
	head := text[prev:ws[start].start]
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i >= 0 {
		_, w := utf8.DecodeRuneInString(head[i:])
		head = head[i+w:]
	}
	add(strings.TrimSpace(cleanGap(head)), false)
	for i := start; i < end; i++ {
		if i > start {
			add(cleanGap(text[ws[i-1].end:ws[i].start]), false)
		}
		add(cleanWord(text[ws[i].start:ws[i].end]), ws[i].term >= 0)
	}
	if end < len(ws) {
		// Keep punctuation glued to the last word ("word." "word,").
		tail := text[ws[end-1].end:ws[end].start]
		if i := strings.IndexFunc(tail, unicode.IsSpace); i >= 0 {
			tail = tail[:i]
		}
		add(strings.TrimSpace(cleanGap(tail)), false)
		add(" …", false)
	} else {
		add(strings.TrimRightFunc(cleanGap(text[ws[end-1].end:]), unicode.IsSpace), false)
	}
	return segs
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
