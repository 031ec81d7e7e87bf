//go:build race

package render

// worstCaseFill is how much input TestComplexityGuardWorstCase builds. The
// race detector slows goldmark about tenfold, so race runs use an eighth of
// MaxSize; normal runs use all of it.
const worstCaseFill = MaxSize / 8
