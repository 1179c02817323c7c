package web

import (
	"slices"
	"testing"
)

func TestByCountryNameSortsInTheReadersLanguage(t *testing.T) {
	codes := []string{"DE", "AT", "CH", "NL", "GB", "US"}
	for _, c := range []struct {
		lang string
		want []string
	}{
		// Deutschland, Niederlande, Österreich, Schweiz, Vereinigte Staaten, Vereinigtes Königreich
		{"de", []string{"DE", "NL", "AT", "CH", "US", "GB"}},
		// Austria, Germany, Netherlands, Switzerland, United Kingdom, United States
		{"en", []string{"AT", "DE", "NL", "CH", "GB", "US"}},
	} {
		p := &Page{Lang: c.lang}
		if got := p.ByCountryName(codes); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.lang, got, c.want)
		}
	}
}
