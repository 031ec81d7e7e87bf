package e2e_test

import (
	"math"
	"strconv"
	"testing"
)

// textTrack is a video's text track as the browser sees it.
type textTrack struct {
	Kind, Language, Label, Mode string
	Cues                        int // cues loaded (-1: none yet)
}

// tracksJS lists the first video's text tracks.
const tracksJS = `[...document.querySelector("video").textTracks].map(t => ({kind: t.kind, language: t.language, label: t.label,
	mode: t.mode, cues: t.cues ? t.cues.length : -1}))`

// tracksLoadedJS is true once the video's tracks are known and the ones
// the browser shows have their cues (the files loaded, under the site's
// content security policy).
const tracksLoadedJS = `(() => {
	const tracks = [...(document.querySelector("video")?.textTracks ?? [])];
	return tracks.length > 0 && [...document.querySelectorAll("video track")].every(e => e.track.mode !== "showing" || e.readyState === 2);
})()`

// box is an element's rendered size.
type box struct{ Width, Height, Right float64 }

// boxJS measures the first element a selector matches.
func boxJS(selector string) string {
	return `(() => { const r = document.querySelector(` + strconv.Quote(selector) + `).getBoundingClientRect();
		return {width: r.width, height: r.height, right: r.right}; })()`
}

// TestWatchCaptionsInBrowser: in Chromium, the video of a Watch page shows
// the captions of the page's language (a text track in mode "showing",
// with its cues loaded) and offers the other official language's; at
// 1280 px it is as wide as the text column, in its own proportions, and at
// 320 px it stays within the screen.
func TestWatchCaptionsInBrowser(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	open(t, ctx, "/en/?kind=watch")
	en := eval[string](t, ctx, `document.querySelector(".card-title a").getAttribute("href")`)
	open(t, ctx, en)
	fr := toggleHref(t, ctx)

	// The page's language is shown; the other is offered (its mode is
	// "disabled" or "hidden" until the reader picks it).
	for _, tc := range []struct {
		path         string
		shown, other textTrack
	}{
		{en, textTrack{Kind: "captions", Language: "en", Label: "English"}, textTrack{Kind: "captions", Language: "fr", Label: "French"}},
		{fr, textTrack{Kind: "captions", Language: "fr", Label: "Français"}, textTrack{Kind: "captions", Language: "en", Label: "Anglais"}},
	} {
		open(t, ctx, tc.path)
		waitFor(t, ctx, "the captions of "+tc.path, tracksLoadedJS)
		tracks := eval[[]textTrack](t, ctx, tracksJS)
		if len(tracks) != 2 {
			t.Fatalf("%s: %d text tracks, want 2: %+v", tc.path, len(tracks), tracks)
		}
		shown, other := tracks[0], tracks[1]
		same := func(a, b textTrack) bool { return a.Kind == b.Kind && a.Language == b.Language && a.Label == b.Label }
		if !same(shown, tc.shown) || shown.Mode != "showing" {
			t.Errorf("%s: first track %+v, want %+v showing", tc.path, shown, tc.shown)
		}
		if shown.Cues <= 0 {
			t.Errorf("%s: the shown captions have no cues (%d): the file did not load", tc.path, shown.Cues)
		}
		if !same(other, tc.other) || other.Mode == "showing" {
			t.Errorf("%s: second track %+v, want %+v offered, not shown", tc.path, other, tc.other)
		}
	}

	// At 1280 px the video fills the text column, in 16:9 (the demo
	// videos are 320×180), instead of its natural 320 px.
	open(t, ctx, en)
	waitFor(t, ctx, "the video's size", `document.querySelector("video").readyState >= 1`)
	video, column := eval[box](t, ctx, boxJS("video")), eval[box](t, ctx, boxJS(".prose"))
	if math.Abs(video.Width-column.Width) > 1 || video.Width < 600 {
		t.Errorf("at 1280 px the video is %.0f px wide, the column %.0f px", video.Width, column.Width)
	}
	if ratio := video.Width / video.Height; math.Abs(ratio-16.0/9) > 0.02 {
		t.Errorf("the video is %.0f×%.0f px: not in its 16:9 proportions", video.Width, video.Height)
	}

	narrow := newTab(t, tabOptions{width: 320})
	open(t, narrow, en)
	if v, w := eval[box](t, narrow, boxJS("video")), eval[float64](t, narrow, `document.documentElement.clientWidth`); v.Right > w+1 || v.Width < 200 {
		t.Errorf("at 320 px the video is %.0f px wide and ends at %.0f px, the viewport %.0f px", v.Width, v.Right, w)
	}
}
