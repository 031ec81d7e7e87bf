package feed

import (
	"errors"
	"fmt"
)

// Atom writes ch as an Atom 1.0 (RFC 4287) document with xml:lang en-CA or
// fr-CA.
//
// The feed's atom:id is Channel.ID when set, otherwise SelfURL: the feed URL
// is already the feed's permanent identity for subscribers, so it is stable
// as long as the URL is; a caller whose feed URLs can change (a renamed
// topic slug) should set Channel.ID to a tag: URI that does not. Entry ids
// are Item.ID (see ItemID). The feed has link rel="self", rel="alternate"
// to HomeURL and, when AltURL is set, rel="alternate" with the other
// language's hreflang. Entries carry published/updated (RFC 3339, UTC),
// author/name, category term, summary type="text", content type="html" when
// ContentHTML is set, and link rel="enclosure" with length and type.
func Atom(ch *Channel) ([]byte, error) {
	if err := ch.Validate(); err != nil {
		return nil, fmt.Errorf("feed: Atom: %w", err)
	}
	if ch.Author == "" {
		for i := range ch.Items {
			if len(ch.Items[i].Authors) == 0 {
				return nil, fmt.Errorf("feed: Atom: %w", errors.New(
					"channel Author is empty and item "+fmt.Sprint(i)+" has no author (RFC 4287 §4.1.1)"))
			}
		}
	}
	id := ch.ID
	if id == "" {
		id = ch.SelfURL
	}
	lang := langTag(ch.Lang)
	f := el("feed", attr{"xmlns", nsAtom}, attr{"xml:lang", lang}).add(
		textEl("id", id),
		textEl("title", ch.Title, attr{"type", "text"}),
		optText("subtitle", ch.Description, attr{"type", "text"}),
		textEl("updated", rfc3339(ch.updated())),
		el("link", attr{"rel", "self"}, attr{"type", "application/atom+xml"}, attr{"href", ch.SelfURL}),
		el("link", attr{"rel", "alternate"}, attr{"type", "text/html"}, attr{"hreflang", lang}, attr{"href", ch.HomeURL}),
	)
	if ch.AltURL != "" {
		f.add(el("link", attr{"rel", "alternate"}, attr{"type", "application/atom+xml"},
			attr{"hreflang", langTag(ch.AltLang)}, attr{"href", ch.AltURL}))
	}
	if ch.Author != "" {
		f.add(el("author").add(textEl("name", ch.Author)))
	}
	f.add(optText("rights", ch.Copyright, attr{"type", "text"}))
	if ch.Image != nil {
		f.add(textEl("logo", ch.Image.URL))
	}
	for i := range ch.Items {
		f.add(atomEntry(&ch.Items[i]))
	}
	return render(f), nil
}

func atomEntry(it *Item) *node {
	e := el("entry").add(
		textEl("id", it.ID),
		textEl("title", it.Title, attr{"type", "text"}),
		el("link", attr{"rel", "alternate"}, attr{"type", "text/html"}, attr{"href", it.URL}),
		textEl("published", rfc3339(it.Published)),
		textEl("updated", rfc3339(it.modified())),
	)
	for _, a := range it.Authors {
		if a != "" {
			e.add(el("author").add(textEl("name", a)))
		}
	}
	for _, c := range it.Categories {
		if c != "" {
			e.add(el("category", attr{"term", c}))
		}
	}
	e.add(optText("summary", it.Summary, attr{"type", "text"}))
	e.add(optText("content", it.ContentHTML, attr{"type", "html"}))
	if enc := it.Enclosure; enc != nil {
		e.add(el("link", attr{"rel", "enclosure"}, attr{"type", enc.Type},
			attr{"length", fmt.Sprint(enc.Length)}, attr{"href", enc.URL}))
	}
	return e
}
