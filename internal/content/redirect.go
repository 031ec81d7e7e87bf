package content

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// PathRedirect sends an old path of the public site, permanently (301), to
// an internal URL. Editors manage them in the back office; moving a topic,
// series or author page adds one (Origin "slug").
type PathRedirect struct {
	ID        int64
	Path      string // old path, normalised (lowercase, no trailing slash)
	Target    string // internal URL: /path, optionally ?query
	Origin    string // RedirectByEditor or RedirectBySlug
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Origins of a PathRedirect.
const (
	RedirectByEditor = "editor"
	RedirectBySlug   = "slug"
)

// Stamp is a token of the redirect's stored state, for edit forms.
func (r PathRedirect) Stamp() string { return stamp(r.Path, r.Target) }

// Limits of redirect paths and targets, in bytes (both are ASCII).
const (
	MaxRedirectPathLen   = 300 // the public site looks up no longer path
	MaxRedirectTargetLen = 500
)

// Redirect validation keys (i18n catalogue keys).
const (
	RedirectErrPathRequired   = "admin.redirect_err_path_required"
	RedirectErrPath           = "admin.redirect_err_path"
	RedirectErrPathReserved   = "admin.redirect_err_path_reserved"
	RedirectErrPathTaken      = "admin.redirect_err_path_taken"
	RedirectErrPathEpisode    = "admin.redirect_err_path_episode"
	RedirectErrTargetRequired = "admin.redirect_err_target_required"
	RedirectErrTarget         = "admin.redirect_err_target"
	RedirectErrLoop           = "admin.redirect_err_loop"
	RedirectErrChainTarget    = "admin.redirect_err_chain_target"
	RedirectErrChainPath      = "admin.redirect_err_chain_path"
	RedirectErrDuplicate      = "admin.redirect_err_duplicate"
)

// reservedPrefixes are paths no redirect may take: the back office, assets,
// the API and the home pages.
var reservedPrefixes = []string{"/admin", "/static", "/media", "/api", "/healthz", "/robots", "/sitemap", "/sitemaps"}

// CleanRedirectPath checks an old path typed by an editor and returns it
// normalised (NormalizeRedirectPath). An absolute http(s) URL is accepted
// and reduced to its path, since old links are often copied whole. The
// error is a catalogue key.
func CleanRedirectPath(p string) (string, string) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", RedirectErrPathRequired
	}
	if !printableASCII(p) || strings.ContainsRune(p, '\\') || len(p) > MaxRedirectPathLen {
		return "", RedirectErrPath
	}
	if l := strings.ToLower(p); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		u, err := url.Parse(p)
		if err != nil || u.Host == "" {
			return "", RedirectErrPath
		}
		p = u.EscapedPath()
		if p == "" {
			p = "/"
		}
	}
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "?#") || hasDotSegment(p) {
		return "", RedirectErrPath
	}
	if _, err := url.PathUnescape(p); err != nil {
		return "", RedirectErrPath
	}
	n := NormalizeRedirectPath(p)
	if n == "/" || n == "/en" || n == "/fr" {
		return "", RedirectErrPathReserved
	}
	for _, r := range reservedPrefixes {
		if n == r || strings.HasPrefix(n, r+"/") || strings.HasPrefix(n, r+".") {
			return "", RedirectErrPathReserved
		}
	}
	return n, ""
}

// CleanRedirectTarget checks where a redirect leads: an internal URL that
// starts with one slash (never //), in printable ASCII without backslashes
// or dot segments, with no scheme or host, so that a redirect can never
// leave the site. A query is kept; a fragment too. The error is a
// catalogue key.
func CleanRedirectTarget(t string) (string, string) {
	t = strings.TrimSpace(t)
	if t == "" {
		return "", RedirectErrTargetRequired
	}
	if len(t) > MaxRedirectTargetLen || !ValidRedirectTarget(t) {
		return "", RedirectErrTarget
	}
	return t, ""
}

// ValidRedirectTarget reports whether t is a safe internal redirect target
// (see CleanRedirectTarget). The public site checks it again before
// answering, so a bad row can never become an open redirect.
func ValidRedirectTarget(t string) bool {
	if len(t) < 1 || len(t) > MaxRedirectTargetLen || t[0] != '/' {
		return false
	}
	if len(t) > 1 && (t[1] == '/' || t[1] == '\\') {
		return false
	}
	if !printableASCII(t) || strings.ContainsRune(t, '\\') {
		return false
	}
	u, err := url.Parse(t)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || hasDotSegment(u.Path) {
		return false
	}
	// Percent-decoding must not reveal a second slash or a backslash at the
	// start (some clients decode before resolving).
	if dec, err := url.PathUnescape(u.EscapedPath()); err != nil || strings.HasPrefix(dec, "//") || strings.HasPrefix(dec, "/\\") {
		return false
	}
	return true
}

// RedirectTargetPath is the normalised path a target leads to (without its
// query or fragment), to compare with old paths when looking for loops and
// chains.
func RedirectTargetPath(t string) string {
	if i := strings.IndexAny(t, "?#"); i >= 0 {
		t = t[:i]
	}
	return NormalizeRedirectPath(t)
}

// NormalizeRedirectPath is the form in which old paths are stored and
// looked up: lowercase ASCII letters, one leading slash, no trailing slash.
// It agrees with sqldb.NormalizePath.
func NormalizeRedirectPath(p string) string {
	for len(p) > 1 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, p)
}

// printableASCII reports whether s holds only the characters RFC 3986
// allows in a URI (unreserved, reserved and %): no space, control,
// backslash, quote, angle bracket or non-ASCII character.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// RowError is what is wrong with one row of a batch (a CSV import): Row is
// the index in the batch, Field "path" or "target", Key a catalogue key.
type RowError struct {
	Row   int
	Field string
	Key   string
}

// RowErrors lists the rows of a batch that are wrong, in row order.
type RowErrors []RowError

func (e RowErrors) Error() string {
	var b strings.Builder
	b.WriteString("invalid rows:")
	for i, r := range e {
		if i == 5 {
			b.WriteString(" …")
			break
		}
		b.WriteString(" " + strconv.Itoa(r.Row) + " " + r.Field + ": " + r.Key)
	}
	return b.String()
}

// CheckRedirectSet finds loops and chains among redirects: rows is the
// whole set as it would be stored (old path → target), changed lists the
// indexes of the rows being saved, which are the ones reported. A row
// whose target is another row's old path is a chain (or a loop); a row
// that other rows lead to is a chain too.
func CheckRedirectSet(rows []PathRedirect, changed []int) RowErrors {
	byPath := make(map[string]int, len(rows))
	leadTo := make(map[string]int, len(rows))
	for i, r := range rows {
		byPath[r.Path] = i
		leadTo[RedirectTargetPath(r.Target)]++
	}
	var errs RowErrors
	for _, i := range changed {
		r := rows[i]
		tp := RedirectTargetPath(r.Target)
		switch {
		case tp == r.Path:
			errs = append(errs, RowError{Row: i, Field: "target", Key: RedirectErrLoop})
		case hasKey(byPath, tp):
			errs = append(errs, RowError{Row: i, Field: "target", Key: RedirectErrChainTarget})
		case leadTo[r.Path] > 0:
			errs = append(errs, RowError{Row: i, Field: "path", Key: RedirectErrChainPath})
		}
	}
	return errs
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}
