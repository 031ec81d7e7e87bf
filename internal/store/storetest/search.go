package storetest

import (
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
)

// testSearch is the search conformance suite. Its subtests share one store
// and run in order: the relevance table first (exact orders, identical on
// every database), then the tests that change the index.
func testSearch(t *testing.T, s store.Store) {
	mustImport(t, s, searchBundle())
	ids := map[int64]string{}
	for _, k := range searchKeys {
		ids[idOf(t, s, k)] = k
	}
	steps := []struct {
		name string
		fn   func(t *testing.T, s store.Store, ids map[int64]string)
	}{
		{"Relevance", testSearchRelevance},
		{"LiveOnly", testSearchLiveOnly},
		{"Filters", testSearchFilters},
		{"TopicCounts", testSearchTopicCounts},
		{"Pagination", testSearchPagination},
		{"HitText", testSearchHitText},
		{"Words", testSearchWords},
		{"Hostile", testSearchHostile},
		{"FailedImportKeepsIndex", testSearchFailedImport},
		{"ReimportChangesIndex", testSearchReimport},
		{"RemovedLanguage", testSearchRemovedLanguage},
		{"Reindex", testSearchReindex},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) { st.fn(t, s, ids) })
	}
}

// searchKeys are the episodes of searchBundle, in import order.
var searchKeys = []string{
	"nations", "gouv", "ia-elided", "ia-plain", "bike-title", "bike-summary", "bike-body",
	"bike-draft", "bike-future", "compost-new", "compost-old", "ottawa-en", "ottawa-fr",
}

// texts sets the title, summary and HTML body of the version in lang.
func texts(lang content.Lang, title, summary, body string) opt {
	return func(e *content.Episode) {
		v := e.Versions[lang]
		if v == nil {
			v = &content.Version{Lang: lang}
			e.Versions[lang] = v
		}
		v.Title, v.Summary, v.BodyHTML = title, summary, body
		v.BodyMarkdown = strings.NewReplacer("<p>", "", "</p>", "\n\n").Replace(body)
	}
}

// transcript sets the HTML transcript of the version in lang.
func transcript(lang content.Lang, html string) opt {
	return func(e *content.Episode) {
		e.Versions[lang].TranscriptHTML = html
		e.Versions[lang].Transcript = strings.NewReplacer("<p>", "", "</p>", "\n\n").Replace(html)
	}
}

// words sets the word count of both versions (the reading time of Read
// episodes).
func words(n int) opt {
	return func(e *content.Episode) {
		for _, v := range e.Versions {
			v.WordCount = n
		}
	}
}

// mediaSecs sets the recording length of both versions.
func mediaSecs(n int) opt {
	return func(e *content.Episode) {
		for _, v := range e.Versions {
			v.MediaSeconds = n
			v.MediaURL = "/media/x.mp3"
			v.MediaType = "audio/mpeg"
		}
	}
}

