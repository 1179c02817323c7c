package pdf

import (
	"bytes"
	"time"

	"github.com/go-pdf/fpdf"
)

// Column is a column of a report's table: its heading, its width in
// millimetres and its alignment ("L" or "R").
type Column struct {
	Title string
	Width float64
	Align string
}

// Sum is a line under a report's table: a label over all columns but the
// last, and the amount in the last.
type Sum struct{ Label, Amount string }

// Report is a statement as a PDF on A4: a title with a line beneath (when
// it was made), a table of one row per line, the sums under it and a note
// in small print. Every page's footer says "page · title".
type Report struct {
	// Orientation is "P" (portrait) or "L" (landscape).
	Orientation string
	Title, Made string
	// At is the moment the document is made, its date in the metadata.
	At time.Time
	// Page labels a page by its number, in the reader's language.
	Page    func(n int) string
	Columns []Column
	Rows    [][]string
	// Empty is said instead of the table's rows when there are none.
	Empty string
	Sums  []Sum
	Note  string
}

// Write returns the report as a PDF. Every text is made printable, and
// every cell cut with an ellipsis to its column's width.
func (r Report) Write() ([]byte, error) {
	p := Document{Orientation: r.Orientation, Title: r.Title, At: r.At, Page: r.Page, Margin: 15}.Start()
	p.MultiCell(0, 6, Printable(r.Made), "", "L", false)
	p.Ln(3)
	p.SetFont(Font, "B", 9)
	for _, c := range r.Columns {
		p.CellFormat(c.Width, 7, fit(p, c.Title, c.Width), "B", 0, c.Align, false, 0, "")
	}
	p.Ln(-1)
	p.SetFont(Font, "", 9)
	for _, row := range r.Rows {
		for i, c := range r.Columns {
			p.CellFormat(c.Width, 6, fit(p, row[i], c.Width), "", 0, c.Align, false, 0, "")
		}
		p.Ln(-1)
	}
	if len(r.Rows) == 0 {
		p.MultiCell(0, 7, Printable(r.Empty), "", "L", false)
	}
	p.SetFont(Font, "B", 10)
	var before float64
	for _, c := range r.Columns[:len(r.Columns)-1] {
		before += c.Width
	}
	last := r.Columns[len(r.Columns)-1].Width
	for _, s := range r.Sums {
		p.CellFormat(before, 8, Printable(s.Label), "T", 0, "R", false, 0, "")
		p.CellFormat(last, 8, Printable(s.Amount), "T", 1, "R", false, 0, "")
	}
	p.Ln(3)
	p.SetFont(Font, "", 8)
	p.MultiCell(0, 5, Printable(r.Note), "", "L", false)
	var buf bytes.Buffer
	err := p.Output(&buf)
	return buf.Bytes(), err
}

// fit returns s made printable and cut with an ellipsis so that it fits
// into a cell width wide in p's current font.
func fit(p *fpdf.Fpdf, s string, width float64) string {
	s = Printable(s)
	for p.GetStringWidth(s) > width-2 && len([]rune(s)) > 1 {
		r := []rune(s)
		s = string(r[:len(r)-2]) + "…"
	}
	return s
}
