package admin

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/busrides/busrides/internal/content"
)

// Limits of a redirect CSV import.
const (
	maxRedirectCSVBytes = 1 << 20
	maxRedirectCSVRows  = 5000
)

// CSV import error keys (i18n catalogue keys).
const (
	csvErrEmpty    = "admin.redirect_csv_empty"
	csvErrSyntax   = "admin.redirect_csv_syntax"
	csvErrColumns  = "admin.redirect_csv_columns"
	csvErrTooMany  = "admin.redirect_csv_too_many"
	csvErrTooLarge = "admin.redirect_csv_too_large"
	csvErrEncoding = "admin.redirect_csv_encoding"
)

// csvRedirect is one data line of an import: old path, new URL.
type csvRedirect struct {
	Line         int
	Path, Target string
}

// csvLineError is what is wrong with one line (Line 0: the whole file).
type csvLineError struct {
	Line int
	Key  string
}

// parseRedirectCSV reads "old,new" lines: UTF-8 (a byte-order mark is
// skipped), comma-separated, quotes as RFC 4180, blank lines ignored, an
// optional header line (old,new or path,target). Every line must have two
// columns. Rows are returned only when no line is wrong.
func parseRedirectCSV(data []byte) ([]csvRedirect, []csvLineError) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(data) > maxRedirectCSVBytes {
		return nil, []csvLineError{{0, csvErrTooLarge}}
	}
	if !utf8.Valid(data) {
		return nil, []csvLineError{{0, csvErrEncoding}}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var rows []csvRedirect
	var errs []csvLineError
	first := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			// The reader cannot resynchronise after a quoting error: stop.
			errs = append(errs, csvLineError{line, csvErrSyntax})
			break
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) == 2 && isHeader(rec[0], rec[1]) {
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 2 {
			errs = append(errs, csvLineError{line, csvErrColumns})
			continue
		}
		if len(rows)+len(errs) >= maxRedirectCSVRows {
			errs = append(errs, csvLineError{line, csvErrTooMany})
			break
		}
		rows = append(rows, csvRedirect{Line: line, Path: strings.TrimSpace(rec[0]), Target: strings.TrimSpace(rec[1])})
	}
	if len(errs) == 0 && len(rows) == 0 {
		errs = append(errs, csvLineError{0, csvErrEmpty})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rows, nil
}

func isHeader(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSpace(a)), strings.ToLower(strings.TrimSpace(b))
	return (a == "old" && b == "new") || (a == "path" && b == "target") || (a == "from" && b == "to")
}

// RedirectImportPage is the view of the CSV import form.
type RedirectImportPage struct {
	Common
	CSV    string // pasted text, kept on error
	Errors []string
}

// showRedirectImport answers GET /admin/redirects/import.
func (h *Handler) showRedirectImport(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	return h.page(w, actor.Lang, "admin-redirect-import", http.StatusOK, RedirectImportPage{Common: h.common(actor.Lang, actor, p.T("admin.redirect_import"))})
}

// importRedirects answers POST /admin/redirects/import: a CSV file (file)
// or pasted text (csv) of old,new lines, stored all or nothing. Errors
// name their line, in the staff member's language.
func (h *Handler) importRedirects(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	p := h.printer(actor.Lang)
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxRedirectCSVBytes+64<<10)
	view := RedirectImportPage{Common: h.common(actor.Lang, actor, p.T("admin.redirect_import"))}
	var data []byte
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(maxRedirectCSVBytes + 64<<10); err != nil {
			view.Errors = []string{p.T(csvErrTooLarge)}
			return h.page(w, actor.Lang, "admin-redirect-import", http.StatusRequestEntityTooLarge, view)
		}
		if f, _, err := r.FormFile("file"); err == nil {
			b, err := io.ReadAll(io.LimitReader(f, maxRedirectCSVBytes+1))
			_ = f.Close()
			if err != nil {
				return errBadRequest
			}
			data = b
		}
	} else if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	if len(data) == 0 {
		view.CSV = r.PostFormValue("csv")
		data = []byte(view.CSV)
	}
	rows, errs := parseRedirectCSV(data)
	if len(errs) == 0 {
		batch := make([]content.PathRedirect, len(rows))
		for i, row := range rows {
			batch[i] = content.PathRedirect{Path: row.Path, Target: row.Target}
		}
		n, err := h.st.ImportPathRedirects(r.Context(), batch, h.cfg.Now())
		var re content.RowErrors
		switch {
		case errors.As(err, &re):
			for _, e := range re {
				errs = append(errs, csvLineError{rows[e.Row].Line, e.Key})
			}
		case err != nil:
			return err
		default:
			h.audit(r.Context(), r, actor, "redirect.imported", "redirects", strconv.Itoa(n)+" rows")
			http.Redirect(w, r, "/admin/redirects?done=imported&n="+strconv.Itoa(n), http.StatusSeeOther)
			return nil
		}
	}
	for _, e := range errs {
		if e.Line > 0 {
			view.Errors = append(view.Errors, p.T("admin.redirect_csv_line", "line", e.Line, "msg", p.T(e.Key)))
		} else {
			view.Errors = append(view.Errors, p.T(e.Key))
		}
	}
	return h.page(w, actor.Lang, "admin-redirect-import", http.StatusUnprocessableEntity, view)
}

// exportRedirects answers GET /admin/redirects.csv: every redirect (those
// matching q when given) as old,new lines that import takes back.
func (h *Handler) exportRedirects(w http.ResponseWriter, r *http.Request, actor *content.User) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 300 {
		q = q[:300]
	}
	rows, _, err := h.st.PathRedirects(r.Context(), q, 0, 0)
	if err != nil {
		return err
	}
	cw, b := newCSV()
	_ = cw.Write([]string{"old", "new"})
	for _, rd := range rows {
		_ = cw.Write([]string{csvCell(rd.Path), csvCell(rd.Target)})
	}
	return h.sendCSV(w, "redirects", cw, b)
}
