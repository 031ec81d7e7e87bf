package feed

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// langTag maps a site language to the BCP 47 tag the documents carry.
func langTag(lang string) string {
	switch lang {
	case "en":
		return "en-CA"
	case "fr":
		return "fr-CA"
	}
	return lang
}

// checkAbsURL reports a problem when s is not an absolute http(s) URL.
func checkAbsURL(field, s string) error {
	if s == "" {
		return fmt.Errorf("%s is empty", field)
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%s %q is not a URL: %v", field, s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q is not an absolute http(s) URL", field, s)
	}
	return nil
}

func checkLang(field, lang string) error {
	if lang != "en" && lang != "fr" {
		return fmt.Errorf("%s %q must be \"en\" or \"fr\"", field, lang)
	}
	return nil
}

// Validate reports every problem that would make the channel an invalid or
// misleading feed in any format: missing title or language, relative URLs,
// items without a stable ID, a URL, a title or a publication date, duplicate
// IDs, and no date to use as the feed's update time. The problems are joined
// with errors.Join; nil means the channel can be written.
func (ch *Channel) Validate() error {
	if ch == nil {
		return errors.New("feed: nil channel")
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if strings.TrimSpace(ch.Title) == "" {
		add(errors.New("channel Title is empty"))
	}
	add(checkLang("channel Lang", ch.Lang))
	add(checkAbsURL("channel HomeURL", ch.HomeURL))
	add(checkAbsURL("channel SelfURL", ch.SelfURL))
	if ch.AltURL != "" {
		add(checkAbsURL("channel AltURL", ch.AltURL))
		add(checkLang("channel AltLang", ch.AltLang))
		if ch.AltLang == ch.Lang {
			add(fmt.Errorf("channel AltLang %q is the channel's own language", ch.AltLang))
		}
	}
	if ch.Image != nil {
		add(checkAbsURL("channel Image.URL", ch.Image.URL))
	}
	if ch.updated().IsZero() {
		add(errors.New("channel Updated is zero and no item has a date"))
	}
	seen := make(map[string]int, len(ch.Items))
	for i := range ch.Items {
		it := &ch.Items[i]
		p := fmt.Sprintf("item %d", i)
		if it.ID == "" {
			add(fmt.Errorf("%s: ID is empty", p))
		} else if j, dup := seen[it.ID]; dup {
			add(fmt.Errorf("%s: ID %q duplicates item %d", p, it.ID, j))
		} else {
			seen[it.ID] = i
		}
		add(checkAbsURL(p+": URL", it.URL))
		if strings.TrimSpace(it.Title) == "" {
			add(fmt.Errorf("%s: Title is empty", p))
		}
		if it.Published.IsZero() {
			add(fmt.Errorf("%s: Published is zero", p))
		}
		if it.Image != nil {
			add(checkAbsURL(p+": Image.URL", it.Image.URL))
		}
		if e := it.Enclosure; e != nil {
			add(checkAbsURL(p+": Enclosure.URL", e.URL))
			if e.Length <= 0 {
				add(fmt.Errorf("%s: Enclosure.Length must be the file's size in bytes, got %d", p, e.Length))
			}
			if e.Type == "" {
				add(fmt.Errorf("%s: Enclosure.Type is empty", p))
			}
		}
		for k, tr := range it.Transcripts {
			tp := fmt.Sprintf("%s: Transcripts[%d]", p, k)
			add(checkAbsURL(tp+".URL", tr.URL))
			if tr.Type == "" {
				add(fmt.Errorf("%s.Type is empty", tp))
			}
		}
	}
	return errors.Join(errs...)
}

// ValidatePodcast is Validate plus the tags Apple Podcasts and Podcasting
// 2.0 require: channel artwork, category, author, owner name and e-mail,
// description, a valid podcast type and GUID, and on every item an enclosure
// with an absolute URL, exact byte length and audio/video MIME type, and a
// duration. (The artwork's pixel size cannot be checked without I/O; the
// caller must supply 1400–3000 px square art.)
func (ch *Channel) ValidatePodcast() error {
	if ch == nil {
		return errors.New("feed: nil channel")
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(ch.Validate())
	if strings.TrimSpace(ch.Description) == "" {
		add(errors.New("podcast: channel Description is empty"))
	}
	if strings.TrimSpace(ch.Author) == "" {
		add(errors.New("podcast: channel Author (itunes:author) is empty"))
	}
	pc := ch.Podcast
	if pc == nil {
		add(errors.New("podcast: channel Podcast is nil"))
	} else {
		if pc.Image == "" {
			add(errors.New("podcast: Podcast.Image (itunes:image) is empty"))
		} else {
			add(checkAbsURL("podcast: Podcast.Image", pc.Image))
		}
		if strings.TrimSpace(pc.Category) == "" {
			add(errors.New("podcast: Podcast.Category (itunes:category) is empty"))
		}
		if strings.TrimSpace(pc.OwnerName) == "" {
			add(errors.New("podcast: Podcast.OwnerName (itunes:owner) is empty"))
		}
		if !strings.Contains(pc.OwnerEmail, "@") {
			add(fmt.Errorf("podcast: Podcast.OwnerEmail (itunes:owner) %q is not an e-mail address", pc.OwnerEmail))
		}
		if pc.Type != "" && pc.Type != "episodic" && pc.Type != "serial" {
			add(fmt.Errorf("podcast: Podcast.Type %q must be \"episodic\" or \"serial\"", pc.Type))
		}
		if pc.GUID != "" && !isUUID(pc.GUID) {
			add(fmt.Errorf("podcast: Podcast.GUID %q is not a UUID", pc.GUID))
		}
	}
	for i := range ch.Items {
		it := &ch.Items[i]
		p := fmt.Sprintf("podcast: item %d", i)
		if it.Enclosure == nil {
			add(fmt.Errorf("%s: Enclosure is missing", p))
		} else if t := it.Enclosure.Type; t != "" && !strings.HasPrefix(t, "audio/") && !strings.HasPrefix(t, "video/") {
			add(fmt.Errorf("%s: Enclosure.Type %q is not audio/* or video/*", p, t))
		}
		if it.Duration <= 0 {
			add(fmt.Errorf("%s: Duration (itunes:duration) must be positive, got %d", p, it.Duration))
		}
	}
	return errors.Join(errs...)
}

// updated is the channel's update time: Updated, or the latest item date.
func (ch *Channel) updated() time.Time {
	if !ch.Updated.IsZero() {
		return ch.Updated
	}
	var t time.Time
	for i := range ch.Items {
		if m := ch.Items[i].modified(); m.After(t) {
			t = m
		}
	}
	return t
}

// modified is the item's last change: Modified, or Published.
func (it *Item) modified() time.Time {
	if !it.Modified.IsZero() {
		return it.Modified
	}
	return it.Published
}

// Dates are written in UTC, to the second.
func rfc822(t time.Time) string  { return t.UTC().Format(time.RFC1123Z) }
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
