package content

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func wfUser(id int64, r Role) *User { return &User{ID: id, Role: r, Status: UserActive} }

// TestCanDoMatrix spells out who may take each step from each status, on an
// episode owned by the contributor (id 1) and on an imported one (owner 0).
func TestCanDoMatrix(t *testing.T) {
	contrib, author, editor, admin := wfUser(1, RoleContributor), wfUser(2, RoleAuthor), wfUser(3, RoleEditor), wfUser(4, RoleAdministrator)
	ownAuthor := wfUser(1, RoleAuthor) // the owner, promoted to author
	suspended := &User{ID: 5, Role: RoleAdministrator, Status: UserSuspended}
	type row struct {
		op     Op
		from   Status
		actor  *User
		owner  int64
		ok     bool
		reason string
	}
	rows := []row{
		{OpSubmit, Draft, contrib, 1, true, ""},
		{OpSubmit, Draft, contrib, 0, false, WhyNotAllowed},
		{OpSubmit, Draft, author, 1, false, WhyNotAllowed},
		{OpSubmit, Draft, editor, 1, true, ""},
		{OpSubmit, Review, contrib, 1, false, WhyWrongStatus},
		{OpSubmit, Draft, nil, 1, false, WhyNotAllowed},
		{OpSubmit, Draft, suspended, 1, false, WhyNotAllowed},
		{OpBackToDraft, Review, contrib, 1, true, ""},
		{OpBackToDraft, Unpublished, editor, 0, true, ""},
		{OpBackToDraft, Published, editor, 0, false, WhyWrongStatus},
		{OpPublish, Draft, contrib, 1, false, WhyNotAllowed},
		{OpPublish, Review, author, 1, false, WhyNotAllowed},
		{OpPublish, Review, ownAuthor, 1, true, ""},
		{OpPublish, Draft, editor, 1, true, ""},
		{OpPublish, Scheduled, admin, 0, true, ""},
		{OpPublish, Unpublished, editor, 0, true, ""},
		{OpPublishOne, Review, ownAuthor, 1, false, WhyNotAllowed},
		{OpPublishOne, Review, editor, 1, true, ""},
		{OpPublishOne, Published, editor, 1, false, WhyWrongStatus},
		{OpSchedule, Review, ownAuthor, 1, true, ""},
		{OpSchedule, Published, editor, 1, false, WhyWrongStatus},
		{OpSchedule, Draft, contrib, 1, false, WhyNotAllowed},
		{OpCancelSchedule, Scheduled, editor, 1, true, ""},
		{OpCancelSchedule, Draft, editor, 1, false, WhyWrongStatus},
		{OpUnpublish, Published, ownAuthor, 1, true, ""},
		{OpUnpublish, Published, author, 1, false, WhyNotAllowed},
		{OpUnpublish, Draft, editor, 1, false, WhyWrongStatus},
		{OpScheduleUnpub, Published, editor, 0, true, ""},
		{OpCancelUnpublish, Published, editor, 0, false, WhyWrongStatus}, // nothing scheduled
		{OpScheduledPublish, Scheduled, admin, 0, false, WhySystemOnly},
		{OpScheduledUnpub, Published, admin, 0, false, WhySystemOnly},
		{"explode", Draft, admin, 0, false, WhyUnknownOp},
	}
	for _, r := range rows {
		ep := &Episode{Status: r.from, OwnerID: r.owner}
		ok, why := CanDo(r.actor, ep, r.op)
		name := "nobody"
		if r.actor != nil {
			name = string(r.actor.Role)
		}
		if ok != r.ok || why != r.reason {
			t.Errorf("%s from %s by %s (owner %d) = %v %q, want %v %q", r.op, r.from, name, r.owner, ok, why, r.ok, r.reason)
		}
	}
	ep := &Episode{Status: Published, UnpublishAt: time.Now()}
	if ok, _ := CanDo(editor, ep, OpCancelUnpublish); !ok {
		t.Error("cancel a scheduled unpublication")
	}
}

