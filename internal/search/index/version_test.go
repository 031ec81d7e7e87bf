package index

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

func TestAnalyzeVersion(t *testing.T) {
	v := &content.Version{
		Title:          "Bicycles in winter",
		Summary:        "Riding a bicycle when it snows.",
		BodyHTML:       "<p>Studded tyres grip the ice.</p><ul><li>Tyres</li><li>Lights</li></ul>" + strings.Repeat("<p>ice</p>", 15),
		TranscriptHTML: "<p>Hello, riders.</p>",
	}
	ix := AnalyzeVersion(content.English, v, []string{"Urban transport", "Ana Gómez"})
	want := map[string]int{
		"bicycl":    WeightTitle + 1, // title and summary
		"winter":    WeightTitle,
		"ride":      WeightSummary,
		"snow":      WeightSummary,
		"urban":     WeightMeta,
		"transport": WeightMeta,
		"ana":       WeightMeta,
		"gomez":     WeightMeta,
		"stud":      WeightBody,
		"tyre":      WeightBody + 1,
		"grip":      WeightBody,
		"ice":       WeightBody + 9, // 16 times: repetition counts up to 9
		"light":     WeightBody,
		"hello":     WeightBody,
		"rider":     WeightBody,
	}
	if !maps.Equal(ix.Postings, want) {
		t.Errorf("postings = %v\nwant %v", ix.Postings, want)
	}
	wantWords := []string{"bicycle", "bicycles", "gómez", "hello", "lights", "riders", "riding", "snows", "studded", "transport", "tyres", "urban", "winter"}
	if !slices.Equal(ix.Words, wantWords) {
		t.Errorf("words = %q\nwant %q", ix.Words, wantWords)
	}
	if !strings.HasPrefix(ix.Text, "Riding a bicycle when it snows.\nStudded tyres grip the ice.\n\nTyres\n\nLights") ||
		!strings.HasSuffix(ix.Text, "ice\nHello, riders.") || strings.Contains(ix.Text, "<") {
		t.Errorf("text = %q", ix.Text)
	}

	fr := AnalyzeVersion(content.French, &content.Version{Title: "L’école à vélo"}, nil)
	if want := map[string]int{"ecol": WeightTitle, "velo": WeightTitle}; !maps.Equal(fr.Postings, want) {
		t.Errorf("French postings = %v, want %v", fr.Postings, want)
	}
	if want := []string{"école"}; !slices.Equal(fr.Words, want) {
		t.Errorf("French words = %q, want %q (as written, lowercase, 5 letters or more)", fr.Words, want)
	}
	if empty := AnalyzeVersion(content.English, &content.Version{}, nil); len(empty.Postings) != 0 || len(empty.Words) != 0 || empty.Text != "" {
		t.Errorf("an empty version indexes %+v", empty)
	}
}

func TestDiffPostings(t *testing.T) {
	for _, c := range []struct {
		name        string
		old, now    map[string]int
		gone, write []string
	}{
		{"new version", nil, map[string]int{"b": 10, "a": 100}, nil, []string{"a", "b"}},
		{"out of the index", map[string]int{"b": 10, "a": 100}, nil, []string{"a", "b"}, nil},
		{"unchanged", map[string]int{"a": 10}, map[string]int{"a": 10}, nil, nil},
		{"edit", map[string]int{"keep": 10, "reweigh": 10, "drop": 30}, map[string]int{"keep": 10, "reweigh": 11, "add": 100},
			[]string{"drop"}, []string{"add", "reweigh"}},
	} {
		gone, write := DiffPostings(c.old, c.now)
		if !slices.Equal(gone, c.gone) || !slices.Equal(write, c.write) {
			t.Errorf("%s: DiffPostings = %q, %q; want %q, %q", c.name, gone, write, c.gone, c.write)
		}
	}
}

func TestHTMLText(t *testing.T) {
	for in, want := range map[string]string{
		"":                                       "",
		"plain":                                  "plain",
		"<p>One</p><p>Two &amp; three</p>":       "One\n\nTwo & three",
		"<h2>Title</h2>text<br>more":             "Title\ntext\nmore",
		"<p><strong>bold</strong> word</p>":      "bold word",
		"<blockquote>q</blockquote><pre>c</pre>": "q\n\nc",
	} {
		if got := htmlText(in); got != want {
			t.Errorf("htmlText(%q) = %q, want %q", in, got, want)
		}
	}
}
