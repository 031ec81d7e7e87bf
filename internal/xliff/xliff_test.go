package xliff

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

// trickyCases are Markdown bodies with the units they must give (in the
// compact notation of compact) and must survive a round trip unchanged.
var trickyCases = []struct {
	name  string
	md    string
	units []string
}{
	{"empty", "", nil},
	{"blank lines only", "\n\n  \n", nil},
	{"paragraph", "Hello, world.", []string{"Hello, world."}},
	{"nested emphasis in a link",
		`See [the *new* **site**](https://example.ca/a_b "Its title") now.`,
		[]string{`See {pc:[}the {pc:*}new{/pc:*} {pc:**}site{/pc:**}{/pc:](https://example.ca/a_b "Its title")} now.`}},
	{"link to a page in one language",
		"Voir le site des [Nations numériques](https://www.leadingdigitalgovs.org/){lang=en}.",
		[]string{"Voir le site des {pc:[}Nations numériques{/pc:](https://www.leadingdigitalgovs.org/){lang=en}}."}},
	{"code span holding stars", "Run `go test *x*` first, *then* ship.",
		[]string{"Run {ph:`go test *x*`} first, {pc:*}then{/pc:*} ship."}},
	{"code span of two backticks", "Type ``a ` b`` here.", []string{"Type {ph:``a ` b``} here."}},
	{"unclosed backticks", "One ` tick and **bold**.", []string{"One ` tick and {pc:**}bold{/pc:**}."}},
	{"escaped characters", `\*not emphasis\* and \[not a link\](x) \_ok\_`,
		[]string{`\*not emphasis\* and \[not a link\](x) \_ok\_`}},
	{"reference links",
		"A [full][ref], a [collapsed][] and a [ref].\n\n[ref]: https://example.ca \"Title\"\n[collapsed]: <https://example.ca/c>\n",
		[]string{"A {pc:[}full{/pc:][ref]}, a {pc:[}collapsed{/pc:][]} and a {pc:[}ref{/pc:]}."}},
	{"undefined reference", "An [undefined] label.", []string{"An [undefined] label."}},
	{"inline HTML", `a <span class="x">b</span> c<br/>d <!-- note --> e`,
		[]string{`a {ph:<span class="x">}b{ph:</span>} c{ph:<br/>}d {ph:<!-- note -->} e`}},
	{"autolinks and bare URLs", "Write to <info@example.ca> or see <https://canada.ca>{lang=en}, https://x.ca/a_(b). Or www.example.ca!",
		[]string{"Write to {ph:<info@example.ca>} or see {ph:<https://canada.ca>{lang=en}}, {ph:https://x.ca/a_(b)}. Or {ph:www.example.ca}!"}},
	{"only an autolink", "<https://canada.ca>\n", nil},
	{"image with alt text", `![A *red* door](/media/door.png "The door")`,
		[]string{`{pc:![}A {pc:*}red{/pc:*} door{/pc:](/media/door.png "The door")}`}},
	{"image inside a link", "[![Logo](/l.png)](https://example.ca)",
		[]string{"{pc:[}{pc:![}Logo{/pc:](/l.png)}{/pc:](https://example.ca)}"}},
	{"hard line breaks", "one  \ntwo\\\nthree\nfour",
		[]string{"one{ph:  \n}two{ph:\\\n}three\nfour"}},
	{"headings", "# One\n## Two ##\n### Three \\#\n#### Four###\n#\n",
		[]string{"One", "Two", `Three \#`, "Four###"}},
	{"setext headings", "Title\n=====\n\nSub *title*\n---\n",
		[]string{"Title", "Sub {pc:*}title{/pc:*}"}},
	{"lists with continuation lines",
		"- one\n  continued\n- two\n\n  second paragraph\n\n1. first\n2) second\n10. tenth\n",
		[]string{"one\ncontinued", "two", "second paragraph", "first", "second", "tenth"}},
	{"nested list and task boxes", "- [ ] to do\n- [x] done\n  - nested *item*\n", []string{"to do", "done", "nested {pc:*}item{/pc:*}"}},
	{"block quote with attribution",
		"> \"Being part of it has been good.\"\n>\n> — Seong Ju Park, Republic of Korea\n",
		[]string{`"Being part of it has been good."`, "— Seong Ju Park, Republic of Korea"}},
	{"lazy block quote", "> a\ncontinued\n\n> - item\n", []string{"a\ncontinued", "item"}},
	{"code blocks", "```go\nfmt.Println(\"*hi*\")\n```\n\n~~~\ncode\n~~~~\n\n    indented code\n\ntext\n",
		[]string{"text"}},
	{"unclosed fence", "```\nnever closed *x*\n", nil},
	{"HTML blocks", "<div class=\"note\">\n*not translated*\n</div>\n\n<!--\ncomment\n-->\n\n<script>\nalert(1)\n</script>\n\nafter\n",
		[]string{"after"}},
	{"thematic breaks", "a\n\n---\n\n* * *\n\n___\n\nb", []string{"a", "b"}},
	{"table", "| Name | Value |\n|:-----|------:|\n| *a* | `b\\|c` |\n| d \\| e | |\n",
		[]string{"Name{ph: | }Value", "{pc:*}a{/pc:*}{ph: | }{ph:`b\\|c`}", "d \\| e{ph: |}"}},
	{"footnotes", "Text[^1] here.\n\n[^1]: The *note*.\n", []string{"Text{ph:[^1]} here.", "The {pc:*}note{/pc:*}."}},
	{"strikethrough and strong", "~~old~~ ***both*** __strong__ _em_ snake_case_name",
		[]string{"{pc:~~}old{/pc:~~} {pc:*}{pc:**}both{/pc:**}{/pc:*} {pc:__}strong{/pc:__} {pc:_}em{/pc:_} snake_case_name"}},
	{"link in strong", "**[a](b) c**", []string{"{pc:**}{pc:[}a{/pc:](b)} c{/pc:**}"}},
	{"link destination with parentheses", "[w](https://en.wikipedia.org/wiki/Foo_(bar)) end",
		[]string{"{pc:[}w{/pc:](https://en.wikipedia.org/wiki/Foo_(bar))} end"}},
	{"brackets that are not links", "[a] [b](c d) [e]() ![f]", []string{"[a] [b](c d) {pc:[}e{/pc:]()} ![f]"}},
	{"entities", "AT&amp;T &copy; &#233;", []string{"AT&amp;T &copy; &#233;"}},
	{"unicode", "Été « déjà » 🇨🇦 *naïve* café\u0301 עברית", []string{"Été « déjà » 🇨🇦 {pc:*}naïve{/pc:*} café\u0301 עברית"}},
	{"CRLF line endings", "a\r\nb\r\n\r\n# c\r\n", []string{"a\nb", "c"}},
	{"no final newline", "a\n\nb", []string{"a", "b"}},
	{"trailing and leading spaces", "   indented start   \n\n\tindented code\n", []string{"indented start"}},
	{"indented line continues a paragraph", "text\n\tmore   \nend  ", []string{"text\nmore{ph:   \n}end"}},
	{"characters XML cannot hold", "bell\x07 nul\x00 \uFFFE \uFFFF end\x1b[0m", []string{"bell\x07 nul\x00 \uFFFE \uFFFF end\x1b[0m"}},
	{"lone carriage return", "a\rb", []string{"a\rb"}},
	{"XML specials", `<&> "quotes" 'apos' ]]> &lt;`, []string{`<&> "quotes" 'apos' ]]> &lt;`}},
	{"link reference definition only", "[x]: https://example.ca\n", nil},
	{"emphasis rule of three", "*foo**bar**baz*", []string{"{pc:*}foo{pc:**}bar{/pc:**}baz{/pc:*}"}},
	{"pull-quote of the demo",
		"> « Faire partie des Nations numériques. »\n>\n> — Seong Ju Park, directrice adjointe\n",
		[]string{"« Faire partie des Nations numériques. »", "— Seong Ju Park, directrice adjointe"}},
}

