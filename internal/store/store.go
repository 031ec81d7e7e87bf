// Package store declares the one storage interface of Busrides. Two
// implementations satisfy it — SQLite (store/sqlite, the default) and
// PostgreSQL (store/postgres) — and store/storetest is the conformance
// suite both must pass.
package store

import (
	"context"
	"time"

	"github.com/busrides/busrides/internal/content"
)

// Store is everything the application asks of its database. Methods that
// find one thing return content.ErrNotFound (wrapped) when there is none.
type Store interface {
	// ImportBundle creates or updates the bundle's items by key in one
	// transaction: all of it is stored, or none of it. It writes the ids and
	// slugs it assigns into the bundle, so build a fresh bundle per import.
	ImportBundle(ctx context.Context, b *content.Bundle, now time.Time) (ImportResult, error)

	// Episodes lists live episodes that have a version in q.Lang, newest first.
	Episodes(ctx context.Context, q EpisodeQuery) (EpisodePage, error)
	// EpisodeBySlug returns a live episode by the slug of its version in lang,
	// with both versions, topics, authors and series.
	EpisodeBySlug(ctx context.Context, lang content.Lang, slug string, now time.Time) (*content.Episode, error)
	// EpisodeByID returns an episode whatever its status.
	EpisodeByID(ctx context.Context, id int64) (*content.Episode, error)
	// PublicEpisodeByID returns a live episode as public pages show it:
	// without a version an Official Languages exception keeps out.
	// An episode that is not live is content.ErrNotFound.
	PublicEpisodeByID(ctx context.Context, id int64, now time.Time) (*content.Episode, error)
	// RelatedEpisodes returns live episodes in lang sharing a topic with ep,
	// most shared topics first, then newest; never ep itself.
	RelatedEpisodes(ctx context.Context, ep *content.Episode, lang content.Lang, now time.Time, limit int) ([]*content.Episode, error)

	Topics(ctx context.Context) ([]content.Topic, error)
	TopicBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Topic, error)
	Authors(ctx context.Context) ([]content.Author, error)
	AuthorBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Author, error)
	SeriesList(ctx context.Context) ([]content.Series, error)
	SeriesBySlug(ctx context.Context, lang content.Lang, slug string) (*content.Series, error)

	// Redirect returns the episode an old path (such as /en/ep-41-en/) now
	// lives at, and the language of that path.
	Redirect(ctx context.Context, path string) (episodeID int64, lang content.Lang, err error)

	Notice(ctx context.Context) (content.Notice, error)
	SetNotice(ctx context.Context, n content.Notice) error

	AddFeedback(ctx context.Context, f content.Feedback) (int64, error)
	FeedbackList(ctx context.Context, limit int) ([]content.Feedback, error)

	// Search finds live versions in q.Lang holding every term of q.Terms.
	Search(ctx context.Context, q SearchQuery) (SearchResult, error)
	// SearchWords lists the indexed words of a language (folded, unstemmed),
	// for "Did you mean" suggestions.
	SearchWords(ctx context.Context, lang content.Lang) ([]string, error)
	// Reindex rebuilds the search index of every episode, reporting progress.
	Reindex(ctx context.Context, progress func(done, total int)) error

	// Generation is a counter bumped by every change that can alter a public
	// page, in the same transaction as the change. Page caches compare it to
	// know when to drop what they hold, across processes and servers.
	Generation(ctx context.Context) (int64, error)

	Close() error

	// Staff and access (sqldb/staff.go). E-mail addresses are normalised
	// with content.NormalizeEmail before they are stored or looked up.

	// CreateUser stores a new staff member with an argon2id password hash
	// and returns its id; an e-mail address already used (in any case) is
	// an error wrapping content.ErrConflict. u.ID is ignored; a zero
	// u.CreatedAt means now; an empty u.Status means active.
	CreateUser(ctx context.Context, u content.User, passwordHash string) (int64, error)
	UserByEmail(ctx context.Context, email string) (*content.User, error)
	UserByID(ctx context.Context, id int64) (*content.User, error)
	// Users lists every staff member by e-mail address.
	Users(ctx context.Context) ([]content.User, error)
	PasswordHash(ctx context.Context, userID int64) (string, error)
	SetUserRole(ctx context.Context, userID int64, role content.Role) error
	// SetUserStatus suspends or reactivates a staff member. Suspending does
	// not delete sessions: SessionUser returns the status, and callers
	// refuse suspended users on the next request (DeleteUserSessions too).
	SetUserStatus(ctx context.Context, userID int64, status content.UserStatus) error
	// SetUserLang sets a staff member's interface language.
	SetUserLang(ctx context.Context, userID int64, lang content.Lang) error
	SetUserPassword(ctx context.Context, userID int64, passwordHash string) error

	// CreateSession stores a session by the hash of its token (auth.NewToken).
	CreateSession(ctx context.Context, tokenHash string, userID int64, now time.Time, ip, userAgent string) error
	// SessionUser returns the user of a session and when the session began
	// and was last used; the caller decides validity (auth.SessionValid).
	SessionUser(ctx context.Context, tokenHash string) (u *content.User, created, lastSeen time.Time, err error)
	TouchSession(ctx context.Context, tokenHash string, now time.Time) error
	// DeleteSession signs one session out; deleting a missing session is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteUserSessions(ctx context.Context, userID int64) error

	RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error
	// LoginFailures counts failures at or after since for the e-mail address
	// and, separately, for the IP address.
	LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error)
	// ClearLoginFailures forgets an account's failures (after a sign-in).
	ClearLoginFailures(ctx context.Context, email string) error

	// Invitations (sqldb/invitations.go).

	// CreateInvitation stores an invitation by the hash of its link's token
	// and returns its id. An address already used by a staff member is an
	// error wrapping content.ErrConflict; earlier pending invitations for
	// the same address are withdrawn (only the newest link works).
	CreateInvitation(ctx context.Context, inv content.Invitation, tokenHash string) (int64, error)
	// InvitationByToken returns an invitation, pending or not, by the hash
	// of its token.
	InvitationByToken(ctx context.Context, tokenHash string) (*content.Invitation, error)
	// PendingInvitations lists invitations not accepted and not expired at
	// now, newest first.
	PendingInvitations(ctx context.Context, now time.Time) ([]content.Invitation, error)
	// AcceptInvitation creates the invited staff member with a name and a
	// password hash and marks the invitation used, in one transaction. An
	// invitation used, expired, withdrawn or unknown is content.ErrNotFound;
	// an address taken meanwhile is content.ErrConflict.
	AcceptInvitation(ctx context.Context, tokenHash, name, passwordHash string, now time.Time) (*content.User, error)
	// RevokeInvitation withdraws a pending invitation; an unknown or used
	// one is not an error.
	RevokeInvitation(ctx context.Context, id int64) error

	// AddAudit appends to the audit log; e.ID is ignored. There is no way to
	// change or remove an entry.
	AddAudit(ctx context.Context, e content.AuditEntry) error
	// AuditLog returns the latest entries, newest first.
	AuditLog(ctx context.Context, limit int) ([]content.AuditEntry, error)

	// Feedback inbox (sqldb/feedback_inbox.go).

	// FeedbackInbox returns one page of feedback matching f, newest first,
	// and how many rows match in all.
	FeedbackInbox(ctx context.Context, f FeedbackFilter) ([]content.Feedback, int, error)
	// FeedbackCounts counts yes and no answers per episode among the rows
	// matching f (its Limit and Offset are ignored), most answers first.
	// Rows about no episode are counted under EpisodeID 0.
	FeedbackCounts(ctx context.Context, f FeedbackFilter) ([]FeedbackCount, error)
	// MarkFeedbackReviewed marks rows reviewed by a staff member at a time.
	// Rows already reviewed keep their first review; unknown ids are ignored.
	MarkFeedbackReviewed(ctx context.Context, ids []int64, by int64, at time.Time) error

	// Editorial workflow and translation parity (sqldb/workflow.go).

	// ChangeEpisodeState applies one workflow step (content.Transitions) in
	// one transaction with its audit entry: all of it, or nothing. The step
	// is compared and swapped on the status and revision the caller saw:
	// another one (a concurrent change) is content.ErrConflict. Publishing
	// keeps the first publication date, reindexes the episode for search,
	// records or removes the one-language exception and bumps the content
	// generation. The caller has checked who may do it and the pre-publish
	// checks (content.CanDo, content.PrePublishChecks).
	ChangeEpisodeState(ctx context.Context, c StateChange) error
	// RunSchedule publishes the scheduled episodes whose PublishAt is at or
	// before now and unpublishes the published ones whose UnpublishAt is,
	// each in its own transaction with an audit entry by the system. Servers
	// sharing a database may call it at the same time: each episode is
	// acted on exactly once.
	RunSchedule(ctx context.Context, now time.Time) (ScheduleResult, error)
	// LanguageException returns an episode's one-language exception, or
	// content.ErrNotFound.
	LanguageException(ctx context.Context, episodeID int64) (*content.LanguageException, error)
	// ParityReport lists the episodes with a translation parity problem
	// (a missing language, a stale translation, a one-language exception)
	// that match f, and counts each problem before f.Problem applies.
	ParityReport(ctx context.Context, f ParityFilter) (ParityReport, error)
	// Media library (sqldb/media.go). The files themselves live in the
	// media folder (internal/media.Library); these rows describe them.

	// CreateMedia stores a row for a file already written and returns its
	// id; m.ID and m.Version are ignored, a zero m.CreatedAt means now. A
	// row with the same SHA256 or Path is an error wrapping
	// content.ErrConflict (use MediaBySHA256 to find it).
	CreateMedia(ctx context.Context, m content.Media) (int64, error)
	MediaByID(ctx context.Context, id int64) (*content.Media, error)
	MediaBySHA256(ctx context.Context, sha string) (*content.Media, error)
	// MediaList returns one page of the library matching q, newest first,
	// and how many rows match in all. Pickers (the episode editor) list
	// by kind with it.
	MediaList(ctx context.Context, q MediaQuery) ([]content.Media, int, error)
	// SetMediaAlt sets the default alternative text of a file if its
	// version is still version (else content.ErrConflict), and moves the
	// version on.
	SetMediaAlt(ctx context.Context, id int64, version int, alt content.Bilingual) error
	// MediaUses lists what refers to the file served at url (a media
	// item's URL, "/media/…"): versions, published or not, whose image,
	// media, body or transcript names it, and authors whose photo it is.
	MediaUses(ctx context.Context, url string) ([]MediaUse, error)
	// DeleteMedia removes a row (the caller removes the file). While
	// MediaUses finds a use of the file, it removes nothing and returns
	// content.ErrConflict: a file in use is never deleted from under the
	// pages that show it.
	DeleteMedia(ctx context.Context, id int64) error
	// Taxonomy management (sqldb/taxonomy_admin.go). Create and Update
	// check slug uniqueness per language (a *content.ValidationError keyed
	// slug_en or slug_fr), bump the generation, re-index the episodes whose
	// indexed names changed, and apply moves (old public URL → new) as
	// redirects, all in one transaction. Update refuses, with
	// content.ErrConflict, a stamp (content.TopicStamp…) that is no longer
	// the stored one. Delete refuses, with a *content.InUseError, an item
	// that episodes use. Items are found by id (content.ErrNotFound). A
	// Move with an empty From only marks To as a live page (a redirect from
	// To is removed).

	TopicByID(ctx context.Context, id int64) (*content.Topic, error)
	CreateTopic(ctx context.Context, t content.Topic, moves []Move, now time.Time) (int64, error)
	UpdateTopic(ctx context.Context, t content.Topic, stamp string, moves []Move, now time.Time) error
	DeleteTopic(ctx context.Context, id int64) error
	AuthorByID(ctx context.Context, id int64) (*content.Author, error)
	CreateAuthor(ctx context.Context, a content.Author, moves []Move, now time.Time) (int64, error)
	UpdateAuthor(ctx context.Context, a content.Author, stamp string, moves []Move, now time.Time) error
	DeleteAuthor(ctx context.Context, id int64) error
	SeriesByID(ctx context.Context, id int64) (*content.Series, error)
	CreateSeries(ctx context.Context, s content.Series, moves []Move, now time.Time) (int64, error)
	UpdateSeries(ctx context.Context, s content.Series, stamp string, moves []Move, now time.Time) error
	DeleteSeries(ctx context.Context, id int64) error
	// SeriesEpisodes lists every episode of a series, whatever its status,
	// by position.
	SeriesEpisodes(ctx context.Context, seriesID int64) ([]SeriesEpisode, error)
	// ReorderSeries numbers the series' episodes 1, 2, 3… in the order of
	// ids, which must hold each of its episodes once (else content.ErrConflict).
	ReorderSeries(ctx context.Context, seriesID int64, ids []int64, now time.Time) error
	// TaxonomyUsage counts the episodes (any status) of each topic, author
	// and series.
	TaxonomyUsage(ctx context.Context) (Usage, error)

	// Editor-managed redirects (sqldb/redirects_admin.go). Paths are
	// normalised (content.NormalizeRedirectPath); targets are checked with
	// content.ValidRedirectTarget. Saving refuses loops and chains among
	// all redirects, and paths that already redirect to an episode.

	// PathRedirects returns one page of redirects whose path or target
	// contains q (any case), by path, and how many match.
	PathRedirects(ctx context.Context, q string, limit, offset int) ([]content.PathRedirect, int, error)
	PathRedirectByID(ctx context.Context, id int64) (*content.PathRedirect, error)
	// SavePathRedirect creates (r.ID 0) or updates a redirect and returns
	// its id; errors are a *content.ValidationError keyed path or target,
	// content.ErrConflict for a stale stamp, content.ErrNotFound.
	SavePathRedirect(ctx context.Context, r content.PathRedirect, stamp string, now time.Time) (int64, error)
	DeletePathRedirects(ctx context.Context, ids []int64) (int, error)
	// ImportPathRedirects stores all rows or none: rows whose path exists
	// replace its target. Errors are content.RowErrors by row index.
	ImportPathRedirects(ctx context.Context, rows []content.PathRedirect, now time.Time) (int, error)
	// PathRedirectTarget returns where an old path now leads.
	PathRedirectTarget(ctx context.Context, path string) (string, error)

	// The editorial glossary (sqldb/glossary.go). Terms are unique in each
	// language without regard to case or spacing (content.GlossaryKey):
	// a *content.ValidationError keyed term_en or term_fr. Every change
	// bumps the generation.

	// GlossaryTerms lists every entry in alphabetical order of its term in
	// lang, ignoring case and accents (content.SortGlossary).
	GlossaryTerms(ctx context.Context, lang content.Lang) ([]content.GlossaryTerm, error)
	GlossaryTermByID(ctx context.Context, id int64) (*content.GlossaryTerm, error)
	CreateGlossaryTerm(ctx context.Context, g content.GlossaryTerm, now time.Time) (int64, error)
	// UpdateGlossaryTerm saves g if the stored entry still has stamp
	// (content.GlossaryStamp), else content.ErrConflict.
	UpdateGlossaryTerm(ctx context.Context, g content.GlossaryTerm, stamp string, now time.Time) error
	DeleteGlossaryTerm(ctx context.Context, id int64) error

	// SiteTitle is the site's name in both languages; empty texts mean the
	// catalogue's default.
	SiteTitle(ctx context.Context) (content.Bilingual, error)
	SetSiteTitle(ctx context.Context, t content.Bilingual) error

	// Episode editing (sqldb/editing.go).

	// SaveEpisode stores an episode from the editor as a new revision and
	// returns its number, in one transaction. e.ID 0 creates a draft owned
	// by e.OwnerID (info.BaseRevision must be 0); otherwise info.BaseRevision
	// must be the episode's latest revision, or the save is refused with an
	// error wrapping content.ErrConflict and nothing changes. The status,
	// owner and publication times are not the editor's to change and are
	// kept. HTML must be rendered by the caller (as for ImportBundle).
	// Invalid input and slugs used by another episode are a
	// *content.ValidationError. A slug change of a published version adds a
	// redirect from its old path.
	SaveEpisode(ctx context.Context, e *content.Episode, info content.SaveInfo) (int, error)
	// AdminEpisodes lists episodes of every status for the back office,
	// most recently saved first.
	AdminEpisodes(ctx context.Context, q AdminEpisodeQuery) (EpisodePage, error)
	// Revisions lists an episode's revisions, newest first.
	Revisions(ctx context.Context, episodeID int64) ([]content.Revision, error)
	// RevisionByNumber returns one revision of an episode.
	RevisionByNumber(ctx context.Context, episodeID int64, number int) (*content.Revision, error)
}

