package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

// feedbackPage is an episode and where its feedback goes, per language.
type feedbackPage struct {
	lang   string
	page   string // the episode
	action string // where the form posts
}

var feedbackPages = []feedbackPage{
	{"en", dnEN, "/en/feedback"},
	{"fr", dnFR, "/fr/retroaction"},
}

// episodeID reads the episode id from the hidden input of the page's form,
// and checks the form posts where expected.
func episodeID(t *testing.T, s *apptest.Start, fp feedbackPage) string {
	t.Helper()
	r := get(t, s, fp.page)
	wantStatus(t, r, 200)
	sec := first(r.Doc, byID("feedback"))
	forms := find(sec, withAttr("form", "method", "post"))
	if len(forms) == 0 {
		t.Fatal("no feedback form")
	}
	id := ""
	for _, f := range forms {
		if got := attrOf(f, "action"); got != fp.action {
			t.Errorf("form posts to %q, want %q", got, fp.action)
		}
		in := first(f, withAttr("input", "name", "episode"))
		if attrOf(in, "type") != "hidden" || attrOf(in, "value") == "" {
			t.Fatalf("no hidden episode input")
		}
		if id != "" && attrOf(in, "value") != id {
			t.Errorf("forms disagree on the episode id")
		}
		id = attrOf(in, "value")
	}
	return id
}

