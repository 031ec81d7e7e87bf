package app

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// A fixed soft limit below what the server must keep alive makes the
// collector run without pause (the runtime then caps it at half the CPU):
// at 100,000 episodes the search lists alone fill their 128 MiB, and the
// search API cost 15.7 ms of CPU per request under a fixed 224 MiB limit
// (loadbench). So the default
// limit (MemoryLimit) is a floor: every few seconds memoryGovernor raises
// it to half as much again as the heap that survived the last collection
// (as GOGC=50 would) when that is higher, and lowers it back to the floor
// when the heap shrinks.

// liveHeapMetric is the heap that survived the last collection.
const liveHeapMetric = "/gc/heap/live:bytes"

// adaptiveLimit is the soft limit for a live heap of live bytes: the floor,
// or live and half as much again plus 32 MiB, whichever is higher.
func adaptiveLimit(floor, live int64) int64 {
	return max(floor, live+live/2+32<<20)
}

// governMemory keeps the runtime's soft memory limit at adaptiveLimit of
// the live heap, checked every interval, until ctx ends.
func governMemory(ctx context.Context, floor int64, every time.Duration) {
	sample := []metrics.Sample{{Name: liveHeapMetric}}
	t := time.NewTicker(every)
	defer t.Stop()
	set := floor
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return // not reported by this runtime: keep the floor
		}
		if limit := adaptiveLimit(floor, int64(sample[0].Value.Uint64())); limit != set {
			debug.SetMemoryLimit(limit)
			set = limit
		}
	}
}
