package auth

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// cheap keeps most tests fast; TestDefaultCost checks the real costs.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := HashWith(pw, cheap)
	if err != nil {
		t.Fatalf("HashWith(%q): %v", pw, err)
	}
	return h
}

func verify(t *testing.T, pw, phc string) bool {
	t.Helper()
	ok, err := Verify(pw, phc)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return ok
}

func TestDefaultCost(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: hashes with the production costs (64 MiB), slow under -race; the full run takes it")
	}
	start := time.Now()
	h, err := Hash("correct horse battery staple")
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("argon2id m=%d t=%d p=%d: one hash took %v", DefaultParams.Memory, DefaultParams.Time, DefaultParams.Threads, took)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Errorf("hash %q does not carry the default parameters", h)
	}
	parts := strings.Split(h, "$")
	if salt, _ := base64.RawStdEncoding.DecodeString(parts[4]); len(salt) != 16 {
		t.Errorf("salt is %d bytes; want 16", len(salt))
	}
	if key, _ := base64.RawStdEncoding.DecodeString(parts[5]); len(key) != 32 {
		t.Errorf("key is %d bytes; want 32", len(key))
	}
	if !verify(t, "correct horse battery staple", h) || verify(t, "correct horse battery stapler", h) {
		t.Error("round trip with the default parameters failed")
	}
	if NeedsRehash(h) {
		t.Error("a fresh hash needs rehashing")
	}
	if !NeedsRehash(mustHash(t, "x")) {
		t.Error("a cheap hash does not need rehashing")
	}
}

func TestHashVerify(t *testing.T) {
	pws := []string{
		"correct horse battery staple",
		"Mot de passe très sûr ! « été »",
		"密码密码密码密码密码密码",
		"🔒🔑🚌🔒🔑🚌🔒🔑🚌🔒🔑🚌",
		"    spaces    ",
		"",
	}
	for _, pw := range pws {
		h := mustHash(t, pw)
		if !verify(t, pw, h) {
			t.Errorf("%q does not verify against its own hash", pw)
		}
		if verify(t, pw+"x", h) || verify(t, strings.ToUpper(pw)+"!", h) || (pw != "" && verify(t, pw[:len(pw)-1], h)) {
			t.Errorf("a wrong password verifies against the hash of %q", pw)
		}
		if h2 := mustHash(t, pw); h2 == h {
			t.Errorf("two hashes of %q are equal: the salt is not random", pw)
		}
	}
}

// é typed as one code point or as e + combining accent is one password.
func TestUnicodeNormalization(t *testing.T) {
	composed, decomposed := "café au lait été", "cafe\u0301 au lait e\u0301te\u0301"
	h := mustHash(t, composed)
	if !verify(t, decomposed, h) {
		t.Error("the decomposed spelling does not verify")
	}
	if verify(t, "cafe au lait ete", h) {
		t.Error("the password without accents verifies")
	}
}

func TestLongPasswordsNotTruncated(t *testing.T) {
	base := strings.Repeat("a", MaxPasswordBytes-1)
	a, b := base+"x", base+"y"
	h := mustHash(t, a)
	if !verify(t, a, h) {
		t.Fatal("a 1,024-byte password does not verify")
	}
	if verify(t, b, h) {
		t.Error("two 1,024-byte passwords differing in the last byte verify against each other")
	}

	long1, long2 := strings.Repeat("b", 1999)+"1", strings.Repeat("b", 1999)+"2"
	if _, err := HashWith(long1, cheap); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("hashing a 2,000-byte password: err = %v; want ErrPasswordTooLong", err)
	}
	if _, err := Hash(long1); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("Hash of a 2,000-byte password: err = %v; want ErrPasswordTooLong", err)
	}
	// A hash of the first 1,024 bytes: a system that truncates would accept both.
	prefix := mustHash(t, long1[:MaxPasswordBytes])
	for _, pw := range []string{long1, long2} {
		if verify(t, pw, prefix) {
			t.Errorf("a 2,000-byte password verifies against the hash of its first %d bytes", MaxPasswordBytes)
		}
	}
	if err := CheckPassword(long2); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("CheckPassword(2,000 bytes) = %v", err)
	}
}

