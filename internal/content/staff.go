package content

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what a staff member may do in the back office. The four roles
// are Ghost's: each one can do everything the one before it can.
type Role string

const (
	// Contributor writes drafts and submits them for review; cannot publish.
	RoleContributor Role = "contributor"
	// Author publishes (and schedules, unpublishes) their own episodes.
	RoleAuthor Role = "author"
	// Editor publishes every episode and runs the site's editorial content:
	// topics, series, authors, glossary, site pages, banner, feedback
	// inbox, redirects.
	RoleEditor Role = "editor"
	// Administrator can do everything, including staff, settings and the
	// audit log.
	RoleAdministrator Role = "administrator"
)

// Roles lists the roles from the least to the most powerful.
var Roles = [4]Role{RoleContributor, RoleAuthor, RoleEditor, RoleAdministrator}

// ParseRole returns the role for "contributor", "author", "editor" or
// "administrator".
func ParseRole(s string) (Role, bool) {
	switch Role(s) {
	case RoleContributor, RoleAuthor, RoleEditor, RoleAdministrator:
		return Role(s), true
	}
	return "", false
}

// UserStatus says whether a staff member may sign in.
type UserStatus string

const (
	UserActive    UserStatus = "active"
	UserSuspended UserStatus = "suspended"
)

// ParseUserStatus returns the status for "active" or "suspended".
func ParseUserStatus(s string) (UserStatus, bool) {
	switch UserStatus(s) {
	case UserActive, UserSuspended:
		return UserStatus(s), true
	}
	return "", false
}

// User is a staff member of the back office. Readers of the public site
// have no account.
type User struct {
	ID        int64
	Email     string // normalised by NormalizeEmail; unique
	Name      string
	Role      Role
	Lang      Lang // the language of the back office for this person
	Status    UserStatus
	CreatedAt time.Time
}

// Active reports whether u may use the back office.
func (u *User) Active() bool { return u != nil && u.Status == UserActive }

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID      int64
	At      time.Time
	ActorID int64  // 0: the system or the command line
	Action  string // e.g. "user.created", "signin.failed"
	Target  string // what was acted on, e.g. "user:3" or an e-mail address
	Detail  string
	IP      string
}

// Staff validation keys (i18n catalogue keys).
const (
	StaffErrEmail = "staff.error_email"
	StaffErrRole  = "staff.error_role"
	StaffErrLang  = "staff.error_lang"
)

// MaxEmailBytes is the longest address SMTP can carry (RFC 5321 path limit
// less the angle brackets).
const MaxEmailBytes = 254

// NormalizeEmail returns the form in which staff e-mail addresses are
// stored and compared: trimmed and lowercased. It refuses what cannot be an
// address: no single @, nothing before it, a domain without an inner dot,
// spaces or control characters, more than MaxEmailBytes bytes. The error is
// a *ValidationError for the field "email".
func NormalizeEmail(s string) (string, error) {
	bad := &ValidationError{Fields: map[string]string{"email": StaffErrEmail}}
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > MaxEmailBytes || !utf8.ValidString(s) {
		return "", bad
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar ||
			unicode.Is(unicode.Cf, r) || r == '<' || r == '>' || r == ',' || r == ';' || r == '"' {
			return "", bad
		}
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return "", bad
	}
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || dot == len(domain)-1 || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") || strings.HasPrefix(domain, "-") {
		return "", bad
	}
	return s, nil
}

// Action is something a staff member may try to do in the back office.
// Every admin route names the action it performs and asks Can.
type Action string

const (
	// Every signed-in, active staff member.
	ActionViewDashboard   Action = "dashboard.view"        // the back office home
	ActionWriteDraft      Action = "episode.write_draft"   // create episodes, edit own drafts
	ActionSubmitForReview Action = "episode.submit_review" // draft → in review
	ActionUploadMedia     Action = "media.upload"          // add images, audio, captions
	ActionViewParity      Action = "parity.view"           // translation parity dashboard
	ActionEditOwnProfile  Action = "profile.edit_own"      // own name, interface language, password

	// Authors and above.
	ActionEditOwn    Action = "episode.edit_own"    // edit own episodes, published ones too
	ActionPublishOwn Action = "episode.publish_own" // publish, schedule, unpublish own episodes

	// Editors and above.
	ActionEditAny              Action = "episode.edit_any"
	ActionPublishAny           Action = "episode.publish_any"
	ActionOneLanguageException Action = "episode.one_language_exception" // publish one language, with a reason
	ActionManageMedia          Action = "media.manage"                   // replace or delete anyone's media
	ActionManageTaxonomy       Action = "taxonomy.manage"                // topics, series, authors
	ActionManageGlossary       Action = "glossary.manage"
	ActionManageSitePages      Action = "site_pages.manage" // About, Contact, Terms and conditions: edit, publish
	ActionManageBanner         Action = "banner.manage"
	ActionReadFeedback         Action = "feedback.read" // inbox, mark reviewed, export
	ActionManageRedirects      Action = "redirects.manage"
	ActionExportParity         Action = "parity.export" // CSV for Official Languages reporting

	// Administrators only.
	ActionManageUsers    Action = "users.manage" // invite, suspend, change role
	ActionManageSettings Action = "settings.manage"
	ActionReadAudit      Action = "audit.read"
)

