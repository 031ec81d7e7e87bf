// Package auth holds the security rules of the back office that need no
// storage: password hashing (argon2id in the PHC string format), the
// password policy, session tokens and their lifetime, and sign-in
// throttling. It performs no I/O besides reading random bytes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are the costs of new hashes: 64 MiB, 2 passes, 1 lane.
// This is above every OWASP argon2id configuration (the strongest asks 46
// MiB and 1 pass) and measured about 90 ms per hash on the development
// machine. Verify reads the costs from each stored hash, so raising them
// later keeps old passwords working (NeedsRehash says when to upgrade).
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on what Verify accepts from a stored hash, so that a tampered row
// cannot make a sign-in allocate gigabytes or loop for minutes.
const (
	maxMemory  = 1 << 20 // KiB (1 GiB)
	maxTime    = 16
	maxThreads = 16
)

// Password policy.
const (
	MinPasswordChars = 12   // characters (Unicode code points, after NFKC)
	MaxPasswordBytes = 1024 // bytes as typed; longer is refused, never cut
)

// Password policy errors. Their messages are meant for the person choosing
// the password.
var (
	ErrPasswordTooShort = fmt.Errorf("the password must have at least %d characters", MinPasswordChars)
	ErrPasswordTooLong  = fmt.Errorf("the password must be at most %d bytes long", MaxPasswordBytes)
	ErrPasswordInvalid  = errors.New("the password must be valid text without control characters")
)

// ErrMalformedHash reports a stored hash that is not an argon2id PHC string
// this package can verify.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// CheckPassword applies the policy to a new password: at least
// MinPasswordChars characters, at most MaxPasswordBytes bytes, valid UTF-8
// without control characters. Spaces and every script are allowed; there
// are no composition rules (NIST SP 800-63B).
func CheckPassword(pw string) error {
	if len(pw) > MaxPasswordBytes {
		return ErrPasswordTooLong
	}
	if !utf8.ValidString(pw) {
		return ErrPasswordInvalid
	}
	for _, r := range pw {
		if unicode.IsControl(r) {
			return ErrPasswordInvalid
		}
	}
	if utf8.RuneCountInString(normalize(pw)) < MinPasswordChars {
		return ErrPasswordTooShort
	}
	return nil
}

// normalize maps canonically and compatibly equivalent spellings of a
// password (é as one code point or as e + accent, typed on different
// keyboards) to one form before hashing, as NIST SP 800-63B advises.
func normalize(pw string) string { return norm.NFKC.String(pw) }

// Hash hashes a password with argon2id and DefaultParams and returns the
// PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash). It refuses passwords
// longer than MaxPasswordBytes instead of cutting them; the other rules of
// CheckPassword are the caller's (old passwords may predate the policy).
func Hash(password string) (string, error) { return HashWith(password, DefaultParams) }

// HashWith is Hash with chosen costs (tests use cheap ones).
func HashWith(password string, p Params) (string, error) { return hashWith(argon2.IDKey, password, p) }

// keyFunc derives an argon2id key (argon2.IDKey). Hashing and verifying
// take it as a parameter so that a Hasher's tests can count the
// derivations it runs and their costs.
type keyFunc func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

