package pdf_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"pakt/internal/pdf"
	"pakt/internal/pdf/pdftext"
)

// A report prints its title, headings, rows, sums and note; a cell too
// long for its column is cut with an ellipsis; without rows it says so.
func TestReport(t *testing.T) {
	r := pdf.Report{Orientation: "P", Title: "Abrechnung März 2026 – Jana Wolff", Made: "Erstellt am 02.04.2026", At: time.Now(),
		Page:    func(n int) string { return "Seite " + string(rune('0'+n)) },
		Columns: []pdf.Column{{Title: "Interessent", Width: 40, Align: "L"}, {Title: "Betrag", Width: 30, Align: "R"}},
		Rows: [][]string{{"Bäckerei Größl GmbH", "200,00\u00a0EUR"},
			{"Eine sehr lange Firmenbezeichnung ohne jedes Ende GmbH & Co. KG", "-1.500,00\u00a0EUR"}},
		Empty: "Nichts verdient.", Sums: []pdf.Sum{{Label: "Summe in EUR", Amount: "-1.300,00\u00a0EUR"}}, Note: "Jede Zeile zählt."}
	b, err := r.Write()
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("write: %v %.10q", err, b)
	}
	text := strings.ReplaceAll(pdftext.Extract(b), "\u00a0", " ")
	for _, want := range []string{"Abrechnung März 2026 – Jana Wolff", "Erstellt am", "Interessent", "Bäckerei Größl GmbH", "200,00 EUR", "Eine sehr lange",
		"…", "Summe in EUR", "-1.300,00 EUR", "Jede Zeile zählt.", "Seite 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%.1500s", want, text)
		}
	}
	if strings.Contains(text, "ohne jedes Ende GmbH & Co. KG") || strings.Contains(text, "Nichts verdient.") {
		t.Errorf("a long cell printed whole or the empty text beside rows:\n%.1500s", text)
	}
	r.Rows = nil
	b, err = r.Write()
	if err != nil || !strings.Contains(pdftext.Extract(b), "Nichts verdient.") {
		t.Errorf("no rows: %v", err)
	}
}
