package content

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLen is the longest slug, in bytes (slugs are ASCII, so also in
// characters).
const MaxSlugLen = 80

// slugTranslit spells, in ASCII, letters that Unicode does not decompose
// into a base letter plus combining marks. Keys are looked up after NFKD,
// so precomposed forms such as ǿ (ø + acute) reach them too.
var slugTranslit = map[rune]string{
	'œ': "oe", 'Œ': "oe",
	'æ': "ae", 'Æ': "ae",
	'ß': "ss", 'ẞ': "ss",
	'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d",
	'ł': "l", 'Ł': "l",
	'þ': "th", 'Þ': "th",
	'ð': "d", 'Ð': "d",
	'ı': "i", // dotless i (Turkish)
	'ħ': "h", 'Ħ': "h",
	'ŧ': "t", 'Ŧ': "t",
}

// isSlugApostrophe reports whether r is an apostrophe that Slugify removes
// (rather than turning into a hyphen), so that "l’art" gives "lart".
func isSlugApostrophe(r rune) bool {
	switch r {
	case '\'', // APOSTROPHE
		'\u2019', // RIGHT SINGLE QUOTATION MARK ’
		'\u2018', // LEFT SINGLE QUOTATION MARK ‘
		'\u00B4', // ACUTE ACCENT ´ (must be caught before NFKD: it decomposes to space + U+0301)
		'\u02BC', // MODIFIER LETTER APOSTROPHE ʼ
		'\uFF07': // FULLWIDTH APOSTROPHE
		return true
	}
	return false
}

// isInvisible reports whether r is a format or default-ignorable character
// that renders as nothing: zero-width space and joiners, bidi controls,
// soft hyphen, byte order mark, word joiner, tag characters, variation
// selectors, Hangul fillers.
func isInvisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// Slugify turns a title into a URL slug: lowercase US-ASCII letters and
// digits separated by single hyphens, at most MaxSlugLen bytes.
//
// The policy, chosen to match Ghost (@tryghost/string) on Latin-script
// titles so that imported URLs keep working:
//
//   - Invisible characters (zero-width space and joiners, bidi controls,
//     soft hyphen, BOM, tag characters, variation selectors) are dropped,
//     so "ad\u200bmin" gives "admin".
//   - Apostrophes (' ’ ‘ ´ ʼ) are removed, not turned into hyphens:
//     "L’Œuvre d’art" gives "loeuvre-dart", "Qu'est-ce que l'ACS+ ?" gives
//     "quest-ce-que-lacs".
//   - The text is NFKD-decomposed and combining marks are dropped, which
//     folds accents (é → e), ligatures (ﬁ → fi), fullwidth and
//     mathematical letters (ａ, 𝐚 → a). Letters that do not decompose are
//     transliterated: œ → oe, æ → ae, ß → ss, ø → o, đ → d, ł → l,
//     þ → th, ð → d (also ẞ, ı, ħ, ŧ).
//   - Every other run of characters outside [a-z0-9] (after folding
//     A-Z to lowercase) becomes one hyphen; hyphens are trimmed from
//     both ends.
//   - Deliberate difference from Ghost: letters of non-Latin scripts
//     (Cyrillic, Greek, CJK, Arabic, Hebrew, …) are not transliterated;
//     like emoji and punctuation they only separate words. Ghost's
//     transliteration is language-dependent guesswork ("你好世界" →
//     "ni-hao-shi-jie", "مرحبا بالعالم" → "mrhb-bl-lm") and has changed
//     between Ghost releases, so a title with nothing usable gives "",
//     and callers fall back (see UniqueSlug).
//   - The result is capped at MaxSlugLen bytes, cut at the last hyphen
//     when that keeps at least half of the cap, otherwise in the middle of
//     the long word; it never ends with a hyphen.
//
// Invalid UTF-8 bytes act as separators. The result is "" or satisfies
// ValidSlug, and Slugify is idempotent.
func Slugify(s string) string {
	// Pass 1: drop apostrophes and invisible characters, replace invalid
	// bytes with a separator. Done before NFKD because ´ decomposes to a
	// space plus a combining mark.
	var pre strings.Builder
	pre.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			pre.WriteByte(' ')
		case isSlugApostrophe(r), isInvisible(r):
			// removed
		default:
			pre.WriteRune(r)
		}
	}

	// Pass 2: decompose, drop marks, transliterate, keep [a-z0-9].
	out := make([]byte, 0, min(len(s), MaxSlugLen+1))
	pendingHyphen := false
	emit := func(b byte) bool {
		if pendingHyphen {
			out = append(out, '-')
			pendingHyphen = false
		}
		out = append(out, b)
		return len(out) > MaxSlugLen
	}
	full := false
	for _, r := range norm.NFKD.String(pre.String()) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			full = emit(byte(r))
		case 'A' <= r && r <= 'Z':
			full = emit(byte(r - 'A' + 'a'))
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me), isSlugApostrophe(r), isInvisible(r):
			// dropped without separating
		default:
			if t, ok := slugTranslit[r]; ok {
				for i := 0; i < len(t) && !full; i++ {
					full = emit(t[i])
				}
				break
			}
			pendingHyphen = len(out) > 0
		}
		if full {
			break
		}
	}
	return string(capSlug(out, MaxSlugLen))
}

// capSlug shortens a slug (ASCII, no doubled or leading hyphens) to at
// most limit bytes without leaving a trailing hyphen. b may be longer
// than limit; b[limit], if present, tells whether the cut falls on a word
// boundary. It cuts at the last hyphen unless that would keep less than
// half the limit, so that a short word followed by a very long one does
// not shrink to the short word alone.
func capSlug(b []byte, limit int) []byte {
	b = trimHyphensRight(b)
	if len(b) <= limit {
		return b
	}
	if limit <= 0 {
		return b[:0]
	}
	if b[limit] == '-' {
		return trimHyphensRight(b[:limit])
	}
	if i := strings.LastIndexByte(string(b[:limit]), '-'); i >= limit/2 && i > 0 {
		return b[:i]
	}
	return trimHyphensRight(b[:limit])
}

func trimHyphensRight(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	return b
}

// ValidSlug reports whether s is a well-formed slug: one or more runs of
// [a-z0-9] joined by single hyphens, at most MaxSlugLen bytes.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-':
			if s[i-1] == '-' { // i > 0: s[0] is not a hyphen
				return false
			}
		default:
			return false
		}
	}
	return true
}

// UniqueSlug returns a slug that taken reports as free: base itself, or
// else base-2, base-3, … . When base is empty (for instance Slugify found
// nothing usable in a title), fallback is used in its place. Both are
// passed through Slugify first, which leaves a valid slug unchanged.
//
// Numbered candidates respect MaxSlugLen by shortening the base, never the
// suffix. If base and fallback are both empty, UniqueSlug returns "":
// callers must supply a non-empty fallback such as "episode". taken must
// eventually report a candidate as free.
func UniqueSlug(base, fallback string, taken func(string) bool) string {
	base = Slugify(base)
	if base == "" {
		base = Slugify(fallback)
	}
	if base == "" {
		return ""
	}
	if !taken(base) {
		return base
	}
	buf := make([]byte, 0, MaxSlugLen+1)
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		buf = append(buf[:0], base...)
		stem := capSlug(buf, MaxSlugLen-len(suffix))
		cand := string(stem) + suffix
		if len(stem) == 0 {
			cand = suffix[1:]
		}
		if !taken(cand) {
			return cand
		}
	}
}
