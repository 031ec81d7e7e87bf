package content_test

import (
	"bufio"
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/testutil"
)

// openRedirects are targets that would send a browser to another site (or
// run script) if they reached a Location header unchecked.
var openRedirects = []string{
	"//evil.example", "//evil.example/", "///evil.example", "////evil.example",
	"/\\evil.example", "\\\\evil.example", "\\/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
	"https://evil.example", "http://evil.example/en/", "HTTPS://evil.example", "https:evil.example", "https:/evil.example",
	"javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
	"/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%5c%5cevil.example", "%2F%2Fevil.example",
	"/ /evil.example", " //evil.example", "/\u3000/evil.example", "/\u00a0/evil.example", "/\u2028/evil.example",
	"@evil.example", "evil.example", "./evil.example", "../evil.example", "/../evil.example",
	"/en/../../evil.example", "/%2e%2e/%2e%2e/evil.example", "/.//evil.example", "/x/..//evil.example",
	"/\x00/evil.example", "/en/\x7f", "", "/" + strings.Repeat("a", content.MaxRedirectTargetLen),
}

// safeOnSite reports whether a Location the site would send, resolved as a
// browser does from a page of the site, stays on the site.
func safeOnSite(t *testing.T, target string) bool {
	t.Helper()
	rec := httptest.NewRecorder()
	http.Redirect(rec, httptest.NewRequest("GET", "https://busrides.example/en/old", nil), target, http.StatusMovedPermanently)
	loc := rec.Header().Get("Location")
	base, _ := url.Parse("https://busrides.example/en/old")
	// Browsers drop tabs and newlines and read backslashes as slashes.
	clean := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	u, err := url.Parse(clean)
	if err != nil {
		return false
	}
	r := base.ResolveReference(u)
	return r.Scheme == "https" && r.Host == "busrides.example"
}

func TestRedirectTargetRefusesOpenRedirects(t *testing.T) {
	for _, s := range openRedirects {
		if got, key := content.CleanRedirectTarget(s); key == "" && strings.TrimSpace(s) != "" {
			t.Errorf("CleanRedirectTarget(%q) accepted %q", s, got)
		}
		if content.ValidRedirectTarget(s) {
			t.Errorf("ValidRedirectTarget(%q) = true", s)
		}
	}
	for _, s := range []string{"/en/", "/fr/sujets/donnees", "/en/search?q=data&kind=read", "/en/topics/data#top", "/en/a%20b", "/fr/l%C3%A9gal"} {
		if _, key := content.CleanRedirectTarget(s); key != "" {
			t.Errorf("CleanRedirectTarget(%q) refused: %s", s, key)
		}
		if !safeOnSite(t, s) {
			t.Errorf("%q leaves the site", s)
		}
	}
}

// TestRedirectTargetCorpus feeds the shared security corpus (traversal,
// XSS and naughty strings, each also behind a leading slash) to the
// target check: whatever it accepts must keep a browser on the site.
func TestRedirectTargetCorpus(t *testing.T) {
	var lines []string
	for _, f := range []string{"traversal/directory_traversal.txt", "traversal/deep_traversal.txt", "traversal/traversals-8-deep-exotic-encoding.txt", "xss/xss-merged.txt", "unicode/blns.txt"} {
		sc := bufio.NewScanner(bytes.NewReader(testutil.ReadCorpus(t, f)))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
	}
	accepted := 0
	for _, l := range lines {
		for _, s := range []string{l, "/" + l, "//" + l, "/en/" + l} {
			got, key := content.CleanRedirectTarget(s)
			if key != "" {
				continue
			}
			accepted++
			if !content.ValidRedirectTarget(got) || !safeOnSite(t, got) {
				t.Errorf("accepted %q, which leaves the site", s)
			}
			if strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n ") {
				t.Errorf("accepted %q", got)
			}
		}
	}
	if len(lines) == 0 {
		t.Fatal("empty corpus")
	}
	t.Logf("%d corpus lines, %d accepted variants (all stay on the site)", len(lines), accepted)
}

