package xliff

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

// schemaFile is the XLIFF 2.1 core schema, vendored with the W3C schema
// of the xml: attributes it imports (testdata/schema/README.md).
var schemaFile = filepath.Join("testdata", "schema", "xliff_core_2.0.xsd")

// xmllint returns the path of xmllint. Without it the test is skipped,
// except in CI (CI=true), where .ci/run installs it and its absence fails
// the test.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xmllint is not installed; CI installs it (Debian package libxml2-utils, .ci/run): %v", err)
		}
		t.Skip("xmllint is not installed: skipping the XLIFF schema validation (apt-get install libxml2-utils to run it)")
	}
	return p
}

// validate runs xmllint on the documents against the XLIFF core schema
// and returns its output and whether every document validates.
func validate(t *testing.T, docs map[string][]byte) (string, bool) {
	t.Helper()
	lint := xmllint(t)
	dir := t.TempDir()
	args := []string{"--noout", "--nonet", "--schema", schemaFile}
	for name, doc := range docs {
		p := filepath.Join(dir, name+".xlf")
		if err := os.WriteFile(p, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(lint, args...).CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running xmllint: %v", err)
		}
	}
	ok := err == nil
	for name := range docs {
		if !bytes.Contains(out, []byte(filepath.Join(dir, name+".xlf")+" validates")) {
			ok = false
		}
	}
	return string(out), ok
}

// TestSchema validates against the XLIFF 2.1 core schema the exports of
// the real episode texts and of the tricky Markdown, with and without
// targets (the schema checks where inline codes may stand and their
// attributes), and checks that the schema does refuse a broken document.
func TestSchema(t *testing.T) {
	docs := map[string][]byte{}
	add := func(name string, src Source) {
		out, err := Export(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = out
		docs[name+"-translated"] = identityTargets(out)
	}
	for i, tc := range trickyCases {
		if units(t, source(tc.md)) != nil {
			add("tricky-"+strconv.Itoa(i), source(tc.md))
		}
	}
	dir := sharedDir(t, "content")
	for _, name := range []string{"digital-nations-2020.md", "seed-page-fr.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		add(name, source(string(b)))
	}
	files, err := filepath.Glob(filepath.Join("..", "demo", "content", "episodes", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("demo episodes: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for lang, v := range parseEpisodeFile(t, string(b)).versions {
			add(filepath.Base(file)+"-"+string(lang), SourceFromVersion("demo", 1, *v, lang.Other()))
		}
	}
	// Hostile text in every field, one document per corpus.
	for name, texts := range hostileTexts(t) {
		src := source(strings.Join(texts, "\n\n"))
		src.Title = texts[0]
		for _, s := range texts {
			src.LearnMore = append(src.LearnMore, content.Link{Label: s, URL: s})
		}
		add("hostile-"+name, src)
	}
	out, ok := validate(t, docs)
	if !ok {
		t.Fatalf("xmllint refused an export:\n%s", shorten(out))
	}

	// The schema is really applied: notes after the original data, a code
	// without an id, an unknown type are each refused.
	good := docs["tricky-3"]
	for name, doc := range map[string][]byte{
		"notes-after-data": bytes.Replace(good, []byte("<segment>"), []byte("<notes><note>x</note></notes><segment>"), 1),
		"pc-without-id":    bytes.Replace(good, []byte(`<pc id="1" `), []byte(`<pc `), 1),
		"unknown-type":     bytes.Replace(good, []byte(`type="link"`), []byte(`type="hyperlink"`), 1),
	} {
		if bytes.Equal(doc, good) {
			t.Fatalf("%s: the document did not change", name)
		}
		if out, ok := validate(t, map[string][]byte{name: doc}); ok {
			t.Errorf("xmllint accepted the broken document %s: is the schema applied?\n%s", name, out)
		}
	}
}
