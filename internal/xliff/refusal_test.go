package xliff

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

// refusalSource is the source the refusal tests break documents of:
// body-1 holds a link (pc 1) around emphasis (pc 2) and a code span (ph 3).
func refusalSource() Source {
	src := source("See [the *new* site](https://example.ca/) and `code`.\n\nSecond paragraph.\n")
	src.Title = "Title"
	return src
}

// translated is the exported refusalSource with every target a copy of
// its source.
func translated(t *testing.T) string {
	t.Helper()
	out, err := Export(refusalSource())
	if err != nil {
		t.Fatal(err)
	}
	return string(identityTargets(out))
}

// unitRE matches one unit of an exported document.
func unitRE(id string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)\n *<unit id="` + regexp.QuoteMeta(id) + `".*?</unit>`)
}

// targetOf returns the regular expression of unit id's target.
func targetRE(id string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)(<unit id="` + regexp.QuoteMeta(id) + `".*?<target>)(.*?)(</target>)`)
}

// withTarget replaces the target of unit id.
func withTarget(doc, id, inner string) string {
	return targetRE(id).ReplaceAllString(doc, "${1}"+strings.ReplaceAll(inner, "$", "$$")+"${3}")
}

func TestRefusals(t *testing.T) {
	base := translated(t)
	body1 := unitRE("body-1").FindString(base)
	if body1 == "" {
		t.Fatal("no body-1")
	}
	ph3 := regexp.MustCompile(`<ph id="3"[^>]*></ph>`).FindString(base)
	pc2 := regexp.MustCompile(`<pc id="2"[^>]*>new</pc>`).FindString(base)
	if ph3 == "" || pc2 == "" {
		t.Fatalf("codes not found in\n%s", base)
	}
	const pc1 = `<pc id="1">`
	cases := []struct {
		name   string
		doc    string
		unit   string
		key    string
		arg    string // checked when not ""
		source func(*Source)
	}{
		{name: "unit missing", doc: strings.Replace(base, body1, "", 1), unit: "body-1", key: KeyUnitMissing},
		{name: "unit unknown", doc: strings.Replace(base, "\n  </file>", `<unit id="body-9"><segment><source>x</source><target>y</target></segment></unit></file>`, 1), unit: "body-9", key: KeyUnitUnknown},
		{name: "unit duplicated", doc: strings.Replace(base, body1, body1+body1, 1), unit: "body-1", key: KeyUnitDuplicate},
		{name: "target empty", doc: withTarget(base, "body-2", ""), unit: "body-2", key: KeyTargetEmpty},
		{name: "target white space", doc: withTarget(base, "body-2", " \n\t"), unit: "body-2", key: KeyTargetEmpty},
		{name: "target without text", doc: withTarget(base, "body-1", pc1+`<pc id="2"></pc></pc> <ph id="3"/>`), unit: "body-1", key: KeyTargetEmpty},
		{name: "target missing", doc: regexp.MustCompile(`(?s)(<unit id="title".*?)<target>.*?</target>`).ReplaceAllString(base, "$1"), unit: "title", key: KeyTargetEmpty},
		{name: "code removed", doc: withTarget(base, "body-1", `Voir `+pc1+`le <pc id="2">nouveau</pc> site</pc> et .`), unit: "body-1", key: KeyCodeMissing, arg: "3"},
		{name: "ph turned into text", doc: withTarget(base, "body-1", `Voir `+pc1+`le <pc id="2">nouveau</pc> site</pc> et `+"`code`."), unit: "body-1", key: KeyCodeMissing, arg: "3"},
		{name: "code duplicated", doc: withTarget(base, "body-1", `Voir `+pc1+`le <pc id="2">nouveau</pc> site</pc> et <ph id="3"/><ph id="3"/>.`), unit: "body-1", key: KeyCodeDuplicate, arg: "3"},
		{name: "code added", doc: withTarget(base, "body-1", `Voir `+pc1+`le <pc id="2">nouveau</pc> site</pc> et <ph id="3"/><ph id="9"/>.`), unit: "body-1", key: KeyCodeExtra, arg: "9"},
		{name: "pc turned into ph", doc: withTarget(base, "body-1", `Voir `+pc1+`le <ph id="2"/>nouveau site</pc> et <ph id="3"/>.`), unit: "body-1", key: KeyCodeMismatch, arg: "2"},
		{name: "ph turned into pc", doc: withTarget(base, "body-1", `Voir `+pc1+`le <pc id="2">nouveau</pc> site</pc> et <pc id="3">code</pc>.`), unit: "body-1", key: KeyCodeMismatch, arg: "3"},
		{name: "pc split into sc and ec", doc: withTarget(base, "body-1", `Voir `+pc1+`le <sc id="2"/>nouveau<ec startRef="2"/> site</pc> et <ph id="3"/>.`), unit: "body-1", key: KeyCodeMismatch, arg: "2"},
		{name: "code moved out of its pc", doc: withTarget(base, "body-1", `Voir <pc id="2">nouveau</pc> `+pc1+`site</pc> et <ph id="3"/>.`), unit: "body-1", key: KeyCodeNesting, arg: "2"},
		{name: "code moved into a pc", doc: withTarget(base, "body-1", `Voir `+pc1+`le <pc id="2">nouveau</pc> site et <ph id="3"/></pc>.`), unit: "body-1", key: KeyCodeNesting, arg: "3"},
		{name: "source edited in the file", doc: strings.Replace(base, "<source>Second paragraph.</source>", "<source>Second paragraph!</source>", 1), unit: "body-2", key: KeySourceChanged},
		{name: "original data edited in the file", doc: strings.Replace(base, "](https://example.ca/)", "](https://evil.example/)", 1), unit: "body-1", key: KeySourceChanged},
		{name: "source changed since the export", doc: base, unit: "body-2", key: KeySourceChanged,
			source: func(s *Source) { s.BodyMarkdown = strings.Replace(s.BodyMarkdown, "Second", "Other", 1) }},
		{name: "a unit added to the source since the export", doc: base, unit: "body-3", key: KeyUnitMissing,
			source: func(s *Source) { s.BodyMarkdown += "\nThird.\n" }},
		{name: "wrong target language", doc: strings.Replace(base, `trgLang="fr-CA"`, `trgLang="de-DE"`, 1), key: KeyWrongLanguages, arg: "en-CA → de-DE"},
		{name: "no target language", doc: strings.Replace(base, ` trgLang="fr-CA"`, ``, 1), key: KeyWrongLanguages},
		{name: "languages swapped", doc: base, key: KeyWrongLanguages,
			source: func(s *Source) { s.SourceLang, s.TargetLang = content.French, content.English }},
		{name: "wrong episode", doc: strings.Replace(base, `<file id="test-episode"`, `<file id="other-episode"`, 1), key: KeyWrongEpisode, arg: "other-episode"},
		{name: "wrong episode in original", doc: strings.Replace(base, "busrides/episodes/test-episode/", "busrides/episodes/other/", 1), key: KeyWrongEpisode, arg: "other"},
		{name: "another episode's document", doc: base, key: KeyWrongEpisode, source: func(s *Source) { s.Key = "another" }},
		{name: "original removed", doc: regexp.MustCompile(` original="[^"]*"`).ReplaceAllString(base, ""), key: KeyMalformed},
		{name: "billion laughs", doc: billionLaughs, key: KeyDoctype},
		{name: "external entity", doc: `<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + base[len(`<?xml version="1.0" encoding="UTF-8"?>`):], key: KeyDoctype},
		{name: "DOCTYPE inside", doc: strings.Replace(base, "<notes>", `<!DOCTYPE x><notes>`, 1), key: KeyDoctype},
		{name: "undeclared entity", doc: strings.Replace(base, "Second paragraph.</target>", "&lol9;</target>", 1), key: KeyMalformed},
		{name: "not XML", doc: "Translated text, pasted from a word processor.\n", key: KeyNotXLIFF},
		{name: "binary", doc: "%PDF-1.7\n\x00\x01\x02\xff\xfe", key: KeyNotXLIFF},
		{name: "empty", doc: "", key: KeyNotXLIFF},
		{name: "other XML", doc: `<?xml version="1.0"?><html><body>hi</body></html>`, key: KeyNotXLIFF, arg: "html"},
		{name: "XLIFF 1.2", doc: `<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" target-language="fr" datatype="plaintext" original="x"><body/></file></xliff>`, key: KeyNotXLIFF, arg: "xliff 1.2"},
		{name: "version 3", doc: strings.Replace(base, `version="2.1"`, `version="3.0"`, 1), key: KeyNotXLIFF, arg: "xliff 3.0"},
		{name: "truncated", doc: base[:len(base)/2], key: KeyMalformed},
		{name: "unknown element in a target", doc: withTarget(base, "body-2", "<b>Deuxième</b>"), key: KeyMalformed},
		{name: "code without id", doc: withTarget(base, "body-2", "Deux<ph/>"), key: KeyMalformed},
		{name: "bad code point", doc: withTarget(base, "body-2", `Deux<cp hex="D800"/>`), key: KeyMalformed},
		{name: "two files", doc: strings.Replace(base, "</file>", `</file><file id="x" original="busrides/episodes/x/revisions/1"><unit id="a"><segment><source>a</source></segment></unit></file>`, 1), key: KeyMalformed},
		{name: "two roots", doc: base + "<xliff/>", key: KeyMalformed},
		{name: "deep nesting", doc: withTarget(base, "body-2", strings.Repeat("<mrk id='m'>", maxDepth+10)+"x"+strings.Repeat("</mrk>", maxDepth+10)), key: KeyMalformed},
		{name: "unsupported encoding", doc: strings.Replace(base, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), key: KeyNotXLIFF},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := refusalSource()
			if tc.source != nil {
				tc.source(&want)
			}
			_, err := Import([]byte(tc.doc), want)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Import: %v, want an *Error with %s", err, tc.key)
			}
			found := false
			for _, p := range e.Problems {
				if p.Key == tc.key && p.Unit == tc.unit && (tc.arg == "" || p.Arg == tc.arg) {
					found = true
				}
				if p.Key == KeyMalformed || p.Key == KeyDoctype {
					if _, err := strconv.Atoi(p.Arg); err != nil {
						t.Errorf("%s without a line number: %q", p.Key, p.Arg)
					}
				}
			}
			if !found {
				t.Errorf("problems %+v, want %s on %q (arg %q)", e.Problems, tc.key, tc.unit, tc.arg)
			}
		})
	}
	// The untouched document is accepted: the refusals come from the changes.
	if _, err := Import([]byte(base), refusalSource()); err != nil {
		t.Fatalf("Import of the unchanged document: %v", err)
	}
}

