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
	en := []string{"zebra", "Apple", "éclair"}
	SortBy("en", en, func(s string) string { return s })
	if want := []string{"Apple", "éclair", "zebra"}; !slices.Equal(en, want) {
		t.Errorf("English order %v, want %v", en, want)
	}
}
