package benchcorpus

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// zipf is a list of words sampled with a Zipf–Mandelbrot law over their
// rank: the word of rank r has weight 1/(r+q)^s.
type zipf struct {
	words []string
	cum   []float64
	attr  []bool // French nouns: feminine
}

const (
	zipfS = 1.05
	zipfQ = 2.7
)

func newZipf(words []string, attr []bool) *zipf {
	z := &zipf{words: words, attr: attr, cum: make([]float64, len(words))}
	total := 0.0
	for i := range words {
		total += zipfWeight(i)
		z.cum[i] = total
	}
	return z
}

func zipfWeight(rank int) float64 { return 1 / math.Pow(float64(rank)+zipfQ, zipfS) }

func (z *zipf) pick(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	return min(sort.SearchFloat64s(z.cum, x), len(z.words)-1)
}

func (z *zipf) word(r *rand.Rand) string { return z.words[z.pick(r)] }

// vocab is one language's word lists.
type vocab struct {
	nouns, verbs, adjs, proper *zipf
	// French verbs and adjectives are kept in groups of forms, so that
	// agreement can pick the right one: the sampled index is the group.
	frVerbForms [][4]string
	frAdjForms  [][4]string // m, f, m pl, f pl
}

// tiers orders forms: base forms first (shuffled), then inflected, then
// prefixed, so that prefixed coinages are the rare tail.
func tiers(r *rand.Rand, groups ...[]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range groups {
		g = slices.Clone(g)
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		for _, w := range g {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

func enPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

func enVerbForms(v string) []string {
	var ed, ing string
	switch {
	case strings.HasSuffix(v, "e"):
		ed, ing = v+"d", v[:len(v)-1]+"ing"
	case strings.HasSuffix(v, "y") && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		ed, ing = v[:len(v)-1]+"ied", v+"ing"
	default:
		ed, ing = v+"ed", v+"ing"
	}
	return []string{v, enPlural(v), ed, ing}
}

func buildEnglish() *vocab {
	r := rand.New(rand.NewPCG(11, 12))
	var base, infl, pref []string
	for _, n := range enNouns {
		base = append(base, n)
		infl = append(infl, enPlural(n))
		for _, p := range pick(r, enPrefixes, 3) {
			pref = append(pref, p+n, p+enPlural(n))
		}
	}
	nouns := tiers(r, base, infl, pref)
	base, infl, pref = nil, nil, nil
	for _, v := range enVerbs {
		f := enVerbForms(v)
		base = append(base, f[0])
		infl = append(infl, f[1:]...)
		for _, p := range pick(r, []string{"re", "co", "pre", "over", "under", "auto", "mis"}, 2) {
			for _, x := range f {
				pref = append(pref, p+x)
			}
		}
	}
	verbs := tiers(r, base, infl, pref)
	base, infl, pref = nil, nil, nil
	for _, a := range enAdjectives {
		base = append(base, a)
		if strings.HasSuffix(a, "le") {
			infl = append(infl, a[:len(a)-1]+"y")
		} else if !strings.HasSuffix(a, "ly") {
			infl = append(infl, a+"ly")
		}
		for _, p := range pick(r, []string{"non", "un", "multi", "hyper", "semi", "post"}, 2) {
			pref = append(pref, p+a)
		}
	}
	adjs := tiers(r, base, infl, pref)
	return &vocab{nouns: newZipf(nouns, nil), verbs: newZipf(verbs, nil), adjs: newZipf(adjs, nil), proper: newZipf(tiers(r, enProper), nil)}
}

func frPlural(w string) string {
	if i := strings.IndexByte(w, ' '); i > 0 {
		return frPlural(w[:i]) + w[i:]
	}
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"):
		return w
	case strings.HasSuffix(w, "eau"), strings.HasSuffix(w, "eu"):
		return w + "x"
	case strings.HasSuffix(w, "al") && w != "festival":
		return w[:len(w)-2] + "aux"
	}
	return w + "s"
}

func buildFrench() *vocab {
	r := rand.New(rand.NewPCG(21, 22))
	type nf = frNoun
	var base, infl, pref []nf
	for _, n := range frNouns {
		base = append(base, n)
		infl = append(infl, nf{frPlural(n.w), n.fem})
		if !strings.Contains(n.w, " ") {
			for _, p := range pick(r, frPrefixes, 3) {
				w := p + n.w
				if p == "ré" && startsWithVowel(n.w) && !strings.HasPrefix(n.w, "é") {
					w = "ré" + n.w // réaccès, réindicateur: coinages, as in real jargon
				}
				pref = append(pref, nf{w, n.fem}, nf{frPlural(w), n.fem})
			}
		}
	}
	var all []nf
	seen := map[string]bool{}
	for _, g := range [][]nf{base, infl, pref} {
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		for _, x := range g {
			if !seen[x.w] {
				seen[x.w] = true
				all = append(all, x)
			}
		}
	}
	words := make([]string, len(all))
	fem := make([]bool, len(all))
	for i, x := range all {
		words[i], fem[i] = x.w, x.fem
	}
	v := &vocab{nouns: newZipf(words, fem)}

	// Verbs and adjectives: groups of forms, base groups first, then
	// prefixed groups.
	var vb, vp [][4]string
	for _, f := range frVerbs {
		vb = append(vb, f)
		if !strings.Contains(f[0], " ") {
			for _, p := range pick(r, []string{"re", "pré", "co", "sur", "auto"}, 2) {
				if p == "re" && startsWithVowel(f[0]) {
					p = "ré"
				}
				vp = append(vp, [4]string{p + f[0], p + f[1], p + f[2], p + f[3]})
			}
		}
	}
	r.Shuffle(len(vb), func(i, j int) { vb[i], vb[j] = vb[j], vb[i] })
	r.Shuffle(len(vp), func(i, j int) { vp[i], vp[j] = vp[j], vp[i] })
	v.frVerbForms = append(vb, vp...)
	v.verbs = newZipf(make([]string, len(v.frVerbForms)), nil)
	var ab, ap [][4]string
	for _, a := range frAdjectives {
		ab = append(ab, [4]string{a[0], a[1], frPlural(a[0]), a[1] + "s"})
		for _, p := range pick(r, []string{"non ", "multi", "hyper", "semi-", "post", "ultra"}, 2) {
			ap = append(ap, [4]string{p + a[0], p + a[1], p + frPlural(a[0]), p + a[1] + "s"})
		}
	}
	r.Shuffle(len(ab), func(i, j int) { ab[i], ab[j] = ab[j], ab[i] })
	r.Shuffle(len(ap), func(i, j int) { ap[i], ap[j] = ap[j], ap[i] })
	v.frAdjForms = append(ab, ap...)
	v.adjs = newZipf(make([]string, len(v.frAdjForms)), nil)
	v.proper = newZipf(tiers(r, frProper), nil)
	return v
}

func pick(r *rand.Rand, from []string, n int) []string {
	idx := r.Perm(len(from))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

func startsWithVowel(w string) bool {
	c, _ := utf8.DecodeRuneInString(w)
	return strings.ContainsRune("aeiouyhàâéèêëîïôœûùAEIOUYHÀÂÉÈÊÎÏÔŒÛ", c)
}

var (
	english = buildEnglish()
	french  = buildFrench()
)

// Vocabulary lists the content words of a language ("en" or "fr"), most
// frequent first (by their sampling weight in the generated text), for
// picking query words: the head is common, the tail rare.
func Vocabulary(lang string) []string {
	type ws struct {
		w string
		p float64
	}
	var all []ws
	add := func(z *zipf, share float64, form func(i int) []string) {
		total := z.cum[len(z.cum)-1]
		for i := range z.words {
			fs := form(i)
			for _, w := range fs {
				all = append(all, ws{w, share * zipfWeight(i) / total / float64(len(fs))})
			}
		}
	}
	one := func(z *zipf) func(int) []string { return func(i int) []string { return []string{z.words[i]} } }
	if lang == "fr" {
		v := french
		add(v.nouns, 0.5, one(v.nouns))
		add(v.verbs, 0.25, func(i int) []string { return v.frVerbForms[i][:] })
		add(v.adjs, 0.2, func(i int) []string { return v.frAdjForms[i][:] })
		add(v.proper, 0.05, one(v.proper))
	} else {
		v := english
		add(v.nouns, 0.5, one(v.nouns))
		add(v.verbs, 0.25, one(v.verbs))
		add(v.adjs, 0.2, one(v.adjs))
		add(v.proper, 0.05, one(v.proper))
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].p > all[j].p })
	out := make([]string, 0, len(all))
	seen := map[string]bool{}
	for _, x := range all {
		if !seen[x.w] {
			seen[x.w] = true
			out = append(out, x.w)
		}
	}
	return out
}
