// Package apperr holds pakt's one application error type. Every feature
// returns these; exactly one function in package web turns them into an HTTP
// answer.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code is the machine-readable kind of an application error.
type Code string

// The codes an application error can carry.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorised Code = "unauthorised"
	TooMany      Code = "too_many_requests"
	Internal     Code = "internal"
	// MethodNotAllowed refuses a request method the address does not
	// take, such as a DELETE of a page.
	MethodNotAllowed Code = "method_not_allowed"
	// Unavailable says that the database cannot be reached for the moment
	// (restarted, overloaded, the network away): the caller may try again
	// after RetryAfter seconds.
	Unavailable Code = "unavailable"
	// DiskFull says that the server's disk is full: nothing was saved, and
	// trying again will not help until an administrator frees space.
	DiskFull Code = "insufficient_storage"
)

// FieldError says what is wrong with one input field. Key is a translation
// key; Args fill its placeholders.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// Error is an application error: a code, a translation key for a message that
// is safe to show, and for validation errors the fields at fault.
type Error struct {
	Code   Code
	Key    string
	Args   []any
	Fields []FieldError
	// RetryAfter is, for TooMany and Unavailable, how many seconds the
	// caller should wait before trying again (0: not said).
	RetryAfter int
}

// Error renders the error for logs, untranslated.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	for _, f := range e.Fields {
		s += fmt.Sprintf("; %s: %s", f.Field, f.Key)
	}
	return s
}

// New returns an error with the given code and message key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Throttled returns a TooMany error that asks the caller to wait, in whole
// seconds rounded up; the message key gets the seconds as its argument.
func Throttled(key string, wait time.Duration) *Error {
	secs := wholeSeconds(wait)
	return &Error{Code: TooMany, Key: key, Args: []any{secs}, RetryAfter: secs}
}

// UnavailableFor returns an Unavailable error that asks the caller to try
// again after wait, in whole seconds rounded up.
func UnavailableFor(wait time.Duration) *Error {
	return &Error{Code: Unavailable, Key: "error.unavailable", RetryAfter: wholeSeconds(wait)}
}

// wholeSeconds rounds wait up to whole seconds, at least one.
func wholeSeconds(wait time.Duration) int {
	return max(int((wait+time.Second-1)/time.Second), 1)
}

// ErrNotFound is the error every feature returns for an object that does not
// exist or that the caller may not see: the two must be indistinguishable.
var ErrNotFound = New(NotFound, "error.not_found")

// CodeOf returns the code of err, or Internal for errors that are not
// application errors.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an application error, if it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Validation collects field errors; its Err is nil when nothing was added.
type Validation struct {
	fields []FieldError
}

// Add records that field is wrong, described by the message key.
func (v *Validation) Add(field, key string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid error carrying every field error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid", Fields: v.fields}
}

// RenameFields returns err with its field names renamed by names (from API
// names to form names, say); other errors are returned as they are.
func RenameFields(err error, names map[string]string) error {
	e, ok := As(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out.Fields[i] = f
	}
	return &out
}
