package feed

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestPrune is the table of the degradation rules: what each format's
// Prune does with one bad item placed between two good ones. The good
// items always stay, untouched; the channel is then written in every
// format (a podcast with PrunePodcast) and parses.
func TestPrune(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mod  func(*Item)
		// Per kind of feed: left out (true), degraded (false, reason
		// non-empty), or untouched (reason "").
		feedLeftOut, podcastLeftOut bool
		feedReason, podcastReason   string                       // a fragment of the reason
		check                       func(t *testing.T, it *Item) // on the degraded item of an episode feed
	}{
		{name: "good item", mod: func(*Item) {}},
		{name: "no ID", mod: func(it *Item) { it.ID = "" },
			feedLeftOut: true, podcastLeftOut: true, feedReason: "no ID", podcastReason: "no ID"},
		{name: "duplicate ID", mod: func(it *Item) { it.ID = ItemID("busrides.example", 41, "fr") },
			feedLeftOut: true, podcastLeftOut: true, feedReason: "given twice", podcastReason: "given twice"},
		{name: "blank title", mod: func(it *Item) { it.Title = " \t" },
			feedLeftOut: true, podcastLeftOut: true, feedReason: "no title", podcastReason: "no title"},
		{name: "no date", mod: func(it *Item) { it.Published = time.Time{} },
			feedLeftOut: true, podcastLeftOut: true, feedReason: "no publication date", podcastReason: "no publication date"},
		{name: "relative URL", mod: func(it *Item) { it.URL = "/fr/episodes/x" },
			feedLeftOut: true, podcastLeftOut: true, feedReason: "not an absolute", podcastReason: "not an absolute"},
		{name: "javascript URL", mod: func(it *Item) { it.URL = "javascript:alert(1)" },
			feedLeftOut: true, podcastLeftOut: true, feedReason: "not an absolute", podcastReason: "not an absolute"},
		{name: "relative image", mod: func(it *Item) { it.Image.URL = "/media/x.png" },
			feedReason: "image left out", podcastReason: "image left out",
			check: func(t *testing.T, it *Item) {
				if it.Image != nil {
					t.Error("image kept")
				}
			}},
		{name: "enclosure without length", mod: func(it *Item) { it.Enclosure.Length = 0 },
			podcastLeftOut: true, feedReason: "enclosure left out: length 0", podcastReason: "podcast: length 0",
			check: func(t *testing.T, it *Item) {
				if it.Enclosure != nil || len(it.Transcripts) != 2 || it.Title == "" {
					t.Errorf("enclosure %+v, %d transcripts", it.Enclosure, len(it.Transcripts))
				}
			}},
		{name: "enclosure with a negative length", mod: func(it *Item) { it.Enclosure.Length = -5 },
			podcastLeftOut: true, feedReason: "length -5", podcastReason: "length -5"},
		{name: "enclosure without type", mod: func(it *Item) { it.Enclosure.Type = "" },
			podcastLeftOut: true, feedReason: "is not a MIME type", podcastReason: "is not a MIME type"},
		{name: "enclosure with a bogus type", mod: func(it *Item) { it.Enclosure.Type = `audio/mpeg"><script>` },
			podcastLeftOut: true, feedReason: "is not a MIME type", podcastReason: "is not a MIME type"},
		{name: "enclosure with a relative URL", mod: func(it *Item) { it.Enclosure.URL = "/media/a.mp3" },
			podcastLeftOut: true, feedReason: "enclosure left out", podcastReason: "podcast:"},
		{name: "enclosure without a host", mod: func(it *Item) { it.Enclosure.URL = "https:///media/a.mp3" },
			podcastLeftOut: true, feedReason: "enclosure left out", podcastReason: "podcast:"},
		{name: "enclosure with parameters", mod: func(it *Item) { it.Enclosure.Type = "audio/mp4; codecs=mp4a.40.2" }},
		{name: "not audio or video", mod: func(it *Item) { it.Enclosure.Type = "text/html" },
			podcastLeftOut: true, podcastReason: "is not audio or video"},
		{name: "no enclosure", mod: func(it *Item) { it.Enclosure = nil },
			podcastLeftOut: true, podcastReason: "no enclosure"},
		{name: "no duration", mod: func(it *Item) { it.Duration = 0 },
			podcastLeftOut: true, podcastReason: "no duration"},
		{name: "bad transcript", mod: func(it *Item) { it.Transcripts[0].URL = "transcript.vtt" },
			feedReason: "transcript", podcastReason: "transcript",
			check: func(t *testing.T, it *Item) {
				if len(it.Transcripts) != 1 || it.Transcripts[0].Type != "text/html" {
					t.Errorf("transcripts %+v", it.Transcripts)
				}
			}},
		{name: "transcript without type", mod: func(it *Item) { it.Transcripts[1].Type = "" },
			feedReason: "transcript", podcastReason: "transcript"},
	}
	for _, tc := range tests {
		for _, podcast := range []bool{false, true} {
			name := tc.name + map[bool]string{false: "/feed", true: "/podcast"}[podcast]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ch := frChannel()
				bad := ch.Items[0]
				bad.ID, bad.Ref = ItemID("busrides.example", 99, "fr"), 99
				bad.Image = &Image{URL: bad.Image.URL, Alt: bad.Image.Alt}
				bad.Enclosure = &Enclosure{URL: bad.Enclosure.URL, Length: bad.Enclosure.Length, Type: bad.Enclosure.Type}
				bad.Transcripts = append([]Transcript(nil), bad.Transcripts...)
				tc.mod(&bad)
				ch.Items = []Item{ch.Items[0], bad, ch.Items[1]}
				var probs []Problem
				if podcast {
					probs = ch.PrunePodcast()
				} else {
					probs = ch.Prune()
				}
				leftOut, reason := tc.feedLeftOut, tc.feedReason
				if podcast {
					leftOut, reason = tc.podcastLeftOut, tc.podcastReason
				}
				want := 3
				if leftOut {
					want = 2
				}
				if len(ch.Items) != want {
					t.Fatalf("%d items, want %d; problems %+v", len(ch.Items), want, probs)
				}
				if ch.Items[0].ID != ItemID("busrides.example", 41, "fr") || ch.Items[len(ch.Items)-1].ID != ItemID("busrides.example", 7, "fr") {
					t.Errorf("the good items moved or went: %q … %q", ch.Items[0].ID, ch.Items[len(ch.Items)-1].ID)
				}
				switch {
				case reason == "" && len(probs) != 0:
					t.Errorf("problems %+v, want none", probs)
				case reason != "":
					if len(probs) == 0 {
						t.Fatalf("no problem reported, want %q", reason)
					}
					p := probs[0]
					if p.Index != 1 || p.Ref != 99 || p.LeftOut != leftOut || !strings.Contains(p.Reason, reason) {
						t.Errorf("problem %+v, want item 1, ref 99, left out %t, reason with %q", p, leftOut, reason)
					}
				}
				if !leftOut && tc.check != nil && !podcast {
					tc.check(t, &ch.Items[1])
				}
				// Whatever the item held, the channel is now written in
				// every format of its kind.
				var writers []format
				for _, f := range formats {
					if (f.name == "podcast") == podcast {
						writers = append(writers, f)
					}
				}
				for _, f := range writers {
					doc, err := f.write(ch)
					if err != nil {
						t.Fatalf("%s after pruning: %v", f.name, err)
					}
					if f.xml {
						wellFormed(t, doc)
					}
					if got := parse(t, doc); len(got.Items) != len(ch.Items) {
						t.Errorf("%s: %d items parsed, want %d", f.name, len(got.Items), len(ch.Items))
					}
				}
			})
		}
	}
}

// TestPruneEverything: a channel whose every item is wrong stays a valid,
// empty feed in every format, and each item is reported once, in order.
func TestPruneEverything(t *testing.T) {
	t.Parallel()
	for _, podcast := range []bool{false, true} {
		ch := frChannel()
		var items []Item
		for i := range 5 {
			items = append(items, Item{ID: fmt.Sprint("x", i), Ref: int64(i), Title: "t", URL: "not a url"})
		}
		ch.Items = items
		var probs []Problem
		if podcast {
			probs = ch.PrunePodcast()
		} else {
			probs = ch.Prune()
		}
		if len(ch.Items) != 0 || len(probs) != 5 {
			t.Fatalf("podcast %t: %d items left, %d problems", podcast, len(ch.Items), len(probs))
		}
		for i, p := range probs {
			if p.Index != i || p.Ref != int64(i) || !p.LeftOut {
				t.Errorf("problem %d: %+v", i, p)
			}
		}
		for _, f := range formats {
			if (f.name == "podcast") != podcast {
				continue
			}
			if _, err := f.write(ch); err != nil {
				t.Errorf("%s: %v", f.name, err)
			}
		}
	}
	if (*Channel)(nil).Prune() != nil {
		t.Error("nil channel: problems")
	}
}
