package admin

import "github.com/busrides/busrides/internal/content"

// SitePageListPage is the view of GET /admin/site-pages.
type SitePageListPage struct {
	Common
	Rows []SitePageRow
}

// SitePageRow is one site page in the list, written or not.
type SitePageRow struct {
	Name     string // the page's name in the staff member's language
	EditURL  string
	Titles   content.Bilingual // empty while not written
	Status   string            // translated
	Stale    []string          // languages needing an update, translated
	Modified string            // "" while not written
	Public   []Link            // the live pages, when published
}

// SitePageEditPage is the view of the site page editor (edit, preview,
// errors, conflict).
type SitePageEditPage struct {
	Common
	Key          content.SitePageKey
	Name         string
	New          bool // never saved
	Action       string
	Base         int
	Published    bool
	StatusLabel  string
	PublishURL   string
	UnpublishURL string
	RevisionsURL string
	Public       []Link
	Columns      []LangColumn // Fields only; no media
	Minor        bool
	Summary      []ErrorLink
	Errors       map[string]string // translated, by field
	Alert        string            // a message about the whole page (publishing refused…)
	Preview      bool
	Conflict     *ConflictView
}
