//go:build !race

package render

import "time"

// worstCaseFill: see race_on_test.go.
const worstCaseFill = MaxSize

// hangLimit is how long the hang detector waits for one pathological input.
const hangLimit = 20 * time.Second
