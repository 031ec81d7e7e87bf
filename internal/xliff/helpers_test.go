package xliff

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/testutil"
)

var (
	sourceRE  = regexp.MustCompile(`(?s)<source>(.*?)</source>`)
	segmentRE = regexp.MustCompile(`(?s)<segment>.*?</segment>`)
)

// identityTargets gives every segment of an exported document a target
// that is a copy of its source.
func identityTargets(doc []byte) []byte {
	return sourceRE.ReplaceAll(doc, []byte("<source>$1</source>\n        <target>$1</target>"))
}

// setTarget gives unit id of an exported document (without targets) the
// target whose content is inner (XML).
func setTarget(t *testing.T, doc []byte, id, inner string) []byte {
	t.Helper()
	re := regexp.MustCompile(`(?s)(<unit id="` + regexp.QuoteMeta(id) + `".*?</source>)`)
	if !re.Match(doc) {
		t.Fatalf("no unit %s in\n%s", id, doc)
	}
	return re.ReplaceAll(doc, []byte("${1}<target>"+strings.ReplaceAll(inner, "$", "$$")+"</target>"))
}

// source is a Source from English to French with the given body.
func source(body string) Source {
	return Source{Key: "test-episode", Revision: 7, SourceLang: content.English, TargetLang: content.French, BodyMarkdown: body}
}

// roundTrip exports src, copies every source into its target, imports the
// result and checks that the fields come back as they were; it returns
// the exported document.
func roundTrip(t *testing.T, src Source) []byte {
	t.Helper()
	out, err := Export(src)
	if errors.Is(err, ErrNothingToTranslate) {
		return nil
	}
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	got, err := Import(identityTargets(out), src)
	if err != nil {
		t.Fatalf("Import: %v\n%s", err, shorten(string(out)))
	}
	checkFields(t, got, src)
	return out
}

// checkFields checks that a Translation holds the fields of src (with
// invalid UTF-8 replaced, the one normalisation).
func checkFields(t *testing.T, got Translation, src Source) {
	t.Helper()
	want := normalise(src)
	pairs := []struct{ name, got, want string }{
		{"Title", got.Title, want.Title},
		{"Summary", got.Summary, want.Summary},
		{"BodyMarkdown", got.BodyMarkdown, want.BodyMarkdown},
		{"Transcript", got.Transcript, want.Transcript},
		{"ImageAlt", got.ImageAlt, want.ImageAlt},
		{"ImageCaption", got.ImageCaption, want.ImageCaption},
	}
	for _, p := range pairs {
		if p.got != p.want {
			t.Errorf("%s after the round trip:\n got %q\nwant %q", p.name, shorten(p.got), shorten(p.want))
		}
	}
	if len(got.LinkLabels) != len(want.LearnMore) {
		t.Fatalf("LinkLabels: got %d, want %d", len(got.LinkLabels), len(want.LearnMore))
	}
	for i, l := range want.LearnMore {
		if got.LinkLabels[i] != l.Label {
			t.Errorf("LinkLabels[%d]: got %q, want %q", i, got.LinkLabels[i], l.Label)
		}
	}
	if got.Revision != src.Revision || got.Lang != src.TargetLang {
		t.Errorf("Revision, Lang: got %d %s, want %d %s", got.Revision, got.Lang, src.Revision, src.TargetLang)
	}
}

// compact writes a segment on one line: text as it is, {ph:DATA} for a
// standalone code and {pc:START}…{/pc:END} for a paired one.
func compact(nodes []node) string {
	var b strings.Builder
	var walk func([]node)
	walk = func(nodes []node) {
		for _, n := range nodes {
			switch n.kind {
			case textNode:
				b.WriteString(n.text)
			case phNode:
				b.WriteString("{ph:" + n.text + "}")
			case pcNode:
				b.WriteString("{pc:" + n.text + "}")
				walk(n.kids)
				b.WriteString("{/pc:" + n.end + "}")
			}
		}
	}
	walk(nodes)
	return b.String()
}

// units returns the compact segments of the units of src.
func units(t *testing.T, src Source) []string {
	t.Helper()
	d, err := cut(src)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range d.units {
		out = append(out, compact(u.nodes))
	}
	return out
}

// sharedDir returns a folder of ../shared beside the repository. Outside
// CI a missing folder skips the test; in CI (CI=true) it fails it.
func sharedDir(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(testutil.RepoRoot(t), "..", "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared folder missing in CI: %v", err)
		}
		t.Skipf("shared folder not found (%v); it lives in ../shared beside the repository", err)
	}
	return p
}

// episodeFile is one episode file of the content format
// (docs/content-format.md): its versions' header fields, bodies and
// transcripts.
type episodeFile struct {
	versions map[content.Lang]*content.Version
}

// parseEpisodeFile reads what the tests need of an episode file: for each
// "--- en" / "--- fr" section its title, summary, image text, "Learn
// more" links and body, and the "--- en transcript" sections.
func parseEpisodeFile(t *testing.T, data string) episodeFile {
	t.Helper()
	ef := episodeFile{versions: map[content.Lang]*content.Version{}}
	lines := strings.SplitAfter(data, "\n")
	var v *content.Version
	var body *strings.Builder
	var target *string
	flush := func() {
		if target != nil {
			*target = body.String()
		}
		target = nil
	}
	header := false
	for i, line := range lines {
		trimmed := strings.TrimRight(line, "\r\n")
		if i == 0 && trimmed == "---" {
			header = true // the episode's own front matter: skipped
			v = nil
			continue
		}
		if lang, rest, ok := strings.Cut(strings.TrimPrefix(trimmed, "--- "), " "); strings.HasPrefix(trimmed, "--- ") && (lang == "en" || lang == "fr") && (!ok || rest == "transcript") {
			flush()
			l := content.Lang(lang)
			if ef.versions[l] == nil {
				ef.versions[l] = &content.Version{Lang: l}
			}
			v = ef.versions[l]
			body = &strings.Builder{}
			if ok {
				target, header = &v.Transcript, false
			} else {
				target, header = &v.BodyMarkdown, true
			}
			continue
		}
		if header {
			if trimmed == "---" {
				header = false
				continue
			}
			if v == nil {
				continue
			}
			name, value, _ := strings.Cut(trimmed, ":")
			value = strings.TrimSpace(value)
			switch name {
			case "title":
				v.Title = value
			case "summary":
				v.Summary = value
			case "image_alt":
				v.Image.Alt = value
			case "image_caption":
				v.Image.Caption = value
			case "learn_more":
				label, url, _ := strings.Cut(value, " | ")
				v.LearnMore = append(v.LearnMore, content.Link{Label: label, URL: url})
			}
			continue
		}
		if body != nil {
			body.WriteString(line)
		}
	}
	flush()
	return ef
}

// hasKey reports whether err is an *Error listing key (for unit, when
// unit is not "").
func hasKey(err error, unit, key string) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, p := range e.Problems {
		if p.Key == key && (unit == "" || p.Unit == unit) {
			return true
		}
	}
	return false
}

// noRawMarkup reports the first of the hostile strings found unescaped in
// an exported document, or "".
func noRawMarkup(doc []byte) string {
	lower := bytes.ToLower(doc)
	for _, s := range []string{"<script", "<img", "<svg", "<iframe", "<!entity", "<!doctype", "<![cdata["} {
		if bytes.Contains(lower, []byte(s)) {
			return s
		}
	}
	return ""
}

// shorten cuts a long text for a failure message.
func shorten(s string) string {
	if len(s) > 3000 {
		return s[:1500] + "\n…\n" + s[len(s)-1500:]
	}
	return s
}
