// Package search is Busrides' text analyser for bilingual (English/French)
// full-text search: tokenising, French elision, accent folding, stop words,
// Snowball stemming, query parsing, "Did you mean" suggestions and
// highlighted snippets. It does no I/O; the index tables and pages are built
// on top of it, and because one analyser feeds every database, results are
// the same on SQLite and PostgreSQL.
//
// The pipeline for a word is:
//
//  1. Tokenise: a word is a run of letters and digits that fold to ASCII
//     (Latin letters with or without diacritics, ligatures, full-width forms,
//     digits), plus any combining marks that follow them. Everything else —
//     spaces, punctuation, apostrophes, hyphens, emoji, control characters,
//     invalid UTF-8, and letters of scripts that do not fold to a–z (CJK,
//     Cyrillic, Greek, Arabic…) — separates words and is dropped.
//     "peut-être" is two words, "東京2020" is the word "2020".
//  2. French only: an elided article or pronoun (l', d', qu', j', n', s',
//     c', m', t', and jusqu', lorsqu', puisqu', quoiqu') directly followed by
//     an apostrophe (' ’ or ʼ) and a word is dropped: "l’intelligence" is
//     "intelligence", "qu'il" is "il".
//  3. Fold: lowercase and remove accents (é→e, œ→oe, ç→c, ß→ss…).
//  4. Stop words (Snowball lists, compared on the folded form) are dropped.
//  5. French only: a folded ending -ee/-ees becomes -e/-es (the feminine
//     past participle "données", "employées" folded to "donnees",
//     "employees"), so it stems like the masculine form.
//  6. Stem with the Snowball stemmer of the language.
//
// Folding comes before stemming. That order was chosen by testing both: the
// stem is then a function of the folded word alone, so an accented word and
// the same word typed without accents always meet ("sécurité"/"securite",
// "données"/"donnee", "accessibilité"/"accessibilite" all fail when stemming
// first, because Snowball's French suffixes carry accents).
//
// Every term is therefore [a-z0-9]+, which downstream query syntax (FTS5,
// tsquery) cannot interpret as an operator.
package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"golang.org/x/text/unicode/norm"
)

// MaxWordBytes is the longest folded word that becomes a term; longer runs of
// letters and digits (hashes, base64, runaway input) are skipped.
const MaxWordBytes = 64

// Term is one index term of an analysed text.
type Term struct {
	Text string // the analysed term: folded, stemmed, [a-z0-9]+
	// Pos is the position of the word among all the words of the text
	// (stop words count, elided articles do not), so removed stop words
	// leave gaps and phrase distance is kept.
	Pos int
	// Start and End are the byte offsets of the original word in the text
	// (after any elided article), for highlighting: text[Start:End].
	Start, End int
}

// language is the analyser's internal language code.
type language uint8

const (
	langEN language = iota
	langFR
)

// parseLang maps "fr", "fr-CA", "FR"… to French and everything else to
// English.
func parseLang(lang string) language {
	if len(lang) >= 2 && (lang[0] == 'f' || lang[0] == 'F') && (lang[1] == 'r' || lang[1] == 'R') {
		return langFR
	}
	return langEN
}

// token is one word of a text.
type token struct {
	start, end int // byte offsets in the text
	// folded is Fold of text[start:end], [a-z0-9]+, or nil for a word over
	// MaxWordBytes. It is only valid during the callback.
	folded []byte
	pos    int // word position
}

// foldTab maps non-ASCII runes that fold to ASCII letters or digits to their
// folding. A rune absent from it is not a word character (combining marks
// are handled apart).
var foldTab = buildFoldTab()

// foldLow is foldTab for runes below 0x250 (Latin-1 and Latin Extended), as
// an array: the common case of French text.
var foldLow = func() (a [0x250]string) {
	for r, f := range foldTab {
		if r < 0x250 {
			a[r] = f
		}
	}
	return a
}()