func storedFeedback(t *testing.T, s *apptest.Start) []content.Feedback {
	t.Helper()
	l, _, err := s.App.Store.FeedbackInbox(context.Background(), store.FeedbackFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func wantNothingStored(t *testing.T, s *apptest.Start) {
	t.Helper()
	if l := storedFeedback(t, s); len(l) != 0 {
		t.Errorf("%d feedback rows stored, want none: %+v", len(l), l)
	}
}

// formError is the error summary's message, the textarea's text and
// whether the comment box is shown.
func formState(t *testing.T, r *response) (msg, text string, boxShown bool) {
	t.Helper()
	sec := first(r.Doc, byID("feedback"))
	if sec == nil {
		t.Fatalf("no feedback section:\n%.400s", r.Body)
	}
	errBox := first(sec, hasClass("div", "error-summary"))
	if _, hidden := attr(errBox, "hidden"); !hidden {
		msg = textOf0(first(errBox, tagIs("a")))
	}
	ta := first(sec, withAttr("textarea", "name", "comment"))
	if ta == nil {
		t.Fatal("no textarea")
	}
	details := first(sec, hasClass("div", "feedback-details"))
	_, hidden := attr(details, "hidden")
	return msg, textOf0(ta), !hidden
}

func TestFeedbackStoredAndRedacted(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	comment := "Write to jean.tremblay@example.ca or call 613-555-0199; my SIN is 046 454 286 and I live at K1A 0B6. Great episode!"
	for _, fp := range feedbackPages {
		t.Run(fp.lang, func(t *testing.T) {
			backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
				id := episodeID(t, s, fp)
				r := postForm(t, s, fp.action, url.Values{"episode": {id}, "answer": {"no"}, "comment": {comment}})
				wantStatus(t, r, http.StatusSeeOther)
				// The redirect comes only once the row is stored.
				rows := storedFeedback(t, s)
				if len(rows) != 1 {
					t.Fatalf("%d rows stored, want 1", len(rows))
				}
				f := rows[0]
				if f.Path != fp.page || string(f.Lang) != fp.lang || f.Answer != content.No || !f.CreatedAt.Equal(s.Clock.Now()) || !f.Redacted {
					t.Errorf("stored %+v", f)
				}
				if f.EpisodeID == 0 || id != itoa64(f.EpisodeID) {
					t.Errorf("stored episode %d, form said %s", f.EpisodeID, id)
				}
				for _, pii := range []string{"jean.tremblay", "example.ca", "613", "0199", "046", "286", "K1A", "0B6"} {
					if strings.Contains(f.Comment, pii) {
						t.Errorf("stored comment %q keeps %q", f.Comment, pii)
					}
				}
				if n := strings.Count(f.Comment, "###"); n != 4 || !strings.HasSuffix(f.Comment, "Great episode!") {
					t.Errorf("stored comment %q: want 4 ### and the rest kept", f.Comment)
				}

				loc, err := url.Parse(r.Header.Get("Location"))
				if err != nil || loc.Path != fp.page || loc.Query().Get("feedback") != "thanks" || loc.Host != "" {
					t.Fatalf("Location %q, want %s?feedback=thanks", r.Header.Get("Location"), fp.page)
				}
				thanks := get(t, s, loc.RequestURI())
				wantStatus(t, thanks, 200)
				box := first(thanks.Doc, hasClass("div", "feedback-thanks"))
				p := cat.Printer(fp.lang)
				if got := textOf0(first(box, tagIs("p"))); got != p.T("feedback.thanks") {
					t.Errorf("thanks %q, want %q", got, p.T("feedback.thanks"))
				}
				if !strings.Contains(textOf0(box), p.T("feedback.redacted_note")) {
					t.Errorf("no note about the removed information")
				}
				if thanks.Header.Get("X-Cache") != "" {
					t.Errorf("the thanks state went through the page cache")
				}
				// The plain page does not thank anyone.
				plain := get(t, s, fp.page)
				if strings.Contains(plain.text(), p.T("feedback.thanks")) {
					t.Errorf("plain page shows the thanks")
				}
			})
		})
	}
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestFeedbackValidation(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	long := strings.Repeat("é", 300) + "!"    // 301 characters
	exact := strings.Repeat("àé", 149) + "ç." // 300 characters
	if utf8.RuneCountInString(long) != 301 || utf8.RuneCountInString(exact) != 300 {
		t.Fatal("bad fixtures")
	}
	verbatim := `Trop long <b>"gras"</b> & <script>alert(1)</script> ` + strings.Repeat("x", 250)
	cases := []struct {
		name    string
		answer  string
		comment string
		status  int
		msgKey  string // expected message
		n       int    // the {n} of the message
		stored  string // expected stored comment when accepted
	}{
		{name: "301 characters", answer: "no", comment: long, status: 422, msgKey: "feedback.error_too_long", n: 301},
		{name: "301 with markup", answer: "no", comment: verbatim, status: 422, msgKey: "feedback.error_too_long", n: utf8.RuneCountInString(verbatim)},
		{name: "exactly 300", answer: "no", comment: exact, status: 303, stored: exact},
		{name: "no without a comment counts", answer: "no", comment: "", status: 303, stored: ""},
		{name: "blank no counts", answer: "no", comment: " \n\t ", status: 303, stored: ""},
		{name: "yes", answer: "yes", comment: "", status: 303, stored: ""},
		{name: "yes drops a comment", answer: "yes", comment: "call me at 613-555-0199", status: 303, stored: ""},
		{name: "no answer", answer: "", comment: "hello", status: 422, msgKey: "feedback.error_answer"},
		{name: "bad answer", answer: "maybe", comment: "hello", status: 422, msgKey: "feedback.error_answer"},
	}
	// One app for each page and database, shared by the cases (building
	// one per case made this the slowest test of the package): each case
	// looks only at the rows its own post added. Every post counts against
	// the feedback limit of one client, so the cases must stay within it.
	if len(cases) >= 10 {
		t.Fatalf("%d cases post more than the 10 a client may in a window: split them", len(cases))
	}
	for _, fp := range feedbackPages {
		t.Run(fp.lang, func(t *testing.T) {
			backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
				id := episodeID(t, s, fp)
				for _, tc := range cases {
					t.Run(tc.name, func(t *testing.T) {
						before := len(storedFeedback(t, s))
						r := postForm(t, s, fp.action, url.Values{"episode": {id}, "answer": {tc.answer}, "comment": {tc.comment}})
						wantStatus(t, r, tc.status)
						all := storedFeedback(t, s) // newest first
						added := all[:len(all)-before]
						if tc.status == 303 {
							if len(added) != 1 || added[0].Comment != tc.stored || string(added[0].Answer) != tc.answer {
								t.Errorf("stored %+v, want one %s row with comment %q", added, tc.answer, tc.stored)
							}
							return
						}
						// Refused: never a redirect, never thanks, nothing stored,
						// the message in the page's language, the text as typed.
						if len(added) != 0 {
							t.Errorf("%d feedback rows stored, want none: %+v", len(added), added)
						}
						p := cat.Printer(fp.lang)
						if strings.Contains(r.text(), p.T("feedback.thanks")) {
							t.Errorf("refused post shows the thanks")
						}
						if got := r.Header.Get("Content-Language"); got != fp.lang+"-CA" {
							t.Errorf("Content-Language %q", got)
						}
						if got := r.Header.Get("Cache-Control"); got != "no-store" {
							t.Errorf("Cache-Control %q", got)
						}
						msg, text, shown := formState(t, r)
						if want := p.T(tc.msgKey, "n", tc.n); msg != want {
							t.Errorf("message %q, want %q", msg, want)
						}
						if text != tc.comment {
							t.Errorf("textarea %q, want the comment as typed %q", text, tc.comment)
						}
						if !shown {
							t.Errorf("comment box hidden")
						}
						if strings.Contains(r.text(), "<script>alert(1)") {
							t.Errorf("comment echoed unescaped")
						}
					})
				}
			})
		})
	}
}

