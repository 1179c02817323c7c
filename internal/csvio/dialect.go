package csvio

import (
	"io"
	"mime"
	"net/http"
)

// Dialect is the layout of a CSV file for the spreadsheet that opens it.
// Read understands every dialect; the writer needs to be told.
type Dialect struct {
	// Comma separates the cells.
	Comma rune
	// BOM starts the file with UTF-8's byte order mark: without it Excel
	// reads UTF-8 as Windows-1252, and umlauts come out garbled.
	BOM bool
	// CRLF ends the lines as Windows does.
	CRLF bool
}

var (
	// Plain is comma-separated UTF-8 without a byte order mark, as English
	// spreadsheets and other programs read it.
	Plain = Dialect{Comma: ','}
	// Excel is what German Excel opens with a double click: its list
	// separator is the semicolon (the comma is the decimal sign), and it
	// takes the file for UTF-8 only after a byte order mark.
	Excel = Dialect{Comma: ';', BOM: true, CRLF: true}
)

// ForLanguage returns the dialect of the spreadsheets people of lang use:
// Excel's German one for German, Plain otherwise.
func ForLanguage(lang string) Dialect {
	if lang == "de" {
		return Excel
	}
	return Plain
}

// NewWriter returns a Writer that writes the dialect to w; the byte order
// mark, if any, goes first with the first record.
func (d Dialect) NewWriter(w io.Writer) *Writer {
	cw := NewWriter(w)
	cw.Comma, cw.UseCRLF, cw.bom, cw.out = d.Comma, d.CRLF, d.BOM, w
	return cw
}

// Download starts the answer of a CSV download named filename, in the
// dialect of the reader's language lang, and returns its Writer.
func Download(w http.ResponseWriter, filename, lang string) *Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	return ForLanguage(lang).NewWriter(w)
}
