// Package benchcorpus generates a deterministic corpus of bilingual
// Busrides episodes for benchmarks: realistic, varied English and French
// text (accents, elisions, a Zipf-like vocabulary of a few thousand words
// per language, titles, summaries and bodies of 300–900 words), mixed
// kinds, topics, authors and series, some English-only episodes, a few
// drafts and scheduled ones.
//
// The same seed and index always give the same episode, so a corpus can be
// loaded in batches and any episode rebuilt later (or changed, with a
// revision number) without keeping the corpus in memory.
package benchcorpus

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// Now is the reference time of the corpus: every published episode is
// live at Now, except the scheduled ones.
var Now = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

const (
	nAuthors = 40
	nSeries  = 30
)

// MediaPrefix starts the URLs of the corpus's recordings: files of the
// site's media folder (under /media/), which feeds and podcasts describe
// with their size. The corpus has no files; a benchmark that serves it
// creates them (MediaSize).
const MediaPrefix = "/media/corpus/"

// MediaSize is the size the corpus's recordings are taken to have: 128
// kbit/s audio, 1 Mbit/s video.
func MediaSize(mediaType string, seconds int) int64 {
	if strings.HasPrefix(mediaType, "video/") {
		return int64(seconds) * 125_000
	}
	return int64(seconds) * 16_000
}

// Generator builds the episodes of one corpus.
type Generator struct {
	seed    uint64
	topics  []content.Topic
	authors []content.Author
	series  []content.Series
}

// New returns the generator of the corpus with this seed.
func New(seed uint64) *Generator {
	g := &Generator{seed: seed}
	for _, t := range topicNames {
		g.topics = append(g.topics, content.Topic{
			Key:   t[0],
			Names: content.Bilingual{EN: t[1], FR: t[2]},
			Slugs: content.Bilingual{EN: content.Slugify(t[1]), FR: content.Slugify(t[2])},
			Descriptions: content.Bilingual{EN: "Short episodes about " + strings.ToLower(t[1]) + ".",
				FR: "De courts épisodes sur le thème « " + strings.ToLower(t[2]) + " »."},
		})
	}
	r := rand.New(rand.NewPCG(seed, 0xa17))
	for i := range nAuthors {
		name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		slug := content.Slugify(name) + fmt.Sprintf("-%d", i)
		g.authors = append(g.authors, content.Author{
			Key:   fmt.Sprintf("author-%02d", i),
			Name:  name,
			Slugs: content.Bilingual{EN: slug, FR: slug},
			Roles: content.Bilingual{EN: "Senior analyst", FR: "Analyste principale"},
			Bios:  content.Bilingual{EN: name + " writes about public services.", FR: name + " écrit sur les services publics."},
		})
	}
	for i := range nSeries {
		sr := rand.New(rand.NewPCG(seed, 0x5e1+uint64(i)))
		en := title(sr, english, "en")
		fr := title(sr, french, "fr")
		g.series = append(g.series, content.Series{
			Key:        fmt.Sprintf("series-%02d", i),
			Titles:     content.Bilingual{EN: en, FR: fr},
			Slugs:      content.Bilingual{EN: fmt.Sprintf("%s-%d", content.Slugify(en), i), FR: fmt.Sprintf("%s-%d", content.Slugify(fr), i)},
			Intros:     content.Bilingual{EN: sentence(sr, english, "en"), FR: sentence(sr, french, "fr")},
			IntrosHTML: content.Bilingual{EN: "<p>" + html.EscapeString(sentence(sr, english, "en")) + "</p>", FR: "<p>" + html.EscapeString(sentence(sr, french, "fr")) + "</p>"},
		})
	}
	return g
}

// Topics, Authors and Series are the taxonomy every episode refers to.
func (g *Generator) Topics() []content.Topic   { return g.topics }
func (g *Generator) Authors() []content.Author { return g.authors }
func (g *Generator) Series() []content.Series  { return g.series }

// Bundle returns the taxonomy and episodes [from, to).
func (g *Generator) Bundle(from, to int) *content.Bundle {
	b := &content.Bundle{Topics: g.topics, Authors: g.authors, Series: g.series}
	for i := from; i < to; i++ {
		b.Episodes = append(b.Episodes, g.Episode(i, 0))
	}
	return b
}

// Key is the import key of episode i.
func Key(i int) string { return fmt.Sprintf("ep-%06d", i) }

