package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// ErrEmailTaken is returned by CreateUser for an address already in use.
var ErrEmailTaken = fmt.Errorf("this e-mail address is already used by another staff member: %w", content.ErrConflict)

const userColumns = `id, email, name, role, lang, status, created_at`

func scanUser(sc interface{ Scan(...any) error }, u *content.User) error {
	var at dbTime
	if err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Lang, &u.Status, &at); err != nil {
		return err
	}
	u.CreatedAt = at.T
	return nil
}

// CreateUser implements store.Staff.
func (s *DB) CreateUser(ctx context.Context, u content.User, passwordHash string) (int64, error) {
	email, err := content.NormalizeEmail(u.Email)
	if err != nil {
		return 0, fmt.Errorf("store: create user: %w", err)
	}
	if u.Status == "" {
		u.Status = content.UserActive
	}
	if _, ok := content.ParseRole(string(u.Role)); !ok {
		return 0, fmt.Errorf("store: create user: %w", &content.ValidationError{Fields: map[string]string{"role": content.StaffErrRole}})
	}
	if _, ok := content.ParseLang(string(u.Lang)); !ok {
		return 0, fmt.Errorf("store: create user: %w", &content.ValidationError{Fields: map[string]string{"lang": content.StaffErrLang}})
	}
	if passwordHash == "" {
		return 0, fmt.Errorf("store: create user: no password hash")
	}
	at := u.CreatedAt
	if at.IsZero() {
		at = time.Now()
	}
	var id int64
	// ON CONFLICT DO NOTHING returns no row for a taken address, the same way
	// in both databases, without parsing driver errors.
	err = s.q.QueryRowContext(ctx, `INSERT INTO users (email, name, role, lang, status, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id`,
		email, strings.TrimSpace(u.Name), string(u.Role), string(u.Lang), string(u.Status), passwordHash, s.t(at), s.t(at)).Scan(&id)
	if isNoRows(err) {
		return 0, fmt.Errorf("store: create user %s: %w", email, ErrEmailTaken)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create user: %w", err)
	}
	return id, nil
}

// UserByEmail implements store.Staff.
func (s *DB) UserByEmail(ctx context.Context, email string) (*content.User, error) {
	norm, err := content.NormalizeEmail(email)
	if err != nil {
		return nil, notFound("user")
	}
	return s.userWhere(ctx, `email = ?`, norm)
}

// UserByID implements store.Staff.
func (s *DB) UserByID(ctx context.Context, id int64) (*content.User, error) {
	return s.userWhere(ctx, `id = ?`, id)
}

func (s *DB) userWhere(ctx context.Context, where string, arg any) (*content.User, error) {
	var u content.User
	err := scanUser(s.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg), &u)
	if isNoRows(err) {
		return nil, notFound("user")
	}
	if err != nil {
		return nil, fmt.Errorf("store: user: %w", err)
	}
	return &u, nil
}

// Users implements store.Staff.
func (s *DB) Users(ctx context.Context) ([]content.User, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []content.User
	for rows.Next() {
		var u content.User
		if err := scanUser(rows, &u); err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// PasswordHash implements store.Staff.
func (s *DB) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := s.q.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&h)
	if isNoRows(err) {
		return "", notFound("user")
	}
	if err != nil {
		return "", fmt.Errorf("store: password hash: %w", err)
	}
	return h, nil
}

// updateUser sets one column of a user, reporting a missing user.
func (s *DB) updateUser(ctx context.Context, what, column string, userID int64, value any) error {
	res, err := s.q.ExecContext(ctx, `UPDATE users SET `+column+` = ?, updated_at = ? WHERE id = ?`, value, s.t(time.Now()), userID)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	} else if n == 0 {
		return notFound("user")
	}
	return nil
}

// SetUserRole implements store.Staff.
func (s *DB) SetUserRole(ctx context.Context, userID int64, role content.Role) error {
	if _, ok := content.ParseRole(string(role)); !ok {
		return fmt.Errorf("store: set role: %w", &content.ValidationError{Fields: map[string]string{"role": content.StaffErrRole}})
	}
	return s.updateUser(ctx, "set role", "role", userID, string(role))
}

