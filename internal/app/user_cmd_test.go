package app

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

const goodPassword = "correct horse battery staple"

// runIn calls MainIO with stdin and no environment.
func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = MainIO(t.Context(), args, strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

func TestUserAddFromStdin(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	code, out, errOut := runIn(t, goodPassword+"\nsecond line is ignored\n",
		"user", "add", "--email", " Jane@Example.GC.CA ", "--role", "administrator", "--name", "Jane Tremblay", "--lang", "fr", "--database", db)
	if code != 0 || out != "Created administrator jane@example.gc.ca (id 1).\n" {
		t.Fatalf("user add: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, goodPassword) {
		t.Error("the password was printed")
	}

	st, err := OpenStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(t.Context(), "jane@example.gc.ca")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != 1 || u.Name != "Jane Tremblay" || u.Role != content.RoleAdministrator || u.Lang != content.French || u.Status != content.UserActive {
		t.Errorf("stored user = %+v", u)
	}
	hash, err := st.PasswordHash(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Errorf("stored hash %q is not argon2id with the default costs", hash)
	}
	if ok, err := auth.Verify(goodPassword, hash); !ok || err != nil {
		t.Errorf("the stored hash does not verify the password from stdin: %t, %v", ok, err)
	}
	if ok, _ := auth.Verify("second line is ignored", hash); ok {
		t.Error("the second line of stdin became the password")
	}
	log, err := st.AuditLog(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "user.created" || log[0].Target != "user:1" || log[0].ActorID != 0 ||
		!strings.Contains(log[0].Detail, "administrator jane@example.gc.ca") || strings.Contains(log[0].Detail, goodPassword) {
		t.Errorf("audit log = %+v", log)
	}

	// The same address in another case is refused, and nothing changes.
	code, out, errOut = runIn(t, "another good password\n", "user", "add", "--email", "JANE@example.gc.ca", "--role", "editor", "--database", db)
	if code != 1 || out != "" || !strings.Contains(errOut, "a staff member with the e-mail address jane@example.gc.ca already exists") {
		t.Errorf("duplicate: code %d, stdout %q, stderr %q", code, out, errOut)
	}

	// A second user, without a name, in English by default; then the list.
	code, out, errOut = runIn(t, "un mot de passe très sûr", "user", "add", "--email", "bob@example.gc.ca", "--role", "Contributor", "--database", db)
	if code != 0 || out != "Created contributor bob@example.gc.ca (id 2).\n" {
		t.Fatalf("second user: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = runIn(t, "", "user", "list", "--database", db)
	if code != 0 {
		t.Fatalf("user list: code %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") ||
		!strings.Contains(lines[1], "bob@example.gc.ca") || !strings.Contains(lines[1], "contributor") || !strings.Contains(lines[1], " en ") ||
		!strings.Contains(lines[2], "jane@example.gc.ca") || !strings.Contains(lines[2], "Jane Tremblay") || !strings.Contains(lines[2], "administrator") ||
		!strings.Contains(lines[2], " fr ") || !strings.Contains(lines[2], "active") {
		t.Errorf("user list:\n%s", out)
	}
	if users, _ := st.Users(t.Context()); len(users) != 2 {
		t.Errorf("%d users stored; want 2", len(users))
	}
}

func TestUserAddRefusals(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	add := func(extra ...string) []string {
		return append([]string{"user", "add", "--database", db}, extra...)
	}
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		inStderr string
	}{
		{"password flag", goodPassword, add("--email", "a@example.ca", "--role", "editor", "--password", goodPassword), 2, "flag provided but not defined: -password"},
		{"short password", "too short\n", add("--email", "a@example.ca", "--role", "editor"), 1, "at least 12 characters"},
		{"empty line", "\n", add("--email", "a@example.ca", "--role", "editor"), 1, "at least 12 characters"},
		{"no stdin", "", add("--email", "a@example.ca", "--role", "editor"), 1, "no password"},
		{"long password", strings.Repeat("x", 2000) + "\n", add("--email", "a@example.ca", "--role", "editor"), 1, "at most 1024 bytes"},
		{"long password, no newline", strings.Repeat("x", 2000), add("--email", "a@example.ca", "--role", "editor"), 1, "at most 1024 bytes"},
		{"control character", "tab\tin the password\n", add("--email", "a@example.ca", "--role", "editor"), 1, "control characters"},
		{"bad role", goodPassword, add("--email", "a@example.ca", "--role", "owner"), 1, `unknown role "owner": choose contributor, author, editor or administrator`},
		{"bad language", goodPassword, add("--email", "a@example.ca", "--role", "editor", "--lang", "de"), 1, `unknown language "de"`},
		{"bad email", goodPassword, add("--email", "jane@example", "--role", "editor"), 1, `"jane@example" is not a valid e-mail address`},
		{"email with space", goodPassword, add("--email", "jane doe@example.ca", "--role", "editor"), 1, "not a valid e-mail address"},
		{"no email", goodPassword, add("--role", "editor"), 2, "--email and --role are required"},
		{"no role", goodPassword, add("--email", "a@example.ca"), 2, "--email and --role are required"},
		{"extra argument", goodPassword, add("--email", "a@example.ca", "--role", "editor", "extra"), 2, `unexpected argument "extra"`},
		{"no subcommand", "", []string{"user"}, 2, "usage: busrides user add"},
		{"unknown subcommand", "", []string{"user", "delete"}, 2, "usage: busrides user add"},
	}
	for _, tc := range tests {
		code, out, errOut := runIn(t, tc.stdin, tc.args...)
		if code != tc.code || out != "" || !strings.Contains(errOut, tc.inStderr) {
			t.Errorf("%s: code %d, stdout %q, stderr %q; want code %d and %q", tc.name, code, out, errOut, tc.code, tc.inStderr)
		}
		if strings.Contains(errOut, goodPassword) {
			t.Errorf("%s: the password was printed", tc.name)
		}
	}
	code, out, _ := runIn(t, "", "user", "list", "--database", db)
	if code != 0 || !strings.Contains(out, "No staff yet") {
		t.Errorf("after refusals, user list: code %d, %q", code, out)
	}
}

func TestPromptTwice(t *testing.T) {
	t.Parallel()
	reader := func(answers ...string) func() (string, error) {
		return func() (string, error) {
			if len(answers) == 0 {
				return "", errors.New("no more input")
			}
			a := answers[0]
			answers = answers[1:]
			return a, nil
		}
	}
	var w bytes.Buffer
	if pw, err := promptTwice(&w, "a@example.ca", reader(goodPassword, goodPassword)); err != nil || pw != goodPassword {
		t.Errorf("same twice: %q, %v", pw, err)
	}
	if !strings.Contains(w.String(), "Password for a@example.ca") || !strings.Contains(w.String(), "Type it again") || strings.Contains(w.String(), goodPassword) {
		t.Errorf("prompts: %q", w.String())
	}
	if _, err := promptTwice(&w, "a@example.ca", reader(goodPassword, goodPassword+" ")); err == nil || !strings.Contains(err.Error(), "differ") {
		t.Errorf("different confirmation: %v", err)
	}
	if _, err := promptTwice(&w, "a@example.ca", reader("short")); !errors.Is(err, auth.ErrPasswordTooShort) {
		t.Errorf("short first password: %v", err)
	}
	if _, err := promptTwice(&w, "a@example.ca", reader()); err == nil {
		t.Error("no input accepted")
	}
}

func TestReadPasswordLine(t *testing.T) {
	t.Parallel()
	max := strings.Repeat("p", auth.MaxPasswordBytes)
	tests := []struct {
		in, want string
		err      bool
	}{
		{goodPassword + "\n", goodPassword, false},
		{goodPassword + "\r\n", goodPassword, false},
		{goodPassword, goodPassword, false},
		{"  spaces kept  \n", "  spaces kept  ", false},
		{"first\nsecond\n", "first", false},
		{"\n", "", false},
		{"", "", true},
		{max + "\n", max, false},
		{max + "\r\n", max, false},
		{max + "q\n", max + "q", false}, // CheckPassword refuses it
		{max + "qqqq", "", true},
	}
	for _, tc := range tests {
		got, err := readPasswordLine(strings.NewReader(tc.in))
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("readPasswordLine(%.20q…) = %.20q…, %v; want %.20q…, error %t", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestUserInvite(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	code, out, errOut := runIn(t, "", "user", "invite", "--email", "New.Person@Example.GC.CA", "--role", "Editor", "--lang", "fr",
		"--base-url", "https://busrides.example/", "--database", db)
	if code != 0 {
		t.Fatalf("user invite: code %d, stderr %q", code, errOut)
	}
	i := strings.Index(out, "https://busrides.example/admin/invitations/")
	if !strings.HasPrefix(out, "Invited new.person@example.gc.ca as editor.") || i < 0 {
		t.Fatalf("stdout %q", out)
	}
	token := strings.TrimSpace(out[i+len("https://busrides.example/admin/invitations/"):])
	st, err := OpenStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inv, err := st.InvitationByToken(t.Context(), auth.HashToken(token))
	if err != nil || inv.Email != "new.person@example.gc.ca" || inv.Role != content.RoleEditor || inv.Lang != content.French || inv.InvitedBy != 0 {
		t.Fatalf("stored invitation = %+v, %v", inv, err)
	}
	log, err := st.AuditLog(t.Context(), 10)
	if err != nil || len(log) != 1 || log[0].Action != "user.invited" {
		t.Errorf("audit = %+v, %v", log, err)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--email", "bad", "--role", "editor"}, "not a valid e-mail address"},
		{[]string{"--email", "a@example.org", "--role", "boss"}, "unknown role"},
		{[]string{"--email", "a@example.org", "--role", "editor", "--lang", "de"}, "unknown language"},
		{[]string{"--email", "a@example.org", "--role", "editor", "--base-url", "javascript:alert(1)"}, "must be an http or https URL"},
	} {
		code, _, errOut := runIn(t, "", append([]string{"user", "invite", "--database", db}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("user invite %v: code %d, stderr %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
	st2, _ := OpenStore(t.Context(), db)
	defer st2.Close()
	if p, _ := st2.PendingInvitations(t.Context(), inv.CreatedAt); len(p) != 1 {
		t.Errorf("refused invitations were stored: %+v", p)
	}
}
