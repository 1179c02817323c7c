package pdf

import (
	"bytes"
	"strings"
	"testing"

	"pakt/internal/upload"
)

// A generated page is a PDF the proof check takes, holds its line, and is
// the same for the same line.
func TestPage(t *testing.T) {
	a, b := Page("Rechnung: Webinar"), Page("Rechnung: Webinar")
	if !bytes.Equal(a, b) {
		t.Error("the same line gave two files")
	}
	if upload.ProofType(a) != "application/pdf" || !strings.Contains(string(a), "(Rechnung: Webinar) Tj") || !strings.HasSuffix(string(a), "%%EOF\n") {
		t.Errorf("the page is no PDF with its line:\n%s", a)
	}
}
