// Package dealfile reads and writes files of deal registrations: pakt's own
// format, a Salesforce opportunity report exported as CSV, and a Microsoft
// Partner Center co-sell download. It knows no database: Read turns a file
// into Rows, or into an error that names the row and column of every
// problem, and the caller (the deal import of internal/cosell) registers
// the rows, all or none. docs/deal-import.md describes the formats for
// users; the column tables there and the layouts in formats.go say the
// same.
package dealfile

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"pakt/internal/apperr"
	"pakt/internal/csvio"
	"pakt/internal/i18n"
)

// Format is the kind of a deal file, told from its header row.
type Format string

// The formats Read understands.
const (
	// Pakt is pakt's own format, as Write writes it.
	Pakt Format = "pakt"
	// Salesforce is an opportunity report exported from Salesforce as CSV.
	Salesforce Format = "salesforce"
	// PartnerCenter is the co-sell download of Microsoft Partner Center's
	// referrals.
	PartnerCenter Format = "partnercenter"
)

// The states of a registration a row can be in.
const (
	StateRegistered = "registered"
	StateApproved   = "approved"
	StateRejected   = "rejected"
	StateWon        = "won"
	StateLost       = "lost"
	StateExpired    = "expired"
)

// States lists the states of a registration, as internal/cosell has them.
var States = []string{StateRegistered, StateApproved, StateRejected, StateWon, StateLost, StateExpired}

// Stages lists the sales stages of an open deal, as internal/cosell has
// them; a row's Stage is one of them or "".
var Stages = []string{"qualify", "develop", "propose", "negotiate", "commit"}

// Row is one deal of a file.
type Row struct {
	// Line is the row number in the file as a spreadsheet shows it (the
	// header is row 1), for errors.
	Line int
	// Partner is the registering partner organisation: its name or web
	// domain, as the file gives it (see docs/deal-import.md per format).
	Partner string
	// The customer. Domain is a host name (match.NormalizeDomain), Country
	// an ISO 3166-1 alpha-2 code, Industry one of partner.Industries and
	// Size one of partner.Sizes, each "" when the file does not say.
	Customer, Domain, Country, Postcode, City, Industry, Size string
	// Solution is what is sold, in words; Competencies are names of the
	// programme's competencies.
	Solution     string
	Competencies []string
	// Value is in minor units of Currency (ISO 4217).
	Value    int64
	Currency string
	// ExpectedClose is a day, at midnight UTC.
	ExpectedClose time.Time
	Description   string
	// State is one of States; Stage one of Stages for an open deal, or "".
	State, Stage string
	// Reason is why a deal was rejected or lost.
	Reason string
	// ExternalID is the id the other tool gave the deal, if any.
	ExternalID string
}

// Read reads a deal file in any of the formats, told from its header row:
// UTF-8 or Excel's Windows-1252, separated by commas, semicolons or tabs.
// It reads every row and returns all rows or none: when anything is wrong
// the error is an *apperr.BatchError whose items are the rows at fault,
// each Index the row number in the file (1 for the header) and each Err an
// invalid-input error whose fields are the columns at fault, named as the
// header names them. Problems lists them as text.
func Read(r io.Reader) (Format, []Row, error) {
	file, syntax, err := csvio.Read(r)
	if err != nil {
		return "", nil, err
	}
	var errs errorList
	if syntax != nil {
		for _, e := range syntax {
			errs.add(e.Row, e.Column, "dealfile.syntax", e.Message)
		}
		return "", nil, errs.err()
	}
	l := detect(file.Header)
	if l == nil {
		errs.add(file.HeaderRow, "", "dealfile.format")
		return "", nil, errs.err()
	}
	errs.header = file.Header
	p := &parser{layout: l, names: file.Header, errs: &errs}
	p.mapHeader(file.HeaderRow)
	if errs.any() {
		return l.format, nil, errs.err()
	}
	p.decimalComma = p.guessDecimalComma(file)
	rows := make([]Row, 0, len(file.Records))
	ids := map[string]int{}
	for _, rec := range file.Records {
		if l.footer != nil && l.footer(rec.Cells) {
			break
		}
		row, ok := p.row(rec)
		if !ok {
			continue
		}
		if row.ExternalID != "" {
			if first, dup := ids[row.ExternalID]; dup {
				p.fail(rec.Row, fieldExternalID, "dealfile.duplicate_id", first)
			} else {
				ids[row.ExternalID] = rec.Row
			}
		}
		rows = append(rows, row)
	}
	if errs.any() {
		return l.format, nil, errs.err()
	}
	return l.format, rows, nil
}

// Column returns the header under which the format holds a field of Row
// ("Customer", "Value", …), so that an error found later, when the rows
// are registered, can name its column; "" for a field the format lacks.
func (f Format) Column(field string) string {
	for _, l := range layouts {
		if l.format == f {
			if c, ok := l.columns[field]; ok {
				return c[0]
			}
		}
	}
	return ""
}

// Problems lists the problems of an error of Read as lines of text in
// lang: one csvio.Error for each column of each row at fault, in the order
// of the rows. For any other error it returns nil.
func Problems(err error, lang string) []csvio.Error {
	be, ok := err.(*apperr.BatchError)
	if !ok {
		return nil
	}
	var out []csvio.Error
	for _, item := range be.Items {
		for _, f := range item.Err.Fields {
			out = append(out, csvio.Error{Row: item.Index, Column: f.Field, Message: i18n.T(lang, f.Key, f.Args...)})
		}
	}
	return out
}

// errorList gathers the problems of a file by row.
type errorList struct {
	items []apperr.ItemError
	// header orders the problems of a row by their column.
	header []string
}

// add records a problem of a row and column; column "" is the row as a
// whole.
func (l *errorList) add(row int, column, key string, args ...any) {
	i := slices.IndexFunc(l.items, func(it apperr.ItemError) bool { return it.Index == row })
	if i < 0 {
		l.items = append(l.items, apperr.ItemError{Index: row, Err: &apperr.Error{Code: apperr.Invalid, Key: "error.invalid"}})
		i = len(l.items) - 1
	}
	l.items[i].Err.Fields = append(l.items[i].Err.Fields, apperr.FieldError{Field: column, Key: key, Args: args})
}

func (l *errorList) any() bool { return len(l.items) > 0 }

// err returns the problems as an *apperr.BatchError sorted by row, and
// within a row by column (a column the file lacks last).
func (l *errorList) err() error {
	slices.SortStableFunc(l.items, func(a, b apperr.ItemError) int { return a.Index - b.Index })
	position := func(f apperr.FieldError) int {
		for i := range l.header {
			if csvio.ColumnName(l.header, i) == f.Field {
				return i
			}
		}
		return len(l.header)
	}
	for _, it := range l.items {
		slices.SortStableFunc(it.Err.Fields, func(a, b apperr.FieldError) int { return position(a) - position(b) })
	}
	return &apperr.BatchError{Items: l.items}
}

// normHeader keeps the letters and digits of a header in lower case, so
// that "Close Date", "close_date" and "CLOSE-DATE" are one column.
func normHeader(h string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, h)
}

// String names the format for people.
func (f Format) String() string {
	switch f {
	case Salesforce:
		return "Salesforce opportunity report"
	case PartnerCenter:
		return "Microsoft Partner Center co-sell download"
	case Pakt:
		return "pakt deal file"
	}
	return fmt.Sprintf("format %q", string(f))
}