// foldRune returns the ASCII folding of a non-ASCII rune, or false if it is
// not a word character.
func foldRune(r rune) (string, bool) {
	if r < 0x250 {
		f := foldLow[r]
		return f, f != ""
	}
	f, ok := foldTab[r]
	return f, ok
}

func buildFoldTab() map[rune]string {
	special := map[rune]string{
		'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
		'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
		'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l", 'ı': "i", 'ħ': "h",
		'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ŉ': "n", 'ĸ': "k", 'ƀ': "b",
		'ƒ': "f", 'ſ': "s",
	}
	t := make(map[rune]string, 1024)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
				continue
			}
			if s, ok := special[r]; ok {
				t[r] = s
				continue
			}
			var b strings.Builder
			for _, d := range norm.NFKD.String(string(r)) {
				if unicode.Is(unicode.Mn, d) {
					continue
				}
				b.WriteRune(unicode.ToLower(d))
			}
			s := b.String()
			if s != "" && isTermText(s) {
				t[r] = s
			}
		}
	}
	add(0x80, 0x24F)    // Latin-1 Supplement, Latin Extended-A and -B
	add(0x1E00, 0x1EFF) // Latin Extended Additional (Vietnamese…)
	add(0xFB00, 0xFB06) // Latin ligatures ﬁ ﬂ…
	add(0xFF10, 0xFF5A) // full-width digits and letters
	add(0x2070, 0x2079) // superscript digits
	add(0x2080, 0x2089) // subscript digits
	add(0x2460, 0x2473) // circled numbers ① …
	for r, s := range special {
		t[r] = s
	}
	return t
}

// isTermText reports whether s is non-empty and only [a-z0-9].
func isTermText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// isMark reports whether r is a combining mark that continues a word (the
// decomposed accent of "e\u0301").
func isMark(r rune) bool {
	return r >= 0x300 && unicode.Is(unicode.Mn, r)
}

// isApostrophe reports whether r is an apostrophe that marks a French
// elision.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u02BC'
}

// Fold lowercases s and removes accents (é→e, œ→oe, ç→c, ß→ss, ﬁ→fi, full-width
// letters to ASCII…). Runes that have no ASCII folding (CJK, Cyrillic,
// punctuation, spaces) are kept, lowercased; combining marks are removed.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case isMark(r):
		default:
			if f, ok := foldRune(r); ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

// Lower is a word as written, for showing it: lowercased and in Unicode
// NFC (a decomposed "e\u0301" becomes "é"), accents and ligatures kept.
// Fold(Lower(w)) == Fold(w).
func Lower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return norm.NFC.String(strings.ToLower(s))
}

// elisions are the French words elided before a vowel (folded).
var elisions = map[string]bool{
	"l": true, "d": true, "qu": true, "j": true, "n": true, "s": true,
	"c": true, "m": true, "t": true,
	"jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true,
}

