package i18n

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// templateCall matches a translation call with a literal key inside a
// template action: t "key", T "key" (also as a method, .T "key"),
// tn "key" and N "key". The preceding character must not be part of an
// identifier or variable, so print "x" or $t "x" do not match.
var templateCall = regexp.MustCompile("(?:^|[^A-Za-z0-9_$])(t|T|tn|N)\\s+(\"(?:[^\"\\\\\\n]|\\\\.)*\"|`[^`]*`)")

// TemplateKeys returns the sorted, deduplicated catalogue keys used with a
// literal argument in html/template source src, so a test can check that
// every key a template uses exists:
//
//	{{t "nav.home"}}  {{ t "nav.home" }}  (t "nav.home")  {{.T "nav.home"}}
//	{{tn "list.count" .N}}  {{.N "list.count" 3}}
//
// Plural calls (tn, N) yield the two keys they need, "list.count.one" and
// "list.count.other". Only text inside {{ }} actions is scanned, and
// template comments are skipped; keys built at run time are not found.
func TemplateKeys(src string) []string {
	seen := make(map[string]bool)
	for _, action := range templateActions(src) {
		for _, m := range templateCall.FindAllStringSubmatch(action, -1) {
			key, err := strconv.Unquote(m[2])
			if err != nil || key == "" {
				continue
			}
			if m[1] == "tn" || m[1] == "N" {
				seen[key+".one"] = true
				seen[key+".other"] = true
			} else {
				seen[key] = true
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// templateActions returns the bodies of the {{ }} actions in src, without
// the delimiters and trim markers, skipping comments. A "}}" inside a
// quoted string does not end an action.
func templateActions(src string) []string {
	var out []string
	for {
		start := strings.Index(src, "{{")
		if start < 0 {
			return out
		}
		src = src[start+2:]
		if lead := strings.TrimLeft(strings.TrimPrefix(src, "-"), " \t\r\n"); strings.HasPrefix(lead, "/*") {
			// A comment runs to the first "*/"; quotes inside mean nothing.
			end := strings.Index(lead, "*/")
			if end < 0 {
				return out
			}
			src = lead[end+2:]
			continue
		}
		end := actionEnd(src)
		if end < 0 {
			return out
		}
		body := strings.TrimPrefix(src[:end], "-")
		src = src[end+2:]
		out = append(out, " "+strings.TrimSuffix(strings.TrimSpace(body), "-")+" ")
	}
}

// actionEnd returns the index of the "}}" closing the action at the start
// of s, ignoring any inside "…", `…` or '…' literals, or -1.
func actionEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote != '`' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '`' || c == '\'':
			quote = c
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			return i
		}
	}
	return -1
}
