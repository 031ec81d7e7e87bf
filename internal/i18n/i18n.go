// Package i18n holds the English and French message catalogues of the site
// and the helpers that format text for one language: message lookup with
// {name} placeholders, CLDR plural selection, long-form dates, and
// Accept-Language negotiation.
//
// The catalogues are flat JSON objects embedded from locales/en.json and
// locales/fr.json. Keys are dotted, area first ("nav.home",
// "episode.minutes_read"). A plural message is stored as two keys,
// "key.one" and "key.other", and looked up with [Printer.N].
//
// Everything here is immutable once [Load] returns, so a *Catalogue and its
// *Printer values are safe for concurrent use.
package i18n

import (
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed locales/en.json locales/fr.json
var localeFS embed.FS

// Supported language codes.
const (
	EN = "en"
	FR = "fr"
)

// Catalogue holds the messages of both languages. Build it once with Load
// and share it; it is read-only.
type Catalogue struct {
	en, fr *Printer
	keys   []string
}

// Load parses the embedded catalogues and validates them: both languages
// must have the same keys, no value may be empty, each key's placeholders
// must match across languages, and plural keys need both ".one" and
// ".other". The error names the offending key(s).
func Load() (*Catalogue, error) {
	enData, err := localeFS.ReadFile("locales/en.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	frData, err := localeFS.ReadFile("locales/fr.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	return loadFrom(enData, frData)
}

// loadFrom builds a Catalogue from the raw JSON of both catalogues.
func loadFrom(enData, frData []byte) (*Catalogue, error) {
	en, err := parseFlat(enData)
	if err != nil {
		return nil, fmt.Errorf("i18n: en.json: %w", err)
	}
	fr, err := parseFlat(frData)
	if err != nil {
		return nil, fmt.Errorf("i18n: fr.json: %w", err)
	}
	return newCatalogue(en, fr)
}

// newCatalogue validates the two message maps and builds a Catalogue.
func newCatalogue(en, fr map[string]string) (*Catalogue, error) {
	if err := validate(en, fr); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(en))
	for k := range en {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return &Catalogue{
		en:   &Printer{lang: EN, msgs: en, months: &monthsEN},
		fr:   &Printer{lang: FR, msgs: fr, months: &monthsFR},
		keys: keys,
	}, nil
}

// Printer returns the printer for lang, which is "en" or "fr"; any other
// value gives the English printer. The printer is shared, not copied.
func (c *Catalogue) Printer(lang string) *Printer {
	if lang == FR {
		return c.fr
	}
	return c.en
}

// Keys returns the sorted keys of the catalogue (both languages have the
// same keys, which Load checks). The slice is a fresh copy.
func (c *Catalogue) Keys() []string {
	return append([]string(nil), c.keys...)
}

// Has reports whether the catalogue of lang ("en" or "fr") has key exactly.
// A plural message is two keys: check "key.one" and "key.other".
func (c *Catalogue) Has(lang, key string) bool {
	var p *Printer
	switch lang {
	case EN:
		p = c.en
	case FR:
		p = c.fr
	default:
		return false
	}
	_, ok := p.msgs[key]
	return ok
}

// Printer formats messages and dates in one language.
type Printer struct {
	lang   string
	msgs   map[string]string
	months *[12]string
}

// Lang returns "en" or "fr".
func (p *Printer) Lang() string { return p.lang }

// missing is what T returns for a key that is not in the catalogue.
func missing(key string) string { return "⟦" + key + "⟧" }

// T returns the message for key with its {name} placeholders replaced.
// args are name, value pairs: T("episode.series_part", "n", 2, "total", 5,
// "series", "Data"). Strings are inserted verbatim, integers in plain
// decimal, other values with fmt.Sprint. A placeholder with no matching
// argument is left as written. A missing key gives "⟦key⟧"; T never panics.
//
// The result is plain text: html/template escapes it where it is used.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.msgs[key]
	if !ok {
		return missing(key)
	}
	if len(args) < 2 || strings.IndexByte(msg, '{') < 0 {
		return msg
	}
	return substitute(msg, args)
}

// N returns the plural message for key and count n: the "key.one" or
// "key.other" form chosen by the CLDR rule of the printer's language
// (English: one for 1; French: one for 0 and 1). n is available as {n}
// unless args already name n. If neither form exists but key does, key is
// used; otherwise the result is "⟦key⟧".
func (p *Printer) N(key string, n int, args ...any) string {
	form := ".other"
	if pluralOne(p.lang, n) {
		form = ".one"
	}
	msg, ok := p.msgs[key+form]
	if !ok {
		if msg, ok = p.msgs[key]; !ok {
			return missing(key)
		}
	}
	if strings.IndexByte(msg, '{') < 0 {
		return msg
	}
	all := make([]any, 0, len(args)+2)
	all = append(all, args...)
	all = append(all, "n", n)
	return substitute(msg, all)
}

// pluralOne reports whether n takes the "one" form in lang (CLDR cardinal
// rules for integers: en one = 1; fr one = 0, 1).
func pluralOne(lang string, n int) bool {
	if lang == FR {
		return n == 0 || n == 1 || n == -1
	}
	return n == 1 || n == -1
}

// substitute replaces {name} placeholders in msg using the name, value
// pairs in args. An odd trailing argument is ignored.
func substitute(msg string, args []any) string {
	var b strings.Builder
	b.Grow(len(msg) + 16)
	for {
		open := strings.IndexByte(msg, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(msg[open+1:], '}')
		if end < 0 {
			break
		}
		name := msg[open+1 : open+1+end]
		b.WriteString(msg[:open])
		if v, ok := lookupArg(args, name); ok {
			writeValue(&b, v)
		} else {
			b.WriteString(msg[open : open+end+2])
		}
		msg = msg[open+end+2:]
	}
	b.WriteString(msg)
	return b.String()
}

// lookupArg finds the value paired with name in args.
func lookupArg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		switch k := args[i].(type) {
		case string:
			if k == name {
				return args[i+1], true
			}
		default:
			if fmt.Sprint(k) == name {
				return args[i+1], true
			}
		}
	}
	return nil, false
}

