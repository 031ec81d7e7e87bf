// Package mail sends the back office's e-mail notifications: a worker
// takes the messages the store's outbox holds (store.Outbox) and hands
// them to the SMTP server given by --smtp-url, retrying failures with a
// growing delay. Messages are written in the transaction of what they tell
// (a review request, a request for changes, a note), so none is sent for a
// change that did not happen and none is lost when a server stops.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// Config is where and how to send.
type Config struct {
	Host     string
	Port     int
	TLS      string // "starttls" (required), "tls" (implicit, smtps) or "none"
	Username string
	Password string
	From     string // the sender's address
}

// ParseURL reads an SMTP server's URL:
//
//	smtp://[user:password@]host[:port]        STARTTLS required (port 587)
//	smtps://[user:password@]host[:port]       TLS from the start (port 465)
//	smtp://host:port?tls=none                 no TLS: a relay on the same machine or a test server
//
// from is the sender's address (--mail-from).
func ParseURL(raw, from string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, fmt.Errorf("smtp url: %w", err)
	}
	c := Config{Host: u.Hostname(), From: from}
	switch u.Scheme {
	case "smtp":
		c.TLS, c.Port = "starttls", 587
	case "smtps":
		c.TLS, c.Port = "tls", 465
	default:
		return Config{}, fmt.Errorf("smtp url: the scheme is smtp:// or smtps://, not %q", u.Scheme)
	}
	if c.Host == "" {
		return Config{}, errors.New("smtp url: no host")
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port <= 0 || c.Port > 65535 {
			return Config{}, fmt.Errorf("smtp url: bad port %q", p)
		}
	}
	for k, v := range u.Query() {
		switch {
		case k == "tls" && len(v) == 1 && (v[0] == "none" || v[0] == "starttls" || v[0] == "tls"):
			c.TLS = v[0]
		default:
			return Config{}, fmt.Errorf("smtp url: unknown parameter %q (only tls=none|starttls|tls)", k)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if from == "" {
		return Config{}, errors.New("smtp: no sender address (--mail-from)")
	}
	if err := gomail.NewMsg().From(from); err != nil {
		return Config{}, fmt.Errorf("smtp: sender address %q: %w", from, err)
	}
	return c, nil
}

// Outbox is the part of the store the worker uses.
type Outbox interface {
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]content.Mail, error)
	MailSent(ctx context.Context, id int64, at time.Time) error
	MailFailed(ctx context.Context, id int64, at time.Time, why string) error
}

var _ Outbox = store.Outbox(nil)

// Every is how often the worker looks for messages when nothing wakes it.
const Every = 15 * time.Second

// batch is how many messages one connection sends at most.
const batch = 50

// lease is how long a claimed message is the worker's: longer than a
// batch takes to send.
const lease = 5 * time.Minute

// Sender sends the outbox's messages.
type Sender struct {
	Config Config
	Store  Outbox
	Now    func() time.Time // default time.Now
	Every  time.Duration    // default Every
	Logger *slog.Logger     // default: discard
	// Wake, if set, makes Run look at once (a change that wrote mail).
	Wake <-chan struct{}
}

// Run sends what is due at once, then every s.Every or when woken, until
// ctx ends.
func (s *Sender) Run(ctx context.Context) {
	every := s.Every
	if every <= 0 {
		every = Every
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.Wake:
		}
	}
}

// Tick sends the messages due now, in one SMTP connection; each failure
// is recorded on its message, which is tried again later. It returns how
// many were sent.
func (s *Sender) Tick(ctx context.Context) int {
	now, log := time.Now, s.Logger
	if s.Now != nil {
		now = s.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	due, err := s.Store.ClaimMail(ctx, now(), lease, batch)
	if err != nil {
		if ctx.Err() == nil {
			log.ErrorContext(ctx, "mail: cannot read the outbox", "err", err)
		}
		return 0
	}
	if len(due) == 0 {
		return 0
	}
	msgs := make([]*gomail.Msg, len(due))
	for i, m := range due {
		if msgs[i], err = s.message(m); err != nil {
			// A message that cannot be built never will be: give it up.
			s.failed(ctx, log, m, err, now())
			msgs[i] = nil
		}
	}
	send := make([]*gomail.Msg, 0, len(msgs))
	for _, m := range msgs {
		if m != nil {
			send = append(send, m)
		}
	}
	if len(send) == 0 {
		return 0
	}
	c, err := s.client()
	if err == nil {
		err = c.DialAndSendWithContext(ctx, send...)
	}
	// go-mail reports each message's own error on the message.
	sent := 0
	for i, m := range due {
		if msgs[i] == nil {
			continue
		}
		if err != nil && (msgs[i].HasSendError() || !errors.As(err, new(*gomail.SendError))) {
			why := err
			if msgs[i].HasSendError() {
				why = msgs[i].SendError()
			}
			s.failed(ctx, log, m, why, now())
			continue
		}
		if e := s.Store.MailSent(ctx, m.ID, now()); e != nil {
			log.ErrorContext(ctx, "mail: sent, but cannot record it", "mail", m.ID, "err", e)
		}
		sent++
	}
	if sent > 0 {
		log.InfoContext(ctx, "mail: sent", "messages", sent)
	}
	return sent
}

func (s *Sender) failed(ctx context.Context, log *slog.Logger, m content.Mail, err error, at time.Time) {
	log.WarnContext(ctx, "mail: not sent", "mail", m.ID, "attempt", m.Attempts+1, "err", err)
	if e := s.Store.MailFailed(ctx, m.ID, at, err.Error()); e != nil {
		log.ErrorContext(ctx, "mail: cannot record a failure", "mail", m.ID, "err", e)
	}
}

// message builds m as an e-mail: plain text in its recipient's language,
// marked as sent automatically (no auto-replies).
func (s *Sender) message(m content.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.Config.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetGenHeader(gomail.HeaderContentLang, string(m.Lang))
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	return msg, nil
}

// client is an SMTP client for the configuration.
func (s *Sender) client() (*gomail.Client, error) {
	c := s.Config
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(30 * time.Second)}
	switch c.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if c.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	cl, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return cl, nil
}