// searchBundle is a small bilingual site whose every word is placed on
// purpose: the relevance table below depends on where each word occurs.
func searchBundle() *content.Bundle {
	return bundle(
		episode("nations", day(40), withID("nations"),
			texts(en, "Digital Nations summit", "Canada chairs a group of leading digital governments this year.",
				"<p>We are resilient: the summit moves online and every government takes part from home.</p>"),
			texts(fr, "Sommet des Nations numériques", "Le Canada préside cette année un groupe de chefs de file.",
				"<p>Nous sommes résilients : le sommet se tient en ligne.</p>")),
		episode("gouv", day(35), withID("gouv"),
			texts(en, "Open by default", "Publishing reports openly.",
				"<p>The government publishes its reports under an open licence.</p>"),
			texts(fr, "Ouvert par défaut", "Publier les rapports ouvertement.",
				"<p>Le gouvernement publie ses rapports sous licence ouverte.</p>")),
		episode("ia-elided", day(8), withID("ia-elided"),
			texts(en, "Machine learning basics", "What a model learns from examples.",
				"<p>Start with a small, clean training set.</p>"),
			texts(fr, "Les bases de l’apprentissage automatique", "Ce que l’intelligence d’un modèle doit aux exemples.",
				"<p>Commencez par un petit jeu d’entraînement propre.</p>")),
		episode("ia-plain", day(3), withID("ia-plain"),
			texts(en, "Chatbots at the counter", "Answering citizens faster.",
				"<p>A chatbot can answer simple questions at any hour.</p>"),
			texts(fr, "Des agents conversationnels au comptoir", "Répondre plus vite aux citoyens.",
				"<p>Cette intelligence répond aux questions simples à toute heure.</p>")),
		episode("bike-title", day(30), withID("bike-title"), kind(content.Read), words(952),
			topics("data", "privacy"), authors("lovelace"), inSeries("basics", 1),
			texts(en, "Bicycle commuting in winter", "Staying warm and safe on the way to the office.",
				"<p>Studded tyres make the difference on ice.</p>"),
			texts(fr, "Le vélo en hiver", "Rester au chaud en route vers le bureau.",
				"<p>Les pneus à crampons font la différence sur la glace.</p>")),
		episode("bike-summary", day(20), withID("bike-summary"), kind(content.Watch), mediaSecs(1500),
			topics("data"), authors("babbage"), inSeries("advanced", 1),
			texts(en, "Choosing a helmet", "Why every bicycle rider needs a helmet that fits.",
				"<p>A helmet should sit level on the head.</p>"),
			texts(fr, "Choisir un casque", "Pourquoi chaque amateur de vélo a besoin d’un casque bien ajusté.",
				"<p>Un casque doit reposer à plat sur la tête.</p>")),
		episode("bike-body", day(1), withID("bike-body"), kind(content.Listen), mediaSecs(600),
			topics("security"), authors("lovelace"), inSeries("basics", 2),
			texts(en, "Parking at headquarters", "Where to leave what you ride to work.",
				"<p>The racks are near the east door.</p>"),
			transcript(en, "<p>Lock your bicycle to the racks.</p>"),
			texts(fr, "Stationner au siège social", "Où laisser ce qui vous transporte au travail.",
				"<p>Les supports sont près de la porte.</p>"),
			transcript(fr, "<p>Attachez votre vélo aux supports.</p>")),
		episode("bike-draft", day(2), withID("bike-draft"), draft,
			texts(en, "Bicycle repair clinic", "Fix your bicycle.", "<p>Bicycle bicycle.</p>"),
			texts(fr, "Atelier de réparation de vélos", "Réparez votre vélo.", "<p>Vélo vélo.</p>")),
		episode("bike-future", now.Add(48*time.Hour), withID("bike-future"),
			texts(en, "Bicycle month", "A month of cycling events.", "<p>Join a ride.</p>"),
			texts(fr, "Le mois du vélo", "Un mois d’activités cyclistes.", "<p>Joignez-vous à une sortie.</p>")),
		episode("compost-new", day(5), withID("compost-new"),
			texts(en, "Office kitchens", "Small changes in the shared kitchen.", "<p>Put a compost bin beside the sink.</p>"),
			texts(fr, "Cuisines de bureau", "De petits changements dans la cuisine commune.", "<p>Placez un bac à compost près de l’évier.</p>")),
		episode("compost-old", day(15), withID("compost-old"),
			texts(en, "Greener floors", "Waste sorting on every floor.", "<p>Each floor has a compost station.</p>"),
			texts(fr, "Des étages plus verts", "Le tri des déchets à chaque étage.", "<p>Chaque étage a une station de compost.</p>")),
		episode("ottawa-en", day(6), withID("ottawa-en"), only(en),
			texts(en, "Ottawa transit tips", "Getting around the capital.", "<p>Buses run every ten minutes downtown.</p>")),
		episode("ottawa-fr", day(7), withID("ottawa-fr"), only(fr),
			texts(fr, "Conseils de transport à Ottawa", "Se déplacer dans la capitale.", "<p>Les autobus passent toutes les dix minutes au centre-ville.</p>")),
	)
}

// searchCase is one row of the relevance table.
type searchCase struct {
	lang  content.Lang
	q     string
	want  []string // keys in order
	query func(*store.SearchQuery)
}

