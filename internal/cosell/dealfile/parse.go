package dealfile

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/csvio"
	"pakt/internal/i18n"
	"pakt/internal/match"
	"pakt/internal/partner"
)

// parser reads the records of one file.
type parser struct {
	layout *layout
	// names is the header as written.
	names []string
	// index is the position of each field's column.
	index map[string]int
	errs  *errorList
	// decimalComma says the file writes amounts with a decimal comma
	// where it is ambiguous ("12.500"): a file separated by semicolons,
	// as German Excel writes it.
	decimalComma bool
}

// The amounts that show their decimal sign: a comma or point followed by
// one or two digits at the end, or a group of thousands followed by the
// other sign.
var (
	commaDecimals = regexp.MustCompile(`(,[0-9]{1,2}|\.[0-9]{3},[0-9]*)$`)
	pointDecimals = regexp.MustCompile(`(\.[0-9]{1,2}|,[0-9]{3}\.[0-9]*)$`)
)

// guessDecimalComma tells whether a file writes amounts with a decimal
// comma: as the first amount that shows its decimal sign does (German
// Salesforce writes "12.500,00" into a comma-separated file), or else when
// it is separated by semicolons, as German Excel writes it.
func (p *parser) guessDecimalComma(f *csvio.File) bool {
	if i, ok := p.index[fieldValue]; ok {
		for _, rec := range f.Records {
			if i >= len(rec.Cells) {
				continue
			}
			number, _ := splitCurrency(rec.Cells[i])
			switch {
			case commaDecimals.MatchString(number):
				return true
			case pointDecimals.MatchString(number):
				return false
			}
		}
	}
	return f.Comma == ';'
}

// mapHeader finds the column of each field, and refuses unknown, doubled
// and missing columns where the layout demands them.
func (p *parser) mapHeader(row int) {
	p.index = map[string]int{}
	byHeader := map[string]string{}
	for field, headers := range p.layout.columns {
		for _, h := range headers {
			byHeader[normHeader(h)] = field
		}
	}
	seen := map[string]int{}
	for i, h := range p.names {
		n := normHeader(h)
		if n == "" {
			continue
		}
		field, ok := byHeader[n]
		if !ok {
			if p.layout.strict {
				p.errs.add(row, strings.TrimSpace(h), "validation.unknown_column")
			}
			continue
		}
		if _, dup := seen[n]; dup {
			p.errs.add(row, strings.TrimSpace(h), "validation.duplicate_column")
			continue
		}
		seen[n] = i
		// Of several headers of a field, the one listed first wins.
		if j, ok := p.index[field]; !ok || p.rank(field, p.names[j]) > p.rank(field, h) {
			p.index[field] = i
		}
	}
	for _, field := range p.layout.required {
		if _, ok := p.index[field]; !ok {
			p.errs.add(row, p.layout.columns[field][0], "dealfile.missing_column")
		}
	}
}

// rank is the position of header among the headers of field.
func (p *parser) rank(field, header string) int {
	return slices.IndexFunc(p.layout.columns[field], func(h string) bool { return normHeader(h) == normHeader(header) })
}

// column names the column of field as the file writes it, or as the
// format names it when the file lacks it.
func (p *parser) column(field string) string {
	if i, ok := p.index[field]; ok {
		return csvio.ColumnName(p.names, i)
	}
	return p.layout.columns[field][0]
}

// fail records a problem of a field in a row.
func (p *parser) fail(row int, field, key string, args ...any) {
	p.errs.add(row, p.column(field), key, args...)
}

