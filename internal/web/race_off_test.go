//go:build !race

package web_test

// raceAllocs is what the race detector adds to TestCachedPageAllocations'
// count (race_on_test.go); none without it.
const raceAllocs = 0
