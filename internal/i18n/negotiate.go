package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// matcher picks between the two supported languages. Index 0 is English,
// the default when nothing matches. It is built once and never modified.
var matcher = language.NewMatcher([]language.Tag{
	language.MustParse("en-CA"),
	language.MustParse("fr-CA"),
})

// maxAcceptLanguage bounds the header length we parse; real browsers send
// well under 200 bytes.
const maxAcceptLanguage = 1024

// Negotiate reads an Accept-Language header and returns "en" or "fr" and
// whether the match is confident (x/text/language confidence High or
// Exact). A header with no acceptable English or French ("es-MX"), an
// empty header, or a malformed one gives ("en", false). It never panics.
func Negotiate(acceptLanguage string) (lang string, confident bool) {
	h := strings.TrimSpace(acceptLanguage)
	if h == "" {
		return EN, false
	}
	if len(h) > maxAcceptLanguage {
		// Keep the whole entries that fit; the most preferred come first
		// in practice.
		h = h[:maxAcceptLanguage]
		i := strings.LastIndexByte(h, ',')
		if i < 0 {
			return EN, false
		}
		h = h[:i]
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return EN, false
	}
	_, index, conf := matcher.Match(tags...)
	if conf != language.High && conf != language.Exact {
		return EN, false
	}
	if index == 1 {
		return FR, true
	}
	return EN, true
}
