package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// TestTranslationCommands: busrides translation export writes a document
// that the OASIS schema accepts (when xmllint is installed); a translated
// copy imported with busrides translation import becomes the French text,
// brought in line; a tampered file saves nothing and says why.
func TestTranslationCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	st, err := OpenStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	ep := &content.Episode{Kind: content.Read, Versions: map[content.Lang]*content.Version{}}
	for _, l := range content.Langs {
		ep.Versions[l] = &content.Version{Lang: l, Title: "Commands " + string(l), Slug: "commands-" + string(l), Summary: "Summary " + string(l),
			BodyMarkdown: "A *short* [guide](/en/guide) for " + string(l) + ".", BodyHTML: "<p>x</p>"}
	}
	if _, err := st.SaveEpisode(t.Context(), ep, content.SaveInfo{Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(dir, "en-fr.xlf")
	code, stdout, stderr := runIn(t, "", "translation", "export", "--episode", ep.Key, "--lang", "en", "--database", db, out)
	if code != 0 || !strings.Contains(stdout, "Exported the en text") {
		t.Fatalf("export: %d %q %q", code, stdout, stderr)
	}
	if code, _, stderr := runIn(t, "", "translation", "export", "--episode", ep.Key, "--lang", "en", "--database", db, out); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("export over an existing file: %d %q", code, stderr)
	}
	if code, _, stderr := runIn(t, "", "translation", "export", "--episode", "no-such", "--lang", "en", "--database", db, filepath.Join(dir, "x.xlf")); code != 1 || !strings.Contains(stderr, `no episode with the key "no-such"`) {
		t.Errorf("export of an unknown episode: %d %q", code, stderr)
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		schema := filepath.Join("..", "xliff", "testdata", "schema", "xliff_core_2.0.xsd")
		if b, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, out).CombinedOutput(); err != nil {
			t.Errorf("the export does not validate: %v\n%s", err, b)
		}
	} else if os.Getenv("CI") == "true" {
		t.Error("xmllint is required in CI (Debian's libxml2-utils)")
	}

	src := regexp.MustCompile(`(?s)<source([^>]*)>(.*?)</source>`)
	repl := strings.NewReplacer("Commands en", "Commandes", "Summary en", "Résumé", "A ", "Un ", "short", "court", "guide", "guide", " for en.", " pour fr.")
	translated := src.ReplaceAllStringFunc(string(doc), func(m string) string {
		sub := src.FindStringSubmatch(m)
		return m + "<target" + sub[1] + ">" + repl.Replace(sub[2]) + "</target>"
	})
	bad := filepath.Join(dir, "bad.xlf")
	if err := os.WriteFile(bad, []byte(regexp.MustCompile(`(?s)<unit id="title".*?</unit>`).ReplaceAllString(translated, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runIn(t, "", "translation", "import", "--database", db, bad); code != 1 || !strings.Contains(stderr, "nothing was saved") || !strings.Contains(stderr, "title") {
		t.Errorf("a file without its title unit: %d %q", code, stderr)
	}
	good := filepath.Join(dir, "good.xlf")
	if err := os.WriteFile(good, []byte(translated), 0o644); err != nil {
		t.Fatal(err)
	}
	// FILE before the flags, as after them.
	if code, stdout, stderr := runIn(t, "", "translation", "import", good, "--database", db); code != 0 || !strings.Contains(stdout, "Imported the fr translation") {
		t.Fatalf("import: %d %q %q", code, stdout, stderr)
	}
	st, err = OpenStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.EpisodeByID(t.Context(), ep.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := got.Version(content.French)
	if v.Title != "Commandes" || v.Summary != "Résumé" || v.BodyMarkdown != "Un *court* [guide](/en/guide) pour fr." || !strings.Contains(v.BodyHTML, "<em>court</em>") || got.Revision != 2 {
		t.Errorf("French after the import: %q %q %q %q, revision %d", v.Title, v.Summary, v.BodyMarkdown, v.BodyHTML, got.Revision)
	}
}
