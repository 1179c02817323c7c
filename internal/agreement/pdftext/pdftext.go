// Package pdftext reads back the text of the PDFs pakt writes, so that
// tests check what a reader of the document sees.
package pdftext

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
)

var (
	streamRe = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	stringRe = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)`)
)

// Extract returns the text a PDF shows, as far as fpdf writes it: the
// strings of its content streams in UTF-16, inflated first.
func Extract(pdf []byte) string {
	var out strings.Builder
	for _, m := range streamRe.FindAllSubmatch(pdf, -1) {
		data := m[1]
		if r, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if b, err := io.ReadAll(r); err == nil {
				data = b
			}
		}
		for _, s := range stringRe.FindAllSubmatch(data, -1) {
			raw := unescapePDF(s[1])
			if len(raw) < 2 || len(raw)%2 != 0 {
				continue
			}
			u := make([]uint16, len(raw)/2)
			for i := range u {
				u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			}
			out.WriteString(string(utf16.Decode(u)))
			out.WriteString(" ")
		}
	}
	return out.String()
}

func unescapePDF(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			i++
			switch b[i] {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			default:
				out = append(out, b[i])
			}
			continue
		}
		out = append(out, b[i])
	}
	return out
}
