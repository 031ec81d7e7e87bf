package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// track is a <track> of a video as the page declares it.
type track struct {
	Kind, Src, Lang, Label string
	Default                bool
}

// videoTracks returns the page's single <video> and its tracks.
func videoTracks(t *testing.T, doc *xhtml.Node) []track {
	t.Helper()
	videos := find(doc, tagIs("video"))
	if len(videos) != 1 {
		t.Fatalf("%d <video> elements, want 1", len(videos))
	}
	if n := len(find(doc, tagIs("track"))); n != len(find(videos[0], tagIs("track"))) {
		t.Errorf("%d <track> elements outside the video", n)
	}
	var out []track
	for _, n := range find(videos[0], tagIs("track")) {
		_, def := attr(n, "default")
		out = append(out, track{attrOf(n, "kind"), attrOf(n, "src"), attrOf(n, "srclang"), attrOf(n, "label"), def})
	}
	return out
}

// captionsNote is the text of the sentence under the player saying which
// captions exist, "" when there is none.
func captionsNote(doc *xhtml.Node) string {
	if n := first(doc, hasClass("p", "player-captions")); n != nil {
		return textOf(n)
	}
	return ""
}

// TestWatchCaptions: the video of a Watch page offers one captions track
// per caption file of its version, labelled in the page's language, the
// page's language first and the default; the files are WebVTT served as
// text/vtt; the transcript's generated WebVTT is never offered as captions;
// the page says captions exist in the languages it has files for.
func TestWatchCaptions(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	cases := []struct {
		path string
		want []track
		note string
	}{
		{watchEN, []track{
			{"captions", "/media/feedback.en.vtt", "en", "English", true},
			{"captions", "/media/feedback-en.fr.vtt", "fr", "French", false},
		}, cat.Printer("en").T("episode.captions_in_both")},
		{watchFR, []track{
			{"captions", "/media/feedback.fr.vtt", "fr", "Français", true},
			{"captions", "/media/feedback-fr.en.vtt", "en", "Anglais", false},
		}, cat.Printer("fr").T("episode.captions_in_both")},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range cases {
			t.Run(tc.path, func(t *testing.T) {
				r := get(t, s, tc.path)
				wantStatus(t, r, 200)
				got := videoTracks(t, r.Doc)
				if d := cmp.Diff(tc.want, got); d != "" {
					t.Errorf("tracks (-want +got):\n%s", d)
				}
				for _, tr := range got {
					if strings.Contains(tr.Src, "transcript") || strings.Contains(tr.Src, "transcription") || strings.Contains(tr.Src, "/episodes/") {
						t.Errorf("the transcript's WebVTT is offered as captions: %s", tr.Src)
					}
					f := get(t, s, tr.Src)
					wantStatus(t, f, 200)
					if ct := f.Header.Get("Content-Type"); ct != "text/vtt; charset=utf-8" || !strings.HasPrefix(f.text(), "WEBVTT") {
						t.Errorf("%s: %q, starts %.20q", tr.Src, ct, f.text())
					}
				}
				if note := captionsNote(r.Doc); note != tc.note {
					t.Errorf("captions sentence %q, want %q", note, tc.note)
				}
				// The generated transcript WebVTT stays a download for
				// podcast apps, not a track.
				vtt := tc.path + "/transcript.vtt"
				if strings.HasPrefix(tc.path, "/fr/") {
					vtt = tc.path + "/transcription.vtt"
				}
				wantStatus(t, get(t, s, vtt), 200)
			})
		}
		// A listen page has no tracks and says nothing of captions.
		for _, p := range []string{listenEN, listenFR} {
			r := get(t, s, p)
			if n := len(find(r.Doc, tagIs("track"))); n != 0 || captionsNote(r.Doc) != "" {
				t.Errorf("%s: %d tracks, captions sentence %q", p, n, captionsNote(r.Doc))
			}
		}
	})
}

