package fees

import (
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
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	f := format{lang}
	r := pdf.Report{Orientation: "P", Title: t("fees.statement_title", f.MonthName(st.Month), st.RecruiterName),
		Made: t("fees.pdf.made", i18n.Date(lang, at)), At: at, Page: func(n int) string { return t("fees.pdf.page", n) },
		Columns: []pdf.Column{{Title: t("fees.date"), Width: 25, Align: "L"}, {Title: t("fees.prospect"), Width: 62, Align: "L"},
			{Title: t("fees.event"), Width: 63, Align: "L"}, {Title: t("fees.amount"), Width: 30, Align: "R"}},
		Empty: t("fees.no_lines"), Note: t("fees.explain")}
	for _, l := range st.Lines {
		r.Rows = append(r.Rows, []string{i18n.Date(lang, l.Day()), l.Prospect, f.Event(l), f.Money(l.AmountMinor, l.Currency)})
	}
	for _, tot := range st.Totals {
		r.Sums = append(r.Sums, pdf.Sum{Label: t("fees.total_in", tot.Currency), Amount: f.Money(tot.AmountMinor, tot.Currency)})
	}
	b, err := r.Write()
	if err != nil {
		return nil, fmt.Errorf("fees pdf: %w", err)
	}
	return b, nil
}
