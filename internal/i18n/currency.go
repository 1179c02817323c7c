package i18n

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/text/currency"
)

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// ValidCurrency reports whether code is an ISO 4217 currency code, written
// in upper case.
func ValidCurrency(code string) bool {
	if !currencyCode.MatchString(code) || code == "XXX" {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

// CurrencyScale returns the number of decimal places of the currency's
// minor unit: 2 for EUR, 0 for JPY, 3 for KWD; 2 for an unknown code.
func CurrencyScale(code string) int {
	if !ValidCurrency(code) {
		return 2
	}
	scale, _ := currency.Standard.Rounding(currency.MustParseISO(code))
	return scale
}

// Amount formats an amount in minor units of the currency as a number in
// lang, with the currency's decimal places and without its code:
// "1.234,50" in German, "1,234.50" in English, "1,235" for JPY.
func Amount(lang string, minor int64, currency string) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	places := CurrencyScale(currency)
	unit := int64(1)
	for range places {
		unit *= 10
	}
	s := sign + Number(lang, minor/unit)
	if places > 0 {
		sep := "."
		if lang == "de" {
			sep = ","
		}
		s += sep + fmt.Sprintf("%0*d", places, minor%unit)
	}
	return s
}

// ParseAmount reads an amount in major units of the currency as typed in
// lang (the language's grouping and decimal marks, spaces allowed, at most
// as many decimal places as the currency has) and returns minor units;
// empty is 0. It refuses a negative amount and one of more than 15 whole
// digits.
func ParseAmount(s, lang, currency string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	group, dec := ",", "."
	if lang == "de" {
		group, dec = ".", ","
	}
	s = strings.NewReplacer(group, "", "\u00a0", "", " ", "").Replace(s)
	whole, frac, _ := strings.Cut(strings.ReplaceAll(s, dec, "."), ".")
	places := CurrencyScale(currency)
	if whole == "" || len(frac) > places || len(whole) > 15 {
		return 0, false
	}
	frac += strings.Repeat("0", places-len(frac))
	var n int64
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// PlainAmount writes an amount in minor units of the currency as a plain
// number for a spreadsheet in lang: no grouping, the language's decimal
// mark, a minus sign when negative ("-1234,50" in German).
func PlainAmount(lang string, minor int64, currency string) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	places := CurrencyScale(currency)
	if places == 0 {
		return sign + fmt.Sprint(minor)
	}
	unit := int64(1)
	for range places {
		unit *= 10
	}
	sep := "."
	if lang == "de" {
		sep = ","
	}
	return fmt.Sprintf("%s%d%s%0*d", sign, minor/unit, sep, places, minor%unit)
}
