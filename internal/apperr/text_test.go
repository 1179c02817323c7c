package apperr_test

import (
	"strings"
	"testing"

	"pakt/internal/apperr"
)

func TestCleanText(t *testing.T) {
	const (
		ok    = ""
		ctrl  = "validation.control_chars"
		bidi  = "validation.bidi"
		utf8  = "validation.utf8"
		line  = apperr.Line
		name  = apperr.Name
		paras = apperr.Paragraphs
	)
	for _, tc := range []struct {
		kind    apperr.TextKind
		in, out string
		key     string
	}{
		{name, "  Müller IT GmbH & Co. KG ", "Müller IT GmbH & Co. KG", ok},
		{name, "Zoë Ødegård 😀", "Zoë Ødegård 😀", ok},
		{name, "شركة الأمل", "شركة الأمل", ok},
		{name, "חברת אופק בע״מ", "חברת אופק בע״מ", ok},
		{name, "Müller\u200f GmbH", "Müller\u200f GmbH", ok}, // a right-to-left mark is no override
		{name, "Evil GmbH\nBcc: victim@example.com", "", ctrl},
		{name, "Evil GmbH\r\nBcc: x", "", ctrl},
		{name, "Evil\x00GmbH", "", ctrl},
		{name, "Evil\u2028GmbH", "", ctrl},
		{name, "Evil\u2029GmbH", "", ctrl},
		{name, "Evil\u0085GmbH", "", ctrl},
		{name, "Evil\x7fGmbH", "", ctrl},
		{name, "Evil\x1bGmbH", "", ctrl},
		{name, "a\tb", "", ctrl},
		{name, "Invoice \u202Efdp.exe", "", bidi},
		{name, "\u2066abc\u2069", "", bidi},
		{name, "\xffMüller", "", utf8},
		{line, "Invoice \u202Efdp.exe", "Invoice \u202Efdp.exe", ok},
		{line, "\tBerlin\n", "Berlin", ok}, // leading and trailing space goes, as before
		{line, "Ber\tlin", "", ctrl},
		{line, "+49 30 1234567", "+49 30 1234567", ok},
		{line, "a\x00", "", ctrl},
		{line, "\xc3\x28", "", utf8},
		{paras, "a\r\nb\x00c", "a\nbc", ok},
		{paras, "eins\rzwei\u2028drei\u2029vier\u0085fünf", "eins\nzwei\ndrei\nvier\nfünf", ok},
		{paras, "Spalte\tSpalte\n\tEinzug", "Spalte\tSpalte\n\tEinzug", ok},
		{paras, "a\x07b\x1bc\x7fd\u009be", "abcde", ok},
		{paras, " \r\n  Text 😀 \n ", "Text 😀", ok},
		{paras, "مرحبا\nשלום \u202Eabc", "مرحبا\nשלום \u202Eabc", ok},
		{paras, "a\xffb", "", utf8},
	} {
		got, key := apperr.CleanText(tc.kind, tc.in)
		if key != tc.key {
			t.Errorf("CleanText(%d, %q): error %q, want %q", tc.kind, tc.in, key, tc.key)
		}
		if key == "" && got != tc.out {
			t.Errorf("CleanText(%d, %q) = %q, want %q", tc.kind, tc.in, got, tc.out)
		}
	}
}

// Text names the field of each refused value, reports one problem per
// field, and still checks length and required.
func TestValidationText(t *testing.T) {
	var v apperr.Validation
	name, city, note, empty, long := "A\nB", "Köln", "x\r\ny", "  ", strings.Repeat("ü", 11)
	v.Text(&name, apperr.Name, "legal_name", 200, true)
	v.Text(&city, apperr.Line, "city", 100, false)
	v.Text(&note, apperr.Paragraphs, "note", 100, false)
	v.Text(&empty, apperr.Line, "title", 10, true)
	v.Text(&long, apperr.Line, "region", 10, false)
	e, _ := apperr.As(v.Err())
	if e == nil {
		t.Fatal("no error")
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field+" "+f.Key)
	}
	want := "legal_name validation.control_chars; title validation.required; region validation.too_long"
	if strings.Join(got, "; ") != want {
		t.Errorf("errors %q, want %q", strings.Join(got, "; "), want)
	}
	if city != "Köln" || note != "x\ny" {
		t.Errorf("city %q, note %q; want Köln and x\\ny", city, note)
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"Evil GmbH\r\nBcc: victim@example.com": "Evil GmbH  Bcc: victim@example.com",
		"a\u2028b\u2029c\x00d\te":              "a b c d e",
		"Müller IT GmbH & Co. KG":              "Müller IT GmbH & Co. KG",
	} {
		if got := apperr.OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
