package content

import (
	"errors"
	"strings"
	"testing"
)

// TestCanMatrix writes out the answer for every role × every action, so a
// change to the rules shows up here as a deliberate edit.
func TestCanMatrix(t *testing.T) {
	const (
		Y = true
		N = false
	)
	// columns: contributor, author, editor, administrator
	want := map[Action][4]bool{
		ActionViewDashboard:   {Y, Y, Y, Y},
		ActionWriteDraft:      {Y, Y, Y, Y},
		ActionSubmitForReview: {Y, Y, Y, Y},
		ActionUploadMedia:     {Y, Y, Y, Y},
		ActionViewParity:      {Y, Y, Y, Y},
		ActionEditOwnProfile:  {Y, Y, Y, Y},

		ActionEditOwn:    {N, Y, Y, Y},
		ActionPublishOwn: {N, Y, Y, Y},

		ActionEditAny:              {N, N, Y, Y},
		ActionPublishAny:           {N, N, Y, Y},
		ActionOneLanguageException: {N, N, Y, Y},
		ActionManageMedia:          {N, N, Y, Y},
		ActionManageTaxonomy:       {N, N, Y, Y},
		ActionManageGlossary:       {N, N, Y, Y},
		ActionManageSitePages:      {N, N, Y, Y},
		ActionManageBanner:         {N, N, Y, Y},
		ActionReadFeedback:         {N, N, Y, Y},
		ActionManageRedirects:      {N, N, Y, Y},
		ActionExportParity:         {N, N, Y, Y},

		ActionManageUsers:    {N, N, N, Y},
		ActionManageSettings: {N, N, N, Y},
		ActionReadAudit:      {N, N, N, Y},
	}
	all := AllActions()
	if len(want) != len(all) {
		t.Fatalf("the matrix has %d actions, AllActions %d: write the expected answers for every action", len(want), len(all))
	}
	seen := map[Action]bool{}
	for _, a := range all {
		if seen[a] {
			t.Errorf("AllActions lists %q twice", a)
		}
		seen[a] = true
		row, ok := want[a]
		if !ok {
			t.Errorf("no expected answers for %q", a)
			continue
		}
		for i, r := range Roles {
			u := &User{ID: 7, Role: r, Status: UserActive}
			if got := Can(u, a); got != row[i] {
				t.Errorf("Can(%s, %s) = %t; want %t", r, a, got, row[i])
			}
			u.Status = UserSuspended
			if Can(u, a) {
				t.Errorf("Can(suspended %s, %s) = true", r, a)
			}
		}
		if Can(nil, a) {
			t.Errorf("Can(nil, %s) = true", a)
		}
		for _, u := range []*User{
			{ID: 7, Role: "", Status: UserActive},
			{ID: 7, Role: "owner", Status: UserActive},
			{ID: 7, Role: "Administrator", Status: UserActive},
			{ID: 7, Role: RoleAdministrator, Status: ""},
			{ID: 0, Role: RoleAdministrator, Status: UserActive},
		} {
			if Can(u, a) {
				t.Errorf("Can(%+v, %s) = true", *u, a)
			}
		}
	}
	for _, r := range Roles {
		if Can(&User{ID: 1, Role: r, Status: UserActive}, Action("users.delete_everything")) {
			t.Errorf("an unknown action is allowed to %s", r)
		}
	}
}

func TestCanOnEpisode(t *testing.T) {
	const me, other = 7, 8
	tests := []struct {
		role                   Role
		ownDraft, otherDraft   bool
		ownPub, otherPub       bool
		publishOwn, publishAny bool
	}{
		{RoleContributor, true, false, false, false, false, false},
		{RoleAuthor, true, false, true, false, true, false},
		{RoleEditor, true, true, true, true, true, true},
		{RoleAdministrator, true, true, true, true, true, true},
	}
	for _, tc := range tests {
		u := &User{ID: me, Role: tc.role, Status: UserActive}
		check := func(what string, got, want bool) {
			t.Helper()
			if got != want {
				t.Errorf("%s: %s = %t; want %t", tc.role, what, got, want)
			}
		}
		check("edit own draft", CanEditEpisode(u, me, false), tc.ownDraft)
		check("edit other's draft", CanEditEpisode(u, other, false), tc.otherDraft)
		check("edit own published", CanEditEpisode(u, me, true), tc.ownPub)
		check("edit other's published", CanEditEpisode(u, other, true), tc.otherPub)
		check("publish own", CanPublishEpisode(u, me), tc.publishOwn)
		check("publish other's", CanPublishEpisode(u, other), tc.publishAny)
		check("edit ownerless draft", CanEditEpisode(u, 0, false), tc.otherDraft)
		check("publish ownerless", CanPublishEpisode(u, 0), tc.publishAny)
		u.Status = UserSuspended
		check("suspended edits own draft", CanEditEpisode(u, me, false), false)
		check("suspended publishes own", CanPublishEpisode(u, me), false)
	}
	if CanEditEpisode(nil, 0, false) || CanPublishEpisode(nil, 0) {
		t.Error("nil actor allowed")
	}
}

func TestParseRoleAndStatus(t *testing.T) {
	for _, r := range Roles {
		if got, ok := ParseRole(string(r)); !ok || got != r {
			t.Errorf("ParseRole(%q) = %q, %t", r, got, ok)
		}
	}
	for _, s := range []string{"", "admin", "RoleEditor", " editor", "owner"} {
		if _, ok := ParseRole(s); ok {
			t.Errorf("ParseRole(%q) accepted", s)
		}
	}
	for _, s := range []UserStatus{UserActive, UserSuspended} {
		if got, ok := ParseUserStatus(string(s)); !ok || got != s {
			t.Errorf("ParseUserStatus(%q) = %q, %t", s, got, ok)
		}
	}
	if _, ok := ParseUserStatus("deleted"); ok {
		t.Error("ParseUserStatus(deleted) accepted")
	}
}

func TestNormalizeEmail(t *testing.T) {
	good := map[string]string{
		"jane@example.gc.ca":                    "jane@example.gc.ca",
		"  Jane.Doe@Example.GC.CA \n":           "jane.doe@example.gc.ca",
		"a+tag@b.co":                            "a+tag@b.co",
		"élise@canada.ca":                       "élise@canada.ca",
		"x@" + strings.Repeat("d", 240) + ".ca": "x@" + strings.Repeat("d", 240) + ".ca",
	}
	for in, want := range good {
		got, err := NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"", "   ", "jane", "jane@", "@example.ca", "jane@example", "jane@@example.ca", "a@b@example.ca",
		"jane doe@example.ca", "jane@exa mple.ca", "jane\t@example.ca", "jane\x00@example.ca", "jane@example.ca\x7f",
		"jane@.example.ca", "jane@example.ca.", "jane@example..ca", "jane@-example.ca", "\u200bjane@example.ca",
		"<jane@example.ca>", "jane@example.ca, bob@example.ca", "x@" + strings.Repeat("d", 250) + ".ca", "jane@example.\xff",
	}
	for _, in := range bad {
		got, err := NormalizeEmail(in)
		if err == nil {
			t.Errorf("NormalizeEmail(%q) = %q; want an error", in, got)
			continue
		}
		ve, ok := errors.AsType[*ValidationError](err)
		if !ok || ve.Fields["email"] != StaffErrEmail {
			t.Errorf("NormalizeEmail(%q) error = %v; want a ValidationError on email", in, err)
		}
	}
}