// SetUserStatus implements store.Staff.
func (s *DB) SetUserStatus(ctx context.Context, userID int64, status content.UserStatus) error {
	if _, ok := content.ParseUserStatus(string(status)); !ok {
		return fmt.Errorf("store: set status: unknown status %q", status)
	}
	return s.updateUser(ctx, "set status", "status", userID, string(status))
}

// SetUserLang implements store.Staff.
func (s *DB) SetUserLang(ctx context.Context, userID int64, lang content.Lang) error {
	if _, ok := content.ParseLang(string(lang)); !ok {
		return fmt.Errorf("store: set language: %w", &content.ValidationError{Fields: map[string]string{"lang": content.StaffErrLang}})
	}
	return s.updateUser(ctx, "set language", "lang", userID, string(lang))
}

// SetUserPassword implements store.Staff.
func (s *DB) SetUserPassword(ctx context.Context, userID int64, passwordHash string) error {
	if passwordHash == "" {
		return fmt.Errorf("store: set password: no password hash")
	}
	return s.updateUser(ctx, "set password", "password_hash", userID, passwordHash)
}

// CreateSession implements store.Sessions.
func (s *DB) CreateSession(ctx context.Context, tokenHash string, userID int64, now time.Time, ip, userAgent string) error {
	if tokenHash == "" {
		return fmt.Errorf("store: create session: no token hash")
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?)`, tokenHash, userID, s.t(now), s.t(now), ip, truncate(userAgent, 512))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionUser implements store.Sessions.
func (s *DB) SessionUser(ctx context.Context, tokenHash string) (*content.User, time.Time, time.Time, error) {
	var u content.User
	var created, seen, uat dbTime
	err := s.q.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, u.lang, u.status, u.created_at, s.created_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Lang, &u.Status, &uat, &created, &seen)
	if isNoRows(err) {
		return nil, time.Time{}, time.Time{}, notFound("session")
	}
	if err != nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("store: session: %w", err)
	}
	u.CreatedAt = uat.T
	return &u, created.T, seen.T, nil
}

// TouchSession implements store.Sessions. It never moves last_seen_at back.
func (s *DB) TouchSession(ctx context.Context, tokenHash string, now time.Time) error {
	res, err := s.q.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?`,
		s.t(now), tokenHash, s.t(now))
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		err := s.q.QueryRowContext(ctx, `SELECT 1 FROM sessions WHERE token_hash = ?`, tokenHash).Scan(&one)
		if isNoRows(err) {
			return notFound("session")
		}
		if err != nil {
			return fmt.Errorf("store: touch session: %w", err)
		}
	}
	return nil
}

// DeleteSession implements store.Sessions.
func (s *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions implements store.Sessions.
func (s *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store: delete sessions: %w", err)
	}
	return nil
}

// failureEmail is the form in which a sign-in's address is counted: the
// normalised address, or for what is not an address, the same trimming and
// lowercasing bounded in length, so that junk cannot fill the table with
// huge rows nor escape the count by changing case.
func failureEmail(email string) string {
	if n, err := content.NormalizeEmail(email); err == nil {
		return n
	}
	return truncate(strings.ToLower(strings.TrimSpace(email)), content.MaxEmailBytes)
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// RecordLoginFailure implements store.Sessions.
func (s *DB) RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)`,
		failureEmail(email), truncate(ip, 64), s.t(at))
	if err != nil {
		return fmt.Errorf("store: record login failure: %w", err)
	}
	return nil
}

// LoginFailures implements store.Sessions.
func (s *DB) LoginFailures(ctx context.Context, email, ip string, since time.Time) (int, int, error) {
	var byEmail, byIP int
	err := s.q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE email = ? AND at >= ?),
		(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at >= ?)`,
		failureEmail(email), s.t(since), truncate(ip, 64), s.t(since)).Scan(&byEmail, &byIP)
	if err != nil {
		return 0, 0, fmt.Errorf("store: login failures: %w", err)
	}
	return byEmail, byIP, nil
}

// ClearLoginFailures implements store.Sessions.
func (s *DB) ClearLoginFailures(ctx context.Context, email string) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM login_failures WHERE email = ?`, failureEmail(email)); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}
