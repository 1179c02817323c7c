package i18n

import (
	"strconv"
	"strings"
)

// MaxWhole is the largest whole number WholeNumber accepts: an amount of
// MaxWhole units still fits in int64 as hundredths (minor units).
const MaxWhole = 10_000_000_000_000_000

// WholeNumber reads a whole number as typed in lang, with optional
// thousands separators (the group mark of lang, spaces, apostrophes); empty
// is zero. It refuses a negative number, a fraction and one above MaxWhole.
func WholeNumber(s, lang string) (int64, bool) {
	group := ","
	if lang == "de" {
		group = "."
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "'", "", group, "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0 && n <= MaxWhole
}

// Money formats an amount in minor units with the currency's decimal
// places, the language's separators and the currency code: 1234567 EUR is
// "12.345,67 EUR" in German and "12,345.67 EUR" in English.
func Money(lang string, minor int64, currency string) string {
	return Amount(lang, minor, currency) + " " + currency
}

// Percent formats basis points (100 = 1 %) as a percentage in lang, with up
// to two decimals: "12,5 %" in German (a non-breaking space before the
// sign), "12.5%" in English.
func Percent(lang string, bp int) string {
	if lang == "de" {
		return PercentNumber(lang, bp) + "\u00a0%"
	}
	return PercentNumber(lang, bp) + "%"
}

// PercentNumber is Percent without the sign, as a form field shows it.
func PercentNumber(lang string, bp int) string {
	s := strconv.FormatFloat(float64(bp)/100, 'f', -1, 64)
	if lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// ParsePercent reads a percentage from 0 to 100 with at most two decimals,
// a comma or a point, and an optional % sign, as basis points.
func ParsePercent(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if whole == "" || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(whole + (frac + "00")[:2])
	if err != nil || n > 10000 {
		return 0, false
	}
	return n, true
}