// Move is a public page that moved (a topic, series or author whose slug
// changed): From (the old path) now redirects to To.
type Move struct {
	From, To string
}

// SeriesEpisode is an episode of a series in the back office's ordering.
type SeriesEpisode struct {
	EpisodeID int64
	Position  int
	Status    content.Status
	Title     content.Bilingual
}

// Usage counts episodes per topic, author and series id.
type Usage struct {
	Topics, Authors, Series map[int64]int
}

// EpisodeQuery selects live episodes for a listing page.
type EpisodeQuery struct {
	Lang     content.Lang
	Now      time.Time
	Kind     content.Kind // empty: all kinds
	TopicID  int64        // 0: all topics
	AuthorID int64        // 0: all authors
	SeriesID int64        // 0: all series; when set, ordered by position
	// MaxMinutes keeps episodes whose duration (as content.Episode.Minutes
	// computes it) is at most this; 0 keeps all.
	MaxMinutes int
	Limit      int
	Offset     int
}

// EpisodePage is one page of a listing and the total number of matches.
type EpisodePage struct {
	Episodes []*content.Episode
	Total    int
}

// ImportResult counts what an import changed.
type ImportResult struct {
	Topics, Authors, Series int
	EpisodesCreated         int
	EpisodesUpdated         int
	Redirects               int
}

