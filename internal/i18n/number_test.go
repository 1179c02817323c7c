package i18n

import "testing"

func TestWholeNumber(t *testing.T) {
	for _, c := range []struct {
		in, lang string
		want     int64
		ok       bool
	}{
		{"", "en", 0, true},
		{"  ", "de", 0, true},
		{"1,234,567", "en", 1234567, true},
		{"1.234.567", "de", 1234567, true},
		{"1 234 567", "de", 1234567, true},
		{"1\u00a0234", "en", 1234, true},
		{"1'234", "de", 1234, true},
		{"1.5", "en", 0, false},
		{"1,5", "de", 0, false},
		{"-3", "en", 0, false},
		{"abc", "en", 0, false},
		{"10000000000000000", "en", MaxWhole, true},
		{"10000000000000001", "en", 0, false},
	} {
		got, ok := WholeNumber(c.in, c.lang)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("WholeNumber(%q, %s) = %d, %v; want %d, %v", c.in, c.lang, got, ok, c.want, c.ok)
		}
	}
}

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		lang  string
		minor int64
		want  string
	}{
		{"de", 1234567, "12.345,67 EUR"},
		{"en", 1234567, "12,345.67 EUR"},
		{"de", 5, "0,05 EUR"},
		{"en", -150, "-1.50 EUR"},
		{"de", 0, "0,00 EUR"},
	} {
		if got := Money(c.lang, c.minor, "EUR"); got != c.want {
			t.Errorf("Money(%s, %d) = %q, want %q", c.lang, c.minor, got, c.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		lang string
		bp   int
		want string
	}{{"de", 250, "2,5\u00a0%"}, {"en", 1025, "10.25%"}, {"de", 6000, "60\u00a0%"}, {"en", 0, "0%"}} {
		if got := Percent(c.lang, c.bp); got != c.want {
			t.Errorf("Percent(%s, %d) = %q, want %q", c.lang, c.bp, got, c.want)
		}
	}
	for in, want := range map[string]int{"60": 6000, "40,5": 4050, "33.33": 3333, " 100 % ": 10000, "0": 0, "2,5%": 250} {
		if got, ok := ParsePercent(in); !ok || got != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "101", "-1", "33.333", "abc", "+5", "1.2.3", ",5"} {
		if _, ok := ParsePercent(in); ok {
			t.Errorf("ParsePercent(%q) accepted", in)
		}
	}
}

func TestCurrencies(t *testing.T) {
	for code, want := range map[string]int{"EUR": 2, "JPY": 0, "KWD": 3, "nope": 2} {
		if got := CurrencyScale(code); got != want {
			t.Errorf("CurrencyScale(%s): got %d, want %d", code, got, want)
		}
	}
	for code, want := range map[string]bool{"EUR": true, "CHF": true, "eur": false, "XXX": false, "ABC": false, "EURO": false} {
		if got := ValidCurrency(code); got != want {
			t.Errorf("ValidCurrency(%s) = %v, want %v", code, got, want)
		}
	}
	if got := Money("en", 123456, "JPY"); got != "123,456 JPY" {
		t.Errorf("Money of yen = %q", got)
	}
}

// Amounts are read as the language types them, in minor units of the
// currency, and more decimal places than the currency has are refused.
func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		s, lang, cur string
		want         int64
	}{{"5.000", "de", "EUR", 500_000}, {"5.000,50", "de", "EUR", 500_050}, {"5,000.5", "en", "EUR", 500_050}, {"", "de", "EUR", 0},
		{"1 250", "en", "JPY", 1250}, {" 12,5 ", "de", "EUR", 1250}} {
		if got, ok := ParseAmount(c.s, c.lang, c.cur); !ok || got != c.want {
			t.Errorf("ParseAmount(%q, %s, %s) = %d, %v, want %d", c.s, c.lang, c.cur, got, ok, c.want)
		}
	}
	for _, s := range []string{"5,001", "-5", "5x", ",5", "1234567890123456"} {
		if _, ok := ParseAmount(s, "de", "EUR"); ok {
			t.Errorf("ParseAmount(%q) accepted", s)
		}
	}
}

func TestPlainAmount(t *testing.T) {
	for _, c := range []struct {
		minor     int64
		lang, cur string
		want      string
	}{{123450, "de", "EUR", "1234,50"}, {-150000, "en", "EUR", "-1500.00"}, {5, "de", "EUR", "0,05"}, {1250, "de", "JPY", "1250"}} {
		if got := PlainAmount(c.lang, c.minor, c.cur); got != c.want {
			t.Errorf("PlainAmount(%d, %s, %s) = %q, want %q", c.minor, c.lang, c.cur, got, c.want)
		}
	}
}
