package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/i18n"
	"github.com/busrides/busrides/internal/store"
)

// The forms of topics, series and authors share one shape: rows of fields,
// bilingual pairs side by side (English, then French), a stamp against
// stale saves, and a delete button that explains when it cannot work.

// maxTaxonomyForm bounds a topic, series or author form body.
const maxTaxonomyForm = 256 << 10

// TaxField is one input of a form.
type TaxField struct {
	ID, Name, Label, Hint string
	Value                 string
	Error                 string // translated; "" when the field is fine
	Lang                  string // BCP 47 tag of the text typed, "" for none
	Rows                  int    // > 0: a textarea of that many rows
	Type                  string // input type when not a textarea ("text", "url")
	// Choices, when set, make the field a group of radio buttons
	// (a fieldset whose legend is Label); ID is the first button's.
	Choices []TaxChoice
}

// TaxChoice is one radio button of a TaxField.
type TaxChoice struct {
	ID, Value string
	Sample    string // French text the choice gives, shown as French ("" for none)
	Label     string // in the staff member's language
	Checked   bool
}

// TaxRow is one row of a form: one field, or an English and a French field
// side by side.
type TaxRow struct {
	Fields []TaxField
}

// Pair reports whether the row shows two languages side by side.
func (r TaxRow) Pair() bool { return len(r.Fields) == 2 }

// TaxFormPage is the view of a topic, series or author form.
type TaxFormPage struct {
	Common
	Heading   string
	Action    string // where the form posts
	Stamp     string // stored state the form was opened on ("" when creating)
	Rows      []TaxRow
	Summary   []TaxField // fields in error, for the summary at the top
	Alert     string     // a problem with the whole form (conflict, in use)
	DeleteURL string     // "" when creating
	Uses      int        // episodes that use the item
	Public    []Link     // its public pages
	ListURL   string
	// Series only: its episodes in order.
	Episodes []SeriesEpisodeRow
	OrderURL string
}

// Link is a labelled URL.
type Link struct {
	Label, URL, Lang string
}

// SeriesEpisodeRow is one episode in a series' order form.
type SeriesEpisodeRow struct {
	ID       int64
	Position int
	Title    string
	Status   string // translated
	Up, Down bool   // whether it can move up or down
}

// TaxListPage is the view of the list of topics, series or authors.
type TaxListPage struct {
	Common
	NewURL, NewLabel string
	Items            []TaxItem
	Empty            string
	NameHeading      string
}

// TaxItem is one row of a list.
type TaxItem struct {
	Name, NameFR, URL, Slugs string
	Uses                     int
}

// field builds a field whose value and error come from the item and the
// validation errors.
func field(p *i18n.Printer, name, labelKey, value string, errs map[string]string) TaxField {
	f := TaxField{ID: "f-" + strings.ReplaceAll(name, "_", "-"), Name: name, Label: p.T(labelKey), Value: value, Type: "text"}
	if k := errs[name]; k != "" {
		f.Error = p.T(k)
	}
	switch {
	case strings.HasSuffix(name, "_en"):
		f.Lang = content.English.Tag()
	case strings.HasSuffix(name, "_fr"):
		f.Lang = content.French.Tag()
	}
	return f
}

// pair is a row of the English and French versions of a field.
func pair(p *i18n.Printer, base, labelKey string, b content.Bilingual, errs map[string]string, rows int) TaxRow {
	en := field(p, base+"_en", labelKey+"_en", b.EN, errs)
	fr := field(p, base+"_fr", labelKey+"_fr", b.FR, errs)
	en.Rows, fr.Rows = rows, rows
	return TaxRow{Fields: []TaxField{en, fr}}
}

// summarise lists the fields in error, in form order.
func summarise(rows []TaxRow) []TaxField {
	var out []TaxField
	for _, r := range rows {
		for _, f := range r.Fields {
			if f.Error != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// bilingual reads name_en and name_fr from a parsed form.
func bilingual(r *http.Request, base string) content.Bilingual {
	return content.Bilingual{EN: r.PostForm.Get(base + "_en"), FR: r.PostForm.Get(base + "_fr")}
}

// pathID reads a positive id from the request's path wildcard.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// parseTaxForm limits and parses a form body (errBadRequest if it cannot).
func (h *Handler) parseTaxForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxTaxonomyForm)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	return nil
}

// saveOutcome sorts a store error from a save into what the form shows:
// field errors (422), a conflict (409), or nothing (nil error).
func saveOutcome(p *i18n.Printer, err error) (fields map[string]string, alert string, status int, ok bool) {
	var ve *content.ValidationError
	switch {
	case err == nil:
		return nil, "", http.StatusOK, true
	case errors.As(err, &ve):
		return ve.Fields, "", http.StatusUnprocessableEntity, true
	case errors.Is(err, content.ErrConflict):
		return nil, p.T("admin.tax_conflict"), http.StatusConflict, true
	}
	return nil, "", 0, false
}

// inUseAlert explains why an item cannot be deleted.
func inUseAlert(p *i18n.Printer, err error) (string, bool) {
	var iu *content.InUseError
	if errors.As(err, &iu) {
		return p.T("admin.tax_in_use", "n", iu.Episodes), true
	}
	return "", false
}

// movesFor lists the public pages of an item that move when its slugs
// change (every page when old is the zero value: they become live).
func movesFor(urls func(content.Lang, string) []string, old, new content.Bilingual) []store.Move {
	var moves []store.Move
	for _, lang := range content.Langs {
		o, n := old.In(lang), new.In(lang)
		if o == n {
			continue
		}
		to := urls(lang, n)
		var from []string
		if o != "" {
			from = urls(lang, o)
		}
		for i, t := range to {
			m := store.Move{To: t}
			if i < len(from) {
				m.From = from[i]
			}
			moves = append(moves, m)
		}
	}
	return moves
}

// validationFields returns the field errors of err, or nil.
func validationFields(err error) map[string]string {
	var ve *content.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}