// SearchQuery is a full-text search over one language.
type SearchQuery struct {
	Lang       content.Lang
	Now        time.Time
	Terms      []string // analysed terms (internal/search); all must match
	Kind       content.Kind
	TopicID    int64
	SeriesID   int64
	MaxMinutes int  // 0: any length
	ByDate     bool // newest first instead of by relevance
	Limit      int
	Offset     int
}

// SearchResult is one page of hits, the number of hits, and how many hits
// each topic has (before the topic filter, after the others).
type SearchResult struct {
	Hits        []SearchHit
	Total       int
	TopicCounts map[int64]int
}

// SearchHit is an episode found by a search, with the plain text of its
// version for the snippet.
// Episode holds what a result shows (kind, dates, series, topics, authors;
// each version's title, slug, summary, image, length), not bodies,
// transcripts or links: load the episode for those.
type SearchHit struct {
	Episode *content.Episode
	Score   int
	Text    string
}

// FeedbackFilter selects feedback in the back office's inbox. Zero fields
// do not filter.
type FeedbackFilter struct {
	EpisodeID int64
	Lang      content.Lang
	Answer    content.Answer
	From, To  time.Time // CreatedAt in [From, To)
	Reviewed  *bool
	Limit     int // 0: no limit
	Offset    int
}

