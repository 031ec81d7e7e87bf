package content

import (
	"slices"
	"testing"
)

// sizes are the files the tests' site serves.
func sizes(p string) int64 {
	return map[string]int64{"/media/talk.mp3": 4096, "/media/talk.webm": 8192, "/media/noext": 100, "/media/uploads/2026/11/ab.m4a": 512}[p]
}

// TestFeedMedia is the table of what feeds make of a version's recording:
// the enclosure they carry (or none) and the problems, with their
// severity and the field to fix.
func TestFeedMedia(t *testing.T) {
	type want struct {
		enc    *Enclosure
		checks []string // keys
	}
	listen := func(url, typ string, bytes int64) *Version {
		return &Version{Lang: French, MediaURL: url, MediaType: typ, MediaBytes: bytes, MediaSeconds: 60}
	}
	tests := []struct {
		name string
		kind Kind
		v    *Version
		want want
	}{
		{"site file", Listen, listen("/media/talk.mp3", "audio/mpeg", 0),
			want{&Enclosure{"/media/talk.mp3", "audio/mpeg", 4096}, nil}},
		{"site file: its own size wins over a declared one", Listen, listen("/media/talk.mp3", "audio/mpeg", 99),
			want{&Enclosure{"/media/talk.mp3", "audio/mpeg", 4096}, nil}},
		{"site file: empty type from the extension", Listen, listen("/media/talk.mp3", "", 0),
			want{&Enclosure{"/media/talk.mp3", "audio/mpeg", 4096}, nil}},
		{"site file: bogus type replaced by the extension's", Listen, listen("/media/talk.mp3", "text/html", 0),
			want{&Enclosure{"/media/talk.mp3", "audio/mpeg", 4096}, nil}},
		{"site file: a video type on a Listen episode", Watch, listen("/media/talk.webm", "audio/webm", 0),
			want{&Enclosure{"/media/talk.webm", "video/webm", 8192}, nil}},
		{"site file: no type and no extension", Listen, listen("/media/noext", "", 0),
			want{nil, []string{FeedMediaType}}},
		{"site file missing", Listen, listen("/media/gone.mp3", "audio/mpeg", 0),
			want{nil, []string{FeedMediaFile}}},
		{"site file missing, declared size ignored", Listen, listen("/media/gone.mp3", "audio/mpeg", 1234),
			want{nil, []string{FeedMediaFile}}},
		{"another site path", Listen, listen("/en/episodes/x", "audio/mpeg", 0),
			want{nil, []string{FeedMediaFile}}},
		{"https with its size", Listen, listen("https://cdn.example.ca/ep/1.mp3?sig=a#t=3", "", 48213004),
			want{&Enclosure{"https://cdn.example.ca/ep/1.mp3?sig=a#t=3", "audio/mpeg", 48213004}, nil}},
		{"https, upper-case scheme", Listen, listen("HTTPS://cdn.example.ca/1.mp3", "audio/mpeg", 10),
			want{&Enclosure{"https://cdn.example.ca/1.mp3", "audio/mpeg", 10}, nil}},
		{"https without its size", Listen, listen("https://cdn.example.ca/1.mp3", "audio/mpeg", 0),
			want{nil, []string{FeedMediaBytes}}},
		{"https with a negative size", Listen, listen("https://cdn.example.ca/1.mp3", "audio/mpeg", -5),
			want{nil, []string{FeedMediaBytes}}},
		{"https with a huge size", Listen, listen("https://cdn.example.ca/1.mp3", "audio/mpeg", MaxMediaBytes+1),
			want{nil, []string{FeedMediaBytes}}},
		{"https, no type, no extension", Listen, listen("https://cdn.example.ca/stream", "", 10),
			want{nil, []string{FeedMediaType}}},
		{"http", Listen, listen("http://cdn.example.ca/1.mp3", "audio/mpeg", 10),
			want{nil, []string{FeedMediaHTTP}}},
		{"javascript", Listen, listen("javascript:alert(1)", "audio/mpeg", 10),
			want{nil, []string{FeedMediaAddress}}},
		{"javascript, no type", Listen, listen("javascript:alert(1)", "", 10),
			want{nil, []string{FeedMediaAddress, FeedMediaType}}},
		{"spaces", Listen, listen(" /media/talk.mp3 ", "audio/mpeg", 0),
			want{nil, []string{FeedMediaAddress}}},
		{"scheme-relative", Listen, listen("//evil.example/a.mp3", "audio/mpeg", 10),
			want{nil, []string{FeedMediaAddress}}},
		{"data", Watch, listen("data:video/mp4;base64,AAAA", "video/mp4", 10),
			want{nil, []string{FeedMediaAddress}}},
		{"no media", Listen, listen("", "", 0),
			want{nil, []string{FeedNoMedia}}},
		{"no length: the enclosure stays, podcasts need one", Listen, &Version{Lang: French, MediaURL: "/media/talk.mp3"},
			want{&Enclosure{"/media/talk.mp3", "audio/mpeg", 4096}, []string{FeedDuration}}},
		{"everything wrong", Listen, &Version{Lang: French, MediaURL: "http://x.example/noext", MediaBytes: -1},
			want{nil, []string{FeedMediaHTTP, FeedMediaType, FeedDuration}}},
		{"read episodes carry no recording", Read, listen("/media/talk.mp3", "audio/mpeg", 0), want{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc, checks := FeedMedia(tc.kind, tc.v, sizes)
			if (enc == nil) != (tc.want.enc == nil) || enc != nil && *enc != *tc.want.enc {
				t.Errorf("enclosure %+v, want %+v", enc, tc.want.enc)
			}
			var keys []string
			for _, c := range checks {
				keys = append(keys, c.Key)
				if c.Lang != French || c.Field == "" {
					t.Errorf("%s: lang %q, field %q", c.Key, c.Lang, c.Field)
				}
				if wantSev := map[bool]Severity{true: SevWarning, false: SevError}[c.Key == FeedMediaFile]; c.Severity != wantSev {
					t.Errorf("%s: severity %s", c.Key, c.Severity)
				}
			}
			if !slices.Equal(keys, tc.want.checks) {
				t.Errorf("checks %v, want %v", keys, tc.want.checks)
			}
		})
	}
	// The field each problem sends the editor to.
	_, checks := FeedMedia(Listen, listen("https://cdn.example.ca/1.mp3", "", 0), sizes)
	if len(checks) != 1 || checks[0].Field != "media_bytes" || checks[0].Arg != "https://cdn.example.ca/1.mp3" {
		t.Errorf("external file without its size: %+v", checks)
	}
	// Without sizes, no file on this site is found.
	if enc, checks := FeedMedia(Listen, listen("/media/talk.mp3", "audio/mpeg", 0), nil); enc != nil || len(checks) != 1 || checks[0].Key != FeedMediaFile {
		t.Errorf("nil sizes: %+v, %+v", enc, checks)
	}
}

