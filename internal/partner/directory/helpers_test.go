package directory_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// The engine is tested through partner.Service, which feeds it from the
// database: these are the helpers of partner's own tests.

func ptr[T any](v T) *T { return &v }

// clock is the fixed time of the tests and the benchmarks' datasets.
var clock = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }

func mustCreate(t *testing.T, s *partner.Service, in partner.Input) *partner.Organisation {
	t.Helper()
	o, err := s.Create(context.Background(), auth.System, in)
	if err != nil {
		t.Fatalf("create %v: %v", *in.LegalName, err)
	}
	return o
}
