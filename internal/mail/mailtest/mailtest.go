// Package mailtest runs a real SMTP server in the test's process (the
// well-kept github.com/emersion/go-smtp) and keeps what it receives, for
// tests of e-mail notifications end to end.
package mailtest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message received.
type Message struct {
	From string
	To   []string
	Raw  []byte
	// Header and Body are the parsed message; Subject is decoded (RFC
	// 2047) and Body decoded from quoted-printable when it is so encoded.
	Header  mail.Header
	Subject string
	Body    string
}

// Server is an SMTP server on 127.0.0.1 that accepts every message.
type Server struct {
	Addr string // host:port

	mu       sync.Mutex
	msgs     []Message
	refusing bool
	got      chan struct{}
}

// Start starts a server, stopped when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, stop, err := Listen()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("smtp test server: %v", err)
		}
	})
	return s
}

// Listen starts a server outside a test (a TestMain); stop stops it and
// reports how it ended.
func Listen() (s *Server, stop func() error, err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	s = &Server{Addr: l.Addr().String(), got: make(chan struct{}, 1)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	srv.MaxMessageBytes = 1 << 20
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	return s, func() error {
		_ = srv.Close()
		if err := <-done; err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			return err
		}
		return nil
	}, nil
}

// URL is the server's address as --smtp-url takes it.
func (s *Server) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Refuse makes the server refuse (true) or accept (false) messages.
func (s *Server) Refuse(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusing = on
}

// Messages returns what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until at least n messages were received, or fails the test
// after a generous while.
func (s *Server) Wait(t testing.TB, n int) []Message {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.got:
		case <-deadline:
			t.Fatalf("smtp test server: %d messages received, want %d", len(s.Messages()), n)
		}
	}
}

// WaitFor waits for a message match accepts and returns it, or fails the
// test after a generous while (the server may also receive other tests'
// messages).
func (s *Server) WaitFor(t testing.TB, what string, match func(Message) bool) Message {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m
			}
		}
		select {
		case <-s.got:
		case <-deadline:
			t.Fatalf("smtp test server: no message %s among %d received", what, len(s.Messages()))
		case <-time.After(time.Second):
		}
	}
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	refusing := x.s.refusing
	x.s.mu.Unlock()
	if refusing {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	m := Message{From: x.from, To: x.to, Raw: raw}
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		m.Header = msg.Header
		m.Subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		body, _ := io.ReadAll(msg.Body)
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body, _ = io.ReadAll(qpReader(body))
		}
		m.Body = string(body)
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	x.s.mu.Unlock()
	select {
	case x.s.got <- struct{}{}:
	default:
	}
	return nil
}

func qpReader(b []byte) io.Reader { return quotedprintable.NewReader(bytes.NewReader(b)) }
