package web_test

import (
	"bytes"
	"crypto/sha256"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/demo"
	"github.com/busrides/busrides/internal/testutil"
	"github.com/busrides/busrides/internal/ui"
)

// corpusLines reads a corpus file's non-empty lines and keeps about want
// of them, evenly spread (deterministic, so failures reproduce).
func corpusLines(t *testing.T, rel string, want int) []string {
	t.Helper()
	var all []string
	for _, l := range strings.Split(string(testutil.ReadCorpus(t, rel)), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			all = append(all, l)
		}
	}
	if len(all) <= want {
		return all
	}
	var out []string
	step := float64(len(all)) / float64(want)
	for i := 0; i < want; i++ {
		out = append(out, all[int(float64(i)*step)])
	}
	return out
}

// rawGet sends path as the request target byte for byte, except that
// bytes a request line cannot carry (controls, space, non-ASCII) are
// percent-encoded.
func rawGet(t *testing.T, s *apptest.Start, path string) (*http.Response, []byte) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c <= ' ' || c >= 0x7f {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
			continue
		}
		b.WriteByte(c)
	}
	u, err := url.Parse(s.Server.URL)
	if err != nil {
		t.Fatal(err)
	}
	req := &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: u.Scheme, Host: u.Host, Opaque: b.String()}, Header: http.Header{}, Host: u.Host}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %q: %v", b.String(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// filesOf hashes every file of fsys.
func filesOf(t *testing.T, fsys fs.FS) map[[32]byte]string {
	t.Helper()
	out := map[[32]byte]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[sha256.Sum256(b)] = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Traversal attempts under /media/, /static/ and the language prefixes
// never serve a file from outside those folders and never fail with 500.
func TestTraversal(t *testing.T) {
	t.Parallel()
	payloads := corpusLines(t, "traversal/directory_traversal.txt", 200)
	for _, l := range corpusLines(t, "traversal/traversals-8-deep-exotic-encoding.txt", 64) {
		payloads = append(payloads, strings.ReplaceAll(l, "{FILE}", "etc/passwd"))
	}
	if len(payloads) < 180 {
		t.Fatalf("only %d traversal payloads", len(payloads))
	}
	media, static := filesOf(t, demo.Media()), filesOf(t, ui.StaticFS())
	secrets := []string{"root:x:0:0", "[fonts]", "[extensions]", "for 16-bit app support", "[boot loader]", "module github.com/busrides"}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		prefix := ""
		page := get(t, s, "/en/")
		for _, l := range find(page.Doc, withAttr("link", "rel", "stylesheet")) {
			if h := attrOf(l, "href"); strings.HasSuffix(h, "/css/site.css") {
				prefix = strings.TrimSuffix(h, "css/site.css")
			}
		}
		if prefix == "" {
			t.Fatal("no static prefix")
		}
		type target struct {
			prefix string
			files  map[[32]byte]string // a 200 must be one of these; nil: an HTML page
		}
		targets := []target{{"/media/", media}, {"/media/x/", media}, {prefix, static}, {"/en/", nil}, {"/", nil}}
		checked := 0
		for _, tg := range targets {
			for _, p := range payloads {
				path := tg.prefix + strings.TrimPrefix(p, "/")
				for hop := 0; hop < 3 && path != ""; hop++ {
					resp, body := rawGet(t, s, path)
					checked++
					if resp.StatusCode >= 500 {
						t.Errorf("%q: status %d", path, resp.StatusCode)
					}
					for _, sec := range secrets {
						if bytes.Contains(body, []byte(sec)) {
							t.Errorf("%q: body holds %q", path, sec)
						}
					}
					if resp.StatusCode == 200 {
						if tg.files != nil {
							if _, ok := tg.files[sha256.Sum256(body)]; !ok {
								t.Errorf("%q: 200 with a body that is no file of the folder (%d bytes)", path, len(body))
							}
						} else if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
							t.Errorf("%q: 200 with %s", path, resp.Header.Get("Content-Type"))
						}
					}
					// Follow a redirect on this server (path cleaning).
					path = ""
					if resp.StatusCode/100 == 3 {
						if loc, err := url.Parse(resp.Header.Get("Location")); err == nil && (loc.Host == "" || "http://"+loc.Host == s.Server.URL) {
							path = loc.EscapedPath()
							if loc.RawQuery != "" {
								path += "?" + loc.RawQuery
							}
						}
					}
				}
			}
		}
		t.Logf("%d traversal requests", checked)
	})
}