func TestTrickyMarkdown(t *testing.T) {
	for _, tc := range trickyCases {
		t.Run(tc.name, func(t *testing.T) {
			src := source(tc.md)
			if got := units(t, src); !slices.Equal(got, tc.units) {
				t.Errorf("units of %q:\n got %q\nwant %q", tc.md, got, tc.units)
			}
			roundTrip(t, src)
		})
	}
}

// TestEveryField round-trips a source with every field, white space
// around the plain texts and language marks on the link labels.
func TestEveryField(t *testing.T) {
	src := Source{
		Key: "every-field", Revision: 12, SourceLang: content.French, TargetLang: content.English,
		Title:        "  Sommet des Nations numériques\t",
		Summary:      "Le Canada préside\nles Nations numériques.",
		BodyMarkdown: "Corps.\n",
		Transcript:   "**Animatrice** : Bonjour.\n\n**Invité** : Bonjour!\n",
		ImageAlt:     "Les délégués",
		ImageCaption: "Photo de famille",
		LearnMore: []content.Link{
			{Label: "Nations numériques {lang=en}", URL: "https://www.leadingdigitalgovs.org/"},
			{Label: "", URL: "https://example.ca/"},
			{Label: " FWD50 {lang=en} ", URL: "https://fwd50.com/"},
			{Label: "{lang=fr}", URL: "https://example.ca/fr"},
		},
	}
	out := roundTrip(t, src)
	got := units(t, src)
	want := []string{"Sommet des Nations numériques", "Le Canada préside\nles Nations numériques.", "Corps.",
		"{pc:**}Animatrice{/pc:**} : Bonjour.", "{pc:**}Invité{/pc:**} : Bonjour!", "Les délégués", "Photo de famille",
		"Nations numériques", "FWD50"}
	if !slices.Equal(got, want) {
		t.Errorf("units:\n got %q\nwant %q", got, want)
	}
	for _, id := range []string{"title", "summary", "body-1", "transcript-1", "transcript-2", "image-alt", "image-caption", "link-1", "link-3"} {
		if !bytes.Contains(out, []byte(`<unit id="`+id+`"`)) {
			t.Errorf("no unit %s", id)
		}
	}
	for _, absent := range []string{`"link-2"`, `"link-4"`, "{lang=en}"} {
		if bytes.Contains(out, []byte(absent)) {
			t.Errorf("the document holds %s", absent)
		}
	}
	for _, s := range []string{`srcLang="fr-CA" trgLang="en-CA"`, `original="busrides/episodes/every-field/revisions/12"`, `<note category="url">https://fwd50.com/</note>`} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("the document lacks %s", s)
		}
	}
}

