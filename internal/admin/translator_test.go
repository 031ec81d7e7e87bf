package admin_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestTranslatorFlow: an English change makes the French stale; the
// translator's French edit, saved without ticking "brought in line",
// leaves the English up to date and the French stale, and the editor then
// offers the box ticked, so that the next save clears it. The history's
// diff links open on the language that changed.
func TestTranslatorFlow(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	tr := e.addUser("traduction@example.org", content.RoleEditor, content.French, content.UserActive)
	ce, ct := e.mustSignIn(ed), e.mustSignIn(tr)
	ep := e.addEpisode(ed, "Translated")
	base := episodeForm(1, "Translated")
	base.Set("en.slug", ep.Version(content.English).Slug)
	base.Set("fr.slug", ep.Version(content.French).Slug)
	post := func(c any, rev int, edit func(map[string]string)) {
		t.Helper()
		f := episodeForm(rev, "Translated")
		for k, v := range base {
			f[k] = v
		}
		f.Set("base_revision", strconv.Itoa(rev))
		m := map[string]string{}
		edit(m)
		for k, v := range m {
			f.Set(k, v)
		}
		cookie := ce
		if c == "tr" {
			cookie = ct
		}
		if r := e.post(episodeURL(ep.ID), cookie, f); r.StatusCode != 303 {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
	}
	post("ed", 1, func(map[string]string) {}) // both languages as the form has them: in line
	post("ed", 2, func(m map[string]string) { m["en.body"] = "A new English body." })
	if got := e.episode(t, ep.ID); !got.Stale(content.French) || got.Stale(content.English) {
		t.Fatalf("after the English change: fr stale %v, en stale %v", got.Stale(content.French), got.Stale(content.English))
	}
	post("tr", 3, func(m map[string]string) {
		m["en.body"] = "A new English body."
		m["fr.body"] = "Un nouveau corps, en cours."
	})
	got := e.episode(t, ep.ID)
	if got.Stale(content.English) || !got.Stale(content.French) {
		t.Fatalf("after the French edit: en stale %v, fr stale %v; want false, true", got.Stale(content.English), got.Stale(content.French))
	}
	r := e.get(episodeURL(ep.ID), ct)
	if !strings.Contains(r.body, `id="f-fr-aligned" name="aligned_fr" checked`) || strings.Contains(r.body, `id="f-en-aligned" name="aligned_en" checked`) {
		t.Error("the editor does not offer the French \"brought in line\" ticked (and the English not)")
	}
	post("tr", 4, func(m map[string]string) {
		m["en.body"] = "A new English body."
		m["fr.body"] = "Un nouveau corps, fini."
		m["aligned_fr"] = "on"
	})
	if got := e.episode(t, ep.ID); got.Stale(content.English) || got.Stale(content.French) {
		t.Errorf("after ticking: en stale %v, fr stale %v", got.Stale(content.English), got.Stale(content.French))
	}
	// The history links each one-language change to its language's diff.
	r = e.get(episodeURL(ep.ID)+"/revisions", ce)
	for _, want := range []string{"/diff?from=2&amp;to=3&amp;lang=en", "/diff?from=3&amp;to=4&amp;lang=fr", "/diff?from=4&amp;to=5&amp;lang=fr"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
}
