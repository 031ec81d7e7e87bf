//go:build !race

package render

// worstCaseFill: see race_on_test.go.
const worstCaseFill = MaxSize
