package upload

import (
	"strings"
	"testing"

	"pakt/internal/apperr"
)

func TestProofType(t *testing.T) {
	for name, c := range map[string]struct {
		b    []byte
		want string
	}{
		"pdf":              {[]byte("%PDF-1.7\n..."), "application/pdf"},
		"png":              {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		"jpeg":             {[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, "image/jpeg"},
		"html":             {[]byte("<html><script>alert(1)</script>"), ""},
		"gif":              {[]byte("GIF89a..."), ""},
		"zip":              {[]byte("PK\x03\x04"), ""},
		"text":             {[]byte("%PD nearly"), ""},
		"pdf after spaces": {[]byte("  %PDF-1.7"), ""},
	} {
		if got := ProofType(c.b); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	for _, c := range []struct {
		name     string
		f        File
		keep     string
		typ, key string // key: the refusal, "" when taken
	}{
		{"a pdf", File{"Zertifikat.pdf", pdf}, "Zertifikat.pdf", "application/pdf", ""},
		{"a name with a control character", File{"a\x00b.pdf", pdf}, "?", "application/pdf", ""},
		{"a long name", File{strings.Repeat("ä", 250) + ".pdf", pdf}, strings.Repeat("ä", MaxName), "application/pdf", ""},
		{"empty", File{"leer.pdf", nil}, "leer.pdf", "", "upload.file_empty"},
		{"too large", File{"gross.pdf", append(pdf, make([]byte, 20)...)}, "gross.pdf", "", "upload.file_too_large"},
		{"html named pdf", File{"falsch.pdf", []byte("<html></html>")}, "falsch.pdf", "", "upload.file_type"},
	} {
		var v apperr.Validation
		name, typ, ok := Check(c.f, 30, "proof", &v)
		e, _ := apperr.As(v.Err())
		switch {
		case name != c.keep || typ != c.typ || ok != (c.key == ""):
			t.Errorf("%s: %q %q %v, want %q %q", c.name, name, typ, ok, c.keep, c.typ)
		case c.key == "" && e != nil:
			t.Errorf("%s: refused with %v", c.name, e)
		case c.key != "" && (e == nil || e.Fields[0].Field != "proof" || e.Fields[0].Key != c.key || e.Fields[0].Args[0] != name):
			t.Errorf("%s: refused with %v, want %s naming the file", c.name, e, c.key)
		}
	}
}
