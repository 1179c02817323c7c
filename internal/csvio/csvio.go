// Package csvio reads the CSV files people export from spreadsheets: UTF-8
// with or without a byte order mark, or Excel's Windows-1252; separated by
// commas, semicolons or tabs; and it numbers records as the spreadsheet
// shows its rows, so that an error can name the row and column a user sees.
// It also writes CSV that spreadsheets open without running a formula a
// user typed into a cell (Writer), and reads that escaping back.
package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Error is a problem at a row and column of a file.
type Error struct {
	Row     int
	Column  string
	Message string
}

// Record is one row of a file, with the row number a spreadsheet shows.
type Record struct {
	Row   int
	Cells []string
}

// File is a read CSV file.
type File struct {
	Header  []string
	Records []Record
	// HeaderRow is the spreadsheet row of the header.
	HeaderRow int
	Comma     rune
	// Excel says the file came from Excel (a BOM or Windows-1252), so that
	// a file written back can be read by Excel too; CRLF says it used
	// Windows line ends.
	Excel, CRLF bool
}

// Read reads a whole file. Rows that are entirely empty are left out. A file
// whose structure is broken (an unclosed quote) gives its errors and no
// records: the rows after such an error cannot be trusted. Every cell is
// read through Unescape, so that a file a Writer wrote reads back as the
// values it was given.
func Read(r io.Reader) (*File, []Error, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	text, excel, err := decodeCSV(raw)
	if err != nil {
		return nil, nil, err
	}
	comma, text := detectComma(text)
	f := &File{Comma: comma, Excel: excel, CRLF: strings.Contains(firstLine(text), "\r")}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	rc := rowCounter{text: text}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, []Error{{Row: 1, Message: "The file is empty: the first row must name the columns."}}, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, []Error{syntaxError(rc.next(pe.StartLine, cr.InputOffset()), pe, header, nil)}, nil
	} else if err != nil {
		return nil, nil, err
	}
	line, _ := cr.FieldPos(0)
	f.Header, f.HeaderRow = unescapeAll(header), rc.next(line, cr.InputOffset())
	var errs []Error
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.As(err, &pe) {
			errs = append(errs, syntaxError(rc.next(pe.StartLine, cr.InputOffset()), pe, rec, header))
			continue
		} else if err != nil {
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		row := rc.next(line, cr.InputOffset())
		if Blank(rec) {
			continue // an empty spreadsheet row is no record
		}
		f.Records = append(f.Records, Record{Row: row, Cells: unescapeAll(rec)})
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	return f, nil, nil
}

// unescapeAll applies Unescape to every cell of rec, in place.
func unescapeAll(rec []string) []string {
	for i, c := range rec {
		rec[i] = Unescape(c)
	}
	return rec
}

// decodeCSV returns the file as UTF-8 text without a byte order mark, and
// whether it came from Excel (a BOM or Windows-1252), so that a rejects file
// can be written for Excel too.
func decodeCSV(b []byte) (string, bool, error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return "", false, errors.New(`the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" or "CSV (semicolon separated)"`)
	}
	if rest, ok := bytes.CutPrefix(b, []byte("\xEF\xBB\xBF")); ok {
		return string(rest), true, nil
	}
	if utf8.Valid(b) {
		return string(b), false, nil
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(s), true, err
}

// detectComma finds the separator from the header line: a tab, a
// semicolon or a comma, whichever occurs most outside quotes. Excel's
// "sep=;" line is honoured and removed.
func detectComma(text string) (rune, string) {
	first := strings.TrimRight(firstLine(text), "\r\n")
	if sep, ok := strings.CutPrefix(first, "sep="); ok && utf8.RuneCountInString(sep) == 1 {
		r, _ := utf8.DecodeRuneInString(sep)
		return r, text[len(firstLine(text)):]
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range first {
		if r == '"' {
			quoted = !quoted
		} else if !quoted {
			counts[r]++
		}
	}
	switch {
	case counts['\t'] > counts[';'] && counts['\t'] > counts[',']:
		return '\t', text
	case counts[';'] > counts[',']:
		return ';', text
	}
	return ',', text
}

// firstLine returns text up to and including its first line break.
func firstLine(text string) string {
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		return text[:i+1]
	}
	return text
}

// rowCounter turns the line a record starts on into the row a spreadsheet
// shows: a cell with line breaks takes one row, not several, while an empty
// line is an empty row.
type rowCounter struct {
	text  string
	off   int64
	lines int
	row   int
}

// next returns the row of the record that starts on line start and ends
// before offset end.
func (c *rowCounter) next(start int, end int64) int {
	c.row += 1 + max(start-1-c.lines, 0)
	c.lines += strings.Count(c.text[c.off:end], "\n")
	c.off = end
	return c.row
}

// syntaxError describes a broken quote. The reader returns the cells it read
// before the error, so their count is the index of the broken one.
func syntaxError(row int, pe *csv.ParseError, rec, names []string) Error {
	e := Error{Row: row, Column: ColumnName(names, len(rec))}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		e.Message = `A quote (") inside a cell that does not start with one: put the whole cell in quotes and double the quote ("").`
	case errors.Is(pe.Err, csv.ErrQuote):
		e.Message = `A quoted cell is not closed, or its closing quote is not followed by a separator.`
	default:
		e.Message = pe.Err.Error()
	}
	e.Message += fmt.Sprintf(" (line %d of the file)", pe.Line)
	return e
}

// columnName names the column at index i as the header does, or by its
// spreadsheet letter when it has no header.
func ColumnName(names []string, i int) string {
	if i < len(names) && strings.TrimSpace(names[i]) != "" {
		return strings.TrimSpace(names[i])
	}
	letters := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		letters = string(rune('A'+(n-1)%26)) + letters
	}
	return "column " + letters
}

// Blank reports whether every cell of a record is empty.
func Blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