// FeedbackCount is how many readers answered yes and no about one episode.
type FeedbackCount struct {
	EpisodeID int64
	Title     string // the version's title in the rows' language, or in English
	Yes, No   int
}

// StateChange is one workflow step asked of the store.
type StateChange struct {
	EpisodeID int64
	Op        content.Op
	// The status and revision the step was decided on.
	From     content.Status
	Revision int
	// PublishAt for content.OpSchedule, UnpublishAt for
	// content.OpScheduleUnpub and content.OpPublish (zero: none).
	PublishAt, UnpublishAt time.Time
	// Exception for content.OpPublishOne: its EpisodeID and CreatedAt are
	// filled in by the store.
	Exception *content.LanguageException
	Now       time.Time
	// Audit names the actor and address; the store sets the action
	// ("episode.published"…), target and detail.
	Audit content.AuditEntry
}

// ScheduleResult counts what a RunSchedule call did.
type ScheduleResult struct {
	Published, Unpublished []int64 // episode ids
}

// ParityProblem is a kind of translation parity problem.
type ParityProblem string

const (
	ParityMissing   ParityProblem = "missing"   // one language has no version
	ParityStale     ParityProblem = "stale"     // a version lags behind the other language
	ParityException ParityProblem = "exception" // published in one language under an exception
)

