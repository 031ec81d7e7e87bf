package admin

import (
	"bytes"
	"encoding/csv"
	"net/http"
)

// newCSV starts a CSV download for spreadsheets: UTF-8 with a byte order
// mark (so Excel reads accents right) and CRLF line ends. Cells that staff
// or readers typed go through csvCell.
func newCSV() (*csv.Writer, *bytes.Buffer) {
	b := &bytes.Buffer{}
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(b)
	cw.UseCRLF = true
	return cw, b
}

// sendCSV answers with the CSV written to cw as an attachment named
// prefix-YYYYMMDD-HHMMSS.csv (UTC).
func (h *Handler) sendCSV(w http.ResponseWriter, prefix string, cw *csv.Writer, b *bytes.Buffer) error {
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	name := prefix + "-" + h.cfg.Now().UTC().Format("20060102-150405") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(b.Bytes())
	return nil
}
