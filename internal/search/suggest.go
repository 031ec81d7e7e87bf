package search

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinSuggestLen is the shortest folded word Suggest corrects.
const MinSuggestLen = 5

// Vocabulary is the set of surface words an index holds, as Suggest needs
// it: matched folded, shown as written.
type Vocabulary interface {
	// HasWord reports whether the folded word is in the vocabulary.
	HasWord(word string) bool
	// Near lists the vocabulary words at Damerau–Levenshtein (optimal
	// string alignment) distance exactly 1 from the folded word, best
	// candidate first, folded.
	Near(word string) []string
	// Written is how the vocabulary's folded word is written in the
	// indexed texts (lowercase, accents kept: "litteratie" →
	// "littératie"), or the word itself.
	Written(word string) string
}

// WordList is an in-memory Vocabulary for up to a few hundred thousand words,
// with a symmetric-delete index for one-edit lookups: every word of at least
// MinSuggestLen-1 bytes is indexed under a hash of itself and of each of its
// one-byte deletions, so a lookup costs about len(word)+1 binary searches.
// It is immutable once built and safe for concurrent use.
type WordList struct {
	words   []string // folded, sorted, distinct
	written []string // parallel to words: as written, "" when the same; nil when none differs
	counts  []int    // parallel to words; nil when no counts were given
	keys    []uint64 // sorted deletion hashes
	ids     []int32  // parallel to keys: index into words
}

var _ Vocabulary = (*WordList)(nil)

// NewWordList builds a WordList from words (surface words as written, or
// already folded; they are folded, sorted and deduplicated here, so any
// order is fine). Each folded word keeps one written form for Written: one
// with accents or other letters folding changes, when the list has one
// ("littératie" over "litteratie"), else the word; the first in byte order
// among several. Between candidates at the same distance, Near prefers the
// longest common prefix, then the same length, then alphabetical order.
func NewWordList(words []string) *WordList { return newWordList(words, nil) }

// NewWordListCounts is NewWordList with the number of documents (or
// occurrences) of each word; Near then prefers the most frequent candidate.
// counts[i] belongs to words[i]; a missing count is 0.
func NewWordListCounts(words []string, counts []int) *WordList {
	if counts == nil {
		counts = []int{}
	}
	return newWordList(words, counts)
}

func newWordList(words []string, counts []int) *WordList {
	type wc struct {
		w, written string // folded; as written ("" when the same)
		c          int
	}
	items := make([]wc, 0, len(words))
	for i, w := range words {
		f := Fold(w)
		if f == "" {
			continue
		}
		it := wc{w: f}
		if l := Lower(w); l != f {
			it.written = l
		}
		if i < len(counts) {
			it.c = counts[i]
		}
		items = append(items, it)
	}
	// By folded word, then written forms first (in byte order), then the
	// folded form itself: the first of a run is the one to show.
	slices.SortFunc(items, func(a, b wc) int {
		if c := strings.Compare(a.w, b.w); c != 0 {
			return c
		}
		if (a.written == "") != (b.written == "") {
			return cmp.Compare(b2i(a.written == ""), b2i(b.written == ""))
		}
		return strings.Compare(a.written, b.written)
	})
	wl := &WordList{words: make([]string, 0, len(items))}
	if counts != nil {
		wl.counts = make([]int, 0, len(items))
	}
	for _, it := range items {
		if n := len(wl.words); n > 0 && wl.words[n-1] == it.w {
			if wl.counts != nil {
				wl.counts[n-1] += it.c
			}
			continue
		}
		if it.written != "" && wl.written == nil {
			wl.written = make([]string, len(wl.words), cap(wl.words))
		}
		wl.words = append(wl.words, it.w)
		if wl.written != nil {
			wl.written = append(wl.written, it.written)
		}
		if wl.counts != nil {
			wl.counts = append(wl.counts, it.c)
		}
	}

	type entry struct {
		key uint64
		id  int32
	}
	var entries []entry
	for id, w := range wl.words {
		if len(w) < MinSuggestLen-1 || !isTermText(w) {
			continue
		}
		entries = append(entries, entry{hashSkip(w, -1), int32(id)})
		for i := range len(w) {
			if i > 0 && w[i] == w[i-1] {
				continue // same deletion as the previous byte
			}
			entries = append(entries, entry{hashSkip(w, i), int32(id)})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	wl.keys = make([]uint64, len(entries))
	wl.ids = make([]int32, len(entries))
	for i, e := range entries {
		wl.keys[i], wl.ids[i] = e.key, e.id
	}
	return wl
}

// Len is the number of distinct words.
func (wl *WordList) Len() int { return len(wl.words) }

// hashSkip is FNV-1a over s without the byte at index skip (-1: none).
func hashSkip(s string, skip int) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		if i == skip {
			continue
		}
		h ^= uint64(s[i])
		h *= prime
	}
	// Mix the length in so "" deletions of different lengths differ more.
	h ^= uint64(len(s) - b2i(skip >= 0))
	h *= prime
	return h
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// HasWord reports whether the folded word is in the list.
func (wl *WordList) HasWord(word string) bool {
	if wl == nil {
		return false
	}
	i := sort.SearchStrings(wl.words, word)
	return i < len(wl.words) && wl.words[i] == word
}

// Written implements Vocabulary.
func (wl *WordList) Written(word string) string {
	if wl == nil || wl.written == nil {
		return word
	}
	i := sort.SearchStrings(wl.words, word)
	if i < len(wl.words) && wl.words[i] == word && wl.written[i] != "" {
		return wl.written[i]
	}
	return word
}

// Near lists the words at distance exactly 1 from word (insertion,
// deletion, substitution or transposition of adjacent letters), best first.
// Only words of at least MinSuggestLen-1 bytes are indexed.
func (wl *WordList) Near(word string) []string {
	if wl == nil || len(wl.keys) == 0 {
		return nil
	}
	word = Fold(word)
	if len(word) < MinSuggestLen-1 || len(word) > MaxWordBytes || !isTermText(word) {
		return nil
	}
	var ids []int32
	probe := func(h uint64) {
		i, _ := slices.BinarySearch(wl.keys, h)
		for ; i < len(wl.keys) && wl.keys[i] == h; i++ {
			id := wl.ids[i]
			if !slices.Contains(ids, id) && editDistance1(word, wl.words[id]) {
				ids = append(ids, id)
			}
		}
	}
	probe(hashSkip(word, -1))
	for i := range len(word) {
		if i > 0 && word[i] == word[i-1] {
			continue
		}
		probe(hashSkip(word, i))
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if wl.counts != nil {
			if c := cmp.Compare(wl.counts[b], wl.counts[a]); c != 0 {
				return c
			}
		}
		wa, wb := wl.words[a], wl.words[b]
		if c := cmp.Compare(commonPrefix(word, wb), commonPrefix(word, wa)); c != 0 {
			return c
		}
		if c := cmp.Compare(b2i(len(wb) == len(word)), b2i(len(wa) == len(word))); c != 0 {
			return c
		}
		return strings.Compare(wa, wb)
	})
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = wl.words[id]
	}
	return out
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// editDistance1 reports whether a and b are exactly one edit apart:
// one insertion, deletion, substitution, or transposition of two adjacent
// bytes (optimal string alignment distance 1).
func editDistance1(a, b string) bool {
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		i := commonPrefix(a, b)
		if i == la {
			return false // equal
		}
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la == lb+1:
		i := commonPrefix(a, b)
		return a[i+1:] == b[i:]
	case lb == la+1:
		i := commonPrefix(a, b)
		return b[i+1:] == a[i:]
	}
	return false
}

