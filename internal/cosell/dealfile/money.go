package dealfile

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/currency"
)

// currencySymbols are the symbols written for the currencies of deals.
var currencySymbols = map[string]string{"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "Fr.": "CHF", "SFr.": "CHF"}

// currencyCode returns the ISO 4217 code of a code (any case) or symbol,
// or "".
func currencyCode(s string) string {
	s = strings.TrimSpace(s)
	if c, ok := currencySymbols[s]; ok {
		return c
	}
	u, err := currency.ParseISO(s)
	if err != nil || len(s) != 3 {
		return ""
	}
	return u.String()
}

// currencyScale is the number of decimal places of a currency's minor
// unit: 2 for EUR, 0 for JPY.
func currencyScale(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// splitCurrency splits an amount into its number and the currency written
// before or after it ("EUR 1,234.56", "1.234,56 €", "€1,234.56").
func splitCurrency(s string) (number, cur string) {
	s = strings.TrimSpace(s)
	isNumber := func(r rune) bool { return unicode.IsDigit(r) || strings.ContainsRune("-−+.,'’ \u00a0\u202f", r) }
	start := strings.IndexFunc(s, isNumber)
	if start < 0 {
		return s, ""
	}
	end := strings.LastIndexFunc(s, isNumber) + 1
	head, tail := strings.TrimSpace(s[:start]), strings.TrimSpace(s[end:])
	// A symbol that ends in a dot ("Fr.") lends the dot to the number.
	if strings.HasSuffix(head, "Fr") && strings.HasPrefix(s[start:], ".") {
		head, start = head+".", start+1
	}
	switch {
	case head != "" && tail != "":
		return s, "?"
	case head != "":
		return strings.TrimSpace(s[start:end]), head
	case tail != "":
		return strings.TrimSpace(s[:end]), tail
	}
	return s, ""
}

// parseDecimal reads a non-negative number with thousands separators and
// decimals as spreadsheets and the tools write them: "12.500,00",
// "12,500.00", "12 500,00", "12'500.00", "12500". When both a point and a
// comma occur, the last one is the decimal sign; a single one followed by
// other than three digits is the decimal sign too; and in "12.500" or
// "12,500" it is decimalComma that tells whether the comma is. Groups of
// thousands must have three digits. It returns the whole part's value and
// the decimal digits.
func parseDecimal(s string, decimalComma bool) (int64, string, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '’':
			return -1
		}
		return r
	}, strings.TrimPrefix(s, "+"))
	if s == "" || strings.Trim(s, "0123456789.,") != "" {
		return 0, "", false
	}
	dot, comma := strings.Count(s, "."), strings.Count(s, ",")
	decimal := byte(0)
	switch {
	case dot > 0 && comma > 0:
		decimal = s[max(strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ','))]
	case dot == 1 || comma == 1:
		sep := byte('.')
		if comma == 1 {
			sep = ','
		}
		i := strings.IndexByte(s, sep)
		if len(s)-i-1 != 3 || (sep == ',') == decimalComma {
			decimal = sep
		}
	}
	whole, frac := s, ""
	if decimal != 0 {
		i := strings.LastIndexByte(s, decimal)
		whole, frac = s[:i], s[i+1:]
		if frac == "" || strings.ContainsAny(frac, ".,") {
			return 0, "", false
		}
	}
	if whole == "" {
		return 0, "", false
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == '.' || r == ',' })
	if len(groups) > 1 {
		if strings.Count(whole, ".")+strings.Count(whole, ",") != len(groups)-1 || len(groups[0]) > 3 {
			return 0, "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, "", false
			}
		}
	}
	digits := strings.Join(groups, "")
	if len(digits) > 15 {
		return 0, "", false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, frac, err == nil
}

// toMinor combines a whole part and its decimals into minor units of a
// currency with scale decimals; false when the value is out of range.
func toMinor(whole int64, frac string, scale int) (int64, bool) {
	frac += strings.Repeat("0", scale-len(frac))
	f := int64(0)
	if frac != "" {
		var err error
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil {
			return 0, false
		}
	}
	p := int64(1)
	for range scale {
		p *= 10
	}
	if whole > (1<<53)/p {
		return 0, false
	}
	return whole*p + f, true
}
