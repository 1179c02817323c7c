package db

import (
	"database/sql"
	"time"
)

// NullTime returns a scanner for a nullable timestamp column: it stores nil
// in *dst for NULL, else the time in UTC.
func NullTime(dst **time.Time) sql.Scanner { return nullTime{dst, false} }

// NullDay returns a scanner for a nullable DATE column: it stores nil in
// *dst for NULL, else the calendar day as read, at midnight UTC.
func NullDay(dst **time.Time) sql.Scanner { return nullTime{dst, true} }

type nullTime struct {
	dst *(*time.Time)
	day bool
}

func (n nullTime) Scan(src any) error {
	var v sql.NullTime
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.dst = nil
	if !v.Valid {
		return nil
	}
	t := v.Time.UTC()
	if n.day {
		t = time.Date(v.Time.Year(), v.Time.Month(), v.Time.Day(), 0, 0, 0, 0, time.UTC)
	}
	*n.dst = &t
	return nil
}

// TimeArg returns t in UTC as a query argument, or nil (NULL) for a nil t.
func TimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// TextArg returns s as a query argument, or nil (NULL) for an empty s.
func TextArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}