// TestTransitionTable: every step's statuses exist, and every status can
// be left (no dead end) and reached.
func TestTransitionTable(t *testing.T) {
	reached, left := map[Status]bool{Draft: true}, map[Status]bool{}
	for _, tr := range Transitions {
		if _, ok := ParseStatus(string(tr.To)); !ok || len(tr.From) == 0 {
			t.Errorf("%s: bad row %+v", tr.Op, tr)
		}
		reached[tr.To] = true
		for _, f := range tr.From {
			left[f] = true
		}
	}
	for _, s := range Statuses {
		if !reached[s] || !left[s] {
			t.Errorf("status %s: reached %v, left %v", s, reached[s], left[s])
		}
	}
}

func readyEpisode(kind Kind) *Episode {
	ep := &Episode{ID: 9, Kind: kind, Topics: []Topic{{ID: 1}}, Versions: map[Lang]*Version{}}
	media := "/media/a.mp3"
	if kind == Watch {
		media = "/media/a.webm"
	}
	for _, l := range Langs {
		ep.Versions[l] = &Version{Lang: l, Title: "T", Summary: "S", BodyMarkdown: "B", BodyHTML: "<p>B</p>", WordCount: 1,
			Image: Image{URL: "/i.png", Alt: "Alt"}, MediaURL: media, MediaSeconds: 60, Transcript: "Words",
			Captions: Bilingual{EN: "/media/a.en.vtt", FR: "/media/a.fr.vtt"}}
	}
	return ep
}

type checkKey struct {
	key  string
	sev  Severity
	lang Lang
}

func keysOf(cs []Check) []checkKey {
	out := make([]checkKey, len(cs))
	for i, c := range cs {
		out[i] = checkKey{c.Key, c.Severity, c.Lang}
	}
	return out
}

