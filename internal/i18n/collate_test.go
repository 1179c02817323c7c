package i18n

import (
	"slices"
	"testing"
)

func TestSortByOrdersWordsAsTheLanguageDoes(t *testing.T) {
	words := []string{"Zander", "Öl", "apfel", "Straße", "Ofen", "Ähre", "Strasse", "Birne", "Äpfel"}
	SortBy("de", words, func(s string) string { return s })
	want := []string{"Ähre", "apfel", "Äpfel", "Birne", "Ofen", "Öl", "Strasse", "Straße", "Zander"}
	if !slices.Equal(words, want) {
		t.Errorf("German order %v, want %v", words, want)
	}
	if Compare("en", "zebra", "Apple") <= 0 || Compare("de", "Müller", "Mueller") == 0 {
		t.Error("Compare does not order by the language's rules")
	}
}
