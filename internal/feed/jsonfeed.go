package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/).
type jsonFeed struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description,omitempty"`
	Icon        string         `json:"icon,omitempty"`
	Authors     []jsonAuthor   `json:"authors,omitempty"`
	Language    string         `json:"language"`
	Busrides    *jsonExtension `json:"_busrides,omitempty"`
	Items       []jsonItem     `json:"items"`
}

// jsonExtension is the feed's custom extension (JSON Feed 1.1 "Extensions"):
// the same feed in the other language, which the format has no field for.
type jsonExtension struct {
	About       string `json:"about"`
	AltFeedURL  string `json:"alternate_feed_url"`
	AltLanguage string `json:"alternate_language"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	Summary       string           `json:"summary,omitempty"`
	ContentHTML   string           `json:"content_html,omitempty"`
	ContentText   string           `json:"content_text,omitempty"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Language      string           `json:"language"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
}

type jsonAttachment struct {
	URL               string `json:"url"`
	MimeType          string `json:"mime_type"`
	SizeInBytes       int64  `json:"size_in_bytes,omitempty"`
	DurationInSeconds int    `json:"duration_in_seconds,omitempty"`
}

// JSONFeedVersion is the version URL written in every JSON feed.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

// JSONFeed writes ch as a JSON Feed 1.1 document. Items carry id, url,
// title, summary, content_html (or content_text = the summary when the feed
// carries summaries only, since one of them is required), dates in RFC 3339
// UTC, authors, tags, image, attachments and the item language. The other
// language's feed is named in the "_busrides" extension object. Text is
// cleaned like the XML formats' so every format carries the same strings;
// encoding/json escapes <, > and & as \u003c etc.
func JSONFeed(ch *Channel) ([]byte, error) {
	if err := ch.Validate(); err != nil {
		return nil, fmt.Errorf("feed: JSONFeed: %w", err)
	}
	lang := langTag(ch.Lang)
	f := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       xmlClean(ch.Title),
		HomePageURL: xmlClean(ch.HomeURL),
		FeedURL:     xmlClean(ch.SelfURL),
		Description: xmlClean(ch.Description),
		Language:    lang,
		Items:       make([]jsonItem, 0, len(ch.Items)),
	}
	if ch.Image != nil {
		f.Icon = xmlClean(ch.Image.URL)
	}
	if ch.Author != "" {
		f.Authors = []jsonAuthor{{Name: xmlClean(ch.Author)}}
	}
	if ch.AltURL != "" {
		f.Busrides = &jsonExtension{
			About:       xmlClean(ch.HomeURL),
			AltFeedURL:  xmlClean(ch.AltURL),
			AltLanguage: langTag(ch.AltLang),
		}
	}
	for i := range ch.Items {
		it := &ch.Items[i]
		ji := jsonItem{
			ID:            xmlClean(it.ID),
			URL:           xmlClean(it.URL),
			Title:         xmlClean(it.Title),
			Summary:       xmlClean(it.Summary),
			ContentHTML:   xmlClean(it.ContentHTML),
			DatePublished: rfc3339(it.Published),
			DateModified:  rfc3339(it.modified()),
			Language:      lang,
		}
		if ji.ContentHTML == "" {
			ji.ContentText = ji.Summary
			if ji.ContentText == "" {
				ji.ContentText = ji.Title
			}
		}
		if it.Image != nil {
			ji.Image = xmlClean(it.Image.URL)
		}
		for _, a := range it.Authors {
			if a = xmlClean(a); a != "" {
				ji.Authors = append(ji.Authors, jsonAuthor{Name: a})
			}
		}
		for _, c := range it.Categories {
			if c = xmlClean(c); c != "" {
				ji.Tags = append(ji.Tags, c)
			}
		}
		if e := it.Enclosure; e != nil {
			ji.Attachments = []jsonAttachment{{
				URL:               xmlClean(e.URL),
				MimeType:          xmlClean(e.Type),
				SizeInBytes:       e.Length,
				DurationInSeconds: it.Duration,
			}}
		}
		f.Items = append(f.Items, ji)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("feed: JSONFeed: %w", err)
	}
	return b.Bytes(), nil
}
