package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/busrides/busrides/internal/auth"
	"github.com/busrides/busrides/internal/content"
)

const userUsage = `usage: busrides user add --email E --role R [--name N] [--lang en|fr] [--database …]
       busrides user invite --email E --role R [--name N] [--lang en|fr] [--base-url URL] [--database …]
       busrides user list [--database …]
The password is read from the terminal (typed twice, not shown) or, when
standard input is not a terminal, as one line from it. "invite" prints a
one-time link instead, with which the person chooses their own password
(valid 7 days). Roles: contributor, author, editor, administrator.`

// userCmd manages staff from the command line; the first administrator is
// created this way.
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env Env) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "invite") {
		fmt.Fprintln(stderr, userUsage)
		return errUsage
	}
	switch args[0] {
	case "list":
		return userList(ctx, args[1:], stdout, stderr, env)
	case "invite":
		return userInvite(ctx, args[1:], stdout, stderr, env)
	}
	return userAdd(ctx, args[1:], stdin, stdout, stderr, env)
}

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env Env) error {
	fs := flagSet("user add", stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	emailFlag := fs.String("email", "", "e-mail address the person signs in with (required)")
	roleFlag := fs.String("role", "", "contributor, author, editor or administrator (required)")
	name := fs.String("name", "", "name shown in the back office")
	langFlag := fs.String("lang", "en", "language of the back office for this person: en or fr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "user add: unexpected argument %q\n%s\n", fs.Arg(0), userUsage)
		return errUsage
	}
	if *emailFlag == "" || *roleFlag == "" {
		fmt.Fprintf(stderr, "user add: --email and --role are required\n%s\n", userUsage)
		return errUsage
	}
	email, err := content.NormalizeEmail(*emailFlag)
	if err != nil {
		return fmt.Errorf("user add: %q is not a valid e-mail address", *emailFlag)
	}
	role, ok := content.ParseRole(strings.ToLower(strings.TrimSpace(*roleFlag)))
	if !ok {
		return fmt.Errorf("user add: unknown role %q: choose contributor, author, editor or administrator", *roleFlag)
	}
	lang, ok := content.ParseLang(strings.ToLower(strings.TrimSpace(*langFlag)))
	if !ok {
		return fmt.Errorf("user add: unknown language %q: choose en or fr", *langFlag)
	}
	if n := strings.TrimSpace(*name); len([]rune(n)) > 200 || strings.ContainsFunc(n, unicode.IsControl) || !utf8.ValidString(n) {
		return errors.New("user add: give a name of at most 200 characters, on one line")
	}

	pw, err := readNewPassword(ctx, stdin, stderr, email)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	if err := auth.CheckPassword(pw); err != nil {
		return fmt.Errorf("user add: %w", err)
	}

	st, err := OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// Check first, so a taken address is reported before the slow hash;
	// CreateUser still refuses it if another process wins the race.
	if _, err := st.UserByEmail(ctx, email); err == nil {
		return fmt.Errorf("user add: a staff member with the e-mail address %s already exists", email)
	} else if !errors.Is(err, content.ErrNotFound) {
		return err
	}
	hash, err := auth.Hash(pw)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	now := time.Now()
	id, err := st.CreateUser(ctx, content.User{Email: email, Name: strings.TrimSpace(*name), Role: role, Lang: lang, Status: content.UserActive, CreatedAt: now}, hash)
	if errors.Is(err, content.ErrConflict) {
		return fmt.Errorf("user add: a staff member with the e-mail address %s already exists", email)
	}
	if err != nil {
		return err
	}
	err = st.AddAudit(ctx, content.AuditEntry{At: now, Action: "user.created", Target: "user:" + strconv.FormatInt(id, 10),
		Detail: fmt.Sprintf("%s %s, from the command line", role, email)})
	if err != nil {
		return fmt.Errorf("user add: %s was created (id %d) but the audit log could not be written: %w", email, id, err)
	}
	fmt.Fprintf(stdout, "Created %s %s (id %d).\n", role, email, id)
	return nil
}

// readNewPassword reads a new password: from a terminal, typed twice
// without echo; otherwise one line of stdin (so scripts can pipe it in).
// Never from a flag or the environment, which other users and logs can see.
func readNewPassword(ctx context.Context, stdin io.Reader, stderr io.Writer, email string) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		return promptTwice(stderr, email, func() (string, error) { return readTerminalPassword(ctx, fd, stderr) })
	}
	return readPasswordLine(stdin)
}

// promptTwice asks for the password and its confirmation.
func promptTwice(w io.Writer, email string, read func() (string, error)) (string, error) {
	fmt.Fprintf(w, "Password for %s (at least %d characters): ", email, auth.MinPasswordChars)
	pw, err := read()
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if err := auth.CheckPassword(pw); err != nil {
		return "", err
	}
	fmt.Fprint(w, "Type it again: ")
	again, err := read()
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if pw != again {
		return "", errors.New("the two passwords differ; nothing was created")
	}
	return pw, nil
}

