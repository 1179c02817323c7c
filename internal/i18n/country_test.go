package i18n

import "testing"

func TestCountryNameInTheLanguage(t *testing.T) {
	for _, tc := range []struct{ lang, code, want string }{
		{"de", "AT", "Österreich"},
		{"en", "AT", "Austria"},
		{"de", "GB", "Vereinigtes Königreich"},
		{"en", "", ""},
		{"de", "not a code", "not a code"},
	} {
		if got := CountryName(tc.lang, tc.code); got != tc.want {
			t.Errorf("CountryName(%q, %q) = %q, want %q", tc.lang, tc.code, got, tc.want)
		}
	}
}
