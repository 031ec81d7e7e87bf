package content

import "time"

// PreviewLink lets someone without an account read an episode as its
// editor has it (a draft, or a live episode's pending change), at a
// secret address, until it expires or is revoked. The token itself is
// shown once, when the link is made; only its hash is kept.
type PreviewLink struct {
	ID        int64
	EpisodeID int64
	CreatedBy int64 // 0: a deleted account
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time // zero while not revoked
}

// Preview links last DefaultPreviewDays unless the staff member chooses,
// from 1 to MaxPreviewDays.
const (
	DefaultPreviewDays = 7
	MaxPreviewDays     = 30
)

// Active reports whether the link opens its preview at now.
func (l PreviewLink) Active(now time.Time) bool {
	return l.RevokedAt.IsZero() && now.Before(l.ExpiresAt)
}
