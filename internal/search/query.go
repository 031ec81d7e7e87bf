package search

import "unicode/utf8"

// MaxQueryTerms is the most distinct terms a query keeps.
const MaxQueryTerms = 8

// MaxQueryBytes is the longest query analysed; longer input is cut at a rune
// boundary first.
const MaxQueryBytes = 1000

// Query is a user's search query, analysed.
type Query struct {
	// Terms are the distinct analysed terms, first-seen order, at most
	// MaxQueryTerms, each [a-z0-9]+. Stop words are dropped unless the
	// query has nothing else.
	Terms []string
	// Words are the folded surface words (after elision, before stemming)
	// that produced Terms, distinct, in order — for "Did you mean".
	Words []string
	// Typed is parallel to Terms: the word as typed that first gave each
	// term, for saying which words a search left out.
	Typed []string
}

// Empty reports whether the query has no terms.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// truncateQuery cuts q to at most MaxQueryBytes, at a rune boundary.
func truncateQuery(q string) string {
	if len(q) <= MaxQueryBytes {
		return q
	}
	cut := MaxQueryBytes
	for cut > 0 && cut > MaxQueryBytes-utf8.UTFMax && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return q[:cut]
}

// ParseQuery analyses a user's query as plain text. Any input is text:
// quotes, *, -, parentheses, NEAR, AND/OR, control characters, invalid UTF-8
// and injection strings are only separators or words, and the result is
// never an error. Input longer than MaxQueryBytes is cut first.
func ParseQuery(lang, q string) Query {
	lg := parseLang(lang)
	q = truncateQuery(q)

	type entry struct {
		term, word, typed string
		stop              bool
	}
	var all []entry
	content := false
	tokenize(lg, q, func(tok token) bool {
		if tok.folded == nil {
			return true
		}
		stop := isStop(lg, tok.folded)
		content = content || !stop
		all = append(all, entry{term: stem(lg, tok.folded), word: string(tok.folded), typed: q[tok.start:tok.end], stop: stop})
		return true
	})

	var out Query
	seenT := make(map[string]bool)
	seenW := make(map[string]bool)
	for _, e := range all {
		if content && e.stop {
			continue
		}
		if !seenT[e.term] {
			if len(out.Terms) == MaxQueryTerms {
				continue
			}
			seenT[e.term] = true
			out.Terms = append(out.Terms, e.term)
			out.Typed = append(out.Typed, e.typed)
		}
		if !seenW[e.word] {
			seenW[e.word] = true
			out.Words = append(out.Words, e.word)
		}
	}
	return out
}
