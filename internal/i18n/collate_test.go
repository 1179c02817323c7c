package i18n

import (
	"slices"
	"sync"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
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

// Sorts at the same time share the languages' kept keys: each must still
// give the order a sort alone gives, in its own language.
func TestSortsAtTheSameTimeKeepTheirLanguagesOrder(t *testing.T) {
	words := []string{"Zander", "Öl", "apfel", "Straße", "Ofen", "Ähre", "Strasse", "Birne", "Äpfel", "zebra", "Apple", "éclair", "Oz"}
	want := map[string][]string{}
	for _, lang := range []string{"de", "en"} {
		c := collate.New(map[string]language.Tag{"de": language.German, "en": language.English}[lang], collate.IgnoreCase)
		w := slices.Clone(words)
		slices.SortStableFunc(w, func(a, b string) int { return c.CompareString(a, b) })
		want[lang] = w
	}
	var wg sync.WaitGroup
	for i := range 16 {
		lang := []string{"de", "en"}[i%2]
		wg.Go(func() {
			for range 50 {
				w := slices.Clone(words)
				SortBy(lang, w, func(s string) string { return s })
				if !slices.Equal(w, want[lang]) {
					t.Errorf("%s order %v, want %v", lang, w, want[lang])
					return
				}
			}
		})
	}
	wg.Wait()
}
