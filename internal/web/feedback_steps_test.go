package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

// hiddenValues are the hidden inputs of a form, as the browser sends them.
func hiddenValues(form *html.Node) url.Values {
	v := url.Values{}
	for _, in := range find(form, withAttr("input", "type", "hidden")) {
		v.Add(attrOf(in, "name"), attrOf(in, "value"))
	}
	return v
}

// feedbackForms returns the question's form and the comment box's form of
// a page's feedback tool (nil when absent), and whether the box is shown.
func feedbackForms(t *testing.T, r *response) (question, details *html.Node, detailsShown bool) {
	t.Helper()
	sec := first(r.Doc, byID("feedback"))
	if sec == nil {
		t.Fatalf("%s: no feedback section", r.Request.URL.RequestURI())
	}
	question = first(sec, func(n *html.Node) bool { _, ok := attr(n, "data-feedback-question"); return ok && n.Data == "form" })
	box := first(sec, hasClass("div", "feedback-details"))
	if box == nil {
		return question, nil, false
	}
	_, hidden := attr(box, "hidden")
	return question, first(box, tag("form")), !hidden
}

// stepPage is a page whose feedback the two-step tests answer.
type stepPage struct {
	lang, path string
	episode    bool
}

var stepPages = []stepPage{
	{"en", dnEN, true},
	{"fr", dnFR, true},
	{"en", "/en/topics/digital-government", false},
	{"fr", "/fr/series/diriger-des-equipes-hybrides", false},
}