func TestVerifyRejectsMalformed(t *testing.T) {
	good := mustHash(t, "correct horse battery staple")
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	flip := func(s string) string {
		b, _ := base64.RawStdEncoding.DecodeString(s)
		b[len(b)-1] ^= 1
		return base64.RawStdEncoding.EncodeToString(b)
	}
	bad := map[string]string{
		"empty":              "",
		"garbage":            "not a hash",
		"bcrypt":             "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":            "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"argon2d":            "$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"old version":        "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"no version":         "$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"params order":       "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"missing param":      "$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"extra param":        "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + key,
		"signed param":       "$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + key,
		"leading zero":       "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key,
		"zero time":          "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"zero threads":       "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"huge memory":        "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key,
		"huge time":          "$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + key,
		"overflow":           "$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + key,
		"padded salt":        "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"bad base64":         "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:len(key)-2] + "!!",
		"short hash":         "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:8],
		"empty salt":         "$argon2id$v=19$m=64,t=1,p=1$$" + key,
		"trailing dollar":    good + "$",
		"no leading dollar":  strings.TrimPrefix(good, "$"),
		"trailing space":     good + " ",
		"url-safe alphabet":  "$argon2id$v=19$m=64,t=1,p=1$" + strings.NewReplacer("+", "-", "/", "_").Replace(salt) + "-_$" + key,
		"uppercase algo":     "$ARGON2ID$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"keyid field (PHC)":  "$argon2id$v=19$m=64,t=1,p=1,keyid=abc$" + salt + "$" + key,
		"memory below 8p":    "$argon2id$v=19$m=7,t=1,p=1$" + salt + "$" + key,
		"threads above max":  "$argon2id$v=19$m=1024,t=1,p=255$" + salt + "$" + key,
		"negative memory":    "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key,
		"whitespace in list": "$argon2id$v=19$m=64, t=1,p=1$" + salt + "$" + key,
	}
	for name, phc := range bad {
		ok, err := Verify("correct horse battery staple", phc)
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("%s: Verify(%q) = %t, %v; want ErrMalformedHash", name, phc, ok, err)
		}
	}
	// Well formed but tampered: no error, no match.
	tampered := map[string]string{
		"hash bit flipped": "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + flip(key),
		"salt bit flipped": "$argon2id$v=19$m=64,t=1,p=1$" + flip(salt) + "$" + key,
		"cost changed":     "$argon2id$v=19$m=128,t=1,p=1$" + salt + "$" + key,
		"time changed":     "$argon2id$v=19$m=64,t=2,p=1$" + salt + "$" + key,
	}
	for name, phc := range tampered {
		ok, err := Verify("correct horse battery staple", phc)
		if ok || err != nil {
			t.Errorf("%s: Verify = %t, %v; want false, nil", name, ok, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		pw   string
		want error
	}{
		{"", ErrPasswordTooShort},
		{"elevenchars", ErrPasswordTooShort},
		{"twelve chars", nil},
		{"ééééééééééé", ErrPasswordTooShort},                                // 11 characters, 22 bytes
		{"éééééééééééé", nil},                                               // 12 characters
		{"e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301", ErrPasswordTooShort}, // 12 code points typed, 6 characters
		{"🚌🚌🚌🚌🚌🚌🚌🚌🚌🚌🚌🚌", nil},
		{"tab\tinside password", ErrPasswordInvalid},
		{"newline\ninside pass", ErrPasswordInvalid},
		{"nul\x00inside password", ErrPasswordInvalid},
		{"invalid utf-8 \xff\xfe here", ErrPasswordInvalid},
		{strings.Repeat("x", MaxPasswordBytes), nil},
		{strings.Repeat("x", MaxPasswordBytes+1), ErrPasswordTooLong},
		{strings.Repeat("é", MaxPasswordBytes/2+1), ErrPasswordTooLong}, // 513 characters, 1,026 bytes
	}
	for _, tc := range tests {
		if got := CheckPassword(tc.pw); !errors.Is(got, tc.want) {
			name := tc.pw
			if len(name) > 40 {
				name = name[:40] + "…"
			}
			t.Errorf("CheckPassword(%q) = %v; want %v", name, got, tc.want)
		}
	}
}

func TestHasher(t *testing.T) {
	h := NewHasherWith(cheap, 2)
	d1, err := h.DummyHash()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			d, err := h.DummyHash()
			if err != nil || d != d1 {
				t.Errorf("DummyHash changed: %q, %v", d, err)
			}
			h.VerifyUnknown("anything at all")
		})
	}
	wg.Wait()
	if ok, err := h.Verify("", d1); ok || err != nil {
		t.Errorf("the dummy hash verifies the empty password: %t, %v", ok, err)
	}
	phc, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Verify("correct horse battery staple", phc); !ok || err != nil {
		t.Errorf("Hasher round trip: %t, %v", ok, err)
	}
	if _, err := NewHasherWith(Params{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32}, 1).Hash("x"); err == nil {
		t.Error("zero passes accepted")
	}
}