// TestWatchWithoutCaptions: a video whose version has no caption file in
// the page's language (published before the rule, say) gets no default
// track and does not claim captions in that language; one with none at all
// has no track and says nothing of captions.
func TestWatchWithoutCaptions(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ep := content.Episode{Key: "uncaptioned", Kind: content.Watch, Status: content.Published,
			PublishedAt: s.Clock.Now().Add(-time.Hour), Versions: map[content.Lang]*content.Version{}}
		for _, l := range content.Langs {
			ep.Versions[l] = &content.Version{Lang: l, Title: "Uncaptioned " + string(l), Slug: "uncaptioned-" + string(l),
				Summary: "A video.", BodyMarkdown: "Notes.", BodyHTML: "<p>Notes.</p>", Transcript: "Words.", TranscriptHTML: "<p>Words.</p>",
				MediaURL: "/media/feedback-" + string(l) + ".webm", MediaType: "video/webm", MediaSeconds: 14}
		}
		// The English video has French captions only; the French one none.
		ep.Versions[content.English].Captions = content.Bilingual{FR: "/media/feedback-en.fr.vtt"}
		if _, err := s.App.Store.ImportBundle(context.Background(), &content.Bundle{Episodes: []content.Episode{ep}}, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.App.SyncCache(context.Background()); err != nil {
			t.Fatal(err)
		}

		r := get(t, s, "/en/episodes/uncaptioned-en")
		wantStatus(t, r, 200)
		want := []track{{"captions", "/media/feedback-en.fr.vtt", "fr", "French", false}}
		if d := cmp.Diff(want, videoTracks(t, r.Doc)); d != "" {
			t.Errorf("English page tracks (-want +got):\n%s", d)
		}
		if note := captionsNote(r.Doc); note != cat.Printer("en").T("episode.captions_in_fr") {
			t.Errorf("English page says %q", note)
		}
		if body := r.text(); strings.Contains(body, "available in English") {
			t.Error("the English page claims English captions")
		}

		r = get(t, s, "/fr/episodes/uncaptioned-fr")
		wantStatus(t, r, 200)
		if tracks := videoTracks(t, r.Doc); len(tracks) != 0 {
			t.Errorf("French page tracks: %+v", tracks)
		}
		if note := captionsNote(r.Doc); note != "" {
			t.Errorf("French page says %q", note)
		}
		if body := r.text(); strings.Contains(body, "sous-titres") || strings.Contains(body, "Sous-titres") {
			t.Error("the French page speaks of captions it does not have")
		}
	})
}

// TestCaptionsEscaped: caption addresses reach the page through
// html/template, which escapes them and neutralises a script URL, even
// if one got past validation into the database.
func TestCaptionsEscaped(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{NoCache: true})
	ep := content.Episode{Key: "hostile", Kind: content.Watch, Status: content.Published,
		PublishedAt: s.Clock.Now().Add(-time.Hour), Versions: map[content.Lang]*content.Version{
			content.English: {Lang: content.English, Title: "Hostile", Slug: "hostile", Summary: "S.", BodyMarkdown: "B.", BodyHTML: "<p>B.</p>",
				MediaURL: "/media/feedback-en.webm", MediaType: "video/webm", MediaSeconds: 14,
				Captions: content.Bilingual{EN: `/media/a.vtt" onerror="alert(1)`, FR: "javascript:alert(1)"}},
		}}
	if _, err := s.App.Store.ImportBundle(context.Background(), &content.Bundle{Episodes: []content.Episode{ep}}, s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	r := get(t, s, "/en/episodes/hostile")
	wantStatus(t, r, 200)
	body := r.text()
	for _, bad := range []string{`onerror="alert(1)"`, "javascript:alert"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	got := videoTracks(t, r.Doc)
	if len(got) != 2 || got[0].Src != `/media/a.vtt%22%20onerror=%22alert%281%29` || got[1].Src != "#ZgotmplZ" {
		t.Errorf("tracks: %+v", got)
	}
}