// XSS payloads in query parameters, paths and feedback comments come back
// escaped (or not at all), and never cause a 500.
func TestXSSReflection(t *testing.T) {
	t.Parallel()
	payloads := corpusLines(t, "xss/xss-merged.txt", 100)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		// How many script tags and event handlers each page type has on its own.
		pages := map[int]string{
			200: get(t, s, "/fr/").text() + get(t, s, dnEN).text(),
			404: get(t, s, "/en/nope").text(),
			422: postForm(t, s, "/en/feedback", url.Values{"episode": {episodeID(t, s, feedbackPages[0])}, "answer": {"no"}, "comment": {strings.Repeat("a", 301)}}).text(),
		}
		baseline := map[int]int{
			200: strings.Count(strings.ToLower(get(t, s, "/fr/").text()), "<script"),
			404: strings.Count(strings.ToLower(pages[404]), "<script"),
			422: strings.Count(strings.ToLower(pages[422]), "<script"),
		}
		s.Clock.Advance(time.Hour)
		check := func(where, payload string, r *response, allowed ...int) {
			t.Helper()
			ok := false
			for _, st := range allowed {
				ok = ok || r.StatusCode == st
			}
			if !ok {
				t.Errorf("%s %q: status %d, want one of %v", where, payload, r.StatusCode, allowed)
				return
			}
			body := r.text()
			// Reflected raw: in the page, and not a tag the page has anyway
			// (payloads such as "</div>").
			if strings.ContainsAny(payload, "<>\"'") && strings.Contains(body, payload) && !strings.Contains(pages[200]+pages[404]+pages[422], payload) {
				t.Errorf("%s %q: payload reflected raw", where, payload)
			}
			if base, ok := baseline[r.StatusCode]; ok {
				if n := strings.Count(strings.ToLower(body), "<script"); n != base {
					t.Errorf("%s %q: %d <script, the page alone has %d", where, payload, n, base)
				}
			}
			low := strings.ToLower(body)
			for _, bad := range []string{"onerror=", "onload=", "javascript:alert", "<svg", "<iframe", "<img src=x"} {
				if strings.Contains(strings.ToLower(payload), bad) && strings.Contains(low, bad) {
					t.Errorf("%s %q: %q in the page", where, payload, bad)
				}
			}
		}
		id := episodeID(t, s, feedbackPages[0])
		for _, p := range payloads {
			q := url.QueryEscape(p)
			check("?topic=", p, get(t, s, "/en/?topic="+q), 404)
			check("?kind=", p, get(t, s, "/fr/?kind="+q), 200)
			check("?page=", p, get(t, s, "/en/?page="+q), 404, 200)
			check("topic ?page=", p, get(t, s, "/fr/sujets/leadership?page="+q), 404, 200)
			check("episode ?feedback=", p, get(t, s, dnEN+"?feedback="+q), 200)
			check("topic ?feedback=no&t=", p, get(t, s, "/en/topics/digital-government?feedback=no&t="+q), 200)
			check("feedback page=", p, postForm(t, s, "/en/feedback", url.Values{"page": {p}, "answer": {"yes"}}), 404)
			check("feedback page= with a query", p, postForm(t, s, "/en/feedback", url.Values{"page": {"/en/search?q=" + p}, "answer": {"no"}}), 303, 404)
			check("home ?notice=", p, get(t, s, "/en/?notice="+q), 200)
			check("path", p, get(t, s, "/en/episodes/"+url.PathEscape(p)), 404)
			// In a feedback comment: stored and thanked (303), or refused
			// with the text kept (422), escaped.
			s.Clock.Advance(3 * time.Minute) // stay under the rate limit (two posts a round)
			r := postForm(t, s, "/en/feedback", url.Values{"episode": {id}, "answer": {"no"}, "comment": {p}})
			check("comment", p, r, 303, 422)
			if r.StatusCode == 303 {
				loc := r.Header.Get("Location")
				if !strings.HasPrefix(loc, dnEN+"?feedback=thanks") && !strings.HasPrefix(loc, dnEN+"?feedback=no&t=") {
					t.Errorf("comment %q: redirect to %q", p, loc)
				}
				check("thanks", p, get(t, s, strings.SplitN(loc, "#", 2)[0]), 200)
			}
		}
	})
}

// Bytes no database text column takes (NUL, invalid UTF-8) in paths, query
// values and comments get 404/422/303, never 500 — on PostgreSQL too.
func TestInvalidBytes(t *testing.T) {
	t.Parallel()
	paths := []string{
		"/en/%00", "/fr/%ff%fe", "/en/ep-41-en%00/", "/fr/%c0%ae%c0%ae/",
		"/en/topics/%00", "/en/topics/%c0%ae", "/fr/sujets/leadership%00",
		"/en/authors/%ff", "/fr/auteurs/mark-levene%00",
		"/en/series/%c3%28", "/fr/series/%00",
		"/en/episodes/%00", "/fr/episodes/%e9t%e9",
		"/en/?topic=%00", "/fr/?topic=%ff", "/en/?kind=%00", "/en/?page=%00", "/fr/sujets/leadership?page=%ff",
		"/media/%00", "/media/%ff.mp3",
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, p := range paths {
			resp, _ := rawGet(t, s, p)
			if resp.StatusCode >= 500 || resp.StatusCode == 200 && strings.Contains(p, "%") && !strings.Contains(p, "kind=") {
				t.Errorf("%s: status %d", p, resp.StatusCode)
			}
		}
		id := episodeID(t, s, feedbackPages[1])
		for _, c := range []string{"nul\x00byte", "bad \xff\xfe utf-8", "\x00", "ok"} {
			s.Clock.Advance(2 * time.Minute)
			r := postForm(t, s, "/fr/retroaction", url.Values{"episode": {id}, "answer": {"no"}, "comment": {c}})
			if r.StatusCode != 303 && r.StatusCode != 422 {
				t.Errorf("comment %q: status %d", c, r.StatusCode)
			}
		}
		for _, f := range storedFeedback(t, s) {
			if strings.ContainsRune(f.Comment, 0) || !utf8.ValidString(f.Comment) {
				t.Errorf("stored comment %q", f.Comment)
			}
		}
	})
}