// ParityProblems lists the problems in display order.
var ParityProblems = [3]ParityProblem{ParityMissing, ParityStale, ParityException}

// ParityFilter selects rows of the parity report; zero fields do not filter.
type ParityFilter struct {
	TopicID int64
	Kind    content.Kind
	Status  content.Status
	Problem ParityProblem
}

// ParityReport is the parity dashboard's content.
type ParityReport struct {
	Rows   []ParityRow
	Counts map[ParityProblem]int // among the rows matching the filter but its Problem
}

// ParityRow is one episode with at least one parity problem.
type ParityRow struct {
	EpisodeID int64
	Key       string
	Kind      content.Kind
	Status    content.Status
	Titles    content.Bilingual // "" for a missing version
	Missing   []content.Lang    // languages without a version
	// Stale is the language whose version lags behind; StaleSince is when
	// the other language changed (its ChangedAt; zero if unknown).
	Stale      content.Lang
	StaleSince time.Time
	Exception  *content.LanguageException
}

// Has reports whether the row has problem p.
func (r ParityRow) Has(p ParityProblem) bool {
	switch p {
	case ParityMissing:
		return len(r.Missing) > 0
	case ParityStale:
		return r.Stale != ""
	case ParityException:
		return r.Exception != nil
	}
	return false
}

// MediaUse is one use of a media file: by an episode's version (EpisodeID,
// Lang, Title) or by an author's photo (AuthorID, Title the author's name).
type MediaUse struct {
	EpisodeID int64
	Lang      content.Lang
	AuthorID  int64
	Title     string
}

// MediaQuery selects files of the media library. Zero fields do not filter.
type MediaQuery struct {
	Kind       content.MediaKind
	UploadedBy int64
	Limit      int // 0: no limit
	Offset     int
}

// AdminEpisodeQuery filters the back office's episode list. Zero fields do
// not filter.
type AdminEpisodeQuery struct {
	Status      content.Status
	Kind        content.Kind
	TopicID     int64
	OwnerID     int64
	MissingLang content.Lang // episodes without a version in this language
	Stale       bool         // episodes with a version behind the other language
	Text        string       // in a title, either language, case-insensitive (ASCII)
	Limit       int          // 0: no limit
	Offset      int
}
