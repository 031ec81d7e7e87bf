//go:build race

package render

import "time"

// worstCaseFill is how much input TestComplexityGuardWorstCase builds, and
// where TestPathologicalMarkdown cuts an oversized input. The race detector
// slows goldmark about tenfold, so race runs use an eighth of MaxSize;
// normal runs use all of it. -short runs a sixteenth of this.
const worstCaseFill = MaxSize / 8

// The hang detector's budget for one input (see hangBudget and
// race_off_test.go). Under the race detector, on the 2-core development
// machine busy with other test runs (load average about 10), the slowest
// inputs render at 100 µs per byte (nested brackets: 128 KiB in 13 s;
// deeply nested lists: 246 KiB in 19 s, 76 µs per byte). 2 ms per byte
// (4.4 minutes for 128 KiB) is 20 times that; a super-linear blow-up over
// the whole input multiplies the time by about the number of blocks it
// spans (about 125 in a 128 KiB fill) and still exceeds it.
const (
	hangPerByte = 2 * time.Millisecond
	hangFloor   = 60 * time.Second // for small inputs: a stalled goroutine on a loaded machine
)
