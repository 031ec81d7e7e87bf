package app

import (
	"runtime/metrics"
	"testing"
)

func TestAdaptiveLimit(t *testing.T) {
	const mib = 1 << 20
	floor := int64(224 * mib)
	for _, tt := range []struct{ live, want int64 }{
		{0, floor},
		{100 * mib, floor},                      // 182 MiB < floor
		{128 * mib, floor},                      // 224 MiB: the floor exactly
		{250 * mib, 250*mib + 125*mib + 32*mib}, // a large library: above the floor
		{2048 * mib, 3072*mib + 32*mib},
	} {
		if got := adaptiveLimit(floor, tt.live); got != tt.want {
			t.Errorf("adaptiveLimit(%d MiB live) = %d MiB, want %d MiB", tt.live/mib, got/mib, tt.want/mib)
		}
	}
}

// The governor reads the live heap from runtime/metrics: the metric must
// exist and be a count of bytes in this runtime.
func TestLiveHeapMetric(t *testing.T) {
	for _, d := range metrics.All() {
		if d.Name == liveHeapMetric {
			if d.Kind != metrics.KindUint64 {
				t.Fatalf("%s is of kind %v, want uint64", liveHeapMetric, d.Kind)
			}
			return
		}
	}
	t.Fatalf("runtime/metrics has no %s", liveHeapMetric)
}