// searchRelevance is the relevance table: the same rows, the same exact
// orders on every database.
var searchRelevance = []searchCase{
	// The examples of the requirements.
	{lang: fr, q: "numerique", want: []string{"nations"}},                    // « numériques »
	{lang: fr, q: "gouvernements", want: []string{"gouv"}},                   // « gouvernement »
	{lang: fr, q: "l'intelligence", want: []string{"ia-elided", "ia-plain"}}, // summary above body
	{lang: fr, q: "intelligence", want: []string{"ia-elided", "ia-plain"}},   // finds « l’intelligence »
	{lang: fr, q: "L’INTELLIGENCE", want: []string{"ia-elided", "ia-plain"}},
	{lang: fr, q: "resilient", want: []string{"nations"}}, // « résilients »
	{lang: en, q: "governments", want: []string{"nations", "gouv"}},
	{lang: en, q: "government", want: []string{"nations", "gouv"}},
	// Title above summary above body and transcript, in both languages.
	{lang: en, q: "bicycle", want: []string{"bike-title", "bike-summary", "bike-body"}},
	{lang: en, q: "Bicycles", want: []string{"bike-title", "bike-summary", "bike-body"}},
	{lang: fr, q: "velo", want: []string{"bike-title", "bike-summary", "bike-body"}},
	{lang: fr, q: "VÉLO", want: []string{"bike-title", "bike-summary", "bike-body"}},
	// By date: newest first whatever the score.
	{lang: en, q: "bicycle", want: []string{"bike-body", "bike-summary", "bike-title"}, query: func(q *store.SearchQuery) { q.ByDate = true }},
	{lang: fr, q: "vélo", want: []string{"bike-body", "bike-summary", "bike-title"}, query: func(q *store.SearchQuery) { q.ByDate = true }},
	// Equal scores: newer first.
	{lang: en, q: "compost", want: []string{"compost-new", "compost-old"}},
	{lang: fr, q: "compost", want: []string{"compost-new", "compost-old"}},
	// Every term must match.
	{lang: en, q: "bicycle helmet", want: []string{"bike-summary"}},
	{lang: fr, q: "vélo casque", want: []string{"bike-summary"}},
	{lang: en, q: "bicycle ottawa", want: nil},
	{lang: fr, q: "compost casque", want: nil},
	// Only the asked language.
	{lang: en, q: "ottawa", want: []string{"ottawa-en"}},
	{lang: fr, q: "ottawa", want: []string{"ottawa-fr"}},
	{lang: fr, q: "bicycle", want: nil},
	{lang: en, q: "intelligence", want: nil},
	// Author and topic names are indexed, below the title and summary.
	{lang: en, q: "Lovelace", want: []string{"bike-body", "bike-title"}},
	{lang: fr, q: "lovelace", want: []string{"bike-body", "bike-title"}},
	{lang: en, q: "privacy", want: []string{"bike-title"}},
	{lang: fr, q: "privée", want: []string{"bike-title"}},
	// Stop words and unknown words find nothing.
	{lang: en, q: "the and of", want: nil},
	{lang: fr, q: "le la les", want: nil},
	{lang: en, q: "zeppelin", want: nil},
}

