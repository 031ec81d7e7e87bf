package render

import (
	"errors"

	"github.com/busrides/busrides/internal/content"
)

// Version renders a version's body and transcript to sanitised HTML in its
// language, with the body's word count, as every save does (the back
// office, the import of translations). It names the fields ("body",
// "transcript") whose Markdown the renderer refused, with their errors
// joined; the other fields are rendered all the same.
func (r *Renderer) Version(v *content.Version) (refused []string, err error) {
	html, berr := r.Render(v.BodyMarkdown, string(v.Lang))
	v.BodyHTML = html
	v.WordCount = content.CountWords(r.Text(v.BodyMarkdown))
	if berr != nil {
		refused = append(refused, "body")
	}
	v.TranscriptHTML = ""
	var terr error
	if v.Transcript != "" {
		v.TranscriptHTML, terr = r.Render(v.Transcript, string(v.Lang))
		if terr != nil {
			refused = append(refused, "transcript")
		}
	}
	return refused, errors.Join(berr, terr)
}
