package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	xhtml "golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

func TestEpisodeDigitalNations(t *testing.T) {
	t.Parallel()
	type want struct {
		lang, path, slug, title string
		minutes                 *regexp.Regexp
		topic                   link
		date                    string
		alt, caption            string
		quoteStart, attribution string
		learnMoreHeading        string
		learnMore               []link
		learnMoreLang           []string // hreflang of each
		author                  link
		bio, otherBio           string
		relatedPrefix           string
		modifiedLabel           string
	}
	cases := []want{
		{
			lang: "en", path: dnEN, slug: "digital-nations-2020", title: "Digital Nations 2020",
			minutes:          regexp.MustCompile(`^(\d+) min read$`),
			topic:            link{"Digital Government", "/en/topics/digital-government"},
			date:             "October 15, 2020",
			alt:              "Illustration of the delegates of the Digital Nations member countries standing together in two rows for their 2019 group photo.",
			caption:          "2019 Digital Nations family portrait",
			quoteStart:       "“Being part of Digital Nations has been like having a trusted group of friends",
			attribution:      "— Seong Ju Park, Deputy Director, Global e-Government Division, Ministry of the Interior and Safety, Republic of Korea",
			learnMoreHeading: "Learn more",
			learnMore: []link{
				{"Digital Nations", "https://www.leadingdigitalgovs.org/"},
				{"FWD50", "https://fwd50.com/"},
				{"Digital government in the Government of Canada", "https://www.canada.ca/en/government/system/digital-government.html"},
			},
			author:        link{"Mark Levene", "/en/authors/mark-levene"},
			bio:           "Mark leads TBS's work on international digital government issues.",
			otherBio:      "Mark est responsable des affaires internationales concernant le gouvernement numérique pour le SCT.",
			relatedPrefix: "/en/episodes/",
			modifiedLabel: "Date modified:",
		},
		{
			lang: "fr", path: dnFR, slug: "sommet-des-nations-numeriques-en-2020", title: "Sommet des Nations numériques en 2020",
			minutes:          regexp.MustCompile(`^Lecture de (\d+)\x{00a0}min$`),
			topic:            link{"Gouvernement numérique", "/fr/sujets/gouvernement-numerique"},
			date:             "15 octobre 2020",
			alt:              "Illustration des délégués des pays membres des Nations numériques, debout côte à côte sur deux rangées pour la photo de groupe de 2019.",
			caption:          "Photo de famille des Nations numériques 2019",
			quoteStart:       "«\u00a0Faire partie des Nations numériques, c’est comme avoir un groupe d’amis de confiance",
			attribution:      "— Seong Ju Park, directrice adjointe, division du cybergouvernement à l’échelle mondiale, ministère de l’Intérieur et de la Sécurité, République de Corée",
			learnMoreHeading: "En savoir plus",
			learnMore: []link{
				// English-only sites, marked {lang=en} in the content file.
				{"Nations numériques (en anglais seulement)", "https://www.leadingdigitalgovs.org/"},
				{"FWD50 (en anglais seulement)", "https://fwd50.com/"},
				{"Le gouvernement numérique au gouvernement du Canada", "https://www.canada.ca/fr/gouvernement/systeme/gouvernement-numerique.html"},
			},
			learnMoreLang: []string{"en", "en", ""},
			author:        link{"Mark Levene", "/fr/auteurs/mark-levene"},
			bio:           "Mark est responsable des affaires internationales concernant le gouvernement numérique pour le SCT.",
			otherBio:      "Mark leads TBS's work on international digital government issues.",
			relatedPrefix: "/fr/episodes/",
			modifiedLabel: "Date de modification\u00a0:",
		},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, w := range cases {
			t.Run(w.lang, func(t *testing.T) {
				lang := content.Lang(w.lang)
				ep, err := s.App.Store.EpisodeBySlug(context.Background(), lang, w.slug, s.Clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				r := get(t, s, w.path)
				wantStatus(t, r, 200)
				art := first(r.Doc, hasClass("article", "episode"))
				if art == nil {
					t.Fatal("no article.episode")
				}
				if got := textOf(first(art, tagIs("h1"))); got != w.title {
					t.Errorf("title %q, want %q", got, w.title)
				}
				if got := textOf(first(r.Doc, tagIs("title"))); !strings.HasPrefix(got, w.title) {
					t.Errorf("<title> %q does not start with %q", got, w.title)
				}
				// "N min read": N from the stored word count and the reading speed.
				label := textOf0(first(art, hasClass("p", "episode-kind")))
				m := w.minutes.FindStringSubmatch(label)
				if m == nil {
					t.Fatalf("kind label %q does not match %s", label, w.minutes)
				}
				wc := ep.Version(lang).WordCount
				if wc < 100 {
					t.Errorf("stored word count %d: the body was not counted", wc)
				}
				if n, _ := strconv.Atoi(m[1]); n != content.ReadingMinutes(wc, lang) || n < 1 {
					t.Errorf("reading time %d min, want ReadingMinutes(%d, %s) = %d", n, wc, lang, content.ReadingMinutes(wc, lang))
				}
				meta := first(art, hasClass("p", "episode-meta"))
				if got := links(meta)[0]; got != w.topic {
					t.Errorf("topic link %v, want %v", got, w.topic)
				}
				tm := first(meta, tagIs("time"))
				if got := textOf(tm); got != w.date || attrOf(tm, "datetime") != "2020-10-15" {
					t.Errorf("date %q (datetime %q), want %q", got, attrOf(tm, "datetime"), w.date)
				}
				// The figure from the body: image with alt text and caption.
				fig := first(art, tagIs("figure"))
				img := first(fig, tagIs("img"))
				if img == nil || attrOf(img, "alt") != w.alt || attrOf(img, "src") != "/media/digital-nations-2019.png" {
					t.Errorf("figure image: src %q alt %q, want alt %q", attrOf(img, "src"), attrOf(img, "alt"), w.alt)
				}
				if got := textOf(first(fig, tagIs("figcaption"))); got != w.caption {
					t.Errorf("figcaption %q, want %q", got, w.caption)
				}
				if n := len(find(art, tagIs("img"))); n != 1 {
					t.Errorf("%d images in the episode, want 1 (no duplicate feature image)", n)
				}
				q := first(art, hasClass("blockquote", "pull-quote"))
				if got := textOf(q); !strings.HasPrefix(got, w.quoteStart) {
					t.Errorf("pull-quote %q, want it to start with %q", got, w.quoteStart)
				}
				if got := textOf(first(q, hasClass("footer", "attribution"))); got != w.attribution {
					t.Errorf("attribution %q, want %q", got, w.attribution)
				}
				lm := first(art, hasClass("section", "learn-more"))
				if got := textOf(first(lm, tagIs("h2"))); got != w.learnMoreHeading {
					t.Errorf("learn more heading %q, want %q", got, w.learnMoreHeading)
				}
				if diff := cmp.Diff(w.learnMore, links(lm)); diff != "" {
					t.Errorf("learn more links (-want +got):\n%s", diff)
				}
				var hreflangs []string
				for _, a := range find(lm, tagIs("a")) {
					hreflangs = append(hreflangs, attrOf(a, "hreflang"))
				}
				if w.learnMoreLang == nil {
					w.learnMoreLang = make([]string, len(w.learnMore))
				}
				if diff := cmp.Diff(w.learnMoreLang, hreflangs); diff != "" {
					t.Errorf("learn more hreflang (-want +got):\n%s", diff)
				}
				// The author card: the bio in the page's language only.
				cards := find(art, hasClass("aside", "author-card"))
				if len(cards) != 1 {
					t.Fatalf("%d author cards, want 1", len(cards))
				}
				if got := links(cards[0]); len(got) != 1 || got[0] != w.author {
					t.Errorf("author link %v, want %v", got, w.author)
				}
				if got := textOf(cards[0]); !strings.Contains(got, w.bio) {
					t.Errorf("author card %q lacks the bio %q", got, w.bio)
				}
				if strings.Contains(textOf(r.Doc), w.otherBio) {
					t.Errorf("the other language's bio %q is on the page", w.otherBio)
				}
				// Related episodes: same topic, same language, never itself.
				rel := first(r.Doc, hasClass("section", "related"))
				if rel == nil {
					t.Fatal("no related episodes")
				}
				titles := find(rel, hasClass("h3", "card-title"))
				if len(titles) == 0 {
					t.Fatal("no related cards")
				}
				for _, h := range titles {
					href := attrOf(first(h, tagIs("a")), "href")
					slug, ok := strings.CutPrefix(href, w.relatedPrefix)
					if !ok {
						t.Errorf("related %q is not an episode in %s", href, w.lang)
						continue
					}
					if href == w.path {
						t.Errorf("the episode is related to itself")
					}
					other, err := s.App.Store.EpisodeBySlug(context.Background(), lang, slug, s.Clock.Now())
					if err != nil {
						t.Errorf("related %q: %v", href, err)
						continue
					}
					if !sharesTopic(ep, other) {
						t.Errorf("related %q shares no topic", href)
					}
				}
				dm := first(r.Doc, hasClass("dl", "date-modified"))
				if got := textOf0(first(dm, tagIs("dt"))) + " " + textOf(first(dm, tagIs("dd"))); got != w.modifiedLabel+" 2020-10-15" {
					t.Errorf("date modified %q", got)
				}
			})
		}
	})
}