func hashWith(idKey keyFunc, password string, p Params) (string, error) {
	if len(password) > MaxPasswordBytes {
		return "", ErrPasswordTooLong
	}
	if p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory || p.Time < 1 || p.Time > maxTime ||
		p.Threads < 1 || p.Threads > maxThreads || p.SaltLen < 16 || p.KeyLen < 16 || p.KeyLen > 64 {
		return "", fmt.Errorf("auth: unusable argon2id parameters %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	_, _ = rand.Read(salt) // never fails (crypto/rand)
	key := idKey([]byte(normalize(password)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// b64 is the PHC string encoding: standard alphabet, no padding, strict.
var b64 = base64.RawStdEncoding.Strict()

// Verify reports whether password matches the PHC string phc, comparing in
// constant time. A malformed or unsupported phc is an error wrapping
// ErrMalformedHash; a password longer than MaxPasswordBytes never matches.
func Verify(password, phc string) (bool, error) { return verifyWith(argon2.IDKey, password, phc) }

func verifyWith(idKey keyFunc, password, phc string) (bool, error) {
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordBytes {
		// It cannot have been set. Still spend the time, so that the
		// answer's timing says nothing.
		_ = idKey(nil, salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
		return false, nil
	}
	got := idKey([]byte(normalize(password)), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether phc was made with other costs than
// DefaultParams, so that a successful sign-in can store a fresh hash.
func NeedsRehash(phc string) bool {
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		return true
	}
	d := DefaultParams
	return p.Memory != d.Memory || p.Time != d.Time || p.Threads != d.Threads ||
		uint32(len(salt)) < d.SaltLen || uint32(len(key)) != d.KeyLen
}

// parsePHC reads $argon2id$v=19$m=M,t=T,p=P$salt$hash strictly: the
// parameters in this order, decimal without signs or leading zeros, within
// bounds; salt and hash in unpadded standard base64.
func parsePHC(phc string) (Params, []byte, []byte, error) {
	var p Params
	bad := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want $argon2id$v=…$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported version")
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return bad("want m, t and p")
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		k, v, ok := strings.Cut(kv[i], "=")
		if !ok || k != name || v == "" || (len(v) > 1 && v[0] == '0') || strings.TrimLeft(v, "0123456789") != "" {
			return bad("bad parameter " + strconv.Quote(kv[i]))
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return bad("bad parameter " + strconv.Quote(kv[i]))
		}
		vals[i] = n
	}
	p.Memory, p.Time = uint32(vals[0]), uint32(vals[1])
	if vals[2] < 1 || vals[2] > maxThreads || p.Time < 1 || p.Time > maxTime || p.Memory < 8*uint32(vals[2]) || p.Memory > maxMemory {
		return bad("parameters out of bounds")
	}
	p.Threads = uint8(vals[2])
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 || len(salt) > 64 {
		return bad("bad salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return bad("bad hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Hasher is what the application builds once to check passwords: it holds
// the costs and a dummy hash made on first use, so that signing in with an
// unknown e-mail address costs the same time as with a known one, and it
// bounds how many hashes run at once (each takes Params.Memory).
type Hasher struct {
	params Params
	sem    chan struct{}
	idKey  keyFunc

	once     sync.Once
	dummy    string
	dummyErr error
}

// NewHasher returns a Hasher with DefaultParams that runs at most
// maxConcurrent hashes at a time (1 if less).
func NewHasher(maxConcurrent int) *Hasher { return NewHasherWith(DefaultParams, maxConcurrent) }

// NewHasherWith is NewHasher with chosen costs.
func NewHasherWith(p Params, maxConcurrent int) *Hasher {
	return &Hasher{params: p, sem: make(chan struct{}, max(1, maxConcurrent)), idKey: argon2.IDKey}
}

func (h *Hasher) acquire() func() {
	h.sem <- struct{}{}
	return func() { <-h.sem }
}

// Hash is Hash with the Hasher's costs and concurrency limit.
func (h *Hasher) Hash(password string) (string, error) {
	defer h.acquire()()
	return hashWith(h.idKey, password, h.params)
}

// Verify is Verify with the Hasher's concurrency limit.
func (h *Hasher) Verify(password, phc string) (bool, error) {
	defer h.acquire()()
	return verifyWith(h.idKey, password, phc)
}

// DummyHash returns a hash of a random password with the Hasher's costs,
// made once on first use. Verifying against it takes as long as against a
// real account's hash and never succeeds.
func (h *Hasher) DummyHash() (string, error) {
	h.once.Do(func() {
		h.dummy, h.dummyErr = h.Hash(rand.Text())
	})
	return h.dummy, h.dummyErr
}

// VerifyUnknown spends the time of one Verify for an account that does not
// exist, or has no password, or is suspended, and always answers false.
func (h *Hasher) VerifyUnknown(password string) {
	d, err := h.DummyHash()
	if err == nil {
		_, _ = h.Verify(password, d)
	}
}

// Session policy (OWASP Session Management: idle and absolute timeouts).
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
	// TokenBytes is the entropy of a session token.
	TokenBytes = 32
)

// NewToken returns a new session token for the cookie (32 random bytes in
// unpadded base64url) and the hash to store in its place.
func NewToken() (token, hash string) {
	b := make([]byte, TokenBytes)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is what the database holds for a token: SHA-256, hex. A token
// has 256 bits of entropy, so a fast hash is enough; a stolen database
// yields no usable cookie.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SessionValid reports whether a session created at created and last used
// at lastSeen may still be used at now: less than IdleTimeout since
// lastSeen and less than AbsoluteTimeout since created. Times in the
// future (a clock moved back) or a lastSeen before created are refused.
func SessionValid(created, lastSeen, now time.Time) bool {
	if created.IsZero() || lastSeen.IsZero() || lastSeen.Before(created) || now.Before(lastSeen) {
		return false
	}
	return now.Sub(lastSeen) < IdleTimeout && now.Sub(created) < AbsoluteTimeout
}

// Sign-in throttling. The caller counts the failed sign-ins recorded for
// the e-mail address and for the client's IP address since
// FailureSince(now) and asks Throttled before checking the password; a
// throttled attempt is refused (429) even when the password is right, and
// is not itself recorded as a failure. The window slides: an account is
// refused while MaxAccountFailures failures lie in the last FailureWindow,
// so guessing is held to 5 tries per 15 minutes per account and 20 per IP.
const (
	FailureWindow      = 15 * time.Minute
	LockoutDuration    = FailureWindow // how long the refusal lasts after the failure that triggered it, at most
	MaxAccountFailures = 5
	MaxIPFailures      = 20
)

// FailureSince is the start of the window to count failures in at now.
func FailureSince(now time.Time) time.Time { return now.Add(-FailureWindow) }

// Throttled reports whether a sign-in must be refused, given the failures
// counted in the window for its account and for its IP address.
func Throttled(accountFailures, ipFailures int) bool {
	return accountFailures >= MaxAccountFailures || ipFailures >= MaxIPFailures
}
