package web

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// ByCountryName returns the country codes sorted by their names in the
// page's language, as a country list in a form shows them (German
// collation in German: Österreich comes after Niederlande).
func (p *Page) ByCountryName(codes []string) []string {
	tag := language.German
	if p.Lang == "en" {
		tag = language.English
	}
	c := collate.New(tag)
	out := slices.Clone(codes)
	slices.SortStableFunc(out, func(a, b string) int { return c.CompareString(p.Country(a), p.Country(b)) })
	return out
}