// derivation is one argon2id key derivation as the hasher ran it: its
// costs, the sizes of its inputs, and whether the Hasher's concurrency
// limit was held meanwhile.
type derivation struct {
	Time, Memory           uint32
	Threads                uint8
	KeyLen, SaltLen, PwLen int
	Limited                bool
}

// recordDerivations makes every key derivation of h run as before and be
// recorded. The returned function hands over (and forgets) what was
// recorded since the last call.
func recordDerivations(t *testing.T, h *Hasher) func() []derivation {
	t.Helper()
	var mu sync.Mutex
	var got []derivation
	orig := h.idKey
	h.idKey = func(pw, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
		mu.Lock()
		got = append(got, derivation{time, memory, threads, int(keyLen), len(salt), len(pw), len(h.sem) > 0})
		mu.Unlock()
		return orig(pw, salt, time, memory, threads, keyLen)
	}
	return func() []derivation {
		mu.Lock()
		defer mu.Unlock()
		d := got
		got = nil
		return d
	}
}

// Unknown accounts cost the same as known ones, by construction rather
// than by a stopwatch: VerifyUnknown runs the same argon2id derivations as
// Verify against a real account's hash (same count, same memory, passes,
// lanes, key, salt and password sizes, under the same concurrency limit),
// and the dummy hash is made with the Hasher's own costs.
func TestUnknownAccountSameWork(t *testing.T) {
	// Costs unlike DefaultParams and unlike any constant, so that a dummy
	// hash made with other costs shows.
	p := Params{Memory: 96, Time: 3, Threads: 2, SaltLen: 20, KeyLen: 24}
	h := NewHasherWith(p, 1)
	recorded := recordDerivations(t, h)
	want := derivation{Time: p.Time, Memory: p.Memory, Threads: p.Threads, KeyLen: int(p.KeyLen), SaltLen: int(p.SaltLen), Limited: true}

	real, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	_ = recorded()

	// The first call also makes the dummy hash: with the Hasher's costs.
	h.VerifyUnknown("warm up password")
	first := recorded()
	if len(first) != 2 {
		t.Fatalf("first VerifyUnknown ran %d key derivations, want 2 (make the dummy hash, verify against it): %+v", len(first), first)
	}
	made := first[0]
	made.PwLen = 0
	if made != want {
		t.Errorf("the dummy hash was made with %+v, want the Hasher's costs %+v", made, want)
	}
	dummy, err := h.DummyHash()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dummy, "$argon2id$v=19$m=96,t=3,p=2$") {
		t.Errorf("dummy hash %q does not carry the Hasher's costs", dummy)
	}

	for _, pw := range []string{"wrong password!", "", "Mot de passe très sûr", strings.Repeat("x", MaxPasswordBytes+1)} {
		if ok, err := h.Verify(pw, real); ok || err != nil {
			t.Fatalf("Verify(%.20q) against another password's hash = %t, %v", pw, ok, err)
		}
		known := recorded()
		h.VerifyUnknown(pw)
		unknown := recorded()
		if len(known) != 1 {
			t.Fatalf("Verify(%.20q) ran %d key derivations, want 1: %+v", pw, len(known), known)
		}
		if k := known[0]; k.Time != want.Time || k.Memory != want.Memory || k.Threads != want.Threads ||
			k.KeyLen != want.KeyLen || k.SaltLen != want.SaltLen || !k.Limited {
			t.Errorf("Verify(%.20q) ran %+v, want the Hasher's costs %+v", pw, k, want)
		}
		if !slices.Equal(unknown, known) {
			t.Errorf("password %.20q: an unknown account ran %+v, a known one %+v; want the same work", pw, unknown, known)
		}
	}
}

func TestTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, hash := NewToken()
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != TokenBytes {
			t.Fatalf("token %q: %d bytes, %v", tok, len(raw), err)
		}
		if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
			t.Errorf("token %q is not unpadded base64url", tok)
		}
		if hash != HashToken(tok) || len(hash) != 64 || hash == tok {
			t.Errorf("hash %q of %q", hash, tok)
		}
		if seen[tok] {
			t.Fatal("a token repeated")
		}
		seen[tok] = true
	}
	// SHA-256("abc"), FIPS 180-2.
	if got := HashToken("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("HashToken(abc) = %s", got)
	}
}

func TestSessionValid(t *testing.T) {
	c := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	const ns = time.Nanosecond
	tests := []struct {
		name               string
		created, seen, now time.Time
		want               bool
	}{
		{"just created", c, c, c, true},
		{"idle 29m59.999s", c, c, c.Add(IdleTimeout - ns), true},
		{"idle exactly 30m", c, c, c.Add(IdleTimeout), false},
		{"idle 31m", c, c, c.Add(31 * time.Minute), false},
		{"active, absolute 12h less 1ns", c, c.Add(AbsoluteTimeout - time.Minute), c.Add(AbsoluteTimeout - ns), true},
		{"active, absolute exactly 12h", c, c.Add(AbsoluteTimeout - time.Minute), c.Add(AbsoluteTimeout), false},
		{"active, 13h", c, c.Add(13*time.Hour - time.Minute), c.Add(13 * time.Hour), false},
		{"seen in the future", c, c.Add(time.Hour), c.Add(time.Minute), false},
		{"seen before created", c, c.Add(-time.Minute), c, false},
		{"zero created", time.Time{}, c, c, false},
		{"zero seen", c, time.Time{}, c, false},
	}
	for _, tc := range tests {
		if got := SessionValid(tc.created, tc.seen, tc.now); got != tc.want {
			t.Errorf("%s: SessionValid = %t; want %t", tc.name, got, tc.want)
		}
	}
	if IdleTimeout != 30*time.Minute || AbsoluteTimeout != 12*time.Hour {
		t.Errorf("session timeouts %v / %v; the issue asks 30 min / 12 h", IdleTimeout, AbsoluteTimeout)
	}
}

func TestThrottled(t *testing.T) {
	tests := []struct {
		account, ip int
		want        bool
	}{
		{0, 0, false},
		{4, 0, false},
		{5, 0, true},
		{6, 0, true},
		{0, 19, false},
		{0, 20, true},
		{4, 19, false},
		{4, 20, true},
		{5, 19, true},
		{100, 100, true},
	}
	for _, tc := range tests {
		if got := Throttled(tc.account, tc.ip); got != tc.want {
			t.Errorf("Throttled(%d, %d) = %t; want %t", tc.account, tc.ip, got, tc.want)
		}
	}
	now := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	if got := FailureSince(now); !got.Equal(now.Add(-15 * time.Minute)) {
		t.Errorf("FailureSince = %v", got)
	}
	if FailureWindow != 15*time.Minute || LockoutDuration != 15*time.Minute || MaxAccountFailures != 5 || MaxIPFailures != 20 {
		t.Error("throttling figures differ from the issue (5 per account, 20 per IP, 15 minutes)")
	}
}

// BenchmarkHash measures the default costs: go test -bench Hash ./internal/auth
func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
