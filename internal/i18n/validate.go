package i18n

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// keyPattern is the shape of a catalogue key: at least two dotted,
// lowercase segments, area first.
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// placeholderName is the shape of the name inside {…}.
var placeholderName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// parseFlat decodes a flat JSON object of string values. Unlike
// json.Unmarshal into a map it rejects duplicate keys, nested values and
// trailing data.
func parseFlat(data []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("catalogue must be a JSON object")
	}
	out := make(map[string]string)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected token %v", tok)
		}
		tok, err = dec.Token()
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", key, err)
		}
		val, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("key %q: value must be a string", key)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("key %q: duplicate key", key)
		}
		out[key] = val
	}
	if _, err := dec.Token(); err != nil { // closing '}'
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("trailing data after the catalogue object")
	}
	return out, nil
}

// placeholders returns the sorted, deduplicated placeholder names of msg,
// or an error if a brace is unbalanced or a name is malformed.
func placeholders(msg string) ([]string, error) {
	var names []string
	rest := msg
	for {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			break
		}
		if rest[open] == '}' {
			return nil, errors.New("unmatched }")
		}
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] != '}' {
			return nil, errors.New("unclosed {")
		}
		name := rest[open+1 : open+1+end]
		if !placeholderName.MatchString(name) {
			return nil, fmt.Errorf("bad placeholder {%s}", name)
		}
		names = append(names, name)
		rest = rest[open+end+2:]
	}
	sort.Strings(names)
	return compact(names), nil
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// validate checks the English and French message maps against each other.
// It reports every problem found, each naming its key, in key order.
func validate(en, fr map[string]string) error {
	if len(en) == 0 || len(fr) == 0 {
		return errors.New("i18n: a catalogue is empty")
	}
	all := make(map[string]bool, len(en))
	for k := range en {
		all[k] = true
	}
	for k := range fr {
		all[k] = true
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	var errs []error
	bad := func(key, format string, a ...any) {
		errs = append(errs, fmt.Errorf("i18n: key %q: %s", key, fmt.Sprintf(format, a...)))
	}
	langs := []struct {
		name string
		msgs map[string]string
	}{{EN, en}, {FR, fr}}

	for _, k := range keys {
		if !keyPattern.MatchString(k) {
			bad(k, "malformed key (want lowercase dotted segments such as area.name)")
		}
		var ph [2][]string
		present := true
		for i, l := range langs {
			v, ok := l.msgs[k]
			if !ok {
				bad(k, "missing in %s", l.name)
				present = false
				continue
			}
			if strings.TrimSpace(v) == "" {
				bad(k, "empty value in %s", l.name)
			}
			if !norm.NFC.IsNormalString(v) {
				bad(k, "%s value is not in Unicode NFC", l.name)
			}
			names, err := placeholders(v)
			if err != nil {
				bad(k, "%s value: %v", l.name, err)
				present = false
				continue
			}
			ph[i] = names
		}
		if present && strings.Join(ph[0], ",") != strings.Join(ph[1], ",") {
			bad(k, "placeholders differ: en {%s}, fr {%s}",
				strings.Join(ph[0], "} {"), strings.Join(ph[1], "} {"))
		}
		if base, ok := strings.CutSuffix(k, ".one"); ok {
			if !all[base+".other"] {
				bad(k, "plural form %q is missing", base+".other")
			}
			if all[base] {
				bad(base, "is both a plain message and a plural base")
			}
		}
		if base, ok := strings.CutSuffix(k, ".other"); ok && !all[base+".one"] {
			bad(k, "plural form %q is missing", base+".one")
		}
	}
	return errors.Join(errs...)
}