func TestFeedbackForged(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	comment := "Vérifiez la date, s’il vous plaît"
	forgeries := []struct {
		name string
		hdr  []string
	}{
		{"sec-fetch-site cross-site", []string{"Sec-Fetch-Site", "cross-site"}},
		{"foreign origin", []string{"Origin", "https://evil.example"}},
		{"both", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
	}
	// One app for each database, shared by the cases: a forged post is
	// refused before it is read, so it changes nothing a later case sees.
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, fp := range feedbackPages {
			for _, fg := range forgeries {
				t.Run(fp.lang+"/"+fg.name, func(t *testing.T) {
					id := episodeID(t, s, fp)
					body := url.Values{"episode": {id}, "answer": {"no"}, "comment": {comment}}.Encode()
					hdr := append([]string{"Content-Type", "application/x-www-form-urlencoded"}, fg.hdr...)
					r := do(t, s, http.MethodPost, fp.action, strings.NewReader(body), hdr...)
					wantStatus(t, r, http.StatusForbidden)
					wantNothingStored(t, s)
					if got := attrOf(first(r.Doc, tagIs("html")), "lang"); got != fp.lang+"-CA" {
						t.Errorf("html lang %q", got)
					}
					msg, text, shown := formState(t, r)
					if want := cat.Printer(fp.lang).T("feedback.error_forged"); msg != want {
						t.Errorf("message %q, want %q", msg, want)
					}
					if text != comment || !shown {
						t.Errorf("comment %q (shown %v), want %q kept", text, shown, comment)
					}
				})
			}
		}
	})
}

func TestFeedbackTarget(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		ctx := context.Background()
		greener, err := s.App.Store.EpisodeBySlug(ctx, content.English, strings.TrimPrefix(greenerEN, "/en/episodes/"), s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ action, episode string }{
			{"/en/feedback", "999999"},
			{"/en/feedback", "abc"},
			{"/en/feedback", ""},
			{"/en/feedback", "-1"},
			{"/fr/retroaction", itoa64(greener.ID)}, // no French version
			{"/fr/feedback", "1"},                   // the English path under /fr/
		} {
			r := postForm(t, s, tc.action, url.Values{"episode": {tc.episode}, "answer": {"yes"}})
			if r.StatusCode != 404 && r.StatusCode != 405 {
				t.Errorf("%s episode=%q: status %d, want 404", tc.action, tc.episode, r.StatusCode)
			}
		}
		wantNothingStored(t, s)
	})
}