// Episode returns episode i at revision rev: the same key, kind, dates and
// taxonomy for every revision, different text for each.
func (g *Generator) Episode(i, rev int) content.Episode {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)<<1))
	e := content.Episode{
		Key:      Key(i),
		Status:   content.Published,
		Versions: map[content.Lang]*content.Version{},
	}
	switch k := r.IntN(100); {
	case k < 60:
		e.Kind = content.Read
	case k < 85:
		e.Kind = content.Listen
	default:
		e.Kind = content.Watch
	}
	e.PublishedAt = Now.Add(-time.Duration(r.IntN(5*365*24*60)) * time.Minute)
	switch s := r.IntN(100); {
	case s < 3:
		e.Status, e.PublishedAt = content.Draft, time.Time{}
	case s < 4:
		e.PublishedAt = Now.Add(time.Duration(1+r.IntN(30*24)) * time.Hour)
	}
	for _, t := range r.Perm(len(g.topics))[:1+r.IntN(3)] {
		// Skewed: low-numbered topics are more popular.
		t = t * t / len(g.topics)
		if !hasTopic(e.Topics, g.topics[t].Key) {
			e.Topics = append(e.Topics, g.topics[t])
		}
	}
	for _, a := range r.Perm(nAuthors)[:1+r.IntN(2)] {
		e.Authors = append(e.Authors, g.authors[a])
	}
	if r.IntN(100) < 30 {
		e.Series = &content.SeriesRef{Series: g.series[r.IntN(nSeries)], Position: i}
	}
	englishOnly := r.IntN(100) < 10
	mediaSecs := 120 + r.IntN(780)

	tr := rand.New(rand.NewPCG(g.seed^(uint64(rev)*0x9e3779b97f4a7c15), uint64(i)<<1|1))
	for _, lang := range content.Langs {
		if lang == content.French && englishOnly {
			continue
		}
		v := &content.Version{Lang: lang}
		voc := english
		if lang == content.French {
			voc = french
		}
		l := string(lang)
		v.Title = title(tr, voc, l)
		v.Summary = sentence(tr, voc, l)
		if tr.IntN(2) == 0 {
			v.Summary += " " + sentence(tr, voc, l)
		}
		bodyWords := 300 + tr.IntN(601)
		if e.Kind.HasMedia() {
			bodyWords = 80 + tr.IntN(170)
		}
		v.BodyMarkdown, v.BodyHTML = body(tr, voc, l, bodyWords)
		v.WordCount = content.CountWords(v.BodyMarkdown)
		if e.Kind.HasMedia() {
			v.Transcript, v.TranscriptHTML = body(tr, voc, l, 300+tr.IntN(500))
			v.MediaSeconds = mediaSecs
			v.MediaURL = fmt.Sprintf("%s%s/%s.mp3", MediaPrefix, l, e.Key)
			v.MediaType = "audio/mpeg"
			if e.Kind == content.Watch {
				v.MediaURL = fmt.Sprintf("%s%s/%s.mp4", MediaPrefix, l, e.Key)
				v.MediaType = "video/mp4"
			}
		}
		e.Versions[lang] = v
	}
	return e
}

func hasTopic(ts []content.Topic, key string) bool {
	for _, t := range ts {
		if t.Key == key {
			return true
		}
	}
	return false
}

// body returns about n words of Markdown and its HTML: paragraphs, some
// headings and lists.
func body(r *rand.Rand, v *vocab, lang string, n int) (md, htm string) {
	var m, h strings.Builder
	words := 0
	for words < n {
		switch k := r.IntN(10); {
		case k == 0 && words > 0:
			t := title(r, v, lang)
			m.WriteString("## " + t + "\n\n")
			h.WriteString("<h2>" + html.EscapeString(t) + "</h2>\n")
			words += countWords(t)
		case k == 1:
			h.WriteString("<ul>\n")
			for range 2 + r.IntN(3) {
				s := clause(r, v, lang)
				m.WriteString("- " + s + "\n")
				h.WriteString("<li>" + html.EscapeString(s) + "</li>\n")
				words += countWords(s)
			}
			m.WriteString("\n")
			h.WriteString("</ul>\n")
		default:
			var p []string
			for range 2 + r.IntN(5) {
				s := sentence(r, v, lang)
				p = append(p, s)
				words += countWords(s)
			}
			s := strings.Join(p, " ")
			m.WriteString(s + "\n\n")
			h.WriteString("<p>" + html.EscapeString(s) + "</p>\n")
		}
	}
	return strings.TrimSpace(m.String()), h.String()
}

