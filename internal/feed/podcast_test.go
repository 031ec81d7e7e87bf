package feed

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	ext "github.com/mmcdole/gofeed/extensions"
)

// TestPodcastTags checks the Apple and Podcasting 2.0 tags through gofeed's
// ITunesExt and raw Extensions.
func TestPodcastTags(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	doc, err := PodcastRSS(ch)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, doc)
	f := parse(t, doc)
	it := f.ITunesExt
	if it == nil {
		t.Fatal("no itunes tags")
	}
	pc := ch.Podcast
	for _, c := range []struct{ name, got, want string }{
		{"itunes:image", it.Image, pc.Image},
		{"itunes:author", it.Author, ch.Author},
		{"itunes:explicit", it.Explicit, "false"},
		{"itunes:type", it.Type, "episodic"},
		{"itunes:owner name", ownerField(it, "name"), pc.OwnerName},
		{"itunes:owner email", ownerField(it, "email"), pc.OwnerEmail},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(it.Categories) != 1 || it.Categories[0].Text != "Education" ||
		it.Categories[0].Subcategory == nil || it.Categories[0].Subcategory.Text != "Courses" {
		t.Errorf("itunes:category = %+v", it.Categories)
	}
	guid := only(t, f.Extensions, "guid")
	if guid.Value != PodcastGUID(frSelf) {
		t.Errorf("podcast:guid = %q, want %q", guid.Value, PodcastGUID(frSelf))
	}
	locked := only(t, f.Extensions, "locked")
	if locked.Value != "yes" || locked.Attrs["owner"] != pc.OwnerEmail {
		t.Errorf("podcast:locked = %q owner %q", locked.Value, locked.Attrs["owner"])
	}
	for i, item := range f.Items {
		in := ch.Items[i]
		ie := item.ITunesExt
		if ie == nil {
			t.Fatalf("item %d: no itunes tags", i)
		}
		if ie.Duration != strconv.Itoa(in.Duration) {
			t.Errorf("item %d: itunes:duration = %q, want %d", i, ie.Duration, in.Duration)
		}
		if ie.Explicit != strconv.FormatBool(in.Explicit) {
			t.Errorf("item %d: itunes:explicit = %q", i, ie.Explicit)
		}
		if ie.EpisodeType != "full" {
			t.Errorf("item %d: itunes:episodeType = %q", i, ie.EpisodeType)
		}
		if in.Image != nil && ie.Image != in.Image.URL {
			t.Errorf("item %d: itunes:image = %q", i, ie.Image)
		}
		trs := item.Extensions["podcast"]["transcript"]
		if len(trs) != len(in.Transcripts) {
			t.Fatalf("item %d: %d transcripts, want %d", i, len(trs), len(in.Transcripts))
		}
		for k, tr := range trs {
			w := in.Transcripts[k]
			wantRel := ""
			if w.Type == "text/vtt" {
				wantRel = "captions"
			}
			if tr.Attrs["url"] != w.URL || tr.Attrs["type"] != w.Type ||
				tr.Attrs["language"] != w.Language || tr.Attrs["rel"] != wantRel {
				t.Errorf("item %d transcript %d = %v, want %+v rel %q", i, k, tr.Attrs, w, wantRel)
			}
		}
	}
}

func ownerField(it *ext.ITunesFeedExtension, field string) string {
	if it.Owner == nil {
		return ""
	}
	if field == "name" {
		return it.Owner.Name
	}
	return it.Owner.Email
}

func only(t *testing.T, e ext.Extensions, name string) ext.Extension {
	t.Helper()
	xs := e["podcast"][name]
	if len(xs) != 1 {
		t.Fatalf("podcast:%s appears %d times", name, len(xs))
	}
	return xs[0]
}

