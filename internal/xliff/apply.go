package xliff

import (
	"errors"

	"github.com/busrides/busrides/internal/content"
)

// Apply puts a translation into ep as the text of its target language:
// title, summary, body, transcript, the feature image's alternative text
// and caption, and the "Learn more" labels (a label left empty keeps the
// target's own; the target keeps its own addresses, or takes the source's
// when it has fewer links). A target version that does not exist yet is
// made from the source version: the same image, recording and links, a
// slug from the translated title. The caller renders the Markdown and
// saves (content.SaveInfo.Aligned marks the target as brought in line).
func Apply(ep *content.Episode, src content.Lang, t Translation) error {
	from := ep.Version(src)
	if from == nil {
		return errors.New("xliff: the episode has no version in the source language")
	}
	if t.Lang != src.Other() {
		return errors.New("xliff: the translation is not into the episode's other language")
	}
	to := ep.Version(t.Lang)
	if to == nil {
		to = &content.Version{EpisodeID: ep.ID, Lang: t.Lang, Image: content.Image{URL: from.Image.URL},
			MediaURL: from.MediaURL, MediaType: from.MediaType, MediaSeconds: from.MediaSeconds, MediaBytes: from.MediaBytes,
			Slug: content.Slugify(t.Title)}
		if ep.Versions == nil {
			ep.Versions = map[content.Lang]*content.Version{}
		}
		ep.Versions[t.Lang] = to
	}
	to.Title, to.Summary, to.BodyMarkdown, to.Transcript = t.Title, t.Summary, t.BodyMarkdown, t.Transcript
	to.Image.Alt, to.Image.Caption = t.ImageAlt, t.ImageCaption
	links := make([]content.Link, len(from.LearnMore))
	for i, l := range from.LearnMore {
		links[i] = l
		if i < len(to.LearnMore) {
			links[i].URL = to.LearnMore[i].URL
		}
		if i < len(t.LinkLabels) && t.LinkLabels[i] != "" {
			links[i].Label = t.LinkLabels[i]
		}
	}
	to.LearnMore = links
	return nil
}
