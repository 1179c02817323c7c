package portfolio

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"pakt/internal/i18n"
	"pakt/internal/pdf"
)

// SharedCasePDF writes a shared business case as its partner reads it, an
// A4 portrait PDF in lang made at the moment at: the assumptions (the
// partner manager's beside the partner's own when it adjusted them), the
// break-even, the sums over the horizon and the first months. It holds
// figures only, nothing internal.
func SharedCasePDF(v *sharedCaseView, lang string, at time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return pdf.Printable(i18n.T(lang, key, args...)) }
	p := pdf.Document{Title: i18n.T(lang, "sharedcase.pdf.title", v.Org.LegalName), At: at, Margin: 18,
		Page: func(n int) string { return i18n.T(lang, "sharedcase.pdf.page", n) }}.Start()
	p.MultiCell(0, 6, t("sharedcase.pdf.made", v.Case.SharedBy, i18n.Date(lang, v.Case.SharedAt), i18n.Date(lang, at)), "", "L", false)
	p.Ln(3)

	// The assumptions and results, one column per version.
	heads := []string{t("sharedcase.figure"), t("sharedcase.manager_version")}
	widths := []float64{74, 50}
	if v.Copy != nil {
		heads, widths = append(heads, t("sharedcase.your_copy")), append(widths, 50)
	}
	row := func(bold bool, cells ...string) {
		style := ""
		if bold {
			style = "B"
		}
		p.SetFont(pdf.Font, style, 10)
		for i, c := range cells {
			align := "R"
			if i == 0 {
				align = "L"
			}
			border := ""
			if bold {
				border = "B"
			}
			p.CellFormat(widths[i], 7, pdf.Printable(c), border, 0, align, false, 0, "")
		}
		p.Ln(-1)
	}
	row(true, heads...)
	versions := []*figuresView{v.Manager}
	if v.Copy != nil {
		versions = append(versions, v.Copy)
	}
	line := func(label string, value func(f *figuresView) string) {
		cells := []string{label}
		for _, f := range versions {
			cells = append(cells, value(f))
		}
		row(false, cells...)
	}
	for _, a := range Assumptions {
		line(i18n.T(lang, assumptionLabel(a)), func(f *figuresView) string { return f.Value(a) })
	}
	line(i18n.T(lang, "sharedcase.break_even"), func(f *figuresView) string {
		if f.BreaksEven {
			return i18n.T(lang, "sharedcase.month_n", f.Month())
		}
		return i18n.T(lang, "sharedcase.not_within", f.HorizonMonths)
	})
	line(i18n.T(lang, "sharedcase.revenue_total", Horizon), func(f *figuresView) string { return f.Money(f.RevenueMinor) })
	line(i18n.T(lang, "sharedcase.cost_total", Horizon), func(f *figuresView) string { return f.Money(f.CostMinor) })
	line(i18n.T(lang, "sharedcase.result_total", Horizon), func(f *figuresView) string { return f.Money(f.ResultMinor) })
	p.Ln(4)
	pdfCurve(p, v.Shown)
	p.Ln(4)

	// The months of the version the partner works with.
	s := v.Shown
	p.SetFont(pdf.Font, "B", 12)
	key := "sharedcase.pdf.months_manager"
	if v.Copy != nil {
		key = "sharedcase.pdf.months_copy"
	}
	p.MultiCell(0, 7, t(key, len(s.Table)), "", "L", false)
	cols := []struct {
		key   string
		width float64
	}{{"businesscase.month", 22}, {"businesscase.deals", 24}, {"businesscase.revenue", 42}, {"businesscase.costs", 42}, {"businesscase.cumulative", 44}}
	p.SetFont(pdf.Font, "B", 9)
	for i, c := range cols {
		align := "R"
		if i == 0 {
			align = "L"
		}
		p.CellFormat(c.width, 6, t(c.key), "B", 0, align, false, 0, "")
	}
	p.Ln(-1)
	p.SetFont(pdf.Font, "", 9)
	for _, m := range s.Table {
		cells := []string{strconv.Itoa(m.Month), s.Deals(m.DealsTenths), s.Money(m.RevenueMinor), s.Money(m.CostMinor), s.Money(m.CumulativeMinor)}
		for i, c := range cols {
			align := "R"
			if i == 0 {
				align = "L"
			}
			p.CellFormat(c.width, 5.5, pdf.Printable(cells[i]), "", 0, align, false, 0, "")
		}
		p.Ln(-1)
	}
	p.Ln(3)
	p.SetFont(pdf.Font, "", 8)
	p.MultiCell(0, 5, t("sharedcase.pdf.explain", Horizon), "", "L", false)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("shared business case pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfCurveScale is the size in millimetres of a unit of the curve's
// viewBox, so that the page's curve spans the text width.
const pdfCurveScale = 174.0 / curveWidth

// pdfCurve draws the cumulative result of f as the page's curve does: the
// value grid with its labels, the months, month 12, the zero line, the
// curve and the break-even dot.
func pdfCurve(p *fpdf.Fpdf, f *figuresView) {
	c := f.Chart.Curve
	height := float64(c.Height) * pdfCurveScale
	if _, pageH := p.GetPageSize(); p.GetY()+height > pageH-20 {
		p.AddPage()
	}
	left, top := 18.0, p.GetY()
	x := func(v CurveCoord) float64 { return left + float64(v)*pdfCurveScale }
	y := func(v CurveCoord) float64 { return top + float64(v)*pdfCurveScale }
	p.SetFont(pdf.Font, "", 7)
	p.SetTextColor(90, 100, 120)
	p.SetLineWidth(0.2)
	p.SetDrawColor(220, 224, 232)
	for _, t := range c.ValueTicks {
		p.Line(x(c.Left), y(t.Y), x(c.Right), y(t.Y))
		label := pdf.Printable(f.Chart.AxisMoney(t.Minor))
		p.Text(x(c.ValueLabelX)-p.GetStringWidth(label), y(t.Y)+1, label)
	}
	for _, t := range c.MonthTicks {
		label := strconv.Itoa(t.Month)
		p.Text(x(t.X)-p.GetStringWidth(label)/2, y(c.MonthLabelY), label)
	}
	if c.HasTarget {
		p.SetDrawColor(180, 120, 0)
		p.SetDashPattern([]float64{1.5, 1}, 0)
		p.Line(x(c.TargetX), y(c.Top), x(c.TargetX), y(c.Bottom))
		p.SetDashPattern(nil, 0)
	}
	p.SetDrawColor(29, 36, 48)
	p.SetLineWidth(0.35)
	p.Line(x(c.Left), y(c.ZeroY), x(c.Right), y(c.ZeroY))
	p.SetDrawColor(30, 90, 200)
	p.SetLineWidth(0.6)
	var prevX, prevY float64
	for i, pt := range strings.Fields(c.Points) {
		xs, ys, _ := strings.Cut(pt, ",")
		px, errX := strconv.ParseFloat(xs, 64)
		py, errY := strconv.ParseFloat(ys, 64)
		if errX != nil || errY != nil {
			continue
		}
		cx, cy := x(CurveCoord(px)), y(CurveCoord(py))
		if i > 0 {
			p.Line(prevX, prevY, cx, cy)
		}
		prevX, prevY = cx, cy
	}
	if c.HasMarker {
		p.SetFillColor(30, 140, 70)
		p.Circle(x(c.MarkerX), y(c.MarkerY), 1.2, "F")
	}
	p.SetTextColor(29, 36, 48)
	p.SetY(top + height)
	p.SetFont(pdf.Font, "", 8)
	p.MultiCell(0, 4, pdf.Printable(i18n.T(f.lang, "businesscase.chart_caption", f.Currency)), "", "L", false)
}
