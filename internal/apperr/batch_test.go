package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"pakt/internal/apperr"
)

func TestBatchErrorIsFoundWrapped(t *testing.T) {
	var err error = &apperr.BatchError{Items: []apperr.ItemError{{Index: 2, Err: apperr.New(apperr.Invalid, "error.invalid")}}}
	err = fmt.Errorf("import: %w", err)
	var be *apperr.BatchError
	if !errors.As(err, &be) || len(be.Items) != 1 || be.Items[0].Index != 2 || be.Items[0].Err.Code != apperr.Invalid {
		t.Fatalf("got %v, want one invalid item at index 2", err)
	}
	if got, want := be.Error(), "1 refused items of a batch"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
