package admin

import (
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Common is what every admin page's layout reads.
type Common struct {
	Lang    content.Lang
	Title   string
	Actor   *content.User // nil on the sign-in page
	Nav     []NavItem
	LangURL string // switches the interface language
	Flash   string
}

// LangTag is the page's BCP 47 language.
func (c Common) LangTag() string { return c.Lang.Tag() }

// NavItem is one back-office section the actor may open.
type NavItem struct {
	Label   string
	URL     string
	Current bool
}

// SignInPage is the view of GET/POST /admin/sign-in.
type SignInPage struct {
	Common
	Email string // as typed
	Error string
	Other content.Lang
	// Held is the token of a form held while its sender signs in again
	// (held.go); Notice says why they are asked to sign in.
	Held   string
	Notice string
}

// Dashboard is the view of GET /admin/.
type Dashboard struct {
	Common
	RoleKey string
	Can     []string // what the actor may do, translated
	// Pending counts the changes of live episodes waiting to be
	// published that the actor may see (-1: not shown).
	Pending int
	// The review loop's queues, with their counts and lists.
	Queues []QueueView
}

// QueueView is one queue of the dashboard.
type QueueView struct {
	Label string // with its count
	URL   string // the episode list that shows it
	Count int
}

// UsersPage is the view of GET /admin/users.
type UsersPage struct {
	Common
	Users   []UserRow
	Roles   []content.Role
	Invite  InviteForm
	Pending []content.Invitation
}

// UserRow is one staff member in the list.
type UserRow struct {
	content.User
	RoleKey   string
	StatusKey string
	Self      bool
}

// AuditPage is the view of GET /admin/audit.
type AuditPage struct {
	Common
	Entries []AuditRow
	// The filters as typed, their choices and errors (field → message).
	Who, Action, Target, From, To string
	People, Actions               []Option
	Errors                        map[string]string
	Zone                          string
	Total                         int
	PrevURL, NextURL, CSVURL      string
	Page, Pages                   int
}

// AuditRow is one audit entry with its actor's e-mail; When is its time
// in the newsroom's zone, with the zone.
type AuditRow struct {
	At     time.Time
	When   string
	Actor  string
	Action string
	Target string
	Detail string
	IP     string
}

// Message is a page with one message: an error page (errors.go), a link
// that no longer works.
type Message struct {
	Common
	Text string
	Ref  string // a server error's request id, to quote
	Back Link   // where to go from here
}