func runSearch(t *testing.T, s store.Store, q store.SearchQuery) store.SearchResult {
	t.Helper()
	if q.Now.IsZero() {
		q.Now = now
	}
	res, err := s.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

// scoreOf is the score of the hit with the key want for query q, or -1.
func scoreOf(t *testing.T, s store.Store, ids map[int64]string, lang content.Lang, q, want string) int {
	t.Helper()
	res := runSearch(t, s, store.SearchQuery{Lang: lang, Terms: search.ParseQuery(string(lang), q).Terms, Limit: 100})
	for _, h := range res.Hits {
		if ids[h.Episode.ID] == want {
			return h.Score
		}
	}
	return -1
}

func hitKeys(res store.SearchResult, ids map[int64]string) []string {
	var out []string
	for _, h := range res.Hits {
		k := ids[h.Episode.ID]
		if k == "" {
			k = h.Episode.Key
		}
		out = append(out, k)
	}
	return out
}

// wantSearch checks the keys (in order) and the total of a search.
func wantSearch(t *testing.T, s store.Store, ids map[int64]string, c searchCase) store.SearchResult {
	t.Helper()
	q := store.SearchQuery{Lang: c.lang, Terms: search.ParseQuery(string(c.lang), c.q).Terms}
	if c.query != nil {
		c.query(&q)
	}
	res := runSearch(t, s, q)
	if got := hitKeys(res, ids); !slices.Equal(got, c.want) || res.Total != len(c.want) && q.Limit == 0 {
		t.Errorf("Search(%s %q, terms %q, kind=%q topic=%d series=%d minutes=%d bydate=%v limit=%d offset=%d) = %q total %d; want %q",
			c.lang, c.q, q.Terms, q.Kind, q.TopicID, q.SeriesID, q.MaxMinutes, q.ByDate, q.Limit, q.Offset, got, res.Total, c.want)
	}
	for _, h := range res.Hits {
		if h.Episode.Version(c.lang) == nil {
			t.Errorf("hit %s has no %s version", h.Episode.Key, c.lang)
		}
	}
	return res
}

func testSearchRelevance(t *testing.T, s store.Store, ids map[int64]string) {
	for _, c := range searchRelevance {
		wantSearch(t, s, ids, c)
	}
	// Scores follow the fields: title > summary > body.
	res := runSearch(t, s, store.SearchQuery{Lang: en, Terms: search.ParseQuery("en", "bicycle").Terms})
	if len(res.Hits) == 3 && !(res.Hits[0].Score > res.Hits[1].Score && res.Hits[1].Score > res.Hits[2].Score) {
		t.Errorf("scores %d, %d, %d; want decreasing", res.Hits[0].Score, res.Hits[1].Score, res.Hits[2].Score)
	}
	// Empty terms: nothing, no error.
	if res := runSearch(t, s, store.SearchQuery{Lang: en}); len(res.Hits) != 0 || res.Total != 0 {
		t.Errorf("Search with no terms = %d hits, total %d", len(res.Hits), res.Total)
	}
}

func testSearchLiveOnly(t *testing.T, s store.Store, ids map[int64]string) {
	later := func(q *store.SearchQuery) { q.Now = now.Add(72 * time.Hour) }
	// The future episode appears once its time has come; the draft never.
	wantSearch(t, s, ids, searchCase{lang: en, q: "bicycle", query: later,
		want: []string{"bike-future", "bike-title", "bike-summary", "bike-body"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "vélo", query: later,
		want: []string{"bike-future", "bike-title", "bike-summary", "bike-body"}})
	wantSearch(t, s, ids, searchCase{lang: en, q: "repair clinic", want: nil})
	wantSearch(t, s, ids, searchCase{lang: en, q: "repair clinic", query: later, want: nil})
	wantSearch(t, s, ids, searchCase{lang: en, q: "cycling events", want: nil})
	// Before anything was published.
	wantSearch(t, s, ids, searchCase{lang: en, q: "bicycle", query: func(q *store.SearchQuery) { q.Now = day(100) }, want: nil})
}

func testSearchFilters(t *testing.T, s store.Store, ids map[int64]string) {
	tid, sid := topicIDs(t, s), seriesIDs(t, s)
	bike := []string{"bike-title", "bike-summary", "bike-body"}
	for _, lang := range content.Langs {
		q := map[content.Lang]string{en: "bicycle", fr: "vélo"}[lang]
		c := func(f func(*store.SearchQuery), want ...string) searchCase {
			return searchCase{lang: lang, q: q, query: f, want: want}
		}
		wantSearch(t, s, ids, c(nil, bike...))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.Kind = content.Listen }, "bike-body"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.Kind = content.Watch }, "bike-summary"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.Kind = content.Read }, "bike-title"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.Kind = "nonsense" }))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.TopicID = tid["data"] }, "bike-title", "bike-summary"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.TopicID = tid["security"] }, "bike-body"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.TopicID = tid["ai"] }))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.TopicID = 987654 }))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.SeriesID = sid["basics"] }, "bike-title", "bike-body"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.SeriesID = sid["advanced"] }, "bike-summary"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.SeriesID = 987654 }))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.MaxMinutes = 10 }, "bike-title", "bike-body"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.MaxMinutes = 9 }, "bike-title"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.MaxMinutes = 25 }, bike...))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.MaxMinutes = 3 }))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) {
			q.SeriesID, q.TopicID, q.Kind = sid["basics"], tid["data"], content.Read
		}, "bike-title"))
		wantSearch(t, s, ids, c(func(q *store.SearchQuery) { q.SeriesID, q.ByDate = sid["basics"], true }, "bike-body", "bike-title"))
	}
	// 952 words: 4 minutes in English (238 wpm), 5 in French (195 wpm).
	wantSearch(t, s, ids, searchCase{lang: en, q: "bicycle", query: func(q *store.SearchQuery) { q.MaxMinutes = 4 }, want: []string{"bike-title"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "vélo", query: func(q *store.SearchQuery) { q.MaxMinutes = 4 }, want: nil})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "vélo", query: func(q *store.SearchQuery) { q.MaxMinutes = 5 }, want: []string{"bike-title"}})
}

func testSearchTopicCounts(t *testing.T, s store.Store, ids map[int64]string) {
	tid := topicIDs(t, s)
	counts := func(kv ...any) map[int64]int {
		m := map[int64]int{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[tid[kv[i].(string)]] = kv[i+1].(int)
		}
		return m
	}
	for _, tc := range []struct {
		lang  content.Lang
		q     string
		query func(*store.SearchQuery)
		want  map[int64]int
	}{
		{en, "bicycle", nil, counts("data", 2, "privacy", 1, "security", 1)},
		{fr, "vélo", nil, counts("data", 2, "privacy", 1, "security", 1)},
		// Counted before the topic filter…
		{en, "bicycle", func(q *store.SearchQuery) { q.TopicID = tid["privacy"] }, counts("data", 2, "privacy", 1, "security", 1)},
		// …after the others.
		{en, "bicycle", func(q *store.SearchQuery) { q.Kind = content.Read }, counts("data", 1, "privacy", 1)},
		{fr, "vélo", func(q *store.SearchQuery) { q.Kind, q.TopicID = content.Watch, tid["privacy"] }, counts("data", 1)},
		{en, "bicycle", func(q *store.SearchQuery) { q.MaxMinutes = 10 }, counts("data", 1, "privacy", 1, "security", 1)},
		// Unaffected by the page.
		{en, "bicycle", func(q *store.SearchQuery) { q.Limit, q.Offset = 1, 2 }, counts("data", 2, "privacy", 1, "security", 1)},
		{en, "compost", nil, counts()},
		{en, "zeppelin", nil, counts()},
	} {
		q := store.SearchQuery{Lang: tc.lang, Terms: search.ParseQuery(string(tc.lang), tc.q).Terms}
		if tc.query != nil {
			tc.query(&q)
		}
		res := runSearch(t, s, q)
		if res.TopicCounts == nil {
			t.Errorf("Search(%s %q): TopicCounts is nil", tc.lang, tc.q)
		}
		got := maps.Clone(res.TopicCounts)
		maps.DeleteFunc(got, func(_ int64, n int) bool { return n == 0 })
		if !maps.Equal(got, tc.want) {
			t.Errorf("Search(%s %q kind=%q topic=%d minutes=%d).TopicCounts = %v; want %v", tc.lang, tc.q, q.Kind, q.TopicID, q.MaxMinutes, got, tc.want)
		}
	}
}

