package index

import (
	"maps"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
)

// Field weights of the search index: a term counts for the best field it
// appears in, plus up to 9 for repetition, so a title match outranks any
// number of body matches.
const (
	WeightTitle   = 100
	WeightSummary = 30
	WeightMeta    = 20 // topic and author names
	WeightBody    = 10 // body and transcript
)

// minSuggestLen is the shortest word kept for suggestions (the typo rule
// applies to words of 5 letters or more).
const minSuggestLen = 5

// Indexed is what the index holds of one version.
type Indexed struct {
	// Postings are the version's terms with their weights: the best
	// field's weight plus one for each repetition, up to 9.
	Postings map[string]int
	// Words are the words of 5 letters or more (folded), as written
	// (search.Lower: lowercase, accents kept), sorted, for "Did you mean"
	// suggestions, which match them folded and show them as written.
	Words []string
	// Text is the plain text for snippets: summary, body and transcript.
	Text string
}

// AnalyzeVersion computes what the index holds of the version v in lang,
// whose topics and authors are named names (in lang).
func AnalyzeVersion(lang content.Lang, v *content.Version, names []string) Indexed {
	body := htmlText(v.BodyHTML)
	transcript := htmlText(v.TranscriptHTML)
	type posting struct{ weight, tf int }
	terms := map[string]*posting{}
	words := map[string]bool{}
	add := func(text string, weight int) {
		for _, t := range search.Analyze(string(lang), text) {
			p := terms[t.Text]
			if p == nil {
				p = &posting{}
				terms[t.Text] = p
			}
			p.weight = max(p.weight, weight)
			p.tf++
			if w := text[t.Start:t.End]; len(search.Fold(w)) >= minSuggestLen {
				words[search.Lower(w)] = true
			}
		}
	}
	add(v.Title, WeightTitle)
	add(v.Summary, WeightSummary)
	add(strings.Join(names, "\n"), WeightMeta)
	add(body, WeightBody)
	add(transcript, WeightBody)

	out := Indexed{
		Postings: make(map[string]int, len(terms)),
		Words:    slices.Sorted(maps.Keys(words)),
		Text:     strings.TrimSpace(v.Summary + "\n" + body + "\n" + transcript),
	}
	for t, p := range terms {
		out.Postings[t] = p.weight + min(p.tf-1, 9)
	}
	return out
}

// DiffPostings returns what storing the postings now changes of the
// postings stored before, old: the terms to delete (gone) and the terms to
// write (new, or with another weight), each sorted. A posting left as it
// was is in neither.
func DiffPostings(old, now map[string]int) (gone, write []string) {
	for t := range old {
		if _, ok := now[t]; !ok {
			gone = append(gone, t)
		}
	}
	for t, w := range now {
		if ow, ok := old[t]; !ok || ow != w {
			write = append(write, t)
		}
	}
	slices.Sort(gone)
	slices.Sort(write)
	return gone, write
}

// htmlText is the text of sanitised HTML, one line per block.
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "footer", "br", "tr", "pre":
				b.WriteByte('\n')
			}
		}
	}
}
