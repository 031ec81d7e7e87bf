package web_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// TestChangesDropTheirPages warms the page cache with every page and feed
// of the site, makes one change through the store (as the back office
// does, in this process), and compares each page the cache then serves
// with the page as it is now, built by a second app without a cache on
// the same database. No page may be stale (served from the cache though
// it changed); pages the change cannot touch must stay cached; and the
// pages dropped must be few for a change that touches few.
func TestChangesDropTheirPages(t *testing.T) {
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		st := s.App.Store
		fresh := apptest.Uncached(t, s)
		paths := sitePaths(t, s)
		now := s.Clock.Now()
		dn, err := st.EpisodeBySlug(ctx, content.English, strings.TrimPrefix(dnEN, "/en/episodes/"), now)
		if err != nil {
			t.Fatal(err)
		}
		draftID := mustDraft(t, st, now)
		topic := dn.Topics[0]
		// edit saves a change as an editor who publishes it at once;
		// propose saves a pending change of a live episode.
		save := func(id int64, publish bool, fn func(e *content.Episode)) error {
			e, err := st.WorkingEpisode(ctx, id)
			if err != nil {
				return err
			}
			fn(e)
			_, err = st.SaveEpisode(ctx, e, content.SaveInfo{BaseRevision: e.Revision, Now: now, Publish: publish})
			return err
		}
		edit := func(id int64, fn func(e *content.Episode)) error { return save(id, true, fn) }
		propose := func(id int64, fn func(e *content.Episode)) error { return save(id, false, fn) }

		warm, before, beforeNow := paths, map[string][]byte{}, map[string][]byte{}
		for _, sc := range []struct {
			name   string
			change func() error
			// drop must be dropped; keep must stay cached; maxDropped
			// bounds the pages dropped (0: no bound).
			drop, keep []string
			maxDropped int
			every      bool // every page is dropped
			footer     bool // every page with the footer may be dropped (not feeds)
		}{
			{name: "draft edit", change: func() error {
				return edit(draftID, func(e *content.Episode) { e.Versions[content.English].Title = "Still a draft, retitled" })
			}, maxDropped: -1},
			{name: "pending change of a live episode", change: func() error {
				return propose(dn.ID, func(e *content.Episode) { e.Versions[content.English].Title = "Digital Nations 2020, proposed" })
			}, maxDropped: -1},
			{name: "pending change published", change: func() error {
				e, err := st.WorkingEpisode(ctx, dn.ID)
				if err != nil {
					return err
				}
				return st.PublishPending(ctx, dn.ID, e.Revision, now)
			}, drop: []string{dnEN, "/en/"}, keep: []string{"/en/glossary", "/fr/glossaire", "/en/subscribe", "/fr/abonnement"}},
			{name: "glossary", change: func() error {
				_, err := st.CreateGlossaryTerm(ctx, content.GlossaryTerm{Terms: content.Bilingual{EN: "Caching", FR: "Mise en cache"},
					Definitions: content.Bilingual{EN: "Keeping a copy near.", FR: "Garder une copie près de soi."}}, now)
				return err
			}, drop: []string{"/en/glossary", "/fr/glossaire", "/sitemap.xml"}, keep: []string{dnEN, "/en/"}, maxDropped: 3}, // the sitemap dates the glossary by its newest entry
			{name: "site page text", change: func() error {
				return editSitePage(st, content.SitePageAbout, now, func(p *content.SitePage) {
					v := p.Versions[content.English]
					v.BodyMarkdown, v.BodyHTML = "We make short lessons.", "<p>We make short lessons.</p>"
				})
			}, drop: []string{"/en/about", "/fr/a-propos"}, keep: []string{"/en/", dnEN, "/en/glossary", "/en/terms", "/sitemap.xml"}, maxDropped: 2},
			{name: "site page address", change: func() error {
				return editSitePage(st, content.SitePageContact, now, func(p *content.SitePage) { p.Versions[content.French].Slug = "nous-joindre" })
			}, drop: []string{"/en/", "/fr/", dnEN, "/en/contact", "/en/glossary", "/sitemap.xml"},
				keep: []string{"/en/feeds/episodes.xml", "/fr/fils/episodes.xml", "/en/feeds/episodes.atom"}, footer: true},
			{name: "title of a live episode", change: func() error {
				return edit(dn.ID, func(e *content.Episode) { e.Versions[content.English].Title = "Digital Nations 2020, retitled" })
			}, drop: []string{dnEN, "/en/"}, keep: []string{"/en/glossary", "/fr/glossaire", "/en/subscribe", "/fr/abonnement"}},
			{name: "topic renamed", change: func() error {
				t2 := topic
				t2.Names.EN += " (renamed)"
				return st.UpdateTopic(ctx, t2, content.TopicStamp(topic), nil, now)
			}, drop: []string{dnEN, "/en/subscribe"}, keep: []string{"/en/glossary"}},
			{name: "unpublished", change: func() error {
				return st.ChangeEpisodeState(ctx, store.StateChange{EpisodeID: dn.ID, Op: content.OpUnpublish, From: content.Published, Revision: mustRevision(t, st, dn.ID), Now: now})
			}, drop: []string{"/en/", "/fr/"}, keep: []string{"/en/glossary"}},
			{name: "banner", change: func() error {
				return st.SetNotice(ctx, content.Notice{Enabled: true, Text: content.Bilingual{EN: "New banner", FR: "Nouvelle bannière"}})
			}, every: true},
		} {
			// Warm: every page built once, then served from the cache (after
			// the first change, only the pages the last one dropped: the
			// others are still cached, as the page they are now).
			for _, p := range warm {
				get(t, s, p)
				r := get(t, s, p)
				if r.StatusCode == http.StatusOK && r.Header.Get("X-Cache") != "hit" {
					t.Fatalf("%s: %s not cached after two reads (X-Cache %q)", sc.name, p, r.Header.Get("X-Cache"))
				}
				before[p] = r.Body
			}
			if err := sc.change(); err != nil {
				t.Fatalf("%s: %v", sc.name, err)
			}
			var dropped, changed []string
			for _, p := range paths {
				r := get(t, s, p)
				hit := r.Header.Get("X-Cache") == "hit"
				// A page built now is the page as it is; a page served from
				// the cache is compared with one built without it.
				now := r.Body
				if hit {
					rec := httptest.NewRecorder()
					fresh.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
					now = rec.Body.Bytes()
					if !bytes.Equal(r.Body, now) {
						t.Errorf("%s: %s is stale: served from the cache but the page changed", sc.name, p)
					}
				}
				if !bytes.Equal(before[p], now) {
					changed = append(changed, p)
				}
				beforeNow[p] = now
				if !hit {
					dropped = append(dropped, p)
				}
			}
			t.Logf("%s: %d of %d pages dropped, %d changed", sc.name, len(dropped), len(paths), len(changed))
			for _, p := range paths {
				if !slices.Contains(dropped, p) {
					before[p] = beforeNow[p]
				}
			}
			warm = dropped
			for _, p := range changed {
				if !slices.Contains(dropped, p) {
					t.Errorf("%s: %s changed but was not dropped", sc.name, p)
				}
			}
			for _, p := range sc.drop {
				if !slices.Contains(dropped, p) {
					t.Errorf("%s: %s was not dropped", sc.name, p)
				}
			}
			for _, p := range sc.keep {
				if slices.Contains(dropped, p) {
					t.Errorf("%s: %s was dropped", sc.name, p)
				}
			}
			switch {
			case sc.every && len(dropped) != len(paths):
				t.Errorf("%s: %d of %d pages dropped; want every page", sc.name, len(dropped), len(paths))
			case sc.maxDropped < 0 && len(dropped) != 0:
				t.Errorf("%s: dropped %q; want none", sc.name, dropped)
			case sc.maxDropped > 0 && len(dropped) > sc.maxDropped:
				t.Errorf("%s: dropped %q; want at most %d", sc.name, dropped, sc.maxDropped)
			case !sc.every && !sc.footer && len(dropped) > len(paths)/2:
				t.Errorf("%s: dropped %d of %d pages; a change to one thing should keep most", sc.name, len(dropped), len(paths))
			}
		}
	})
}

