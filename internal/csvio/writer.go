package csvio

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// formulaStart holds the characters with which a spreadsheet starts a
// formula or, for tab and carriage return, which it skips before one
// (OWASP, "CSV Injection").
const formulaStart = "=+-@\t\r"

// plainNumber matches a number a spreadsheet reads as a number and never
// as a formula: an optional sign, digits, and decimals after a point;
// commaNumber is the same with a decimal comma, as a spreadsheet that
// separates cells by semicolons (German Excel) reads numbers.
var (
	plainNumber = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
	commaNumber = regexp.MustCompile(`^[+-]?[0-9]+(,[0-9]+)?$`)
)

// Escape makes a cell safe to open in a spreadsheet: a cell that starts
// with a formula character (= + - @ tab, carriage return) gets a single
// quote in front, which spreadsheets show as text. So that Unescape can
// tell the two apart, a cell that already starts with quotes followed by
// such a character gets one quote more: the value '=x is written with two
// quotes before the equals sign.
func Escape(cell string) string {
	if needsQuote(cell) {
		return "'" + cell
	}
	return cell
}

// Unescape undoes Escape: a cell that starts with one or more single quotes
// followed by a formula character loses one quote. Every other cell is
// read as it is.
func Unescape(cell string) string {
	if strings.HasPrefix(cell, "'") && needsQuote(cell) {
		return cell[1:]
	}
	return cell
}

// needsQuote reports whether cell starts with a formula character after
// any number of single quotes.
func needsQuote(cell string) bool {
	rest := strings.TrimLeft(cell, "'")
	return rest != "" && strings.IndexByte(formulaStart, rest[0]) >= 0
}

// Writer writes CSV for spreadsheets: every cell goes through Escape, so
// that no cell a user typed runs as a formula when staff open the file.
// Every CSV pakt writes goes through a Writer; Read undoes the escaping.
type Writer struct {
	// Comma is the separator (a comma unless set); UseCRLF ends lines
	// with CRLF.
	Comma   rune
	UseCRLF bool

	w       *csv.Writer
	numbers map[int]bool
	// bom asks for a byte order mark before the first record, written to
	// out (see Dialect).
	bom bool
	out io.Writer
}

// NewWriter returns a Writer that writes comma-separated UTF-8 to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{Comma: ',', w: csv.NewWriter(w)}
}

// Numbers marks the columns (counted from 0) that hold numbers. A plain
// number there, such as -5 or -0.5, is written as it is, so that a
// spreadsheet computes with it; anything else is escaped as in every
// other column.
func (w *Writer) Numbers(columns ...int) {
	if w.numbers == nil {
		w.numbers = map[int]bool{}
	}
	for _, c := range columns {
		w.numbers[c] = true
	}
}

// Write writes one record, each cell escaped.
func (w *Writer) Write(record []string) error {
	if err := w.writeBOM(); err != nil {
		return err
	}
	w.w.Comma, w.w.UseCRLF = w.Comma, w.UseCRLF
	number := plainNumber
	if w.Comma == ';' {
		number = commaNumber
	}
	out := make([]string, len(record))
	for i, cell := range record {
		if w.numbers[i] && number.MatchString(cell) {
			out[i] = cell
		} else {
			out[i] = Escape(cell)
		}
	}
	return w.w.Write(out)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	if err := w.writeBOM(); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

// writeBOM writes the byte order mark once, before anything else.
func (w *Writer) writeBOM() error {
	if !w.bom {
		return nil
	}
	w.bom = false
	_, err := io.WriteString(w.out, "\uFEFF")
	return err
}
