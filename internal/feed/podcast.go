package feed

import (
	"fmt"
	"strconv"
	"strings"
)

// PodcastRSS writes ch as a podcast feed: RSS 2.0 with the Apple Podcasts
// (itunes:) and Podcasting 2.0 (podcast:) namespaces. It returns the
// ValidatePodcast problems, all of them, when a required tag is missing.
//
// Channel: title, link, description, language, copyright, lastBuildDate,
// atom:link self (and alternate with hreflang to the other language's feed),
// itunes:image, itunes:category (Podcast.Category "Parent > Sub" writes a
// subcategory), itunes:explicit true/false, itunes:author, itunes:owner,
// itunes:type (episodic when empty), podcast:guid (PodcastGUID(SelfURL) when
// Podcast.GUID is empty), podcast:locked yes/no with owner = OwnerEmail.
//
// Items: the RSS item elements plus itunes:duration in whole seconds (Apple
// recommends seconds), itunes:explicit, itunes:episodeType full,
// itunes:image when the item has an image, and one podcast:transcript per
// Transcript with url, type and language; WebVTT and SRT files carry
// rel="captions" (the spec: time codes are present), HTML and plain text
// do not.
func PodcastRSS(ch *Channel) ([]byte, error) {
	if err := ch.ValidatePodcast(); err != nil {
		return nil, fmt.Errorf("feed: PodcastRSS: %w", err)
	}
	pc := ch.Podcast
	root := el("rss",
		attr{"version", "2.0"},
		attr{"xmlns:atom", nsAtom},
		attr{"xmlns:content", nsContent},
		attr{"xmlns:dc", nsDC},
		attr{"xmlns:itunes", nsITunes},
		attr{"xmlns:podcast", nsPodcast},
	)
	c := rssChannel(ch, "application/rss+xml")

	cat := el("itunes:category", attr{"text", strings.TrimSpace(pc.Category)})
	if parent, sub, ok := strings.Cut(pc.Category, " > "); ok {
		cat = el("itunes:category", attr{"text", strings.TrimSpace(parent)}).
			add(el("itunes:category", attr{"text", strings.TrimSpace(sub)}))
	}
	typ := pc.Type
	if typ == "" {
		typ = "episodic"
	}
	guid := pc.GUID
	if guid == "" {
		guid = PodcastGUID(ch.SelfURL)
	}
	locked := "no"
	if pc.Locked {
		locked = "yes"
	}
	c.add(
		el("itunes:image", attr{"href", pc.Image}),
		cat,
		textEl("itunes:explicit", strconv.FormatBool(pc.Explicit)),
		textEl("itunes:author", ch.Author),
		el("itunes:owner").add(
			textEl("itunes:name", pc.OwnerName),
			textEl("itunes:email", pc.OwnerEmail),
		),
		textEl("itunes:type", typ),
		textEl("podcast:guid", strings.ToLower(guid)),
		textEl("podcast:locked", locked, attr{"owner", pc.OwnerEmail}),
	)
	for i := range ch.Items {
		it := &ch.Items[i]
		n := rssItem(it)
		n.add(
			textEl("itunes:duration", strconv.Itoa(it.Duration)),
			textEl("itunes:explicit", strconv.FormatBool(it.Explicit)),
			textEl("itunes:episodeType", "full"),
		)
		if it.Image != nil {
			n.add(el("itunes:image", attr{"href", it.Image.URL}))
		}
		for _, tr := range it.Transcripts {
			attrs := []attr{{"url", tr.URL}, {"type", tr.Type}}
			if tr.Language != "" {
				attrs = append(attrs, attr{"language", tr.Language})
			}
			if isCaptions(tr.Type) {
				attrs = append(attrs, attr{"rel", "captions"})
			}
			n.add(el("podcast:transcript", attrs...))
		}
		c.add(n)
	}
	root.add(c)
	return render(root), nil
}

// isCaptions reports whether a transcript type is a timed captions format.
func isCaptions(mime string) bool {
	switch strings.ToLower(strings.TrimSpace(mime)) {
	case "text/vtt", "application/x-subrip", "application/srt":
		return true
	}
	return false
}