// billionLaughs declares entities that expand to gigabytes.
var billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en-CA" trgLang="fr-CA">
 <file id="test-episode" original="busrides/episodes/test-episode/revisions/7">
  <unit id="body-1"><segment><source>x</source><target>&lol9;</target></segment></unit>
 </file>
</xliff>`

func TestTooLarge(t *testing.T) {
	t.Parallel()
	base := translated(t)
	padding := strings.Repeat(" ", MaxSize)
	doc := strings.Replace(base, "<notes>", "<notes>"+padding, 1)
	_, err := Import([]byte(doc), refusalSource())
	if !hasKey(err, "", KeyTooLarge) {
		t.Fatalf("Import of %d bytes: %v", len(doc), err)
	}
	var e *Error
	if errors.As(err, &e) && e.Problems[0].Arg != "8" {
		t.Errorf("Arg: %q", e.Problems[0].Arg)
	}
	// Just under the limit, the same padding is read.
	doc = strings.Replace(base, "<notes>", "<notes>"+padding[:MaxSize-len(base)], 1)
	if _, err := Import([]byte(doc), refusalSource()); err != nil {
		t.Errorf("Import of %d bytes: %v", len(doc), err)
	}
}

// TestEveryProblemReported checks that problems of several units come in
// one error, in the order of the units.
func TestEveryProblemReported(t *testing.T) {
	doc := translated(t)
	doc = withTarget(doc, "title", "")
	doc = withTarget(doc, "body-1", `Voir <ph id="3"/>`)
	doc = withTarget(doc, "body-2", "")
	_, err := Import([]byte(doc), refusalSource())
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Import: %v", err)
	}
	want := []Problem{
		{Unit: "title", Key: KeyTargetEmpty},
		{Unit: "body-1", Key: KeyCodeMissing, Arg: "1"},
		{Unit: "body-1", Key: KeyCodeMissing, Arg: "2"},
		{Unit: "body-2", Key: KeyTargetEmpty},
	}
	if len(e.Problems) != len(want) {
		t.Fatalf("problems %+v, want %+v", e.Problems, want)
	}
	for i := range want {
		if e.Problems[i] != want[i] {
			t.Errorf("problem %d: %+v, want %+v", i, e.Problems[i], want[i])
		}
	}
}

// TestImportOfInvalidSource checks that a source Import cannot cut is an
// error of its own, not a refusal of the document.
func TestImportOfInvalidSource(t *testing.T) {
	want := refusalSource()
	want.Key = "not a key"
	_, err := Import([]byte(translated(t)), want)
	var e *Error
	if !errors.Is(err, ErrInvalidSource) || errors.As(err, &e) {
		t.Errorf("Import: %v", err)
	}
}

// TestOriginalDataIgnored checks that codes are resolved against the
// source, never the file's original data: a file whose data was changed
// and whose originalData was removed altogether still gives the source's
// Markdown.
func TestOriginalDataIgnored(t *testing.T) {
	doc := translated(t)
	doc = regexp.MustCompile(`(?s)\n *<originalData>.*?</originalData>`).ReplaceAllString(doc, "")
	if strings.Contains(doc, "originalData") {
		t.Fatal("originalData still there")
	}
	got, err := Import([]byte(doc), refusalSource())
	if err != nil {
		t.Fatal(err)
	}
	if got.BodyMarkdown != refusalSource().BodyMarkdown {
		t.Errorf("body: %q", got.BodyMarkdown)
	}
	if !bytes.Contains([]byte(translated(t)), []byte("<originalData>")) {
		t.Error("the export has no originalData")
	}
}
