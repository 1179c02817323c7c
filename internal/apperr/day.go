package apperr

import (
	"strings"
	"time"
)

// Day reads a calendar day typed as YYYY-MM-DD (surrounding spaces
// ignored) for field. Empty gives the zero time, an error "required" if the
// field is required; a text that is no such day gives the zero time and an
// error "date".
func (v *Validation) Day(field, s string, required bool) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Add(field, "validation.required")
		}
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "validation.date")
		return time.Time{}
	}
	return t
}
