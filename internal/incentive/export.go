package incentive

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"pakt/internal/csvio"
	"pakt/internal/i18n"
	"pakt/internal/pdf"
)

// filename names a statement's download: the partner's name in plain
// letters, the quarter and the extension.
func filename(st *Statement, ext string) string {
	var b strings.Builder
	for _, r := range st.OrgName {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "partner"
	}
	return fmt.Sprintf("incentives-%s-%s.%s", name, st.Quarter, ext)
}

// percentNumber writes basis points as a plain percentage number.
func percentNumber(lang string, bp int) string {
	return i18n.PercentNumber(lang, bp)
}

// statementCSV writes the statement's lines and its totals per currency.
func (h *Handler) statementCSV(w http.ResponseWriter, st *Statement, lang string) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	f := format{lang}
	cw := csvio.Download(w, filename(st, "csv"), lang)
	cw.Numbers(5, 7, 8, 9, 10, 11, 12, 13, 15)
	cw.Write([]string{t("incentive.quarter"), t("incentive.partner"), t("incentive.won_on"), t("incentive.customer"), t("incentive.role"),
		t("incentive.split_pct"), t("incentive.currency"), t("incentive.share"), t("incentive.rate_pct"), t("incentive.base"),
		t("incentive.bonus"), t("incentive.deal_cap_cut"), t("incentive.quarter_cap_cut"), t("incentive.amount"), t("incentive.rule"),
		t("incentive.rule_version"), t("incentive.notes")})
	for _, l := range st.Lines {
		cw.Write([]string{st.Quarter, st.OrgName, l.WonOn, l.Customer, t("incentive.role." + l.Role), percentNumber(lang, l.SplitBP),
			l.Currency, i18n.PlainAmount(lang, l.ShareMinor, l.Currency), percentNumber(lang, l.RateBP), i18n.PlainAmount(lang, l.BaseMinor, l.Currency),
			i18n.PlainAmount(lang, l.BonusMinor, l.Currency), i18n.PlainAmount(lang, l.DealCapMinor, l.Currency), i18n.PlainAmount(lang, l.QuarterCapMinor, l.Currency),
			i18n.PlainAmount(lang, l.AmountMinor, l.Currency), l.RuleName, fmt.Sprint(l.RuleVersion), f.Notes(l)})
	}
	for _, tot := range st.Totals {
		row := make([]string, 17)
		row[0], row[1], row[3], row[6], row[13] = st.Quarter, st.OrgName, t("incentive.total"), tot.Currency, i18n.PlainAmount(lang, tot.AmountMinor, tot.Currency)
		cw.Write(row)
	}
	cw.Flush()
}

// StatementPDF writes the statement as an A4 landscape PDF in lang,
// made at the moment at.
func StatementPDF(st *Statement, lang string, at time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	f := format{lang}
	r := pdf.Report{Orientation: "L", Title: t("incentive.statement_title", f.QuarterName(st.Quarter), st.OrgName),
		Made: t("incentive.pdf.made", i18n.Date(lang, at)), At: at, Page: func(n int) string { return t("incentive.pdf.page", n) },
		Empty: t("incentive.no_lines"), Note: t("incentive.pdf.explain")}
	for _, c := range []struct {
		key   string
		width float64
		align string
	}{{"incentive.won_on", 22, "L"}, {"incentive.customer", 58, "L"}, {"incentive.role", 24, "L"}, {"incentive.share", 30, "R"},
		{"incentive.rate", 16, "R"}, {"incentive.base", 26, "R"}, {"incentive.bonus", 26, "R"}, {"incentive.caps", 39, "L"}, {"incentive.amount", 26, "R"}} {
		r.Columns = append(r.Columns, pdf.Column{Title: t(c.key), Width: c.width, Align: c.align})
	}
	for _, l := range st.Lines {
		r.Rows = append(r.Rows, []string{i18n.Date(lang, l.WonDay()), l.Customer, t("incentive.role." + l.Role), f.Money(l.ShareMinor, l.Currency),
			f.Pct(l.RateBP), f.Money(l.BaseMinor, l.Currency), f.Money(l.BonusMinor, l.Currency), f.Notes(l), f.Money(l.AmountMinor, l.Currency)})
	}
	for _, tot := range st.Totals {
		r.Sums = append(r.Sums, pdf.Sum{Label: t("incentive.total_in", tot.Currency), Amount: f.Money(tot.AmountMinor, tot.Currency)})
	}
	b, err := r.Write()
	if err != nil {
		return nil, fmt.Errorf("incentive pdf: %w", err)
	}
	return b, nil
}
