package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// PIIMask replaces each piece of personal information found by RedactPII.
const PIIMask = "###"

// piiPattern is one category of personal information. The regexp's group 1
// is the text to mask; anything after it is a right-hand boundary check
// (Go's RE2 has no look-around). When leftBoundary is set, a match whose
// preceding character is a letter, digit or underscore is skipped, so
// that the pattern does not fire in the middle of a longer token.
type piiPattern struct {
	re           *regexp.Regexp
	leftBoundary bool
	// possible is a cheap test that rules out a match, to skip the regexp.
	possible func(piiStats) bool
}

// piiStats summarises a text for the patterns' possible tests.
type piiStats struct {
	at          bool // contains '@'
	asciiDigits int  // number of 0-9
	digits      int  // number of decimal digits in any script
}

func piiStatsOf(s string) piiStats {
	var st piiStats
	for _, r := range s {
		switch {
		case r == '@':
			st.at = true
		case '0' <= r && r <= '9':
			st.asciiDigits++
			st.digits++
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			st.digits++
		}
	}
	return st
}

const (
	piiWord     = `[\pL\pN_]`
	piiNotWord  = `(?:[^\pL\pN_]|$)`
	piiHSpace   = `[ \t\x{00A0}\x{202F}]` // space, tab, NBSP, narrow NBSP
	piiDigitSep = `[ .\-\x{00A0}\x{202F}]?`
	piiLocal    = piiWord + `(?:[\pL\pN_.%+'\-]*` + piiWord + `)?`
	piiDomain   = piiWord + `+(?:[.\-]+` + piiWord + `+)*`
	// Postal code letters: no D F I O Q U anywhere; W and Z not first.
	piiPostalFirst = `[ABCEGHJ-NPRSTVXY]`
	piiPostalOther = `[ABCEGHJ-NPRSTV-Z]`
)

// piiPatterns are applied in order. Each is immutable once compiled.
var piiPatterns = []piiPattern{
	{
		// user@host.tld, also with spaces around the @ ("jean @ exemple.ca",
		// which then needs a dotted domain ending in letters). Any word@word
		// is masked, even without a top-level domain ("admin@localhost").
		re: regexp.MustCompile(`(` + piiLocal + `(?:` +
			piiHSpace + `*@` + piiHSpace + `*` + piiDomain + `\.\pL{2,}` +
			`|@` + piiDomain + `))`),
		possible: func(st piiStats) bool { return st.at },
	},
	{
		// North American numbers: 613-555-0199, (613) 555-0199,
		// 613.555.0199, 613 555 0199, +1 613 555 0199, 1-800-555-0199,
		// 6135550199, with an optional extension (ext. 123, x123, poste 123).
		re: regexp.MustCompile(`((?:\+?1` + piiDigitSep + `)?` +
			`(?:\(\d{3}\)` + piiDigitSep + `|\d{3}` + piiDigitSep + `)` +
			`\d{3}` + piiDigitSep + `\d{4}` +
			`(?:` + piiHSpace + `*,?` + piiHSpace + `*(?i:ext\.?|extension|x|poste|p\.)` + piiHSpace + `*\d{1,6})?)` +
			piiNotWord),
		leftBoundary: true,
		possible:     func(st piiStats) bool { return st.asciiDigits >= 10 },
	},
	{
		// Social Insurance Number and other 9-digit identifiers in groups
		// of three: 123 456 789, 123-456-789, 123.456.789, 123456789.
		re:           regexp.MustCompile(`(\d{3}` + piiDigitSep + `\d{3}` + piiDigitSep + `\d{3})` + piiNotWord),
		leftBoundary: true,
		possible:     func(st piiStats) bool { return st.asciiDigits >= 9 },
	},
	{
		// Canadian postal codes: K1A 0B1, k1a0b1, K1A-0B1.
		re: regexp.MustCompile(`((?i:` + piiPostalFirst + `\d` + piiPostalOther +
			`[ \-\x{00A0}\x{202F}]?\d` + piiPostalOther + `\d))` + piiNotWord),
		leftBoundary: true,
		possible:     func(st piiStats) bool { return st.asciiDigits >= 3 },
	},
	{
		// Canadian passport numbers: two letters and six digits (AB123456).
		re:           regexp.MustCompile(`((?i:[A-Z]{2})\d{6})` + piiNotWord),
		leftBoundary: true,
		possible:     func(st piiStats) bool { return st.asciiDigits >= 6 },
	},
	{
		// Any other run of nine or more digits (account, card, client
		// numbers), in any script.
		re:       regexp.MustCompile(`(\p{Nd}{9,})`),
		possible: func(st piiStats) bool { return st.digits >= 9 },
	},
}

// RedactPII removes personal information from a free-text comment before
// it is stored, as the Canada.ca page feedback pattern requires, and
// reports whether it found any. Each e-mail address, North American
// telephone number (with extension), 9-digit SIN-like number, Canadian
// postal code, Canadian passport number and run of nine or more digits
// becomes exactly "###".
//
// The text is first made valid UTF-8 (invalid bytes become U+FFFD) and
// normalised to NFC; everything else is kept, including years ("2020"),
// dates ("2020-10-15"), times ("14 h 30"), amounts ("$1,000") and episode
// numbers. Redaction errs towards privacy: three groups of three digits
// ("100 000 000") are masked even when they are an amount.
//
// RedactPII is idempotent: the patterns are applied until none matches,
// so the output contains no match of any of them.
func RedactPII(s string) (redacted string, found bool) {
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	for {
		changed := false
		for _, p := range piiPatterns {
			if !p.possible(piiStatsOf(s)) {
				continue
			}
			var ok bool
			if s, ok = p.redact(s); ok {
				changed = true
			}
		}
		if !changed {
			return s, found
		}
		// Every mask replaces at least one letter or digit with none, so
		// this loop ends.
		found = true
	}
}

// redact masks every match of p in s.
func (p piiPattern) redact(s string) (string, bool) {
	var b strings.Builder
	last, pos, found := 0, 0, false
	for pos <= len(s) {
		m := p.re.FindStringSubmatchIndex(s[pos:])
		if m == nil {
			break
		}
		start, end := pos+m[2], pos+m[3]
		if p.leftBoundary && !piiLeftBoundary(s, start) {
			_, size := utf8.DecodeRuneInString(s[start:])
			pos = start + max(size, 1)
			continue
		}
		if !found {
			b.Grow(len(s))
			found = true
		}
		b.WriteString(s[last:start])
		b.WriteString(PIIMask)
		last, pos = end, end
	}
	if !found {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// piiLeftBoundary reports whether a match may start at i: the match begins
// with punctuation such as "(" or "+", or the character before it is not
// part of a word.
func piiLeftBoundary(s string, i int) bool {
	if i == 0 {
		return true
	}
	if c := s[i]; c == '(' || c == '+' {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
}
