package web

// PodcastConfig holds the podcast feeds' channel details.
type PodcastConfig struct {
	OwnerName  string // default: the site's name in the feed's language
	OwnerEmail string // default podcasts@<host of the base URL>
	Category   string // Apple Podcasts category
	Locked     bool   // podcast:locked: refuse imports by other hosts
	Artwork    string // static file name of the square artwork (1400–3000 px)
}
