package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

func testRedirect(t *testing.T, s store.Store) {
	ctx := t.Context()
	res := mustImport(t, s, bundle(
		episode("one", day(2), legacy("/en/Old-One/", "/fr/Vieux-Un", "/FR/Ancien/", "en/no-leading-slash")),
		episode("two", day(1), legacy("/en/two-old")),
	))
	if res.Redirects != 5 {
		t.Errorf("Redirects = %d; want 5", res.Redirects)
	}
	one, two := mustBySlug(t, s, en, "one-en").ID, mustBySlug(t, s, en, "two-en").ID
	for _, c := range []struct {
		path string
		id   int64
		lang content.Lang
	}{
		{"/en/old-one", one, en},
		{"/en/old-one/", one, en},
		{"/EN/OLD-ONE//", one, en},
		{"/fr/vieux-un/", one, fr},
		{"/Fr/VIEUX-UN", one, fr},
		{"/fr/ancien", one, fr}, // given as /FR/…: still French
		{"/en/no-leading-slash", one, en},
		{"en/no-leading-slash/", one, en},
		{"/en/two-old", two, en},
	} {
		id, lang, err := s.Redirect(ctx, c.path)
		if err != nil || id != c.id || lang != c.lang {
			t.Errorf("Redirect(%q) = %d, %q, %v; want %d, %q", c.path, id, lang, err, c.id, c.lang)
		}
	}
	for _, p := range []string{"/en/nope", "", "/", "/en/old-one-2", "/en/old-on"} {
		_, _, err := s.Redirect(ctx, p)
		wantNotFound(t, err, fmt.Sprintf("Redirect(%q)", p))
	}
	// A path can move to another episode.
	mustImport(t, s, bundle(episode("one", day(2), legacy("/en/two-old/"))))
	if id, _, err := s.Redirect(ctx, "/en/two-old"); err != nil || id != one {
		t.Errorf("moved redirect = %d, %v; want %d", id, err, one)
	}
}

func target(t *testing.T, s store.Store, path string) string {
	t.Helper()
	got, err := s.PathRedirectTarget(t.Context(), path)
	if errors.Is(err, content.ErrNotFound) {
		return ""
	}
	if err != nil {
		t.Fatalf("PathRedirectTarget(%q): %v", path, err)
	}
	return got
}

func testPathRedirects(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(episode("one", day(2), legacy("/en/ep-1-en"))))
	save := func(path, target string) (int64, error) {
		return s.SavePathRedirect(ctx, content.PathRedirect{Path: path, Target: target}, "", now)
	}
	g := generation(t, s)
	id, err := save("/en/Old-Page/", "/en/topics/data?x=1")
	if err != nil {
		t.Fatal(err)
	}
	if generation(t, s) <= g {
		t.Error("no generation bump")
	}
	if got := target(t, s, "/EN/old-page"); got != "/en/topics/data?x=1" {
		t.Errorf("target %q", got)
	}
	for _, c := range []struct {
		path, target, field, key string
	}{
		{"/en/old-page", "/en/other", "path", content.RedirectErrPathTaken},
		{"/en/ep-1-en", "/en/other", "path", content.RedirectErrPathEpisode},
		{"/en/a", "/en/a/", "target", content.RedirectErrLoop},
		{"/en/b", "/en/old-page", "target", content.RedirectErrChainTarget},
		{"/en/topics/data", "/en/new", "path", content.RedirectErrChainPath},
		{"/en/c", "//evil.example", "target", content.RedirectErrTarget},
		{"/en/c", "https://evil.example/", "target", content.RedirectErrTarget},
		{"/en/c", "/\\evil.example", "target", content.RedirectErrTarget},
		{"/admin/x", "/en/", "path", content.RedirectErrPathReserved},
		{"", "/en/", "path", content.RedirectErrPathRequired},
	} {
		_, err := save(c.path, c.target)
		if f := fieldErr(err); f[c.field] != c.key {
			t.Errorf("save(%q, %q) = %v; want %s: %s", c.path, c.target, err, c.field, c.key)
		}
	}
	// Edits need the current stamp.
	r, err := s.PathRedirectByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	r.Target = "/fr/sujets/donnees"
	if _, err := s.SavePathRedirect(ctx, *r, "stale", now); !errors.Is(err, content.ErrConflict) {
		t.Errorf("stale edit: %v", err)
	}
	old, _ := s.PathRedirectByID(ctx, id)
	if _, err := s.SavePathRedirect(ctx, *r, old.Stamp(), now); err != nil {
		t.Fatal(err)
	}
	if got := target(t, s, "/en/old-page"); got != "/fr/sujets/donnees" {
		t.Errorf("after edit: %q", got)
	}
	// Search, paging.
	if _, err := save("/en/100%25_sure", "/en/x"); err != nil {
		t.Fatal(err)
	}
	list, total, err := s.PathRedirects(ctx, "%25_", 10, 0)
	if err != nil || total != 1 || len(list) != 1 || list[0].Path != "/en/100%25_sure" {
		t.Errorf("search for %%_: %v %d %v", list, total, err)
	}
	if _, total, _ := s.PathRedirects(ctx, "_", 10, 0); total != 1 {
		t.Errorf("search for _ matches %d rows; want 1 (LIKE wildcards are escaped)", total)
	}
	list, total, err = s.PathRedirects(ctx, "SUJETS", 10, 0)
	if err != nil || total != 1 || list[0].ID != id {
		t.Errorf("search in targets: %v %d %v", list, total, err)
	}
	list, total, _ = s.PathRedirects(ctx, "", 1, 1)
	if total != 2 || len(list) != 1 || list[0].Path != "/en/old-page" {
		t.Errorf("paging: %v %d", list, total)
	}

	// Import: all or nothing, errors by row.
	_, err = s.ImportPathRedirects(ctx, []content.PathRedirect{
		{Path: "/en/i1", Target: "/en/"},
		{Path: "/en/i2", Target: "/en/i1"}, // chain within the batch
		{Path: "/en/i1/", Target: "/en/x"}, // duplicate
		{Path: "/en/i3", Target: "javascript:alert(1)"},
	}, now)
	var re content.RowErrors
	if !errors.As(err, &re) || len(re) != 2 || re[0].Row != 2 || re[1].Row != 3 {
		t.Fatalf("import errors: %v", err)
	}
	if got := target(t, s, "/en/i1"); got != "" {
		t.Error("a failed import stored rows")
	}
	_, err = s.ImportPathRedirects(ctx, []content.PathRedirect{{Path: "/en/i1", Target: "/en/"}, {Path: "/en/i2", Target: "/en/i1"}}, now)
	if !errors.As(err, &re) || len(re) != 2 {
		t.Errorf("chain in a batch: %v", err)
	}
	n, err := s.ImportPathRedirects(ctx, []content.PathRedirect{{Path: "/en/i1", Target: "/en/"}, {Path: "/en/old-page", Target: "/en/search"}}, now)
	if err != nil || n != 2 {
		t.Fatalf("import: %d, %v", n, err)
	}
	if got := target(t, s, "/en/old-page"); got != "/en/search" {
		t.Errorf("import replaces an existing path's target: %q", got)
	}
	// Delete.
	if n, err := s.DeletePathRedirects(ctx, []int64{id, 999999}); err != nil || n != 1 {
		t.Errorf("delete: %d, %v", n, err)
	}
	if n, err := s.DeletePathRedirects(ctx, nil); err != nil || n != 0 {
		t.Errorf("delete nothing: %d, %v", n, err)
	}
	if got := target(t, s, "/en/old-page"); got != "" {
		t.Errorf("deleted redirect still leads to %q", got)
	}
}
