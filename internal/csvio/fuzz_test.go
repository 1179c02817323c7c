package csvio_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"pakt/internal/csvio"
)

// FuzzRead: whatever bytes a user uploads, Read answers without a panic,
// names every problem by a row a spreadsheet shows (1 and up), and numbers
// the records below the header in ascending order.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"name,city\nMüller,Köln\n", "\xef\xbb\xbfName;Ort\r\n\"a;b\";\"x\"\"y\"\r\n", "a\tb\n1\t2\n\n3\t4",
		"a,b\n\"unclosed,1\n2,3\n", "\xe4\xf6\xfc;x\n1;2", "", "\n\n\n", "=1+2,'-3\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, errs, err := csvio.Read(bytes.NewReader(data))
		if err != nil {
			return // not text a spreadsheet writes; the caller names it
		}
		for _, e := range errs {
			if e.Row < 1 || e.Message == "" {
				t.Fatalf("error %+v names no row a user can find", e)
			}
		}
		if file == nil {
			if len(errs) == 0 {
				t.Fatal("neither a file nor a problem")
			}
			return
		}
		last := file.HeaderRow
		for _, r := range file.Records {
			if r.Row <= last {
				t.Fatalf("record at row %d after row %d", r.Row, last)
			}
			last = r.Row
		}
	})
}

// FuzzWriterRoundTrip: two cells of any text, written by a Writer with any
// of the separators and line ends, read back as the same text; a cell never
// starts with a formula character in the file.
func FuzzWriterRoundTrip(f *testing.F) {
	f.Add("Müller IT GmbH & Co. KG", "=HYPERLINK(\"x\")", uint8(0))
	f.Add("a;b\"c", "zwei\nZeilen", uint8(1))
	f.Add("-5 %", "\tTab", uint8(2))
	f.Fuzz(func(t *testing.T, a, b string, layout uint8) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || strings.ContainsRune(a+b, 0) || strings.ContainsAny(a+b, "\r") {
			// Cells hold text (a line break is "\n", as forms send it).
			t.Skip()
		}
		comma := []rune{',', ';', '\t'}[layout%3]
		crlf := layout&4 != 0
		var buf bytes.Buffer
		w := csvio.NewWriter(&buf)
		w.Comma, w.UseCRLF = comma, crlf
		header := []string{"eins", "zwei", "n"}
		row := []string{a, b, "1"}
		for _, rec := range [][]string{header, row} {
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		file, errs, err := csvio.Read(&buf)
		if err != nil || errs != nil {
			t.Fatalf("read back: %v %v\n%q", errs, err, buf.String())
		}
		if !slices.Equal(file.Header, header) || len(file.Records) != 1 || !slices.Equal(file.Records[0].Cells, row) {
			t.Fatalf("wrote %q, read %q %v from\n%q", row, file.Header, file.Records, buf.String())
		}
	})
}
