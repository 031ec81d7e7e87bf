package storetest

import (
	"errors"
	"testing"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
)

func taxSearch(t *testing.T, s store.Store, lang content.Lang, q string) []string {
	t.Helper()
	res := runSearch(t, s, store.SearchQuery{Lang: lang, Terms: search.ParseQuery(string(lang), q).Terms, Limit: 50})
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Episode.Key)
	}
	return out
}

func fieldErr(err error) map[string]string {
	var ve *content.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}

func testTaxonomyAdmin(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustImport(t, s, bundle(
		episode("one", day(2), topics("data"), authors("lovelace"), inSeries("basics", 1)),
		episode("two", day(1), topics("data", "ai"), authors("lovelace"), inSeries("basics", 2)),
		episode("three", day(1), draft, inSeries("basics", 3)),
	))
	data, err := s.TopicBySlug(ctx, en, "data")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("TopicByID", func(t *testing.T) {
		got, err := s.TopicByID(ctx, data.ID)
		if err != nil || got.Key != "data" || got.Names.FR != "Données" {
			t.Fatalf("TopicByID = %+v, %v", got, err)
		}
		if _, err := s.TopicByID(ctx, 999999); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("missing topic: %v; want ErrNotFound", err)
		}
	})

	t.Run("CreateTopic", func(t *testing.T) {
		g := generation(t, s)
		nt := content.Topic{Names: content.Bilingual{EN: "Ethics", FR: "Éthique"}, Slugs: content.Bilingual{EN: "ethics", FR: "ethique"}}
		id, err := s.CreateTopic(ctx, nt, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.TopicByID(ctx, id)
		if err != nil || got.Key != "ethics" || got.Slugs.FR != "ethique" {
			t.Fatalf("created %+v, %v", got, err)
		}
		if generation(t, s) <= g {
			t.Error("creating a topic did not bump the generation")
		}
		// Same English slug: refused on that field only; the key would be
		// ethics-2, but nothing is stored.
		nt.Slugs.FR = "ethique-bis"
		_, err = s.CreateTopic(ctx, nt, nil, now)
		if f := fieldErr(err); f["slug_en"] != content.TaxErrSlugTaken || f["slug_fr"] != "" {
			t.Errorf("duplicate slug: %v", err)
		}
		if _, err := s.TopicBySlug(ctx, fr, "ethique-bis"); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("a refused topic was stored: %v", err)
		}
	})

	t.Run("UpdateTopic", func(t *testing.T) {
		cur, _ := s.TopicByID(ctx, data.ID)
		stamp := content.TopicStamp(*cur)
		if got := taxSearch(t, s, en, "statistics"); len(got) != 0 {
			t.Fatalf("found before rename: %v", got)
		}
		upd := *cur
		upd.Names.EN = "Data and statistics"
		upd.Slugs.EN = "data-and-statistics"
		g := generation(t, s)
		moves := []store.Move{{From: "/en/topics/data", To: "/en/topics/data-and-statistics"}}
		if err := s.UpdateTopic(ctx, upd, stamp, moves, now); err != nil {
			t.Fatal(err)
		}
		if generation(t, s) <= g {
			t.Error("no generation bump")
		}
		// The new name is indexed with both episodes, in the same step.
		if got := taxSearch(t, s, en, "statistics"); len(got) != 2 {
			t.Errorf("search after rename: %v; want one and two", got)
		}
		if got := target(t, s, "/EN/topics/data/"); got != "/en/topics/data-and-statistics" {
			t.Errorf("old topic URL leads to %q", got)
		}
		// The stamp is stale now.
		if err := s.UpdateTopic(ctx, upd, stamp, nil, now); !errors.Is(err, content.ErrConflict) {
			t.Errorf("stale stamp: %v; want ErrConflict", err)
		}
		// Moving again collapses the chain: the first old URL leads to the
		// newest page; moving back removes the redirect from the live page.
		cur, _ = s.TopicByID(ctx, data.ID)
		back := *cur
		back.Slugs.EN = "data"
		if err := s.UpdateTopic(ctx, back, content.TopicStamp(*cur), []store.Move{{From: "/en/topics/data-and-statistics", To: "/en/topics/data"}}, now); err != nil {
			t.Fatal(err)
		}
		if got := target(t, s, "/en/topics/data"); got != "" {
			t.Errorf("the live page still redirects to %q", got)
		}
		if got := target(t, s, "/en/topics/data-and-statistics"); got != "/en/topics/data" {
			t.Errorf("second old URL leads to %q", got)
		}
		// A slug another topic uses.
		cur, _ = s.TopicByID(ctx, data.ID)
		clash := *cur
		clash.Slugs.FR = "securite"
		if f := fieldErr(s.UpdateTopic(ctx, clash, content.TopicStamp(*cur), nil, now)); f["slug_fr"] != content.TaxErrSlugTaken {
			t.Errorf("slug clash: %v", f)
		}
		if _, err := s.TopicBySlug(ctx, fr, "donnees"); err != nil {
			t.Errorf("a refused update changed the topic: %v", err)
		}
	})

	t.Run("DeleteTopic", func(t *testing.T) {
		var iu *content.InUseError
		if err := s.DeleteTopic(ctx, data.ID); !errors.As(err, &iu) || iu.Episodes != 2 {
			t.Errorf("deleting a used topic: %v; want InUseError{2}", err)
		}
		sec, err := s.TopicBySlug(ctx, en, "security")
		if err != nil {
			t.Fatal(err)
		}
		g := generation(t, s)
		if err := s.DeleteTopic(ctx, sec.ID); err != nil {
			t.Fatal(err)
		}
		if generation(t, s) <= g {
			t.Error("no generation bump")
		}
		if err := s.DeleteTopic(ctx, sec.ID); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
	})

	t.Run("Author", func(t *testing.T) {
		ada, err := s.AuthorBySlug(ctx, en, "ada-lovelace")
		if err != nil {
			t.Fatal(err)
		}
		upd := *ada
		upd.Name = "Augusta Ada King"
		upd.Photo = "https://images.example.org/ada.jpg"
		upd.Slugs.FR = "augusta-ada-king"
		if err := s.UpdateAuthor(ctx, upd, content.AuthorStamp(*ada), []store.Move{{From: "/fr/auteurs/ada-lovelace-fr", To: "/fr/auteurs/augusta-ada-king"}}, now); err != nil {
			t.Fatal(err)
		}
		got, err := s.AuthorByID(ctx, ada.ID)
		if err != nil || got.Name != "Augusta Ada King" || got.Photo != upd.Photo {
			t.Fatalf("updated author %+v, %v", got, err)
		}
		// Episodes carry the photo and the name, and search finds the new name.
		if ep := mustBySlug(t, s, en, "one-en"); len(ep.Authors) != 1 || ep.Authors[0].Photo != upd.Photo {
			t.Errorf("episode authors %+v", ep.Authors)
		}
		if got := taxSearch(t, s, fr, "augusta"); len(got) != 2 {
			t.Errorf("search for the new name: %v", got)
		}
		if got := target(t, s, "/fr/auteurs/ada-lovelace-fr"); got != "/fr/auteurs/augusta-ada-king" {
			t.Errorf("old author URL → %q", got)
		}
		if err := s.UpdateAuthor(ctx, upd, content.AuthorStamp(*ada), nil, now); !errors.Is(err, content.ErrConflict) {
			t.Errorf("stale: %v", err)
		}
		var iu *content.InUseError
		if err := s.DeleteAuthor(ctx, ada.ID); !errors.As(err, &iu) {
			t.Errorf("delete used author: %v", err)
		}
		id, err := s.CreateAuthor(ctx, content.Author{Name: "Grace Hopper", Slugs: content.Bilingual{EN: "grace-hopper", FR: "grace-hopper"},
			Bios: content.Bilingual{EN: "b", FR: "b"}}, []store.Move{{To: "/en/authors/grace-hopper"}}, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAuthor(ctx, id); err != nil {
			t.Errorf("delete unused author: %v", err)
		}
	})

	t.Run("Series", func(t *testing.T) {
		basics, err := s.SeriesBySlug(ctx, en, "data-basics")
		if err != nil {
			t.Fatal(err)
		}
		eps, err := s.SeriesEpisodes(ctx, basics.ID)
		if err != nil || len(eps) != 3 {
			t.Fatalf("SeriesEpisodes = %+v, %v", eps, err)
		}
		if eps[2].Status != content.Draft || eps[0].Title.FR != "one fr" || eps[0].Position != 1 {
			t.Errorf("series episodes %+v", eps)
		}
		order := []int64{eps[2].EpisodeID, eps[0].EpisodeID, eps[1].EpisodeID}
		g := generation(t, s)
		if err := s.ReorderSeries(ctx, basics.ID, order, now); err != nil {
			t.Fatal(err)
		}
		if generation(t, s) <= g {
			t.Error("no generation bump")
		}
		eps, _ = s.SeriesEpisodes(ctx, basics.ID)
		for i, e := range eps {
			if e.EpisodeID != order[i] || e.Position != i+1 {
				t.Errorf("after reorder %d: %+v", i, e)
			}
		}
		// The public listing follows the new order (the draft is not live).
		page, err := s.Episodes(ctx, store.EpisodeQuery{Lang: en, Now: now, SeriesID: basics.ID, Limit: 10})
		if err != nil || len(page.Episodes) != 2 || page.Episodes[0].Key != "one" {
			t.Errorf("listing after reorder: %v, %v", page.Episodes, err)
		}
		for _, bad := range [][]int64{order[:2], {order[0], order[0], order[1]}, append(order, 999999)} {
			if err := s.ReorderSeries(ctx, basics.ID, bad, now); !errors.Is(err, content.ErrConflict) {
				t.Errorf("ReorderSeries(%v) = %v; want ErrConflict", bad, err)
			}
		}
		upd := *basics
		upd.Titles.FR = "Les bases des données"
		upd.IntrosHTML.FR = "<p>Nouvelle</p>"
		if err := s.UpdateSeries(ctx, upd, content.SeriesStamp(*basics), nil, now); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.SeriesByID(ctx, basics.ID); got.Titles.FR != upd.Titles.FR || got.IntrosHTML.FR != "<p>Nouvelle</p>" {
			t.Errorf("updated series %+v", got)
		}
		var iu *content.InUseError
		if err := s.DeleteSeries(ctx, basics.ID); !errors.As(err, &iu) || iu.Episodes != 3 {
			t.Errorf("delete used series: %v", err)
		}
		adv, _ := s.SeriesBySlug(ctx, en, "advanced-data")
		if err := s.DeleteSeries(ctx, adv.ID); err != nil {
			t.Errorf("delete unused series: %v", err)
		}
	})

	t.Run("Usage", func(t *testing.T) {
		u, err := s.TaxonomyUsage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ai, _ := s.TopicBySlug(ctx, en, "artificial-intelligence")
		basics, _ := s.SeriesBySlug(ctx, en, "data-basics")
		if u.Topics[data.ID] != 2 || u.Topics[ai.ID] != 1 || u.Series[basics.ID] != 3 || len(u.Authors) != 1 {
			t.Errorf("usage %+v", u)
		}
	})
}