func TestSourceFromVersion(t *testing.T) {
	v := content.Version{
		Lang: content.English, Title: "T", Summary: "S", BodyMarkdown: "B", Transcript: "Tr",
		Image:     content.Image{URL: "/media/x.png", Alt: "A", Caption: "C"},
		LearnMore: []content.Link{{Label: "L", URL: "https://example.ca"}},
	}
	got := SourceFromVersion("k", 4, v, content.French)
	want := Source{Key: "k", Revision: 4, SourceLang: content.English, TargetLang: content.French,
		Title: "T", Summary: "S", BodyMarkdown: "B", Transcript: "Tr", ImageAlt: "A", ImageCaption: "C",
		LearnMore: []content.Link{{Label: "L", URL: "https://example.ca"}}}
	if got.Key != want.Key || got.Revision != want.Revision || got.SourceLang != want.SourceLang || got.TargetLang != want.TargetLang ||
		got.Title != want.Title || got.Summary != want.Summary || got.BodyMarkdown != want.BodyMarkdown ||
		got.Transcript != want.Transcript || got.ImageAlt != want.ImageAlt || got.ImageCaption != want.ImageCaption ||
		!slices.Equal(got.LearnMore, want.LearnMore) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	got.LearnMore[0].Label = "changed"
	if v.LearnMore[0].Label != "L" {
		t.Error("SourceFromVersion shares the version's links")
	}
}

