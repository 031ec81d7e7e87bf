package content

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// MaxStaffNameRunes bounds a staff member's name.
const MaxStaffNameRunes = 200

// StaffErrName is the catalogue key for a name that is too long or not on
// one line.
const StaffErrName = "staff.error_name"

// Invitation asks someone to join the back office with a role. The person
// accepts it through a one-time link, choosing their password; only the
// hash of the link's token is stored.
type Invitation struct {
	ID         int64
	Email      string // normalised (NormalizeEmail)
	Name       string
	Role       Role
	Lang       Lang // the back office's language for the invited person
	InvitedBy  int64
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt time.Time // zero while pending
	UserID     int64     // the staff member it created, once accepted
}

// Pending reports whether the invitation can still be accepted at now.
func (i *Invitation) Pending(now time.Time) bool {
	return i != nil && i.AcceptedAt.IsZero() && now.Before(i.ExpiresAt)
}

// NewInvitation validates an invitation's fields (e-mail address, role,
// language, name) and sets its times from now. Errors are a
// *ValidationError naming the fields.
func NewInvitation(email, name string, role Role, lang Lang, by int64, now time.Time) (Invitation, error) {
	inv := Invitation{Role: role, Lang: lang, InvitedBy: by, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	fields := map[string]string{}
	e, err := NormalizeEmail(email)
	if err != nil {
		fields["email"] = StaffErrEmail
	}
	inv.Email = e
	if _, ok := ParseRole(string(role)); !ok {
		fields["role"] = StaffErrRole
	}
	if _, ok := ParseLang(string(lang)); !ok {
		fields["lang"] = StaffErrLang
	}
	n, ok := CleanName(name)
	if !ok {
		fields["name"] = StaffErrName
	}
	inv.Name = n
	if len(fields) > 0 {
		return inv, &ValidationError{Fields: fields}
	}
	return inv, nil
}

// CleanName trims a staff member's name and reports whether it is
// acceptable: valid UTF-8, one line, at most MaxStaffNameRunes characters.
func CleanName(s string) (string, bool) {
	s = strings.TrimSpace(s)
	ok := utf8.ValidString(s) && utf8.RuneCountInString(s) <= MaxStaffNameRunes && !strings.ContainsFunc(s, unicode.IsControl)
	return s, ok
}
