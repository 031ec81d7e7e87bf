package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// listenForm is a valid editor form for a Listen episode in both
// languages, without its recordings.
func listenForm(title string) url.Values {
	f := episodeForm(0, title)
	f.Set("kind", "listen")
	for _, l := range []string{"en", "fr"} {
		f.Set(l+".media_seconds", "1:30")
		f.Set(l+".transcript", "Every word.")
	}
	return f
}

// TestEpisodeMediaBytes: the editor has a field for the size of each
// version's recording, stored and shown again; a type left empty is the
// media library's type of the file, else the one its extension tells; a
// length left empty is the library's length of the file; a
// size that is not a whole number of bytes is refused next to its field.
func TestEpisodeMediaBytes(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		ed := e.addUser("editor@example.org", content.RoleEditor, content.English, content.UserActive)
		c := e.mustSignIn(ed)
		// An upload the library knows as M4A, under a name whose
		// extension would say MP3: the library's type wins.
		lib := e.addMedia(ed, &content.Media{Kind: content.MediaAudio, MIME: "audio/mp4", Bytes: 10, Label: "talk.m4a",
			Duration: 754*time.Second + 400*time.Millisecond, Path: "uploads/2026/11/" + strings.Repeat("ab", 32) + ".mp3"})

		r := e.get("/admin/episodes/new", c)
		for _, want := range []string{
			`<label for="f-en-media-bytes">Size of the file in bytes</label>`,
			`id="f-en-media-bytes" name="en.media_bytes" value="" inputmode="numeric"`,
			`<label for="f-fr-media-bytes">Size of the file in bytes</label>`,
		} {
			if !strings.Contains(text(r.body), want) {
				t.Errorf("editor lacks %q", want)
			}
		}

		f := listenForm("External talk")
		f.Set("en.media_url", "https://cdn.example.ca/talk-en.m4a")
		f.Set("en.media_bytes", "48 213 004")
		f.Set("fr.media_url", lib.URL())
		f.Set("fr.media_seconds", "") // the library's length fills it
		id := idFromLocation(t, e.post("/admin/episodes/new", c, f))
		ep := e.episode(t, id)
		if v := ep.Version(content.English); v.MediaBytes != 48213004 || v.MediaType != "audio/mp4" {
			t.Errorf("English: size %d, type %q; want 48213004 and the extension's audio/mp4", v.MediaBytes, v.MediaType)
		}
		if v := ep.Version(content.French); v.MediaBytes != 0 || v.MediaType != "audio/mp4" || v.MediaSeconds != 754 {
			t.Errorf("French: size %d, type %q, %d s; want 0, the library's audio/mp4 and its 754 s", v.MediaBytes, v.MediaType, v.MediaSeconds)
		}
		r = e.get(episodeURL(id), c)
		for _, want := range []string{`name="en.media_bytes" value="48213004"`, `name="fr.media_bytes" value=""`,
			`name="en.media_type" value="audio/mp4"`, `name="fr.media_type" value="audio/mp4"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("editor of the saved episode lacks %q", want)
			}
		}
		// A type given is kept.
		f = listenForm("Typed talk")
		f.Set("en.media_url", "/media/typed.mp3")
		f.Set("en.media_type", "audio/ogg")
		if v := e.episode(t, idFromLocation(t, e.post("/admin/episodes/new", c, f))).Version(content.English); v.MediaType != "audio/ogg" {
			t.Errorf("a given type became %q", v.MediaType)
		}

		p := printer(t, "en")
		for _, bad := range []string{"-5", "12 MB", "1.5", "99999999999999999999"} {
			f := listenForm("Bad size")
			f.Set("en.media_url", "https://cdn.example.ca/bad.mp3")
			f.Set("en.media_bytes", bad)
			r := e.post("/admin/episodes/new", c, f)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("size %q: %d", bad, r.StatusCode)
			}
			if want := `<p class="field-error" id="f-en-media-bytes-error">` + p.T(content.EditErrMediaBytes) + `</p>`; !strings.Contains(text(r.body), want) {
				t.Errorf("size %q: no error next to the field", bad)
			}
			if !strings.Contains(text(r.body), `value="`+bad+`"`) {
				t.Errorf("size %q: what was typed is gone", bad)
			}
		}
		if page, _ := e.st.AdminEpisodes(context.Background(), store.AdminEpisodeQuery{}); page.Total != 2 {
			t.Errorf("%d episodes stored, want the 2 valid ones", page.Total)
		}
	})
}

// TestWorkflowFeedChecks: the checklist says what keeps feeds from
// carrying a recording, in the staff member's language, linking to the
// field: an external file without its size and an http address block
// publishing; a file missing from the media folder is a warning.
func TestWorkflowFeedChecks(t *testing.T) {
	e := newEnv(t, apptest.Options{NoDemo: true, NoCache: true})
	ed := e.addUser("redactrice@example.org", content.RoleEditor, content.French, content.UserActive)
	c := e.mustSignIn(ed)
	p := printer(t, "fr")
	listen := func(url func(l content.Lang) string, bytes int64) wfOpt {
		return func(ep *content.Episode) {
			ep.Kind = content.Listen
			for _, l := range content.Langs {
				v := ep.Versions[l]
				v.MediaURL, v.MediaType, v.MediaSeconds, v.MediaBytes, v.Transcript = url(l), "audio/mpeg", 90, bytes, "Words"
			}
		}
	}
	external := func(l content.Lang) string { return "https://cdn.example.ca/talk-" + string(l) + ".mp3" }

	id := e.importEpisode(t, wfEpisode("unsized", listen(external, 0)), nil)
	r := e.step(t, c, id, "publish", nil)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("publish an external file without its size: %d", r.StatusCode)
	}
	for _, l := range content.Langs {
		msg := p.T(content.FeedMediaBytes, "arg", external(l))
		link := `<a href="/admin/episodes/` + strconv.FormatInt(id, 10) + `#f-` + string(l) + `-media-bytes">` + msg + `</a>`
		if !strings.Contains(text(r.body), link) {
			t.Errorf("the checklist lacks %s", link)
		}
	}
	if ep := e.episode(t, id); ep.Status != content.Draft {
		t.Errorf("status changed: %s", ep.Status)
	}
	e.importEpisode(t, wfEpisode("unsized", listen(external, 48213004)), nil)
	if r := e.step(t, c, id, "publish", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish with its size: %d\n%s", r.StatusCode, r.body)
	}

	insecure := func(l content.Lang) string { return "http://cdn.example.ca/talk-" + string(l) + ".mp3" }
	id = e.importEpisode(t, wfEpisode("insecure", listen(insecure, 10)), nil)
	r = e.step(t, c, id, "publish", nil)
	if msg := p.T(content.FeedMediaHTTP, "arg", insecure(content.French)); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), msg) {
		t.Errorf("publish an http address: %d, message %q shown: %t", r.StatusCode, msg, strings.Contains(text(r.body), msg))
	}

	missing := func(l content.Lang) string { return "/media/gone-" + string(l) + ".mp3" }
	id = e.importEpisode(t, wfEpisode("missing", listen(missing, 0)), nil)
	r = e.get("/admin/episodes/"+strconv.FormatInt(id, 10)+"/publish", c)
	if msg := p.T(content.FeedMediaFile, "arg", missing(content.English)); !strings.Contains(text(r.body), msg) {
		t.Errorf("the checklist does not warn %q", msg)
	}
	if r := e.step(t, c, id, "publish", nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a missing file is a warning, yet publishing was refused: %d", r.StatusCode)
	}
}

// TestFeedProblemsPage: the back office lists the published episodes that
// feeds carry without their recording or leave out, with the reason in the
// staff member's language, each linking to the field to fix; nothing when
// every recording can be carried.
func TestFeedProblemsPage(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		writer := e.addUser("writer@example.org", content.RoleContributor, content.English, content.UserActive)
		editor := e.addUser("editeur@example.org", content.RoleEditor, content.French, content.UserActive)
		cw, ce := e.mustSignIn(writer), e.mustSignIn(editor)
		en, fr := printer(t, "en"), printer(t, "fr")

		r := e.get("/admin/feeds", cw)
		if r.StatusCode != http.StatusOK || !strings.Contains(text(r.body), en.T("feeds.none")) {
			t.Fatalf("no problems yet: %d\n%s", r.StatusCode, r.body)
		}
		if !strings.Contains(r.body, `<a href="/admin/feeds" aria-current="page">`+en.T("admin.nav_feeds")+`</a>`) {
			t.Error("the navigation does not lead to the page")
		}

		if err := os.WriteFile(filepath.Join(e.start.MediaDir, "talk.mp3"), []byte("ID3 a recording"), 0o644); err != nil {
			t.Fatal(err)
		}
		published := func(kind content.Kind, url string, bytes int64) wfOpt {
			return func(ep *content.Episode) {
				ep.Kind, ep.Status, ep.PublishedAt = kind, content.Published, e.clock.Now().Add(-time.Hour)
				for _, l := range content.Langs {
					v := ep.Versions[l]
					v.MediaURL, v.MediaType, v.MediaSeconds, v.MediaBytes, v.Transcript = url, "audio/mpeg", 90, bytes, "Words"
				}
			}
		}
		ids := map[string]int64{}
		for key, opt := range map[string]wfOpt{
			"good-external": published(content.Listen, "https://cdn.example.ca/good.mp3", 1234),
			"good-site":     published(content.Listen, "/media/talk.mp3", 0),
			"unsized":       published(content.Listen, "https://cdn.example.ca/unsized.mp3", 0),
			"insecure":      published(content.Listen, "http://cdn.example.ca/insecure.mp3", 10),
			"gone":          published(content.Listen, "/media/gone.mp3", 0),
			"draft-bad": func(ep *content.Episode) {
				published(content.Listen, "http://cdn.example.ca/draft.mp3", 0)(ep)
				ep.Status = content.Draft
			},
			"read": func(ep *content.Episode) {
				ep.Status, ep.PublishedAt = content.Published, e.clock.Now().Add(-time.Hour)
			},
		} {
			ids[key] = e.importEpisode(t, wfEpisode(key, opt), nil)
		}

		r = e.get("/admin/feeds", cw)
		body := text(r.body)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d", r.StatusCode)
		}
		if !strings.Contains(body, en.N("feeds.episodes", 3)) {
			t.Errorf("the page does not count 3 episodes (%q)", en.N("feeds.episodes", 3))
		}
		for _, want := range []struct {
			key, field, lang, msg string
		}{
			{"unsized", "media_bytes", "en", en.T(content.FeedMediaBytes, "arg", "https://cdn.example.ca/unsized.mp3")},
			{"unsized", "media_bytes", "fr", en.T(content.FeedMediaBytes, "arg", "https://cdn.example.ca/unsized.mp3")},
			{"insecure", "media_url", "fr", en.T(content.FeedMediaHTTP, "arg", "http://cdn.example.ca/insecure.mp3")},
			{"gone", "media_url", "en", en.T(content.FeedMediaFile, "arg", "/media/gone.mp3")},
		} {
			link := `<a href="/admin/episodes/` + strconv.FormatInt(ids[want.key], 10) + `#f-` + want.lang + `-` + strings.ReplaceAll(want.field, "_", "-") + `" lang="` + want.lang + `-CA">` + want.key + ` ` + want.lang + `</a>`
			if !strings.Contains(body, link) {
				t.Errorf("the page lacks %s", link)
			}
			if !strings.Contains(body, want.msg) {
				t.Errorf("the page lacks %q", want.msg)
			}
		}
		for _, key := range []string{"good-external", "good-site", "draft-bad", "read"} {
			if strings.Contains(body, ">"+key+" en<") || strings.Contains(body, ">"+key+" fr<") {
				t.Errorf("%s is listed", key)
			}
		}
		if n := strings.Count(body, "<tr>") - 1; n != 6 {
			t.Errorf("%d rows, want 6 (two languages of three episodes)", n)
		}

		// In French, for a French-speaking editor.
		r = e.get("/admin/feeds", ce)
		body = text(r.body)
		if htmlLang(r.body) != "fr-CA" || !strings.Contains(body, fr.T("feeds.intro")) ||
			!strings.Contains(body, fr.T(content.FeedMediaHTTP, "arg", "http://cdn.example.ca/insecure.mp3")) {
			t.Errorf("the French page lacks its French text:\n%s", r.body)
		}

		// Fixed in the episode, the problem goes.
		e.importEpisode(t, wfEpisode("unsized", published(content.Listen, "https://cdn.example.ca/unsized.mp3", 99)), nil)
		if body := text(e.get("/admin/feeds", cw).body); strings.Contains(body, ">unsized en<") || !strings.Contains(body, en.N("feeds.episodes", 2)) {
			t.Error("a fixed episode is still listed")
		}
	})
}