// Without JavaScript, "No" is stored as soon as it is chosen, whether or
// not a comment follows; the comment box is a second page, whose comment
// goes to the same row, once; the thanks say when personal information
// was removed.
func TestFeedbackNoCountsWithoutJS(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		for _, sp := range stepPages {
			t.Run(sp.lang+sp.path, func(t *testing.T) {
				s.Clock.Advance(11 * time.Minute) // a fresh window of the rate limit
				p := cat.Printer(sp.lang)
				before := len(storedFeedback(t, s))
				page := get(t, s, sp.path)
				wantStatus(t, page, 200)
				question, _, shown := feedbackForms(t, page)
				if question == nil || shown {
					t.Fatalf("want the question and the box hidden (question %v, box shown %v)", question != nil, shown)
				}
				if attrOf(question, "method") != "post" || attrOf(question, "action") != map[string]string{"en": "/en/feedback", "fr": "/fr/retroaction"}[sp.lang] {
					t.Errorf("question form: %s %s", attrOf(question, "method"), attrOf(question, "action"))
				}
				answer := hiddenValues(question)
				if answer.Get("page") != sp.path {
					t.Errorf("page field %q, want %q", answer.Get("page"), sp.path)
				}
				if (answer.Get("episode") != "") != sp.episode {
					t.Errorf("episode field %q on %s", answer.Get("episode"), sp.path)
				}
				for _, v := range []string{"yes", "no"} {
					if b := first(question, withAttr("button", "value", v)); b == nil || attrOf(b, "name") != "answer" || attrOf(b, "type") != "submit" {
						t.Errorf("no %s button", v)
					}
				}

				answer.Set("answer", "no")
				r := postForm(t, s, attrOf(question, "action"), answer)
				wantStatus(t, r, http.StatusSeeOther)
				loc, err := url.Parse(r.Header.Get("Location"))
				if err != nil || loc.Host != "" || loc.Path != sp.path || loc.Query().Get("feedback") != "no" || !content.ValidFeedbackToken(loc.Query().Get("t")) || loc.Fragment != "feedback" {
					t.Fatalf("Location %q, want %s?feedback=no&t=…#feedback", r.Header.Get("Location"), sp.path)
				}
				// The "No" counts already.
				rows := storedFeedback(t, s)
				if len(rows) != before+1 {
					t.Fatalf("%d rows after No, want %d", len(rows), before+1)
				}
				row := rows[0]
				if row.Answer != content.No || row.Comment != "" || row.Path != sp.path || string(row.Lang) != sp.lang || (row.EpisodeID != 0) != sp.episode {
					t.Errorf("stored %+v", row)
				}

				second := get(t, s, loc.RequestURI())
				wantStatus(t, second, 200)
				if second.Header.Get("X-Cache") != "" {
					t.Errorf("the comment step went through the page cache")
				}
				q, details, shown := feedbackForms(t, second)
				if q != nil || !shown || details == nil {
					t.Fatalf("second step: question %v, box shown %v", q != nil, shown)
				}
				if got := textOf(first(second.Doc, hasClass("p", "feedback-recorded"))); got != p.T("feedback.recorded") {
					t.Errorf("recorded %q, want %q", got, p.T("feedback.recorded"))
				}
				if got := textOf(first(details, tag("label"))); got != p.T("feedback.details_label") {
					t.Errorf("label %q", got)
				}
				v := hiddenValues(details)
				if v.Get("token") != loc.Query().Get("t") || v.Has("answer") || v.Get("page") != sp.path {
					t.Errorf("comment form sends %v", v)
				}
				action := attrOf(details, "action")
				v.Set("comment", "Il manque un exemple, écrivez à pat@example.com")
				r = postForm(t, s, action, v)
				wantStatus(t, r, http.StatusSeeOther)
				thanksLoc, _ := url.Parse(r.Header.Get("Location"))
				if thanksLoc.Path != sp.path || thanksLoc.Query().Get("feedback") != "thanks" || thanksLoc.Query().Get("redacted") != "1" {
					t.Fatalf("after the comment: %q", r.Header.Get("Location"))
				}
				// Sent again (a reload, a second click): nothing more.
				wantStatus(t, postForm(t, s, action, v), http.StatusSeeOther)
				rows = storedFeedback(t, s)
				if len(rows) != before+1 {
					t.Fatalf("%d rows after the comment, want %d: one answer", len(rows), before+1)
				}
				if got := rows[0]; got.ID != row.ID || got.Comment != "Il manque un exemple, écrivez à ###" || !got.Redacted {
					t.Errorf("the answer's row now %+v", got)
				}
				thanks := get(t, s, thanksLoc.RequestURI())
				box := first(thanks.Doc, hasClass("div", "feedback-thanks"))
				if !strings.Contains(textOf(box), p.T("feedback.thanks")) || !strings.Contains(textOf(box), p.T("feedback.redacted_note")) {
					t.Errorf("thanks %q", textOf(box))
				}
				// The privacy notice is linked from the tool.
				a := first(first(page.Doc, hasClass("p", "feedback-privacy")), tag("a"))
				if want := map[string]string{"en": "/en/privacy", "fr": "/fr/confidentialite"}[sp.lang]; attrOf(a, "href") != want || textOf0(a) != p.T("feedback.privacy_link") {
					t.Errorf("privacy link %q %q", attrOf(a, "href"), textOf0(a))
				}
				if !strings.Contains(textOf0(first(second.Doc, byID("feedback-hint"))), p.T("feedback.privacy_warning")) {
					t.Errorf("no personal information warning by the box")
				}
				// An empty comment adds nothing: the answer is in.
				v.Set("comment", "  ")
				wantStatus(t, postForm(t, s, action, v), http.StatusSeeOther)
				if got := storedFeedback(t, s); len(got) != before+1 || got[0].Comment != rows[0].Comment {
					t.Errorf("an empty comment changed the rows")
				}
			})
		}
	})
}

// feedbackPageCase is a page and the address its feedback tool names.
type feedbackPageCase struct{ path, page string }