// A listen episode has an audio player and a transcript; a watch episode
// a video player.
func TestEpisodePlayers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		path, player, media, transcript string
	}{
		{listenEN, "audio", "/media/inclusive-meetings-en.mp3", "Transcript"},
		{listenFR, "audio", "/media/inclusive-meetings-fr.mp3", "Transcription"},
		{watchEN, "video", "/media/feedback-en.webm", "Transcript"},
		{watchFR, "video", "/media/feedback-fr.webm", "Transcription"},
	}
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, tc := range cases {
			t.Run(tc.path, func(t *testing.T) {
				r := get(t, s, tc.path)
				wantStatus(t, r, 200)
				players := find(r.Doc, func(n *xhtml.Node) bool { return n.Data == "audio" || n.Data == "video" })
				if len(players) != 1 || players[0].Data != tc.player {
					t.Fatalf("players %d, want one <%s>", len(players), tc.player)
				}
				if _, ok := attr(players[0], "controls"); !ok {
					t.Errorf("<%s> without controls", tc.player)
				}
				if got := attrOf(players[0], "src"); got != tc.media {
					t.Errorf("media %q, want %q", got, tc.media)
				}
				tr := first(r.Doc, byID("transcript"))
				if tr == nil || tr.Data != "details" {
					t.Fatal("no transcript")
				}
				if got := textOf(first(tr, tagIs("summary"))); got != tc.transcript {
					t.Errorf("transcript heading %q, want %q", got, tc.transcript)
				}
				if body := textOf(first(tr, hasClass("div", "prose"))); len(body) < 200 {
					t.Errorf("transcript is short: %q", body)
				}
				m := get(t, s, tc.media)
				wantStatus(t, m, 200)
			})
		}
	})
}

type link struct{ Label, URL string }

// links lists the <a> below n as label and href.
func links(n *xhtml.Node) []link {
	var out []link
	for _, a := range find(n, tagIs("a")) {
		out = append(out, link{textOf(a), attrOf(a, "href")})
	}
	return out
}

func sharesTopic(a, b *content.Episode) bool {
	for _, x := range a.Topics {
		for _, y := range b.Topics {
			if x.ID == y.ID {
				return true
			}
		}
	}
	return false
}
