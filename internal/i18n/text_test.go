package i18n

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exact", 5, "exact"},
		{"longer text", 5, "long…"},
		{"Größenänderung", 4, "Grö…"},
		{"ääää", 3, "ää…"},
		{"a😀😀😀", 3, "a😀…"},
		{"😀😀", 1, "…"},
		{"abc", 0, ""},
	} {
		got := Truncate(c.in, c.n)
		if got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	// Whatever the length, a cut never splits a character.
	s := strings.Repeat("ä😀x", 50)
	for n := range 160 {
		got := Truncate(s, n)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > n {
			t.Errorf("Truncate(…, %d) = %q: %d characters, valid %v", n, got, utf8.RuneCountInString(got), utf8.ValidString(got))
		}
	}
}
