package apperr_test

import (
	"testing"
	"time"

	"pakt/internal/apperr"
)

func TestValidationDay(t *testing.T) {
	for _, c := range []struct {
		in       string
		required bool
		want     time.Time
		key      string
	}{
		{"2026-03-01", true, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ""},
		{" 2026-03-01 ", false, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ""},
		{"", false, time.Time{}, ""},
		{"  ", true, time.Time{}, "validation.required"},
		{"01.03.2026", false, time.Time{}, "validation.date"},
		{"2026-02-30", true, time.Time{}, "validation.date"},
	} {
		var v apperr.Validation
		got := v.Day("on", c.in, c.required)
		if !got.Equal(c.want) {
			t.Errorf("Day(%q) = %v, want %v", c.in, got, c.want)
		}
		key := ""
		if e, ok := apperr.As(v.Err()); ok {
			key = e.Fields[0].Key
		}
		if key != c.key {
			t.Errorf("Day(%q, required %v): error %q, want %q", c.in, c.required, key, c.key)
		}
	}
}