// The feedback tool is on every page type in both languages, naming the
// page it is on; not on error pages, nor on the splash page.
func TestFeedbackOnEveryPage(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	cases := []feedbackPageCase{
		{"/en/", "/en/"}, {"/fr/", "/fr/"},
		{"/en/?kind=listen", "/en/?kind=listen"},
		{"/en/?notice=untranslated", "/en/?notice=untranslated"},
		{dnEN, dnEN}, {dnFR, dnFR}, {listenEN, listenEN}, {watchFR, watchFR},
		{listenEN + "/transcript", listenEN + "/transcript"}, {listenFR + "/transcription", listenFR + "/transcription"},
		{"/en/topics", "/en/topics"}, {"/fr/sujets", "/fr/sujets"},
		{"/en/topics/digital-government", "/en/topics/digital-government"}, {"/fr/sujets/gouvernement-numerique", "/fr/sujets/gouvernement-numerique"},
		{"/en/authors", "/en/authors"}, {"/fr/auteurs/mark-levene", "/fr/auteurs/mark-levene"},
		{"/en/series", "/en/series"}, {"/fr/series/diriger-des-equipes-hybrides", "/fr/series/diriger-des-equipes-hybrides"},
		{"/en/search?q=data", "/en/search?q=data"}, {"/fr/recherche", "/fr/recherche"},
		{"/en/glossary", "/en/glossary"}, {"/fr/glossaire", "/fr/glossaire"},
		{"/en/ride?minutes=10&done=1,2", "/en/ride?minutes=10"}, {"/fr/trajet", "/fr/trajet"},
		{"/en/privacy", "/en/privacy"}, {"/fr/confidentialite", "/fr/confidentialite"},
		{"/en/subscribe", "/en/subscribe"}, {"/fr/abonnement", "/fr/abonnement"},
	}
	for _, tc := range cases {
		r := get(t, s, tc.path)
		if r.StatusCode != 200 {
			t.Errorf("%s: status %d", tc.path, r.StatusCode)
			continue
		}
		question, _, shown := feedbackForms(t, r)
		if question == nil || shown {
			t.Errorf("%s: question %v, box shown %v", tc.path, question != nil, shown)
			continue
		}
		if got := hiddenValues(question).Get("page"); got != tc.page {
			t.Errorf("%s: the tool names %q, want %q", tc.path, got, tc.page)
		}
		// The tool sits at the end of the main content, before Date modified.
		main := first(r.Doc, tag("main"))
		if sec := first(main, byID("feedback")); sec == nil {
			t.Errorf("%s: the tool is outside <main>", tc.path)
		} else if dm := first(main, hasClass("dl", "date-modified")); dm != nil && !before(r.Doc, sec, dm) {
			t.Errorf("%s: the tool comes after Date modified", tc.path)
		}
	}
	for _, path := range []string{"/", "/en/no-such-page", "/fr/episodes/aucun-episode", "/fr/sujets/digital-government"} {
		r := get(t, s, path)
		if r.Doc == nil {
			t.Fatalf("%s: not HTML", path)
		}
		if first(r.Doc, byID("feedback")) != nil {
			t.Errorf("%s (status %d): has the feedback tool", path, r.StatusCode)
		}
	}
}

