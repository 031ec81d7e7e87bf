//go:build race

package web_test

// raceAllocs is what the race detector adds to TestCachedPageAllocations'
// count: its instrumentation allocates one more object on the path.
const raceAllocs = 1
