package pdf

import (
	"bytes"
	"fmt"
)

// Page is a minimal one-page PDF with one line of text in Helvetica, for
// generated proofs in demo data: the same line gives the same bytes, which
// fpdf (its fonts kept in a map) does not. The line must be printable
// ASCII without parentheses or backslashes.
func Page(line string) []byte {
	body := fmt.Sprintf("BT /F1 12 Tf 50 750 Td (%s) Tj ET", line)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := []int{}
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(body), body))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