func testSearchPagination(t *testing.T, s store.Store, ids map[int64]string) {
	all := []string{"bike-title", "bike-summary", "bike-body"}
	for _, tc := range []struct {
		limit, offset int
		want          []string
	}{
		{0, 0, all},
		{10, 0, all},
		{3, 0, all},
		{2, 0, all[:2]},
		{2, 2, all[2:]},
		{1, 1, all[1:2]},
		{0, 1, all[1:]},
		{1, 3, nil},
		{5, 100, nil},
	} {
		q := store.SearchQuery{Lang: en, Terms: search.ParseQuery("en", "bicycle").Terms, Limit: tc.limit, Offset: tc.offset}
		res := runSearch(t, s, q)
		if got := hitKeys(res, ids); !slices.Equal(got, tc.want) || res.Total != 3 {
			t.Errorf("Search(bicycle, limit %d, offset %d) = %q total %d; want %q total 3", tc.limit, tc.offset, got, res.Total, tc.want)
		}
	}
	// Pages put together are the whole result, in order, without repeats.
	var pages []string
	for off := 0; off < 10; off += 2 {
		res := runSearch(t, s, store.SearchQuery{Lang: en, Terms: search.ParseQuery("en", "bicycle").Terms, Limit: 2, Offset: off, ByDate: true})
		pages = append(pages, hitKeys(res, ids)...)
	}
	if want := []string{"bike-body", "bike-summary", "bike-title"}; !slices.Equal(pages, want) {
		t.Errorf("pages by date = %q; want %q", pages, want)
	}
}

func testSearchHitText(t *testing.T, s store.Store, ids map[int64]string) {
	res := runSearch(t, s, store.SearchQuery{Lang: fr, Terms: search.ParseQuery("fr", "vélo").Terms})
	want := map[string][]string{
		"bike-title":   {"Rester au chaud", "pneus à crampons"},
		"bike-summary": {"amateur de vélo", "reposer à plat"},
		"bike-body":    {"Où laisser", "Les supports sont", "Attachez votre vélo"},
	}
	if len(res.Hits) != 3 {
		t.Fatalf("%d hits; want 3", len(res.Hits))
	}
	for _, h := range res.Hits {
		k := ids[h.Episode.ID]
		for _, w := range want[k] {
			if !strings.Contains(h.Text, w) {
				t.Errorf("hit %s: Text %q does not contain %q", k, h.Text, w)
			}
		}
		if strings.Contains(h.Text, "<p>") || strings.Contains(h.Text, "</") {
			t.Errorf("hit %s: Text %q holds markup", k, h.Text)
		}
		if h.Score <= 0 {
			t.Errorf("hit %s: score %d", k, h.Score)
		}
		if h.Episode.Version(fr) == nil || h.Episode.Version(en) == nil || h.Episode.Version(fr).Slug == "" {
			t.Errorf("hit %s: versions not loaded: %+v", k, h.Episode.Versions)
		}
		if len(h.Episode.Topics) == 0 || h.Episode.Series == nil {
			t.Errorf("hit %s: topics %v, series %v not loaded", k, h.Episode.Topics, h.Episode.Series)
		}
	}
	// Each language's hits carry that language's text.
	res = runSearch(t, s, store.SearchQuery{Lang: en, Terms: search.ParseQuery("en", "helmet").Terms})
	if len(res.Hits) != 1 || !strings.Contains(res.Hits[0].Text, "helmet that fits") || strings.Contains(res.Hits[0].Text, "casque") {
		t.Errorf("en hits for helmet: %+v", res.Hits)
	}
}