func TestPrePublishChecks(t *testing.T) {
	live := map[string]bool{"/en/episodes/known": true, "/fr/sujets/donnees": true}
	resolve := func(p string) bool { return live[p] }
	tests := []struct {
		name string
		kind Kind
		mod  func(*Episode)
		want []checkKey
	}{
		{"ready read", Read, func(*Episode) {}, []checkKey{}},
		{"ready listen", Listen, func(*Episode) {}, []checkKey{}},
		{"missing french", Read, func(e *Episode) { delete(e.Versions, French) }, []checkKey{{CheckMissingVersion, SevError, French}}},
		{"blank fields", Read, func(e *Episode) {
			e.Versions[English].Title = "  "
			e.Versions[French].Summary = ""
			e.Versions[French].BodyMarkdown, e.Versions[French].BodyHTML = "", ""
		}, []checkKey{{CheckTitle, SevError, English}, {CheckSummary, SevError, French}, {CheckBody, SevError, French}}},
		{"feature image alt", Read, func(e *Episode) { e.Versions[French].Image.Alt = " " }, []checkKey{{CheckImageAlt, SevError, French}}},
		{"no feature image is a warning", Read, func(e *Episode) { e.Versions[English].Image = Image{} }, []checkKey{{CheckNoImage, SevWarning, English}}},
		{"body images", Read, func(e *Episode) {
			e.Versions[English].BodyHTML = `<figure><img src="/a.png" alt=""><figcaption>C</figcaption></figure><p><img src="/b.png" alt="Fine"><img src="/c.png"></p>`
		}, []checkKey{{CheckBodyImageAlt, SevError, English}, {CheckBodyImageAlt, SevError, English}}},
		{"listen without transcript, media, duration", Listen, func(e *Episode) {
			v := e.Versions[French]
			v.Transcript, v.MediaURL, v.MediaSeconds = "", "", 0
		}, []checkKey{{CheckMediaURL, SevError, French}, {CheckTranscript, SevError, French}, {CheckDuration, SevError, French}}},
		{"read needs no transcript", Read, func(e *Episode) { e.Versions[French].Transcript = "" }, []checkKey{}},
		{"ready watch", Watch, func(*Episode) {}, []checkKey{}},
		{"watch without captions in its language", Watch, func(e *Episode) {
			// The French recording has English captions only: not enough.
			e.Versions[French].Captions = Bilingual{EN: "/media/a-fr.en.vtt"}
			e.Versions[English].Captions.FR = "" // the other language is optional
		}, []checkKey{{CheckCaptions, SevError, French}}},
		{"watch without any captions", Watch, func(e *Episode) {
			e.Versions[English].Captions = Bilingual{EN: "  "}
			e.Versions[French].Captions = Bilingual{}
		}, []checkKey{{CheckCaptions, SevError, English}, {CheckCaptions, SevError, French}}},
		{"listen needs no captions", Listen, func(e *Episode) {
			e.Versions[English].Captions, e.Versions[French].Captions = Bilingual{}, Bilingual{}
		}, []checkKey{}},
		{"internal links", Read, func(e *Episode) {
			e.Versions[English].BodyHTML = `<p><a href="/en/episodes/known?x=1#y">ok</a> <a href="/en/episodes/gone">gone</a> <a href="https://example.org/en/x">out</a> <a href="/en/episodes/gone">again</a></p>`
			e.Versions[French].LearnMore = []Link{{Label: "Données", URL: "/fr/sujets/donnees"}, {Label: "", URL: "/fr/rien"}}
		}, []checkKey{{CheckInternalLink, SevError, English}, {CheckLinkLabel, SevError, French}, {CheckInternalLink, SevError, French}}},
		{"stale french is a warning", Read, func(e *Episode) {
			e.Versions[English].ChangedRev, e.Versions[French].AlignedRev = 4, 2
		}, []checkKey{{CheckStale, SevWarning, French}}},
		{"no topic", Read, func(e *Episode) { e.Topics = nil }, []checkKey{{CheckNoTopic, SevWarning, ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ep := readyEpisode(tc.kind)
			tc.mod(ep)
			got := PrePublishChecks(ep, resolve, nil)
			if !slices.Equal(keysOf(got), tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("got %v\nwant %v", keysOf(got), tc.want)
			}
			wantErr := slices.ContainsFunc(tc.want, func(k checkKey) bool { return k.sev == SevError })
			if Publishable(got) == wantErr {
				t.Errorf("Publishable = %v with %v", Publishable(got), keysOf(got))
			}
		})
	}
	// The link's path is reported, without the query.
	ep := readyEpisode(Read)
	ep.Versions[English].BodyHTML = `<a href="/en/x?q=1">x</a>`
	if c := PrePublishChecks(ep, resolve, nil); len(c) != 1 || c[0].Arg != "/en/x" || c[0].Field != "body" {
		t.Errorf("link check: %+v", c)
	}
	// Without a resolver, links are not checked.
	if c := PrePublishChecks(ep, nil, nil); len(c) != 0 {
		t.Errorf("nil resolver: %+v", c)
	}
}

// TestPrePublishFeedChecks: the checklist says what keeps feeds from
// carrying a recording, once (missing media and length are its own
// checks), and looks for files on this site only when it can.
func TestPrePublishFeedChecks(t *testing.T) {
	size := func(p string) int64 { return map[string]int64{"/media/a.mp3": 10, "/media/a.webm": 20}[p] }
	tests := []struct {
		name string
		kind Kind
		mod  func(*Episode)
		want []checkKey
	}{
		{"ready listen", Listen, func(*Episode) {}, []checkKey{}},
		{"ready watch", Watch, func(*Episode) {}, []checkKey{}},
		{"external without its size", Listen, func(e *Episode) { e.Versions[French].MediaURL = "https://cdn.example.ca/a.mp3" },
			[]checkKey{{FeedMediaBytes, SevError, French}}},
		{"external with its size", Listen, func(e *Episode) {
			e.Versions[French].MediaURL, e.Versions[French].MediaBytes = "https://cdn.example.ca/a.mp3", 1234
		}, []checkKey{}},
		{"http", Watch, func(e *Episode) {
			e.Versions[English].MediaURL, e.Versions[English].MediaBytes = "http://cdn.example.ca/a.webm", 1234
		}, []checkKey{{FeedMediaHTTP, SevError, English}}},
		{"no type to be told", Listen, func(e *Episode) {
			e.Versions[English].MediaURL, e.Versions[English].MediaBytes = "https://cdn.example.ca/stream", 1234
		}, []checkKey{{FeedMediaType, SevError, English}}},
		{"file not in the media folder is a warning", Listen, func(e *Episode) { e.Versions[English].MediaURL = "/media/gone.mp3" },
			[]checkKey{{FeedMediaFile, SevWarning, English}}},
		{"missing media and length are asked for once", Listen, func(e *Episode) {
			e.Versions[English].MediaURL, e.Versions[English].MediaSeconds = "", 0
		}, []checkKey{{CheckMediaURL, SevError, English}, {CheckDuration, SevError, English}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ep := readyEpisode(tc.kind)
			tc.mod(ep)
			got := PrePublishChecks(ep, nil, size)
			if !slices.Equal(keysOf(got), tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("got %v\nwant %v", keysOf(got), tc.want)
			}
		})
	}
	// Without sizes, files on this site are not looked for.
	ep := readyEpisode(Listen)
	ep.Versions[English].MediaURL = "/media/gone.mp3"
	if c := PrePublishChecks(ep, nil, nil); len(c) != 0 {
		t.Errorf("nil sizes: %v", keysOf(c))
	}
}

func TestCheckException(t *testing.T) {
	good := "The French translation is delayed by the bureau."
	tests := []struct {
		name   string
		mod    func(*Episode)
		lang   Lang
		reason string
		want   map[string]string
	}{
		{"other missing", func(e *Episode) { delete(e.Versions, French) }, English, good, nil},
		{"other failing", func(e *Episode) { e.Versions[French].Summary = "" }, English, good, nil},
		{"other ready", func(*Episode) {}, English, good, map[string]string{"lang": ExcErrOtherReady}},
		{"published language failing", func(e *Episode) { e.Versions[French].Summary = ""; e.Versions[English].Title = "" }, English, good,
			map[string]string{"lang": ExcErrLangFails}},
		{"no such version", func(e *Episode) { delete(e.Versions, French) }, French, good, map[string]string{"lang": ExcErrLang}},
		{"bad language", func(e *Episode) { delete(e.Versions, French) }, "de", good, map[string]string{"lang": ExcErrLang}},
		{"no reason", func(e *Episode) { delete(e.Versions, French) }, English, "   ", map[string]string{"reason": ExcErrReasonShort}},
		{"short reason", func(e *Episode) { delete(e.Versions, French) }, English, strings.Repeat("é", MinExceptionReason-1), map[string]string{"reason": ExcErrReasonShort}},
		{"just long enough", func(e *Episode) { delete(e.Versions, French) }, English, strings.Repeat("é", MinExceptionReason), nil},
		{"too long", func(e *Episode) { delete(e.Versions, French) }, English, strings.Repeat("x", MaxExceptionReason+1), map[string]string{"reason": ExcErrReasonLong}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ep := readyEpisode(Read)
			tc.mod(ep)
			err := CheckException(ep, tc.lang, tc.reason, PrePublishChecks(ep, nil, nil))
			var ve *ValidationError
			switch {
			case tc.want == nil && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != nil && (!errors.As(err, &ve) || !mapsEqual(ve.Fields, tc.want)):
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestParseScheduleTime(t *testing.T) {
	zone, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) // 07:00 EST
	tests := []struct {
		date, clock string
		want        time.Time
		err         string
	}{
		{"2026-11-27", "07:01", time.Date(2026, 11, 27, 12, 1, 0, 0, time.UTC), ""},
		{"2026-11-27", "07:00", time.Time{}, SchedErrPast},
		{"2026-06-01", "09:00", time.Time{}, SchedErrPast},
		{"2027-07-01", "09:00", time.Date(2027, 7, 1, 13, 0, 0, 0, time.UTC), ""}, // EDT
		{"2027-03-14", "02:30", time.Time{}, SchedErrGap},                         // clocks go forward at 02:00
		{"2027-03-14", "03:00", time.Date(2027, 3, 14, 7, 0, 0, 0, time.UTC), ""},
		{"2027-11-07", "01:30", time.Date(2027, 11, 7, 5, 30, 0, 0, time.UTC), ""}, // repeated hour: the first (EDT)
		{" 2027-01-05 ", " 09:00 ", time.Date(2027, 1, 5, 14, 0, 0, 0, time.UTC), ""},
		{"2027-02-30", "09:00", time.Time{}, SchedErrFormat},
		{"2027-01-05", "9h", time.Time{}, SchedErrFormat},
		{"", "", time.Time{}, SchedErrFormat},
		{"99999-01-01", "09:00", time.Time{}, SchedErrFormat},
	}
	for _, tc := range tests {
		got, key := ParseScheduleTime(tc.date, tc.clock, zone, now)
		if key != tc.err || !got.Equal(tc.want) {
			t.Errorf("%q %q = %v %q, want %v %q", tc.date, tc.clock, got, key, tc.want, tc.err)
		}
	}
}
