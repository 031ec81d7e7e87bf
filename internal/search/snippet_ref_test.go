package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// referenceSnippet is Snippet as it was first written: every word of the
// text held in memory, then the window chosen. Snippet now streams the text
// with a bounded window of words; TestSnippetMatchesReference checks that
// both give the same segments.
func referenceSnippet(lang, text string, terms []string, words int) []Segment {
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
