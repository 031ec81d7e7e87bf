package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Audit is the append-only audit log (sqldb/audit.go).
type Audit interface {
	// AddAudit appends to the audit log; e.ID is ignored. There is no way to
	// change or remove an entry.
	AddAudit(ctx context.Context, e content.AuditEntry) error
	// AuditLog returns the latest entries, newest first.
	AuditLog(ctx context.Context, limit int) ([]content.AuditEntry, error)
	// AuditEntries returns the entries q selects, newest first, one page
	// of them, and how many it selects in all.
	AuditEntries(ctx context.Context, q AuditQuery) ([]content.AuditEntry, int, error)
	// AuditActions lists the actions the log holds, sorted.
	AuditActions(ctx context.Context) ([]string, error)
}

// AuditQuery selects audit entries. Zero fields do not filter.
type AuditQuery struct {
	ActorID  int64  // entries by this staff member
	System   bool   // entries by the system (no staff member)
	Action   string // this action, or every action under it when it ends with "."
	Target   string // this target, e.g. "episode:12"
	From, To time.Time
	Limit    int // 0: no limit
	Offset   int
}