// row reads one record; false when it has problems (recorded).
func (p *parser) row(rec csvio.Record) (Row, bool) {
	before := len(p.errs.items)
	if len(rec.Cells) != len(p.names) {
		// Cells are missing or a value holds an unquoted separator:
		// what the columns hold cannot be told.
		at := min(len(rec.Cells), len(p.names))
		p.errs.add(rec.Row, csvio.ColumnName(p.names, at), "dealfile.cells", len(rec.Cells), len(p.names))
		return Row{}, false
	}
	cell := func(field string) string {
		if i, ok := p.index[field]; ok {
			return rec.Cells[i]
		}
		return ""
	}
	text := func(field string, kind apperr.TextKind, required bool) string {
		s, bad := apperr.CleanText(kind, cell(field))
		switch {
		case bad != "":
			p.fail(rec.Row, field, bad)
		case required && s == "":
			p.fail(rec.Row, field, "validation.required")
		}
		return s
	}
	r := Row{
		Line:        rec.Row,
		Partner:     text(fieldPartner, apperr.Name, true),
		Customer:    text(fieldCustomer, apperr.Name, true),
		Postcode:    text(fieldPostcode, apperr.Line, false),
		City:        text(fieldCity, apperr.Line, false),
		Solution:    text(fieldSolution, apperr.Line, false),
		Description: text(fieldDescription, apperr.Paragraphs, false),
		Reason:      text(fieldReason, apperr.Line, false),
		ExternalID:  text(fieldExternalID, apperr.Line, false),
	}
	if d := text(fieldDomain, apperr.Line, false); d != "" {
		// An e-mail address at a free mail provider names no domain
		// and is no mistake; anything else that is no host is.
		if r.Domain = match.NormalizeDomain(d); r.Domain == "" && !strings.Contains(d, "@") {
			p.fail(rec.Row, fieldDomain, "validation.domain")
		}
	}
	if c := text(fieldCountry, apperr.Line, false); c != "" {
		if r.Country = match.CountryCode(c); r.Country == "" {
			p.fail(rec.Row, fieldCountry, "dealfile.country")
		}
	}
	r.Industry = p.industry(rec.Row, text(fieldIndustry, apperr.Line, false))
	r.Size = p.size(rec.Row, text(fieldSize, apperr.Line, false))
	for c := range strings.SplitSeq(text(fieldCompetencies, apperr.Line, false), "|") {
		if c = strings.TrimSpace(c); c != "" {
			r.Competencies = append(r.Competencies, c)
		}
	}
	r.Value, r.Currency = p.money(rec.Row, text(fieldValue, apperr.Line, false), text(fieldCurrency, apperr.Line, false))
	if d := text(fieldExpectedClose, apperr.Line, true); d != "" {
		day, ok := parseDay(d)
		if !ok {
			p.fail(rec.Row, fieldExpectedClose, "dealfile.date")
		}
		r.ExpectedClose = day
	}
	state := text(fieldState, apperr.Line, p.layout.format != Pakt)
	stage := text(fieldStage, apperr.Line, false)
	if state != "" || p.layout.format == Pakt {
		var ok bool
		if r.State, r.Stage, ok = p.layout.state(state, stage, r.Reason); !ok {
			field := fieldState
			if p.layout.format == Pakt && slices.Contains(States, r.State) {
				field, state = fieldStage, stage
			}
			allowed := p.layout.states
			if field == fieldStage {
				allowed = strings.Join(Stages, ", ")
			}
			p.fail(rec.Row, field, "dealfile.state", state, allowed)
		}
	}
	return r, len(p.errs.items) == before && !p.hasRow(rec.Row)
}

// hasRow reports whether a row has a problem already.
func (p *parser) hasRow(row int) bool {
	return slices.ContainsFunc(p.errs.items, func(it apperr.ItemError) bool { return it.Index == row })
}

// industry maps an industry to one of partner.Industries: its code, its
// name in German or English, or for a tool's export its own name for it.
// An unknown industry is an error in pakt's format and left out otherwise.
func (p *parser) industry(row int, s string) string {
	if s == "" {
		return ""
	}
	n := normHeader(s)
	if code, ok := industryCodes[n]; ok {
		return code
	}
	if p.layout.industries != nil {
		return p.layout.industries[n]
	}
	if p.layout.format == Pakt {
		p.fail(row, fieldIndustry, "dealfile.industry", strings.Join(partner.Industries, ", "))
	}
	return ""
}

// industryCodes maps each industry's code and its names in German and
// English, as normHeader writes them, to the code.
var industryCodes = func() map[string]string {
	m := map[string]string{}
	for _, code := range partner.Industries {
		m[normHeader(code)] = code
		for _, lang := range []string{"de", "en"} {
			m[normHeader(i18n.T(lang, "industry."+code))] = code
		}
	}
	return m
}()

