package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Outbox is the queue of e-mail notifications (sqldb/outbox.go): they are
// written with what they tell (StateChange.Mail, AddEpisodeNote) and sent
// by a worker (internal/mail.Sender), on every server at once.
type Outbox interface {
	// ClaimMail returns up to limit messages due at now and not sent nor
	// given up, each claimed for lease: another server's claim in that time
	// skips them, and a sender that dies lets them come due again.
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]content.Mail, error)
	// MailSent records that a claimed message was sent.
	MailSent(ctx context.Context, id int64, at time.Time) error
	// MailFailed records a failed attempt: the attempt count, the error and
	// when to try again (content.MailRetry); after content.MailMaxAttempts
	// the message is given up (never claimed again).
	MailFailed(ctx context.Context, id int64, at time.Time, why string) error
	// OutboxMail returns the newest messages, sent or not, newest first
	// (the administrators' view of notifications).
	OutboxMail(ctx context.Context, limit int) ([]content.Mail, error)
}
