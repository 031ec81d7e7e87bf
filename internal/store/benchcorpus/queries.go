package benchcorpus

import "math/rand/v2"

// Query word tiers by rank in Vocabulary: the head words occur in most
// versions, the tail in a few.
const (
	commonRanks = 100
	midRanks    = 1000
)

// Queries returns n two-word queries in lang ("en" or "fr") from the
// corpus vocabulary, a deterministic mix: 40% two common words, 30% a
// common and a mid-frequency word, 20% a mid-frequency and a rare word,
// 10% two rare words.
func Queries(lang string, n int, seed uint64) []string {
	v := Vocabulary(lang)
	r := rand.New(rand.NewPCG(seed, 0x9e5))
	common := func() string { return v[r.IntN(commonRanks)] }
	mid := func() string { return v[commonRanks+r.IntN(midRanks-commonRanks)] }
	rare := func() string { return v[midRanks+r.IntN(len(v)-midRanks)] }
	out := make([]string, n)
	for i := range out {
		switch k := r.IntN(10); {
		case k < 4:
			out[i] = common() + " " + common()
		case k < 7:
			out[i] = common() + " " + mid()
		case k < 9:
			out[i] = mid() + " " + rare()
		default:
			out[i] = rare() + " " + rare()
		}
	}
	return out
}
