package mail_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/mail"
	"github.com/busrides/busrides/internal/mail/mailtest"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/store/sqlite"
)

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		raw, from string
		want      mail.Config
		err       string
	}{
		{"smtp://relay.example.ca", "a@example.ca", mail.Config{Host: "relay.example.ca", Port: 587, TLS: "starttls", From: "a@example.ca"}, ""},
		{"smtps://u%40x:p%3Ass@mail.example.ca", "a@example.ca", mail.Config{Host: "mail.example.ca", Port: 465, TLS: "tls", Username: "u@x", Password: "p:ss", From: "a@example.ca"}, ""},
		{"smtp://127.0.0.1:2525?tls=none", "a@example.ca", mail.Config{Host: "127.0.0.1", Port: 2525, TLS: "none", From: "a@example.ca"}, ""},
		{"http://example.ca", "a@example.ca", mail.Config{}, "scheme"},
		{"smtp://", "a@example.ca", mail.Config{}, "no host"},
		{"smtp://h:99999", "a@example.ca", mail.Config{}, "bad port"},
		{"smtp://h?tls=maybe", "a@example.ca", mail.Config{}, "unknown parameter"},
		{"smtp://h?debug=1", "a@example.ca", mail.Config{}, "unknown parameter"},
		{"smtp://h", "", mail.Config{}, "no sender"},
		{"smtp://h", "not an address", mail.Config{}, "sender address"},
	} {
		got, err := mail.ParseURL(c.raw, c.from)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseURL(%q, %q) = %v; want an error with %q", c.raw, c.from, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseURL(%q, %q) = %+v, %v; want %+v", c.raw, c.from, got, err, c.want)
		}
	}
}

// queue stores an episode and a note whose notifications are mail, in a
// real SQLite store.
func queue(t *testing.T, mails ...content.Mail) store.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ep := &content.Episode{Kind: content.Read, Versions: map[content.Lang]*content.Version{
		content.English: {Lang: content.English, Title: "T", Slug: "t", Summary: "S", BodyMarkdown: "B", BodyHTML: "<p>B</p>"}}}
	if _, err := st.SaveEpisode(t.Context(), ep, content.SaveInfo{Now: mails[0].CreatedAt}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEpisodeNote(t.Context(), content.EpisodeNote{EpisodeID: ep.ID, Kind: content.NoteComment, Body: "n", CreatedAt: mails[0].CreatedAt}, mails); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSenderDeliversAndRetries: messages reach a real SMTP server with
// their language and encoded French subject; a server that refuses leaves
// them in the outbox for a later try, which delivers them once.
func TestSenderDeliversAndRetries(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	clock := now
	st := queue(t,
		content.Mail{To: "marie@example.ca", Lang: content.French, Subject: "Révision demandée : « Été »", Body: "Bonjour,\n\nUne ligne très longue " + strings.Repeat("é", 200) + "\n", CreatedAt: now},
		content.Mail{To: "sam@example.ca", Lang: content.English, Subject: "Review requested", Body: "Hello\n", CreatedAt: now})
	srv := mailtest.Start(t)
	cfg, err := mail.ParseURL(srv.URL(), "busrides@example.ca")
	if err != nil {
		t.Fatal(err)
	}
	s := &mail.Sender{Config: cfg, Store: st, Now: func() time.Time { return clock }}

	srv.Refuse(true)
	if n := s.Tick(t.Context()); n != 0 {
		t.Fatalf("sent %d to a server that refuses", n)
	}
	log, err := st.OutboxMail(t.Context(), 10)
	if err != nil || len(log) != 2 || log[0].Attempts != 1 || !strings.Contains(log[0].LastError, "451") {
		t.Fatalf("after the refusal: %+v, %v", log, err)
	}
	srv.Refuse(false)
	if n := s.Tick(t.Context()); n != 0 {
		t.Fatalf("retried at once: %d", n)
	}
	clock = now.Add(content.MailRetry(1))
	if n := s.Tick(t.Context()); n != 2 {
		t.Fatalf("the retry sent %d, want 2", n)
	}
	clock = clock.Add(24 * time.Hour)
	if n := s.Tick(t.Context()); n != 0 {
		t.Fatalf("sent again: %d", n)
	}
	got := srv.Messages()
	if len(got) != 2 {
		t.Fatalf("received %d messages", len(got))
	}
	var fr mailtest.Message
	for _, m := range got {
		if m.To[0] == "marie@example.ca" {
			fr = m
		}
	}
	if fr.From != "busrides@example.ca" || fr.Header.Get("Content-Language") != "fr" || fr.Header.Get("Auto-Submitted") != "auto-generated" ||
		fr.Subject != "Révision demandée : « Été »" || !strings.Contains(fr.Body, strings.Repeat("é", 200)) {
		t.Errorf("the French message: from %q, lang %q, subject %q, body %q", fr.From, fr.Header.Get("Content-Language"), fr.Subject, fr.Body)
	}
}

// TestSenderUnreachable: a server that does not answer is a failure
// recorded on every message, not a lost message.
func TestSenderUnreachable(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	st := queue(t, content.Mail{To: "a@example.ca", Lang: content.English, Subject: "s", Body: "b", CreatedAt: now})
	s := &mail.Sender{Config: mail.Config{Host: "127.0.0.1", Port: 1, TLS: "none", From: "busrides@example.ca"}, Store: st, Now: func() time.Time { return now }}
	if n := s.Tick(t.Context()); n != 0 {
		t.Fatalf("sent %d", n)
	}
	log, err := st.OutboxMail(t.Context(), 10)
	if err != nil || len(log) != 1 || log[0].Attempts != 1 || log[0].LastError == "" || !log[0].SentAt.IsZero() {
		t.Fatalf("outbox: %+v, %v", log, err)
	}
}
