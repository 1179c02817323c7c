package dealfile

import (
	"io"
	"strconv"
	"strings"
	"time"

	"pakt/internal/csvio"
)

// Write writes rows in pakt's own format, in dialect d, which Read reads
// back as the same rows: amounts in major units with the decimal sign of
// the dialect (12500.00, or 12500,00 for German Excel), days as
// 2026-12-31, competencies separated by "|". Every cell goes through the
// csvio writer, so that no text runs as a formula in a spreadsheet.
func Write(w io.Writer, d csvio.Dialect, rows []Row) error {
	cw := d.NewWriter(w)
	header := make([]string, len(paktColumns))
	value := 0
	for i, c := range paktColumns {
		header[i] = c.header
		if c.field == fieldValue {
			value = i
		}
	}
	cw.Numbers(value)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		cells := map[string]string{
			fieldPartner: r.Partner, fieldCustomer: r.Customer, fieldDomain: r.Domain, fieldCountry: r.Country,
			fieldPostcode: r.Postcode, fieldCity: r.City, fieldIndustry: r.Industry, fieldSize: r.Size,
			fieldSolution: r.Solution, fieldCompetencies: strings.Join(r.Competencies, "|"),
			fieldValue: formatMinor(r.Value, r.Currency, d.Comma == ';'), fieldCurrency: r.Currency,
			fieldExpectedClose: formatDay(r.ExpectedClose), fieldDescription: r.Description, fieldState: r.State,
			fieldStage: r.Stage, fieldReason: r.Reason, fieldExternalID: r.ExternalID,
		}
		rec := make([]string, len(paktColumns))
		for i, c := range paktColumns {
			rec[i] = cells[c.field]
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// formatMinor writes minor units of a currency in major units, without
// thousands separators; "" for a deal without a value and currency.
func formatMinor(v int64, cur string, decimalComma bool) string {
	if v == 0 && cur == "" {
		return ""
	}
	scale := currencyScale(cur)
	s := strconv.FormatInt(v, 10)
	if scale == 0 {
		return s
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	sep := "."
	if decimalComma {
		sep = ","
	}
	return s[:len(s)-scale] + sep + s[len(s)-scale:]
}

// formatDay writes a day as 2026-12-31, or "" for none.
func formatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
