package fees

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"

	"pakt/internal/csvio"
	"pakt/internal/i18n"
	"pakt/internal/pdf"
)

// filename names a statement's download: "fees-", the recruiter's name in
// ASCII letters and digits joined by hyphens, the month and the extension.
func filename(st *Statement, ext string) string {
	words := strings.FieldsFunc(st.RecruiterName, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	name := strings.Join(words, "-")
	if name == "" {
		name = "recruiter"
	}
	return "fees-" + name + "-" + st.Month + "." + ext
}

// statementCSV writes the statement's lines and its totals per currency.
func statementCSV(w http.ResponseWriter, st *Statement, lang string) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	f := format{lang}
	cw := csvio.Download(w, filename(st, "csv"), lang)
	cw.Numbers(6, 7)
	cw.Write([]string{t("fees.month"), t("fees.recruiter_col"), t("fees.date"), t("fees.prospect"), t("fees.event"), t("fees.currency"),
		t("fees.amount"), t("fees.rule_version")})
	for _, l := range st.Lines {
		cw.Write([]string{st.Month, st.RecruiterName, l.On, l.Prospect, f.Event(l), l.Currency, i18n.PlainAmount(lang, l.AmountMinor, l.Currency),
			fmt.Sprint(l.RuleVersion)})
	}
	for _, tot := range st.Totals {
		cw.Write([]string{st.Month, st.RecruiterName, "", t("fees.total"), "", tot.Currency, i18n.PlainAmount(lang, tot.AmountMinor, tot.Currency), ""})
	}
	cw.Flush()
}

// StatementPDF writes the statement as an A4 portrait PDF in lang, made
// at the moment at.
func StatementPDF(st *Statement, lang string, at time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return pdf.Printable(i18n.T(lang, key, args...)) }
	f := format{lang}
	p := pdf.Report("P", i18n.T(lang, "fees.statement_title", f.MonthName(st.Month), st.RecruiterName),
		i18n.T(lang, "fees.pdf.made", i18n.Date(lang, at)), at, func(n int) string { return i18n.T(lang, "fees.pdf.page", n) })
	widths := []float64{25, 62, 63, 30}
	aligns := []string{"L", "L", "L", "R"}
	p.SetFont(pdf.Font, "B", 9)
	for i, key := range []string{"fees.date", "fees.prospect", "fees.event", "fees.amount"} {
		p.CellFormat(widths[i], 7, t(key), "B", 0, aligns[i], false, 0, "")
	}
	p.Ln(-1)
	p.SetFont(pdf.Font, "", 9)
	for _, l := range st.Lines {
		row := []string{i18n.Date(lang, l.Day()), l.Prospect, f.Event(l), f.Money(l.AmountMinor, l.Currency)}
		for i, cell := range row {
			p.CellFormat(widths[i], 6, pdf.Fit(p, cell, widths[i]), "", 0, aligns[i], false, 0, "")
		}
		p.Ln(-1)
	}
	if len(st.Lines) == 0 {
		p.MultiCell(0, 7, t("fees.no_lines"), "", "L", false)
	}
	p.SetFont(pdf.Font, "B", 10)
	for _, tot := range st.Totals {
		p.CellFormat(150, 8, t("fees.total_in", tot.Currency), "T", 0, "R", false, 0, "")
		p.CellFormat(30, 8, pdf.Printable(f.Money(tot.AmountMinor, tot.Currency)), "T", 1, "R", false, 0, "")
	}
	p.Ln(3)
	p.SetFont(pdf.Font, "", 8)
	p.MultiCell(0, 5, t("fees.explain"), "", "L", false)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("fees pdf: %w", err)
	}
	return buf.Bytes(), nil
}
