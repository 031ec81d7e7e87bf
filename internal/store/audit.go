package store

import (
	"context"

	"github.com/busrides/busrides/internal/content"
)

// Audit is the append-only audit log (sqldb/audit.go).
type Audit interface {
	// AddAudit appends to the audit log; e.ID is ignored. There is no way to
	// change or remove an entry.
	AddAudit(ctx context.Context, e content.AuditEntry) error
	// AuditLog returns the latest entries, newest first.
	AuditLog(ctx context.Context, limit int) ([]content.AuditEntry, error)
}
