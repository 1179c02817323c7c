package pdf

import (
	"time"

	"github.com/go-pdf/fpdf"
)

// Document is the frame every document pakt writes shares: A4 in
// millimetres, its title in the metadata and at the top of the first
// page, and a footer "page · title" on every page.
type Document struct {
	// Orientation is "P" (portrait, also when empty) or "L" (landscape).
	Orientation string
	Title       string
	// At is the moment the document is made, its date in the metadata.
	At time.Time
	// Page labels a page by its number, in the reader's language.
	Page func(n int) string
	// Margin is the left, top and right margin in millimetres.
	Margin float64
}

// Start returns the document with its first page added and its title
// printed on it in bold; it leaves the regular font at 10 pt in the
// text colour for what follows.
func (d Document) Start() *fpdf.Fpdf {
	title := Printable(d.Title)
	p := New()
	p.SetTitle(title, true)
	p.SetCreator("pakt", true)
	p.SetCreationDate(d.At)
	p.SetModificationDate(d.At)
	p.SetMargins(d.Margin, d.Margin, d.Margin)
	p.SetAutoPageBreak(true, 18)
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(Font, "", 8)
		p.SetTextColor(90, 100, 120)
		p.CellFormat(0, 6, Printable(d.Page(p.PageNo()))+" · "+title, "", 0, "C", false, 0, "")
	})
	orientation := d.Orientation
	if orientation == "" {
		orientation = "P"
	}
	p.AddPageFormat(orientation, p.GetPageSizeStr("A4"))
	p.SetTextColor(29, 36, 48)
	p.SetFont(Font, "B", 16)
	p.MultiCell(0, 8, title, "", "L", false)
	p.SetFont(Font, "", 10)
	return p
}
