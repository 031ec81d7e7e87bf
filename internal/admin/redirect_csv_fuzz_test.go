package admin

import (
	"strings"
	"testing"
)

// FuzzParseRedirectCSV checks that any input either yields rows (with line
// numbers in order, inside the input, and two trimmed columns) or errors
// with line numbers inside the input, never both, and never panics.
func FuzzParseRedirectCSV(f *testing.F) {
	for _, s := range []string{
		"old,new\n/en/a,/en/b\n",
		"\uFEFF/en/a,/en/b\r\n/fr/c,\"/fr/d?x=1,2\"\r\n",
		"/en/a\n",
		"\"unterminated,/x\n",
		"a,b,c\n\n\n/en/x,/en/y",
		"",
		"\xff\xfe",
		"path,target\n \" /en/a \" , /en/b \n",
		strings.Repeat("/en/a,/en/b\n", 50),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, errs := parseRedirectCSV(data)
		if (len(rows) == 0) == (len(errs) == 0) {
			t.Fatalf("rows %d and errors %d: exactly one must be empty", len(rows), len(errs))
		}
		lines := strings.Count(string(data), "\n") + 1
		last := 0
		for _, r := range rows {
			if r.Line <= last || r.Line > lines {
				t.Fatalf("row line %d after %d (input has %d lines)", r.Line, last, lines)
			}
			last = r.Line
			if r.Path != strings.TrimSpace(r.Path) || r.Target != strings.TrimSpace(r.Target) {
				t.Fatalf("untrimmed row %+v", r)
			}
		}
		if len(rows) > maxRedirectCSVRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, e := range errs {
			if e.Line < 0 || e.Line > lines || e.Key == "" {
				t.Fatalf("error %+v (input has %d lines)", e, lines)
			}
		}
	})
}

func TestParseRedirectCSVLines(t *testing.T) {
	rows, errs := parseRedirectCSV([]byte("old,new\n\n/en/a,/en/b\n\"/en/c\",\"/en/d\"\n"))
	if len(errs) != 0 || len(rows) != 2 || rows[0].Line != 3 || rows[1].Line != 4 || rows[1].Path != "/en/c" {
		t.Fatalf("rows %+v errs %+v", rows, errs)
	}
	_, errs = parseRedirectCSV([]byte("/en/a,/en/b\n/en/c\n/en/d,/en/e,/en/f\n\"x,y\n"))
	if len(errs) != 3 || errs[0].Line != 2 || errs[1].Line != 3 || errs[2].Key != csvErrSyntax || errs[2].Line != 4 {
		t.Fatalf("errors %+v", errs)
	}
	_, errs = parseRedirectCSV([]byte(strings.Repeat("/en/a,/en/b\n", maxRedirectCSVRows+1)))
	if len(errs) != 1 || errs[0].Key != csvErrTooMany || errs[0].Line != maxRedirectCSVRows+1 {
		t.Fatalf("too many: %+v", errs)
	}
}
