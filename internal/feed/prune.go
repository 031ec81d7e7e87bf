package feed

import (
	"fmt"
	"strings"
)

// Problem is what Prune did to an item a feed cannot carry as it is.
type Problem struct {
	Index   int    // the item's position in Channel.Items before pruning
	ID      string // Item.ID
	Ref     int64  // Item.Ref
	LeftOut bool   // the item was left out; otherwise it was degraded
	Reason  string
}

// Prune makes the channel's items writable in every format, so that one
// item can never make a whole feed fail: an item without a usable ID (or
// one another item already has), URL, title or publication date is left
// out; an image, enclosure or transcript with a relative or empty URL, an
// enclosure without its exact length or a MIME type, is dropped from its
// item, which stays. It returns what it did, item by item, in order. After
// Prune, Validate reports only the channel's own problems.
func (ch *Channel) Prune() []Problem { return ch.prune(false) }

// PrunePodcast is Prune for a podcast: an item is left out instead of
// losing its enclosure, and also when its enclosure is not audio or video
// or it has no duration, since a podcast item is its recording. After
// PrunePodcast, ValidatePodcast reports only the channel's own problems.
func (ch *Channel) PrunePodcast() []Problem { return ch.prune(true) }

func (ch *Channel) prune(podcast bool) []Problem {
	if ch == nil {
		return nil
	}
	var probs []Problem
	seen := make(map[string]bool, len(ch.Items))
	kept := ch.Items[:0]
	for i := range ch.Items {
		it := ch.Items[i]
		report := func(leftOut bool, reason string) {
			probs = append(probs, Problem{Index: i, ID: it.ID, Ref: it.Ref, LeftOut: leftOut, Reason: reason})
		}
		if reason := itemProblem(&it, seen, podcast); reason != "" {
			report(true, reason)
			continue
		}
		seen[it.ID] = true
		if it.Image != nil && checkAbsURL("image URL", it.Image.URL) != nil {
			report(false, fmt.Sprintf("image left out: %v", checkAbsURL("image URL", it.Image.URL)))
			it.Image = nil
		}
		if it.Enclosure != nil {
			if reason := enclosureProblem(it.Enclosure); reason != "" {
				report(false, "enclosure left out: "+reason)
				it.Enclosure = nil
			}
		}
		var trs []Transcript
		for _, tr := range it.Transcripts {
			if err := checkAbsURL("transcript URL", tr.URL); err != nil || tr.Type == "" {
				report(false, fmt.Sprintf("transcript %q left out: a transcript needs an absolute URL and a type", tr.URL))
				continue
			}
			trs = append(trs, tr)
		}
		it.Transcripts = trs
		kept = append(kept, it)
	}
	clear(ch.Items[len(kept):])
	ch.Items = kept
	return probs
}

// itemProblem is why an item must be left out, or "".
func itemProblem(it *Item, seen map[string]bool, podcast bool) string {
	switch {
	case it.ID == "":
		return "no ID"
	case seen[it.ID]:
		return fmt.Sprintf("ID %q given twice", it.ID)
	case strings.TrimSpace(it.Title) == "":
		return "no title"
	case it.Published.IsZero():
		return "no publication date"
	}
	if err := checkAbsURL("URL", it.URL); err != nil {
		return err.Error()
	}
	if !podcast {
		return ""
	}
	switch e := it.Enclosure; {
	case e == nil:
		return "podcast: no enclosure"
	case enclosureProblem(e) != "":
		return "podcast: " + enclosureProblem(e)
	case !strings.HasPrefix(e.Type, "audio/") && !strings.HasPrefix(e.Type, "video/"):
		return fmt.Sprintf("podcast: enclosure type %q is not audio or video", e.Type)
	case it.Duration <= 0:
		return "podcast: no duration"
	}
	return ""
}

// enclosureProblem is why an enclosure cannot be written, or "".
func enclosureProblem(e *Enclosure) string {
	if err := checkAbsURL("URL", e.URL); err != nil {
		return err.Error()
	}
	if e.Length <= 0 {
		return fmt.Sprintf("length %d is not a size in bytes", e.Length)
	}
	if !validMIME(e.Type) {
		return fmt.Sprintf("type %q is not a MIME type", e.Type)
	}
	return ""
}

// validMIME accepts type/subtype of RFC 2045 token characters, with
// optional parameters ("audio/mp4; codecs=mp4a.40.2").
func validMIME(t string) bool {
	mt, params, _ := strings.Cut(t, ";")
	typ, sub, ok := strings.Cut(strings.TrimSpace(mt), "/")
	if !ok || !isToken(typ) || !isToken(sub) || len(t) > 255 {
		return false
	}
	return !strings.ContainsFunc(params, func(r rune) bool { return r < ' ' || r > '~' || r == '<' || r == '>' })
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r > '~' || strings.ContainsRune(`()<>@,;:\"/[]?=`, r) {
			return false
		}
	}
	return true
}
