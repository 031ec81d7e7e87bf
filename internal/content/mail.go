package content

import "time"

// Mail is an e-mail notification waiting in the outbox or sent: written in
// the transaction of what it tells (a review request, a request for
// changes, a note), in its recipient's language, and sent by a worker
// when an SMTP server is configured. Without one, none is written: the
// back office's dashboard is the notification.
type Mail struct {
	ID        int64
	To        string // the recipient's address (User.Email)
	Lang      Lang   // the recipient's language
	Subject   string
	Body      string // plain text
	CreatedAt time.Time
	Attempts  int
	SentAt    time.Time // zero: not sent yet
	LastError string
}

// MailRetry is how long the outbox waits before the attempt after the
// n-th failed one (n ≥ 1): one minute, doubling, at most six hours.
func MailRetry(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// MailMaxAttempts is how many times a message is tried before it is given
// up (about two days of retries).
const MailMaxAttempts = 16
