package feed

import (
	"regexp"
	"testing"
)

func TestPodcastGUID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ url, want string }{
		// The Podcasting 2.0 spec's examples (docs/tags/guid.md).
		{"mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"},
		{"podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"},
		// Scheme and trailing slashes are stripped first.
		{"https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"},
		{"http://mp3s.nashownotes.com/pc20rss.xml/", "917393e3-1b1e-5cef-ace4-edaa54e1f810"},
		{"https://podnews.net/rss//", "9b024349-ccf0-5f69-a609-6b82873eab3c"},
	} {
		if got := PodcastGUID(tc.url); got != tc.want {
			t.Errorf("PodcastGUID(%q) = %s, want %s", tc.url, got, tc.want)
		}
	}
	// The brief's "feeds.podcastindex.org/pc20.xml" is not the spec's
	// example URL; it must not collide with it.
	if PodcastGUID("feeds.podcastindex.org/pc20.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810" {
		t.Error("different URLs gave the same GUID")
	}
}

// TestUUIDv5 checks the UUIDv5 code against a well-known vector: Python's
// uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
func TestUUIDv5(t *testing.T) {
	t.Parallel()
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got, want := uuidV5(dns, "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d"; got != want {
		t.Errorf("uuidV5 = %s, want %s", got, want)
	}
	for _, s := range []string{PodcastGUID("x"), "917393E3-1B1E-5CEF-ACE4-EDAA54E1F810"} {
		if !isUUID(s) {
			t.Errorf("isUUID(%q) = false", s)
		}
	}
	for _, s := range []string{"", "917393e3-1b1e-5cef-ace4-edaa54e1f81", "917393e3x1b1e-5cef-ace4-edaa54e1f810", "g17393e3-1b1e-5cef-ace4-edaa54e1f810"} {
		if isUUID(s) {
			t.Errorf("isUUID(%q) = true", s)
		}
	}
}

func TestItemID(t *testing.T) {
	t.Parallel()
	tagURI := regexp.MustCompile(`^tag:[a-z0-9.-]+,2018:episode/[0-9]+/(en|fr)$`)
	for _, tc := range []struct {
		host string
		id   int64
		lang string
		want string
	}{
		{"busrides.example", 41, "en", "tag:busrides.example,2018:episode/41/en"},
		{"busrides.example", 41, "fr", "tag:busrides.example,2018:episode/41/fr"},
		{"BusRides.Example:8443", 7, "FR", "tag:busrides.example,2018:episode/7/fr"},
	} {
		got := ItemID(tc.host, tc.id, tc.lang)
		if got != tc.want {
			t.Errorf("ItemID(%q, %d, %q) = %q, want %q", tc.host, tc.id, tc.lang, got, tc.want)
		}
		if !tagURI.MatchString(got) {
			t.Errorf("%q is not the expected tag URI form", got)
		}
		if again := ItemID(tc.host, tc.id, tc.lang); again != got {
			t.Errorf("ItemID not stable: %q then %q", got, again)
		}
	}
	if ItemID("b.example", 41, "en") == ItemID("b.example", 41, "fr") {
		t.Error("English and French versions share an id")
	}
	if ItemID("b.example", 41, "en") == ItemID("b.example", 14, "en") {
		t.Error("different episodes share an id")
	}
}