// before reports whether a comes before b in document order.
func before(doc, a, b *html.Node) bool {
	for _, n := range find(doc, func(*html.Node) bool { return true }) {
		switch n {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// The page a post names must be a page of the site in the form's language:
// anything else is refused (404, or JSON for the page script) and stores
// nothing. A page's query comes back with the reader.
func TestFeedbackPageField(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		bad := []string{
			"//evil.example/en/", "https://evil.example/en/", "/en/no-such-page", "/fr/topics", "/en/sujets",
			"/en/feedback", "/en/feeds/episodes.xml", "/en/podcast.xml", "/en/../admin/", "/en/topics/../privacy",
			"/en//topics", "/en/topics\\x", "/en/topics x", "/en/topics#x", "/admin/", "/", "/en", "en/topics",
			"/en/topics/Not_A_Slug", "/en/topics/%00", "/en/episodes/a/b/c", "/fr/privacy",
			"/en/privacy\x00", "/en/priv\xc3\xa9",
		}
		for _, page := range bad {
			r := postForm(t, s, "/en/feedback", url.Values{"page": {page}, "answer": {"yes"}})
			if r.StatusCode != 404 {
				t.Errorf("page %q: status %d, want 404", page, r.StatusCode)
			}
			if loc := r.Header.Get("Location"); loc != "" {
				t.Errorf("page %q: redirected to %q", page, loc)
			}
		}
		r := postForm(t, s, "/fr/retroaction", url.Values{"page": {"/en/topics"}, "answer": {"no"}}, "Accept", "application/json")
		wantStatus(t, r, 404)
		var res struct {
			OK      bool   `json:"ok"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(r.Body, &res); err != nil || res.OK || res.Message != cat.Printer("fr").T("feedback.error_failed") || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("JSON refusal %s %q: %+v %v", r.Header.Get("Content-Type"), r.Body, res, err)
		}
		wantNothingStored(t, s)

		// A page with a query: the answer is about its path, the reader
		// comes back to the page with its query.
		r = postForm(t, s, "/en/feedback", url.Values{"page": {"/en/search?q=data&kind=listen&feedback=no&t=abcdefghijklmnopqrstuvwx"}, "answer": {"yes"}})
		wantStatus(t, r, http.StatusSeeOther)
		loc, _ := url.Parse(r.Header.Get("Location"))
		if loc.Path != "/en/search" || loc.Query().Get("q") != "data" || loc.Query().Get("kind") != "listen" || loc.Query().Get("feedback") != "thanks" || loc.Query().Has("t") {
			t.Errorf("Location %q", r.Header.Get("Location"))
		}
		rows := storedFeedback(t, s)
		if len(rows) != 1 || rows[0].Path != "/en/search" || rows[0].EpisodeID != 0 || rows[0].Answer != content.Yes {
			t.Errorf("stored %+v", rows)
		}
	})
}

// The comment step refused: the box comes back with the text as typed and
// the answer's token; too late (or after another comment), it comes back
// without the token, and sending it again sends it with a new answer.
func TestFeedbackCommentRefused(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
		const page = "/fr/sujets/gouvernement-numerique"
		p := cat.Printer("fr")
		r := postForm(t, s, "/fr/retroaction", url.Values{"page": {page}, "answer": {"no"}})
		wantStatus(t, r, http.StatusSeeOther)
		loc, _ := url.Parse(r.Header.Get("Location"))
		token := loc.Query().Get("t")

		long := strings.Repeat("é", 301)
		r = postForm(t, s, "/fr/retroaction", url.Values{"page": {page}, "token": {token}, "comment": {long}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("Content-Language") != "fr-CA" {
			t.Errorf("Cache-Control %q, Content-Language %q", r.Header.Get("Cache-Control"), r.Header.Get("Content-Language"))
		}
		if h1 := textOf(first(r.Doc, tag("h1"))); h1 != "Gouvernement numérique" {
			t.Errorf("the refused comment shows %q, not its page", h1)
		}
		msg, text, shown := formState(t, r)
		if msg != p.T("feedback.error_too_long", "n", 301) || text != long || !shown {
			t.Errorf("message %q, text kept %v, box shown %v", msg, text == long, shown)
		}
		_, details, _ := feedbackForms(t, r)
		if got := hiddenValues(details).Get("token"); got != token {
			t.Errorf("token %q, want the answer's %q", got, token)
		}
		// Forged, the same: the text and the token are kept.
		body := url.Values{"page": {page}, "token": {token}, "comment": {"Vérifiez la date"}}.Encode()
		r = do(t, s, http.MethodPost, "/fr/retroaction", strings.NewReader(body), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
		wantStatus(t, r, http.StatusForbidden)
		msg, text, shown = formState(t, r)
		_, details, _ = feedbackForms(t, r)
		if msg != p.T("feedback.error_forged") || text != "Vérifiez la date" || !shown || hiddenValues(details).Get("token") != token {
			t.Errorf("forged: message %q, text %q, box %v, token %q", msg, text, shown, hiddenValues(details).Get("token"))
		}
		if rows := storedFeedback(t, s); len(rows) != 1 || rows[0].Comment != "" {
			t.Fatalf("rows %+v", rows)
		}

		// A comment without its answer's token, nor an answer.
		r = postForm(t, s, "/fr/retroaction", url.Values{"page": {page}, "comment": {"seul"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if msg, text, _ := formState(t, r); msg != p.T("feedback.error_answer") || text != "seul" {
			t.Errorf("no token: %q %q", msg, text)
		}

		// A day later: too late for this answer.
		s.Clock.Advance(content.FeedbackCommentWindow + time.Minute)
		r = postForm(t, s, "/fr/retroaction", url.Values{"page": {page}, "token": {token}, "comment": {"Trop tard"}})
		wantStatus(t, r, http.StatusConflict)
		msg, text, shown = formState(t, r)
		_, details, _ = feedbackForms(t, r)
		v := hiddenValues(details)
		if msg != p.T("feedback.error_expired") || text != "Trop tard" || !shown || v.Has("token") || v.Get("answer") != "no" {
			t.Errorf("expired: message %q, text %q, box %v, form %v", msg, text, shown, v)
		}
		v.Set("comment", text)
		wantStatus(t, postForm(t, s, "/fr/retroaction", v), http.StatusSeeOther)
		rows := storedFeedback(t, s)
		if len(rows) != 2 || rows[0].Comment != "Trop tard" || rows[0].Answer != content.No || rows[1].Comment != "" {
			t.Errorf("rows %+v", rows)
		}
	})
}

// With the page script (JSON): "No" is stored at once and answers with its
// token; the same answer posted again is stored once; the comment goes to
// it once, with the note about removed information; every refusal is JSON
// in the page's language.
func TestFeedbackJSONSteps(t *testing.T) {
	t.Parallel()
	cat := catalogue(t)
	type result struct {
		OK       bool   `json:"ok"`
		Message  string `json:"message"`
		Token    string `json:"token"`
		Redacted bool   `json:"redacted"`
		Notice   string `json:"notice"`
		Reset    bool   `json:"reset"`
	}
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			backends(t, apptest.Options{}, func(t *testing.T, s *apptest.Start) {
				p := cat.Printer(lang)
				action := map[string]string{"en": "/en/feedback", "fr": "/fr/retroaction"}[lang]
				page := map[string]string{"en": "/en/glossary", "fr": "/fr/glossaire"}[lang]
				post := func(status int, v url.Values, hdr ...string) result {
					t.Helper()
					r := postForm(t, s, action, v, append([]string{"Accept", "application/json"}, hdr...)...)
					wantStatus(t, r, status)
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Fatalf("Content-Type %q: %.200s", ct, r.Body)
					}
					var res result
					if err := json.Unmarshal(r.Body, &res); err != nil {
						t.Fatalf("JSON %q: %v", r.Body, err)
					}
					return res
				}
				const token = "Zm9yLXRoZS1wYWdlLXNjcmlwdA"
				answer := url.Values{"page": {page}, "answer": {"no"}, "token": {token}}
				res := post(200, answer)
				if !res.OK || res.Token != token || res.Message != p.T("feedback.recorded") {
					t.Errorf("No: %+v", res)
				}
				if res := post(200, answer); res.Token != token {
					t.Errorf("No again: %+v", res)
				}
				if rows := storedFeedback(t, s); len(rows) != 1 || rows[0].Answer != content.No || rows[0].Comment != "" {
					t.Fatalf("after No twice: %+v", rows)
				}
				comment := url.Values{"page": {page}, "token": {token}, "comment": {"Call 613-555-0199"}}
				res = post(200, comment)
				if !res.OK || res.Message != p.T("feedback.thanks") || !res.Redacted || res.Notice != p.T("feedback.redacted_note") {
					t.Errorf("comment: %+v", res)
				}
				if res := post(200, comment); !res.OK {
					t.Errorf("the same comment again: %+v", res)
				}
				comment.Set("comment", "Something else")
				if res := post(409, comment); res.OK || !res.Reset || res.Message != p.T("feedback.error_expired") {
					t.Errorf("another comment: %+v", res)
				}
				if rows := storedFeedback(t, s); len(rows) != 1 || rows[0].Comment != "Call ###" {
					t.Errorf("rows %+v", rows)
				}
				// Refusals answer JSON, in the page's language.
				if res := post(404, url.Values{"page": {"/" + lang + "/nowhere"}, "answer": {"yes"}}); res.OK || res.Message != p.T("feedback.error_failed") {
					t.Errorf("unknown page: %+v", res)
				}
				if res := post(400, url.Values{"page": {page}, "answer": {"no"}, "comment": {strings.Repeat("x", 20<<10)}}); res.OK || res.Message != p.T("feedback.error_failed") {
					t.Errorf("too large: %+v", res)
				}
				if res := post(422, url.Values{"page": {page}, "token": {token + "x"}, "comment": {strings.Repeat("é", 301)}}); res.OK || res.Message != p.T("feedback.error_too_long", "n", 301) {
					t.Errorf("too long: %+v", res)
				}
				if res := post(403, url.Values{"page": {page}, "answer": {"yes"}}, "Sec-Fetch-Site", "cross-site"); res.OK || res.Message != p.T("feedback.error_forged") {
					t.Errorf("forged: %+v", res)
				}
				if rows := storedFeedback(t, s); len(rows) != 1 {
					t.Errorf("%d rows, want 1", len(rows))
				}
			})
		})
	}
}
