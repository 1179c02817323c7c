package csvio_test

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"pakt/internal/csvio"
)

// For German the file is what German Excel opens with a double click:
// a byte order mark, semicolons, Windows line ends, decimal commas kept as
// numbers; for English plain comma-separated UTF-8. Read takes both back
// as the same cells.
func TestDialects(t *testing.T) {
	for lang, want := range map[string]string{
		"de": "\uFEFFFirma;Punkte;Notiz\r\nMüller IT GmbH & Co. KG;-3,5;\"'=1+2; „Zitat“\"\r\n",
		"en": "Firma,Punkte,Notiz\nMüller IT GmbH & Co. KG,-3.5,'=1+2; „Zitat“\n",
	} {
		points := map[string]string{"de": "-3,5", "en": "-3.5"}[lang]
		rows := [][]string{{"Firma", "Punkte", "Notiz"}, {"Müller IT GmbH & Co. KG", points, "=1+2; „Zitat“"}}
		rec := httptest.NewRecorder()
		w := csvio.Download(rec, "portfolio-2026-12-06.csv", lang)
		w.Numbers(1)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := rec.Body.String(); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
		if ct, cd := rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"); ct != "text/csv; charset=utf-8" || cd != `attachment; filename=portfolio-2026-12-06.csv` {
			t.Errorf("%s: Content-Type %q, Content-Disposition %q", lang, ct, cd)
		}
		f, errs, err := csvio.Read(bytes.NewReader(rec.Body.Bytes()))
		if err != nil || len(errs) > 0 {
			t.Fatalf("%s: read back: %v %v", lang, errs, err)
		}
		if got := append([][]string{f.Header}, f.Records[0].Cells); len(f.Records) != 1 || got[1][2] != rows[1][2] || got[0][0] != "Firma" || got[1][0] != rows[1][0] || got[1][1] != points {
			t.Errorf("%s: read back as %q", lang, got)
		}
		if f.Excel != (lang == "de") {
			t.Errorf("%s: read as from Excel: %v", lang, f.Excel)
		}
	}
	var b bytes.Buffer
	if err := csvio.Excel.NewWriter(&b).Flush(); err != nil || b.String() != "\uFEFF" {
		t.Errorf("an empty Excel file: %q %v, want only the byte order mark", b.String(), err)
	}
}