func writeValue(b *strings.Builder, v any) {
	var buf [24]byte
	switch x := v.(type) {
	case string:
		b.WriteString(x)
	case int:
		b.Write(strconv.AppendInt(buf[:0], int64(x), 10))
	case int64:
		b.Write(strconv.AppendInt(buf[:0], x, 10))
	case int32:
		b.Write(strconv.AppendInt(buf[:0], int64(x), 10))
	case uint:
		b.Write(strconv.AppendUint(buf[:0], uint64(x), 10))
	case uint64:
		b.Write(strconv.AppendUint(buf[:0], x, 10))
	case fmt.Stringer:
		b.WriteString(x.String())
	default:
		fmt.Fprint(b, v)
	}
}

var monthsEN = [12]string{
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
}

var monthsFR = [12]string{
	"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre",
}

// Date formats t's calendar date, in t's own location, the long way:
// English "October 15, 2020", French "15 octobre 2020" and "1er octobre
// 2020" for the first of the month. Convert t to America/Toronto first.
func (p *Printer) Date(t time.Time) string {
	y, m, d := t.Date()
	month := p.months[m-1]
	buf := make([]byte, 0, 24)
	if p.lang == FR {
		buf = strconv.AppendInt(buf, int64(d), 10)
		if d == 1 {
			buf = append(buf, "er"...)
		}
		buf = append(buf, ' ')
		buf = append(buf, month...)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(y), 10)
		return string(buf)
	}
	buf = append(buf, month...)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(d), 10)
	buf = append(buf, ", "...)
	buf = strconv.AppendInt(buf, int64(y), 10)
	return string(buf)
}

// ISODate formats t's calendar date, in t's own location, as "2020-10-15"
// (the same in both languages; use it for <time datetime> and
// dcterms.modified).
func (p *Printer) ISODate(t time.Time) string {
	return t.Format(time.DateOnly)
}
