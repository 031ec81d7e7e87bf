package content

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Op is a step of the editorial workflow that a staff member (or the
// scheduler) asks for on one episode.
type Op string

const (
	OpSubmit           Op = "submit"            // draft → review
	OpBackToDraft      Op = "draft"             // review, unpublished → draft
	OpPublish          Op = "publish"           // draft, review, scheduled, unpublished → published (both languages)
	OpPublishOne       Op = "publish_one"       // draft, review, unpublished → published in one language, with an editor's written reason
	OpSchedule         Op = "schedule"          // draft, review, unpublished → scheduled (Episode.PublishAt)
	OpCancelSchedule   Op = "cancel_schedule"   // scheduled → draft
	OpUnpublish        Op = "unpublish"         // published → unpublished
	OpScheduleUnpub    Op = "schedule_unpub"    // published stays published, with Episode.UnpublishAt
	OpCancelUnpublish  Op = "cancel_unpublish"  // clears Episode.UnpublishAt
	OpScheduledPublish Op = "scheduled_publish" // the scheduler: scheduled → published at PublishAt
	OpScheduledUnpub   Op = "scheduled_unpub"   // the scheduler: published → unpublished at UnpublishAt
)

// Who is the kind of permission a workflow step needs.
type Who int

const (
	// WhoWriter: whoever may edit the (unpublished) episode — its owner
	// (contributors included) or an editor — and may submit for review.
	WhoWriter Who = iota + 1
	// WhoPublisher: CanPublishEpisode (authors on their own episodes,
	// editors and administrators on any).
	WhoPublisher
	// WhoException: a publisher who may also approve a one-language
	// exception (editors and administrators).
	WhoException
	// WhoSystem: the scheduler only; never a staff member.
	WhoSystem
)

// Transition is one row of the workflow table.
type Transition struct {
	Op   Op
	From []Status
	To   Status // the same as the from status for OpScheduleUnpub and OpCancelUnpublish
	Who  Who
}

// Transitions is the editorial workflow as data: draft → in review →
// scheduled → published → unpublished (and back to draft). Publishing
// publishes both languages together; OpPublishOne is the Official
// Languages exception.
var Transitions = []Transition{
	{OpSubmit, []Status{Draft}, Review, WhoWriter},
	{OpBackToDraft, []Status{Review, Unpublished}, Draft, WhoWriter},
	// From Published: publishing the second language of an episode
	// published under an exception (or again, which changes nothing).
	{OpPublish, []Status{Draft, Review, Scheduled, Unpublished, Published}, Published, WhoPublisher},
	{OpPublishOne, []Status{Draft, Review, Unpublished}, Published, WhoException},
	{OpSchedule, []Status{Draft, Review, Unpublished}, Scheduled, WhoPublisher},
	{OpCancelSchedule, []Status{Scheduled}, Draft, WhoPublisher},
	{OpUnpublish, []Status{Published}, Unpublished, WhoPublisher},
	{OpScheduleUnpub, []Status{Published}, Published, WhoPublisher},
	{OpCancelUnpublish, []Status{Published}, Published, WhoPublisher},
	{OpScheduledPublish, []Status{Scheduled}, Published, WhoSystem},
	{OpScheduledUnpub, []Status{Published}, Unpublished, WhoSystem},
}

// TransitionFor returns the table's row for op.
func TransitionFor(op Op) (Transition, bool) {
	for _, t := range Transitions {
		if t.Op == op {
			return t, true
		}
	}
	return Transition{}, false
}

// Reasons a workflow step is refused (i18n catalogue keys).
const (
	WhyUnknownOp   = "workflow.why_unknown"
	WhyWrongStatus = "workflow.why_status"
	WhyNotAllowed  = "workflow.why_role"
	WhySystemOnly  = "workflow.why_system"
)

// CanDo reports whether actor may apply op to ep now, and if not why (an
// i18n key): first who may (WhyNotAllowed), then from which status
// (WhyWrongStatus). Publishing also needs the pre-publish checks
// (Publishable, CheckException).
func CanDo(actor *User, ep *Episode, op Op) (bool, string) {
	t, ok := TransitionFor(op)
	if !ok || ep == nil {
		return false, WhyUnknownOp
	}
	allowed := false
	switch t.Who {
	case WhoSystem:
		return false, WhySystemOnly
	case WhoWriter:
		// The owner (or an editor) submits or withdraws; a publisher also
		// sends an episode back to draft.
		// The reviewer asked sends it back with changes requested.
		allowed = (Can(actor, ActionSubmitForReview) && CanEditEpisode(actor, ep.OwnerID, false)) || CanPublishEpisode(actor, ep.OwnerID) ||
			op == OpBackToDraft && CanReview(actor, ep)
	case WhoPublisher:
		allowed = CanPublishEpisode(actor, ep.OwnerID)
	case WhoException:
		allowed = CanPublishEpisode(actor, ep.OwnerID) && Can(actor, ActionOneLanguageException)
	}
	if !allowed {
		return false, WhyNotAllowed
	}
	if !slices.Contains(t.From, ep.Status) || op == OpCancelUnpublish && ep.UnpublishAt.IsZero() {
		return false, WhyWrongStatus
	}
	return true, ""
}

// Severity says whether a failed check blocks publishing.
type Severity string

const (
	SevError   Severity = "error"   // blocks publishing
	SevWarning Severity = "warning" // shown, does not block
)

// Check is one failed item of the pre-publish checklist. Key is an i18n
// catalogue key; Field names the edit screen's field (for a link to it);
// Arg is shown with the message (a link's URL, an image's address).
type Check struct {
	Key      string
	Severity Severity
	Lang     Lang
	Field    string
	Arg      string
}

// Pre-publish check keys (i18n catalogue keys).
const (
	CheckMissingVersion = "check.missing_version"
	CheckTitle          = "check.title"
	CheckSummary        = "check.summary"
	CheckBody           = "check.body"
	CheckImageAlt       = "check.image_alt"
	CheckBodyImageAlt   = "check.body_image_alt"
	CheckTranscript     = "check.transcript"
	CheckCaptions       = "check.captions"
	CheckMediaURL       = "check.media_url"
	CheckDuration       = "check.duration"
	CheckInternalLink   = "check.internal_link"
	CheckLinkLabel      = "check.link_label"
	CheckStale          = "check.stale"
	CheckNoTopic        = "check.no_topic"
	CheckNoImage        = "check.no_image"
)

// Resolver reports whether an internal path (/en/…, /fr/…) answers on the
// public site. The back office provides it; the domain does no I/O.
type Resolver func(path string) bool

// PrePublishChecks returns what is wrong with ep before publishing, per
// language, in the order of the checklist. Errors block publishing;
// warnings do not. resolve may be nil (internal links are then not
// checked). The checklist includes what keeps feeds from carrying a
// Listen or Watch recording as it is (FeedMedia; its missing media and
// length are the checklist's own CheckMediaURL and CheckDuration); size
// gives the sizes of the site's files, and may be nil (files on this site
// are then not looked for).
func PrePublishChecks(ep *Episode, resolve Resolver, size MediaSize) []Check {
	var out []Check
	add := func(key string, sev Severity, lang Lang, field, arg string) {
		out = append(out, Check{Key: key, Severity: sev, Lang: lang, Field: field, Arg: arg})
	}
	for _, lang := range Langs {
		v := ep.Version(lang)
		if v == nil {
			add(CheckMissingVersion, SevError, lang, "", "")
			continue
		}
		if strings.TrimSpace(v.Title) == "" {
			add(CheckTitle, SevError, lang, "title", "")
		}
		if strings.TrimSpace(v.Summary) == "" {
			add(CheckSummary, SevError, lang, "summary", "")
		}
		if ep.Kind == Read && strings.TrimSpace(v.BodyMarkdown) == "" && strings.TrimSpace(v.BodyHTML) == "" {
			add(CheckBody, SevError, lang, "body", "")
		}
		switch {
		case v.Image.URL != "" && strings.TrimSpace(v.Image.Alt) == "":
			add(CheckImageAlt, SevError, lang, "image_alt", v.Image.URL)
		case v.Image.URL == "":
			add(CheckNoImage, SevWarning, lang, "image", "")
		}
		for _, src := range imagesWithoutAlt(v.BodyHTML) {
			add(CheckBodyImageAlt, SevError, lang, "body", src)
		}
		if ep.Kind.HasMedia() {
			if strings.TrimSpace(v.MediaURL) == "" {
				add(CheckMediaURL, SevError, lang, "media_url", "")
			}
			if strings.TrimSpace(v.Transcript) == "" && strings.TrimSpace(v.TranscriptHTML) == "" {
				add(CheckTranscript, SevError, lang, "transcript", "")
			}
			// WCAG 2.1 success criterion 1.2.2: a video has captions, at
			// least in the language it is spoken in.
			if ep.Kind == Watch && strings.TrimSpace(v.Captions.In(lang)) == "" {
				add(CheckCaptions, SevError, lang, CaptionsField(lang), "")
			}
			if v.MediaSeconds <= 0 {
				add(CheckDuration, SevError, lang, "media_seconds", "")
			}
			_, feedChecks := FeedMedia(ep.Kind, v, size)
			for _, c := range feedChecks {
				switch {
				case c.Key == FeedNoMedia || c.Key == FeedDuration:
					// Already asked for above.
				case c.Key == FeedMediaFile && size == nil:
				default:
					out = append(out, c)
				}
			}
		} else if v.WordCount <= 0 && strings.TrimSpace(v.BodyHTML) != "" {
			add(CheckDuration, SevWarning, lang, "body", "")
		}
		for _, l := range v.LearnMore {
			if label, _ := l.Only(); strings.TrimSpace(label) == "" {
				add(CheckLinkLabel, SevError, lang, "learn_more", l.URL)
			}
		}
		if resolve != nil {
			seen := map[string]bool{}
			links := internalLinks(v.BodyHTML)
			for _, l := range v.LearnMore {
				if p, ok := internalPath(l.URL); ok {
					links = append(links, linkAt{p, "learn_more"})
				}
			}
			links = append(links, internalLinksField(v.TranscriptHTML, "transcript")...)
			for _, l := range links {
				if seen[l.path] {
					continue
				}
				seen[l.path] = true
				if !resolve(l.path) {
					add(CheckInternalLink, SevError, lang, l.field, l.path)
				}
			}
		}
		if ep.Stale(lang) {
			add(CheckStale, SevWarning, lang, "", "")
		}
	}
	if len(ep.Topics) == 0 {
		add(CheckNoTopic, SevWarning, "", "topics", "")
	}
	return out
}

// HasErrors reports whether checks hold an error for lang ("" for any
// language, including the episode-wide ones).
func HasErrors(checks []Check, lang Lang) bool {
	for _, c := range checks {
		if c.Severity == SevError && (lang == "" || c.Lang == lang || c.Lang == "") {
			return true
		}
	}
	return false
}

// Publishable reports whether both languages pass their checks.
func Publishable(checks []Check) bool { return !HasErrors(checks, "") }

// LanguageException is the Official Languages exception: an editor allowed
// an episode to be published in Lang only, with a written reason. It lasts
// until the other language is published.
type LanguageException struct {
	EpisodeID int64
	Lang      Lang // the language published alone
	Reason    string
	UserID    int64
	CreatedAt time.Time
}

// Exception limits on the written reason, in characters.
const (
	MinExceptionReason = 20
	MaxExceptionReason = 1000
)

// Exception refusals (i18n keys), by form field.
const (
	ExcErrReasonShort = "workflow.exception_reason_short"
	ExcErrReasonLong  = "workflow.exception_reason_long"
	ExcErrLang        = "workflow.exception_lang"
	ExcErrOtherReady  = "workflow.exception_other_ready"
	ExcErrLangFails   = "workflow.exception_lang_fails"
)

// CheckException validates a request to publish ep in lang only with
// reason, given the episode's pre-publish checks. It is refused when the
// other language is ready (publish both instead), when lang itself fails
// its checks, or when the reason is shorter than MinExceptionReason
// characters. The error is a *ValidationError over the fields "lang" and
// "reason".
func CheckException(ep *Episode, lang Lang, reason string, checks []Check) error {
	fields := map[string]string{}
	if _, ok := ParseLang(string(lang)); !ok || ep.Version(lang) == nil {
		fields["lang"] = ExcErrLang
	} else {
		other := lang.Other()
		switch {
		case HasErrors(onlyLang(checks, lang), lang):
			fields["lang"] = ExcErrLangFails
		case ep.Version(other) != nil && !HasErrors(onlyLang(checks, other), other):
			fields["lang"] = ExcErrOtherReady
		}
	}
	n := utf8.RuneCountInString(strings.TrimSpace(reason))
	switch {
	case n < MinExceptionReason:
		fields["reason"] = ExcErrReasonShort
	case n > MaxExceptionReason:
		fields["reason"] = ExcErrReasonLong
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

// onlyLang keeps the checks of one language (dropping episode-wide ones).
func onlyLang(checks []Check, lang Lang) []Check {
	var out []Check
	for _, c := range checks {
		if c.Lang == lang {
			out = append(out, c)
		}
	}
	return out
}

// Schedule errors (i18n keys).
const (
	SchedErrFormat = "workflow.schedule_format"
	SchedErrPast   = "workflow.schedule_past"
	SchedErrGap    = "workflow.schedule_gap"
)

// ParseScheduleTime reads a date (YYYY-MM-DD) and a time (HH:MM) typed in
// the newsroom's zone and returns the instant, which must be after now.
// A wall time that does not exist (the hour skipped when clocks go forward)
// is refused rather than moved; an ambiguous one (the hour repeated when
// clocks go back) is its first occurrence. The error is an i18n key.
func ParseScheduleTime(date, clock string, zone *time.Location, now time.Time) (time.Time, string) {
	const layout = "2006-01-02 15:04"
	typed := strings.TrimSpace(date) + " " + strings.TrimSpace(clock)
	d, err := time.ParseInLocation(layout, typed, zone)
	if err != nil || d.Year() < 2000 || d.Year() > 9998 {
		return time.Time{}, SchedErrFormat
	}
	// A skipped wall time comes back normalised into another hour: read it
	// back and compare.
	if d.Format(layout) != typed {
		return time.Time{}, SchedErrGap
	}
	// A repeated wall time: take the first of the two instants.
	if e := d.Add(-time.Hour); e.In(zone).Format(layout) == typed {
		d = e
	}
	if !d.After(now) {
		return time.Time{}, SchedErrPast
	}
	return d.UTC(), ""
}

type linkAt struct{ path, field string }

func internalLinks(body string) []linkAt { return internalLinksField(body, "body") }

// internalLinksField lists the internal paths that the anchors of
// sanitised HTML point to.
func internalLinksField(s, field string) []linkAt {
	var out []linkAt
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, has := z.TagName()
			if string(name) != "a" || !has {
				continue
			}
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" {
					if p, ok := internalPath(string(v)); ok {
						out = append(out, linkAt{p, field})
					}
				}
				if !more {
					break
				}
			}
		}
	}
}

// internalPath returns the path of a link to the public site (/en/… or
// /fr/…), without its query and fragment.
func internalPath(href string) (string, bool) {
	href = strings.TrimSpace(href)
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	if strings.HasPrefix(href, "/en/") || strings.HasPrefix(href, "/fr/") || href == "/en" || href == "/fr" {
		return href, true
	}
	return "", false
}

// imagesWithoutAlt lists the src of every <img> in sanitised HTML whose
// alt attribute is missing or blank. (internal/render writes alt=""
// for an image written ![](src) in Markdown.)
func imagesWithoutAlt(s string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, has := z.TagName()
			if string(name) != "img" {
				continue
			}
			src, alt := "", ""
			for has {
				var k, v []byte
				k, v, has = z.TagAttr()
				switch string(k) {
				case "src":
					src = string(v)
				case "alt":
					alt = string(v)
				}
			}
			if strings.TrimSpace(alt) == "" {
				out = append(out, src)
			}
		}
	}
}
