package pdf

import (
	"time"

	"github.com/go-pdf/fpdf"
)

// Report starts a statement-like document on A4 (orientation "P" or
// "L"): its title, pakt as creator and at as its date in the metadata;
// 15 mm margins; each page's footer "page · title" (page is the page's
// label for a number, in the reader's language); and on the first page
// the title as a heading with the line made beneath it. The strings are
// made printable here.
func Report(orientation, title, made string, at time.Time, page func(n int) string) *fpdf.Fpdf {
	title = Printable(title)
	p := New()
	p.SetTitle(title, true)
	p.SetCreator("pakt", true)
	p.SetCreationDate(at)
	p.SetModificationDate(at)
	p.SetMargins(15, 15, 15)
	p.SetAutoPageBreak(true, 18)
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(Font, "", 8)
		p.SetTextColor(90, 100, 120)
		p.CellFormat(0, 6, Printable(page(p.PageNo()))+" · "+title, "", 0, "C", false, 0, "")
	})
	p.AddPageFormat(orientation, p.GetPageSizeStr("A4"))
	p.SetTextColor(29, 36, 48)
	p.SetFont(Font, "B", 16)
	p.MultiCell(0, 8, title, "", "L", false)
	p.SetFont(Font, "", 10)
	p.MultiCell(0, 6, Printable(made), "", "L", false)
	p.Ln(3)
	return p
}

// Fit returns s made printable and cut with an ellipsis so that it fits
// into a cell width wide in p's current font.
func Fit(p *fpdf.Fpdf, s string, width float64) string {
	s = Printable(s)
	for p.GetStringWidth(s) > width-2 && len([]rune(s)) > 1 {
		r := []rune(s)
		s = string(r[:len(r)-2]) + "…"
	}
	return s
}
