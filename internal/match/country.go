package match

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryAliases are names people write that no name list of x/text holds.
var countryAliases = map[string]string{
	"usa": "US", "us": "US", "vereinigte staaten von amerika": "US", "united states of america": "US",
	"amerika": "US", "uk": "GB", "england": "GB", "grossbritannien": "GB", "great britain": "GB",
	"britain": "GB", "schottland": "GB", "scotland": "GB", "wales": "GB", "holland": "NL",
	"the netherlands": "NL", "niederlande": "NL", "brd": "DE", "bundesrepublik deutschland": "DE",
	"federal republic of germany": "DE", "oesterreich": "AT", "schweiz": "CH", "suisse": "CH",
	"svizzera": "CH", "tschechien": "CZ", "tschechische republik": "CZ", "czech republic": "CZ",
	"russland": "RU", "russia": "RU", "suedkorea": "KR", "south korea": "KR", "tuerkei": "TR", "turkey": "TR",
}

// countryCodes maps a country's name in German and English, in the form
// CanonicalName gives it without sorting, to its ISO code.
var countryCodes = func() map[string]string {
	m := map[string]string{}
	de, en := display.Regions(language.German), display.Regions(language.English)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			// Withdrawn codes (DD for the GDR) share names with their
			// successors and must not take them.
			if err != nil || !r.IsCountry() || r.Canonicalize().String() != code {
				continue
			}
			for _, n := range []string{de.Name(r), en.Name(r)} {
				if k := countryKey(n); k != "" && m[k] == "" {
					m[k] = code
				}
			}
		}
	}
	for k, code := range countryAliases {
		m[k] = code
	}
	return m
}()

// countryKey writes a country name as the lookup key of countryCodes:
// lower case, transliterated, words in their order.
func countryKey(s string) string { return strings.Join(splitWords(s), " ") }

// CountryCode returns the ISO 3166-1 alpha-2 code of a country given by its
// code (any case; also the three-letter one, "DEU") or its German or English
// name ("Deutschland", "Germany", "Österreich", "Oesterreich", "USA"); ""
// for an empty or unknown country.
func CountryCode(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) == 2 || len(s) == 3 {
		if r, err := language.ParseRegion(strings.ToUpper(s)); err == nil && r.IsCountry() {
			if c := r.Canonicalize().String(); len(c) == 2 {
				return c
			}
		}
	}
	return countryCodes[countryKey(s)]
}
