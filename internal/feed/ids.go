package feed

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"
)

// podcastNamespace is the Podcasting 2.0 UUID namespace for podcast:guid.
var podcastNamespace = [16]byte{
	0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
	0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6,
}

// PodcastGUID returns the Podcasting 2.0 podcast:guid for a feed URL: the
// UUIDv5 (RFC 9562, SHA-1) in the namespace
// ead4c236-bf58-58c6-a2c6-a6b28d128cb6 of the URL with its scheme
// ("https://") and trailing slashes removed. The spec's example:
// "mp3s.nashownotes.com/pc20rss.xml" → 917393e3-1b1e-5cef-ace4-edaa54e1f810.
// A podcast keeps the GUID computed from its first feed URL for life, so the
// caller should store it rather than recompute it after a URL change.
func PodcastGUID(feedURL string) string {
	name := strings.TrimSpace(feedURL)
	if i := strings.Index(name, "://"); i >= 0 {
		name = name[i+3:]
	}
	name = strings.TrimRight(name, "/")
	return uuidV5(podcastNamespace, name)
}

func uuidV5(ns [16]byte, name string) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x50 // version 5
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// isUUID reports whether s has the 8-4-4-4-12 hex form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// ItemIDDate is the date in ItemID's tag URIs. RFC 4151 requires a date on
// which the tagging entity owned the host name; it must never change, or
// every item ID changes with it.
const ItemIDDate = "2018"

// ItemID returns the stable id of one language version of an episode, a tag
// URI (RFC 4151) such as "tag:busrides.example,2018:episode/41/en". It is
// built from the episode's database id, not its slug, so renaming an
// episode does not make feed readers see a new item; the English and French
// versions get different ids. The host is lowercased and any port dropped.
func ItemID(host string, episodeID int64, lang string) string {
	host = strings.ToLower(strings.TrimSpace(host))
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return "tag:" + host + "," + ItemIDDate + ":episode/" +
		strconv.FormatInt(episodeID, 10) + "/" + strings.ToLower(strings.TrimSpace(lang))
}