func testSearchWords(t *testing.T, s store.Store, _ map[int64]string) {
	for _, tc := range []struct {
		lang               content.Lang
		want, not, written []string
	}{
		{en, []string{"bicycle", "governments", "government", "resilient", "lovelace", "compost", "ottawa", "privacy"},
			[]string{"velo", "the", "ride", "resilients", "numeriques", "clinic"}, []string{"bicycle", "ottawa"}},
		{fr, []string{"numeriques", "gouvernement", "resilients", "intelligence", "casque", "compost", "ottawa", "lovelace", "privee", "donnees"},
			[]string{"velo", "bicycle", "government", "l", "reparation"}, []string{"numériques", "résilients", "privée", "données", "ottawa"}},
	} {
		ws, err := s.SearchWords(t.Context(), tc.lang)
		if err != nil {
			t.Fatalf("SearchWords(%s): %v", tc.lang, err)
		}
		set, written := map[string]bool{}, map[string]bool{}
		for _, w := range ws {
			set[search.Fold(w)], written[w] = true, true
			if len(search.Fold(w)) < 5 || search.Lower(w) != w || strings.ContainsAny(w, " '’") {
				t.Errorf("SearchWords(%s) holds %q: want words of 5 letters or more, lowercase as written", tc.lang, w)
			}
		}
		// Words keep their accents, for suggestions to show them.
		for _, w := range tc.written {
			if !written[w] {
				t.Errorf("SearchWords(%s) lacks %q as written", tc.lang, w)
			}
		}
		for _, w := range tc.want {
			if !set[w] {
				t.Errorf("SearchWords(%s) lacks %q", tc.lang, w)
			}
		}
		for _, w := range tc.not {
			if set[w] {
				t.Errorf("SearchWords(%s) holds %q", tc.lang, w)
			}
		}
	}
}

// testSearchHostile searches every SQL injection string of the corpus, as
// a reader could type it, in both languages: never an error, and every hit
// really holds every term of the query.
func testSearchHostile(t *testing.T, s store.Store, ids map[int64]string) {
	dir := filepath.Dir(testutil.CorpusFile(t, "sqli/Generic_Fuzz.txt"))
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("sqli corpus: %v, %d files", err, len(files))
	}
	var lines []string
	for _, f := range files {
		raw := string(testutil.ReadCorpus(t, "sqli/"+filepath.Base(f)))
		for _, l := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
	}
	lines = append(lines, "?", "$1", "'; DROP TABLE search_postings; --", `" OR 1=1 --`, "%", "_", "\\", "\x00", "NEAR(a b)", "a* OR b*",
		"-bicycle", `"bicycle"`, "bicycle) OR (1=1", strings.Repeat("bicycle ", 2000))
	if len(lines) < 100 {
		t.Fatalf("only %d corpus lines", len(lines))
	}
	tid := topicIDs(t, s)
	searched := 0
	for _, l := range lines {
		for _, lang := range content.Langs {
			q := search.ParseQuery(string(lang), l)
			for _, term := range q.Terms {
				if !isTerm(term) {
					t.Errorf("ParseQuery(%s, %q) gave term %q", lang, l, term)
				}
			}
			res, err := s.Search(t.Context(), store.SearchQuery{Lang: lang, Now: now, Terms: q.Terms, TopicID: tid["data"], Limit: 5})
			if err != nil {
				t.Errorf("Search(%s, %q): %v", lang, l, err)
				continue
			}
			searched++
			for _, h := range res.Hits {
				if missing := missingTerms(h, lang, q.Terms); len(missing) > 0 || ids[h.Episode.ID] == "" || ids[h.Episode.ID] == "bike-draft" || ids[h.Episode.ID] == "bike-future" {
					t.Errorf("Search(%s, %q) found %s, which lacks %q", lang, l, h.Episode.Key, missing)
				}
			}
		}
	}
	t.Logf("%d hostile searches", searched)
	// Nothing moved.
	wantSearch(t, s, ids, searchCase{lang: en, q: "bicycle", want: []string{"bike-title", "bike-summary", "bike-body"}})
}