func TestMediaTypeFor(t *testing.T) {
	for _, tc := range []struct {
		kind      Kind
		url, want string
	}{
		{Listen, "/media/a.mp3", "audio/mpeg"},
		{Listen, "/media/A.MP3", "audio/mpeg"},
		{Listen, "/media/uploads/2026/11/ab.m4a", "audio/mp4"},
		{Listen, "https://cdn.example/a.webm?x=.mp4", "audio/webm"},
		{Watch, "https://cdn.example/a.webm?x=.mp3", "video/webm"},
		{Watch, "/media/a.mp4#t=10", "video/mp4"},
		{Listen, "/media/a.mp4", "audio/mp4"},
		{Watch, "/media/a.mp3", ""},
		{Listen, "/media/a", ""},
		{Listen, "/media/a.mp3.php", ""},
		{Listen, "https://cdn.example/", ""},
		{Read, "/media/a.mp3", ""},
		{Listen, "", ""},
	} {
		if got := MediaTypeFor(tc.kind, tc.url); got != tc.want {
			t.Errorf("MediaTypeFor(%s, %q) = %q, want %q", tc.kind, tc.url, got, tc.want)
		}
	}
}

func TestFillMediaType(t *testing.T) {
	for _, tc := range []struct {
		name    string
		kind    Kind
		url     string
		typ     string
		library string
		want    string
		filled  bool
	}{
		{"the library's type first", Listen, "/media/uploads/x.mp3", "", "audio/mp4", "audio/mp4", true},
		{"the extension when the library does not know", Listen, "/media/x.mp3", "", "", "audio/mpeg", true},
		{"a library type unsuited to the kind", Watch, "/media/x.webm", "", "audio/mpeg", "video/webm", true},
		{"a type given is kept", Listen, "/media/x.mp3", "audio/ogg", "audio/mp4", "audio/ogg", false},
		{"nothing tells", Listen, "https://cdn.example/stream", "", "", "", false},
		{"no media", Listen, "", "", "audio/mpeg", "", false},
		{"read", Read, "/media/x.mp3", "", "audio/mpeg", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &Version{MediaURL: tc.url, MediaType: tc.typ}
			if filled := FillMediaType(tc.kind, v, tc.library); filled != tc.filled || v.MediaType != tc.want {
				t.Errorf("filled %t, type %q; want %t, %q", filled, v.MediaType, tc.filled, tc.want)
			}
		})
	}
}

func TestMediaLibraryPath(t *testing.T) {
	for u, want := range map[string]string{
		"/media/uploads/2026/11/ab.mp3": "uploads/2026/11/ab.mp3",
		"/media/talk.mp3":               "talk.mp3",
		"/media/":                       "",
		"/media/../etc/passwd":          "",
		"/media/a/../../b":              "",
		"/media/a.mp3?x=1":              "",
		"https://x.example/media/a.mp3": "",
		"/en/media/a.mp3":               "",
	} {
		got, ok := MediaLibraryPath(u)
		if got != want || ok != (want != "") {
			t.Errorf("MediaLibraryPath(%q) = %q, %t; want %q", u, got, ok, want)
		}
	}
}