// readTerminalPassword reads one line without echo. The context (Ctrl+C)
// ends the wait and puts the terminal back as it was.
func readTerminalPassword(ctx context.Context, fd int, stderr io.Writer) (string, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		fmt.Fprintln(stderr)
		return string(r.b), r.err
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(stderr)
		return "", fmt.Errorf("interrupted, nothing was created (%w)", ctx.Err())
	}
}

// readPasswordLine reads the first line of r, without its line ending.
// It reads at most one byte beyond the longest allowed password, so an
// over-long password is refused, never cut.
func readPasswordLine(r io.Reader) (string, error) {
	br := bufio.NewReader(io.LimitReader(r, auth.MaxPasswordBytes+3))
	line, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	hadNewline := strings.HasSuffix(line, "\n")
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" && !hadNewline {
		return "", errors.New("no password: type it at the terminal, or give it as one line on standard input (never as a flag)")
	}
	if !hadNewline && len(line) > auth.MaxPasswordBytes {
		return "", auth.ErrPasswordTooLong
	}
	return line, nil
}

func userList(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	fs := flagSet("user list", stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "user list: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	st, err := OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(stdout, "No staff yet. Create the first administrator with: busrides user add --email E --role administrator")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLE\tLANG\tSTATUS\tCREATED")
	for _, u := range users {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, oneLine(u.Name), u.Role, u.Lang, u.Status, u.CreatedAt.Format("2006-01-02"))
	}
	return tw.Flush()
}

// oneLine keeps a stored name from breaking the table or the terminal.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

// userInvite stores an invitation and prints its one-time link, for an
// administrator to send; the person chooses their password on the page.
func userInvite(ctx context.Context, args []string, stdout, stderr io.Writer, env Env) error {
	fs := flagSet("user invite", stderr)
	db := fs.String("database", envOr(env, "BUSRIDES_DATABASE", "busrides.db"), "SQLite file or postgres:// URL (env BUSRIDES_DATABASE)")
	emailFlag := fs.String("email", "", "e-mail address of the person invited (required)")
	roleFlag := fs.String("role", "", "contributor, author, editor or administrator (required)")
	name := fs.String("name", "", "name shown in the back office (the person can change it)")
	langFlag := fs.String("lang", "en", "language of the invitation page and the back office: en or fr")
	base := fs.String("base-url", envOr(env, "BUSRIDES_BASE_URL", "http://localhost:8080"), "public URL of the site (env BUSRIDES_BASE_URL)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "user invite: unexpected argument %q\n%s\n", fs.Arg(0), userUsage)
		return errUsage
	}
	if *emailFlag == "" || *roleFlag == "" {
		fmt.Fprintf(stderr, "user invite: --email and --role are required\n%s\n", userUsage)
		return errUsage
	}
	u, err := url.Parse(*base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("user invite: --base-url %q must be an http or https URL such as https://busrides.example", *base)
	}
	now := time.Now()
	inv, err := content.NewInvitation(*emailFlag, *name,
		content.Role(strings.ToLower(strings.TrimSpace(*roleFlag))), content.Lang(strings.ToLower(strings.TrimSpace(*langFlag))), 0, now)
	var ve *content.ValidationError
	if errors.As(err, &ve) {
		switch {
		case ve.Fields["email"] != "":
			return fmt.Errorf("user invite: %q is not a valid e-mail address", *emailFlag)
		case ve.Fields["role"] != "":
			return fmt.Errorf("user invite: unknown role %q: choose contributor, author, editor or administrator", *roleFlag)
		case ve.Fields["lang"] != "":
			return fmt.Errorf("user invite: unknown language %q: choose en or fr", *langFlag)
		default:
			return errors.New("user invite: give a name of at most 200 characters, on one line")
		}
	}
	st, err := OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	token, hash := auth.NewToken()
	id, err := st.CreateInvitation(ctx, inv, hash)
	if errors.Is(err, content.ErrConflict) {
		return fmt.Errorf("user invite: a staff member with the e-mail address %s already exists", inv.Email)
	}
	if err != nil {
		return err
	}
	if err := st.AddAudit(ctx, content.AuditEntry{At: now, Action: "user.invited", Target: "email:" + inv.Email,
		Detail: string(inv.Role) + ", from the command line"}); err != nil {
		return fmt.Errorf("user invite: the invitation was stored (id %d) but the audit log could not be written: %w", id, err)
	}
	link := strings.TrimRight(u.String(), "/") + "/admin/invitations/" + token
	fmt.Fprintf(stdout, "Invited %s as %s. Send them this link; it works once, until %s:\n%s\n",
		inv.Email, inv.Role, inv.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"), link)
	return nil
}