// testAuthorFrenchNoun: an author's French noun (content.FrenchNoun) is
// written by imports, CreateAuthor and UpdateAuthor, read back by every
// way authors are loaded (by slug, by id, the list, an episode's full
// load, search hits), takes part in the edit stamp, and a value the
// domain does not know is refused by the database without writing.
func testAuthorFrenchNoun(t *testing.T, s store.Store) {
	ctx := t.Context()
	b := bundle(episode("one", day(2), topics("data"), authors("lovelace", "babbage")))
	b.Authors[0].FrenchNoun = content.FrenchAutrice // lovelace
	mustImport(t, s, b)

	// nouns reads lovelace's and babbage's nouns through every loader.
	nouns := func(t *testing.T, wantAda, wantCharles content.FrenchNoun) {
		t.Helper()
		want := map[string]content.FrenchNoun{"lovelace": wantAda, "babbage": wantCharles}
		check := func(how string, a content.Author) {
			t.Helper()
			if w, ok := want[a.Key]; ok && a.FrenchNoun != w {
				t.Errorf("%s: %s has fr_noun %q; want %q", how, a.Key, a.FrenchNoun, w)
			}
		}
		for key, slug := range map[string]string{"lovelace": "ada-lovelace", "babbage": "charles-babbage"} {
			a, err := s.AuthorBySlug(ctx, fr, slug+"-fr")
			if err != nil {
				t.Fatalf("AuthorBySlug(%s): %v", key, err)
			}
			check("AuthorBySlug", *a)
			byID, err := s.AuthorByID(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			check("AuthorByID", *byID)
		}
		all, err := s.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			check("Authors", a)
		}
		ep := mustBySlug(t, s, fr, "one-fr")
		if len(ep.Authors) != 2 {
			t.Fatalf("episode authors %+v", ep.Authors)
		}
		for _, a := range ep.Authors {
			check("EpisodeBySlug", a)
		}
		res := runSearch(t, s, store.SearchQuery{Lang: fr, Terms: search.ParseQuery("fr", "lovelace").Terms, Limit: 10})
		if len(res.Hits) != 1 || len(res.Hits[0].Episode.Authors) != 2 {
			t.Fatalf("search hits %+v", res.Hits)
		}
		for _, a := range res.Hits[0].Episode.Authors {
			check("Search", a)
		}
	}

	t.Run("Import", func(t *testing.T) {
		nouns(t, content.FrenchAutrice, content.FrenchAuteur)
		// Importing again updates the choice; a file without the field
		// sets the default, as it does every field it carries.
		b := bundle()
		b.Authors[0].FrenchNoun = content.FrenchNeutral
		b.Authors[1].FrenchNoun = content.FrenchAuteure
		mustImport(t, s, b)
		nouns(t, content.FrenchNeutral, content.FrenchAuteure)
		mustImport(t, s, bundle())
		nouns(t, content.FrenchAuteur, content.FrenchAuteur)
	})

	t.Run("UpdateAuthor", func(t *testing.T) {
		for _, n := range content.FrenchNouns {
			ada, err := s.AuthorBySlug(ctx, en, "ada-lovelace")
			if err != nil {
				t.Fatal(err)
			}
			upd := *ada
			upd.FrenchNoun = n
			g := generation(t, s)
			if err := s.UpdateAuthor(ctx, upd, content.AuthorStamp(*ada), nil, now); err != nil {
				t.Fatalf("%q: %v", n, err)
			}
			if generation(t, s) <= g {
				t.Errorf("%q: no generation bump", n)
			}
			nouns(t, n, content.FrenchAuteur)
			if n != ada.FrenchNoun {
				// The stamp saw the change: the form opened before it is stale.
				if err := s.UpdateAuthor(ctx, *ada, content.AuthorStamp(*ada), nil, now); !errors.Is(err, content.ErrConflict) {
					t.Errorf("%q: save on the old stamp: %v; want ErrConflict", n, err)
				}
			}
		}
	})

	t.Run("CreateAuthor", func(t *testing.T) {
		id, err := s.CreateAuthor(ctx, content.Author{Name: "Grace Hopper", Slugs: content.Bilingual{EN: "grace-hopper", FR: "grace-hopper"},
			Bios: content.Bilingual{EN: "b", FR: "b"}, FrenchNoun: content.FrenchAuteure}, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.AuthorByID(ctx, id)
		if err != nil || got.FrenchNoun != content.FrenchAuteure {
			t.Fatalf("created author %+v, %v", got, err)
		}
	})

	t.Run("UnknownRefused", func(t *testing.T) {
		ada, err := s.AuthorBySlug(ctx, en, "ada-lovelace")
		if err != nil {
			t.Fatal(err)
		}
		upd := *ada
		upd.Name = "Not saved"
		upd.FrenchNoun = "feminine" // past the domain's check: the database's CHECK
		if err := s.UpdateAuthor(ctx, upd, content.AuthorStamp(*ada), nil, now); err == nil {
			t.Fatal("an unknown fr_noun was stored")
		}
		if _, err := s.CreateAuthor(ctx, content.Author{Name: "Nobody", Slugs: content.Bilingual{EN: "nobody", FR: "personne"},
			Bios: content.Bilingual{EN: "b", FR: "b"}, FrenchNoun: "Autrice"}, nil, now); err == nil {
			t.Error("an author with an unknown fr_noun was created")
		}
		b := bundle()
		b.Authors[0].FrenchNoun = "masculine"
		if _, err := s.ImportBundle(ctx, b, now); err == nil {
			t.Error("an import with an unknown fr_noun was stored")
		}
		got, err := s.AuthorByID(ctx, ada.ID)
		if err != nil || *got != *ada {
			t.Errorf("after the refusals: %+v, %v; want %+v", got, err, ada)
		}
		if _, err := s.AuthorBySlug(ctx, en, "nobody"); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("refused author: %v; want ErrNotFound", err)
		}
	})
}
