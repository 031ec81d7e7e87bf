//go:build !race

package render

import "time"

// worstCaseFill is how much input TestComplexityGuardWorstCase builds, and
// where TestPathologicalMarkdown cuts an oversized input: all of MaxSize.
// Race builds use less (race_on_test.go); -short runs a sixteenth of it.
const worstCaseFill = MaxSize

// The hang detector's budget for one input (see hangBudget). Rendering is
// linear in the input once the complexity guard has passed it, so the
// budget is per byte. Measured on the 2-core development machine while
// other test runs kept it busy (load average about 10), the slowest input
// of this package renders at 8 µs per byte (deep lists then blank lines:
// 1 MiB in 6 to 8 s; 18.3 s on a busy CI machine, 17 µs per byte). 200 µs
// per byte (3.5 minutes for 1 MiB) is 11 times the worst CI figure and 25
// times the figure here; a super-linear blow-up over the whole input
// multiplies the time by about the number of blocks it spans (about 1,000
// in a 1 MiB fill) and still exceeds it many times over.
const (
	hangPerByte = 200 * time.Microsecond
	hangFloor   = 30 * time.Second // for small inputs: a stalled goroutine on a loaded machine
)
