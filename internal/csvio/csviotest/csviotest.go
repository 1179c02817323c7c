// Package csviotest checks CSV files for tests as a spreadsheet would open
// them.
package csviotest

import (
	"encoding/csv"
	"strings"
	"testing"
)

// FormulaCells returns the cells of a comma-separated file that a
// spreadsheet would run as formulas: those that start with = + - @, a tab
// or a carriage return.
func FormulaCells(t testing.TB, file string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatalf("read %q: %v", file, err)
	}
	var out []string
	for _, rec := range recs {
		for _, c := range rec {
			if c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") {
				out = append(out, c)
			}
		}
	}
	return out
}
