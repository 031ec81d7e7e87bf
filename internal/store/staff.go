package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Staff stores staff accounts (sqldb/staff.go). E-mail addresses are
// normalised with content.NormalizeEmail before they are stored or looked
// up.
type Staff interface {
	// CreateUser stores a new staff member with an argon2id password hash
	// and returns its id; an e-mail address already used (in any case) is
	// an error wrapping content.ErrConflict. u.ID is ignored; a zero
	// u.CreatedAt means now; an empty u.Status means active.
	CreateUser(ctx context.Context, u content.User, passwordHash string) (int64, error)
	UserByEmail(ctx context.Context, email string) (*content.User, error)
	UserByID(ctx context.Context, id int64) (*content.User, error)
	// Users lists every staff member by e-mail address.
	Users(ctx context.Context) ([]content.User, error)
	PasswordHash(ctx context.Context, userID int64) (string, error)
	SetUserRole(ctx context.Context, userID int64, role content.Role) error
	// SetUserStatus suspends or reactivates a staff member. Suspending does
	// not delete sessions: SessionUser returns the status, and callers
	// refuse suspended users on the next request (DeleteUserSessions too).
	SetUserStatus(ctx context.Context, userID int64, status content.UserStatus) error
	// SetUserLang sets a staff member's interface language.
	SetUserLang(ctx context.Context, userID int64, lang content.Lang) error
	SetUserPassword(ctx context.Context, userID int64, passwordHash string) error
}

// Sessions stores sign-in sessions, by the hash of their token, and
// failed sign-ins for throttling (sqldb/staff.go).
type Sessions interface {
	// CreateSession stores a session by the hash of its token (auth.NewToken).
	CreateSession(ctx context.Context, tokenHash string, userID int64, now time.Time, ip, userAgent string) error
	// SessionUser returns the user of a session and when the session began
	// and was last used; the caller decides validity (auth.SessionValid).
	SessionUser(ctx context.Context, tokenHash string) (u *content.User, created, lastSeen time.Time, err error)
	TouchSession(ctx context.Context, tokenHash string, now time.Time) error
	// DeleteSession signs one session out; deleting a missing session is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error
	// LoginFailures counts failures at or after since for the e-mail address
	// and, separately, for the IP address.
	LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error)
	// ClearLoginFailures forgets an account's failures (after a sign-in).
	ClearLoginFailures(ctx context.Context, email string) error

	// EndSession deletes a session that ended (idle too long, or too
	// old) and remembers whose it was, for EndedSessionUser, until
	// EndedSessionTTL after now; older remembered ones are forgotten.
	EndSession(ctx context.Context, tokenHash string, now time.Time) error
	// EndedSessionUser returns the staff member whose session, ended at
	// or after since, had this token hash, or content.ErrNotFound.
	EndedSessionUser(ctx context.Context, tokenHash string, since time.Time) (*content.User, error)

	// HoldPost keeps a form posted after its sender's session ended
	// (URL-encoded, with the path it was posted to) for userID, by the
	// hash of a token, so that they send it on once signed in again.
	// Forms held before now minus HeldPostTTL are dropped, and a user
	// keeps at most MaxHeldPosts (the oldest go).
	HoldPost(ctx context.Context, tokenHash string, userID int64, path, body string, now time.Time) error
	// HeldPost returns a form held for userID at or after since, or
	// content.ErrNotFound.
	HeldPost(ctx context.Context, tokenHash string, userID int64, since time.Time) (path, body string, err error)
	// DropHeldPost forgets a held form; a missing one is not an error.
	DropHeldPost(ctx context.Context, tokenHash string, userID int64) error
}

// HeldPostTTL is how long a held form is kept; MaxHeldPosts how many
// one staff member may have.
const (
	HeldPostTTL  = time.Hour
	MaxHeldPosts = 20
	// EndedSessionTTL is how long an ended session still names its
	// user: a form posted with it that long after is held.
	EndedSessionTTL = 12 * time.Hour
)