func TestFeedbackJSON(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	for _, fp := range feedbackPages {
		t.Run(fp.lang, func(t *testing.T) {
			backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
				id := episodeID(t, s, fp)
				p := cat.Printer(fp.lang)
				type result struct {
					OK       bool   `json:"ok"`
					Message  string `json:"message"`
					Redacted bool   `json:"redacted"`
				}
				post := func(v url.Values, hdr ...string) (result, *response) {
					r := postForm(t, s, fp.action, v, append([]string{"Accept", "application/json"}, hdr...)...)
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Fatalf("Content-Type %q", ct)
					}
					var res result
					if err := json.Unmarshal(r.Body, &res); err != nil {
						t.Fatalf("JSON %q: %v", r.Body, err)
					}
					return res, r
				}
				res, r := post(url.Values{"episode": {id}, "answer": {"no"}, "comment": {"Plus d’exemples: a@b.ca"}})
				wantStatus(t, r, 200)
				if !res.OK || res.Message != p.T("feedback.thanks") || !res.Redacted {
					t.Errorf("success %+v", res)
				}
				if n := len(storedFeedback(t, s)); n != 1 {
					t.Errorf("%d rows after a JSON post", n)
				}
				res, r = post(url.Values{"episode": {id}, "answer": {"no"}, "comment": {strings.Repeat("a", 301)}})
				wantStatus(t, r, 422)
				if res.OK || res.Message != p.T("feedback.error_too_long", "n", 301) {
					t.Errorf("too long %+v", res)
				}
				res, r = post(url.Values{"episode": {id}, "answer": {"no"}, "comment": {"x"}}, "Sec-Fetch-Site", "cross-site")
				wantStatus(t, r, 403)
				if res.OK || res.Message != p.T("feedback.error_forged") {
					t.Errorf("forged %+v", res)
				}
				if n := len(storedFeedback(t, s)); n != 1 {
					t.Errorf("%d rows, want only the first", n)
				}
			})
		})
	}
}

func TestFeedbackRateLimit(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		fp := feedbackPages[1]
		id := episodeID(t, s, fp)
		v := url.Values{"episode": {id}, "answer": {"yes"}}
		for i := range 10 {
			r := postForm(t, s, fp.action, v)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("post %d: status %d", i+1, r.StatusCode)
			}
		}
		r := postForm(t, s, fp.action, url.Values{"episode": {id}, "answer": {"no"}, "comment": {"onzième"}})
		wantStatus(t, r, http.StatusTooManyRequests)
		msg, text, _ := formState(t, r)
		if want := cat.Printer("fr").T("feedback.error_rate"); msg != want {
			t.Errorf("message %q, want %q", msg, want)
		}
		if text != "onzième" {
			t.Errorf("comment not kept: %q", text)
		}
		if n := len(storedFeedback(t, s)); n != 10 {
			t.Errorf("%d rows, want 10", n)
		}
		// The window slides: later, the client may post again.
		s.Clock.Advance(11 * time.Minute)
		wantStatus(t, postForm(t, s, fp.action, v), http.StatusSeeOther)

		// A comment completes an answer made within the limit, and is not
		// counted again: the limit bounds the answers stored.
		s.Clock.Advance(11 * time.Minute)
		r = postForm(t, s, fp.action, url.Values{"episode": {id}, "answer": {"no"}})
		wantStatus(t, r, http.StatusSeeOther)
		loc, _ := url.Parse(r.Header.Get("Location"))
		for range 9 {
			wantStatus(t, postForm(t, s, fp.action, v), http.StatusSeeOther)
		}
		wantStatus(t, postForm(t, s, fp.action, v), http.StatusTooManyRequests)
		r = postForm(t, s, fp.action, url.Values{"episode": {id}, "token": {loc.Query().Get("t")}, "comment": {"après la limite"}})
		wantStatus(t, r, http.StatusSeeOther)
		if rows := storedFeedback(t, s); rows[9].Comment != "après la limite" || rows[9].Answer != content.No {
			t.Errorf("the comment went to %+v", rows[9])
		}
	})
}
