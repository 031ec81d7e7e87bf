package admin

import (
	"html/template"

	"github.com/busrides/busrides/internal/content"
)

// EpisodePage is the view of the episode editor (new, edit, preview,
// conflict).
type EpisodePage struct {
	Common
	New          bool
	Action       string // where the form posts
	ID           int64
	StatusLabel  string
	PublishURL   string
	RevisionsURL string
	Base         int
	Kinds        []Check
	Topics       []Check
	Authors      []Check
	Series       []Option
	SeriesPos    string
	Columns      []LangColumn
	Minor        bool
	Summary      []ErrorLink // the error summary, in screen order
	Errors       map[string]string
	Preview      bool
	Conflict     *ConflictView
	Pickers      []Picker // datalists of media library files
	// Live: the episode is published, so a save is a pending change;
	// CanPublish: the actor may also save and publish at once.
	Live, CanPublish bool
	// Pending is the episode's change saved and not published, if any
	// (the editor shows it).
	Pending *PendingView
	// Autosave offers the staff member's automatic save, if any;
	// AutosaveURL is where the page's script sends them.
	Autosave    *AutosaveView
	AutosaveURL string
	// Merge, after a save from an older revision, lists the fields both
	// people changed, to choose from.
	Merge *MergeView
}

// Picker is a datalist of media library files that URL fields offer.
type Picker struct {
	ID      string
	Options []Option // Value: the file's URL; Label: its name and alt text
	// Images shows the choices of the image picker with their thumbnails
	// (no script needed: each gives the address to paste); nil for other
	// kinds.
	Images []PickerImage
}

// PickerImage is one image of the picker, as its thumbnail list shows it.
type PickerImage struct {
	Thumb *Thumb
	Label string
	URL   string
}

// LangColumn is one language of the editor.
type LangColumn struct {
	Lang              content.Lang
	Tag               string // BCP 47, for lang=""
	Legend            string
	Stale             bool
	Aligned           bool
	AlignedID         string
	Fields            []FieldView
	MediaFields       []FieldView
	PreviewHTML       template.HTML // sanitised by internal/render
	PreviewTranscript template.HTML
	HasPreview        bool
}

// FieldView is one field of a language column.
type FieldView struct {
	ID, Name, Label, Hint, Input string
	// Lang is the BCP 47 tag of the text typed in the field (a version's
	// title, summary, body…), "" for addresses and numbers: only content
	// carries the version's language, not the interface around it.
	Lang         string
	List         string // id of a Picker's datalist, or ""
	Thumb        *Thumb // an image field's current library image, if any
	Rows         int
	Value, Error string
}

// Check is a checkbox or radio button.
type Check struct {
	ID, Value, Label string
	Checked          bool
}

// ErrorLink is one line of an error summary.
type ErrorLink struct {
	Href, Text string
}

// ConflictView shows what another editor saved since the form was opened.
type ConflictView struct {
	Revision   int
	By, At     string
	Langs      []DiffView
	DiscardURL string
}

// DiffView is the diff of one language between two texts.
type DiffView struct {
	Lang    content.Lang
	Tag     string
	Label   string
	Rows    []DiffRow
	Changed bool
}

// DiffRow is one line of a diff: unchanged, removed or added, with the
// changed words marked inside a line that was replaced.
type DiffRow struct {
	Kind  string // "eq", "del", "ins"
	Mark  string // " ", "−", "+" (seen; the Label is read out)
	Label string // "Removed: " / "Added: " for screen readers
	Segs  []DiffSeg
}

// DiffSeg is a run of text in a diff row.
type DiffSeg struct {
	Changed bool
	Text    string
}

// EpisodesPage is the view of GET /admin/episodes.
type EpisodesPage struct {
	Common
	Filter      EpisodeFilterForm
	Statuses    []Option
	Kinds       []Option
	Topics      []Option
	Missing     []Option
	Rows        []EpisodeRow
	Total       int
	Page, Pages int
	PrevURL     string
	NextURL     string
	CanCreate   bool
}

// EpisodeFilterForm is the list's filter form as typed.
type EpisodeFilterForm struct {
	Status, Kind, Topic, Missing, Q      string
	Stale, Pending, Mine, Changes, Asked bool
}

// EpisodeRow is one episode in the list.
type EpisodeRow struct {
	ID       int64
	EditURL  string // "" when the actor may not edit it
	Titles   []RowTitle
	Kind     string
	Status   string
	Pending  bool // a change of the live episode is not published
	Revision int
	Modified string
}

// RowTitle is one language of a row.
type RowTitle struct {
	Lang    content.Lang
	Tag     string
	Title   string
	Missing bool
	Stale   bool
}

// RevisionsPage is the view of GET /admin/episodes/{id}/revisions.
type RevisionsPage struct {
	Common
	ID         int64
	Title      string
	EditURL    string
	DiffAction string // where the comparison form goes
	Base       int
	Rows       []RevisionRow
	Numbers    []Option
	FromOpts   []Option
	LangOpts   []Option
	Error      string
}

// RevisionRow is one revision in the history.
type RevisionRow struct {
	Number     int
	At         string
	By         string
	Minor      bool
	Langs      string
	Note       string
	DiffURL    string // with the previous revision
	RestoreURL string // "" for the latest
	// Live: the revision the public site shows; Pending: a revision of
	// the change not published yet (episodes only).
	Live, Pending bool
}

// RestoreConfirmPage is the view of a restore asked without confirmation:
// what restoring revision Number does, and the form that confirms it.
type RestoreConfirmPage struct {
	Common
	Title      string
	Number     int
	Base       int
	Action     string
	HistoryURL string
	DiffURL    string // from the latest revision to Number
	// Live is set for a published episode: the restore is a pending
	// change, and the public site keeps LiveRevision until it is published.
	Live         bool
	LiveRevision int
}

// RevisionDiffPage is the view of GET /admin/episodes/{id}/diff.
type RevisionDiffPage struct {
	Common
	ID         int64
	Title      string
	From, To   int
	FromAt     string
	ToAt       string
	Diff       DiffView
	Other      string // the same diff in the other language
	OtherLabel string
	HistoryURL string
}