func countWords(s string) int { return len(strings.Fields(s)) }

func title(r *rand.Rand, v *vocab, lang string) string {
	var s string
	if lang == "fr" {
		switch r.IntN(4) {
		case 0:
			s = frNP(r, v, false, "") + " " + frPreps[r.IntN(len(frPreps))] + " " + frNP(r, v, false, "")
		case 1:
			s = "Comment " + frVerb(r, v, 0) + " " + frNP(r, v, true, "")
		case 2:
			s = frNP(r, v, true, "") + " : " + frNP(r, v, true, "de")
		default:
			s = "Pourquoi " + frNP(r, v, false, "") + " " + frVerb(r, v, 1) + " " + frNP(r, v, false, "")
		}
	} else {
		switch r.IntN(4) {
		case 0:
			s = enNP(r, v, false) + " " + enPreps[r.IntN(len(enPreps))] + " " + enNP(r, v, false)
		case 1:
			s = "How to " + enVerb(r, v, 0) + " " + enNP(r, v, true)
		case 2:
			s = enNP(r, v, true) + ": what " + enNP(r, v, true) + " " + enVerb(r, v, 1)
		default:
			s = "Why " + enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false)
		}
	}
	return capitalize(s)
}

func sentence(r *rand.Rand, v *vocab, lang string) string {
	s := clause(r, v, lang)
	end := "."
	if r.IntN(15) == 0 {
		end = " ?"
		if lang == "en" {
			end = "?"
		}
	}
	return s + end
}

// clause is a sentence without its final punctuation.
func clause(r *rand.Rand, v *vocab, lang string) string {
	var s string
	if lang == "fr" {
		switch r.IntN(8) {
		case 0, 1:
			s = frNP(r, v, false, "") + " " + frVerb(r, v, 1) + " " + frNP(r, v, false, "")
		case 2:
			s = frNP(r, v, false, "") + " " + frVerb(r, v, 1) + " " + frNP(r, v, false, "") + " " + frNP(r, v, false, "de")
		case 3:
			s = frConnectors[r.IntN(len(frConnectors))] + " " + frNP(r, v, false, "") + " " + frVerb(r, v, 1) + " " + frNP(r, v, false, "")
		case 4:
			s = "On " + frVerb(r, v, 1) + " " + frNP(r, v, false, "") + " " + elide("quand", "lorsque", frNP(r, v, false, "")) + " " + frVerb(r, v, 1) + " " + frNP(r, v, false, "")
		case 5:
			s = "C’est " + frNP(r, v, false, "") + " " + elide("", "que", "on") + " " + frVerb(r, v, 1) + " " + frPreps[r.IntN(len(frPreps))] + " " + frNP(r, v, false, "")
		case 6:
			np, fem := frNPg(r, v)
			s = np + " n’est pas " + frAdj(r, v, fem, false) + " " + elide("", "parce que", frNP(r, v, false, "")) + " " + frVerb(r, v, 1) + " " + frNP(r, v, false, "")
		default:
			s = "À " + v.proper.word(r) + ", " + frNP(r, v, false, "") + " " + frVerb(r, v, 2) + " " + frNP(r, v, false, "") + " " + frNP(r, v, false, "de")
		}
	} else {
		switch r.IntN(8) {
		case 0, 1:
			s = enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false)
		case 2:
			s = enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false) + " " + enPreps[r.IntN(len(enPreps))] + " " + enNP(r, v, false)
		case 3:
			s = enConnectors[r.IntN(len(enConnectors))] + " " + enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false)
		case 4:
			s = "We " + enVerb(r, v, 0) + " " + enNP(r, v, false) + " when " + enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false)
		case 5:
			s = enNP(r, v, false) + " is " + v.adjs.word(r) + " because " + enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false)
		case 6:
			s = "It’s " + enNP(r, v, false) + " that we " + enVerb(r, v, 0) + ", and " + enNP(r, v, false) + " don't " + enVerb(r, v, 0) + " " + enNP(r, v, false)
		default:
			s = "In " + v.proper.word(r) + ", " + enNP(r, v, false) + " " + enVerb(r, v, 1) + " " + enNP(r, v, false)
		}
	}
	return capitalize(s)
}

