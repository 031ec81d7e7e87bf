package admin_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// TestChecklistLinksLandOnFields: every link of the pre-publish checklist
// points at an element of the editor (its id exists there), for each
// kind of episode, with many checks failing.
func TestChecklistLinksLandOnFields(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
	c := e.mustSignIn(ed)
	href := regexp.MustCompile(`href="(/admin/episodes/\d+)#([^"]+)"`)
	seen := map[string]bool{}
	for _, kind := range content.Kinds {
		ep := e.addEpisode(ed, "Checklist "+string(kind))
		f := episodeForm(1, "Checklist "+string(kind))
		f.Set("kind", string(kind))
		f.Set("en.body", "![](https://example.org/x.png) and [a link](/en/episodes/nowhere)")
		f.Set("en.media_url", "https://example.org/audio.mp3")
		if r := e.post(episodeURL(ep.ID), c, f); r.StatusCode != 303 {
			t.Fatalf("%s: save %d\n%s", kind, r.StatusCode, regexp.MustCompile(`class="field-error"[^>]*>[^<]*`).FindAllString(r.body, -1))
		}
		page := e.get(episodeURL(ep.ID)+"/publish", c).body
		links := href.FindAllStringSubmatch(page, -1)
		if len(links) < 3 {
			t.Fatalf("%s: %d checklist links, want several", kind, len(links))
		}
		editor := e.get(episodeURL(ep.ID), c).body
		for _, l := range links {
			seen[l[2]] = true
			if !strings.Contains(editor, `id="`+l[2]+`"`) {
				t.Errorf("%s: the checklist links to #%s, which the editor does not have", kind, l[2])
			}
		}
	}
	if len(seen) < 8 {
		t.Errorf("only %d distinct fields linked: %v", len(seen), seen)
	}
}
