package importer

import (
	"fmt"
	"sort"
	"strings"
)

// field is one `name: value` line of a header block.
type field struct {
	name, value string
	line        int
}

// header is an ordered list of fields with the line that opens the block
// (`---` or `--- en`), where missing fields are reported.
type header struct {
	fields []field
	line   int
}

// parseHeader reads `name: value` lines; lines[0] is line firstLine of the
// file and the block is opened on line opener. Blank lines and lines
// starting with # are skipped; two or more spaces followed by # start a
// comment.
func parseHeader(lines []string, firstLine, opener int, errs *errorList, file string) header {
	h := header{line: opener}
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

type errorList struct {
	list Errors
	// slugLines maps "file|slug_en" (or slug_fr) to the line a slug was
	// read or derived from, to point at it when another item has it too.
	slugLines map[string]int
	// order is the position of each file in the folder, to sort the
	// errors by file and then by line.
	order map[string]int
}

// file records that name is the next file of the folder.
func (l *errorList) file(name string) {
	if l.order == nil {
		l.order = map[string]int{}
	}
	if _, ok := l.order[name]; !ok {
		l.order[name] = len(l.order)
	}
}

func (l *errorList) slugLine(file, name string, line int) {
	if l.slugLines == nil {
		l.slugLines = map[string]int{}
	}
	l.slugLines[file+"|"+name] = line
}

func (l *errorList) add(file string, line int, format string, args ...any) {
	l.list = append(l.list, &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	rank := func(e *Error) int {
		if n, ok := l.order[e.File]; ok {
			return n
		}
		return len(l.order)
	}
	sort.SliceStable(l.list, func(i, j int) bool {
		a, b := l.list[i], l.list[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		return a.Line < b.Line
	})
	return l.list
}