// sitePaths lists every page of the sitemaps, and the feeds, podcasts and
// indexes of both languages.
func sitePaths(t *testing.T, s *apptest.Start) []string {
	t.Helper()
	seen := map[string]bool{}
	var paths []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	var walk func(p string)
	walk = func(p string) {
		r := get(t, s, p)
		wantStatus(t, r, http.StatusOK)
		var doc struct {
			Locs []string `xml:"sitemap>loc"`
			URLs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(r.Body, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, l := range doc.Locs {
			walk(pathOf(t, l))
		}
		for _, l := range doc.URLs {
			add(pathOf(t, l))
		}
	}
	walk("/sitemap.xml")
	for _, p := range []string{
		"/en/", "/fr/", "/en/feeds/episodes.xml", "/fr/fils/episodes.xml", "/en/feeds/episodes.atom", "/en/feeds/episodes.json",
		"/en/glossary", "/fr/glossaire", "/sitemap.xml", "/en/subscribe", "/fr/abonnement",
	} {
		add(p)
	}
	if len(paths) < 20 {
		t.Fatalf("only %d pages: %q", len(paths), paths)
	}
	return paths
}

func pathOf(t *testing.T, loc string) string {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// editSitePage saves the stored site page key changed by fn, as the back
// office does.
func editSitePage(st store.Store, key content.SitePageKey, now time.Time, fn func(p *content.SitePage)) error {
	p, err := st.SitePageByKey(context.Background(), key)
	if err != nil {
		return err
	}
	fn(p)
	_, err = st.SaveSitePage(context.Background(), p, content.SaveInfo{BaseRevision: p.Revision, Now: now})
	return err
}

// mustDraft saves a new draft episode and returns its id.
func mustDraft(t *testing.T, st store.Store, now time.Time) int64 {
	t.Helper()
	e := &content.Episode{Kind: content.Read, Versions: map[content.Lang]*content.Version{
		content.English: {Lang: content.English, Title: "A draft nobody sees", Slug: "a-draft-nobody-sees", Summary: "Not yet.", BodyMarkdown: "Draft.", BodyHTML: "<p>Draft.</p>", WordCount: 1},
	}}
	if _, err := st.SaveEpisode(context.Background(), e, content.SaveInfo{Now: now}); err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func mustRevision(t *testing.T, st store.Store, id int64) int {
	t.Helper()
	e, err := st.EpisodeByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e.Revision
}
