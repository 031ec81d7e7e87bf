package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Silent reading rates for non-fiction, in words per minute.
//
//   - English, 238 wpm: Brysbaert, M. (2019). How many words do we read
//     per minute? A review and meta-analysis of reading rate. Journal of
//     Memory and Language, 109, 104047. (Mean silent reading rate of adults
//     for English non-fiction.)
//   - French, 195 wpm: Trauzettel-Klosinski, S., & Dietz, K. (2012).
//     Standardized Assessment of Reading Performance: The New International
//     Reading Speed Texts IReST. Investigative Ophthalmology & Visual
//     Science, 53(9), 5452–5461. (French: 195 ± 26 wpm.)
const (
	EnglishWordsPerMinute = 238
	FrenchWordsPerMinute  = 195
)

// WordsPerMinute is the silent reading rate used for reading times in
// lang. Any value other than French gets the English rate.
func WordsPerMinute(lang Lang) int {
	if lang == French {
		return FrenchWordsPerMinute
	}
	return EnglishWordsPerMinute
}

// CountWords counts the words in plain text, in English or French.
//
// A word is a maximal run of letters and digits (combining marks continue
// a word). An apostrophe (' ’ ʼ) or hyphen (- ‐ ‑) between two letters or
// digits joins them, so "l’intelligence", "aujourd’hui", "peut-être" and
// "2024-2025" are one word each; a dot or comma between two digits joins
// them too ("1,000.50", "3,5"). Numbers are words ("2 et 3" is three
// words). Punctuation on its own (« » – — : ; ! ?), symbols and emoji are
// not words. Any space, including NBSP and narrow NBSP, separates words;
// invisible format characters (soft hyphen, zero-width joiners) are
// ignored.
func CountWords(text string) int {
	const (
		none    = iota
		joiner  // apostrophe or hyphen after a word character
		decimal // dot or comma after a digit
	)
	count := 0
	inWord := false
	lastDigit := false
	pending := none
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			digit := unicode.IsDigit(r)
			switch {
			case !inWord:
				count++
			case pending == decimal && !digit:
				count++ // "3.a": the dot was punctuation
			}
			inWord, lastDigit, pending = true, digit, none
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			if pending != none {
				inWord, pending = false, none
			}
		case unicode.Is(unicode.Cf, r):
			// invisible: neither joins nor separates
		case isWordJoiner(r):
			if inWord && pending == none {
				pending = joiner
			} else {
				inWord, pending = false, none
			}
		case r == '.' || r == ',':
			if inWord && pending == none && lastDigit {
				pending = decimal
			} else {
				inWord, pending = false, none
			}
		default:
			inWord, pending = false, none
		}
	}
	return count
}

func isWordJoiner(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u02BC', // apostrophes ' ’ ʼ
		'-', '\u2010', '\u2011': // hyphen-minus, hyphen, non-breaking hyphen
		return true
	}
	return false
}

// ReadingMinutes is the time to read words words in lang, rounded up to a
// whole minute: at least 1 for any text, 0 for none.
func ReadingMinutes(words int, lang Lang) int {
	if words <= 0 {
		return 0
	}
	wpm := WordsPerMinute(lang)
	return (words + wpm - 1) / wpm
}

// MediaMinutes is the length of a recording rounded to the nearest minute
// (half a minute rounds up): at least 1 for any recording, 0 for none.
func MediaMinutes(seconds int) int {
	if seconds <= 0 {
		return 0
	}
	return max(1, seconds/60+(seconds%60)/30)
}

// Minutes is the time the episode takes in lang: the reading time of the
// version's text for Read episodes, the length of the recording for Listen
// and Watch episodes, and 0 when there is no version in lang.
func (e *Episode) Minutes(lang Lang) int {
	v := e.Version(lang)
	if v == nil {
		return 0
	}
	if e.Kind.HasMedia() {
		return MediaMinutes(v.MediaSeconds)
	}
	return ReadingMinutes(v.WordCount, lang)
}

// ErrClock is wrapped by the errors of ParseClock.
var ErrClock = errors.New("invalid duration")

// maxClockLeadDigits bounds the first field of a clock so that the total
// cannot overflow.
const maxClockLeadDigits = 6

// ParseClock parses a duration written "mm:ss" or "h:mm:ss" (the iTunes
// duration form) and returns it in seconds. The first field has one or
// more digits and no upper bound ("75:00" is 75 minutes); the fields after
// it have exactly two digits and are at most 59. Surrounding spaces are
// ignored.
func ParseClock(s string) (seconds int, err error) {
	fail := func(format string, args ...any) (int, error) {
		return 0, fmt.Errorf("%w %q: %s", ErrClock, s, fmt.Sprintf(format, args...))
	}
	fields := strings.Split(strings.TrimSpace(s), ":")
	var names []string
	switch len(fields) {
	case 2:
		names = []string{"minutes", "seconds"}
	case 3:
		names = []string{"hours", "minutes", "seconds"}
	default:
		return fail("want mm:ss or h:mm:ss")
	}
	total := 0
	for i, f := range fields {
		if f == "" || strings.Trim(f, "0123456789") != "" {
			return fail("%s must be digits, got %q", names[i], f)
		}
		if i == 0 && len(f) > maxClockLeadDigits {
			return fail("%s has more than %d digits", names[i], maxClockLeadDigits)
		}
		if i > 0 && len(f) != 2 {
			return fail("%s must have two digits, got %q", names[i], f)
		}
		n, err := strconv.Atoi(f)
		if err != nil { // unreachable after the checks above
			return fail("%s: %v", names[i], err)
		}
		if i > 0 && n > 59 {
			return fail("%s must be 00 to 59, got %s", names[i], f)
		}
		total = total*60 + n
	}
	return total, nil
}

// FormatClock writes seconds as "mm:ss" below an hour and "h:mm:ss" from
// an hour up (the iTunes duration form), for example "04:05" and
// "1:02:03". Negative values are written as "00:00".
func FormatClock(seconds int) string {
	seconds = max(seconds, 0)
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", m, s)
}
