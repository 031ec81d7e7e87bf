package importer

import (
	"fmt"
	"strings"
)

// field is one `name: value` line of a header block.
type field struct {
	name, value string
	line        int
}

// header is an ordered list of fields with the line the block starts on.
type header struct {
	fields []field
	line   int
}

// parseHeader reads `name: value` lines. Blank lines and lines starting
// with # are skipped; two or more spaces followed by # start a comment.
func parseHeader(lines []string, firstLine int, errs *errorList, file string) header {
	h := header{line: firstLine}
	for i, raw := range lines {
		n := firstLine + i
		line := stripComment(raw)
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			errs.add(file, n, "expected a line `name: value`, got %q", strings.TrimSpace(raw))
			continue
		}
		h.fields = append(h.fields, field{name: name, value: strings.TrimSpace(value), line: n})
	}
	return h
}

func stripComment(s string) string {
	if strings.HasPrefix(strings.TrimSpace(s), "#") {
		return ""
	}
	for i := 0; i+2 < len(s); i++ {
		if s[i] == ' ' && s[i+1] == ' ' {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if j < len(s) && s[j] == '#' {
				return s[:i]
			}
		}
	}
	return s
}

// fieldReader hands out a header's fields by name and reports unknown and
// repeated ones.
type fieldReader struct {
	h    header
	file string
	errs *errorList
	used map[int]bool
}

func newFieldReader(h header, file string, errs *errorList) *fieldReader {
	return &fieldReader{h: h, file: file, errs: errs, used: map[int]bool{}}
}

// one returns the single value of name ("" if absent) and its line.
func (r *fieldReader) one(name string) (string, int) {
	val, line := "", r.h.line
	seen := false
	for i, f := range r.h.fields {
		if f.name != name {
			continue
		}
		r.used[i] = true
		if seen {
			r.errs.add(r.file, f.line, "field %q appears more than once", name)
			continue
		}
		seen = true
		val, line = f.value, f.line
	}
	return val, line
}

// required is one() that reports a missing or empty value.
func (r *fieldReader) required(name string) (string, int) {
	v, line := r.one(name)
	if v == "" {
		r.errs.add(r.file, line, "field %q is required", name)
	}
	return v, line
}

// all returns every value of a repeatable field.
func (r *fieldReader) all(name string) []field {
	var out []field
	for i, f := range r.h.fields {
		if f.name == name {
			r.used[i] = true
			out = append(out, f)
		}
	}
	return out
}

// done reports the fields nobody asked for.
func (r *fieldReader) done() {
	for i, f := range r.h.fields {
		if !r.used[i] {
			r.errs.add(r.file, f.line, "unknown field %q", f.name)
		}
	}
}

// Error is one problem in one content file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Errors is every problem found in a folder, in file order.
type Errors []*Error

func (e Errors) Error() string {
	var b strings.Builder
	for i, x := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

type errorList struct{ list Errors }

func (l *errorList) add(file string, line int, format string, args ...any) {
	l.list = append(l.list, &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	return l.list
}