// sizeBands are the least number of employees of each of partner.Sizes.
var sizeBands = []struct {
	from int64
	size string
}{{1000, "enterprise"}, {250, "large"}, {50, "medium"}, {10, "small"}, {0, "micro"}}

// size reads a size: one of partner.Sizes, or a number of employees
// ("1.200", "1,200" or "1200"), which falls into its band.
func (p *parser) size(row int, s string) string {
	if s == "" {
		return ""
	}
	if l := strings.ToLower(s); slices.Contains(partner.Sizes, l) {
		return l
	}
	n, frac, ok := parseDecimal(s, p.decimalComma)
	if ok && frac == "" {
		for _, b := range sizeBands {
			if n >= b.from {
				return b.size
			}
		}
	}
	p.fail(row, fieldSize, "dealfile.size", strings.Join(partner.Sizes, ", "))
	return ""
}

// money reads an amount and its currency, from the currency column or
// written with the amount ("EUR 12.500,00", "12.500,00 €"); both must
// agree. An empty amount is 0 and needs no currency.
func (p *parser) money(row int, amount, cur string) (int64, string) {
	code := ""
	if cur != "" {
		if code = currencyCode(cur); code == "" {
			p.fail(row, fieldCurrency, "validation.currency")
			return 0, ""
		}
	}
	if amount == "" {
		return 0, code
	}
	number, written := splitCurrency(amount)
	if written != "" {
		if c := currencyCode(written); c == "" {
			p.fail(row, fieldValue, "validation.currency")
			return 0, code
		} else if code != "" && c != code {
			p.fail(row, fieldValue, "dealfile.currency_conflict", c, code)
			return 0, code
		} else {
			code = c
		}
	}
	if code == "" {
		p.fail(row, fieldValue, "dealfile.currency_missing", p.layout.columns[fieldCurrency][0])
		return 0, ""
	}
	if strings.HasPrefix(number, "-") || strings.HasPrefix(number, "−") {
		p.fail(row, fieldValue, "dealfile.negative")
		return 0, code
	}
	whole, frac, ok := parseDecimal(number, p.decimalComma)
	if !ok {
		p.fail(row, fieldValue, "dealfile.amount")
		return 0, code
	}
	scale := currencyScale(code)
	if len(frac) > scale {
		p.fail(row, fieldValue, "dealfile.decimals", code, scale)
		return 0, code
	}
	minor, ok := toMinor(whole, frac, scale)
	if !ok {
		p.fail(row, fieldValue, "dealfile.too_large")
		return 0, code
	}
	return minor, code
}

// parseDay reads a day as the tools write it: 2026-12-31, 31.12.2026 (or
// 31.12.26), 12/31/2026, and timestamps whose date comes first
// (2026-12-31T09:00:00Z, 12/31/2026 9:00 AM). A date with slashes is read
// month first, as the tools write them in US English, unless its first
// number cannot be a month (31/12/2026).
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	s, _, _ = strings.Cut(s, " ")
	var d, m, y int
	var parts []string
	switch {
	case strings.Count(s, "-") == 2:
		parts = strings.Split(s, "-")
		y, m, d = atoi(parts[0], 4), atoi(parts[1], 2), atoi(parts[2], 2)
	case strings.Count(s, ".") == 2:
		parts = strings.Split(s, ".")
		d, m, y = atoi(parts[0], 2), atoi(parts[1], 2), year(parts[2])
	case strings.Count(s, "/") == 2:
		parts = strings.Split(s, "/")
		m, d, y = atoi(parts[0], 2), atoi(parts[1], 2), year(parts[2])
		if m > 12 {
			m, d = d, m
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

// atoi reads 1 to max digits, or gives -1.
func atoi(s string, max int) int {
	if s == "" || len(s) > max {
		return -1
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// year reads a year of four digits, or of two in this century.
func year(s string) int {
	if len(s) == 2 {
		if n := atoi(s, 2); n >= 0 {
			return 2000 + n
		}
	}
	return atoi(s, 4)
}
