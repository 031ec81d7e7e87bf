package xliff

import (
	"errors"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

// FuzzRoundTrip checks the round trip on any text: as a Markdown body, as
// a title and as a link label, Import of the export with copied targets
// gives the text back (invalid UTF-8 replaced).
func FuzzRoundTrip(f *testing.F) {
	for _, tc := range trickyCases {
		f.Add(tc.md)
	}
	for _, s := range []string{
		"*a **b** c*", "**a *b***", "_a_b_", "a * b * c", "[a](<b c>)", "[a]: <b>\n[a]",
		"> - [ ] x\n>   y", "1. a\n\n   b\n\n    c", "| a |\n|---|\n| b |", "#\n##  #\n",
		"<div>\n\n*x*\n\n</div>", "x  \n  \n", "![a](b){lang=fr}", "`a\nb` c", "\\\n", "a\\",
		"[^x]: y\n    z", "***\n---\n___", "- a\n-\n- b", "~~~\n```\n~~~", "\t- a\n\t\t- b",
		"Été — « mots » …\u00a0!", "\u2028\u2029\ufeff", "\r\r\n\n\r",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		src := source(md)
		src.Title = md
		src.LearnMore = []content.Link{{Label: md, URL: "https://example.ca/"}}
		roundTrip(t, src)
	})
}

// FuzzImport checks that Import never panics or hangs on any input, and
// that a refusal always says why.
func FuzzImport(f *testing.F) {
	src := refusalSource()
	out, err := Export(src)
	if err != nil {
		f.Fatal(err)
	}
	doc := string(identityTargets(out))
	f.Add([]byte(doc))
	f.Add(out)
	f.Add([]byte(billionLaughs))
	f.Add([]byte(""))
	f.Add([]byte("<xliff/>"))
	f.Add([]byte(strings.Replace(doc, "<target>Title", `<target><mrk id="m"><pc id="1">Ti</pc><cp hex="1"/></mrk>tle`, 1)))
	f.Add([]byte(strings.Replace(doc, `<ph id="3"`, `<sc id="3"/><ec startRef="3"/><ph id="4"`, 1)))
	f.Add([]byte(strings.Replace(doc, "Second paragraph.</target>", strings.Repeat("<pc id='2'>", 50)+"x"+strings.Repeat("</pc>", 50)+"</target>", 1)))
	f.Add([]byte(strings.Replace(doc, `version="2.1"`, `version="2.0" xml:space="default"`, 1)))
	f.Add([]byte("\xff\xfe<\x00x\x00/\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Import(data, src)
		var e *Error
		switch {
		case errors.As(err, &e):
			if len(e.Problems) == 0 {
				t.Fatalf("an *Error without problems: %v", err)
			}
		case err != nil:
			t.Fatalf("not an *Error: %v", err)
		case tr.Title == "" || tr.BodyMarkdown == "":
			t.Fatalf("accepted without a title or body: %+v", tr)
		}
	})
}
