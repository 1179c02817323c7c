package i18n

import (
	"testing"
	"time"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	de, en := catalogue["de"], catalogue["en"]
	for k, v := range de {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is German only", k)
		}
		if v == "" {
			t.Errorf("key %q has an empty German text", k)
		}
	}
	for k, v := range en {
		if _, ok := de[k]; !ok {
			t.Errorf("key %q is English only", k)
		}
		if v == "" {
			t.Errorf("key %q has an empty English text", k)
		}
	}
}

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct{ accept, want string }{
		{"", "de"},
		{"de-DE,de;q=0.9", "de"},
		{"en-GB,en;q=0.8,de;q=0.5", "en"},
		{"de-AT", "de"},
		{"de-CH, en;q=0.5", "de"},
		{"fr-FR,en;q=0.4", "en"},
		{"ja", "de"},
		{"garbage;;q=x", "de"},
	} {
		if got := Negotiate(tc.accept); got != tc.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tc.accept, got, tc.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	d := time.Date(2026, 3, 7, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{Date("de", d), "07.03.2026"},
		{Date("en", d), "7 Mar 2026"},
		{DateTime("de", nil, d), "07.03.2026 15:05 MEZ"},
		{DateTime("en", nil, d), "7 Mar 2026 15:05 CET"},
		// Summer time, and a moment whose local day is the next one.
		{DateTime("de", nil, time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC)), "02.07.2026 00:30 MESZ"},
		{DateTime("en", nil, time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC)), "2 Jul 2026 00:30 CEST"},
		{DateTime("de", nil, time.Time{}), ""},
		{Number("de", 1234567), "1.234.567"},
		{Number("en", 1234567), "1,234,567"},
		{Decimal("de", 15), "1,5"},
		{Decimal("en", 15), "1.5"},
		{Decimal("de", 20), "2"},
		{Join("de", []string{"A", "B", "C"}), "A, B und C"},
		{Join("en", []string{"A", "B"}), "A and B"},
		{T("de", "validation.too_long", 200), "Höchstens 200 Zeichen."},
		{T("en", "no.such.key"), "no.such.key"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Another programme zone shows its own wall-clock time and Go's
// abbreviation, in both languages; no zone is the default one.
func TestOtherZone(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2026, 3, 7, 14, 5, 0, 0, time.UTC)
	if got, want := DateTime("de", ny, d), "07.03.2026 09:05 EST"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := DateTime("en", ny, d), "7 Mar 2026 09:05 EST"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := DateTime("de", time.UTC, d), "07.03.2026 14:05 UTC"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := ZoneOr(nil).String(); got != DefaultZone {
		t.Errorf("ZoneOr(nil) = %s, want %s", got, DefaultZone)
	}
}
