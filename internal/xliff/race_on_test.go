//go:build race

package xliff

// pathologicalSize is how much input TestPathologicalMarkdown builds of
// each case: the race detector slows the round trip about sixfold.
const pathologicalSize = 25_000
