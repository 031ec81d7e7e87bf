//go:build race

package render

import "time"

// worstCaseFill is how much input TestComplexityGuardWorstCase builds. The
// race detector slows goldmark about tenfold, so race runs use an eighth of
// MaxSize; normal runs use all of it.
const worstCaseFill = MaxSize / 8

// hangLimit is how long the hang detector waits for one pathological input.
// Race builds on a busy 2-core CI machine run goldmark many times slower, so
// they wait longer; a real hang (super-linear blow-up) exceeds either.
const hangLimit = 90 * time.Second
