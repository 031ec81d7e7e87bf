package render

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// maxIDLen caps generated heading IDs (in bytes, before any -N suffix).
const maxIDLen = 80

// headingIDs is a parser.IDs that produces lowercase ASCII, accent-folded,
// hyphen-separated IDs, unique within one document. One is created per
// document, so it needs no locking.
type headingIDs struct {
	used map[string]bool
	next map[string]int // last suffix tried for a base, to stay linear
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}}
}

// Generate implements parser.IDs.
func (s *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug(string(value))
	if base == "" {
		base = "section"
		if kind != ast.KindHeading {
			base = "id"
		}
	}
	if !s.used[base] {
		s.used[base] = true
		return []byte(base)
	}
	for i := s.next[base] + 1; ; i++ {
		id := base + "-" + strconv.Itoa(i)
		if !s.used[id] {
			s.used[id] = true
			s.next[base] = i
			return []byte(id)
		}
	}
}

// Put implements parser.IDs.
func (s *headingIDs) Put(value []byte) {
	s.used[string(value)] = true
}

// slug folds s to lowercase ASCII letters and digits separated by single
// hyphens: "L’Été 2025 !" → "l-ete-2025".
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue // combining accent of a decomposed letter: drop it
		}
		var piece string
		switch r = unicode.ToLower(r); {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			piece = string(r)
		default:
			piece = foldTable[r]
		}
		if piece == "" {
			sep = b.Len() > 0
			continue
		}
		if b.Len()+len(piece)+1 > maxIDLen {
			break
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteString(piece)
	}
	return b.String()
}

// foldTable maps lowercase Latin letters with diacritics (Latin-1 Supplement
// and Latin Extended-A, which covers French and most European languages) to
// ASCII.
var foldTable = func() map[rune]string {
	groups := map[string]string{
		"a":  "àáâãäåāăą",
		"ae": "æ",
		"c":  "çćĉċč",
		"d":  "ðďđ",
		"e":  "èéêëēĕėęě",
		"g":  "ĝğġģ",
		"h":  "ĥħ",
		"i":  "ìíîïĩīĭįı",
		"ij": "ĳ",
		"j":  "ĵ",
		"k":  "ķĸ",
		"l":  "ĺļľŀł",
		"n":  "ñńņňŉ",
		"ng": "ŋ",
		"o":  "òóôõöøōŏő",
		"oe": "œ",
		"r":  "ŕŗř",
		"s":  "śŝşšſ",
		"ss": "ß",
		"t":  "ţťŧ",
		"th": "þ",
		"u":  "ùúûüũūŭůűų",
		"w":  "ŵ",
		"y":  "ýÿŷ",
		"z":  "źżž",
	}
	m := make(map[rune]string, 128)
	for ascii, letters := range groups {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()