var enDets = []string{"the", "the", "the", "a", "our", "each", "this", "their", "every", "your"}

func enNP(r *rand.Rand, v *vocab, bare bool) string {
	var b strings.Builder
	if !bare {
		b.WriteString(enDets[r.IntN(len(enDets))] + " ")
	}
	if r.IntN(100) < 35 {
		b.WriteString(v.adjs.word(r) + " ")
	}
	b.WriteString(v.nouns.word(r))
	return b.String()
}

// enVerb: form 0 is the base form, 1 any form (as found in prose).
func enVerb(r *rand.Rand, v *vocab, form int) string {
	w := v.verbs.word(r)
	if form == 0 {
		for _, suf := range []string{"ing", "ied", "ed", "es"} {
			if strings.HasSuffix(w, suf) && len(w) > len(suf)+3 {
				return w // a participle as an adjective is fine prose too
			}
		}
	}
	return w
}

// frNPg is a French noun phrase and its gender.
func frNPg(r *rand.Rand, v *vocab) (string, bool) {
	i := v.nouns.pick(r)
	n, fem := v.nouns.words[i], v.nouns.attr[i]
	head := strings.Fields(n)[0]
	plural := strings.HasSuffix(head, "s") || strings.HasSuffix(head, "x")
	var det string
	switch k := r.IntN(10); {
	case plural:
		det = []string{"les", "des", "ces", "nos", "leurs"}[r.IntN(5)]
	case k < 5:
		det = "le"
		if fem {
			det = "la"
		}
		if startsWithVowel(n) {
			det = apostrophe(r, "l")
		}
	case k < 7:
		det = "un"
		if fem {
			det = "une"
		}
	case k < 8:
		det = "ce"
		if fem {
			det = "cette"
		} else if startsWithVowel(n) {
			det = "cet"
		}
	default:
		det = "notre"
	}
	np := n
	if r.IntN(100) < 35 {
		np += " " + frAdj(r, v, fem, plural)
	}
	if strings.HasSuffix(det, "'") || strings.HasSuffix(det, "’") {
		return det + np, fem
	}
	return det + " " + np, fem
}

// frNP is a French noun phrase, introduced by "de" (with contraction and
// elision) when prep is "de".
func frNP(r *rand.Rand, v *vocab, bare bool, prep string) string {
	np, _ := frNPg(r, v)
	if bare {
		np = strings.TrimPrefix(np, strings.Fields(np)[0]+" ")
		return np
	}
	if prep == "de" {
		switch {
		case strings.HasPrefix(np, "le "):
			return "du " + np[3:]
		case strings.HasPrefix(np, "les "):
			return "des " + np[4:]
		case strings.HasPrefix(np, "des "):
			return "de " + np[4:]
		case strings.HasPrefix(np, "un "), strings.HasPrefix(np, "une "):
			return apostrophe(r, "d") + np
		}
		return "de " + np
	}
	return np
}

func frAdj(r *rand.Rand, v *vocab, fem, plural bool) string {
	f := v.frAdjForms[v.adjs.pick(r)]
	i := 0
	if fem {
		i = 1
	}
	if plural {
		i += 2
	}
	return f[i]
}

// frVerb: form 0 infinitive, 1 third person singular, 2 plural or past
// participle.
func frVerb(r *rand.Rand, v *vocab, form int) string {
	f := v.frVerbForms[v.verbs.pick(r)]
	switch form {
	case 0:
		return f[0]
	case 1:
		if r.IntN(5) == 0 {
			return "a " + f[3]
		}
		return f[1]
	}
	if r.IntN(2) == 0 {
		return "ont " + f[3]
	}
	return f[2]
}

// elide joins a word that elides (que, parce que, lorsque) to the next
// phrase: "qu’on", "parce qu’un", "lorsqu’elle". plain is used instead of
// word half the time when given.
func elide(plain, word, next string) string {
	if plain != "" && len(next)%2 == 0 {
		return plain + " " + next
	}
	if startsWithVowel(next) {
		return strings.TrimSuffix(word, "e") + "’" + next
	}
	return word + " " + next
}

// apostrophe returns an elided article, typographic or typewriter.
func apostrophe(r *rand.Rand, l string) string {
	if r.IntN(4) == 0 {
		return l + "'"
	}
	return l + "’"
}

func capitalize(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}
