package directory

import "time"

// Date is a calendar day, written as YYYY-MM-DD in JSON and forms.
type Date struct{ time.Time }

// ParseDate reads YYYY-MM-DD; an empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	return Date{t}, err
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalJSON writes the date as "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' {
		return ErrDateFormat
	}
	p, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return ErrDateFormat
	}
	*d = p
	return nil
}

// JSONSchema describes Date in the API document.
func (Date) JSONSchema() map[string]any {
	return map[string]any{"type": []string{"string", "null"}, "format": "date"}
}

type dateError struct{}

func (dateError) Error() string { return "a date must be written YYYY-MM-DD" }

// ErrDateFormat is the error of a date not written YYYY-MM-DD.
var ErrDateFormat error = dateError{}

// unixDay is the day of t as days since 1970-01-01.
func unixDay(t time.Time) int64 { return t.Unix() / 86400 }
