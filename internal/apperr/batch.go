package apperr

import "fmt"

// ItemError is the error of one item of a batch (a row of an import), by
// its position in the batch.
type ItemError struct {
	Index int
	Err   *Error
}

// BatchError lists every item of an all-or-nothing batch that was refused;
// nothing of the batch was written.
type BatchError struct{ Items []ItemError }

func (e *BatchError) Error() string { return fmt.Sprintf("%d refused items of a batch", len(e.Items)) }
