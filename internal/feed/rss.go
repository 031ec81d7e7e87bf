package feed

import (
	"fmt"
	"strings"
)

// Namespaces used by the RSS documents.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsITunes  = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	nsPodcast = "https://podcastindex.org/namespace/1.0"
)

// RSS writes ch as an RSS 2.0 document. The channel carries language
// (en-ca/fr-ca), lastBuildDate, an atom:link rel="self" and, when AltURL is
// set, an atom:link rel="alternate" with the other language's hreflang.
// Items carry a guid isPermaLink="false" (Item.ID), pubDate in RFC 1123Z,
// dc:creator per author, category, description (the summary),
// content:encoded (CDATA) when ContentHTML is set, and the enclosure.
func RSS(ch *Channel) ([]byte, error) {
	if err := ch.Validate(); err != nil {
		return nil, fmt.Errorf("feed: RSS: %w", err)
	}
	root := el("rss",
		attr{"version", "2.0"},
		attr{"xmlns:atom", nsAtom},
		attr{"xmlns:content", nsContent},
		attr{"xmlns:dc", nsDC},
	)
	c := rssChannel(ch, "application/rss+xml")
	for i := range ch.Items {
		c.add(rssItem(&ch.Items[i]))
	}
	root.add(c)
	return render(root), nil
}

// rssChannel builds the <channel> head shared by RSS and PodcastRSS.
func rssChannel(ch *Channel, selfType string) *node {
	desc := ch.Description
	if desc == "" { // required by RSS 2.0
		desc = ch.Title
	}
	c := el("channel").add(
		textEl("title", ch.Title),
		textEl("link", ch.HomeURL),
		textEl("description", desc),
		textEl("language", strings.ToLower(langTag(ch.Lang))),
		optText("copyright", ch.Copyright),
		textEl("lastBuildDate", rfc822(ch.updated())),
		el("atom:link", attr{"href", ch.SelfURL}, attr{"rel", "self"}, attr{"type", selfType}),
	)
	if ch.AltURL != "" {
		c.add(el("atom:link",
			attr{"href", ch.AltURL}, attr{"rel", "alternate"},
			attr{"hreflang", langTag(ch.AltLang)}, attr{"type", selfType}))
	}
	if ch.Image != nil {
		c.add(el("image").add(
			textEl("url", ch.Image.URL),
			textEl("title", ch.Title), // RSS 2.0: same as the channel's
			textEl("link", ch.HomeURL),
		))
	}
	return c
}

// rssItem builds an <item> with the elements shared by RSS and PodcastRSS.
func rssItem(it *Item) *node {
	n := el("item").add(
		textEl("title", it.Title),
		textEl("link", it.URL),
		optText("description", it.Summary),
	)
	if it.ContentHTML != "" {
		n.add(&node{name: "content:encoded", text: it.ContentHTML, cdata: true})
	}
	for _, a := range it.Authors {
		n.add(optText("dc:creator", a))
	}
	for _, c := range it.Categories {
		n.add(optText("category", c))
	}
	n.add(
		textEl("guid", it.ID, attr{"isPermaLink", "false"}),
		textEl("pubDate", rfc822(it.Published)),
	)
	if e := it.Enclosure; e != nil {
		n.add(el("enclosure",
			attr{"url", e.URL},
			attr{"length", fmt.Sprint(e.Length)},
			attr{"type", e.Type}))
	}
	return n
}