// tokenize calls fn for each word of text, in order. French elided words are
// skipped (they take no position). Words longer than MaxWordBytes when
// folded are passed with a nil folded so positions stay consistent.
func tokenize(lg language, text string, fn func(tok token) bool) {
	var buf []byte
	pos := 0
	i := 0
	n := len(text)
	for i < n {
		// Skip separators.
		start := -1
		for i < n {
			c := text[i]
			if c < utf8.RuneSelf {
				if isASCIIAlnum(c) {
					start = i
					break
				}
				i++
				continue
			}
			r, w := utf8.DecodeRuneInString(text[i:])
			if r != utf8.RuneError || w > 1 {
				if _, ok := foldRune(r); ok {
					start = i
					break
				}
			}
			i += w
		}
		if start < 0 {
			return
		}
		// Read the word.
		buf = buf[:0]
		tooLong := false
		for i < n {
			c := text[i]
			if c < utf8.RuneSelf {
				if !isASCIIAlnum(c) {
					break
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				i++
			} else {
				r, w := utf8.DecodeRuneInString(text[i:])
				if r == utf8.RuneError && w <= 1 {
					break
				}
				if f, ok := foldRune(r); ok {
					buf = append(buf, f...)
				} else if !isMark(r) {
					break
				}
				i += w
			}
			if len(buf) > MaxWordBytes {
				tooLong = true
				buf = buf[:0]
			}
		}
		end := i
		// French elision: l' d' qu'… directly followed by a word.
		if lg == langFR && !tooLong && len(buf) <= 6 && i < n && (text[i] == '\'' || text[i] >= utf8.RuneSelf) {
			r, w := utf8.DecodeRuneInString(text[i:])
			if isApostrophe(r) && i+w < n && elisions[string(buf)] && startsWord(text[i+w:]) {
				continue
			}
		}
		tok := token{start: start, end: end, pos: pos}
		if !tooLong {
			tok.folded = buf
		}
		pos++
		if !fn(tok) {
			return
		}
	}
}

func isASCIIAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// startsWord reports whether s begins with a word character.
func startsWord(s string) bool {
	if s == "" {
		return false
	}
	if s[0] < utf8.RuneSelf {
		return isASCIIAlnum(s[0])
	}
	r, w := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && w <= 1 {
		return false
	}
	_, ok := foldRune(r)
	return ok
}

// isStop reports whether a folded word is a stop word of the language.
func isStop(lg language, folded []byte) bool {
	if lg == langFR {
		return stopFR[string(folded)]
	}
	return stopEN[string(folded)]
}

// stemCache memoises stems per language. It is bounded: once full, new words
// are stemmed without being stored.
type stemCache struct {
	mu sync.RWMutex
	m  map[string]string
}

const stemCacheMax = 100_000

var stemCaches = [2]stemCache{{m: map[string]string{}}, {m: map[string]string{}}}

// stem returns the term of a folded, non-empty word.
func stem(lg language, folded []byte) string {
	c := &stemCaches[lg]
	c.mu.RLock()
	s, ok := c.m[string(folded)]
	c.mu.RUnlock()
	if ok {
		return s
	}
	s = stemString(lg, string(folded))
	c.mu.Lock()
	if len(c.m) < stemCacheMax {
		c.m[string(folded)] = s
	}
	c.mu.Unlock()
	return s
}

// stemString stems a folded word without the cache.
func stemString(lg language, folded string) string {
	var s string
	if lg == langFR {
		w := folded
		if len(w) > 4 {
			if strings.HasSuffix(w, "ees") {
				w = w[:len(w)-3] + "es"
			} else if strings.HasSuffix(w, "ee") {
				w = w[:len(w)-1]
			}
		}
		s = french.Stem(w, true)
	} else {
		s = english.Stem(folded, true)
	}
	if !isTermText(s) { // defensive: Snowball should return ASCII for ASCII
		s = Fold(s)
		if !isTermText(s) {
			s = folded
		}
	}
	return s
}

// Analyze turns text in a language ("en" or "fr"; anything not French is
// analysed as English) into index terms, in order, with positions (duplicates
// kept). Stop words are removed. It never fails: invalid UTF-8 and control
// characters separate words.
func Analyze(lang, text string) []Term {
	lg := parseLang(lang)
	var out []Term
	tokenize(lg, text, func(tok token) bool {
		if tok.folded == nil || isStop(lg, tok.folded) {
			return true
		}
		out = append(out, Term{Text: stem(lg, tok.folded), Pos: tok.pos, Start: tok.start, End: tok.end})
		return true
	})
	return out
}

// Terms is Analyze's term texts, deduplicated, in first-seen order.
func Terms(lang, text string) []string {
	lg := parseLang(lang)
	var out []string
	seen := make(map[string]struct{})
	tokenize(lg, text, func(tok token) bool {
		if tok.folded == nil || isStop(lg, tok.folded) {
			return true
		}
		t := stem(lg, tok.folded)
		if _, ok := seen[t]; !ok {
			seen[t] = struct{}{}
			out = append(out, t)
		}
		return true
	})
	return out
}