func isTerm(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// missingTerms lists the terms not found in a hit's indexed texts.
func missingTerms(h store.SearchHit, lang content.Lang, terms []string) []string {
	v := h.Episode.Version(lang)
	if v == nil {
		return terms
	}
	parts := []string{v.Title, h.Text}
	for _, tp := range h.Episode.Topics {
		parts = append(parts, tp.Names.In(lang))
	}
	for _, a := range h.Episode.Authors {
		parts = append(parts, a.Name)
	}
	have := map[string]bool{}
	for _, t := range search.Terms(string(lang), strings.Join(parts, "\n")) {
		have[t] = true
	}
	var out []string
	for _, t := range terms {
		if !have[t] {
			out = append(out, t)
		}
	}
	return out
}

func testSearchFailedImport(t *testing.T, s store.Store, ids map[int64]string) {
	before := func() {
		t.Helper()
		wantSearch(t, s, ids, searchCase{lang: en, q: "compost", want: []string{"compost-new", "compost-old"}})
		wantSearch(t, s, ids, searchCase{lang: en, q: "zeppelin", want: nil})
		wantSearch(t, s, ids, searchCase{lang: fr, q: "dirigeable", want: nil})
	}
	before()
	b := searchBundle()
	for i := range b.Episodes {
		if e := &b.Episodes[i]; e.Key == "compost-new" {
			texts(en, "Office kitchens", "Zeppelin kitchens.", "<p>No more bins.</p>")(e)
			texts(fr, "Cuisines de bureau", "Cuisines du dirigeable.", "<p>Plus de bacs.</p>")(e)
		}
	}
	b.Episodes = append(b.Episodes, episode("broken", day(1), texts(en, "Zeppelin", "Zeppelin", "<p>Zeppelin</p>"), topics("no-such-topic")))
	if _, err := s.ImportBundle(t.Context(), b, now); err == nil {
		t.Fatal("import with an unknown topic succeeded")
	}
	before()
	if ws, err := s.SearchWords(t.Context(), en); err != nil || slices.Contains(ws, "zeppelin") {
		t.Errorf("SearchWords after a failed import: %v, holds zeppelin: %v", err, slices.Contains(ws, "zeppelin"))
	}
}

func testSearchReimport(t *testing.T, s store.Store, ids map[int64]string) {
	mustImport(t, s, bundle(episode("re", day(9), withID("re"),
		texts(en, "Quarterly planning", "Plans for the quarter.", "<p>Our aardvark mascot returns.</p>"),
		texts(fr, "Planification trimestrielle", "Les plans du trimestre.", "<p>Notre mascotte oryctérope revient.</p>"))))
	ids[idOf(t, s, "re")] = "re"
	wantSearch(t, s, ids, searchCase{lang: en, q: "aardvark", want: []string{"re"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "orycterope", want: []string{"re"}})
	wantSearch(t, s, ids, searchCase{lang: en, q: "platypus", want: nil})

	mustImport(t, s, bundle(episode("re", day(9), withID("re"),
		texts(en, "Quarterly planning", "Plans for the quarter.", "<p>Our platypus mascot returns.</p>"),
		texts(fr, "Planification trimestrielle", "Les plans du trimestre.", "<p>Notre mascotte ornithorynque revient.</p>"))))
	wantSearch(t, s, ids, searchCase{lang: en, q: "aardvark", want: nil})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "orycterope", want: nil})
	wantSearch(t, s, ids, searchCase{lang: en, q: "platypus", want: []string{"re"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "ornithorynque", want: []string{"re"}})
	wantSearch(t, s, ids, searchCase{lang: en, q: "quarterly mascot", want: []string{"re"}})
	// "quarter" is in the title and the summary: title weight, plus one
	// for the repetition.
	if got := scoreOf(t, s, ids, en, "quarter", "re"); got != 101 {
		t.Errorf("score of re for quarter = %d; want 101", got)
	}

	// A new title moves the episode up: title above body.
	mustImport(t, s, bundle(episode("re", day(9), withID("re"),
		texts(en, "Compost at home", "Plans for the quarter.", "<p>Our platypus mascot returns.</p>"),
		texts(fr, "Planification trimestrielle", "Les plans du trimestre.", "<p>Notre mascotte ornithorynque revient.</p>"))))
	wantSearch(t, s, ids, searchCase{lang: en, q: "compost", want: []string{"re", "compost-new", "compost-old"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "compost", want: []string{"compost-new", "compost-old"}})
	// Re-indexing rewrote the weight of a term that stayed: "quarter" is
	// now only in the summary.
	if got := scoreOf(t, s, ids, en, "quarter", "re"); got != 30 {
		t.Errorf("score of re for quarter = %d; want 30 after the title changed", got)
	}

	// Publishing it later or turning it into a draft is seen at once.
	mustImport(t, s, bundle(episode("re", day(9), withID("re"), draft,
		texts(en, "Compost at home", "Plans for the quarter.", "<p>Our platypus mascot returns.</p>"),
		texts(fr, "Planification trimestrielle", "Les plans du trimestre.", "<p>Notre mascotte ornithorynque revient.</p>"))))
	wantSearch(t, s, ids, searchCase{lang: en, q: "compost", want: []string{"compost-new", "compost-old"}})
	wantSearch(t, s, ids, searchCase{lang: en, q: "platypus", want: nil})
}

func testSearchRemovedLanguage(t *testing.T, s store.Store, ids map[int64]string) {
	mk := func(opts ...opt) *content.Bundle {
		return bundle(episode("rm", day(4), append([]opt{withID("rm"),
			texts(en, "Accessible forms", "Labels for every field.", "<p>Test with a screen reader.</p>"),
			texts(fr, "Formulaires accessibles", "Des étiquettes pour chaque champ.", "<p>Testez avec un lecteur d’écran.</p>")}, opts...)...))
	}
	mustImport(t, s, mk())
	ids[idOf(t, s, "rm")] = "rm"
	wantSearch(t, s, ids, searchCase{lang: en, q: "accessible", want: []string{"rm"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "accessibles", want: []string{"rm"}})

	mustImport(t, s, mk(only(en)))
	wantSearch(t, s, ids, searchCase{lang: en, q: "accessible", want: []string{"rm"}})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "accessibles", want: nil})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "formulaires étiquettes", want: nil})

	mustImport(t, s, mk(only(fr)))
	wantSearch(t, s, ids, searchCase{lang: en, q: "accessible", want: nil})
	wantSearch(t, s, ids, searchCase{lang: fr, q: "accessibles", want: []string{"rm"}})
	if db := sqlOf(s); db != nil {
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM search_postings WHERE episode_id = `+fmt.Sprint(idOf(t, s, "rm"))+` AND lang = 'en'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d English postings left for a removed version", n)
		}
	}
}