// Suggest returns, for a query that found nothing, the query with each word
// of MinSuggestLen letters or more that is not in wl replaced by the best
// word of wl at Damerau–Levenshtein distance 1 (compared on the folded word,
// before stemming). ok is false when nothing was replaced. Stop words and
// words with digits are never corrected. The suggestion is the query text
// (cut to MaxQueryBytes, control characters and runs of spaces made one
// space) with the replacements written as the indexed texts write them
// (« littératie », not « litteratie »), in the capitalisation of the
// original word.
func Suggest(lang, q string, wl *WordList) (suggestion string, ok bool) {
	if wl == nil {
		return "", false
	}
	return SuggestVocab(lang, q, wl)
}

// SuggestVocab is Suggest over any Vocabulary.
func SuggestVocab(lang, q string, v Vocabulary) (suggestion string, ok bool) {
	if v == nil {
		return "", false
	}
	lg := parseLang(lang)
	q = truncateQuery(q)
	var b strings.Builder
	last := 0
	tokenize(lg, q, func(tok token) bool {
		if len(tok.folded) < MinSuggestLen {
			return true
		}
		w := string(tok.folded)
		if hasDigit(w) || isStop(lg, tok.folded) || v.HasWord(w) {
			return true
		}
		for _, c := range v.Near(w) {
			if editDistance1(w, c) {
				writeClean(&b, q[last:tok.start])
				b.WriteString(matchCase(q[tok.start:tok.end], v.Written(c)))
				last = tok.end
				ok = true
				break
			}
		}
		return true
	})
	if !ok {
		return "", false
	}
	writeClean(&b, q[last:])
	return strings.Join(strings.Fields(b.String()), " "), true
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// writeClean writes s with control characters and invalid bytes as spaces.
func writeClean(b *strings.Builder, s string) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, w := utf8.DecodeRuneInString(s[i:]); w <= 1 {
				b.WriteByte(' ')
				continue
			}
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
}

// matchCase gives repl (lowercase) the capitalisation of orig: all
// capitals, a leading capital, or lowercase.
func matchCase(orig, repl string) string {
	upper, lower := 0, 0
	first := true
	firstUpper := false
	for _, r := range orig {
		if unicode.IsUpper(r) {
			upper++
			if first {
				firstUpper = true
			}
		} else if unicode.IsLower(r) {
			lower++
		}
		first = false
	}
	switch {
	case upper > 1 && lower == 0:
		return strings.ToUpper(repl)
	case firstUpper:
		r, n := utf8.DecodeRuneInString(repl)
		return string(unicode.ToUpper(r)) + repl[n:]
	}
	return repl
}
