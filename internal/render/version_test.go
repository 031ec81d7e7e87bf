package render_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/render"
)

// TestVersion: a version's body and transcript are rendered in its
// language with the word count; Markdown the renderer refuses is named by
// field, and the other field is rendered all the same.
func TestVersion(t *testing.T) {
	r := render.New()
	v := &content.Version{Lang: content.French, BodyMarkdown: "Un *court* texte : voilà.", Transcript: "Bonjour **à tous**"}
	refused, err := r.Version(v)
	if err != nil || refused != nil || !strings.Contains(v.BodyHTML, "<em>court</em>") || !strings.Contains(v.BodyHTML, "\u00a0:") ||
		!strings.Contains(v.TranscriptHTML, "<strong>à tous</strong>") || v.WordCount != 4 {
		t.Fatalf("Version = %v, %v: %q, %q, %d words", refused, err, v.BodyHTML, v.TranscriptHTML, v.WordCount)
	}
	huge := strings.Repeat("x", render.MaxSize+1)
	for _, c := range []struct {
		body, transcript string
		want             []string
	}{
		{huge, "Fine", []string{"body"}},
		{"Fine", huge, []string{"transcript"}},
		{huge, huge, []string{"body", "transcript"}},
	} {
		v := &content.Version{Lang: content.English, BodyMarkdown: c.body, Transcript: c.transcript}
		refused, err := r.Version(v)
		if err == nil || !slices.Equal(refused, c.want) {
			t.Errorf("refused %v, %v; want %v", refused, err, c.want)
		}
		if c.body == "Fine" && !strings.Contains(v.BodyHTML, "Fine") || c.transcript == "Fine" && !strings.Contains(v.TranscriptHTML, "Fine") {
			t.Errorf("the field the renderer accepted was not rendered: %q, %q", v.BodyHTML, v.TranscriptHTML)
		}
	}
}
