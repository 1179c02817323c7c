package i18n

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CountryName names an ISO 3166 country code in lang ("Österreich" in
// German, "Austria" in English); a code it does not know stays as it is.
func CountryName(lang, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil || code == "" {
		return code
	}
	tag := language.German
	if lang == "en" {
		tag = language.English
	}
	if n := display.Regions(tag).Name(r); n != "" {
		return n
	}
	return code
}