// minRole is the least role allowed each action. Keep in step with
// AllActions; TestCanMatrix spells out every answer.
var minRole = map[Action]Role{
	ActionViewDashboard:   RoleContributor,
	ActionWriteDraft:      RoleContributor,
	ActionSubmitForReview: RoleContributor,
	ActionUploadMedia:     RoleContributor,
	ActionViewParity:      RoleContributor,
	ActionEditOwnProfile:  RoleContributor,

	ActionEditOwn:    RoleAuthor,
	ActionPublishOwn: RoleAuthor,

	ActionEditAny:              RoleEditor,
	ActionPublishAny:           RoleEditor,
	ActionOneLanguageException: RoleEditor,
	ActionManageMedia:          RoleEditor,
	ActionManageTaxonomy:       RoleEditor,
	ActionManageGlossary:       RoleEditor,
	ActionManageSitePages:      RoleEditor,
	ActionManageBanner:         RoleEditor,
	ActionReadFeedback:         RoleEditor,
	ActionManageRedirects:      RoleEditor,
	ActionExportParity:         RoleEditor,

	ActionManageUsers:    RoleAdministrator,
	ActionManageSettings: RoleAdministrator,
	ActionReadAudit:      RoleAdministrator,
}

// AllActions lists every action, for tests that cover each one.
func AllActions() []Action {
	return []Action{
		ActionViewDashboard, ActionWriteDraft, ActionSubmitForReview, ActionUploadMedia, ActionViewParity, ActionEditOwnProfile,
		ActionEditOwn, ActionPublishOwn,
		ActionEditAny, ActionPublishAny, ActionOneLanguageException, ActionManageMedia, ActionManageTaxonomy,
		ActionManageGlossary, ActionManageSitePages, ActionManageBanner, ActionReadFeedback, ActionManageRedirects, ActionExportParity,
		ActionManageUsers, ActionManageSettings, ActionReadAudit,
	}
}

func (r Role) rank() int {
	switch r {
	case RoleContributor:
		return 1
	case RoleAuthor:
		return 2
	case RoleEditor:
		return 3
	case RoleAdministrator:
		return 4
	}
	return 0
}

// Can is the one place the back office decides who may do what: it reports
// whether actor may perform a. Nobody (nil), a suspended or unknown-status
// account, an unknown role and an unknown action are all refused.
//
// Actions on one episode that depend on who owns it (the "own" actions)
// answer for the actor's own episodes; use CanEditEpisode and
// CanPublishEpisode when the episode is known.
func Can(actor *User, a Action) bool {
	if !actor.Active() || actor.ID <= 0 {
		return false
	}
	need, ok := minRole[a]
	if !ok {
		return false
	}
	have := actor.Role.rank()
	return have > 0 && have >= need.rank()
}

// CanEditEpisode reports whether actor may edit an episode created by
// ownerID that is (published) or is not yet published. Contributors edit
// their own drafts only; authors their own episodes; editors any.
func CanEditEpisode(actor *User, ownerID int64, published bool) bool {
	if Can(actor, ActionEditAny) {
		return true
	}
	own := ownerID != 0 && actor != nil && ownerID == actor.ID
	if !own {
		return false
	}
	if published {
		return Can(actor, ActionEditOwn)
	}
	return Can(actor, ActionWriteDraft)
}

// CanPublishEpisode reports whether actor may publish, schedule or
// unpublish an episode created by ownerID.
func CanPublishEpisode(actor *User, ownerID int64) bool {
	if Can(actor, ActionPublishAny) {
		return true
	}
	return ownerID != 0 && actor != nil && ownerID == actor.ID && Can(actor, ActionPublishOwn)
}