// TestPodcastOptions covers the channel options' other values.
func TestPodcastOptions(t *testing.T) {
	t.Parallel()
	ch := frChannel()
	ch.Podcast.Locked = false
	ch.Podcast.Explicit = true
	ch.Podcast.Type = ""
	ch.Podcast.Category = "Government"
	ch.Podcast.GUID = "917393E3-1B1E-5CEF-ACE4-EDAA54E1F810"
	doc, err := PodcastRSS(ch)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, doc)
	if f.ITunesExt.Explicit != "true" || f.ITunesExt.Type != "episodic" {
		t.Errorf("explicit %q type %q", f.ITunesExt.Explicit, f.ITunesExt.Type)
	}
	if c := f.ITunesExt.Categories; len(c) != 1 || c[0].Text != "Government" || c[0].Subcategory != nil {
		t.Errorf("category %+v", c)
	}
	if v := only(t, f.Extensions, "locked").Value; v != "no" {
		t.Errorf("locked = %q", v)
	}
	if v := only(t, f.Extensions, "guid").Value; v != "917393e3-1b1e-5cef-ace4-edaa54e1f810" {
		t.Errorf("guid = %q (explicit GUID, lowercased)", v)
	}
}

// TestValidatePodcast removes each required field in turn and expects the
// problem named; with all removed, every problem is listed at once.
func TestValidatePodcast(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(*Channel)
		want   string
	}{
		{"no podcast", func(c *Channel) { c.Podcast = nil }, "Podcast is nil"},
		{"no image", func(c *Channel) { c.Podcast.Image = "" }, "Podcast.Image (itunes:image) is empty"},
		{"relative image", func(c *Channel) { c.Podcast.Image = "/img/art.png" }, "Podcast.Image"},
		{"no category", func(c *Channel) { c.Podcast.Category = "" }, "Podcast.Category"},
		{"no owner name", func(c *Channel) { c.Podcast.OwnerName = "" }, "Podcast.OwnerName"},
		{"no owner email", func(c *Channel) { c.Podcast.OwnerEmail = "" }, "Podcast.OwnerEmail"},
		{"bad type", func(c *Channel) { c.Podcast.Type = "weekly" }, "Podcast.Type"},
		{"bad guid", func(c *Channel) { c.Podcast.GUID = "not-a-uuid" }, "Podcast.GUID"},
		{"no author", func(c *Channel) { c.Author = "" }, "itunes:author"},
		{"no description", func(c *Channel) { c.Description = "" }, "Description is empty"},
		{"no enclosure", func(c *Channel) { c.Items[1].Enclosure = nil }, "item 1: Enclosure is missing"},
		{"no length", func(c *Channel) { c.Items[0].Enclosure.Length = 0 }, "item 0: Enclosure.Length"},
		{"no type", func(c *Channel) { c.Items[0].Enclosure.Type = "" }, "item 0: Enclosure.Type is empty"},
		{"not media", func(c *Channel) { c.Items[0].Enclosure.Type = "text/html" }, "not audio/* or video/*"},
		{"no duration", func(c *Channel) { c.Items[1].Duration = 0 }, "item 1: Duration"},
		{"transcript type", func(c *Channel) { c.Items[0].Transcripts[1].Type = "" }, "Transcripts[1].Type is empty"},
		{"relative self", func(c *Channel) { c.SelfURL = "/podcast.xml" }, "SelfURL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ch := frChannel()
			tc.mutate(ch)
			err := ch.ValidatePodcast()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ValidatePodcast = %v, want it to mention %q", err, tc.want)
			}
			if _, err := PodcastRSS(ch); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("PodcastRSS err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	if err := frChannel().ValidatePodcast(); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	// All at once: each problem is reported.
	ch := frChannel()
	ch.Author, ch.Description = "", ""
	ch.Podcast = &Podcast{Type: "x", GUID: "y"}
	for i := range ch.Items {
		ch.Items[i].Enclosure = nil
		ch.Items[i].Duration = 0
	}
	msg := fmt.Sprint(ch.ValidatePodcast())
	for _, want := range []string{"Podcast.Image", "Podcast.Category", "Podcast.OwnerName", "Podcast.OwnerEmail",
		"Podcast.Type", "Podcast.GUID", "itunes:author", "Description", "item 0: Enclosure is missing",
		"item 1: Enclosure is missing", "item 0: Duration", "item 1: Duration"} {
		if !strings.Contains(msg, want) {
			t.Errorf("combined report lacks %q:\n%s", want, msg)
		}
	}
}
