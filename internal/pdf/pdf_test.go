package pdf

import "testing"

// Printable keeps what the font prints and replaces only what it lacks.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"„a“ ‚b‘ “c” ‘d’ « » – — … € ß Ä ·": "„a“ ‚b‘ “c” ‘d’ « » – — … € ß Ä ·",
		"Wärme\u2011Pumpe \u2010 \u2012":    "Wärme-Pumpe - -",
		"1\u202f000 2\u2007000 a\u2009b":    "1\u00a0000 2\u00a0000 a b",
		"Mess\u00adwerte\u200b\ufeff":       "Messwerte",
		"Zeile 1\nZeile 2\tTab":             "Zeile 1\nZeile 2\tTab",
		"ﬁ ½ ① ㎏ 中":                         "ﬁ ½ 1 kg ?",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