func TestCleanRedirectPath(t *testing.T) {
	for _, c := range []struct{ in, want, key string }{
		{"/en/Old-Page/", "/en/old-page", ""},
		{"https://old.example.org/EN/ep-41-en/?x=1", "/en/ep-41-en", ""},
		{"/fr/l%C3%A9gal", "/fr/l%c3%a9gal", ""},
		{"", "", content.RedirectErrPathRequired},
		{"en/x", "", content.RedirectErrPath},
		{"//evil/x", "", content.RedirectErrPath},
		{"/en/x?y=1", "", content.RedirectErrPath},
		{"/en/é", "", content.RedirectErrPath},
		{"/en/a b", "", content.RedirectErrPath},
		{"/en/%zz", "", content.RedirectErrPath},
		{"/en/../admin", "", content.RedirectErrPath},
		{"/", "", content.RedirectErrPathReserved},
		{"/EN/", "", content.RedirectErrPathReserved},
		{"/admin/users", "", content.RedirectErrPathReserved},
		{"/static/x.css", "", content.RedirectErrPathReserved},
		{"/sitemap.xml", "", content.RedirectErrPathReserved},
		{"/administration", "/administration", ""},
	} {
		got, key := content.CleanRedirectPath(c.in)
		if got != c.want || key != c.key {
			t.Errorf("CleanRedirectPath(%q) = %q, %q; want %q, %q", c.in, got, key, c.want, c.key)
		}
	}
}

func TestCheckRedirectSet(t *testing.T) {
	rows := []content.PathRedirect{
		{Path: "/a", Target: "/b"},
		{Path: "/b", Target: "/c?x"},
		{Path: "/c", Target: "/c/"},
		{Path: "/d", Target: "/en/"},
		{Path: "/e", Target: "/en/"},
	}
	errs := content.CheckRedirectSet(rows, []int{0, 1, 2, 3})
	want := map[int]string{0: content.RedirectErrChainTarget, 1: content.RedirectErrChainTarget, 2: content.RedirectErrLoop}
	if len(errs) != len(want) {
		t.Fatalf("errors %v", errs)
	}
	for _, e := range errs {
		if want[e.Row] != e.Key {
			t.Errorf("row %d: %s; want %s", e.Row, e.Key, want[e.Row])
		}
	}
	// A row that others lead to is reported on its path.
	errs = content.CheckRedirectSet([]content.PathRedirect{{Path: "/b", Target: "/x"}, {Path: "/a", Target: "/b"}}, []int{0})
	if len(errs) != 1 || errs[0].Field != "path" || errs[0].Key != content.RedirectErrChainPath {
		t.Errorf("chain into a saved row: %v", errs)
	}
}

func TestPrepareTaxonomy(t *testing.T) {
	tp := content.Topic{Names: content.Bilingual{EN: "  Data literacy ", FR: "Littératie des données"}}
	if err := content.PrepareTopic(&tp); err != nil {
		t.Fatal(err)
	}
	if tp.Names.EN != "Data literacy" || tp.Slugs.EN != "data-literacy" || tp.Slugs.FR != "litteratie-des-donnees" {
		t.Errorf("prepared %+v", tp)
	}
	bad := content.Topic{Names: content.Bilingual{EN: "x\x00", FR: ""}, Slugs: content.Bilingual{EN: "!!!"}}
	err := content.PrepareTopic(&bad)
	ve, ok := err.(*content.ValidationError)
	if !ok || ve.Fields["name_en"] != content.TaxErrControl || ve.Fields["name_fr"] != content.TaxErrRequired || ve.Fields["slug_en"] != content.TaxErrSlug {
		t.Errorf("bad topic: %v", err)
	}
	for _, u := range []string{"javascript:alert(1)", "http://x.example/p.jpg", "//x.example/p.jpg", "/media/../etc/passwd", "/static/x.png", "https://", "https://x.example/a b.jpg", "https://user@x.example/p.jpg"} {
		a := content.Author{Name: "A", Bios: content.Bilingual{EN: "b", FR: "b"}, Photo: u}
		if err := content.PrepareAuthor(&a); err == nil {
			t.Errorf("photo %q accepted", u)
		}
	}
	for _, u := range []string{"https://images.example.org/ada.jpg", "/media/ada.png"} {
		a := content.Author{Name: "A", Bios: content.Bilingual{EN: "b", FR: "b"}, Photo: u}
		if err := content.PrepareAuthor(&a); err != nil {
			t.Errorf("photo %q refused: %v", u, err)
		}
	}
	s := content.Series{Titles: content.Bilingual{EN: "T", FR: "T"}, Intros: content.Bilingual{EN: "See ![](x.png)", FR: "ok"}}
	if err := content.PrepareSeries(&s); err == nil || !strings.Contains(err.Error(), content.TaxErrImageNoAlt) {
		t.Errorf("image without alt: %v", err)
	}
}
