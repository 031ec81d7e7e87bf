//go:build !race

package xliff

// pathologicalSize is how much input TestPathologicalMarkdown builds of
// each case (race builds use less: race_on_test.go).
const pathologicalSize = 100_000
