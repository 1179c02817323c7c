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
	gidMapRe = regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`)
	shownRe  = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`)
	objectRe = regexp.MustCompile(`(?s)(?:^|\n)(\d+) 0 obj\s*<<[^>]*>>\s*stream\r?\n(.*?)\r?\nendstream`)
)

// Unprintable returns the characters of the PDF's text that none of its
// embedded fonts has a glyph for: a reader sees a blank or a box instead.
// fpdf writes a character's code point as its CID, and each font's
// CIDToGIDMap gives the glyph of every CID, 0 for none.
func Unprintable(pdf []byte) []rune {
	streams := map[string][]byte{}
	for _, m := range objectRe.FindAllSubmatch(pdf, -1) {
		streams[string(m[1])] = m[2]
	}
	var maps [][]byte
	for _, m := range gidMapRe.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(streams[string(m[1])]))
		if err != nil {
			continue
		}
		if b, err := io.ReadAll(r); err == nil {
			maps = append(maps, b)
		}
	}
	printable := func(c rune) bool {
		for _, m := range maps {
			if i := 2 * int(c); i+1 < len(m) && (m[i] != 0 || m[i+1] != 0) {
				return true
			}
		}
		return false
	}
	var shown strings.Builder
	for _, m := range streamRe.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		data, err := io.ReadAll(r)
		if err != nil {
			continue
		}
		for _, s := range shownRe.FindAllSubmatch(data, -1) {
			shown.WriteString(utf16BE(unescapePDF(s[1])))
		}
	}
	var out []rune
	seen := map[rune]bool{}
	for _, c := range shown.String() {
		if c > ' ' && !seen[c] && !printable(c) {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

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
			out.WriteString(utf16BE(raw))
			out.WriteString(" ")
		}
	}
	return out.String()
}

// utf16BE decodes UTF-16 big-endian text, as fpdf writes it for Unicode
// fonts.
func utf16BE(raw []byte) string {
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return string(utf16.Decode(u))
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
