package app

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// countingWriter counts the writes that reach it.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) { w.writes++; return w.Buffer.Write(p) }

// Information lines are written in batches, warnings at once, and
// nothing is lost or reordered when the buffer is flushed.
func TestLogBuffer(t *testing.T) {
	out := &countingWriter{}
	b := newLogBuffer(out)
	log := slog.New(urgentHandler{slog.NewTextHandler(b, nil), b})
	ctx := context.Background()
	const n = 2000
	for i := range n {
		log.InfoContext(ctx, "request", "i", i, "path", "/en/episodes/digital-nations-2020")
	}
	if out.writes == 0 || out.writes > n/50 {
		t.Errorf("%d information lines took %d writes; want a few batches", n, out.writes)
	}
	before := out.writes
	log.Warn("page cache: cannot follow a change")
	if out.writes != before+1 || !strings.HasSuffix(out.String(), "page cache: cannot follow a change\"\n") {
		t.Errorf("a warning was not written at once (%d writes, ends %q)", out.writes-before, out.String()[max(0, out.Len()-60):])
	}
	log.Info("last")
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != n+2 || !strings.Contains(lines[0], "i=0 ") || !strings.Contains(lines[n-1], "i=1999 ") || !strings.Contains(lines[n+1], "last") {
		t.Errorf("%d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
}
