package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the unit of utime and stime in /proc/<pid>/stat
// (USER_HZ, 100 on Linux for every architecture Go supports).
const clockTicks = 100

// cpuTime is the CPU time (user and system, every thread) process pid has
// used, from /proc/<pid>/stat; its resolution is 10 ms.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("cpu time: %w", err)
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted from 1 start after its closing parenthesis (field 2).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("cpu time: /proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	// utime and stime are fields 14 and 15; f[0] is field 3.
	if len(f) < 13 {
		return 0, fmt.Errorf("cpu time: /proc/%d/stat: %d fields", pid, len(f))
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("cpu time: /proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// memory is a process's resident and private memory.
type memory struct {
	RSS     int64 `json:"rss_bytes"`
	Private int64 `json:"private_bytes"` // Private_Clean + Private_Dirty
	// Anonymous is the memory not backed by a file (heap, stacks):
	// Private counts too the pages of files mapped by this process only
	// (SQLite's memory-mapped database), which the kernel can drop.
	Anonymous int64 `json:"anonymous_bytes"`
}

// memoryOf reads /proc/<pid>/smaps_rollup.
func memoryOf(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return memory{}, fmt.Errorf("memory: %w", err)
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "Rss":
			m.RSS = kb << 10
		case "Private_Clean", "Private_Dirty":
			m.Private += kb << 10
		case "Anonymous":
			m.Anonymous = kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		return memory{}, fmt.Errorf("memory: %w", err)
	}
	return m, nil
}

// loadAvg is the system's load average (1, 5, 15 minutes), when known.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// cpuGroup sums the CPU time of a changing set of processes (the
// PostgreSQL backends serving the server): a process seen at the start
// counts from there, one that appears later from zero, one that ends is
// counted up to the last reading.
type cpuGroup struct {
	last map[int]time.Duration
	used time.Duration
}

// update reads the processes' CPU times and returns the time used since
// the previous update.
func (g *cpuGroup) update(pids []int) time.Duration {
	now := map[int]time.Duration{}
	var delta time.Duration
	for _, pid := range pids {
		t, err := cpuTime(pid)
		if err != nil {
			continue
		}
		now[pid] = t
		if prev, ok := g.last[pid]; ok {
			delta += t - prev
		} else if g.last != nil {
			delta += t
		}
	}
	g.last = now
	g.used += delta
	return delta
}
