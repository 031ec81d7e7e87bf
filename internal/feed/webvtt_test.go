package feed

import (
	"strings"
	"testing"
)

func TestWebVTT(t *testing.T) {
	t.Parallel()
	got := string(WebVTT([]string{"**Host:** Hello there.", "", "Guest: one two three four five six.", "a --> b\x00"}, 20, "en"))
	want := "WEBVTT\nLanguage: en\n\n" +
		"1\n00:00:00.000 --> 00:00:04.615\n**Host:** Hello there.\n\n" +
		"2\n00:00:04.615 --> 00:00:15.385\nGuest: one two three four five six.\n\n" +
		"3\n00:00:15.385 --> 00:00:20.000\na → b\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.HasPrefix(string(WebVTT(nil, 10, "fr")), "WEBVTT\n") {
		t.Fatal("an empty transcript is still a WebVTT file")
	}
}