func testSearchReindex(t *testing.T, s store.Store, ids map[int64]string) {
	db := sqlOf(s)
	if db == nil {
		t.Skip("store does not expose SQL()")
	}
	ctx := t.Context()
	before := runSearch(t, s, store.SearchQuery{Lang: en, Terms: search.ParseQuery("en", "bicycle").Terms})
	// The postings as the imports so far left them, each re-indexing
	// writing only what changed: rebuilding from scratch must give the
	// same rows.
	postings := allPostings(t, db)
	// The index is lost behind the store's back (a server's in-memory
	// copy does not see that: Reindex is what repairs both).
	if _, err := db.ExecContext(ctx, `DELETE FROM search_postings`); err != nil {
		t.Fatal(err)
	}

	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM episodes`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	if err := s.Reindex(ctx, func(done, tot int) { calls = append(calls, [2]int{done, tot}) }); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	if len(calls) == 0 {
		t.Fatal("Reindex reported no progress")
	}
	for i, c := range calls {
		if c[1] != total || c[0] > c[1] || i > 0 && c[0] <= calls[i-1][0] {
			t.Errorf("progress %v (of %d episodes): want increasing done up to total", calls, total)
			break
		}
	}
	if last := calls[len(calls)-1]; last[0] != last[1] {
		t.Errorf("last progress %v: done != total", last)
	}
	if again := allPostings(t, db); !slices.Equal(again, postings) {
		t.Errorf("Reindex rebuilt %d postings, unlike the %d that imports left (first difference at %d)", len(again), len(postings), firstDiff(again, postings))
	}
	// The copy in memory was patched from the rebuilt rows.
	after := runSearch(t, s, store.SearchQuery{Lang: en, Terms: search.ParseQuery("en", "bicycle").Terms})
	if !slices.Equal(hitKeys(after, ids), hitKeys(before, ids)) || len(after.Hits) != 3 {
		t.Errorf("after Reindex: %q; before: %q", hitKeys(after, ids), hitKeys(before, ids))
	}
	for i := range after.Hits {
		if i < len(before.Hits) && after.Hits[i].Score != before.Hits[i].Score {
			t.Errorf("hit %d score %d after Reindex, %d before", i, after.Hits[i].Score, before.Hits[i].Score)
		}
	}
	for _, c := range searchRelevance {
		wantSearch(t, s, ids, c)
	}
	// The word list is rebuilt: words of replaced texts and of episodes
	// turned back into drafts are gone.
	ws, err := s.SearchWords(ctx, en)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"aardvark", "platypus", "clinic"} {
		if slices.Contains(ws, w) {
			t.Errorf("SearchWords(en) after Reindex holds %q", w)
		}
	}
	for _, w := range []string{"bicycle", "compost", "ottawa"} {
		if !slices.Contains(ws, w) {
			t.Errorf("SearchWords(en) after Reindex lacks %q", w)
		}
	}
	// A nil progress function is fine; reindexing twice changes nothing.
	if err := s.Reindex(ctx, nil); err != nil {
		t.Fatalf("Reindex(nil): %v", err)
	}
	wantSearch(t, s, ids, searchCase{lang: en, q: "bicycle", want: []string{"bike-title", "bike-summary", "bike-body"}})
}

// allPostings lists every posting as "lang term episode weight", in order.
func allPostings(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT lang, term, episode_id, weight FROM search_postings ORDER BY lang, term, episode_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var lang, term string
		var id, w int64
		if err := rows.Scan(&lang, &term, &id, &w); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %d %d", lang, term, id, w))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no postings")
	}
	return out
}

// firstDiff is the first index at which a and b differ.
func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
