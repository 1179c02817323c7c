package partner

import (
	"context"
	"errors"
	"io"

	"pakt/internal/auth"
)

// ImportOptions control an import.
type ImportOptions struct {
	SkipInvalid bool
	Rejects     io.Writer
	Progress    func(done, total int)
}

// RowError is one problem in an import file.
type RowError struct {
	Row     int
	Column  string
	Message string
}

// ImportReport says what an import did.
type ImportReport struct {
	Imported int
	Rejected int
	Errors   []RowError
}

// ImportCSV imports organisations from CSV.
func ImportCSV(ctx context.Context, s *Service, a *auth.Actor, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	return nil, errors.New("import: not implemented yet")
}

// ExportCSV writes every organisation as CSV.
func ExportCSV(ctx context.Context, s *Service, a *auth.Actor, w io.Writer) error {
	return errors.New("export: not implemented yet")
}