func TestExportRefusesInvalidSources(t *testing.T) {
	ok := source("Text.")
	cases := []struct {
		name   string
		change func(*Source)
		want   error
	}{
		{"empty key", func(s *Source) { s.Key = "" }, ErrInvalidSource},
		{"key with a space", func(s *Source) { s.Key = "a b" }, ErrInvalidSource},
		{"key with markup", func(s *Source) { s.Key = `"><x` }, ErrInvalidSource},
		{"unknown language", func(s *Source) { s.TargetLang = "de" }, ErrInvalidSource},
		{"same languages", func(s *Source) { s.TargetLang = s.SourceLang }, ErrInvalidSource},
		{"nothing to translate", func(s *Source) { s.BodyMarkdown = "```\ncode\n```\n" }, ErrNothingToTranslate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := ok
			tc.change(&src)
			if _, err := Export(src); !errors.Is(err, tc.want) {
				t.Errorf("Export: %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Export(ok); err != nil {
		t.Errorf("Export of a valid source: %v", err)
	}
}

// TestRealisticTranslation translates an English episode into French as a
// bureau would (new text, codes moved where French puts them) and checks
// the French Markdown.
func TestRealisticTranslation(t *testing.T) {
	src := Source{
		Key: "digital-nations-2020", Revision: 3, SourceLang: content.English, TargetLang: content.French,
		Title: "Digital Nations 2020",
		BodyMarkdown: "## Why *it* matters\n\n" +
			"Visit the [Digital Nations site](https://www.leadingdigitalgovs.org/){lang=en} for **more** details.\n\n" +
			"- Share `best-practices.md` with your team\n" +
			"- Read the [summit notes][notes]\n\n" +
			"> \"Being part of Digital Nations has been like having a trusted group of friends.\"\n>\n> — Seong Ju Park\n\n" +
			"```\ncurl https://example.ca\n```\n\n" +
			"[notes]: https://example.ca/notes\n",
		ImageAlt:  "Delegates standing together",
		LearnMore: []content.Link{{Label: "FWD50 {lang=en}", URL: "https://fwd50.com/"}},
	}
	out, err := Export(src)
	if err != nil {
		t.Fatal(err)
	}
	french := map[string]string{
		"title":  "Sommet des Nations numériques en 2020",
		"body-1": `Pourquoi <pc id="1">c’est</pc> important`,
		"body-2": `Consultez le <pc id="1">site des Nations numériques</pc> pour <pc id="2">plus</pc> de détails.`,
		"body-3": `Communiquez <ph id="1"/> à votre équipe`,
		"body-4": `Lisez les <pc id="1">notes du sommet</pc>`,
		"body-5": `« Faire partie des Nations numériques, c’est comme avoir un groupe d’amis de confiance. »`,
		"body-6": `— Seong Ju Park`,
		// Codes at the ends of a target, emphasis with its spaces inside:
		"image-alt": `Délégués debout côte à côte`,
		"link-1":    `FWD50`,
	}
	for id, inner := range french {
		out = setTarget(t, out, id, inner)
	}
	got, err := Import(out, src)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	wantBody := "## Pourquoi *c’est* important\n\n" +
		"Consultez le [site des Nations numériques](https://www.leadingdigitalgovs.org/){lang=en} pour **plus** de détails.\n\n" +
		"- Communiquez `best-practices.md` à votre équipe\n" +
		"- Lisez les [notes du sommet][notes]\n\n" +
		"> « Faire partie des Nations numériques, c’est comme avoir un groupe d’amis de confiance. »\n>\n> — Seong Ju Park\n\n" +
		"```\ncurl https://example.ca\n```\n\n" +
		"[notes]: https://example.ca/notes\n"
	if got.BodyMarkdown != wantBody {
		t.Errorf("French body:\n got %q\nwant %q", got.BodyMarkdown, wantBody)
	}
	if got.Title != "Sommet des Nations numériques en 2020" || got.ImageAlt != "Délégués debout côte à côte" ||
		!slices.Equal(got.LinkLabels, []string{"FWD50 {lang=en}"}) || got.Revision != 3 || got.Lang != content.French {
		t.Errorf("French fields: %+v", got)
	}
}

// TestTranslationShapes checks how a translated text is put back: more or
// fewer lines than the source, newlines in a heading, white space inside
// emphasis, an emphasis emptied, codes reordered, annotations and <cp>.
func TestTranslationShapes(t *testing.T) {
	cases := []struct {
		name, md, unit, target, want string
	}{
		{"more lines in a quote", "> one line\n\nafter\n", "body-1", "première\ndeuxième\ntroisième", "> première\n> deuxième\n> troisième\n\nafter\n"},
		{"more lines in a list item", "- item\n- next\n", "body-1", "élément\nsuite", "- élément\n  suite\n- next\n"},
		{"fewer lines", "> a\n> b\n> c\n", "body-1", "un seul", "> un seul\n"},
		{"more lines than a multi-line source", "a\r\n  b\r\n\r\n", "body-1", "1\n2\n3", "1\r\n  2\r\n  3\r\n\r\n"},
		{"newline in a heading", "# Title #\n", "body-1", "Titre\nsur deux lignes", "# Titre sur deux lignes #\n"},
		{"spaces inside emphasis", "a *b* c\n", "body-1", `un<pc id="1"> mot </pc>deux`, "un *mot* deux\n"},
		{"emphasis emptied", "a *b* c\n", "body-1", `un <pc id="1"> </pc>deux`, "un  deux\n"},
		{"codes reordered", "*a* and [b](u)\n", "body-1", `<pc id="2">B</pc> et <pc id="1">A</pc>`, "[B](u) et *A*\n"},
		{"annotations dropped", "Hello *world*\n", "body-1", `<mrk id="m1" type="term">Bonjour</mrk> <sm id="s"/><pc id="1">monde</pc><em startRef="s"/>`, "Bonjour *monde*\n"},
		{"code points", "Hello\n", "body-1", `Bon<cp hex="0007"/>jour`, "Bon\x07jour\n"},
		{"translator's own Markdown kept", "Plain\n", "body-1", `Texte \*brut\*`, "Texte \\*brut\\*\n"},
		{"table row", "| a | b |\n|---|---|\n| c | d |\n", "body-2", `C<ph id="1"/>D`, "| a | b |\n|---|---|\n| C | D |\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := source(tc.md)
			out, err := Export(src)
			if err != nil {
				t.Fatal(err)
			}
			// The other units keep their source.
			out = setTarget(t, out, tc.unit, tc.target)
			out = fillMissingTargets(out)
			got, err := Import(out, src)
			if err != nil {
				t.Fatalf("Import: %v\n%s", err, out)
			}
			if got.BodyMarkdown != tc.want {
				t.Errorf("body:\n got %q\nwant %q", got.BodyMarkdown, tc.want)
			}
		})
	}
}

// fillMissingTargets copies the source of every segment without a target.
func fillMissingTargets(doc []byte) []byte {
	return segmentRE.ReplaceAllFunc(doc, func(seg []byte) []byte {
		if bytes.Contains(seg, []byte("<target>")) {
			return seg
		}
		return identityTargets(seg)
	})
}

// TestWhiteSpace checks xml:space: a tool that drops preserve may
// collapse white space, and Import then compares the source collapsed.
func TestWhiteSpace(t *testing.T) {
	src := source("one\ntwo  three\n")
	out, err := Export(src)
	if err != nil {
		t.Fatal(err)
	}
	doc := bytes.ReplaceAll(out, []byte(` xml:space="preserve"`), nil)
	doc = bytes.Replace(doc, []byte("<source>one\ntwo  three</source>"), []byte("<source>one two three</source><target>un\n   deux trois</target>"), 1)
	got, err := Import(doc, src)
	if err != nil {
		t.Fatalf("Import: %v\n%s", err, doc)
	}
	if got.BodyMarkdown != "un deux trois\n" {
		t.Errorf("body: %q", got.BodyMarkdown)
	}
	// With preserve, the same target keeps its white space.
	doc = setTarget(t, out, "body-1", "un\n   deux trois")
	if got, err = Import(doc, src); err != nil || got.BodyMarkdown != "un\n   deux trois\n" {
		t.Errorf("preserved body: %q, %v", got.BodyMarkdown, err)
	}
}

// TestXLIFF20AndSegments reads a 2.0 document that a tool resegmented,
// with an ignorable between segments, in UTF-16.
func TestXLIFF20AndSegments(t *testing.T) {
	src := source("First sentence. Second *one*.\n")
	doc := `<?xml version="1.0" encoding="UTF-16"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:x="urn:example" version="2.0" srcLang="en" trgLang="fr-CA">
 <file id="test-episode" original="busrides/episodes/test-episode/revisions/7" x:tool="cat">
  <x:meta>ignored</x:meta>
  <group id="g">
   <unit id="body-1" xml:space="preserve">
    <segment id="s1"><source>First sentence.</source><target>Première phrase.</target></segment>
    <ignorable><source> </source></ignorable>
    <segment id="s2" state="final"><source>Second <pc id="1">one</pc>.</source><target>Deuxième <pc id="1">phrase</pc>.</target></segment>
   </unit>
  </group>
 </file>
</xliff>`
	u := []uint16{0xFEFF}
	for _, r := range doc {
		u = append(u, uint16(r))
	}
	var b []byte
	for _, x := range u {
		b = append(b, byte(x), byte(x>>8))
	}
	got, err := Import(b, src)
	if err != nil {
		t.Fatal(err)
	}
	if got.BodyMarkdown != "Première phrase. Deuxième *phrase*.\n" {
		t.Errorf("body: %q", got.BodyMarkdown)
	}
}

func TestProblemKeys(t *testing.T) {
	keys := ProblemKeys()
	if len(keys) != len(problemKeys) || len(keys) < 16 {
		t.Fatalf("ProblemKeys: %q", keys)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if !strings.HasPrefix(k, "xliff.") || seen[k] {
			t.Errorf("key %q: not xliff.* or repeated", k)
		}
		seen[k] = true
	}
	keys[0] = "changed"
	if ProblemKeys()[0] == "changed" {
		t.Error("ProblemKeys returns the package's own slice")
	}
	e := &Error{Problems: []Problem{{Unit: "body-2", Key: KeyCodeMissing, Arg: "3"}, {Key: KeyWrongEpisode, Arg: "x"}}, Err: errors.New("cause")}
	if got := e.Error(); got != "xliff: body-2: xliff.code_missing 3; xliff.wrong_episode x (cause)" {
		t.Errorf("Error(): %q", got)
	}
	if !e.Has(KeyWrongEpisode) || e.Has(KeyTooLarge) || errors.Unwrap(e).Error() != "cause" {
		t.Error("Has or Unwrap")
	}
}

// TestReferenceContent round-trips the real episode texts: both versions
// of the reference episode and its captured French page in
// shared/content, and every version and transcript of the demo
// episodes.
func TestReferenceContent(t *testing.T) {
	dir := sharedDir(t, "content")
	for _, name := range []string{"digital-nations-2020.md", "seed-page-fr.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		t.Run(name, func(t *testing.T) { roundTrip(t, source(text)) })
		// Each language section of the reference file, as a body.
		for _, part := range strings.Split(text, "\n## ")[1:] {
			heading, body, _ := strings.Cut(part, "\n")
			t.Run(name+"/"+heading, func(t *testing.T) {
				out := roundTrip(t, source(body))
				if !bytes.Contains(out, []byte("<unit id=\"body-")) {
					t.Error("no body unit")
				}
			})
		}
	}
	files, err := filepath.Glob(filepath.Join("..", "demo", "content", "episodes", "*.md"))
	if err != nil || len(files) < 5 {
		t.Fatalf("demo episodes: %v, %d files", err, len(files))
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		ef := parseEpisodeFile(t, string(b))
		if len(ef.versions) == 0 {
			t.Fatalf("%s: no version", file)
		}
		for lang, v := range ef.versions {
			t.Run(filepath.Base(file)+"/"+string(lang), func(t *testing.T) {
				if v.Title == "" || v.BodyMarkdown == "" {
					t.Fatalf("version without title or body: %+v", v)
				}
				roundTrip(t, SourceFromVersion("demo-"+strings.TrimSuffix(filepath.Base(file), ".md"), 1, *v, lang.Other()))
			})
		}
	}
}

// TestWellFormed checks that an export is well-formed XML whose
// structure the decoder reads back, element by element.
func TestWellFormed(t *testing.T) {
	out, err := Export(source(trickyCases[3].md + "\n\n" + trickyCases[11].md))
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	var names []string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if s, ok := tok.(xml.StartElement); ok {
			names = append(names, s.Name.Local)
			if s.Name.Space != Namespace {
				t.Errorf("element %s in namespace %q", s.Name.Local, s.Name.Space)
			}
		}
	}
	if _, err := d.Token(); err == nil || len(names) < 10 || names[0] != "xliff" || names[1] != "file" {
		t.Errorf("elements: %q, %v", names, err)
	}
	if !bytes.HasPrefix(out, []byte(xml.Header)) || !bytes.Contains(out, []byte("\n    <unit id=\"body-1\"")) {
		t.Errorf("not indented as expected:\n%s", out)
	}
}
